import { type Kysely, sql } from 'kysely'
import type { ActorContext } from '../../actors/runtime/system.ts'
import type { Rooms } from '../platform/bus/rooms.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'
import { streamChannel } from './streams.ts'

/** Authors per stream whose last message time is kept in memory (slow mode's clock). */
const SLOW_MODE_REMEMBERED = 10_000

/** A chat message as clients see it (in the room's `chat.message` events and the replay). */
export interface ChatMessage {
  id: string
  seq: number
  author: { id: string; username: string; displayName: string | null }
  text: string
  clientId: string
  createdAt: string
  /** A paid message (highlighted): what was paid, and until when it is pinned at the top of the chat. */
  paid: PaidHighlight | null
  /** The author's membership of the streamer when they wrote it (payments), null for none. */
  badge: ChatBadge | null
}

export interface PaidHighlight {
  amount: number
  currency: string
  pinnedUntil: string
}

/** A subscriber badge: the tier held and in which month of the membership (1 in the first). */
export interface ChatBadge {
  tierId: string
  tier: string
  months: number
}

/** What the StreamActor's state holds for its room (kept in memory; rebuilt at activation). */
export interface RoomState {
  /** The last `seq` of the room (read again from PostgreSQL at each activation). */
  roomSeq?: number
}

/** Messages of the stream's room, handled by its StreamActor (the one that numbers its events). */
export type RoomMessage =
  /**
   * A message already checked by the chat service (who may chat, the text): the actor applies
   * slow mode (`slowSeconds`: 0 for the exempt) and stores it once per `clientId`.
   */
  | {
      type: 'chat.send'
      id: string
      author: ChatMessage['author']
      text: string
      clientId: string
      slowSeconds: number
      /** A paid message: the tip that paid for it (its text, stored once per tip). */
      paid?: PaidHighlight & { tipId: string }
      badge?: ChatBadge | null
    }
  /** A moderation event (already stored by the service) to number and push to the room. */
  | { type: 'chat.event'; event: string; data: Record<string, unknown> }

export type SendAnswer =
  | { message: ChatMessage; created: boolean }
  /** Slow mode: the author may write again in this many ms. */
  | { slowForMs: number }

/**
 * The room `live:<id>` as its StreamActor runs it: every event on the channel (messages,
 * moderation, viewers, the stream's own changes) gets the next `seq`, is stored in
 * `live_chat_events` (the history for clients that resume past what JetStream keeps) and then
 * published to the ROOMS stream, one at a time: the actor handles one message at a time, so the
 * room's events reach JetStream in order.
 */
export class ChatRoom {
  /** Per stream, when each author last wrote (slow mode), for the actors on this worker. */
  private readonly lastSent = new Map<string, Map<string, number>>()

  constructor(private readonly deps: { db: Kysely<DB>; rooms: Rooms; log: Logger }) {}

  /** Reads the room's last `seq` (the actor may have moved, or the state is an old one). */
  async activated(ctx: ActorContext<RoomState>): Promise<void> {
    ctx.state.roomSeq = await this.lastSeq(ctx.ref.id)
    // Slow mode's clock: what this worker knew before the actor moved away may be stale.
    this.lastSent.delete(ctx.ref.id)
  }

  /** Numbers, stores and publishes one event of the room; answers its `seq`. */
  async publish(ctx: ActorContext<RoomState>, type: string, data: unknown): Promise<number> {
    const streamId = ctx.ref.id
    ctx.state.roomSeq ??= await this.lastSeq(streamId)
    const seq = ctx.state.roomSeq + 1
    await this.deps.db
      .insertInto('liveChatEvents')
      .values({ streamId, seq, type, data: sql<Json>`${JSON.stringify(data)}::text::jsonb` })
      .execute()
    ctx.state.roomSeq = seq
    this.push(streamId, seq, type, data)
    return seq
  }

  async receive(ctx: ActorContext<RoomState>, m: RoomMessage): Promise<unknown> {
    if (m.type === 'chat.event') {
      await this.publish(ctx, m.event, m.data)
      return undefined
    }
    return this.send(ctx, m)
  }

