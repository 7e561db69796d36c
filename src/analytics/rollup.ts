import type postgres from 'postgres'
import { arrayLiteral } from '../platform/db/array-literal.ts'
import { Buckets, DAY_MS, type EntityKind, PLATFORM_ID, weekOf } from './buckets.ts'
import { storeBuckets } from './rollup-store.ts'
import type { EventRow } from './rows.ts'
import { foldViewSessions } from './view-sessions.ts'
import { visitorBigint } from './visitors.ts'

type Tx = postgres.TransactionSql

/** The owners of the content a batch names (absent: no such content, its events roll up nowhere). */
export interface Owners {
  video: Map<string, { ownerId: string; durationMs: number | null }>
  post: Map<string, string>
  stream: Map<string, string>
  user: Set<string>
}

const ENGAGEMENT: Record<string, [metric: string, n: number]> = {
  'post.liked': ['likes', 1],
  'post.unliked': ['likes', -1],
  'post.reposted': ['reposts', 1],
  'post.unreposted': ['reposts', -1],
  'post.replied': ['replies', 1],
  'post.quoted': ['quotes', 1],
}
const PLATFORM_COUNTS: Record<string, string> = {
  'user.registered': 'signups',
  'post.created': 'posts',
  'video.created': 'uploads',
  'video.failed': 'encode_failures',
  'live.started': 'live_streams',
  'moderation.reversed': 'moderation_reversals',
  'appeal.decided': 'appeals',
  'moderation.case_resolved': 'cases_resolved',
  'tip.paid': 'tips',
  'membership.started': 'members_new',
  'membership.ended': 'members_ended',
  'copyright.claimed': 'copyright_claims',
  'copyright.disputed': 'copyright_disputes',
}
/** Server events counted for a creator too: the creator named in their data. */
const CREATOR_COUNTS: Record<string, [metric: string, field: string]> = {
  'tip.paid': ['tips', 'creatorId'],
  'membership.started': ['members_new', 'creatorId'],
  'membership.ended': ['members_ended', 'creatorId'],
  'copyright.claimed': ['copyright_claims', 'uploaderId'],
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const NO_DIMS: readonly string[] = []
const dimLists = new Map<string, Map<string, readonly string[]>>()

/** `[name=value]`, the split of one dimension: made once (every event of a batch names one). */
function dimsOf(name: string, value: string): readonly string[] {
  let byValue = dimLists.get(name)
  if (!byValue) {
    byValue = new Map()
    dimLists.set(name, byValue)
  }
  let dims = byValue.get(value)
  if (!dims) {
    // Values come from clients' events (sources, types: a few) and the request's country; bounded.
    if (byValue.size > 1000) byValue.clear()
    dims = [`${name}=${value}`]
    byValue.set(value, dims)
  }
  return dims
}

/**
 * Folds the events a batch newly stored into the rollups, in the writer's transaction: counters
 * and unique sketches per video, post, creator, live stream and the platform, view sessions and
 * the retention curve, live viewers per minute, and the weeks users were active. Only new events
 * come here (the insert skipped those already stored), so a batch delivered twice counts once.
 */
export async function rollUp(tx: Tx, rows: EventRow[]): Promise<void> {
  if (rows.length === 0) return
  const owners = await loadOwners(tx, rows)
  const b = new Buckets()
  const platform = (at: number, metric: string, n = 1, dims: readonly string[] = []) =>
    b.add('platform', PLATFORM_ID, at, metric, n, dims)
  const liveMinutes: { stream: string; minute: string; visitor: string; session: string }[] = []
  const weeks = new Map<string, Set<number>>()
  const follows: EventRow[] = []
  const memberships: EventRow[] = []
  for (const r of rows) {
    const at = r.occurredAt
    if (r.userId) {
      b.unique('platform', PLATFORM_ID, at, 'active_users', r.visitor)
      let userWeeks = weeks.get(r.userId)
      if (!userWeeks) {
        userWeeks = new Set()
        weeks.set(r.userId, userWeeks)
      }
      userWeeks.add(weekOf(at))
    }
    if (r.client) {
      b.unique('platform', PLATFORM_ID, at, 'visitors', r.visitor)
      platform(at, 'client_events', 1, dimsOf('type', r.type))
      clientEvent(b, owners, r, liveMinutes)
      continue
    }
    const counted = PLATFORM_COUNTS[r.type]
    if (counted) platform(at, counted)
    const engagement = ENGAGEMENT[r.type]
    const postOwner = r.subjectId ? owners.post.get(r.subjectId) : undefined
    if (engagement && r.subjectId && postOwner) {
      b.add('post', r.subjectId, at, engagement[0], engagement[1])
      b.add('creator', postOwner, at, engagement[0], engagement[1])
    }
    if (r.type === 'post.created' && r.userId) b.add('creator', r.userId, at, 'posts', 1)
    if (r.type === 'video.created' && r.userId) b.add('creator', r.userId, at, 'uploads', 1)
    if (r.type === 'video.ready') platform(at, 'encoded_ms', Math.round(Number(r.data?.durationMs) || 0))
    if (r.type === 'report.created') platform(at, 'reports', 1, [`category=${String(r.data?.category)}`])
    if (r.type === 'moderation.actioned')
      platform(at, 'moderation_actions', 1, [`kind=${String(r.data?.kind)}`])
    if (r.type === 'copyright.decided')
      platform(at, 'copyright_decisions', 1, [`action=${String(r.data?.action)}`])
    const forCreator = CREATOR_COUNTS[r.type]
    const creator = forCreator ? String(r.data?.[forCreator[1]] ?? '') : ''
    if (forCreator && UUID.test(creator)) b.add('creator', creator.toLowerCase(), at, forCreator[0], 1)
    if (r.type.startsWith('membership.')) memberships.push(r)
    if (r.type === 'user.followed' && r.subjectId) {
      b.add('creator', r.subjectId, at, 'followers_gained', 1)
      follows.push(r)
    }
    if (r.type === 'user.unfollowed' && r.subjectId) b.add('creator', r.subjectId, at, 'followers_lost', 1)
  }
  await foldViewSessions(tx, b, owners, rows)
  for (const f of follows) await attributeFollow(tx, b, f)
  await attributeWaitingFollows(tx, b, rows)
  await storeBuckets(tx, b)
  await storeLiveMinutes(tx, liveMinutes)
  await foldMemberships(tx, memberships)
  if (weeks.size > 0) {
    const list = [...weeks]
      .flatMap(([user, set]) => [...set].map((w) => ({ user, week: new Date(w).toISOString().slice(0, 10) })))
      .sort((x, y) => (x.user + x.week < y.user + y.week ? -1 : 1))
    await tx`insert into analytics_user_weeks (user_id, week)
      select * from unnest(${arrayLiteral(list.map((w) => w.user))}::uuid[], ${arrayLiteral(list.map((w) => w.week))}::date[])
      on conflict do nothing`
  }
}

function clientEvent(b: Buckets, owners: Owners, r: EventRow, liveMinutes: unknown[]): void {
  const at = r.occurredAt
  const id = r.subjectId
  if (!id) return
  const dims = r.source ? dimsOf('source', r.source) : NO_DIMS
  if (r.type === 'impression' || r.type === 'click' || r.type === 'share') {
    const metric = r.type === 'impression' ? 'impressions' : r.type === 'click' ? 'clicks' : 'shares'
    const kind: EntityKind = r.subjectKind === 'video' ? 'video' : 'post'
    const owner = kind === 'video' ? owners.video.get(id)?.ownerId : owners.post.get(id)
    if (!owner) return
    b.add(kind, id, at, metric, 1, dims)
    b.add('creator', owner, at, metric, 1)
    if (r.type === 'impression') {
      b.unique(kind, id, at, 'reach', r.visitor)
      b.unique('creator', owner, at, 'reach', r.visitor)
    }
  } else if (r.type === 'profile.visit' && owners.user.has(id)) {
    b.add('creator', id, at, 'profile_visits', 1, dims)
    b.unique('creator', id, at, 'profile_visitors', r.visitor)
  } else if (r.type === 'live.heartbeat' && owners.stream.has(id)) {
    b.unique('stream', id, at, 'viewers', r.visitor)
    ;(liveMinutes as { stream: string; minute: string; visitor: string; session: string }[]).push({
      stream: id,
      minute: new Date(Math.floor(at / 60_000) * 60_000).toISOString(),
      visitor: visitorBigint(r.visitor),
      session: r.sessionId ?? '',
    })
  }
}

async function loadOwners(tx: Tx, rows: EventRow[]): Promise<Owners> {
  // The subjects of each kind, in one pass (rows in a row mostly name the same one: skipped).
  const byKind = new Map<string, Set<string>>()
  let lastKind: string | null = null
  let lastId: string | null = null
  for (const r of rows) {
    if (!r.subjectKind || !r.subjectId || (r.subjectId === lastId && r.subjectKind === lastKind)) continue
    lastKind = r.subjectKind
    lastId = r.subjectId
    let set = byKind.get(r.subjectKind)
    if (!set) {
      set = new Set()
      byKind.set(r.subjectKind, set)
    }
    set.add(r.subjectId)
  }
  const ids = (kind: string) => [...(byKind.get(kind) ?? [])]
  const [videos, posts, streams, users] = [ids('video'), ids('post'), ids('live_stream'), ids('user')]
  const [v, p, s, u] = await Promise.all([
    videos.length
      ? tx<{ id: string; ownerId: string; durationMs: number | null }[]>`
          select id, owner_id as "ownerId", duration_ms as "durationMs" from videos where id = any(${arrayLiteral(videos)}::uuid[])`
      : [],
    posts.length
      ? tx<
          { id: string; ownerId: string }[]
        >`select id, author_id as "ownerId" from posts where id = any(${arrayLiteral(posts)}::uuid[])`
      : [],
    streams.length
      ? tx<{ id: string; ownerId: string }[]>`
          select id, owner_id as "ownerId" from live_streams where id = any(${arrayLiteral(streams)}::uuid[])`
      : [],
    users.length
      ? tx<{ id: string }[]>`select id from users where id = any(${arrayLiteral(users)}::uuid[])`
      : [],
  ])
  return {
    video: new Map(v.map((r) => [r.id, { ownerId: r.ownerId, durationMs: r.durationMs }])),
    post: new Map(p.map((r) => [r.id, r.ownerId])),
    stream: new Map(s.map((r) => [r.id, r.ownerId])),
    user: new Set(u.map((r) => r.id)),
  }
}

/**
 * A follow counts for the video of the followed creator that the follower watched last, within
 * the day before following (the "new followers" of a video). Kept in `analytics_follow_attribution`:
 * one that finds no such session yet waits there for its heartbeats (attributeWaitingFollows).
 */
async function attributeFollow(tx: Tx, b: Buckets, f: EventRow): Promise<void> {
  if (!f.userId || !f.subjectId) return
  const at = new Date(f.occurredAt)
  const [watched] = await tx<{ videoId: string }[]>`
    select s.video_id as "videoId" from analytics_view_sessions s join videos v on v.id = s.video_id
    where s.user_id = ${f.userId} and v.owner_id = ${f.subjectId}
      and s.first_at <= ${at} and s.last_at > ${new Date(f.occurredAt - DAY_MS)}
    order by s.last_at desc limit 1`
  const [kept] = await tx<{ kept: boolean }[]>`
    insert into analytics_follow_attribution (follower_id, followee_id, followed_at, video_id)
    values (${f.userId}, ${f.subjectId}, ${at}, ${watched?.videoId ?? null})
    on conflict do nothing
    returning true as kept`
  if (watched && kept) b.add('video', watched.videoId, f.occurredAt, 'followers', 1)
}

/**
 * Follows that found no session when they were rolled up, given the video of a session this batch
 * brought (the follower's heartbeats came after the follow): each once, to the session watched
 * last, under the same rule as attributeFollow. Concurrent writers: the update's `video_id is null`
 * is checked again on the locked row, so a follow is counted by one of them.
 */
async function attributeWaitingFollows(tx: Tx, b: Buckets, rows: EventRow[]): Promise<void> {
  const viewers = new Map<string, { user: string; video: string }>()
  for (const r of rows)
    if (r.type === 'view.heartbeat' && r.userId && r.subjectId)
      viewers.set(`${r.userId}|${r.subjectId}`, { user: r.userId, video: r.subjectId })
  if (viewers.size === 0) return
  const list = [...viewers.values()]
  const given = await tx<{ videoId: string; followedAt: Date }[]>`
    with candidates as (
      select distinct on (f.follower_id, f.followee_id, f.followed_at)
        f.follower_id, f.followee_id, f.followed_at, s.video_id
      from unnest(${arrayLiteral(list.map((v) => v.user))}::uuid[], ${arrayLiteral(list.map((v) => v.video))}::uuid[]) as t(u, v)
      join videos o on o.id = t.v
      join analytics_follow_attribution f
        on f.follower_id = t.u and f.followee_id = o.owner_id and f.video_id is null
      join analytics_view_sessions s on s.user_id = f.follower_id
      join videos v on v.id = s.video_id and v.owner_id = f.followee_id
      where s.first_at <= f.followed_at and s.last_at > f.followed_at - interval '1 day'
      order by f.follower_id, f.followee_id, f.followed_at, s.last_at desc
    )
    update analytics_follow_attribution f set video_id = c.video_id
    from candidates c
    where f.follower_id = c.follower_id and f.followee_id = c.followee_id
      and f.followed_at = c.followed_at and f.video_id is null
    returning c.video_id as "videoId", f.followed_at as "followedAt"`
  for (const g of given) b.add('video', g.videoId, g.followedAt.getTime(), 'followers', 1)
}

/**
 * Keeps `analytics_memberships` as the payments' membership events say (members, MRR and churn
 * are read from it): started (again, after an end: the end is forgotten), updated (its monthly
 * amount), ended. Events of one subscription may come in any order across batches: an end that
 * came first makes the row with the subscription's creation time as its start; a start older
 * than a known end does not reopen it.
 */
async function foldMemberships(tx: Tx, events: EventRow[]): Promise<void> {
  for (const e of events.sort((a, b) => a.occurredAt - b.occurredAt)) {
    const d = e.data ?? {}
    const creator = String(d.creatorId ?? '')
    const amount = Number(d.monthlyAmount)
    if (!e.subjectId || !UUID.test(creator) || !Number.isSafeInteger(amount)) continue
    const currency = String(d.currency ?? '').toLowerCase()
    const at = new Date(e.occurredAt)
    const since = Number.isFinite(Date.parse(String(d.since))) ? new Date(String(d.since)) : at
    if (e.type === 'membership.ended')
      await tx`
        insert into analytics_memberships (subscription_id, creator_id, currency, monthly_amount, started_at, ended_at)
        values (${e.subjectId}, ${creator}, ${currency}, ${amount}, ${since < at ? since : at}, ${at})
        on conflict (subscription_id) do update set ended_at = greatest(analytics_memberships.ended_at, excluded.ended_at),
          started_at = least(analytics_memberships.started_at, excluded.ended_at)`
    else
      await tx`
        insert into analytics_memberships (subscription_id, creator_id, currency, monthly_amount, started_at)
        values (${e.subjectId}, ${creator}, ${currency}, ${amount}, ${at})
        on conflict (subscription_id) do update set monthly_amount = excluded.monthly_amount,
          currency = excluded.currency,
          ended_at = case when analytics_memberships.ended_at < excluded.started_at then null
            else analytics_memberships.ended_at end`
  }
}

async function storeLiveMinutes(
  tx: Tx,
  minutes: { stream: string; minute: string; visitor: string; session: string }[],
): Promise<void> {
  if (minutes.length === 0) return
  const fresh = await tx<{ stream: string; minute: Date }[]>`
    insert into analytics_live_minutes (stream_id, minute, visitor, session_id)
    select * from unnest(${arrayLiteral(minutes.map((m) => m.stream))}::uuid[], ${arrayLiteral(minutes.map((m) => m.minute))}::timestamptz[],
      ${arrayLiteral(minutes.map((m) => m.visitor))}::int8[], ${arrayLiteral(minutes.map((m) => m.session))}::text[])
    on conflict do nothing
    returning stream_id as stream, minute`
  const counts = new Map<string, number>()
  for (const r of fresh) {
    const k = `${r.stream}|${r.minute.toISOString()}`
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const list = [...counts].sort(([a], [c]) => (a < c ? -1 : 1))
  if (list.length === 0) return
  await tx`
    insert into analytics_live_concurrency (stream_id, minute, viewers)
    select * from unnest(${arrayLiteral(list.map(([k]) => k.split('|')[0]!))}::uuid[], ${arrayLiteral(list.map(([k]) => k.split('|')[1]!))}::timestamptz[],
      ${arrayLiteral(list.map(([, n]) => String(n)))}::int4[])
    on conflict (stream_id, minute) do update set viewers = analytics_live_concurrency.viewers + excluded.viewers`
}
