import { type Kysely, sql, type Transaction } from 'kysely'
import { ACCOUNTS, type Entry, type Ledger } from '../payments/ledger.ts'
import type { DB } from '../platform/db/schema.ts'
import { newId } from '../platform/ids.ts'
import { actionIn, type Policies } from './policies.ts'

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

/** A creator's share of ad spend on one of their videos (a pre-roll's), in milli, by viewer country. */
export interface AdShare {
  videoId: string
  creatorId: string
  currency: string
  country: string | null
  milli: bigint
}

interface ClaimParty {
  id: string
  uploaderId: string
  holderId: string
  state: string
}

/** `amount` split evenly over `n`, the odd units to the first. */
function split<T extends number | bigint>(amount: T, n: number, i: number): T {
  if (typeof amount === 'bigint') {
    const b = BigInt(n)
    return (amount / b + (BigInt(i) < amount % b ? 1n : 0n)) as T
  }
  return (Math.floor(amount / n) + (i < amount % n ? 1 : 0)) as T
}

/**
 * `monetize` claims in the payments ledger: when a claimed video or stream earns (a tip on it, as
 * its payment is booked; the creator's share of a pre-roll's spend, as the ads sweep books it),
 * the creator's part goes to the holders of its monetize claims (split evenly; the odd minor units
 * to the oldest claims), as a transfer between their accounts (`creator:<uploader>` debited,
 * `creator:<holder>` credited) in the transaction that books the earning. A disputed claim's share
 * is held in `copyright:escrow` instead, and once the dispute is decided it goes to the holder
 * (upheld) or back to the uploader (released). Each share is kept in `copyright_revenue` with its
 * ledger transaction.
 */
export class CopyrightRevenue {
  constructor(private readonly ledger: Ledger) {}

  /**
   * Locks what booking an earning on `subject` for `creatorId` moves, in the one order every
   * path that touches both keeps (the ads sweep's, a dispute's decision, the overdue release):
   * its monetize claims first, then the ledger balances of their parties (and escrow while one
   * is disputed), then whatever the caller posts. A tip's payment calls it before booking the
   * charge (which locks the creator's balance). Answers the claims, oldest first.
   */
  async lock(trx: Transaction<DB>, subject: Earning['subject'], creatorId: string): Promise<ClaimParty[]> {
    const claims = await trx
      .selectFrom('copyrightClaims')
      .select(['id', 'uploaderId', 'holderId', 'state'])
      .where(subject.kind === 'video' ? 'videoId' : 'streamId', '=', subject.id)
      .where('policy', '=', 'monetize')
      .where('state', '!=', 'released')
      .where('uploaderId', '=', creatorId)
      .orderBy('createdAt')
      .orderBy('id')
      .forUpdate()
      .execute()
    await this.lockBalances(trx, claims)
    return claims
  }

  /** The balances `claims` move (uploaders', holders', escrow if one is disputed) and `more`, in the ledger's order. */
  async lockBalances(trx: Transaction<DB>, claims: ClaimParty[], more: string[] = []): Promise<void> {
    if (!claims.length && !more.length) return
    await this.ledger.lock(trx, [
      ...more,
      ...claims.flatMap((c) => [ACCOUNTS.creator(c.uploaderId), ACCOUNTS.creator(c.holderId)]),
      ...(claims.some((c) => c.state === 'disputed') ? [ESCROW] : []),
    ])
  }

  /** Books the holders' shares of an earning; answers the amount that left the creator. */
  async earned(trx: Transaction<DB>, e: Earning): Promise<number> {
    const claims = await this.lock(trx, e.subject, e.creatorId)
    if (!claims.length || e.amount <= 0) return 0
    let moved = 0
    for (const [i, c] of claims.entries()) {
      const share = split(e.amount, claims.length, i)
      const memo = `${e.subject.kind} ${e.subject.id} claimed (${c.id})`
      if (await this.book(trx, c, share, e.currency, e.source, memo)) moved += share
    }
    return moved
  }

