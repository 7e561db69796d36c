import type { Kysely, Transaction } from 'kysely'
import { ACCOUNTS, type Entry, type Ledger } from '../payments/ledger.ts'
import type { DB } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'

/** Shares of disputed claims, held until the dispute is decided (a liability). */
export const ESCROW = 'copyright:escrow'

export interface Earning {
  /** What earned it: the claimed video or live stream. */
  subject: { kind: 'video' | 'stream'; id: string }
  /** Whose earning it is (the subject's owner: a claim's uploader). */
  creatorId: string
  /** The creator's part, in minor units (what the ledger credited them). */
  amount: number
  currency: string
  /** Unique per earning (`charge:<id>`): booking it twice does nothing. */
  source: string
}

/**
 * `monetize` claims in the payments ledger: when a claimed video or stream earns (a tip on it, as
 * its payment is booked), the creator's part goes to the holders of its monetize claims (split
 * evenly; the odd minor units to the oldest claims), as a transfer between their accounts
 * (`creator:<uploader>` debited, `creator:<holder>` credited) in the transaction that books the
 * earning. A disputed claim's share is held in `copyright:escrow` instead, and once the dispute is
 * decided it goes to the holder (upheld) or back to the uploader (released). Each share is kept in
 * `copyright_revenue` with its ledger transaction.
 */
export class CopyrightRevenue {
  constructor(private readonly ledger: Ledger) {}

  /** Books the holders' shares of an earning; answers the amount that left the creator. */
  async earned(trx: Transaction<DB>, e: Earning): Promise<number> {
    const claims = await trx
      .selectFrom('copyrightClaims')
      .select(['id', 'uploaderId', 'holderId', 'state'])
      .where(e.subject.kind === 'video' ? 'videoId' : 'streamId', '=', e.subject.id)
      .where('policy', '=', 'monetize')
      .where('state', '!=', 'released')
      .where('uploaderId', '=', e.creatorId)
      .orderBy('createdAt')
      .orderBy('id')
      .forUpdate()
      .execute()
    if (!claims.length || e.amount <= 0) return 0
    let moved = 0
    for (const [i, c] of claims.entries()) {
      const share = Math.floor(e.amount / claims.length) + (i < e.amount % claims.length ? 1 : 0)
      if (share <= 0) continue
      const held = c.state === 'disputed'
      const posted = await this.ledger.post(
        {
          kind: 'copyright.monetize',
          reference: `copyright:${c.id}:${e.source}`,
          memo: `${e.subject.kind} ${e.subject.id} claimed (${c.id})${held ? ', held while disputed' : ''}`,
          entries: [
            { account: ACCOUNTS.creator(c.uploaderId), amount: share, currency: e.currency },
            { account: held ? ESCROW : ACCOUNTS.creator(c.holderId), amount: -share, currency: e.currency },
          ],
        },
        trx,
      )
      if (!posted.created) continue
      await trx
        .insertInto('copyrightRevenue')
        .values({
          id: newId(),
          claimId: c.id,
          source: e.source,
          amount: share,
          currency: e.currency,
          held,
          ledgerTransactionId: posted.id,
        })
        .execute()
      moved += share
    }
    return moved
  }

  /** A decided dispute: what its claim's shares held goes to the holder (`upheld`) or back to the uploader. */
  async settle(
    trx: Transaction<DB>,
    claim: { id: string; uploaderId: string; holderId: string },
    to: 'holder' | 'uploader',
  ): Promise<void> {
    const held = await trx
      .updateTable('copyrightRevenue')
      .set({ settled: to })
      .where('claimId', '=', claim.id)
      .where('held', '=', true)
      .where('settled', 'is', null)
      .returning(['amount', 'currency'])
      .execute()
    if (!held.length) return
    const sums = new Map<string, number>()
    for (const h of held) sums.set(h.currency, (sums.get(h.currency) ?? 0) + Number(h.amount))
    const account = ACCOUNTS.creator(to === 'holder' ? claim.holderId : claim.uploaderId)
    const entries: Entry[] = [...sums].flatMap(([currency, amount]) => [
      { account: ESCROW, amount, currency },
      { account, amount: -amount, currency },
    ])
    await this.ledger.post(
      {
        kind: 'copyright.settle',
        reference: `copyright:${claim.id}:settle`,
        memo: `dispute of claim ${claim.id} decided: held shares to the ${to}`,
        entries,
      },
      trx,
    )
  }

  /** A claim's shares by currency: booked to the holder, and held while disputed. */
  async of(db: Kysely<DB>, claimId: string): Promise<{ currency: string; paid: number; held: number }[]> {
    const rows = await db
      .selectFrom('copyrightRevenue')
      .select(['currency', 'amount', 'held', 'settled'])
      .where('claimId', '=', claimId)
      .execute()
    const out = new Map<string, { currency: string; paid: number; held: number }>()
    for (const r of rows) {
      const o = out.get(r.currency) ?? { currency: r.currency, paid: 0, held: 0 }
      out.set(r.currency, o)
      if (!r.held || r.settled === 'holder') o.paid += Number(r.amount)
      else if (r.settled === null) o.held += Number(r.amount)
    }
    return [...out.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1))
  }
}
