import type { Transaction } from 'kysely'
import type Stripe from 'stripe'
import type { DB } from '../platform/db/schema.ts'
import { ACCOUNTS, type Entry, type Ledger } from './ledger.ts'

/**
 * How each of Stripe's money movements is booked (see ledger.ts for the accounts). Destination
 * charges: the payer's money lands at Stripe (`stripe:clearing`), the creator is owed the amount
 * less the application fee, the platform earns the fee and pays Stripe's fee. A refund or dispute
 * takes back the creator's share and the platform's fee in proportion (the creator's balance may go
 * negative, recovered from later earnings: the share is reversed from their connected account, see
 * dispute-transfers.ts); Stripe keeps its fee, and charges one per dispute.
 */
export class Bookkeeping {
  constructor(private readonly ledger: Ledger) {}

  async charge(
    trx: Transaction<DB>,
    kind: string,
    creatorId: string,
    charge: Stripe.Charge,
    stripeFee: number,
    tax = 0,
  ) {
    const gross = charge.amount
    const currency = charge.currency
    // Tax (Stripe Tax) is owed to tax authorities: the creator's share and the platform's fee are
    // parts of what is left (see taxShares).
    const { creatorShare, feeShare } = taxShares(charge, tax)
    const entries: Entry[] = [
      { account: ACCOUNTS.stripeClearing, amount: gross - stripeFee, currency },
      { account: ACCOUNTS.stripeFees, amount: stripeFee, currency },
      { account: ACCOUNTS.taxCollected, amount: -tax, currency },
      { account: ACCOUNTS.creator(creatorId), amount: -creatorShare, currency },
      { account: ACCOUNTS.platformFees, amount: -feeShare, currency },
    ]
    return this.ledger.post(
      {
        kind,
        reference: `charge:${charge.id}`,
        memo: charge.description ?? undefined,
        entries: nonZero(entries),
      },
      trx,
    )
  }

  /** `tax`: the charge's (its invoice's), given back in proportion from `tax:collected`. */
  async refund(
    trx: Transaction<DB>,
    creatorId: string,
    charge: Stripe.Charge,
    refund: Stripe.Refund,
    tax = 0,
  ) {
    const { creatorShare, feeShare, taxShare } = split(charge, refund.amount, tax)
    const currency = refund.currency
    return this.ledger.post(
      {
        kind: 'refund',
        reference: `refund:${refund.id}`,
        memo: `refund of ${charge.id}`,
        entries: nonZero([
          { account: ACCOUNTS.creator(creatorId), amount: creatorShare, currency },
          { account: ACCOUNTS.refunds, amount: feeShare, currency },
          { account: ACCOUNTS.taxCollected, amount: taxShare, currency },
          { account: ACCOUNTS.stripeClearing, amount: -refund.amount, currency },
        ]),
      },
      trx,
    )
  }

  async dispute(
    trx: Transaction<DB>,
    creatorId: string,
    charge: Stripe.Charge,
    dispute: Stripe.Dispute,
    tax = 0,
  ) {
    const { creatorShare, feeShare, taxShare } = split(charge, dispute.amount, tax)
    const disputeFee = dispute.balance_transactions.reduce((sum, t) => sum + t.fee, 0)
    const currency = dispute.currency
    return this.ledger.post(
      {
        kind: 'dispute',
        reference: `dispute:${dispute.id}`,
        memo: `chargeback of ${charge.id} (${dispute.reason})`,
        entries: nonZero([
          { account: ACCOUNTS.creator(creatorId), amount: creatorShare, currency },
          { account: ACCOUNTS.disputes, amount: feeShare, currency },
          { account: ACCOUNTS.taxCollected, amount: taxShare, currency },
          { account: ACCOUNTS.stripeFees, amount: disputeFee, currency },
          { account: ACCOUNTS.stripeClearing, amount: -(dispute.amount + disputeFee), currency },
        ]),
      },
      trx,
    )
  }

