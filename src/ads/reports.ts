import { type Kysely, sql } from 'kysely'
import { rangeOf } from '../analytics/range.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Advertisers } from './advertisers.ts'
import type { Campaigns } from './campaigns.ts'

export interface ReportQuery {
  from?: string
  to?: string
  granularity?: 'hour' | 'day' | 'week' | 'month'
}

interface Figures {
  impressions: number
  clicks: number
  /** Clicks per impression (0 without impressions). */
  ctr: number
  /** Minor units (rounded down) and exactly, in thousandths. */
  spend: number
  spendMilli: number
  /** Distinct viewers who saw an impression, and impressions per viewer. */
  reach: number
  frequency: number
  firstQuartile: number
  midpoint: number
  thirdQuartile: number
  complete: number
  skips: number
}

type Counted = {
  impressions: string
  clicks: string
  reach: string
  firstQuartile: string
  midpoint: string
  thirdQuartile: string
  complete: string
  skips: string
}

const count = (filter: string, alias: keyof Counted) =>
  sql<string>`count(*) filter (where kind = ${sql.lit(filter)})`.as(alias)
const COUNTS = [
  count('impression', 'impressions'),
  count('click', 'clicks'),
  sql<string>`count(distinct viewer_key) filter (where kind = 'impression')`.as('reach'),
  count('first_quartile', 'firstQuartile'),
  count('midpoint', 'midpoint'),
  count('third_quartile', 'thirdQuartile'),
  count('complete', 'complete'),
  count('skip', 'skips'),
] as const

function figures(counted: Counted | undefined, spendMilli: number): Figures {
  const n = (v: string | undefined) => Number(v ?? 0)
  const impressions = n(counted?.impressions)
  const clicks = n(counted?.clicks)
  const reach = n(counted?.reach)
  return {
    impressions,
    clicks,
    ctr: impressions ? Math.round((clicks / impressions) * 10_000) / 10_000 : 0,
    spend: Math.floor(spendMilli / 1000),
    spendMilli,
    reach,
    frequency: reach ? Math.round((impressions / reach) * 100) / 100 : 0,
    firstQuartile: n(counted?.firstQuartile),
    midpoint: n(counted?.midpoint),
    thirdQuartile: n(counted?.thirdQuartile),
    complete: n(counted?.complete),
    skips: n(counted?.skips),
  }
}

/**
 * A campaign's report for its advertiser: impressions, clicks, CTR, spend, reach and frequency,
 * video quartiles, over a range by hour, day, week or month (UTC), and by country; invalid
 * traffic filtered out is counted apart. Read from the events and spend tables.
 */
export class Reports {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly advertisers: Advertisers,
    private readonly campaigns: Campaigns,
  ) {}

  async campaign(userId: string, id: string, query: ReportQuery) {
    const advertiser = await this.advertisers.of(userId)
    await this.campaigns.owned(this.db, advertiser.id, id)
    const range = rangeOf(query)
    const from = new Date(range.from)
    const to = new Date(range.to)
    const bucket = sql`date_trunc(${range.granularity}, occurred_at, 'UTC')`
    const events = this.db
      .selectFrom('adEvents')
      .where('campaignId', '=', id)
      .where('occurredAt', '>=', from)
      .where('occurredAt', '<', to)
    const spend = this.db
      .selectFrom('adSpend')
      .where('campaignId', '=', id)
      .where('occurredAt', '>=', from)
      .where('occurredAt', '<', to)
    const [total, totalSpend, byBucket, spendByBucket, byCountry, spendByCountry, invalid] =
      await Promise.all([
        events.select(COUNTS).executeTakeFirst(),
        spend.select(sql<string>`coalesce(sum(amount_milli), 0)`.as('milli')).executeTakeFirst(),
        events
          .select([sql<Date>`${bucket}`.as('start'), ...COUNTS])
          .groupBy(sql`1`)
          .execute(),
        spend
          .select([sql<Date>`${bucket}`.as('start'), sql<string>`sum(amount_milli)`.as('milli')])
          .groupBy(sql`1`)
          .execute(),
        events
          .select(['country', ...COUNTS])
          .groupBy('country')
          .execute(),
        spend
          .select(['country', sql<string>`sum(amount_milli)`.as('milli')])
          .groupBy('country')
          .execute(),
        this.db
          .selectFrom('adInvalidEvents')
          .select(sql<string>`coalesce(sum(count), 0)`.as('n'))
          .where('campaignId', '=', id)
          .where('day', '>=', new Date(Math.floor(range.from / 86_400_000) * 86_400_000))
          .where('day', '<', to)
          .executeTakeFirst(),
      ])
    const counted = new Map(byBucket.map((r) => [new Date(r.start).getTime(), r]))
    const spent = new Map(spendByBucket.map((r) => [new Date(r.start).getTime(), Number(r.milli)]))
    const countries = new Set([...byCountry.map((r) => r.country), ...spendByCountry.map((r) => r.country)])
    return {
      campaignId: id,
      currency: advertiser.currency,
      from: from.toISOString(),
      to: to.toISOString(),
      granularity: range.granularity,
      totals: { ...figures(total, Number(totalSpend?.milli ?? 0)), invalidEvents: Number(invalid?.n ?? 0) },
      series: range.starts.map((start) => ({
        start: new Date(start).toISOString(),
        ...figures(counted.get(start), spent.get(start) ?? 0),
      })),
      countries: [...countries]
        .map((country) => ({
          country,
          ...figures(
            byCountry.find((r) => r.country === country),
            Number(spendByCountry.find((r) => r.country === country)?.milli ?? 0),
          ),
        }))
        .sort((a, b) => b.impressions - a.impressions || b.spendMilli - a.spendMilli),
    }
  }
}
