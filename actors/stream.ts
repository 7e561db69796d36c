import { type Kysely, sql, type Transaction } from 'kysely'
import type { StartAnswer, StreamHealth } from '../src/live/backend.ts'
import type { ChatRoom, RoomMessage, RoomState } from '../src/live/chat-room.ts'
import { liveEvent } from '../src/live/events.ts'
import { streamChannel } from '../src/live/streams.ts'
import { loadView, type StreamRow, type StreamState } from '../src/live/views.ts'
import type { LivePublisher } from '../src/platform/bus/live.ts'
import { appendEvents } from '../src/platform/bus/outbox.ts'
import type { DB, Json } from '../src/platform/db/schema.ts'
import type { ActorBehavior, ActorContext } from './runtime/system.ts'

/** Media time is written out at most this often (the sweeper reads it when the actor is gone). */
const MEDIA_PERSIST_MS = 5_000
/** Pushes remembered per session (a pusher reconnecting that often is cut off from the recording). */
const MAX_RUNS = 500
/** The room hears the viewer count at most this often (when it changed), not at every join. */
export const VIEWERS_PUSH_MS = 3_000

export interface StreamActorState extends RoomState {
  state: StreamState
  sessionId: string | null
  /** Epoch ms. */
  startedAt: number | null
  /** When media last arrived (epoch ms): the idle timer counts from here. */
  lastMediaAt: number | null
  /** When `lastMediaAt` was last persisted. */
  mediaPersistedAt?: number
  viewers: number
  peakViewers: number
  health: StreamHealth | null
  /** The pushes of the session (a pusher that came back is a new run), in order. */
  runs?: string[]
  /** Viewers per gateway (its node id), each report holding for LIVE_VIEWERS_LEASE_SECONDS. */
  viewersBy?: Record<string, { count: number; expiresAt: number }>
  /** The viewer count last pushed to the room. */
  viewersPushed?: number
}

export type StreamMessage =
  | { type: 'started'; sessionId: string; run?: string }
  | { type: 'media'; health?: StreamHealth }
  | { type: 'unpublished' }
  | { type: 'idle' }
  | { type: 'end'; reason: string }
  /**
   * Viewers now (`gateway`: the viewers on that gateway, summed over the gateways' unexpired
   * reports), and viewers seen since the last report (user ids or anonymous hashes).
   */
  | { type: 'viewers'; count: number; seen?: string[]; gateway?: string }
  | { type: 'viewers.push' }
  | { type: 'viewers.expire' }
  /** The stream's settings changed (REST): the room hears its new view. */
  | { type: 'changed' }
  | RoomMessage
  | { type: 'recorded'; videoId: string }
  | { type: 'get' }

/** What the actor is told about the stream's end, for the parts that follow it (the recording). */
export interface StreamEnded {
  stream: StreamRow
  sessionId: string | null
  runs: string[]
  reason: string
}

export interface StreamActorDeps {
  db: Kysely<DB>
  live: LivePublisher
  /** LIVE_IDLE_END_SECONDS, in ms. */
  idleEndMs: number
  /** LIVE_MAX_HOURS, in ms. */
  maxLiveMs: number
  /** LIVE_VIEWERS_LEASE_SECONDS, in ms: how long a gateway's viewer count holds without news. */
  viewersLeaseMs?: number
  /**
   * What else happens, in the transaction that ends the stream (the recording's job); then, once
   * it committed, `afterEnd` (the backend cutting the pusher).
   */
  onEnd?(trx: Transaction<DB>, ended: StreamEnded): Promise<void>
  afterEnd?(ended: StreamEnded): Promise<void>
  /**
   * The stream's chat room (`live:<id>`): when given, everything the actor pushes goes through it
   * (numbered, kept), and it handles the `chat.*` messages.
   */
  room?: ChatRoom
}

/**
 * One per live stream (`stream/<id>`), the single owner of its live state: idle → live → ended
 * (never back), the session its files are written under, when it started and ended, its health,
 * its viewers (current, peak, unique). It ends the stream LIVE_IDLE_END_SECONDS after the last
 * media (the pusher stopped, or the node that ingested it died: a sweeper wakes actors whose
 * worker died) and at LIVE_MAX_HOURS. Every change is written to the stream's row (what REST
 * reads) and pushed on `live:<id>`; the start and the end are domain events (`live.started`,
 * `live.ended`) through the outbox, so followers are notified.
 */
