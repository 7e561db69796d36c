import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'
import type { Targeting } from './targeting.ts'

export interface IndexedCreative {
  id: string
  kind: 'card' | 'video'
  headline: string
  body: string | null
  linkUrl: string
  mediaId: string | null
  videoId: string | null
  durationMs: number | null
}

/** An active campaign as selection sees it: rules, money in milli, its approved creatives. */
export interface IndexedCampaign {
  id: string
  advertiserId: string
  /** The advertiser's own account: never served its own ads (nor charged for its own views). */
  advertiserUserId: string
  advertiserName: string
  bidKind: 'cpm' | 'cpc'
  /** cpm: milli per impression (a CPM bid in minor units is exactly that); cpc: milli per click. */
  bidMilli: number
  totalMilli: number
  dailyMilli: number
  spentMilli: number
  /** Day (YYYY-MM-DD, UTC) of `spentDayMilli`. */
  spendDay: string | null
  spentDayMilli: number
  startsAt: number
  endsAt: number | null
  targeting: Targeting
  frequencyCap: number | null
  /** The observed click rate, smoothed toward a prior (what CPC ranking predicts from). */
  clickRate: number
  /** Expected value of one serving, milli: the CPM bid, or the CPC bid times the click rate. */
  rank: number
  cards: IndexedCreative[]
  videos: IndexedCreative[]
  /** A charge was refused for money, state or schedule: skipped until reloaded. */
  out?: boolean
}

/** Every campaign is read again this often (spend of other nodes); changes in between. */
const FULL_RELOAD_MS = 60_000

/** A new campaign is assumed to be clicked this often, as if seen PRIOR_WEIGHT times. */
const PRIOR_CLICK_RATE = 0.01
const PRIOR_WEIGHT = 200

/**
 * The active campaigns, with approved creatives, held in memory by every node that serves:
 * selection reads no table. Every `refreshMs` the campaigns changed since (state, settings, a
 * creative reviewed) are read again, and every minute all of them (the spend of other nodes). What it holds may be a little behind
 * (a pause, another node's spend); budget slices (budget-leases.ts) are granted by the database
 * under its state, schedule and budgets, so staleness costs a refused slice, never an over-spend.
 */
export class CampaignIndex {
  private campaigns: IndexedCampaign[] = []
  private byId = new Map<string, IndexedCampaign>()
  /** Campaigns for any country, and those of each country they name. */
  private anywhere: IndexedCampaign[] = []
  private byCountry = new Map<string, IndexedCampaign[]>()
  private timer: ReturnType<typeof setInterval> | undefined
  private loading: Promise<void> | undefined
  /** The database's time of the last load, and when the last full one was. */
  private loadedAt: Date | undefined
  private fullAt = 0

  constructor(
    private readonly db: Kysely<DB>,
    private readonly refreshMs: number,
    private readonly log: Logger,
  ) {}

  all(): readonly IndexedCampaign[] {
    return this.campaigns
  }

  /**
   * The campaigns that may take a viewer in `country` (an auction need not look at the others),
   * each list sorted by `rank`, highest first.
   */
  candidates(country: string | null): readonly (readonly IndexedCampaign[])[] {
    const there = country ? this.byCountry.get(country) : undefined
    return there ? [this.anywhere, there] : [this.anywhere]
  }

  get(id: string): IndexedCampaign | undefined {
    return this.byId.get(id)
  }

