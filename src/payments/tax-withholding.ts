import type Stripe from 'stripe'
import { creatorShareOf, taxShares } from './bookkeeping.ts'

/**
 * Stripe Tax on a destination charge: Stripe takes a subscription's application fee as a percent
 * of the invoice total, tax included, and transfers the rest to the creator's connected account,
 * tax with it. The platform owes that tax (it is the one registered), so what was transferred
 * beyond the creator's share of the amount before tax is taken back by reversing that much of the
 * charge's transfer. Idempotent by the charge's id: a retried event takes nothing twice.
 */
export async function withholdTax(stripe: Stripe, charge: Stripe.Charge, tax: number): Promise<void> {
  const { withheld } = taxShares(charge, tax)
  const transferId = typeof charge.transfer === 'string' ? charge.transfer : charge.transfer?.id
  if (!transferId || withheld <= 0) return
  const transfer = await stripe.transfers.retrieve(transferId)
  if (transfer.reversals.data.some((r) => r.metadata?.tax === charge.id)) return
  await stripe.transfers.createReversal(
    transferId,
    { amount: Math.min(withheld, transfer.amount - transfer.amount_reversed), metadata: { tax: charge.id } },
    { idempotencyKey: `tax:${charge.id}:withheld` },
  )
}

/** The tax of the invoice a PaymentIntent paid (0 when it paid none, or the invoice has no tax). */
export async function invoiceTaxOf(stripe: Stripe, paymentIntentId: string): Promise<number> {
  const payments = await stripe.invoicePayments.list({
    payment: { type: 'payment_intent', payment_intent: paymentIntentId },
    limit: 1,
  })
  const invoiceRef = payments.data[0]?.invoice
  if (!invoiceRef) return 0
  const invoice =
    typeof invoiceRef === 'string'
      ? await stripe.invoices.retrieve(invoiceRef)
      : (invoiceRef as Stripe.Invoice)
  return (invoice.total_taxes ?? []).reduce((sum, t) => sum + t.amount, 0)
}

/**
 * A refund of a taxed charge: `reverse_transfer` would take back the transfer's proportion of it,
 * tax included, from a transfer whose tax was withheld already, so the refund is made without it
 * (admin-routes.ts) and the creator's share of the amount before tax is reversed here, by the
 * refund's id. A refund that reversed the transfer itself (`transfer_reversal`) is left alone.
 */
export async function reclaimRefundShare(
  stripe: Stripe,
  charge: Stripe.Charge,
  refund: Stripe.Refund,
  tax: number,
): Promise<void> {
  const transferId = typeof charge.transfer === 'string' ? charge.transfer : charge.transfer?.id
  if (!transferId || refund.transfer_reversal) return
  const transfer = await stripe.transfers.retrieve(transferId)
  if (transfer.reversals.data.some((r) => r.metadata?.refund === refund.id)) return
  const amount = Math.min(
    creatorShareOf(charge, refund.amount, tax),
    transfer.amount - transfer.amount_reversed,
  )
  if (amount <= 0) return
  await stripe.transfers.createReversal(
    transferId,
    { amount, metadata: { refund: refund.id } },
    { idempotencyKey: `refund:${refund.id}:reversal` },
  )
}

/** The tax of the charge's payment (its invoice's; 0 for a payment without invoice). */
export async function chargeTaxOf(stripe: Stripe, charge: Stripe.Charge): Promise<number> {
  const pi = charge.payment_intent
  return pi ? invoiceTaxOf(stripe, typeof pi === 'string' ? pi : pi.id) : 0
}