  /**
   * A dispute won: what Stripe gave back (its positive balance transactions; the dispute fee is
   * not returned) goes back to the creator's and the platform's shares in proportion, as a new
   * transaction (the chargeback's entries stay); `returned`: the amount Stripe gave back.
   */
  async disputeWon(
    trx: Transaction<DB>,
    creatorId: string,
    charge: Stripe.Charge,
    dispute: Stripe.Dispute,
    tax = 0,
  ) {
    const returned = dispute.balance_transactions.filter((t) => t.amount > 0)
    const amount = returned.reduce((sum, t) => sum + t.amount, 0)
    const feeBack = returned.reduce((sum, t) => sum + t.fee, 0)
    if (amount === 0) return undefined
    const { creatorShare, feeShare, taxShare } = split(charge, amount, tax)
    const currency = dispute.currency
    const posted = await this.ledger.post(
      {
        kind: 'dispute.won',
        reference: `dispute:${dispute.id}:won`,
        memo: `dispute of ${charge.id} won`,
        entries: nonZero([
          { account: ACCOUNTS.creator(creatorId), amount: -creatorShare, currency },
          { account: ACCOUNTS.disputes, amount: -feeShare, currency },
          { account: ACCOUNTS.taxCollected, amount: -taxShare, currency },
          { account: ACCOUNTS.stripeFees, amount: feeBack, currency },
          { account: ACCOUNTS.stripeClearing, amount: amount - feeBack, currency },
        ]),
      },
      trx,
    )
    return { ...posted, returned: amount }
  }

  /** A payout from the creator's connected account: owed less, then on its way, then gone to the bank. */
  async payout(trx: Transaction<DB>, creatorId: string, payout: Stripe.Payout, stage: 'created' | 'paid') {
    const { amount, currency } = payout
    const entries =
      stage === 'created'
        ? [
            { account: ACCOUNTS.creator(creatorId), amount, currency },
            { account: ACCOUNTS.payoutsInTransit, amount: -amount, currency },
          ]
        : [
            { account: ACCOUNTS.payoutsInTransit, amount, currency },
            { account: ACCOUNTS.stripeClearing, amount: -amount, currency },
          ]
    return this.ledger.post(
      { kind: `payout.${stage}`, reference: `payout:${payout.id}:${stage}`, entries },
      trx,
    )
  }
}

/**
 * The creator's part of `amount` taken back from (or given back to) a charge, in proportion: of
 * what they earned from it, the amount before `tax` less the fee's part (taxShares).
 */
export function creatorShareOf(charge: Stripe.Charge, amount: number, tax = 0): number {
  const fee = charge.application_fee_amount ?? 0
  const earned = Math.round(((charge.amount - fee) * (charge.amount - tax)) / charge.amount)
  return Math.round((earned * amount) / charge.amount)
}

/**
 * A taxed charge's shares: the creator's and the platform's of the amount before tax, in the
 * proportion of the application fee (Stripe takes a subscription's `application_fee_percent` of the
 * invoice total, tax included: that percent of the amount before tax is the platform's fee).
 * `withheld`: what the destination charge transferred to the creator beyond their share, the tax
 * less its part in the fee, taken back from the transfer (tax-withholding.ts).
 */
export function taxShares(charge: Stripe.Charge, tax: number) {
  const creatorShare = creatorShareOf(charge, charge.amount - tax)
  const transferred = charge.amount - (charge.application_fee_amount ?? 0)
  return { creatorShare, feeShare: charge.amount - tax - creatorShare, withheld: transferred - creatorShare }
}

/** The creator's, the tax's and the platform's parts of `amount` taken back from a charge, in proportion. */
function split(charge: Stripe.Charge, amount: number, tax: number) {
  const creatorShare = creatorShareOf(charge, amount, tax)
  const taxShare = Math.round((tax * amount) / charge.amount)
  return { creatorShare, taxShare, feeShare: amount - creatorShare - taxShare }
}

function nonZero(entries: Entry[]): Entry[] {
  return entries.filter((e) => e.amount !== 0)
}