  /** Loads now (once at a time), and then every `refreshMs` until `stop`. */
  async start(): Promise<void> {
    await this.refresh()
    this.timer ??= setInterval(() => {
      this.refresh().catch((error) => this.log.warn({ err: error }, 'ads: campaign index refresh failed'))
    }, this.refreshMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  /** Loads what changed (or everything, `full`); concurrent calls share one load. */
  refresh(full?: boolean): Promise<void> {
    this.loading ??= this.load(full).finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  /** A serving of this node took `priceMilli` of the campaign's budget (pacing sees it at once). */
  charged(id: string, day: string, priceMilli: number): void {
    const c = this.byId.get(id)
    if (!c) return
    c.spentDayMilli = (c.spendDay === day ? c.spentDayMilli : 0) + priceMilli
    c.spendDay = day
    c.spentMilli += priceMilli
  }

  /** What the database answered of the campaign's spend, total and of the day. */
  committed(id: string, day: string, spentMilli: number, spentDayMilli: number): void {
    const c = this.byId.get(id)
    if (!c) return
    c.spendDay = day
    c.spentDayMilli = spentDayMilli
    c.spentMilli = spentMilli
  }

  /** A slice refused for money, state or schedule: out until the next reload. */
  exhausted(id: string): void {
    const c = this.byId.get(id)
    if (c) c.out = true
  }

  /** Everything again (`full`, the first time and every minute), or what changed since the last load. */
  private async load(full = !this.loadedAt || Date.now() - this.fullAt > FULL_RELOAD_MS): Promise<void> {
    const since = this.loadedAt
    const { rows: clock } = await sql<{ now: Date }>`select now()`.execute(this.db)
    const startedAt = clock[0]!.now
    let query = this.db
      .selectFrom('adCampaigns as c')
      .innerJoin('advertisers as a', 'a.id', 'c.advertiserId')
      .leftJoin('adCampaignCounts as n', 'n.campaignId', 'c.id')
      .select([
        'c.id',
        'c.advertiserId',
        'a.userId',
        'a.name as advertiserName',
        'c.bidKind',
        'c.bidMinor',
        'c.totalBudgetMinor',
        'c.dailyBudgetMinor',
        'c.spentMilli',
        sql<string | null>`to_char(c.spend_day, 'YYYY-MM-DD')`.as('spendDay'),
        'c.spentDayMilli',
        'c.startsAt',
        'c.endsAt',
        'c.hours',
        'c.countries',
        'c.ageBands',
        'c.interests',
        'c.languages',
        'c.devices',
        'c.frequencyCap',
        'n.impressions',
        'n.clicks',
        sql<IndexedCreative[]>`(select coalesce(json_agg(json_build_object(
          'id', r.id, 'kind', r.kind, 'headline', r.headline, 'body', r.body, 'linkUrl', r.link_url,
          'mediaId', r.media_id, 'videoId', r.video_id, 'durationMs', r.duration_ms) order by r.created_at), '[]')
          from ad_creatives r where r.campaign_id = c.id and r.review = 'approved')`.as('creatives'),
        sql<boolean>`c.state = 'active' and a.balance_milli + a.credit_limit_milli > 0 and (c.ends_at is null or c.ends_at > now())`.as(
          'serving',
        ),
      ])
    if (full || !since) query = query.where('c.state', '=', 'active')
    else
      query = query.where(
        sql<boolean>`c.updated_at >= ${since} or exists (select 1 from ad_creatives r
          where r.campaign_id = c.id and r.reviewed_at >= ${since})`,
      )
    const rows = await query.execute()
    this.loadedAt = startedAt
    if (full) this.fullAt = Date.now()
    else if (rows.length === 0) return
    const campaigns: IndexedCampaign[] = []
    for (const r of rows) {
      const creatives = r.creatives
      if (creatives.length === 0 || !r.serving) continue
      const impressions = Number(r.impressions ?? 0)
      const clicks = Number(r.clicks ?? 0)
      campaigns.push({
        id: r.id,
        advertiserId: r.advertiserId,
        advertiserUserId: r.userId,
        advertiserName: r.advertiserName,
        bidKind: r.bidKind as 'cpm' | 'cpc',
        bidMilli: r.bidKind === 'cpm' ? Number(r.bidMinor) : Number(r.bidMinor) * 1000,
        totalMilli: Number(r.totalBudgetMinor) * 1000,
        dailyMilli: Number(r.dailyBudgetMinor) * 1000,
        spentMilli: Number(r.spentMilli),
        spendDay: r.spendDay,
        spentDayMilli: Number(r.spentDayMilli),
        startsAt: r.startsAt.getTime(),
        endsAt: r.endsAt?.getTime() ?? null,
        targeting: {
          countries: r.countries,
          ageBands: r.ageBands,
          interests: r.interests,
          languages: r.languages,
          devices: r.devices,
          hours: r.hours,
        },
        frequencyCap: r.frequencyCap,
        clickRate: (clicks + PRIOR_CLICK_RATE * PRIOR_WEIGHT) / (impressions + PRIOR_WEIGHT),
        rank: 0,
        cards: creatives.filter((k) => k.kind === 'card'),
        videos: creatives.filter((k) => k.kind === 'video'),
      })
    }
    if (full) this.use(campaigns)
    else {
      const changed = new Set(rows.map((r) => r.id))
      this.use([...this.campaigns.filter((c) => !changed.has(c.id)), ...campaigns])
    }
  }

  private use(campaigns: IndexedCampaign[]): void {
    const anywhere: IndexedCampaign[] = []
    const byCountry = new Map<string, IndexedCampaign[]>()
    for (const c of campaigns) c.rank = c.bidKind === 'cpm' ? c.bidMilli : c.bidMilli * c.clickRate
    // Highest value first: an auction stops reading a list once the rest cannot win.
    campaigns.sort(byRank)
    for (const c of campaigns) {
      if (c.targeting.countries.length === 0) anywhere.push(c)
      for (const country of c.targeting.countries) {
        const list = byCountry.get(country)
        if (list) list.push(c)
        else byCountry.set(country, [c])
      }
    }
    this.campaigns = campaigns
    this.byId = new Map(campaigns.map((c) => [c.id, c]))
    this.anywhere = anywhere
    this.byCountry = byCountry
  }
}

export function byRank(a: IndexedCampaign, b: IndexedCampaign): number {
  return b.rank - a.rank
}
