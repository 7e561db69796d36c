import type postgres from 'postgres'
import { arrayLiteral } from '../platform/db/array-literal.ts'
import { type Buckets, floorTo, PLATFORM_ID } from './buckets.ts'
import type { Owners } from './rollup.ts'
import type { EventRow } from './rows.ts'
import { visitorBigint } from './visitors.ts'

type Tx = postgres.TransactionSql

/** The longest video a session's bitmap covers (VIDEO_MAX_DURATION_SECONDS's ceiling). */
const MAX_SECONDS = 86_400

interface Session {
  videoId: string
  visitor: string
  /** `visitor` as PostgreSQL's bigint, in text. */
  visitorInt: string
  sessionId: string
  userId: string | null
  beats: EventRow[]
}

/**
 * Folds video heartbeats into view sessions (`analytics_view_sessions`): a session's first
 * heartbeat counts a view (split by traffic source, country and device); each heartbeat that is
 * not buffering adds its interval to the watch time; the seconds it covers
 * ([position - interval, position)) are set in the session's bitmap, and each second set for the
 * first time adds the session to that second of the retention curve. Sessions of one batch are
 * locked in key order.
 */
export async function foldViewSessions(tx: Tx, b: Buckets, owners: Owners, rows: EventRow[]): Promise<void> {
  const sessions = new Map<string, Session>()
  let last: Session | undefined
  for (const r of rows) {
    if (r.type !== 'view.heartbeat' || !r.subjectId) continue
    // A session's heartbeats mostly come one after another: the previous row's session, if it is.
    if (
      last?.videoId === r.subjectId &&
      last.visitor === r.visitor &&
      last.sessionId === (r.sessionId ?? '')
    ) {
      last.beats.push(r)
      continue
    }
    if (!owners.video.has(r.subjectId)) continue
    const key = `${r.subjectId}|${r.visitor}|${r.sessionId}`
    let s = sessions.get(key)
    if (!s) {
      s = {
        videoId: r.subjectId,
        visitor: r.visitor,
        visitorInt: visitorBigint(r.visitor),
        sessionId: r.sessionId ?? '',
        userId: r.userId,
        beats: [],
      }
      sessions.set(key, s)
    }
    s.beats.push(r)
    last = s
  }
  if (sessions.size === 0) return
  const list = [...sessions.entries()].sort(([a], [c]) => (a < c ? -1 : 1)).map(([, s]) => s)
  const stored = await tx<
    { videoId: string; visitor: string; sessionId: string; seen: Buffer; firstAt: Date }[]
  >`
    select s.video_id as "videoId", s.visitor::text as visitor, s.session_id as "sessionId", s.seen, s.first_at as "firstAt"
    from analytics_view_sessions s
    join unnest(${arrayLiteral(list.map((s) => s.videoId))}::uuid[], ${arrayLiteral(list.map((s) => s.visitorInt))}::int8[],
      ${arrayLiteral(list.map((s) => s.sessionId))}::text[]) as u(v, w, i)
      on s.video_id = u.v and s.visitor = u.w and s.session_id = u.i
    order by 1, 2, 3
    for update of s`
  const byKey = new Map(stored.map((r) => [`${r.videoId}|${r.visitor}|${r.sessionId}`, r]))
  // The curve's changes by video and day, then by second.
  const retention = new Map<string, { video: string; day: string; changes: Map<number, number> }>()
  const upserts: { s: Session; seen: Uint8Array; firstAt: number; lastAt: number }[] = []
  for (const s of list) {
    const video = owners.video.get(s.videoId)!
    const before = byKey.get(`${s.videoId}|${s.visitorInt}|${s.sessionId}`)
    const cap = Math.min(MAX_SECONDS, video.durationMs ? Math.ceil(video.durationMs / 1000) : MAX_SECONDS)
    const beats = s.beats.sort((x, y) => x.occurredAt - y.occurredAt)
    const first = beats[0]!
    const firstAt = before ? Math.min(before.firstAt.getTime(), first.occurredAt) : first.occurredAt
    let seen: Uint8Array = before ? Uint8Array.from(before.seen) : new Uint8Array(0)
    if (!before) {
      const dims = [
        ...(first.source ? [`source=${first.source}`] : []),
        ...(first.country ? [`country=${first.country}`] : []),
        ...(first.device ? [`device=${first.device}`] : []),
      ]
      b.add('video', s.videoId, first.occurredAt, 'views', 1, dims)
      b.add('creator', video.ownerId, first.occurredAt, 'views', 1)
      b.add('platform', PLATFORM_ID, first.occurredAt, 'views', 1)
    }
    const day = new Date(floorTo(firstAt, 'd')).toISOString().slice(0, 10)
    const curveKey = `${s.videoId}|${day}`
    let curve = retention.get(curveKey)
    if (!curve) {
      curve = { video: s.videoId, day, changes: new Map() }
      retention.set(curveKey, curve)
    }
    const { changes } = curve
    const change = (second: number, n: number) => changes.set(second, (changes.get(second) ?? 0) + n)
    // The session's viewer and watch time go into the rollups once per hour it spans, not once
    // per heartbeat (the sketches would take the same viewer again; the sums are the same).
    let hour = Number.NaN
    let watched = 0
    const addWatched = () => {
      if (watched === 0) return
      b.add('video', s.videoId, hour, 'watch_ms', watched)
      b.add('creator', video.ownerId, hour, 'watch_ms', watched)
      b.add('platform', PLATFORM_ID, hour, 'watch_ms', watched)
      watched = 0
    }
    for (const r of beats) {
      const h = floorTo(r.occurredAt, 'h')
      if (h !== hour) {
        addWatched()
        hour = h
        b.unique('video', s.videoId, h, 'viewers', r.visitor)
        b.unique('creator', video.ownerId, h, 'viewers', r.visitor)
        b.unique('platform', PLATFORM_ID, h, 'viewers', r.visitor)
      }
      if (r.buffering) continue
      const interval = r.intervalSeconds ?? 0
      watched += Math.round(interval * 1000)
      const position = r.positionSeconds ?? 0
      const from = Math.max(0, Math.floor(position - interval))
      const to = Math.min(cap, Math.ceil(position))
      if (to > seen.length * 8) {
        const grown = new Uint8Array(Math.ceil(to / 8))
        grown.set(seen)
        seen = grown
      }
      // Each stretch of seconds newly seen adds +1 at its first second and -1 after its last.
      let open = -1
      for (let second = from; second <= to; second++) {
        const mask = 1 << (second & 7)
        const fresh = second < to && !(seen[second >> 3]! & mask)
        if (fresh) {
          seen[second >> 3]! |= mask
          if (open < 0) open = second
        } else if (open >= 0) {
          change(open, 1)
          change(second, -1)
          open = -1
        }
      }
    }
    addWatched()
    upserts.push({ s, seen, firstAt, lastAt: beats[beats.length - 1]!.occurredAt })
  }
  await tx`
    insert into analytics_view_sessions (video_id, visitor, session_id, user_id, seen, first_at, last_at)
    select v, w, i, u, decode(h, 'hex'), f, l
    from unnest(${arrayLiteral(upserts.map((u) => u.s.videoId))}::uuid[], ${arrayLiteral(upserts.map((u) => u.s.visitorInt))}::int8[],
      ${arrayLiteral(upserts.map((u) => u.s.sessionId))}::text[], ${arrayLiteral(upserts.map((u) => u.s.userId))}::uuid[],
      ${arrayLiteral(upserts.map((u) => Buffer.from(u.seen).toString('hex')))}::text[],
      ${arrayLiteral(upserts.map((u) => new Date(u.firstAt).toISOString()))}::timestamptz[],
      ${arrayLiteral(upserts.map((u) => new Date(u.lastAt).toISOString()))}::timestamptz[]) as x(v, w, i, u, h, f, l)
    on conflict (video_id, visitor, session_id) do update set seen = excluded.seen,
      first_at = least(analytics_view_sessions.first_at, excluded.first_at),
      last_at = greatest(analytics_view_sessions.last_at, excluded.last_at)`
  const points = [...retention]
    .sort(([a], [c]) => (a < c ? -1 : 1))
    .flatMap(([, { video, day, changes }]) =>
      [...changes]
        .filter(([, n]) => n !== 0)
        .sort(([a], [c]) => a - c)
        .map(([second, n]) => ({ video, day, second, n: String(n) })),
    )
  if (points.length === 0) return
  await tx`
    insert into analytics_retention_changes (video_id, day, second, change)
    select * from unnest(${arrayLiteral(points.map((p) => p.video))}::uuid[], ${arrayLiteral(points.map((p) => p.day))}::date[],
      ${arrayLiteral(points.map((p) => String(p.second)))}::int4[], ${arrayLiteral(points.map((p) => p.n))}::int8[])
    on conflict (video_id, day, second) do update set change = analytics_retention_changes.change + excluded.change`
}
