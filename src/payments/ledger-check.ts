import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

export interface LedgerReport {
  transactions: number
  entries: number
  /** Each broken rule, in words; empty when the books hold. */
  problems: string[]
}

/**
 * The ledger's invariants: every transaction has two entries or more and sums to zero in each
 * currency, and every kept balance equals the sum of its account's entries (and none is missing).
 * Read in one repeatable-read snapshot, so postings landing meanwhile do not confuse it.
 */
export async function checkLedger(db: Kysely<DB>): Promise<LedgerReport> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const problems: string[] = []
      const unbalanced = await sql<{ id: string; currency: string; sum: string }>`
        select transaction_id as id, currency, sum(amount)::text as sum from ledger_entries
        group by transaction_id, currency having sum(amount) <> 0 limit 100`.execute(trx)
      for (const r of unbalanced.rows)
        problems.push(`transaction ${r.id} sums to ${r.sum} ${r.currency}, not zero`)
      const thin = await sql<{ id: string; n: string }>`
        select t.id, count(e.id)::text as n from ledger_transactions t
        left join ledger_entries e on e.transaction_id = t.id
        group by t.id having count(e.id) < 2 limit 100`.execute(trx)
      for (const r of thin.rows) problems.push(`transaction ${r.id} has ${r.n} entries`)
      const drift = await sql<{
        account: string
        currency: string
        kept: string | null
        summed: string | null
      }>`
        select coalesce(b.account, s.account) as account, coalesce(b.currency, s.currency) as currency,
               b.balance::text as kept, s.total::text as summed
        from ledger_balances b
        full join (select account, currency, sum(amount) as total from ledger_entries group by account, currency) s
          on s.account = b.account and s.currency = b.currency
        where b.balance is distinct from s.total limit 100`.execute(trx)
      for (const r of drift.rows)
        problems.push(
          `balance of ${r.account} in ${r.currency} is ${r.kept ?? 'missing'}, its entries sum to ${r.summed ?? 0}`,
        )
      const counts = await sql<{ t: string; e: string }>`
        select (select count(*) from ledger_transactions)::text as t, (select count(*) from ledger_entries)::text as e`.execute(
        trx,
      )
      return { transactions: Number(counts.rows[0]?.t), entries: Number(counts.rows[0]?.e), problems }
    })
}
