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
  /** That video (a pre-roll's): copyright claims on it may take the creator's share. */
  videoId: string | null
  country: string | null
}

/** What the database answered: the campaign's spend of the day, or why not. */
export type ChargeResult = { ok: true; spentDayMilli: number } | { ok: false; reason: 'budget' | 'frequency' }

interface Pending {
  charge: Charge
  day: string
  resolve: (result: ChargeResult) => void
  reject: (error: unknown) => void
}

/** Batches in flight at once; the charges that come meanwhile wait for the next. */
const MAX_IN_FLIGHT = 4
const MAX_BATCH = 500

/**
 * Charges servings and clicks: the one way money leaves an advertiser's balance. Each charge is
 * the `ad_charge` function (sql/0050_ads.sql), a conditional update of the balance, the campaign's
 * budgets and the viewer's frequency count: all of it or nothing, under row locks, so concurrent
 * servings on any number of nodes never exceed a budget, by even one serving. Billable amounts are
 * recorded by `ad_record_billable_spend` (the spend row with the platform's and the creator's
 * shares): that function is where the payments ledger gets its entry too.
 *
 * The charges of concurrent pages go to the database together (`ad_charge_all`, one prepared
 * statement), the way a database groups commits: one batch in flight per connection it may use,
 * the next gathering what comes meanwhile; a lone page does not wait. A batch is sorted by
 * advertiser, campaign and viewer, the order in which every charge takes its locks, so two
 * batches never wait on each other in a cycle.
 */
export class Billing {
  private queue: Pending[] = []
  private inFlight = 0

  constructor(
    private readonly db: Kysely<DB>,
    private readonly creatorSharePercent: number,
  ) {}

  /** Charges in `trx` (a click with its event), or batched with other pages' charges. */
  async charge(charges: Charge[], day: string, trx?: Kysely<DB>): Promise<ChargeResult[]> {
    if (charges.length === 0) return []
    if (trx)
      return this.run(
        charges.map((charge) => ({ charge, day })),
        trx,
      )
    const results = charges.map(
      (charge) =>
        new Promise<ChargeResult>((resolve, reject) => this.queue.push({ charge, day, resolve, reject })),
    )
    this.flush()
    return Promise.all(results)
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH)
      this.inFlight++
      this.run(batch, this.db)
        .then(
          (results) => {
            for (const [i, p] of batch.entries()) p.resolve(results[i]!)
          },
          (error) => {
            for (const p of batch) p.reject(error)
          },
        )
        .finally(() => {
          this.inFlight--
          this.flush()
        })
    }
  }

  private async run(batch: { charge: Charge; day: string }[], db: Kysely<DB>): Promise<ChargeResult[]> {
    const order = batch.map((_, i) => i).sort((a, b) => lockOrder(batch[a]!.charge, batch[b]!.charge))
    const column = <T>(f: (p: { charge: Charge; day: string }) => T) => order.map((i) => f(batch[i]!))
    const { rows } = await sql<{ results: string[] }>`select ad_charge_all(
      ${column((p) => p.charge.campaignId)}::uuid[], ${column((p) => p.charge.priceMilli)}::bigint[],
      ${column((p) => p.charge.needMilli)}::bigint[], ${column((p) => p.day)}::date[],
      ${column((p) => p.charge.viewerKey)}::text[], ${column((p) => p.charge.frequencyCap)}::integer[],
      ${column((p) => p.charge.servingId)}::uuid[], ${column((p) => p.charge.kind)}::text[],
      ${column((p) => p.charge.creatorId)}::uuid[], ${this.creatorSharePercent}::integer,
      ${column((p) => p.charge.country)}::text[], ${column((p) => p.charge.videoId)}::uuid[]) as results`.execute(
      db,
    )
    const answered = rows[0]!.results
    const out: ChargeResult[] = new Array(batch.length)
    order.forEach((i, n) => {
      const v = Number(answered[n])
      out[i] =
        v >= 0 ? { ok: true, spentDayMilli: v } : { ok: false, reason: v === -2 ? 'frequency' : 'budget' }
    })
    return out
  }
}

function lockOrder(a: Charge, b: Charge): number {
  if (a.advertiserId !== b.advertiserId) return a.advertiserId < b.advertiserId ? -1 : 1
  if (a.campaignId !== b.campaignId) return a.campaignId < b.campaignId ? -1 : 1
  return a.viewerKey < b.viewerKey ? -1 : a.viewerKey > b.viewerKey ? 1 : 0
}
