import type { KV } from '@nats-io/kv'
import type { Kysely } from 'kysely'
import type { LivePublisher } from '../src/platform/bus/live.ts'
import type { DB } from '../src/platform/db/schema.ts'
import type { ActorBehavior, ActorContext } from './runtime/system.ts'

export type PresenceStatus = 'online' | 'idle' | 'offline'

/** Notifications remembered as counted (see UserState.counted). */
const COUNTED_KEPT = 256
/** How old a notification may be and still have its message on the way (a tell gives up after 10 s). */
const RECENT_MS = 5 * 60_000

/** The smallest UUIDv7 of a millisecond: ids made from then on sort at or above it. */
function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`
}

/** A connection is held this long without news from its gateway (which refreshes it every 30 s). */
export const CONNECTION_LEASE_MS = 90_000

export interface UserState {
  /** The user's connections on every gateway, by connection id. */
  connections: Record<string, { gateway: string; idle: boolean; expiresAt: number }>
  status: PresenceStatus
  lastSeenAt: string | null
  unread: { notifications: number }
  /**
   * The notifications counted lately (newest last, at most COUNTED_KEPT): a `notification.created`
   * for one of them is not counted again, whether it was resent or counted by the recount that
   * the message itself brought about by waking the actor.
   */
  counted?: string[]
  /** When presence was last written to the KV bucket (rewritten hourly: the bucket forgets in a day). */
  presenceWrittenAt?: number
}

/** What a gateway says of one of the user's connections. */
export interface ConnectionChange {
  connectionId: string
  change: 'connected' | 'disconnected' | 'idle' | 'active'
}

export type UserMessage =
  /**
   * From a gateway: changes of the user's connections there, in order, then (`held`, its refresh)
   * every connection of the user it holds. `limit`: the cap over every gateway. Answers the
   * presence and the connections `refused` for the cap.
   */
  | { type: 'connections'; gateway: string; changes: ConnectionChange[]; held?: string[]; limit?: number }
  | { type: 'presence' }
  /** A notification was made (sent again if its first message was not answered: counted once). */
  | { type: 'notification.created'; id: string }
  /** Unread notifications were taken back (an unlike): recounted. */
  | { type: 'notifications.removed' }
  | { type: 'notifications.read'; unreadCount: number }
  | { type: 'expire' }

/** What the presence bucket holds per user, and what `presence:<id>` subscribers get. */
export interface Presence {
  userId: string
  status: PresenceStatus
  lastSeenAt: string | null
}

/**
 * One per user: presence over all of the user's connections on every gateway (online while any
 * is active, idle while all are idle, offline with none; a gateway that dies stops refreshing its
 * connections, which expire), with last-seen; the unread-notification counter. Changes of
 * presence are published on the `presence:<id>` channel and mirrored into the presence KV bucket
 * (what REST reads); the counter is pushed on the user's own channel.
 */
export function userActor(deps: {
  db: Kysely<DB>
  live: LivePublisher
  presence: KV
}): ActorBehavior<UserState> {
  const statusOf = (s: UserState): PresenceStatus => {
    const conns = Object.values(s.connections)
    if (conns.length === 0) return 'offline'
    return conns.every((c) => c.idle) ? 'idle' : 'online'
  }
  /**
   * After a change of connections: the status, and what follows from a new one. The state is
   * written on every change, so that an actor moved to another worker knows every connection.
   */
  const settle = async (ctx: ActorContext<UserState>, changed = true) => {
    const s = ctx.state
    const status = statusOf(s)
    const statusChanged = status !== s.status
    if (statusChanged) {
      if (status === 'offline' || s.status === 'offline') s.lastSeenAt = new Date().toISOString()
      s.status = status
    }
    const stale = Date.now() - (s.presenceWrittenAt ?? 0) > 60 * 60_000
    if (statusChanged || stale) s.presenceWrittenAt = Date.now()
    if (changed || statusChanged || stale) await ctx.persist()
    if (statusChanged || stale) {
      const presence: Presence = { userId: ctx.ref.id, status, lastSeenAt: s.lastSeenAt }
      await deps.presence.put(ctx.ref.id, JSON.stringify(presence))
      if (statusChanged) deps.live.publish(`presence:${ctx.ref.id}`, 'presence', presence)
    }
    armExpiry(ctx)
  }
  const armExpiry = (ctx: ActorContext<UserState>) => {
    const next = Math.min(...Object.values(ctx.state.connections).map((c) => c.expiresAt))
    if (Number.isFinite(next)) ctx.setTimer('expire', Math.max(0, next - Date.now()) + 10, { type: 'expire' })
    else ctx.clearTimer('expire')
  }
  const unreadNotifications = async (userId: string) =>
    Number(
      (
        await deps.db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('userId', '=', userId)
          .where('readAt', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    )
  /** The count from the database, and the unread notifications made lately (their messages may be on their way). */
  const recount = async (ctx: ActorContext<UserState>) => {
    const [count, recent] = await Promise.all([
      unreadNotifications(ctx.ref.id),
      deps.db
        .selectFrom('notifications')
        .select('id')
        .where('userId', '=', ctx.ref.id)
        .where('readAt', 'is', null)
        .where('id', '>=', uuidv7Floor(Date.now() - RECENT_MS))
        .orderBy('id')
        .limit(COUNTED_KEPT)
        .execute(),
    ])
    ctx.state.unread.notifications = count
    ctx.state.counted = recent.map((r) => r.id)
  }
  const pushUnread = (ctx: ActorContext<UserState>) =>
    deps.live.publish(`user:${ctx.ref.id}`, 'unread', ctx.state.unread)

  return {
    initial: () => ({ connections: {}, status: 'offline', lastSeenAt: null, unread: { notifications: 0 } }),

    async activated(ctx) {
      // The counter is recounted from the database whenever the actor comes to life.
      await recount(ctx)
      const now = Date.now()
      for (const [id, c] of Object.entries(ctx.state.connections))
        if (c.expiresAt <= now) delete ctx.state.connections[id]
      await settle(ctx)
    },

    async receive(ctx, raw) {
      const m = raw as UserMessage
      const s = ctx.state
      const expiresAt = Date.now() + CONNECTION_LEASE_MS
      switch (m.type) {
        case 'connections': {
          const refused: string[] = []
          let changed = false
          let count = Object.keys(s.connections).length
          for (const { connectionId: id, change } of m.changes) {
            const c = s.connections[id]
            if (change === 'connected') {
              // The per-user cap over every gateway: past it the new connection is not taken (and
              // its gateway closes it). One seen before (a repeated message) is always kept.
              if (!c && m.limit !== undefined && count >= m.limit) {
                refused.push(id)
                continue
              }
              if (!c) count++
              s.connections[id] = { gateway: m.gateway, idle: false, expiresAt }
              changed = true
            } else if (c && change === 'disconnected') {
              delete s.connections[id]
              count--
              changed = true
            } else if (c && change !== 'disconnected' && c.idle !== (change === 'idle')) {
              c.idle = change === 'idle'
              changed = true
            }
          }
          if (m.held) {
            // What the gateway holds now: known connections live on, unknown ones (missed, or from
            // before a move of this actor) are added, the gateway's others are gone.
            const alive = new Set(m.held)
            for (const [id, c] of Object.entries(s.connections))
              if (c.gateway === m.gateway && !alive.has(id)) delete s.connections[id]
            for (const id of alive) {
              const c = s.connections[id]
              if (c) c.expiresAt = expiresAt
              else s.connections[id] = { gateway: m.gateway, idle: false, expiresAt }
            }
            changed = true
          }
          if (changed) await settle(ctx)
          return { ...presenceOf(ctx), refused }
        }
        case 'expire': {
          const now = Date.now()
          const before = Object.keys(s.connections).length
          for (const [id, c] of Object.entries(s.connections))
            if (c.expiresAt <= now) delete s.connections[id]
          await settle(ctx, Object.keys(s.connections).length !== before)
          return undefined
        }
        case 'presence':
          return presenceOf(ctx)
        case 'notification.created': {
          s.counted ??= []
          const counted = s.counted
          if (counted.includes(m.id)) return s.unread
          counted.push(m.id)
          if (counted.length > COUNTED_KEPT) counted.splice(0, counted.length - COUNTED_KEPT)
          s.unread.notifications++
          await ctx.persist()
          pushUnread(ctx)
          return s.unread
        }
        case 'notifications.removed':
          await recount(ctx)
          await ctx.persist()
          pushUnread(ctx)
          return s.unread
        case 'notifications.read':
          s.unread.notifications = m.unreadCount
          await ctx.persist()
          pushUnread(ctx)
          return s.unread
        default:
          throw new Error(`unknown message ${(m as { type: string }).type}`)
      }
    },
  }
}

function presenceOf(ctx: ActorContext<UserState>): Presence {
  return { userId: ctx.ref.id, status: ctx.state.status, lastSeenAt: ctx.state.lastSeenAt }
}
