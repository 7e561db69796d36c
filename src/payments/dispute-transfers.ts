import type Stripe from 'stripe'
import { creatorShareOf } from './bookkeeping.ts'

/**
 * A chargeback takes the disputed amount from the platform's Stripe balance, while a destination
 * charge left the creator's share on their connected account: that share is taken back by
 * reversing (part of) the charge's transfer, as a refund does with `reverse_transfer`. The
 * connected account's balance may go negative, and Stripe recovers it from the account's later
 * earnings (a payout takes only a positive balance): what the creator's negative balance in the
 * ledger says. A won dispute gives the share of what Stripe returned back with a new transfer.
 * Both are idempotent by the dispute's id, so a retried event moves nothing twice.
 */
export async function reclaimShare(stripe: Stripe, charge: Stripe.Charge, dispute: Stripe.Dispute, tax = 0) {
  const transferId = typeof charge.transfer === 'string' ? charge.transfer : charge.transfer?.id
  if (!transferId) return
  const transfer = await stripe.transfers.retrieve(transferId)
  // Reversed already for this dispute (an attempt that failed after Stripe's answer): done.
  if (transfer.reversals.data.some((r) => r.metadata?.dispute === dispute.id)) return
  // What a refund reversed before is not taken twice.
  const amount = Math.min(
    creatorShareOf(charge, dispute.amount, tax),
    transfer.amount - transfer.amount_reversed,
  )
  if (amount <= 0) return
  await stripe.transfers.createReversal(
    transferId,
    { amount, metadata: { dispute: dispute.id } },
    { idempotencyKey: `dispute:${dispute.id}:reversal` },
  )
}

export async function returnShare(
  stripe: Stripe,
  charge: Stripe.Charge,
  dispute: Stripe.Dispute,
  returned: number,
  tax = 0,
) {
  const destination = charge.transfer_data?.destination
  const amount = creatorShareOf(charge, returned, tax)
  if (!destination || amount <= 0) return
  await stripe.transfers.create(
    {
      amount,
      currency: dispute.currency,
      destination: typeof destination === 'string' ? destination : destination.id,
      source_transaction: charge.id,
      metadata: { dispute: dispute.id },
    },
    { idempotencyKey: `dispute:${dispute.id}:won` },
  )
}