  private async send(
    ctx: ActorContext<RoomState>,
    m: Extract<RoomMessage, { type: 'chat.send' }>,
  ): Promise<SendAnswer> {
    const { db } = this.deps
    const streamId = ctx.ref.id
    if (m.slowSeconds > 0) {
      const last = await this.lastSentAt(streamId, m.author.id)
      const wait = last === undefined ? 0 : last + m.slowSeconds * 1000 - Date.now()
      if (wait > 0) return (await this.sentBefore(streamId, m)) ?? { slowForMs: wait }
    }
    ctx.state.roomSeq ??= await this.lastSeq(streamId)
    const seq = ctx.state.roomSeq + 1
    const createdAt = new Date()
    const message: ChatMessage = {
      id: m.id,
      seq,
      author: m.author,
      text: m.text,
      clientId: m.clientId,
      createdAt: createdAt.toISOString(),
      paid: m.paid
        ? { amount: m.paid.amount, currency: m.paid.currency, pinnedUntil: m.paid.pinnedUntil }
        : null,
      badge: m.badge ?? null,
    }
    // One statement (one round trip, atomic): the message, unless its `clientId` was sent before,
    // and its room event.
    const stored = await sql<{ seq: string }>`
      with m as (
        insert into live_chat_messages (id, stream_id, seq, author_id, text, client_id, created_at,
          tip_id, paid_amount, paid_currency, pinned_until, badge)
        values (${m.id}, ${streamId}, ${seq}, ${m.author.id}, ${m.text}, ${m.clientId}, ${createdAt},
          ${m.paid?.tipId ?? null}, ${m.paid?.amount ?? null}, ${m.paid?.currency ?? null},
          ${m.paid ? new Date(m.paid.pinnedUntil) : null},
          ${m.badge ? JSON.stringify(m.badge) : null}::text::jsonb)
        on conflict do nothing
        returning seq
      )
      insert into live_chat_events (stream_id, seq, type, data, created_at)
      select ${streamId}, m.seq, 'chat.message', ${JSON.stringify(message)}::text::jsonb, ${createdAt} from m
      returning seq`.execute(db)
    if (stored.rows.length === 0) {
      const before = await this.sentBefore(streamId, m)
      if (!before) throw new Error('a chat message was neither stored nor found')
      return before
    }
    ctx.state.roomSeq = seq
    this.remember(streamId, m.author.id, createdAt.getTime())
    this.push(streamId, seq, 'chat.message', message)
    return { message, created: true }
  }

  /** The message the author sent before with this `clientId`, if any. */
  private async sentBefore(
    streamId: string,
    m: Extract<RoomMessage, { type: 'chat.send' }>,
  ): Promise<SendAnswer | undefined> {
    const before = await this.deps.db
      .selectFrom('liveChatMessages')
      .select(['id', 'seq', 'text', 'clientId', 'createdAt', ...PAID_AND_BADGE])
      .where('streamId', '=', streamId)
      .where('authorId', '=', m.author.id)
      .where('clientId', '=', m.clientId)
      .executeTakeFirst()
    if (!before) return undefined
    return {
      message: {
        id: before.id,
        text: before.text,
        clientId: before.clientId,
        seq: Number(before.seq),
        author: m.author,
        createdAt: before.createdAt.toISOString(),
        ...paidAndBadgeOf(before),
      },
      created: false,
    }
  }

  /** When the author last wrote in the stream (epoch ms): from memory, else from PostgreSQL. */
  private async lastSentAt(streamId: string, authorId: string): Promise<number | undefined> {
    const known = this.lastSent.get(streamId)?.get(authorId)
    if (known !== undefined) return known
    const row = await this.deps.db
      .selectFrom('liveChatMessages')
      .select('createdAt')
      .where('streamId', '=', streamId)
      .where('authorId', '=', authorId)
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row?.createdAt.getTime()
  }

  private remember(streamId: string, authorId: string, at: number): void {
    let authors = this.lastSent.get(streamId)
    if (!authors) {
      authors = new Map()
      this.lastSent.set(streamId, authors)
    }
    authors.delete(authorId)
    authors.set(authorId, at)
    // The oldest go first: PostgreSQL still knows them.
    if (authors.size > SLOW_MODE_REMEMBERED) authors.delete(authors.keys().next().value!)
  }

  /**
   * To JetStream: gateways listening get it at once. Not awaited: the actor's next event goes out
   * behind it on the same connection (in order) without waiting for its acknowledgement. A
   * publish that fails (NATS away) is only logged: the event is stored, and clients fill the gap
   * from PostgreSQL (ChatService.history).
   */
  private push(streamId: string, seq: number, type: string, data: unknown): void {
    void this.deps.rooms
      .publishAll([{ channel: streamChannel(streamId), seq, type, data, messageId: `${streamId}:${seq}` }])
      .catch((error) =>
        this.deps.log.warn({ err: error, streamId, seq }, 'a live room event was not published'),
      )
  }

  private lastSeq(streamId: string): Promise<number> {
    return lastRoomSeq(this.deps.db, streamId)
  }
}

/** The columns of a message's highlight and badge (see paidAndBadgeOf). */
export const PAID_AND_BADGE = ['paidAmount', 'paidCurrency', 'pinnedUntil', 'badge'] as const

export function paidAndBadgeOf(row: {
  paidAmount: string | number | null
  paidCurrency: string | null
  pinnedUntil: Date | null
  badge: unknown
}): Pick<ChatMessage, 'paid' | 'badge'> {
  return {
    paid:
      row.paidAmount !== null && row.paidCurrency && row.pinnedUntil
        ? {
            amount: Number(row.paidAmount),
            currency: row.paidCurrency,
            pinnedUntil: row.pinnedUntil.toISOString(),
          }
        : null,
    badge: (row.badge as ChatBadge | null) ?? null,
  }
}

/** The last `seq` of a stream's room, as stored (0: no event yet). */
export async function lastRoomSeq(db: Kysely<DB>, streamId: string): Promise<number> {
  const row = await db
    .selectFrom('liveChatEvents')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('streamId', '=', streamId)
    .executeTakeFirst()
  return Number(row?.seq ?? 0)
}