  /**
   * The creators' shares of a batch of ad spend (`batch`: its first and last row, booked once), each taken by
   * the claims on its video whose policy in the viewer's country is `monetize` (a country's own
   * rule, else `*`), split evenly (the odd milli to the oldest). Spend is in milli: what a claim
   * gets below one minor unit is carried (`copyright_revenue_carry`) to its next batch. The claims
   * are locked first, then the balances they move together with `posting` (the accounts the
   * caller posts to afterwards), in the ledger's order.
   */
  async adShares(
    trx: Transaction<DB>,
    batch: string,
    shares: AdShare[],
    posting: string[] = [],
  ): Promise<void> {
    const videos = [...new Set(shares.map((s) => s.videoId))]
    if (!videos.length) return
    const claims = await trx
      .selectFrom('copyrightClaims')
      .select(['id', 'videoId', 'uploaderId', 'holderId', 'state', 'policies'])
      .where('videoId', 'in', videos)
      .where('state', '!=', 'released')
      .orderBy('createdAt')
      .orderBy('id')
      .forUpdate()
      .execute()
    if (!claims.length) return
    await this.lockBalances(trx, claims, posting)
    // Milli per claim and currency.
    const owed = new Map<
      string,
      { claim: ClaimParty & { videoId: string | null }; currency: string; milli: bigint }
    >()
    for (const s of shares) {
      const taking = claims.filter(
        (c) =>
          c.videoId === s.videoId &&
          c.uploaderId === s.creatorId &&
          actionIn(c.policies as Policies, s.country) === 'monetize',
      )
      for (const [i, c] of taking.entries()) {
        const key = `${c.id}:${s.currency}`
        const o = owed.get(key) ?? { claim: c, currency: s.currency, milli: 0n }
        owed.set(key, o)
        o.milli += split(s.milli, taking.length, i)
      }
    }
    for (const { claim, currency, milli } of owed.values()) {
      if (milli <= 0n) continue
      const carried = await sql<{ milli: string }>`
        insert into copyright_revenue_carry as c (claim_id, currency, milli)
        values (${claim.id}, ${currency}, ${String(milli)}::bigint)
        on conflict (claim_id, currency) do update set milli = c.milli + excluded.milli
        returning c.milli::text as milli`.execute(trx)
      const whole = BigInt(carried.rows[0]!.milli) / 1000n
      if (whole === 0n) continue
      await trx
        .updateTable('copyrightRevenueCarry')
        .set({ milli: sql`milli - ${String(whole * 1000n)}::bigint` })
        .where('claimId', '=', claim.id)
        .where('currency', '=', currency)
        .execute()
      const memo = `video ${claim.videoId} claimed (${claim.id}): its pre-rolls' spend`
      await this.book(trx, claim, Number(whole), currency, `ad-spend:${currency}:${batch}`, memo)
    }
  }

  /** One claim's share moved from the uploader to the holder (or to escrow while disputed), once per source. */
  private async book(
    trx: Transaction<DB>,
    c: ClaimParty,
    share: number,
    currency: string,
    source: string,
    memo: string,
  ): Promise<boolean> {
    if (share <= 0) return false
    const held = c.state === 'disputed'
    const posted = await this.ledger.post(
      {
        kind: 'copyright.monetize',
        reference: `copyright:${c.id}:${source}`,
        memo: `${memo}${held ? ', held while disputed' : ''}`,
        entries: [
          { account: ACCOUNTS.creator(c.uploaderId), amount: share, currency },
          { account: held ? ESCROW : ACCOUNTS.creator(c.holderId), amount: -share, currency },
        ],
      },
      trx,
    )
    if (!posted.created) return false
    await trx
      .insertInto('copyrightRevenue')
      .values({
        id: newId(),
        claimId: c.id,
        source,
        amount: share,
        currency,
        held,
        ledgerTransactionId: posted.id,
      })
      .execute()
    return true
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