export function streamActor(deps: StreamActorDeps): ActorBehavior<StreamActorState> {
  const { db } = deps
  const viewersLeaseMs = deps.viewersLeaseMs ?? 60_000
  const publish = async (ctx: ActorContext<StreamActorState>) => {
    const view = await loadView(db, ctx.ref.id)
    if (!view) return
    if (deps.room) await deps.room.publish(ctx, 'stream', view)
    else deps.live.publish(streamChannel(ctx.ref.id), 'stream', view)
  }
  /** Pushes the viewer count to the room within VIEWERS_PUSH_MS, once, if it changed by then. */
  const pushViewersSoon = (ctx: ActorContext<StreamActorState>) => {
    if (!deps.room || ctx.state.viewers === ctx.state.viewersPushed) return
    ctx.setTimer('viewers', VIEWERS_PUSH_MS, { type: 'viewers.push' })
  }
  const armTimers = (ctx: ActorContext<StreamActorState>) => {
    const s = ctx.state
    if (s.state !== 'live') {
      ctx.clearTimer('idle')
      ctx.clearTimer('max')
      return
    }
    const now = Date.now()
    ctx.setTimer('idle', Math.max(0, (s.lastMediaAt ?? now) + deps.idleEndMs - now), { type: 'idle' })
    ctx.setTimer('max', Math.max(0, (s.startedAt ?? now) + deps.maxLiveMs - now), {
      type: 'end',
      reason: 'max-duration',
    })
  }
  const row = (id: string) => db.selectFrom('liveStreams').selectAll().where('id', '=', id).executeTakeFirst()

  const addRun = (s: StreamActorState, run: string | undefined) => {
    s.runs ??= []
    if (run && !s.runs.includes(run) && s.runs.length < MAX_RUNS) s.runs.push(run)
  }
  const start = async (
    ctx: ActorContext<StreamActorState>,
    sessionId: string,
    run: string | undefined,
  ): Promise<StartAnswer> => {
    const s = ctx.state
    if (s.state === 'live') {
      // The pusher came back (or the message came twice): the same session goes on.
      s.lastMediaAt = Date.now()
      addRun(s, run)
      await ctx.persist()
      armTimers(ctx)
      return { accepted: true, sessionId: s.sessionId! }
    }
    if (s.state === 'ended') return { accepted: false, reason: 'the stream has ended' }
    const stream = await row(ctx.ref.id)
    if (!stream || stream.deletedAt) return { accepted: false, reason: 'no such stream' }
    if (stream.state === 'ended') {
      s.state = 'ended'
      await ctx.persist()
      return { accepted: false, reason: 'the stream has ended' }
    }
    const now = Date.now()
    Object.assign(s, { state: 'live', sessionId, startedAt: now, lastMediaAt: now, mediaPersistedAt: now })
    addRun(s, run)
    await ctx.persist()
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('liveStreams')
        .set({
          state: 'live',
          sessionId,
          startedAt: new Date(now),
          endedAt: null,
          viewers: 0,
          updatedAt: sql`now()`,
        })
        .where('id', '=', ctx.ref.id)
        .execute()
      await appendEvents(trx, [
        liveEvent('live.started', stream, {
          sessionId,
          title: stream.title,
          visibility: stream.visibility,
        }),
      ])
    })
    armTimers(ctx)
    await publish(ctx)
    return { accepted: true, sessionId }
  }

  const end = async (ctx: ActorContext<StreamActorState>, reason: string) => {
    const s = ctx.state
    if (s.state === 'ended') return
    const wasLive = s.state === 'live'
    Object.assign(s, { state: 'ended', viewers: 0 })
    await ctx.persist()
    armTimers(ctx)
    const ended = await db.transaction().execute(async (trx) => {
      const stream = await trx
        .updateTable('liveStreams')
        .set({ state: 'ended', endedAt: sql`now()`, viewers: 0, updatedAt: sql`now()` })
        .where('id', '=', ctx.ref.id)
        .returningAll()
        .executeTakeFirst()
      if (!stream) return undefined
      const ended: StreamEnded = { stream, sessionId: s.sessionId, runs: s.runs ?? [], reason }
      if (wasLive) {
        await appendEvents(trx, [liveEvent('live.ended', stream, { sessionId: s.sessionId, reason })])
        await deps.onEnd?.(trx, ended)
      }
      return ended
    })
    ctx.log.info({ reason, sessionId: s.sessionId }, 'live stream ended')
    await publish(ctx)
    if (ended) await deps.afterEnd?.(ended)
  }

  return {
    initial: () => ({
      state: 'idle',
      sessionId: null,
      startedAt: null,
      lastMediaAt: null,
      viewers: 0,
      peakViewers: 0,
      health: null,
    }),

    async activated(ctx) {
      // After a move (or the sweeper's wake-up): a stream whose media stopped ends when it is due.
      armTimers(ctx)
      await deps.room?.activated(ctx)
      pushViewersSoon(ctx)
      if (Object.keys(ctx.state.viewersBy ?? {}).length > 0)
        ctx.setTimer('viewersLease', viewersLeaseMs, { type: 'viewers.expire' })
    },

    async receive(ctx, raw) {
      const m = raw as StreamMessage
      const s = ctx.state
      switch (m.type) {
        case 'started':
          return start(ctx, m.sessionId, m.run)
        case 'media': {
          if (s.state !== 'live') return { state: s.state }
          const now = Date.now()
          s.lastMediaAt = now
          const healthChanged = m.health && JSON.stringify(m.health) !== JSON.stringify(s.health)
          if (m.health) s.health = m.health
          if (healthChanged || now - (s.mediaPersistedAt ?? 0) >= MEDIA_PERSIST_MS) {
            s.mediaPersistedAt = now
            await ctx.persist()
          }
          if (healthChanged) {
            await db
              .updateTable('liveStreams')
              .set({ health: sql<Json>`${JSON.stringify(s.health)}::text::jsonb`, updatedAt: sql`now()` })
              .where('id', '=', ctx.ref.id)
              .execute()
            await publish(ctx)
          }
          armTimers(ctx)
          return { state: s.state }
        }
        case 'unpublished':
          // The idle timer ends the stream unless the pusher comes back: a dropped connection
          // need not end a broadcast.
          if (s.state === 'live') {
            await ctx.persist()
            armTimers(ctx)
          }
          return undefined
        case 'idle':
          // From the idle timer, or the sweeper (which does not know which is due).
          if (s.state !== 'live') return undefined
          if (Date.now() - (s.startedAt ?? 0) >= deps.maxLiveMs) await end(ctx, 'max-duration')
          else if (Date.now() - (s.lastMediaAt ?? 0) >= deps.idleEndMs) await end(ctx, 'no-media')
          else armTimers(ctx)
          return undefined
        case 'end':
          await end(ctx, m.reason)
          return undefined
        case 'viewers.expire':
        case 'viewers': {
          if (s.state === 'ended') return undefined
          let count = m.type === 'viewers' ? Math.max(0, Math.floor(Number(m.count) || 0)) : s.viewers
          if (m.type === 'viewers.expire' || typeof m.gateway === 'string') {
            const now = Date.now()
            s.viewersBy ??= {}
            const by = s.viewersBy
            if (m.type === 'viewers' && m.gateway) by[m.gateway] = { count, expiresAt: now + viewersLeaseMs }
            count = 0
            for (const [gateway, held] of Object.entries(by))
              if (held.expiresAt <= now) delete by[gateway]
              else count += held.count
            // A gateway that stops reporting (it died) is counted out when its lease ends.
            ctx.setTimer('viewersLease', viewersLeaseMs, { type: 'viewers.expire' })
          }
          const seen = [...new Set(m.type === 'viewers' ? (m.seen ?? []) : [])].filter(
            (v) => typeof v === 'string' && v.length <= 100,
          )
          let added = 0
          if (seen.length) {
            const inserted = await db
              .insertInto('liveStreamViewers')
              .values(seen.map((viewer) => ({ streamId: ctx.ref.id, viewer })))
              .onConflict((oc) => oc.doNothing())
              .executeTakeFirst()
            added = Number(inserted.numInsertedOrUpdatedRows ?? 0)
          }
          if (count === s.viewers && added === 0) return undefined
          s.viewers = count
          s.peakViewers = Math.max(s.peakViewers, count)
          await ctx.persist()
          await db
            .updateTable('liveStreams')
            .set({
              viewers: count,
              peakViewers: s.peakViewers,
              uniqueViewers: sql`unique_viewers + ${added}`,
              updatedAt: sql`now()`,
            })
            .where('id', '=', ctx.ref.id)
            .execute()
          if (deps.room) pushViewersSoon(ctx)
          else await publish(ctx)
          return undefined
        }
        case 'viewers.push':
          if (!deps.room || s.viewers === s.viewersPushed) return undefined
          s.viewersPushed = s.viewers
          await deps.room.publish(ctx, 'viewers', { viewers: s.viewers, peakViewers: s.peakViewers })
          return undefined
        case 'changed':
          await publish(ctx)
          return undefined
        case 'chat.send':
        case 'chat.event':
          if (!deps.room) throw new Error('this stream actor has no chat room')
          return deps.room.receive(ctx, m)
        case 'recorded':
          await db
            .updateTable('liveStreams')
            .set({ videoId: m.videoId, updatedAt: sql`now()` })
            .where('id', '=', ctx.ref.id)
            .execute()
          await publish(ctx)
          return undefined
        case 'get':
          return s
        default:
          throw new Error(`unknown message ${(m as { type: string }).type}`)
      }
    },
  }
}
