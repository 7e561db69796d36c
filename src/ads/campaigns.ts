import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { AdCampaigns, DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { checkName } from '../platform/text.ts'
import type { Advertisers } from './advertisers.ts'
import { adsProblems } from './problems.ts'
import type { Targeting } from './targeting.ts'

export const CAMPAIGN_STATES = ['draft', 'in_review', 'active', 'paused', 'completed', 'rejected'] as const
export type CampaignState = (typeof CAMPAIGN_STATES)[number]

type Row = Selectable<AdCampaigns>
type Tx = Transaction<DB>
/** A campaign with what its budget slices still hold (milli), of all days and of its spend day. */
type ViewRow = Row & { reservedMilli: string | number; reservedDayMilli: string | number }

/**
 * What the campaign's budget slices (sql/0074) hold and have not billed yet, in all and for the
 * day of `spent_day_milli`: counted in `spent_milli` (so no node over-spends), not spent yet.
 * Unsettled slices are few per campaign (one per serving node, a few lease periods each).
 */
const reservedColumns = [
  sql<string>`(select coalesce(sum(l.amount_milli - l.billed_milli), 0) from ad_budget_leases l
    where l.campaign_id = ad_campaigns.id and l.settled_at is null)`.as('reservedMilli'),
  sql<string>`(select coalesce(sum(l.amount_milli - l.billed_milli), 0) from ad_budget_leases l
    where l.campaign_id = ad_campaigns.id and l.settled_at is null and l.day = ad_campaigns.spend_day)`.as(
    'reservedDayMilli',
  ),
] as const

export interface CampaignInput {
  name: string
  objective: 'impressions' | 'clicks'
  bid: { kind: 'cpm' | 'cpc'; amount: number }
  budget: { total: number; daily: number }
  schedule: { startsAt: string; endsAt?: string | null; hours?: number[] }
  targeting?: Partial<Omit<Targeting, 'hours'>>
  frequencyCap?: number | null
}
export type CampaignPatch = Partial<CampaignInput>

/**
 * A campaign as its owner sees it. `spent` is what was billed (viewable impressions, clicks);
 * `reserved` what budget slices leased to serving nodes hold for servings not billed yet (it comes
 * back to the balance for those never viewed): both count against the budgets.
 */
export function campaignView(row: ViewRow, currency: string) {
  const today = row.spendDay !== null && sameUtcDay(row.spendDay, new Date())
  const reserved = Number(row.reservedMilli)
  const reservedToday = today ? Number(row.reservedDayMilli) : 0
  return {
    id: row.id,
    advertiserId: row.advertiserId,
    name: row.name,
    objective: row.objective as 'impressions' | 'clicks',
    state: row.state as CampaignState,
    stateReason: row.stateReason,
    bid: { kind: row.bidKind as 'cpm' | 'cpc', amount: Number(row.bidMinor) },
    budget: {
      currency,
      total: Number(row.totalBudgetMinor),
      daily: Number(row.dailyBudgetMinor),
      spent: Math.floor((Number(row.spentMilli) - reserved) / 1000),
      spentToday: today ? Math.floor((Number(row.spentDayMilli) - reservedToday) / 1000) : 0,
      reserved: Math.floor(reserved / 1000),
      reservedToday: Math.floor(reservedToday / 1000),
    },
    schedule: {
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt?.toISOString() ?? null,
      hours: row.hours,
    },
    targeting: {
      countries: row.countries,
      ageBands: row.ageBands,
      interests: row.interests,
      languages: row.languages,
      devices: row.devices,
    },
    frequencyCap: row.frequencyCap,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function sameUtcDay(a: Date, b: Date) {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10)
}

/** Lists as stored: upper-case countries, lower-case languages and interests, no repeats. */
function cleanList(values: string[] | undefined, upper = false): string[] | undefined {
  if (!values) return undefined
  return [...new Set(values.map((v) => (upper ? v.toUpperCase() : v.toLowerCase())))]
}

/**
 * Campaigns and their states: draft → in_review (submitted; its creatives screened) → active (a
 * creative approved) or rejected (none); active ⇄ paused; completed when its end passes or its
 * budget is spent. Only the advertiser who owns a campaign sees or changes it (others get 404).
 */
export class Campaigns {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly advertisers: Advertisers,
  ) {}

  async create(userId: string, input: CampaignInput) {
    const advertiser = await this.advertisers.of(userId)
    const fields = this.fields(input, undefined)
    const row = await this.db
      .insertInto('adCampaigns')
      .values({ id: newId(), advertiserId: advertiser.id, ...fields } as never)
      .returningAll()
      .executeTakeFirstOrThrow()
    return campaignView({ ...row, reservedMilli: 0, reservedDayMilli: 0 }, advertiser.currency)
  }

  async get(userId: string, id: string) {
    const advertiser = await this.advertisers.of(userId)
    return campaignView(await this.view(this.db, advertiser.id, id), advertiser.currency)
  }

  async list(userId: string, limit: number, cursor?: string) {
    const advertiser = await this.advertisers.of(userId)
    const rows = await this.db
      .selectFrom('adCampaigns')
      .selectAll()
      .select(reservedColumns)
      .where('advertiserId', '=', advertiser.id)
      .$call(newestFirst('created_at', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => campaignView(r, advertiser.currency),
    )
  }

  async update(userId: string, id: string, patch: CampaignPatch) {
    const advertiser = await this.advertisers.of(userId)
    if (Object.values(patch).every((v) => v === undefined))
      throw fieldError('body', 'name at least one field to change')
    return this.db.transaction().execute(async (trx) => {
      const row = await this.owned(trx, advertiser.id, id, true)
      if (row.state === 'completed' || row.state === 'rejected')
        throw new HttpError(adsProblems.campaignState, `A ${row.state} campaign cannot be changed`)
      const fields = this.fields(patch, row)
      const updated = await trx
        .updateTable('adCampaigns')
        .set({ ...fields, updatedAt: new Date() } as never)
        .where('id', '=', id)
        .returningAll()
        .returning(reservedColumns)
        .executeTakeFirstOrThrow()
      return campaignView(updated, advertiser.currency)
    })
  }

  /** draft (or rejected, with new creatives) → in_review; it goes on once its creatives are screened. */
  async submit(userId: string, id: string, review: (trx: Tx, id: string) => Promise<void>) {
    return this.transition(userId, id, ['draft', 'rejected'], 'in_review', async (trx) => {
      const creatives = await trx
        .selectFrom('adCreatives')
        .select('id')
        .where('campaignId', '=', id)
        .execute()
      if (creatives.length === 0)
        throw new HttpError(adsProblems.campaignState, 'Add a creative before submitting the campaign')
      await review(trx, id)
    })
  }

  async pause(userId: string, id: string) {
    return this.transition(userId, id, ['active'], 'paused')
  }

  /** paused → active, or in_review when no creative is approved yet. */
  async resume(userId: string, id: string, review: (trx: Tx, id: string) => Promise<void>) {
    return this.transition(userId, id, ['paused'], 'in_review', (trx) => review(trx, id))
  }

  private async transition(
    userId: string,
    id: string,
    from: CampaignState[],
    to: CampaignState,
    then?: (trx: Tx) => Promise<void>,
  ) {
    const advertiser = await this.advertisers.of(userId)
    return this.db.transaction().execute(async (trx) => {
      const row = await this.owned(trx, advertiser.id, id, true)
      if (!from.includes(row.state as CampaignState))
        throw new HttpError(adsProblems.campaignState, `A ${row.state} campaign cannot become ${to}`)
      await trx
        .updateTable('adCampaigns')
        .set({ state: to, stateReason: null, updatedAt: new Date() })
        .where('id', '=', id)
        .execute()
      await then?.(trx)
      return campaignView(await this.view(trx, advertiser.id, id), advertiser.currency)
    })
  }

  /** The advertiser's campaign with what its budget slices hold, in one statement (one snapshot); 404 otherwise. */
  private async view(db: Kysely<DB> | Tx, advertiserId: string, id: string): Promise<ViewRow> {
    const row = await db
      .selectFrom('adCampaigns')
      .selectAll()
      .select(reservedColumns)
      .where('id', '=', id)
      .where('advertiserId', '=', advertiserId)
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such campaign')
    return row
  }

  /** The campaign when the advertiser owns it (locked for a change when `lock`); 404 otherwise. */
  async owned(db: Kysely<DB> | Tx, advertiserId: string, id: string, lock = false): Promise<Row> {
    let q = db
      .selectFrom('adCampaigns')
      .selectAll()
      .where('id', '=', id)
      .where('advertiserId', '=', advertiserId)
    if (lock) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such campaign')
    return row
  }

  /** The columns of an input or a patch, checked as a whole against what the row holds. */
  private fields(input: CampaignPatch, row: Row | undefined) {
    const out: Record<string, unknown> = {}
    if (input.name !== undefined) {
      checkName('body.name', input.name)
      out.name = input.name
    }
    if (input.objective) out.objective = input.objective
    if (input.bid) {
      out.bidKind = input.bid.kind
      out.bidMinor = input.bid.amount
    }
    if (input.budget) {
      out.totalBudgetMinor = input.budget.total
      out.dailyBudgetMinor = input.budget.daily
      if (input.budget.daily > input.budget.total)
        throw fieldError('body.budget.daily', 'must not be more than the total budget')
      if (row && input.budget.total * 1000 < Number(row.spentMilli))
        throw fieldError('body.budget.total', 'must not be less than what the campaign spent and reserved')
    }
    if (input.schedule) {
      const startsAt = dateTimeField('body.schedule.startsAt', input.schedule.startsAt)
      const endsAt = input.schedule.endsAt
        ? dateTimeField('body.schedule.endsAt', input.schedule.endsAt)
        : null
      if (endsAt && endsAt <= startsAt) throw fieldError('body.schedule.endsAt', 'must be after startsAt')
      out.startsAt = startsAt
      out.endsAt = endsAt
      out.hours = [...new Set(input.schedule.hours ?? [])].sort((a, b) => a - b)
    }
    if (input.targeting) {
      const t = input.targeting
      if (t.countries) out.countries = cleanList(t.countries, true)
      if (t.ageBands) out.ageBands = cleanList(t.ageBands)
      if (t.interests) out.interests = cleanList(t.interests?.map((i) => i.replace(/^#/, '')))
      if (t.languages) out.languages = cleanList(t.languages)
      if (t.devices) out.devices = cleanList(t.devices)
    }
    if (input.frequencyCap !== undefined) out.frequencyCap = input.frequencyCap
    return out
  }
}
