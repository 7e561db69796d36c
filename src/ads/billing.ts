import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/** A click of a CPC campaign, charged in its event's transaction. */
export interface ClickCharge {
  servingId: string
  campaignId: string
  priceMilli: number
  day: string
  viewerKey: string
  /** The creator whose video carried the ad (a pre-roll): their share of the spend. */
  creatorId: string | null
  /** That video (a pre-roll's): copyright claims on it may take the creator's share. */
  videoId: string | null
  country: string | null
}

/** A viewable impression of a CPM serving, billed against the budget slice it was served from. */
export interface ImpressionCharge {
  leaseId: string
  servingId: string
  priceMilli: number
  viewerKey: string
  frequencyCap: number | null
  day: string
  creatorId: string | null
  /** The pre-roll's video: copyright claims on it may take the creator's share. */
  videoId: string | null
  country: string | null
}

/** A slice granted (amount 0: refused) and the campaign's committed spend after it. */
export interface Grant {
  amountMilli: number
  spentMilli: number
  spentDayMilli: number
}

/**
 * The one way money leaves an advertiser's balance, all of it in PostgreSQL functions
 * (sql/0050_ads.sql, sql/0074_ad_budget_leases.sql) that take their row locks in one order
 * (advertiser, campaign, lease), so nothing concurrent exceeds a budget or a balance:
 * - slices of a CPM campaign's budgets leased to a serving node (`lease`), given back (`giveBack`),
 *   and settled once their servings' tokens have expired (`settle`);
 * - a viewable impression billed against its slice (`impression`), a click against the campaign
 *   (`click`), each recorded by `ad_record_billable_spend` with the platform's and the creator's
 *   shares, which the spend sweep books in the ledger.
 */
export class Billing {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly creatorSharePercent: number,
    /** This node's name on its leases, and how long tokens of servings stay good. */
    private readonly node: string,
    private readonly tokenTtlSeconds: number,
  ) {}

  async lease(
    id: string,
    campaignId: string,
    day: string,
    want: { amountMilli: number; minMilli: number; seconds: number },
  ): Promise<Grant> {
    const { rows } = await sql<{ granted: string; spent: string | null; spentDay: string | null }>`
      select granted, spent, spent_day from ad_lease(${id}::uuid, ${campaignId}::uuid, ${want.amountMilli}::bigint,
        ${want.minMilli}::bigint, ${day}::date, ${this.node}, ${want.seconds}::integer,
        ${this.tokenTtlSeconds}::integer)`.execute(this.db)
    const r = rows[0]!
    return {
      amountMilli: Number(r.granted),
      spentMilli: Number(r.spent ?? 0),
      spentDayMilli: Number(r.spentDay ?? 0),
    }
  }

  /** The node served `servedMilli` of a lease and gives the rest back. */
  async giveBack(leaseId: string, servedMilli: number): Promise<void> {
    await sql`select ad_lease_return(${leaseId}::uuid, ${servedMilli}::bigint)`.execute(this.db)
  }

  /** Settles up to `limit` leases whose servings can no longer be billed; answers how many. */
  async settle(limit = 500): Promise<number> {
    const { rows } = await sql<{ n: number }>`select ad_settle_leases(${limit}::integer) as n`.execute(
      this.db,
    )
    return Number(rows[0]!.n)
  }

  /** Bills a viewable impression in `trx`; false when its slice, state or the frequency cap refuse. */
  async impression(c: ImpressionCharge, trx: Kysely<DB>): Promise<boolean> {
    const { rows } = await sql<{ billed: boolean }>`select ad_bill_impression(${c.leaseId}::uuid,
      ${c.servingId}::uuid, ${c.priceMilli}::bigint, ${c.viewerKey}, ${c.frequencyCap}::integer,
      ${c.day}::date, ${c.creatorId}::uuid, ${this.creatorSharePercent}::integer, ${c.country},
       ${c.videoId}::uuid) as billed`.execute(trx)
    return rows[0]!.billed === true
  }

  /** Charges a click in `trx`, within the campaign's budgets and the balance; false when refused. */
  async click(c: ClickCharge, trx: Kysely<DB>): Promise<boolean> {
    const { rows } = await sql<{ result: string }>`select ad_charge(${c.campaignId}::uuid,
      ${c.priceMilli}::bigint, ${c.priceMilli}::bigint, ${c.day}::date, ${c.viewerKey}, null::integer,
      ${c.servingId}::uuid, 'click', ${c.creatorId}::uuid, ${this.creatorSharePercent}::integer,
      ${c.country}) as result`.execute(trx)
    return Number(rows[0]!.result) >= 0
  }
}
