import { sql } from 'kysely'
import type { AdShare, CopyrightRevenue } from '../copyright/revenue.ts'
import { ACCOUNTS, type Entry, type Ledger } from '../payments/ledger.ts'
import type { Database } from '../platform/db/connect.ts'
import { advertiserAccount } from './top-ups.ts'

/** Spend rows booked per ledger transaction at most. */
const BATCH = 5000

/**
 * Posts billable spend to the ledger. `ad_record_billable_spend` (sql/0050) records each billable
 * serving or click as an `ad_spend` row in the charge's statement; this sweep books those rows in
 * batches, off the serving path (one ledger transaction per currency and batch instead of three
 * balance rows locked by every serving): the advertiser's account is debited (its prepaid balance
 * used), the platform's revenue and the creators' balances (`creator:<id>`, the share of pre-rolls
 * on their videos) credited. The rows are marked posted in the same transaction, so each is booked
 * exactly once, even with several workers (`skip locked`).
 *
 * A pre-roll's row names its video: the creators' shares of the batch are handed to copyright
 * (`CopyrightRevenue.adShares`) in the same transaction, which moves what `monetize` claims on
 * those videos take to their holders, as it does for tips.
 *
 * Spend is in milli, the ledger in whole minor units: what an account accrued below one unit is
 * carried to the next batch (`ad_ledger_carry`), and the platform's revenue is what balances the
 * transaction. So the ledger's advertiser and creator accounts trail the exact spend by less than
 * one minor unit each.
 */
export class SpendLedger {
  constructor(
    private readonly db: Database,
    private readonly ledger: Ledger,
    private readonly copyright?: CopyrightRevenue,
  ) {}

  /** One batch; true when more rows wait. */
  readonly postDue = async (): Promise<boolean> => {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        id: string
        advertiserId: string
        amountMilli: string
        creatorId: string | null
        creatorMilli: string
        currency: string
        videoId: string | null
        country: string | null
      }>`select s.id, s.advertiser_id, s.amount_milli, s.creator_id, s.creator_milli, lower(a.currency) as currency,
                s.video_id, s.country
           from ad_spend s join advertisers a on a.id = s.advertiser_id
          where not s.posted order by s.id limit ${BATCH} for update of s skip locked`.execute(trx)
      if (rows.length === 0) return false
      await sql`update ad_spend set posted = true where id = any(${rows.map((r) => r.id)}::bigint[])`.execute(
        trx,
      )
      // Milli accrued per currency and account (debits positive), the platform's left out.
      const accrued = new Map<string, Map<string, bigint>>()
      const add = (currency: string, account: string, milli: bigint) => {
        if (milli === 0n) return
        const m = accrued.get(currency) ?? new Map<string, bigint>()
        accrued.set(currency, m)
        m.set(account, (m.get(account) ?? 0n) + milli)
      }
      for (const r of rows) {
        add(r.currency, advertiserAccount(r.advertiserId), BigInt(r.amountMilli))
        if (r.creatorId) add(r.currency, ACCOUNTS.creator(r.creatorId), -BigInt(r.creatorMilli))
      }
      const first = rows[0]!.id
      const last = rows[rows.length - 1]!.id
      // Claims are locked before any balance (as a dispute's decision locks them): no deadlock between the two.
      const shares: AdShare[] = []
      for (const r of rows)
        if (r.videoId && r.creatorId && r.creatorMilli !== '0')
          shares.push({
            videoId: r.videoId,
            creatorId: r.creatorId,
            currency: r.currency,
            country: r.country,
            milli: BigInt(r.creatorMilli),
          })
      // With them, the balances of this batch's own posting (one order: no deadlock between two sweeps either).
      const posting = [...accrued.values()].flatMap((m) => [...m.keys()])
      if (shares.length)
        await this.copyright?.adShares(trx, `${first}-${last}`, shares, [
          ...posting,
          ACCOUNTS.platformRevenue,
        ])
      for (const [currency, accounts] of accrued) {
        const names = [...accounts.keys()].sort()
        // Each account's carried milli plus this batch's; its whole units are booked, the rest carried.
        const summed = await sql<{ account: string; milli: string }>`
          insert into ad_ledger_carry as c (account, currency, milli)
          select * from unnest(${names}::text[], ${names.map(() => currency)}::text[],
                               ${names.map((n) => String(accounts.get(n)))}::bigint[])
          order by 1
          on conflict (account, currency) do update set milli = c.milli + excluded.milli
          returning c.account, c.milli::text as milli`.execute(trx)
        const whole = summed.rows.map((r) => ({
          account: r.account,
          milli: (BigInt(r.milli) / 1000n) * 1000n,
        }))
        await sql`update ad_ledger_carry c set milli = c.milli - w.milli
          from unnest(${whole.map((w) => w.account)}::text[], ${whole.map((w) => String(w.milli))}::bigint[])
            as w (account, milli)
          where c.account = w.account and c.currency = ${currency} and w.milli <> 0`.execute(trx)
        const entries: Entry[] = whole
          .map((w) => ({ account: w.account, amount: Number(w.milli / 1000n), currency }))
          .filter((e) => e.amount !== 0)
        const rest = -entries.reduce((sum, e) => sum + e.amount, 0)
        if (rest !== 0) entries.push({ account: ACCOUNTS.platformRevenue, amount: rest, currency })
        if (entries.length < 2) continue
        await this.ledger.post(
          {
            kind: 'ad.spend',
            reference: `ad-spend:${currency}:${first}-${last}`,
            memo: `${rows.length} billable servings and clicks`,
            entries,
          },
          trx,
        )
      }
      return rows.length === BATCH
    })
  }
}
