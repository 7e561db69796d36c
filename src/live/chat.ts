import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { type ActorClient, ActorError } from '../../actors/runtime/client.ts'
import { ROOM_HISTORY, type Rooms, type StoredRoomEvent } from '../platform/bus/rooms.ts'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeScoreCursor, encodeScoreCursor } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { streamRef } from './backend.ts'
import type { Standing } from './chat-access.ts'
import { bannedFrom, type ChatAccess } from './chat-access.ts'
import { chatProblems } from './chat-problems.ts'
import {
  type ChatBadge,
  type ChatMessage,
  lastRoomSeq,
  PAID_AND_BADGE,
  type PaidHighlight,
  paidAndBadgeOf,
  type SendAnswer,
} from './chat-room.ts'
import { bannedTermIn, chatText, clientIdOf, isEmotesOnly } from './chat-text.ts'
import { liveProblems } from './problems.ts'
import { visibleTo } from './views.ts'

/** Messages a client subscribing with `since: 0` gets first (with the room's events since the first of them). */
export const CHAT_HISTORY = 50
/** How long a message waits for the stream's actor (a chat line late by more is better resent). */
const SEND_TIMEOUT_MS = 5_000

/** Whether the user subscribes to the streamer (subscribers-only chat); payments set it (see `checkSubscribers`). */
export type SubscriberCheck = (streamerId: string, userId: string) => Promise<boolean>
/** The badge a user's messages carry in a streamer's chat (their membership); payments set it (`showBadges`). */
export type BadgeLookup = (streamerId: string, userId: string) => Promise<ChatBadge | null>
/** Paid messages shown pinned at once, at most (the newest). */
export const HIGHLIGHTS_SHOWN = 20

/**
 * What another module checks of a chat message (the platform's moderation): `before` it is stored
 * (throwing refuses it), `after` it is stored (a screening job), not waited for by the author; an
 * `after` that fails is logged, the message stays.
 */
export interface ChatCheck {
  before(message: { streamId: string; authorId: string; text: string }): Promise<void>
  after?(message: { id: string; streamId: string; authorId: string }): Promise<void>
}

/**
 * The chat of live streams: who may write (the stream's modes, bans and timeouts, the streamer's
 * banned terms), the messages as the stream's actor stores and numbers them, the replay, and the
 * room's history for clients (re)subscribing to `live:<id>`.
 */
