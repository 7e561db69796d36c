import { type Kysely, sql, type Transaction } from 'kysely'
import { type DomainEvent, domainEvent, eventSubject } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { Rooms } from '../platform/bus/rooms.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, decodeScoreCursor, encodeScoreCursor, page } from '../platform/http/pagination.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { blockedBetween, policyAllows } from '../users/queries.ts'
import { MESSAGE_EVENTS } from './topology.ts'

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
  /** Messages waiting for the next batch, in the order sent. */
  private outgoing: PendingSend[] = []
  /** Batches being stored. */
  private batches = 0

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
  }

  async isMember(conversationId: string, userId: string): Promise<boolean> {
    if (!isUuid(conversationId)) return false
    return (await memberRow(this.db, conversationId, userId)).length === 1
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
   * the same sender in the same conversation is stored once. Sends are group-committed: those
   * that arrive while earlier ones are being stored go together in the next batch (see sendBatch).
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
    const sent = await new Promise<SendOutcome>((resolve, reject) => {
      this.outgoing.push({ sender, conversationId: id, clientId, text, resolve, reject })
      this.dispatch()
    })
    return {
      message: 'message' in sent ? sent.message : await this.message(sent.id),
      created: 'message' in sent,
    }
  }

  /**
   * Starts a batch of the sends waiting when none is being stored, and another beside it (up to
   * SEND_BATCHES) only when a full batch waits: sends that arrive while one is stored go in the
   * next, larger batch. Two batches at once are mostly smaller, not faster: they share
   * conversations, whose locks make the second wait for the first, and each costs PostgreSQL a
   * statement's fixed work (measured at 5,000 messages/s: about 50 per batch instead of 17, and
   * PostgreSQL's CPU per message 108 µs instead of 134-142).
   */
  private dispatch(): void {
    while (
      this.outgoing.length > 0 &&
      (this.batches === 0 || (this.batches < SEND_BATCHES && this.outgoing.length >= SEND_BATCH_MAX))
    ) {
      // A repeated client id waits for a later batch (which sees the first one stored).
      const batch: PendingSend[] = []
      const later: PendingSend[] = []
      const keys = new Set<string>()
      for (const p of this.outgoing) {
        const key = `${p.conversationId} ${p.sender} ${p.clientId}`
        if (batch.length >= SEND_BATCH_MAX || keys.has(key)) later.push(p)
        else {
          keys.add(key)
          batch.push(p)
        }
      }
      this.outgoing = later
      this.batches++
      void this.sendBatch(batch).finally(() => {
        this.batches--
        this.dispatch()
      })
    }
  }

  /**
   * Stores a batch of messages in ONE statement (atomic on its own) under the advisory locks of
   * their conversations, then publishes their frames (pipelined, in order) before the locks go.
   * Per message it checks membership, a repeated client id and, one-to-one, blocks and the
   * recipient's message policy; numbers the conversation's new messages in the order they were
   * sent from its `last_seq` (read under the conversation's advisory lock, which every change of
   * `last_seq` holds); stores them, the senders' read receipts and a `message.sent` event each. One
   * refused message does not hold up the others. Each write reads the accepted rows (`ok`) alone,
   * never joined to another write's rows: the generic plan takes each of them for one row and
   * would join them by nested loops, quadratic in the batch (most of a 90-message batch's time).
   * The recipient's account is reached through its key (a lateral lookup the planner cannot fold
   * into a join): as a plain join, the generic plan could scan every account and check blocks and
   * policy for each of them, for every message (a batch of 50 took 25-31 ms instead of 6).
   */
  private async sendBatch(batch: PendingSend[]): Promise<void> {
    const input = batch.map((p): BatchInput => {
      const id = newId()
      return {
        id,
        conversation_id: p.conversationId,
        sender_id: p.sender,
        client_id: p.clientId,
        text: p.text,
        event: domainEvent({
          type: 'message.sent',
          actorId: p.sender,
          subject: { kind: 'conversation', id: p.conversationId },
          data: { messageId: id },
        }),
      }
    })
    try {
      const { rows } = await this.lockedRooms(
        [...new Set(batch.map((p) => p.conversationId))],
        async (conn) => {
          const rows = await storeBatch(conn, JSON.stringify(input))
          if (rows.length !== batch.length) throw new Error('a message batch came back misaligned')
          const frames: RoomFrameOf[] = []
          const outcomes = rows.map((row, i): SendOutcome | HttpError => {
            const p = batch[i]!
            if (!row.member) return new HttpError(problems.notFound, 'No such conversation')
            if (row.duplicate) return { id: row.duplicate }
            if (row.refused)
              return new HttpError(messageProblems.notAllowed, `${row.refused} cannot be messaged by you`)
            const message: MessageView = {
              id: input[i]!.id,
              conversationId: p.conversationId,
              seq: Number(row.seq),
              sender: { id: p.sender, username: row.username, displayName: row.displayName },
              clientId: p.clientId,
              text: p.text,
              createdAt: row.createdAt!.toISOString(),
              editedAt: null,
              deletedAt: null,
            }
            frames.push({
              conversationId: p.conversationId,
              seq: message.seq,
              type: 'message',
              data: message,
            })
            return { message }
          })
          return { rows: outcomes, frames }
        },
      )
      batch.forEach((p, i) => {
        const outcome = rows[i]!
        if (outcome instanceof HttpError) p.reject(outcome)
        else p.resolve(outcome)
      })
    } catch (error) {
      // Whatever failed the statement must not fail the others' messages: each is tried alone.
      if (batch.length === 1) batch[0]!.reject(error)
      else for (const p of batch) await this.sendBatch([p])
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

  /**
   * A change of the room in a transaction: `work` gets it and `nextSeq`, and returns the frame to
   * publish if any (see lockedRooms).
   */
  private async inRoom(
    conversationId: string,
    work: (
      trx: Tx,
      nextSeq: () => Promise<number>,
    ) => Promise<{ frame?: Omit<RoomFrameOf, 'conversationId'> }>,
  ): Promise<void> {
    await this.lockedRooms([conversationId], async (conn) => {
      const { frame } = await conn.transaction().execute((trx) =>
        work(trx, async () => {
          const row = await trx
            .updateTable('conversations')
            .set({ lastSeq: sql`last_seq + 1` })
            .where('id', '=', conversationId)
            .returning('lastSeq')
            .executeTakeFirstOrThrow()
          return Number(row.lastSeq)
        }),
      )
      return { frames: frame ? [{ ...frame, conversationId }] : [] }
    })
  }

  /**
   * Runs a change of rooms on a connection held for it: `run` takes each room's next sequence
   * numbers under the conversation's row lock and returns the frames to publish, built on that
   * connection (nothing here may wait for another pooled connection while it holds one). The
   * publishes happen after the commit and before the next change of those rooms can commit (an
   * advisory lock per conversation spans both, taken in one order so that two batches never wait
   * for each other), so each room's frames reach JetStream in order: they are sent one after the
   * other on one connection, and their acknowledgements awaited together. If a publish fails, the
   * change is stored all the same; clients see a gap in `seq` and refetch. At most half the pool
   * is held this way at once, so other work always finds a connection even when many messages
   * wait for one busy conversation.
   */
  private async lockedRooms<R extends { frames: RoomFrameOf[] }>(
    conversationIds: string[],
    run: (conn: Kysely<DB>) => Promise<R>,
  ): Promise<R> {
    await this.slots.acquire()
    try {
      return await this.db.connection().execute(async (conn) => {
        // The connection's plan cache mode before the locks, restored with the unlock (unknown, and
        // so left as it is, when the lock statement failed: its setting was rolled back with it).
        let planMode: string | null = null
        try {
          // Inside the try: a statement that fails after taking some of the locks leaves none.
          // The statements run under the locks get a generic plan: the batch's is one statement
          // with a dozen subqueries, which PostgreSQL otherwise often plans again for each call
          // (0.6 ms of planning for a 0.4 ms execution; the plan does not depend on the values).
          const locked = await lockRooms(conn, conversationIds)
          planMode = locked[0]?.planMode ?? null
          const result = await run(conn)
          await this.rooms
            .publishAll(
              result.frames.map((f) => ({
                channel: `dm:${f.conversationId}`,
                seq: f.seq,
                type: f.type,
                data: f.data,
                messageId: `${f.conversationId}:${f.seq}`,
              })),
            )
            .catch((error) =>
              this.log.warn(
                { err: error, frames: result.frames.map((f) => `${f.conversationId}:${f.seq}`) },
                'room publish failed',
              ),
            )
          return result
        } finally {
          await unlockRooms(conn, planMode, conversationIds)
        }
      })
    } finally {
      this.slots.release()
    }
  }
}

/** The rooms' lock keys: one per conversation (however many of its messages a batch holds). */
const roomKeys = (conversationIds: unknown) =>
  sql`(select distinct hashtext(c) as h from unnest(${conversationIds}::text[]) c)`

/** Takes the rooms' advisory locks in one order and sets generic plans; answers the plan mode before. */
const lockRooms = prepared((db, conversationIds: string[]) => ({
  compile: () =>
    sql<{ planMode: string }>`select current_setting('plan_cache_mode') as plan_mode,
      set_config('plan_cache_mode', 'force_generic_plan', false),
      count(pg_advisory_lock(${ROOM_LOCK}, k.h)) from (select h from ${roomKeys(conversationIds)} s order by h) k`.compile(
      db,
    ),
}))

/** Releases the rooms' locks and puts the plan mode back (as it is, when unknown). */
const unlockRooms = prepared((db, planMode: string | null, conversationIds: string[]) => ({
  compile: () =>
    sql`select set_config('plan_cache_mode', coalesce(${planMode}::text, current_setting('plan_cache_mode')), false),
      count(pg_advisory_unlock(${ROOM_LOCK}, k.h)) from ${roomKeys(conversationIds)} k`.compile(db),
}))

/** A message of a batch, as the batch statement reads it (one JSON array of these). */
interface BatchInput {
  id: string
  conversation_id: string
  sender_id: string
  client_id: string
  text: string
  event: DomainEvent
}

/**
 * A batch of messages stored in one statement (see MessageService.sendBatch), compiled once: the
 * statement is the same for every batch, only its input changes. The input is one JSON array
 * (made by JSON.stringify, natively): six PostgreSQL arrays cost the gateway more to write, every
 * element escaped one by one, the event's JSON text inside its array literal most of all.
 */
const storeBatch = prepared((db, input: string) => ({
  compile: () =>
    sql<{
      member: boolean
      duplicate: string | null
      refused: string | null
      seq: string | null
      createdAt: Date | null
      username: string
      displayName: string | null
    }>`with input as (
                select * from rows from (json_to_recordset(${input}::text::json)
                    as (id uuid, conversation_id uuid, sender_id uuid, client_id text, text text, event jsonb))
                  with ordinality as i(id, conversation_id, sender_id, client_id, text, event, ord)
              ), checked as (
                select i.*,
                  exists (select 1 from conversation_members m where m.conversation_id = i.conversation_id and m.user_id = i.sender_id) as member,
                  (select m.id from messages m where m.conversation_id = i.conversation_id and m.sender_id = i.sender_id and m.client_id = i.client_id) as duplicate,
                  (select u.username from conversation_members m
                    cross join lateral (select u.id, u.username, u.message_policy from users u where u.id = m.user_id offset 0) u
                    where m.conversation_id = i.conversation_id and m.user_id <> i.sender_id
                      and exists (select 1 from conversations c where c.id = i.conversation_id and c.kind = 'direct')
                      and (${blockedBetween(sql.ref('u.id'), sql.ref('i.sender_id'))} or not ${policyAllows('u', 'message_policy', sql.ref('i.sender_id'))})
                    limit 1) as refused,
                  (select c.last_seq from conversations c where c.id = i.conversation_id) as last_seq
                from input i
              ), ok as (
                select c.*, c.last_seq + row_number() over (partition by c.conversation_id order by c.ord) as seq
                from checked c where c.member and c.duplicate is null and c.refused is null
              ), conv as (
                update conversations c set last_seq = n.seq, last_message_at = clock_timestamp()
                from (select conversation_id, max(seq) as seq from ok group by conversation_id) n
                where c.id = n.conversation_id
              ), msg as (
                insert into messages (id, conversation_id, seq, sender_id, client_id, text, created_at)
                select ok.id, ok.conversation_id, ok.seq, ok.sender_id, ok.client_id, ok.text, clock_timestamp()
                from ok order by ok.ord
                returning id, seq, created_at
              ), receipt as (
                update conversation_members m set read_seq = r.seq
                from (select conversation_id, sender_id, max(seq) as seq from ok group by 1, 2) r
                where m.conversation_id = r.conversation_id and m.user_id = r.sender_id
              ), ev as (
                insert into outbox (event_id, subject, payload)
                select (ok.event ->> 'id')::uuid, ${eventSubject('message.sent', MESSAGE_EVENTS.name)}, ok.event
                from ok order by ok.ord
              )
              select c.member, c.duplicate, c.refused, msg.seq, msg.created_at, u.username, u.display_name
              from checked c left join users u on u.id = c.sender_id left join msg on msg.id = c.id
              order by c.ord`.compile(db),
}))

/** Membership, checked on every REST call and channel subscription of a conversation. */
const memberRow = prepared((db, conversationId: string, userId: string) =>
  db
    .selectFrom('conversationMembers')
    .select('userId')
    .where('conversationId', '=', conversationId)
    .where('userId', '=', userId),
)

/** A frame a change of a room publishes once committed. */
type RoomFrameOf = { conversationId: string; seq: number; type: string; data: unknown }

/** A message waiting for its batch (see MessageService.send). */
interface PendingSend {
  sender: string
  conversationId: string
  clientId: string
  text: string
  resolve: (outcome: SendOutcome) => void
  reject: (error: unknown) => void
}

/** A sent message: stored now, or the one stored before under the same client id. */
type SendOutcome = { message: MessageView } | { id: string }

/** Batches of messages being stored at once (each on its own connection). */
const SEND_BATCHES = 2
/** Most messages in one batch. */
const SEND_BATCH_MAX = 256
/** Longest client id (as the REST schema says). */
const CLIENT_ID_MAX_LENGTH = 64

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
