import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'

/**
 * The books: double-entry, in integer minor units per ISO 4217 currency (lower case, as Stripe
 * writes it). An entry's amount is a debit when positive and a credit when negative; the entries of
 * one transaction sum to zero in each currency. Entries are never updated nor deleted (a trigger
 * refuses it): a correction is a new transaction.
 *
 * Accounts are named, `kind[:id]`. Asset and expense accounts grow with debits, liability and
 * revenue accounts with credits (their balance is negative):
 * - `stripe:clearing`: money held at Stripe (the platform's and its connected accounts'), asset
 * - `stripe:fees`: what Stripe charged, expense
 * - `creator:<userId>`: what the platform owes a creator, liability (negative balance = owed)
 * - `platform:fees`: the platform's fee on memberships and tips, revenue
 * - `platform:revenue`: the platform's other revenue (ad spend), revenue
 * - `payouts:in_transit`: creators' payouts on their way to the bank, asset
 * - `refunds`, `disputes`: the platform's fee given back on refunds and lost to disputes, contra-revenue
 * - `tax:collected`: tax collected for remittance, liability
 *
 * Any module may post: `ledger.post({ kind, reference, entries })`, inside its own transaction
 * (`ledger.post(input, trx)`) so that the books move if and only if its other writes commit.
 */
export const ACCOUNTS = {
  stripeClearing: 'stripe:clearing',
  stripeFees: 'stripe:fees',
  platformFees: 'platform:fees',
  platformRevenue: 'platform:revenue',
  payoutsInTransit: 'payouts:in_transit',
  refunds: 'refunds',
  disputes: 'disputes',
  taxCollected: 'tax:collected',
  creator: (userId: string) => `creator:${userId}`,
} as const

export interface Entry {
  account: string
  /** Minor units: positive debits, negative credits. */
  amount: number
  currency: string
}

export interface Posting {
  /** What happened (`membership.payment`, `tip.payment`, `refund`, `ad.spend`...). */
  kind: string
  /** Unique per money movement (`charge:ch_...`): posting the same reference again does nothing. */
  reference: string
  memo?: string
  entries: Entry[]
}

export class LedgerError extends Error {
  override name = 'LedgerError'
}

const ACCOUNT_NAME = /^[a-z_]+(:[a-z0-9_-]+)*$/

/** Refuses a posting that is not balanced, whole or well named (before anything is written). */
export function checkPosting(posting: Posting): void {
  if (posting.entries.length < 2) throw new LedgerError('a transaction has at least two entries')
  const sums = new Map<string, number>()
  for (const e of posting.entries) {
    if (!ACCOUNT_NAME.test(e.account)) throw new LedgerError(`bad account name ${JSON.stringify(e.account)}`)
    if (!/^[a-z]{3}$/.test(e.currency)) throw new LedgerError(`bad currency ${JSON.stringify(e.currency)}`)
    if (!Number.isSafeInteger(e.amount) || e.amount === 0)
      throw new LedgerError(
        `amount ${e.amount} of ${e.account} is not a non-zero whole number of minor units`,
      )
    sums.set(e.currency, (sums.get(e.currency) ?? 0) + e.amount)
  }
  for (const [currency, sum] of sums)
    if (sum !== 0) throw new LedgerError(`entries in ${currency} sum to ${sum}, not zero`)
}

export class Ledger {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Books one balanced transaction and moves the balances of its accounts; `created` is false
   * when the reference was booked before (nothing written). Inside `trx` when given.
   */
  async post(posting: Posting, trx?: Transaction<DB>): Promise<{ id: string; created: boolean }> {
    checkPosting(posting)
    if (!trx) return this.db.transaction().execute((t) => this.post(posting, t))
    const id = newId()
    const inserted = await trx
      .insertInto('ledgerTransactions')
      .values({ id, kind: posting.kind, reference: posting.reference, memo: posting.memo ?? null })
      .onConflict((oc) => oc.column('reference').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) {
      const found = await trx
        .selectFrom('ledgerTransactions')
        .select('id')
        .where('reference', '=', posting.reference)
        .executeTakeFirstOrThrow()
      return { id: found.id, created: false }
    }
    await trx
      .insertInto('ledgerEntries')
      .values(posting.entries.map((e) => ({ transactionId: id, ...e })))
      .execute()
    // One row per account and currency, in a fixed order (concurrent postings lock alike).
    const moves = new Map<string, Entry>()
    for (const e of posting.entries) {
      const key = `${e.account} ${e.currency}`
      const m = moves.get(key)
      moves.set(key, { ...e, amount: (m?.amount ?? 0) + e.amount })
    }
    const rows = [...moves.values()].sort((a, b) =>
      `${a.account} ${a.currency}` < `${b.account} ${b.currency}` ? -1 : 1,
    )
    await trx
      .insertInto('ledgerBalances')
      .values(rows.map((r) => ({ account: r.account, currency: r.currency, balance: r.amount })))
      .onConflict((oc) =>
        oc.columns(['account', 'currency']).doUpdateSet({
          balance: sql`ledger_balances.balance + excluded.balance`,
        }),
      )
      .execute()
    return { id, created: true }
  }

  /**
   * Locks the balances of `accounts` (every currency each has) in the order `post` locks them,
   * (account, currency) by code point: a transaction that posts several times calls this first
   * with every account it will move, so that it never holds one balance while waiting for another
   * that a transaction locking in the same order holds. Balances that do not exist yet are
   * created by the posting itself (not here: a balance without entries would be a drift).
   */
  async lock(trx: Transaction<DB>, accounts: string[]): Promise<void> {
    const names = [...new Set(accounts)]
    if (!names.length) return
    await sql`select 1 from ledger_balances where account = any(${names}::text[])
      order by account collate "C", currency collate "C" for update`.execute(trx)
  }

  /** The balance of one account in each currency it has (debits positive). */
  async balances(account: string): Promise<{ currency: string; balance: number }[]> {
    const rows = await this.db
      .selectFrom('ledgerBalances')
      .select(['currency', 'balance'])
      .where('account', '=', account)
      .orderBy('currency')
      .execute()
    return rows.map((r) => ({ currency: r.currency, balance: Number(r.balance) }))
  }

  /** Every account's balance (admin totals). */
  async totals(): Promise<{ account: string; currency: string; balance: number }[]> {
    const rows = await this.db
      .selectFrom('ledgerBalances')
      .select(['account', 'currency', 'balance'])
      .orderBy('account')
      .orderBy('currency')
      .execute()
    return rows.map((r) => ({ ...r, balance: Number(r.balance) }))
  }
}