export class ChatService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      access: ChatAccess
      actors: ActorClient
      rooms: Rooms
      log: Logger
    },
  ) {}

  private readonly checks: ChatCheck[] = []

  /** Adds a check every message goes through (see ChatCheck). */
  checkMessages(check: ChatCheck): void {
    this.checks.push(check)
  }

  /** Nobody subscribes until a module that knows (payments) says how to ask. */
  private isSubscriber: SubscriberCheck = async () => false
  checkSubscribers(check: SubscriberCheck): void {
    this.isSubscriber = check
  }

  /** Nobody has a badge until a module that knows (payments) says how to find it. */
  private badgeOf: BadgeLookup = async () => null
  showBadges(lookup: BadgeLookup): void {
    this.badgeOf = lookup
  }

  /**
   * Sends a message: the same `clientId` from the same author in the same stream is stored once
   * (`created` false on a resend). The streamer and their moderators are exempt from the modes.
   */
  async send(userId: string, streamId: string, input: { text: string; clientId: string }) {
    const clientId = clientIdOf(input.clientId)
    const { st, text, badge } = await this.admit(userId, streamId, input.text)
    return this.store(st, text, clientId, st.role !== 'viewer' ? 0 : st.stream.slowSeconds, await badge)
  }

  /**
   * Whether the user may write `text` in the stream's chat now (everything `send` checks but slow
   * mode); throws the problem otherwise. A paid message is checked so before it is paid for.
   */
  async admit(
    userId: string,
    streamId: string,
    rawText: string,
  ): Promise<{ st: Standing; text: string; badge: Promise<ChatBadge | null> }> {
    const text = chatText(rawText)
    const st = await this.deps.access.standing(userId, streamId)
    // Looked up while the checks run (the author's badge, for `send`).
    const badge = this.badgeFor(st)
    badge.catch(() => {})
    if (st.stream.state === 'ended')
      throw new HttpError(liveProblems.ended, 'The chat of an ended stream is closed')
    if (!st.oldEnough) throw new HttpError(liveProblems.ageRestricted, 'The chat of a stream for adults only')
    const staff = st.role !== 'viewer'
    if (!staff) {
      if (!st.mayWatch)
        throw new HttpError(
          chatProblems.subscribersOnly,
          'This stream and its chat are for subscribers of the streamer',
        )
      if (st.banned) throw new HttpError(chatProblems.banned)
      if (st.timedOutUntil)
        throw new HttpError(
          chatProblems.timedOut,
          `You may chat again at ${st.timedOutUntil.toISOString()}`,
          {
            until: st.timedOutUntil.toISOString(),
            headers: { 'retry-after': String(Math.ceil((st.timedOutUntil.getTime() - Date.now()) / 1000)) },
          },
        )
      const minutes = st.stream.followersOnlyMinutes
      if (minutes !== null && (!st.followedAt || st.followedAt.getTime() > Date.now() - minutes * 60_000))
        throw new HttpError(
          chatProblems.followersOnly,
          `Follow the streamer for at least ${minutes} minute(s) to chat`,
          { minutes },
        )
      if (st.stream.subscribersOnly && !(await this.isSubscriber(st.stream.ownerId, userId)))
        throw new HttpError(chatProblems.subscribersOnly)
      if (st.stream.emoteOnly && !isEmotesOnly(text)) throw new HttpError(chatProblems.emoteOnly)
    }
    if (st.role !== 'owner' && bannedTermIn(text, await this.termsOf(st.stream.ownerId)))
      throw new HttpError(chatProblems.bannedTerm)
    for (const check of this.checks) await check.before({ streamId: st.stream.id, authorId: userId, text })
    return { st, text, badge }
  }

  private badgeFor(st: Standing): Promise<ChatBadge | null> {
    return st.role === 'owner' ? Promise.resolve(null) : this.badgeOf(st.stream.ownerId, st.user.id)
  }

  /**
   * Stores a message that was paid for (checked by `admit` before the payment, and not again: the
   * payer has paid; an ended stream keeps it in its replay), highlighted and pinned until
   * `paid.pinnedUntil`. Once per tip.
   */
  async sendPaid(
    userId: string,
    streamId: string,
    input: { text: string; paid: PaidHighlight & { tipId: string } },
  ) {
    const st = await this.deps.access.standing(userId, streamId)
    const text = chatText(input.text)
    return this.store(st, text, `paid:${input.paid.tipId}`, 0, await this.badgeFor(st), input.paid)
  }

  /**
   * Ends the highlight of the message a tip paid for (refunded or charged back): it stays in the
   * chat, no longer pinned; the room gets `chat.highlight_ended`.
   */
  async endHighlight(tipId: string): Promise<void> {
    const row = await this.deps.db
      .updateTable('liveChatMessages')
      .set({ pinnedUntil: sql`least(pinned_until, now())` })
      .where('tipId', '=', tipId)
      .where('pinnedUntil', '>', sql<Date>`now()`)
      .returning(['id', 'streamId'])
      .executeTakeFirst()
    if (!row) return
    await this.deps.actors.tell(streamRef(row.streamId), {
      type: 'chat.event',
      event: 'chat.highlight_ended',
      data: { messageId: row.id },
    })
  }

  private async store(
    st: Standing,
    text: string,
    clientId: string,
    slowSeconds: number,
    badge: ChatBadge | null,
    paid?: PaidHighlight & { tipId: string },
  ) {
    const streamId = st.stream.id
    const userId = st.user.id
    const answer = await this.deps.actors
      .ask<SendAnswer>(
        streamRef(st.stream.id),
        { type: 'chat.send', id: newId(), author: st.user, text, clientId, slowSeconds, paid, badge },
        SEND_TIMEOUT_MS,
      )
      .catch((error: unknown) => {
        if (!(error instanceof ActorError)) throw error
        // No worker holds the stream's actor now (one died, another is taking over): the same
        // `clientId` may be sent again, and is stored once.
        this.deps.log.warn({ err: error, streamId }, 'a chat message was not stored')
        throw new HttpError(problems.unavailable, 'The chat cannot take messages right now; send it again', {
          headers: { 'retry-after': '2' },
        })
      })
    if ('slowForMs' in answer) {
      const seconds = Math.ceil(answer.slowForMs / 1000)
      throw new HttpError(chatProblems.slowMode, `Slow mode: you may write again in ${seconds} s`, {
        retryAfter: seconds,
        headers: { 'retry-after': String(seconds) },
      })
    }
    // The author is answered without waiting for what follows the store (a screening job).
    if (answer.created)
      for (const check of this.checks)
        void check
          .after?.({ id: answer.message.id, streamId: st.stream.id, authorId: userId })
          .catch((error: unknown) =>
            this.deps.log.error(
              { err: error, streamId },
              'a chat message was stored but not handed to its checks',
            ),
          )
    return answer
  }

  /** The streamer's banned terms (folded), checked before a message is stored. */
  async termsOf(ownerId: string): Promise<string[]> {
    const rows = await this.deps.db
      .selectFrom('liveChatBannedTerms')
      .select('term')
      .where('ownerId', '=', ownerId)
      .execute()
    return rows.map((r) => r.term)
  }

  /**
   * The messages of a stream's chat in order (during the stream and after it: the recording's
   * replay), after the room's `since` seq and the page's cursor; deleted ones left out. With the
   * pinned message.
   */
  async replay(
    viewer: string | null,
    streamId: string,
    opts: { since?: number; cursor?: string; limit: number },
  ) {
    const { db } = this.deps
    const visible = await db
      .selectFrom('liveStreams as s')
      .select(['s.id', 's.ownerId', 's.audience', 's.audienceTierId'])
      .where('s.id', '=', streamId)
      .where(visibleTo(viewer))
      .$if(viewer !== null, (q) => q.where(sql<boolean>`not ${bannedFrom(viewer)}`))
      .executeTakeFirst()
    if (!visible) throw new HttpError(problems.notFound, 'No such stream')
    await this.deps.access.mayRead(viewer, visible)
    const position = decodeScoreCursor(opts.cursor, { score: 'integer', key: 'uuid' })
    if (position && position.key !== streamId) throw fieldError('query.cursor', 'a cursor of another stream')
    const after = Math.max(opts.since ?? 0, position ? Number(position.score) : 0)
    const rows = await messagesWithAuthors(db)
      .where('m.streamId', '=', streamId)
      .where('m.seq', '>', String(after))
      .where('m.deletedAt', 'is', null)
      .orderBy('m.seq')
      .limit(opts.limit + 1)
      .execute()
    const kept = rows.slice(0, opts.limit)
    const last = kept.at(-1)
    return {
      items: kept.map(messageOf),
      nextCursor:
        rows.length > opts.limit && last
          ? encodeScoreCursor({ score: String(last.seq), key: streamId })
          : null,
      pinned: await this.pinned(streamId),
      highlighted: await this.highlighted(streamId),
    }
  }

  /** The paid messages pinned now, newest first (HIGHLIGHTS_SHOWN at most). */
  async highlighted(streamId: string): Promise<ChatMessage[]> {
    const rows = await messagesWithAuthors(this.deps.db)
      .where('m.streamId', '=', streamId)
      .where('m.pinnedUntil', '>', sql<Date>`now()`)
      .where('m.deletedAt', 'is', null)
      .orderBy('m.seq', 'desc')
      .limit(HIGHLIGHTS_SHOWN)
      .execute()
    return rows.map(messageOf)
  }

  async pinned(streamId: string): Promise<ChatMessage | null> {
    const row = await messagesWithAuthors(this.deps.db)
      .innerJoin('liveChatPins as p', 'p.messageId', 'm.id')
      .where('p.streamId', '=', streamId)
      .where('m.deletedAt', 'is', null)
      .executeTakeFirst()
    return row ? messageOf(row) : null
  }

  /**
   * The room's history for a gateway: `since` 0 asks for the recent chat (the last CHAT_HISTORY
   * messages and every event since the first of them, from PostgreSQL); otherwise the events after
   * `since`, from JetStream's history, with what it lacks from PostgreSQL (Rooms.since).
   */
  async history(channel: string, streamId: string, since: number, epoch?: string) {
    const archive = (after: number) => this.archived(streamId, after)
    if (since > 0) return this.deps.rooms.since(channel, since, epoch, archive)
    const { db } = this.deps
    const first = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('liveChatMessages')
          .select('seq')
          .where('streamId', '=', streamId)
          .where('deletedAt', 'is', null)
          .orderBy('seq', 'desc')
          .limit(CHAT_HISTORY)
          .as('recent'),
      )
      .select((eb) => eb.fn.min('seq').as('seq'))
      .executeTakeFirst()
    const lastSeq = await lastRoomSeq(db, streamId)
    const from = Math.max(first?.seq == null ? lastSeq : Number(first.seq) - 1, lastSeq - ROOM_HISTORY)
    const events = await archive(from)
    if (events.length > ROOM_HISTORY) return 'refetch' as const
    const epochNow = await this.deps.rooms.epoch()
    return {
      frames: events.map((e) =>
        JSON.stringify({ op: 'event', channel, seq: e.seq, epoch: epochNow, type: e.type, data: e.data }),
      ),
    }
  }

  /**
   * The room's events after `since` as stored in `live_chat_events` (the room's RoomArchive),
   * ROOM_HISTORY + 1 at most. A deleted message keeps its place in the room, not its text.
   */
  private async archived(streamId: string, since: number): Promise<StoredRoomEvent[]> {
    const rows = await this.deps.db
      .selectFrom('liveChatEvents as e')
      .leftJoin('liveChatMessages as m', (j) =>
        j
          .onRef('m.streamId', '=', 'e.streamId')
          .onRef('m.seq', '=', 'e.seq')
          .on('e.type', '=', 'chat.message'),
      )
      .select(['e.seq', 'e.type', 'e.data', 'm.deletedAt'])
      .where('e.streamId', '=', streamId)
      .where('e.seq', '>', String(since))
      .orderBy('e.seq')
      .limit(ROOM_HISTORY + 1)
      .execute()
    return rows.map((r) => ({
      seq: Number(r.seq),
      type: r.type,
      data: r.deletedAt ? { id: (r.data as { id?: string }).id, deleted: true } : r.data,
    }))
  }
}

/** Chat messages (`m`) with their author's name. */
export function messagesWithAuthors(db: Kysely<DB>) {
  return db
    .selectFrom('liveChatMessages as m')
    .innerJoin('users as u', 'u.id', 'm.authorId')
    .select([
      'm.id',
      'm.seq',
      'm.authorId',
      'm.text',
      'm.clientId',
      'm.createdAt',
      'u.username',
      'u.displayName',
      ...PAID_AND_BADGE.map((c) => `m.${c}` as const),
    ])
}

export function messageOf(row: {
  id: string
  seq: string | number
  authorId: string
  text: string
  clientId: string
  createdAt: Date
  username: string
  displayName: string | null
  paidAmount: string | number | null
  paidCurrency: string | null
  pinnedUntil: Date | null
  badge: unknown
}): ChatMessage {
  return {
    id: row.id,
    seq: Number(row.seq),
    author: { id: row.authorId, username: row.username, displayName: row.displayName },
    text: row.text,
    clientId: row.clientId,
    createdAt: row.createdAt.toISOString(),
    ...paidAndBadgeOf(row),
  }
}
