import { type Kysely, sql, type Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents, outboxInsertWhen } from '../platform/bus/outbox.ts'
import type { Rooms } from '../platform/bus/rooms.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, decodeScoreCursor, encodeScoreCursor, page } from '../platform/http/pagination.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { blockedBetween, policyAllows } from '../users/queries.ts'

export const messageProblems = {
  notAllowed: defineProblem(403, 'messaging_not_allowed', 'You may not message this account'),
}

/** Longest message, in characters. */
export const MESSAGE_MAX_LENGTH = 2000
/** Most members of a group conversation, its creator included. */
export const GROUP_MAX_MEMBERS = 32

type Tx = Transaction<DB>

const MEMBER = { id: 'u.id', username: 'u.username', displayName: 'u.displayName' } as const

export interface MessageView {
  id: string
  conversationId: string
  seq: number
  sender: { id: string; username: string; displayName: string | null }
  clientId: string
  text: string | null
  createdAt: string
  editedAt: string | null
  deletedAt: string | null
}

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
  private readonly slots: Semaphore

  constructor(
    private readonly db: Kysely<DB>,
    private readonly rooms: Rooms,
    private readonly live: LivePublisher,
    private readonly log: Logger,
    poolSize: number,
  ) {
    this.slots = new Semaphore(Math.max(1, Math.floor(poolSize / 2)))
  }

  /** Opens a conversation with the named accounts; a one-to-one conversation that exists is returned. */
  async open(creator: string, input: { members: string[]; title?: string }) {
    const names = [...new Set(input.members.map((m) => m.toLowerCase()))]
    if (names.length === 0) throw fieldError('body.members', 'name at least one account')
    if (names.length + 1 > GROUP_MAX_MEMBERS)
      throw fieldError('body.members', `a conversation has at most ${GROUP_MAX_MEMBERS} members`)
    const others = await this.db
      .selectFrom('users as u')
      .select(['u.id', 'u.username'])
      .select(sql<boolean>`${policyAllows('u', 'message_policy', creator)}`.as('allows'))
      .select(blockedBetween(sql.ref('u.id'), creator).as('blocked'))
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
    const directKey = direct ? [creator, others[0]!.id].sort().join(':') : null
    return this.db.transaction().execute(async (trx) => {
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
      await appendEvents(trx, [
        domainEvent({
          type: 'conversation.created',
          actorId: creator,
          subject: { kind: 'conversation', id },
          data: {},
        }),
      ])
      return { id, created: true }
    })
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    if (!isUuid(conversationId)) return false
    const row = await this.db
      .selectFrom('conversationMembers')
      .select('userId')
      .where('conversationId', '=', conversationId)
      .where('userId', '=', userId)
      .executeTakeFirst()
    return Boolean(row)
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
    return { items: await this.views(viewer, items), nextCursor }
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
    return (await this.views(viewer, [row]))[0]!
  }

  private async views(
    viewer: string,
    rows: {
      id: string
      kind: string
      title: string | null
      lastSeq: string
      readSeq: string
      activeAt: Date
    }[],
  ) {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const members = await this.db
      .selectFrom('conversationMembers as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['m.conversationId', 'm.readSeq', MEMBER.id, MEMBER.username, MEMBER.displayName])
      .where('m.conversationId', 'in', ids)
      .orderBy('m.joinedAt')
      .execute()
    const last = await this.messageRows()
      .where(
        'm.id',
        'in',
        this.db
          .selectFrom('messages as x')
          .select('x.id')
          .distinctOn('x.conversationId')
          .where('x.conversationId', 'in', ids)
          .orderBy('x.conversationId')
          .orderBy('x.seq', 'desc'),
      )
      .execute()
    const unread = await this.db
      .selectFrom('messages as m')
      .innerJoin('conversationMembers as me', (j) =>
        j.onRef('me.conversationId', '=', 'm.conversationId').on('me.userId', '=', viewer),
      )
      .select(['m.conversationId', (eb) => eb.fn.countAll<string>().as('n')])
      .where('m.conversationId', 'in', ids)
      .where(sql<boolean>`m.seq > me.read_seq`)
      .where('m.senderId', '!=', viewer)
      .where('m.deletedAt', 'is', null)
      .groupBy('m.conversationId')
      .execute()
    const lastOf = new Map(last.map((m) => [m.conversationId, messageView(m)]))
    const unreadOf = new Map(unread.map((u) => [u.conversationId, Number(u.n)]))
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as 'direct' | 'group',
      title: r.title,
      members: members
        .filter((m) => m.conversationId === r.id)
        .map((m) => ({
          id: m.id,
          username: m.username,
          displayName: m.displayName,
          readSeq: Number(m.readSeq),
        })),
      lastSeq: Number(r.lastSeq),
      readSeq: Number(r.readSeq),
      unreadCount: unreadOf.get(r.id) ?? 0,
      lastMessage: lastOf.get(r.id) ?? null,
      activeAt: r.activeAt.toISOString(),
    }))
  }

  private messageRows(db: Kysely<DB> | Tx = this.db) {
    return db
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.senderId')
      .select([
        'm.id',
        'm.conversationId',
        'm.seq',
        'm.clientId',
        'm.text',
        'm.createdAt',
        'm.editedAt',
        'm.deletedAt',
        'm.senderId',
        MEMBER.username,
        MEMBER.displayName,
      ])
  }

  /** Messages of a conversation, newest first (by sequence). */
  async messages(viewer: string, conversationId: string, limit: number, cursor?: string) {
    await this.requireMember(conversationId, viewer)
    const after = decodeScoreCursor(cursor)
    let query = this.messageRows().where('m.conversationId', '=', conversationId)
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
   * the same sender in the same conversation is stored once.
   */
  async send(sender: string, conversationId: string, input: { text: string; clientId: string }) {
    const text = input.text.trim()
    if (!text) throw fieldError('body.text', 'must not be empty')
    if (text.length > MESSAGE_MAX_LENGTH)
      throw fieldError('body.text', `at most ${MESSAGE_MAX_LENGTH} characters`)
    if (!isUuid(conversationId)) throw new HttpError(problems.notFound, 'No such conversation')
    const id = newId()
    const event = domainEvent({
      type: 'message.sent',
      actorId: sender,
      subject: { kind: 'conversation', id: conversationId },
      data: { messageId: id },
    })
    // The hot path: one statement (atomic on its own) checks membership, a repeated client id and,
    // one-to-one, blocks and the recipient's message policy; takes the next seq under the
    // conversation's row lock; stores the message, the sender's read receipt and the event.
    const result = await this.lockedRoom(conversationId, async (conn) => {
      const row = (
        await sql<{
          member: boolean
          duplicate: string | null
          refused: string | null
          seq: string | null
          createdAt: Date | null
          username: string
          displayName: string | null
        }>`with member as (
            select 1 from conversation_members where conversation_id = ${conversationId} and user_id = ${sender}
          ), duplicate as (
            select id from messages where conversation_id = ${conversationId} and sender_id = ${sender} and client_id = ${input.clientId}
          ), refused as (
            select u.username from conversations c
            join conversation_members m on m.conversation_id = c.id and m.user_id <> ${sender}
            join users u on u.id = m.user_id
            where c.id = ${conversationId} and c.kind = 'direct'
              and (${blockedBetween(sql.ref('u.id'), sender)} or not ${policyAllows('u', 'message_policy', sender)})
          ), conv as (
            update conversations set last_seq = last_seq + 1, last_message_at = clock_timestamp()
            where id = ${conversationId} and exists (select 1 from member)
              and not exists (select 1 from duplicate) and not exists (select 1 from refused)
            returning last_seq
          ), msg as (
            insert into messages (id, conversation_id, seq, sender_id, client_id, text, created_at)
            select ${id}, ${conversationId}, last_seq, ${sender}, ${input.clientId}, ${text}, clock_timestamp() from conv
            returning seq, created_at
          ), receipt as (
            update conversation_members set read_seq = (select seq from msg)
            where conversation_id = ${conversationId} and user_id = ${sender} and exists (select 1 from msg)
          ), ev as (${outboxInsertWhen([event], sql`select 1 from msg`)})
          select exists (select 1 from member) as member, (select id from duplicate) as duplicate,
            (select username from refused limit 1) as refused, msg.seq, msg.created_at, u.username, u.display_name
          from users u left join msg on true where u.id = ${sender}`.execute(conn)
      ).rows[0]
      if (!row?.member) throw new HttpError(problems.notFound, 'No such conversation')
      if (row.duplicate) return { id: row.duplicate, created: false }
      if (row.refused)
        throw new HttpError(messageProblems.notAllowed, `${row.refused} cannot be messaged by you`)
      const message: MessageView = {
        id,
        conversationId,
        seq: Number(row.seq),
        sender: { id: sender, username: row.username, displayName: row.displayName },
        clientId: input.clientId,
        text,
        createdAt: row.createdAt!.toISOString(),
        editedAt: null,
        deletedAt: null,
      }
      return { id, created: true, message, frame: { seq: message.seq, type: 'message', data: message } }
    })
    return {
      message: result.created && 'message' in result ? result.message! : await this.message(result.id),
      created: result.created,
    }
  }

  async edit(editor: string, conversationId: string, messageId: string, text: string) {
    const trimmed = text.trim()
    if (!trimmed) throw fieldError('body.text', 'must not be empty')
    if (trimmed.length > MESSAGE_MAX_LENGTH)
      throw fieldError('body.text', `at most ${MESSAGE_MAX_LENGTH} characters`)
    await this.requireMember(conversationId, editor)
    await this.inRoom(conversationId, async (trx, nextSeq) => {
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
    await this.inRoom(conversationId, async (trx, nextSeq) => {
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

  /** A read receipt: the reader has read up to `seq`; the room hears of it. Answers the reader's unread count. */
  async markRead(reader: string, conversationId: string, upTo: number) {
    await this.requireMember(conversationId, reader)
    await this.inRoom(conversationId, async (trx, nextSeq) => {
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
    return messageView(await this.messageRows(db).where('m.id', '=', id).executeTakeFirstOrThrow())
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

  /** A change of the room in a transaction: `work` gets it and `nextSeq` (see lockedRoom). */
  private inRoom<R extends RoomChange>(
    conversationId: string,
    work: (trx: Tx, nextSeq: () => Promise<number>) => Promise<R>,
  ): Promise<R> {
    return this.lockedRoom(conversationId, (conn) =>
      conn.transaction().execute((trx) =>
        work(trx, async () => {
          const row = await trx
            .updateTable('conversations')
            .set({ lastSeq: sql`last_seq + 1` })
            .where('id', '=', conversationId)
            .returning('lastSeq')
            .executeTakeFirstOrThrow()
          return Number(row.lastSeq)
        }),
      ),
    )
  }

  /**
   * Runs a change of the room on a connection held for it: `run` takes the room's next sequence
   * number under the conversation's row lock and may return the frame to publish, built on that
   * connection (nothing here may wait for another pooled connection while it holds one). The
   * publish happens after the commit and before the next change of the room can commit (an
   * advisory lock on the conversation spans both), so the room's frames reach JetStream in order.
   * If the publish fails, the change is stored all the same; clients see a gap in `seq` and
   * refetch. At most half the pool is held this way at once, so other work always finds a
   * connection even when many messages wait for one busy conversation.
   */
  private async lockedRoom<R extends RoomChange>(
    conversationId: string,
    run: (conn: Kysely<DB>) => Promise<R>,
  ): Promise<R> {
    await this.slots.acquire()
    try {
      return await this.db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${ROOM_LOCK}, hashtext(${conversationId}))`.execute(conn)
        try {
          const result = await run(conn)
          const frame = result.frame
          if (frame)
            await this.rooms
              .publish(
                `dm:${conversationId}`,
                frame.seq,
                frame.type,
                frame.data,
                `${conversationId}:${frame.seq}`,
              )
              .catch((error) =>
                this.log.warn({ err: error, conversationId, seq: frame.seq }, 'room publish failed'),
              )
          return result
        } finally {
          await sql`select pg_advisory_unlock(${ROOM_LOCK}, hashtext(${conversationId}))`.execute(conn)
        }
      })
    } finally {
      this.slots.release()
    }
  }
}

/** What a change of a room may publish once committed. */
type RoomChange = { frame?: { seq: number; type: string; data: unknown } }

/** At most `size` holders at once; the others wait in order. */
class Semaphore {
  private held = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.held < this.size) {
      this.held++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.held--
  }
}

/** Advisory-lock namespace of conversation rooms. */
const ROOM_LOCK = 7001

function messageView(m: {
  id: string
  conversationId: string
  seq: string
  senderId: string
  clientId: string
  text: string | null
  createdAt: Date
  editedAt: Date | null
  deletedAt: Date | null
  username: string
  displayName: string | null
}): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: Number(m.seq),
    sender: { id: m.senderId, username: m.username, displayName: m.displayName },
    clientId: m.clientId,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
  }
}
