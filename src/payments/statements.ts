import { sql } from 'kysely'
import type { Database } from '../platform/db/connect.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { ACCOUNTS } from './ledger.ts'

/**
 * A creator's side of the books: what the platform owes them (their account's credit balance,
 * shown positive) and monthly statements of the movements, JSON or CSV.
 */
export class Statements {
  constructor(private readonly db: Database) {}

  async balance(creatorId: string) {
    const rows = await this.db
      .selectFrom('ledgerBalances')
      .select(['currency', 'balance'])
      .where('account', '=', ACCOUNTS.creator(creatorId))
      .orderBy('currency')
      .execute()
    const inTransit = await sql<{ currency: string; amount: string }>`
      select e.currency, sum(e.amount)::text as amount from ledger_entries e
      join ledger_transactions t on t.id = e.transaction_id
      where e.account = ${ACCOUNTS.creator(creatorId)} and t.kind = 'payout.created'
        and not exists (select 1 from ledger_transactions p where p.reference = replace(t.reference, ':created', ':paid'))
      group by e.currency`.execute(this.db)
    const transit = new Map(inTransit.rows.map((r) => [r.currency, Number(r.amount)]))
    return {
      items: rows.map((r) => ({
        currency: r.currency,
        amount: -Number(r.balance),
        inTransit: transit.get(r.currency) ?? 0,
      })),
    }
  }

  async month(creatorId: string, month: string) {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
    if (!m)
      throw new HttpError(problems.validation, 'month is YYYY-MM', {
        errors: [{ field: 'query.month', message: 'YYYY-MM' }],
      })
    const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))
    const to = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1))
    const account = ACCOUNTS.creator(creatorId)
    const [opening, entries] = await Promise.all([
      this.db
        .selectFrom('ledgerEntries')
        .select(['currency', (eb) => eb.fn.sum<string>('amount').as('sum')])
        .where('account', '=', account)
        .where('createdAt', '<', from)
        .groupBy('currency')
        .execute(),
      this.db
        .selectFrom('ledgerEntries as e')
        .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
        .select(['e.id', 'e.amount', 'e.currency', 'e.createdAt', 't.kind', 't.reference', 't.memo'])
        .where('e.account', '=', account)
        .where('e.createdAt', '>=', from)
        .where('e.createdAt', '<', to)
        .orderBy('e.id')
        .limit(10_000)
        .execute(),
    ])
    const open = new Map(opening.map((r) => [r.currency, -Number(r.sum)]))
    const close = new Map(open)
    const lines = entries.map((e) => {
      const amount = -Number(e.amount)
      close.set(e.currency, (close.get(e.currency) ?? 0) + amount)
      return {
        at: e.createdAt.toISOString(),
        kind: e.kind,
        reference: e.reference,
        memo: e.memo,
        amount,
        currency: e.currency,
      }
    })
    const currencies = [...new Set([...open.keys(), ...close.keys()])].sort()
    return {
      month,
      totals: currencies.map((c) => ({ currency: c, opening: open.get(c) ?? 0, closing: close.get(c) ?? 0 })),
      lines,
    }
  }
}

/** A statement as CSV (RFC 4180): one line per movement. */
export function statementCsv(statement: Awaited<ReturnType<Statements['month']>>): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v)
    return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
  }
  const rows = [['at', 'kind', 'reference', 'memo', 'amount', 'currency']]
  for (const l of statement.lines)
    rows.push([l.at, l.kind, l.reference, l.memo ?? '', String(l.amount), l.currency])
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}
