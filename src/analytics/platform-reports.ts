import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { DAY_MS, floorTo, PLATFORM_ID, weekOf } from './buckets.ts'
import { Hll } from './hll.ts'
import type { Range } from './range.ts'
import { readCounters, readUniques } from './read-rollups.ts'
import { revenueReport } from './revenue.ts'

const COUNTS = [
  'signups',
  'posts',
  'uploads',
  'encoded_ms',
  'encode_failures',
  'live_streams',
  'views',
  'watch_ms',
  'reports',
  'moderation_actions',
  'moderation_reversals',
  'appeals',
  'cases_resolved',
  'tips',
  'copyright_claims',
  'copyright_disputes',
  'copyright_decisions',
  'client_events',
] as const

/** The platform's figures for admins, from the platform's rollups. */
export class PlatformReports {
  constructor(private readonly db: Kysely<DB>) {}

  async overview(range: Range) {
    const c = await readCounters(this.db, 'platform', PLATFORM_ID, range, COUNTS)
    const u = await readUniques(this.db, 'platform', PLATFORM_ID, range, ['active_users', 'visitors'])
    const t = (m: string) => c.get(m)!.total
    const s = (m: string, i: number) => c.get(m)!.series[i]!
    const asOf = Math.min(range.to, Date.now())
    return {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      granularity: range.granularity,
      active: {
        asOf: new Date(asOf).toISOString(),
        dau: await this.activeUsers(asOf, 1),
        wau: await this.activeUsers(asOf, 7),
        mau: await this.activeUsers(asOf, 30),
      },
      totals: {
        activeUsers: u.get('active_users')!.total,
        visitors: u.get('visitors')!.total,
        signups: t('signups'),
        posts: t('posts'),
        uploads: t('uploads'),
        encodingMinutes: Math.round(t('encoded_ms') / 600) / 100,
        encodeFailures: t('encode_failures'),
        liveStreams: t('live_streams'),
        views: t('views'),
        watchHours: Math.round(t('watch_ms') / 36_000) / 100,
        reports: t('reports'),
        moderationActions: t('moderation_actions'),
        moderationReversals: t('moderation_reversals'),
        appeals: t('appeals'),
        casesResolved: t('cases_resolved'),
        tips: t('tips'),
        copyrightClaims: t('copyright_claims'),
        copyrightDisputes: t('copyright_disputes'),
      },
      moderation: {
        actionsByKind: dims(c.get('moderation_actions')!.dims, 'kind'),
        reportsByCategory: dims(c.get('reports')!.dims, 'category'),
        copyrightDecisions: dims(c.get('copyright_decisions')!.dims, 'action'),
      },
      series: range.starts.map((start, i) => ({
        start: new Date(start).toISOString(),
        activeUsers: u.get('active_users')!.series[i]!,
        visitors: u.get('visitors')!.series[i]!,
        signups: s('signups', i),
        posts: s('posts', i),
        uploads: s('uploads', i),
        encodingMinutes: Math.round(s('encoded_ms', i) / 600) / 100,
        views: s('views', i),
        reports: s('reports', i),
        moderationActions: s('moderation_actions', i),
      })),
      revenue: await revenueReport(this.db, 'platform', range),
    }
  }

  /** The platform's revenue and members (overview has it too). */
  revenue(range: Range) {
    return revenueReport(this.db, 'platform', range)
  }

  /** Signed-in users active in the `days` days up to `asOf` (the daily sketches merged). */
  private async activeUsers(asOf: number, days: number): Promise<number> {
    const rows = await this.db
      .selectFrom('analyticsSketches')
      .select('sketch')
      .where('entityKind', '=', 'platform')
      .where('entityId', '=', PLATFORM_ID)
      .where('grain', '=', 'd')
      .where('metric', '=', 'active_users')
      .where('bucket', '>', new Date(floorTo(asOf, 'd') - days * DAY_MS))
      .where('bucket', '<=', new Date(floorTo(asOf, 'd')))
      .execute()
    const all = new Hll()
    for (const r of rows) all.merge(Hll.fromBytes(r.sketch))
    return all.count()
  }

  /**
   * Retention cohorts: the users who signed up in each of the last `weeks` weeks, and the share of
   * them active in each week after (week 0 is the sign-up week).
   */
  async cohorts(weeks: number, now = Date.now()) {
    const last = weekOf(now)
    const first = last - (weeks - 1) * 7 * DAY_MS
    const sizes = await sql<{ cohort: Date; users: string }>`
      select date_trunc('week', created_at, 'UTC') as cohort, count(*) as users from users
      where created_at >= ${new Date(first)} group by 1`.execute(this.db)
    const active = await sql<{ cohort: Date; week: Date; users: string }>`
      select date_trunc('week', u.created_at, 'UTC') as cohort, (w.week::text || ' 00:00:00+00')::timestamptz as week,
        count(*) as users
      from users u join analytics_user_weeks w on w.user_id = u.id
      where u.created_at >= ${new Date(first)}
      group by 1, 2`.execute(this.db)
    const cohorts = new Map<number, { size: number; active: Map<number, number> }>()
    for (const r of sizes.rows) cohorts.set(r.cohort.getTime(), { size: Number(r.users), active: new Map() })
    for (const r of active.rows) {
      const c = cohorts.get(r.cohort.getTime())
      const k = Math.round((r.week.getTime() - r.cohort.getTime()) / (7 * DAY_MS))
      if (c && k >= 0) c.active.set(k, Number(r.users))
    }
    const out = []
    for (let start = first; start <= last; start += 7 * DAY_MS) {
      const c = cohorts.get(start)
      const span = Math.round((last - start) / (7 * DAY_MS)) + 1
      out.push({
        week: new Date(start).toISOString().slice(0, 10),
        users: c?.size ?? 0,
        retention: Array.from({ length: span }, (_, k) =>
          c?.size ? Math.round(((c.active.get(k) ?? 0) / c.size) * 10_000) / 10_000 : 0,
        ),
      })
    }
    return { weeks, cohorts: out }
  }
}

function dims(map: Map<string, number>, name: string): { key: string; value: number }[] {
  return [...map]
    .filter(([d, v]) => d.startsWith(`${name}=`) && v > 0)
    .map(([d, value]) => ({ key: d.slice(name.length + 1), value }))
    .sort((a, b) => b.value - a.value)
}
