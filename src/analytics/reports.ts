import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { DAY_MS } from './buckets.ts'
import type { Range } from './range.ts'
import { breakdown, readCounters, readUniques } from './read-rollups.ts'
import { revenueReport } from './revenue.ts'

const RETENTION_POINTS = 100

/** What every report says of its range. */
function head(range: Range) {
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    granularity: range.granularity,
  }
}
const starts = (range: Range) => range.starts.map((s) => new Date(s).toISOString())
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0)
const seconds = (ms: number) => Math.round(ms / 100) / 10

/**
 * The creator reports, read from the rollups (never the raw events): each checks that the caller
 * owns what it reports on (404 when it does not exist, 403 when it is someone else's).
 */
export class Reports {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly minAudience: number,
  ) {}

  async video(caller: string, id: string, range: Range) {
    const video = await this.db
      .selectFrom('videos')
      .select(['id', 'ownerId', 'title', 'durationMs'])
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    owned(video?.ownerId, caller, 'video')
    const c = await readCounters(this.db, 'video', id, range, [
      'views',
      'watch_ms',
      'impressions',
      'clicks',
      'shares',
      'followers',
    ])
    const u = await readUniques(this.db, 'video', id, range, ['viewers'])
    const views = c.get('views')!
    const watch = c.get('watch_ms')!
    const viewers = u.get('viewers')!
    return {
      id,
      title: video!.title,
      ...head(range),
      totals: {
        views: views.total,
        uniqueViewers: viewers.total,
        watchSeconds: seconds(watch.total),
        averageViewSeconds: views.total ? seconds(watch.total / views.total) : 0,
        impressions: c.get('impressions')!.total,
        clicks: c.get('clicks')!.total,
        shares: c.get('shares')!.total,
        newFollowers: c.get('followers')!.total,
      },
      series: starts(range).map((start, i) => ({
        start,
        views: views.series[i]!,
        uniqueViewers: viewers.series[i]!,
        watchSeconds: seconds(watch.series[i]!),
        averageViewSeconds: views.series[i] ? seconds(watch.series[i]! / views.series[i]!) : 0,
        impressions: c.get('impressions')!.series[i]!,
        clicks: c.get('clicks')!.series[i]!,
        newFollowers: c.get('followers')!.series[i]!,
      })),
      retention: await this.retention(id, range, video!.durationMs),
      breakdowns: this.breakdowns(views, viewers.total, ['source', 'country', 'device']),
      minAudience: this.minAudience,
    }
  }

  /** The share of the range's views (sessions begun in it) that watched each part of the video. */
  private async retention(videoId: string, range: Range, durationMs: number | null) {
    // The curve is kept as its changes (+1 where a session's stretch of viewing began, -1 after
    // it ended): the sessions that watched a second are the sum of the changes up to it.
    const rows = await this.db
      .selectFrom('analyticsRetentionChanges')
      .select(['second', sql<string>`sum(change)`.as('change')])
      .where('videoId', '=', videoId)
      .where('day', '>=', new Date(Math.floor(range.from / DAY_MS) * DAY_MS))
      .where('day', '<', new Date(range.to))
      .groupBy('second')
      .execute()
    const [started] = await this.db
      .selectFrom('analyticsCounters')
      .select(sql<string>`coalesce(sum(value), 0)`.as('views'))
      .where('entityKind', '=', 'video')
      .where('entityId', '=', videoId)
      .where('grain', '=', 'd')
      .where('bucket', '>=', new Date(Math.floor(range.from / DAY_MS) * DAY_MS))
      .where('bucket', '<', new Date(range.to))
      .where('metric', '=', 'views')
      .where('dim', '=', '')
      .execute()
    const views = Number(started?.views ?? 0)
    const changes = rows.map((r) => ({ second: r.second, change: Number(r.change) }))
    changes.sort((a, b) => a.second - b.second)
    const last = Math.max(0, ...changes.map((c) => c.second - 1))
    const length = durationMs ? Math.ceil(durationMs / 1000) : last + 1
    const bucketSeconds = Math.max(1, Math.ceil(length / RETENTION_POINTS))
    const points: { second: number; share: number }[] = []
    let next = 0
    let watching = 0
    for (let second = 0; second < length; second += bucketSeconds) {
      while (next < changes.length && changes[next]!.second <= second) watching += changes[next++]!.change
      points.push({ second, share: ratio(watching, views) })
    }
    return { bucketSeconds, durationSeconds: length, views, points }
  }

  async post(caller: string, id: string, range: Range) {
    const post = await this.db
      .selectFrom('posts')
      .select(['id', 'authorId'])
      .where('id', '=', id)
      .executeTakeFirst()
    owned(post?.authorId, caller, 'post')
    const metrics = ['impressions', 'clicks', 'shares', 'likes', 'reposts', 'replies', 'quotes'] as const
    const c = await readCounters(this.db, 'post', id, range, metrics)
    const reach = (await readUniques(this.db, 'post', id, range, ['reach'])).get('reach')!
    const total = (m: string) => c.get(m)!.total
    const engagements = (i?: number) =>
      ['clicks', 'shares', 'likes', 'reposts', 'replies', 'quotes'].reduce(
        (sum, m) => sum + (i === undefined ? c.get(m)!.total : c.get(m)!.series[i]!),
        0,
      )
    return {
      id,
      ...head(range),
      totals: {
        impressions: total('impressions'),
        reach: reach.total,
        clicks: total('clicks'),
        shares: total('shares'),
        likes: total('likes'),
        reposts: total('reposts'),
        replies: total('replies'),
        quotes: total('quotes'),
        engagements: engagements(),
        engagementRate: ratio(engagements(), total('impressions')),
      },
      series: starts(range).map((start, i) => ({
        start,
        impressions: c.get('impressions')!.series[i]!,
        reach: reach.series[i]!,
        engagements: engagements(i),
        likes: c.get('likes')!.series[i]!,
      })),
      breakdowns: this.breakdowns(c.get('impressions')!, reach.total, ['source']),
      minAudience: this.minAudience,
    }
  }

  async creator(caller: string, range: Range) {
    const metrics = [
      'views',
      'watch_ms',
      'impressions',
      'clicks',
      'shares',
      'likes',
      'reposts',
      'replies',
      'quotes',
      'followers_gained',
      'followers_lost',
      'profile_visits',
      'posts',
      'uploads',
      'tips',
      'copyright_claims',
    ] as const
    const c = await readCounters(this.db, 'creator', caller, range, metrics)
    const u = await readUniques(this.db, 'creator', caller, range, ['viewers', 'reach'])
    const t = (m: string) => c.get(m)!.total
    const engagement = (i?: number) =>
      ['clicks', 'shares', 'likes', 'reposts', 'replies', 'quotes'].reduce(
        (sum, m) => sum + (i === undefined ? c.get(m)!.total : c.get(m)!.series[i]!),
        0,
      )
    return {
      ...head(range),
      totals: {
        views: t('views'),
        uniqueViewers: u.get('viewers')!.total,
        watchSeconds: seconds(t('watch_ms')),
        impressions: t('impressions'),
        reach: u.get('reach')!.total,
        engagements: engagement(),
        engagementRate: ratio(engagement(), t('impressions')),
        likes: t('likes'),
        reposts: t('reposts'),
        replies: t('replies'),
        quotes: t('quotes'),
        shares: t('shares'),
        followersGained: t('followers_gained'),
        followersLost: t('followers_lost'),
        netFollowers: t('followers_gained') - t('followers_lost'),
        profileVisits: t('profile_visits'),
        posts: t('posts'),
        uploads: t('uploads'),
        tips: t('tips'),
        copyrightClaims: t('copyright_claims'),
      },
      series: starts(range).map((start, i) => ({
        start,
        views: c.get('views')!.series[i]!,
        uniqueViewers: u.get('viewers')!.series[i]!,
        watchSeconds: seconds(c.get('watch_ms')!.series[i]!),
        engagements: engagement(i),
        followersGained: c.get('followers_gained')!.series[i]!,
        followersLost: c.get('followers_lost')!.series[i]!,
      })),
      topContent: await this.topContent(caller, range),
      revenue: await revenueReport(this.db, { creatorId: caller }, range),
    }
  }

  /** The caller's revenue and members (reports.creator has it too). */
  revenue(caller: string, range: Range) {
    return revenueReport(this.db, { creatorId: caller }, range)
  }

  /** The caller's ten videos with the most views and ten posts with the most impressions in the range. */
  private async topContent(caller: string, range: Range) {
    const since = new Date(Math.floor(range.from / DAY_MS) * DAY_MS)
    const sum = sql<string>`sum(c.value)`
    const videos = await this.db
      .selectFrom('analyticsCounters as c')
      .innerJoin('videos as x', 'x.id', 'c.entityId')
      .select(['c.entityId as id', sum.as('value')])
      .where('c.entityKind', '=', 'video')
      .where('x.ownerId', '=', caller)
      .where('c.grain', '=', 'd')
      .where('c.bucket', '>=', since)
      .where('c.bucket', '<', new Date(range.to))
      .where('c.metric', '=', 'views')
      .where('c.dim', '=', '')
      .groupBy('c.entityId')
      .orderBy('value', 'desc')
      .orderBy('c.entityId')
      .limit(10)
      .execute()
    const posts = await this.db
      .selectFrom('analyticsCounters as c')
      .innerJoin('posts as x', 'x.id', 'c.entityId')
      .select(['c.entityId as id', sum.as('value')])
      .where('c.entityKind', '=', 'post')
      .where('x.authorId', '=', caller)
      .where('c.grain', '=', 'd')
      .where('c.bucket', '>=', since)
      .where('c.bucket', '<', new Date(range.to))
      .where('c.metric', '=', 'impressions')
      .where('c.dim', '=', '')
      .groupBy('c.entityId')
      .orderBy('value', 'desc')
      .orderBy('c.entityId')
      .limit(10)
      .execute()
    const titles = videos.length
      ? await this.db
          .selectFrom('videos')
          .select(['id', 'title'])
          .where(
            'id',
            'in',
            videos.map((v) => v.id),
          )
          .execute()
      : []
    const title = new Map(titles.map((r) => [r.id, r.title]))
    return {
      videos: videos.map((v) => ({ id: v.id, title: title.get(v.id) ?? '', views: Number(v.value) })),
      posts: posts.map((p) => ({ id: p.id, impressions: Number(p.value) })),
    }
  }

  async stream(caller: string, id: string, range: Range) {
    const stream = await this.db
      .selectFrom('liveStreams')
      .select(['id', 'ownerId', 'title', 'startedAt', 'endedAt'])
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    owned(stream?.ownerId, caller, 'stream')
    const minutes = await this.db
      .selectFrom('analyticsLiveConcurrency')
      .select(['minute', 'viewers'])
      .where('streamId', '=', id)
      .where('minute', '>=', new Date(range.from))
      .where('minute', '<', new Date(range.to))
      .execute()
    const chat = await this.db
      .selectFrom('liveChatMessages')
      .select([sql<Date>`date_trunc('minute', created_at)`.as('minute'), sql<string>`count(*)`.as('n')])
      .where('streamId', '=', id)
      .where('createdAt', '>=', new Date(range.from))
      .where('createdAt', '<', new Date(range.to))
      .groupBy(sql`1`)
      .execute()
    const u = (await readUniques(this.db, 'stream', id, range, ['viewers'])).get('viewers')!
    // Live minutes: from the start (or the range's) to the end (or now), within the range.
    const liveFrom = Math.max(range.from, stream!.startedAt?.getTime() ?? range.to)
    const liveTo = Math.min(range.to, stream!.endedAt?.getTime() ?? Date.now())
    const liveMinutes = Math.max(0, Math.ceil((liveTo - liveFrom) / 60_000))
    const viewerMinutes = minutes.reduce((s, m) => s + m.viewers, 0)
    const messages = chat.reduce((s, m) => s + Number(m.n), 0)
    const per = range.starts.map(() => ({ peak: 0, viewerMinutes: 0, minutes: 0, messages: 0 }))
    const slot = (at: number) => {
      let i = range.starts.length - 1
      while (i > 0 && range.starts[i]! > at) i--
      return per[i]!
    }
    for (const m of minutes) {
      const p = slot(m.minute.getTime())
      p.peak = Math.max(p.peak, m.viewers)
      p.viewerMinutes += m.viewers
      p.minutes++
    }
    for (const m of chat) slot(m.minute.getTime()).messages += Number(m.n)
    return {
      id,
      title: stream!.title,
      ...head(range),
      totals: {
        peakViewers: minutes.reduce((s, m) => Math.max(s, m.viewers), 0),
        averageViewers: liveMinutes ? Math.round((viewerMinutes / liveMinutes) * 100) / 100 : 0,
        uniqueViewers: u.total,
        viewerMinutes,
        liveMinutes,
        chatMessages: messages,
        chatMessagesPerMinute: liveMinutes ? Math.round((messages / liveMinutes) * 100) / 100 : 0,
      },
      series: starts(range).map((start, i) => ({
        start,
        peakViewers: per[i]!.peak,
        averageViewers: per[i]!.minutes
          ? Math.round((per[i]!.viewerMinutes / per[i]!.minutes) * 100) / 100
          : 0,
        uniqueViewers: u.series[i]!,
        chatMessages: per[i]!.messages,
      })),
    }
  }

  private breakdowns(counted: Parameters<typeof breakdown>[0], audience: number, names: string[]) {
    if (audience < this.minAudience) return null
    return Object.fromEntries(
      names.map((n) => [
        `${n === 'country' ? 'countries' : `${n}s`}`,
        breakdown(counted, n, audience, this.minAudience) ?? [],
      ]),
    ) as Record<string, { key: string; value: number }[]>
  }
}

function owned(owner: string | undefined, caller: string, what: string): void {
  if (!owner) throw new HttpError(problems.notFound, `No such ${what}`)
  if (owner !== caller) throw new HttpError(problems.forbidden, `Only the ${what}'s owner sees its analytics`)
}
