import { type Kysely, sql, type Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import { ROOM_HISTORY, type Rooms, type StoredRoomEvent } from '../platform/bus/rooms.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, decodeScoreCursor, encodeScoreCursor, page } from '../platform/http/pagination.ts'
import type { CountedLimit } from '../platform/http/rate-limiting.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { checkName } from '../platform/text.ts'
import { blockedBetween, notBlockedBy, policyAllows } from '../users/queries.ts'
import { conversationViews } from './conversation-views.ts'
import { type MessageView, messageRows, messageView } from './message-views.ts'
import { messageProblems } from './problems.ts'
import { RoomLocks } from './room-locks.ts'
import { SendBatches } from './send-batches.ts'
import { MESSAGE_EVENTS } from './topology.ts'

/** Longest message, in characters. */
export const MESSAGE_MAX_LENGTH = 2000
/** Most members of a group conversation, its creator included. */
export const GROUP_MAX_MEMBERS = 32

type Tx = Transaction<DB>

/**
 * Direct messages: one-to-one conversations (one per pair) and groups. Each conversation is a
 * room: every change in it (a message, an edit, a deletion, a read receipt) takes the room's next
 * sequence number under the conversation's row lock, is stored in PostgreSQL, and is then published
 * to the room's live channel `dm:<id>` (JetStream keeps its recent history for resuming clients).
 * Publishing happens under a per-conversation advisory lock held across the commit, so the room's
 * messages reach JetStream in sequence order. Blocks and the recipient's message policy are checked
 * for every one-to-one message; a message carries the sender's `clientId`, and sending it again
 * returns the stored one.
 */
export class MessageService {
  /** The rooms' locks (membership changes take them too: src/messages/members.ts). */
  readonly locks: RoomLocks
  private readonly sends: SendBatches

  constructor(
    private readonly db: Kysely<DB>,
    rooms: Rooms,
    private readonly live: LivePublisher,
    log: Logger,
    poolSize: number,
    /** Spends the creator's `messages.add_strangers` allowance, one per stranger put in a group. */
    private readonly addStrangers?: CountedLimit,
  ) {
    this.locks = new RoomLocks(db, rooms, log, poolSize)
    this.sends = new SendBatches(this.locks, live)
  }

  /** Opens a conversation with the named accounts; a one-to-one conversation that exists is returned. */
  async open(creator: string, input: { members: string[]; title?: string }) {
    const names = [...new Set(input.members.map((m) => m.toLowerCase()))]
    if (names.length === 0) throw fieldError('body.members', 'name at least one account')
    // A group's title is shown to every member as its name (platform/text.ts).
    checkName('body.title', input.title)
    if (names.length + 1 > GROUP_MAX_MEMBERS)
      throw fieldError('body.members', `a conversation has at most ${GROUP_MAX_MEMBERS} members`)
    const others = await this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.username'])
      .select(sql<boolean>`${policyAllows('u', 'message_policy', creator)}`.as('allows'))
      .select(blockedBetween(sql.ref('u.id'), creator).as('blocked'))
      .select((eb) =>
        eb
          .not(
            eb.exists(
              eb
                .selectFrom('follows as f')
                .select('f.followerId')
                .whereRef('f.followerId', '=', 'u.id')
                .where('f.followeeId', '=', creator),
            ),
          )
          .as('stranger'),
      )
      .where((eb) => eb(eb.fn('lower', ['u.username']), 'in', names))
      .where('u.status', '!=', 'banned')
      .where('u.id', '!=', creator)
      .execute()
    const missing = names.filter((n) => !others.some((o) => o.username.toLowerCase() === n))
    // Someone who blocks you is not found, as everywhere else.
    const hidden = others.filter((o) => o.blocked).map((o) => o.username.toLowerCase())
    if (missing.length || hidden.length)
      throw new HttpError(problems.notFound, `No such account: ${[...missing, ...hidden].join(', ')}`)
    const refused = others.filter((o) => !o.allows)
    if (refused.length)
      throw new HttpError(
        messageProblems.notAllowed,
        `${refused.map((o) => o.username).join(', ')} cannot be messaged by you`,
      )
    const direct = others.length === 1
    // Groups gather people unasked: each member who does not follow the creator counts against
    // the creator's tighter `messages.add_strangers` limit (one-to-one ones: `messages.open`).
    if (!direct) await this.addStrangers?.(creator, others.filter((o) => o.stranger).length)
    const directKey = direct ? [creator, others[0]!.id].sort().join(':') : null
    const opened = await this.db.transaction().execute(async (trx) => {
      if (directKey) {
        const existing = await trx
          .selectFrom('conversations')
          .select('id')
          .where('directKey', '=', directKey)
          .executeTakeFirst()
        if (existing) return { id: existing.id, created: false }
      }
      const id = newId()
      const inserted = await trx
        .insertInto('conversations')
        .values({
          id,
          kind: direct ? 'direct' : 'group',
          directKey,
          title: direct ? null : input.title?.trim() || null,
          createdBy: creator,
        })
        .onConflict((oc) => oc.column('directKey').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) {
        // Both people opened it at the same moment: the other one won.
        const row = await trx
          .selectFrom('conversations')
          .select('id')
          .where('directKey', '=', directKey)
          .executeTakeFirstOrThrow()
        return { id: row.id, created: false }
      }
      await trx
        .insertInto('conversationMembers')
        .values([creator, ...others.map((o) => o.id)].map((userId) => ({ conversationId: id, userId })))
        .execute()
      await appendEvents(
        trx,
        [
          domainEvent({
            type: 'conversation.created',
            actorId: creator,
            subject: { kind: 'conversation', id },
            data: {},
          }),
        ],
        MESSAGE_EVENTS.name,
      )
      return { id, created: true }
    })
    // The others hear of it on their own channel, subscribed to its room or not.
    if (opened.created)
      for (const o of others)
        this.live.publish(`user:${o.id}`, 'conversation', {
          conversationId: opened.id,
          lastMessage: null,
          unreadCount: 0,
        })
    return opened
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    if (!isUuid(conversationId)) return false
    return (await memberRow(this.db, conversationId, userId)).length === 1
  }

  /**
   * The room's messages after `since` as stored (RoomArchive: what fills the room's history when
   * JetStream lacks frames). Messages only: an edit, a deletion, a read receipt or a membership
   * change keeps no row of its own `seq`, so a gap of those is still answered with `refetch`.
   * A message is given as it is now (edited text, or none once deleted).
   */
  async archived(conversationId: string, since: number): Promise<StoredRoomEvent[]> {
    const rows = await messageRows(this.db)
      .where('m.conversationId', '=', conversationId)
      .where('m.seq', '>', String(since))
      .orderBy('m.seq')
      .limit(ROOM_HISTORY + 1)
      .execute()
    return rows.map((row) => ({ seq: Number(row.seq), type: 'message', data: messageView(row) }))
  }

  private async requireMember(conversationId: string, userId: string): Promise<void> {
    if (!(await this.isMember(conversationId, userId)))
      throw new HttpError(problems.notFound, 'No such conversation')
  }

  /** The viewer's conversations, most recently active first, with members, last message and unread count. */
  async list(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const activeAt = sql<Date>`coalesce(c.last_message_at, c.created_at)`
    const rows = await this.db
      .selectFrom('conversationMembers as me')
      .innerJoin('conversations as c', 'c.id', 'me.conversationId')
      .select([
        'c.id',
        'c.kind',
        'c.title',
        'c.lastSeq',
        'c.createdAt',
        'me.readSeq',
        sql<Date>`coalesce(c.last_message_at, c.created_at)`.as('activeAt'),
      ])
      .where('me.userId', '=', viewer)
      .where(after ? sql<boolean>`(${activeAt}, c.id) < (${after.at}, ${after.id})` : sql<boolean>`true`)
      .orderBy(activeAt, 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit + 1)
      .execute()
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.activeAt, id: r.id }),
      (r) => r,
    )
    return { items: await conversationViews(this.db, viewer, items), nextCursor }
  }

  async get(viewer: string, conversationId: string) {
    await this.requireMember(conversationId, viewer)
    const row = await this.db
      .selectFrom('conversationMembers as me')
      .innerJoin('conversations as c', 'c.id', 'me.conversationId')
      .select(['c.id', 'c.kind', 'c.title', 'c.lastSeq', 'c.createdAt', 'me.readSeq'])
      .select(sql<Date>`coalesce(c.last_message_at, c.created_at)`.as('activeAt'))
      .where('me.userId', '=', viewer)
      .where('c.id', '=', conversationId)
      .executeTakeFirstOrThrow()
    return (await conversationViews(this.db, viewer, [row]))[0]!
  }

  /** Messages of a conversation, newest first (by sequence). */
  async messages(viewer: string, conversationId: string, limit: number, cursor?: string) {
    await this.requireMember(conversationId, viewer)
    const after = decodeScoreCursor(cursor, { score: 'integer', key: 'uuid' })
    // In a group, the messages of accounts the viewer blocks are not shown to the viewer.
    let query = messageRows(this.db)
      .where('m.conversationId', '=', conversationId)
      .where(sql<boolean>`${notBlockedBy(viewer, sql.ref('m.sender_id'))}`)
    if (after) query = query.where('m.seq', '<', after.score)
    const rows = await query
      .orderBy('m.seq', 'desc')
      .limit(limit + 1)
      .execute()
    const kept = rows.slice(0, limit)
    const last = kept.at(-1)
    return {
      items: kept.map(messageView),
      nextCursor:
        rows.length > limit && last ? encodeScoreCursor({ score: String(last.seq), key: last.id }) : null,
    }
  }

  /**
   * Sends a message. Answers the stored message and whether it is new: the same `clientId` from
   * the same sender in the same conversation is stored once. Sends are group-committed: those
   * that arrive while earlier ones are being stored go together in the next batch (see SendBatches).
   */
  async send(sender: string, conversationId: string, input: { text: string; clientId: string }) {
    // A lone UTF-16 surrogate cannot be stored (nor sent in the batch's JSON): it becomes U+FFFD,
    // as it would in any UTF-8 encoding of the text.
    const text = input.text.trim().toWellFormed()
    if (!text) throw fieldError('body.text', 'must not be empty')
    if (text.length > MESSAGE_MAX_LENGTH)
      throw fieldError('body.text', `at most ${MESSAGE_MAX_LENGTH} characters`)
    // PostgreSQL text cannot hold NUL: refused here, before it could fail a whole batch.
    if (text.includes('\u0000')) throw fieldError('body.text', 'must not contain NUL characters')
    const clientId = input.clientId.toWellFormed()
    if (clientId.length < 1 || clientId.length > CLIENT_ID_MAX_LENGTH || clientId.includes('\u0000'))
      throw fieldError('body.clientId', `1 to ${CLIENT_ID_MAX_LENGTH} characters, no NUL`)
    if (!isUuid(conversationId)) throw new HttpError(problems.notFound, 'No such conversation')
    // One spelling per conversation: its lock, its channel and the repeated-client-id check.
    const id = conversationId.toLowerCase()
    const sent = await this.sends.send(sender, id, clientId, text)
    return {
      message: 'message' in sent ? sent.message : await this.message(sent.id),
      created: 'message' in sent,
    }
  }

  async edit(editor: string, conversationId: string, messageId: string, text: string) {
    const trimmed = text.trim()
    if (!trimmed) throw fieldError('body.text', 'must not be empty')
    if (trimmed.length > MESSAGE_MAX_LENGTH)
      throw fieldError('body.text', `at most ${MESSAGE_MAX_LENGTH} characters`)
    await this.requireMember(conversationId, editor)
    await this.locks.inRoom(conversationId, async (trx, nextSeq) => {
      await this.ownMessage(trx, editor, conversationId, messageId)
      await trx
        .updateTable('messages')
        .set({ text: trimmed, editedAt: sql`clock_timestamp()` })
        .where('id', '=', messageId)
        .execute()
      const seq = await nextSeq()
      return { frame: { seq, type: 'message.edited', data: await this.message(messageId, trx) } }
    })
    return this.message(messageId)
  }

  async remove(deleter: string, conversationId: string, messageId: string): Promise<void> {
    await this.requireMember(conversationId, deleter)
    await this.locks.inRoom(conversationId, async (trx, nextSeq) => {
      const message = await this.ownMessage(trx, deleter, conversationId, messageId)
      if (message.deletedAt) return {}
      await trx
        .updateTable('messages')
        .set({ text: null, deletedAt: sql`clock_timestamp()` })
        .where('id', '=', messageId)
        .execute()
      const seq = await nextSeq()
      return { frame: { seq, type: 'message.deleted', data: await this.message(messageId, trx) } }
    })
  }

  /**
   * Moderation takes a message down (`text` null) or gives it back: the room hears it at once, as
   * a deletion or an edit, like the sender's own. Nothing when the message is gone.
   */
  async moderate(messageId: string, text: string | null): Promise<void> {
    const row = await this.db
      .selectFrom('messages')
      .select('conversationId')
      .where('id', '=', messageId)
      .executeTakeFirst()
    if (!row) return
    await this.locks.inRoom(row.conversationId, async (trx, nextSeq) => {
      await trx
        .updateTable('messages')
        .set(text === null ? { text: null, deletedAt: sql`clock_timestamp()` } : { text, deletedAt: null })
        .where('id', '=', messageId)
        .execute()
      const seq = await nextSeq()
      const type = text === null ? 'message.deleted' : 'message.edited'
      return { frame: { seq, type, data: await this.message(messageId, trx) } }
    })
  }

  /** A read receipt: the reader has read up to `seq`; the room hears of it. Answers the reader's unread count. */
  async markRead(reader: string, conversationId: string, upTo: number) {
    await this.requireMember(conversationId, reader)
    await this.locks.inRoom(conversationId, async (trx, nextSeq) => {
      const moved = await trx
        .updateTable('conversationMembers')
        .set({
          readSeq: sql`least(${upTo}, (select last_seq from conversations where id = ${conversationId}))`,
        })
        .where('conversationId', '=', conversationId)
        .where('userId', '=', reader)
        .where('readSeq', '<', String(upTo))
        .returning('readSeq')
        .executeTakeFirst()
      if (!moved) return {}
      const seq = await nextSeq()
      return { frame: { seq, type: 'read', data: { userId: reader, readSeq: Number(moved.readSeq) } } }
    })
    return this.get(reader, conversationId)
  }

  /** Tells the other members (on their own channels) that `userId` is typing; nothing is stored. */
  async typing(userId: string, conversationId: string): Promise<void> {
    await this.requireMember(conversationId, userId)
    const members = await this.db
      .selectFrom('conversationMembers')
      .select('userId')
      .where('conversationId', '=', conversationId)
      .where('userId', '!=', userId)
      .execute()
    for (const m of members) this.live.publish(`user:${m.userId}`, 'typing', { conversationId, userId })
  }

  async message(id: string, db: Kysely<DB> | Tx = this.db): Promise<MessageView> {
    return messageView(await messageRows(db).where('m.id', '=', id).executeTakeFirstOrThrow())
  }

  private async ownMessage(trx: Tx, userId: string, conversationId: string, messageId: string) {
    const message = isUuid(messageId)
      ? await trx
          .selectFrom('messages')
          .select(['id', 'senderId', 'deletedAt'])
          .where('id', '=', messageId)
          .where('conversationId', '=', conversationId)
          .executeTakeFirst()
      : undefined
    if (!message) throw new HttpError(problems.notFound, 'No such message')
    if (message.senderId !== userId)
      throw new HttpError(problems.forbidden, 'Only its sender may change a message')
    return message
  }
}

/** Membership, checked on every REST call and channel subscription of a conversation. */
const memberRow = prepared((db, conversationId: string, userId: string) =>
  db
    .selectFrom('conversationMembers')
    .select('userId')
    .where('conversationId', '=', conversationId)
    .where('userId', '=', userId),
)

/** Longest client id (as the REST schema says). */
const CLIENT_ID_MAX_LENGTH = 64
