import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/** One charge asked of the database: a serving (CPM: its price; CPC: nothing yet) or a click. */
export interface Charge {
  servingId: string
  campaignId: string
  advertiserId: string
  kind: 'impression' | 'click'
  /** Milli charged now (0 for a CPC serving). */
  priceMilli: number
  /** Milli that must be left in the budgets (a CPC serving: the click it may bring). */
  needMilli: number
  viewerKey: string
  frequencyCap: number | null
  /** The creator whose video carried the ad (a pre-roll): their share of the spend. */
  creatorId: string | null
  country: string | null
}

/** What the database answered: the campaign's spend of the day, or why not. */
export type ChargeResult = { ok: true; spentDayMilli: number } | { ok: false; reason: 'budget' | 'frequency' }

/**
 * Charges servings and clicks: the one way money leaves an advertiser's balance. Each charge is
 * the `ad_charge` function (sql/0050_ads.sql), a conditional update of the balance, the campaign's
 * budgets and the viewer's frequency count: all of it or nothing, under row locks, so concurrent
 * servings on any number of nodes never exceed a budget, by even one serving. Billable amounts are
 * recorded by `ad_record_billable_spend` (the spend row with the platform's and the creator's
 * shares): that function is where the payments ledger gets its entry too.
 *
 * A page's charges go in one statement (one round trip), ordered by advertiser and campaign, the
 * order in which every charge takes its locks, so two pages never wait on each other in a cycle.
 */
export class Billing {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly creatorSharePercent: number,
  ) {}

  async charge(charges: Charge[], day: string, db: Kysely<DB> = this.db): Promise<ChargeResult[]> {
    if (charges.length === 0) return []
    const order = charges
      .map((c, i) => ({ c, i }))
      .sort((a, b) =>
        a.c.advertiserId === b.c.advertiserId
          ? a.c.campaignId.localeCompare(b.c.campaignId)
          : a.c.advertiserId.localeCompare(b.c.advertiserId),
      )
    const calls = order.map(
      ({ c }, n) =>
        sql`ad_charge(${c.campaignId}::uuid, ${c.priceMilli}::bigint, ${c.needMilli}::bigint, ${day}::date,
          ${c.viewerKey}, ${c.frequencyCap}::integer, ${c.servingId}::uuid, ${c.kind}, ${c.creatorId}::uuid,
          ${this.creatorSharePercent}::integer, ${c.country}) as ${sql.ref(`c${n}`)}`,
    )
    const { rows } = await sql<Record<string, string>>`select ${sql.join(calls)}`.execute(db)
    const out: ChargeResult[] = new Array(charges.length)
    order.forEach(({ i }, n) => {
      const v = Number(rows[0]![`c${n}`])
      out[i] =
        v >= 0 ? { ok: true, spentDayMilli: v } : { ok: false, reason: v === -2 ? 'frequency' : 'budget' }
    })
    return out
  }
}
