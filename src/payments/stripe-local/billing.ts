import type Stripe from 'stripe'
import {
  type Charge,
  type Invoice,
  type PaymentIntent,
  type Price,
  type Shape,
  type Store,
  type Subscription,
  snapshot,
  stripeId,
} from './store.ts'

/** Card pricing of the stand-in: 2.9% + 30 minor units a successful charge. */
export function stripeFee(amount: number): number {
  return Math.round(amount * 0.029) + 30
}
/** What Stripe charges the platform for a dispute. */
export const DISPUTE_FEE = 1500

/**
 * Stripe Tax of the stand-in: the standard rate of the customer's billing country, for the
 * platform registered there (liability `self`); elsewhere it does not collect (zero tax).
 */
export const TAX_RATES: Readonly<Record<string, number>> = {
  AU: 10,
  CA: 5,
  DE: 19,
  ES: 21,
  FR: 20,
  GB: 20,
  IE: 23,
  IT: 22,
  NL: 21,
}

/** The tax on `amount` at the country's rate: added on top (exclusive) or contained in it (inclusive). */
export function taxOn(
  amount: number,
  country: string | null | undefined,
  behavior: string | null | undefined,
): Shape<Stripe.Invoice.TotalTax> {
  const rate = TAX_RATES[country ?? ''] ?? 0
  const inclusive = behavior === 'inclusive'
  const tax = inclusive ? Math.round((amount * rate) / (100 + rate)) : Math.round((amount * rate) / 100)
  return {
    amount: tax,
    tax_behavior: inclusive ? 'inclusive' : 'exclusive',
    taxability_reason: rate > 0 ? 'standard_rated' : 'not_collecting',
    taxable_amount: rate > 0 ? (inclusive ? amount - tax : amount) : 0,
    type: 'tax_rate_details',
    tax_rate_details: { tax_rate: `txr_local_${(country ?? 'none').toLowerCase()}` },
  }
}

export interface Billing {
  store: Store
  /** Stand-in time, in Unix seconds (advanced by the clock). */
  now(): number
  emit(type: Stripe.Event.Type, object: { id: string }, opts?: { account?: string; previous?: object }): void
}

/**
 * Attempts a PaymentIntent with the customer's card: a charge with its balance transaction (the
 * Stripe fee), and for a destination charge the application fee and the transfer of the rest to
 * the connected account. Emits what Stripe emits.
 */
export function attemptPayment(b: Billing, pi: PaymentIntent, declined: boolean): void {
  const { store } = b
  const amount = pi.amount ?? 0
  const currency = pi.currency ?? 'usd'
  const created = b.now()
  if (declined) {
    pi.status = 'requires_payment_method'
    pi.last_payment_error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' }
    b.emit('payment_intent.payment_failed', pi)
    return
  }
  const txn = {
    id: stripeId('txn'),
    object: 'balance_transaction' as const,
    amount,
    currency,
    fee: stripeFee(amount),
    net: amount - stripeFee(amount),
    type: 'charge' as const,
    created,
    status: 'available',
  }
  store.balanceTransactions.set(txn.id, txn)
  const destination = typeof pi.transfer_data?.destination === 'string' ? pi.transfer_data.destination : null
  const feeAmount = destination ? (pi.application_fee_amount ?? 0) : null
  const charge: Charge = {
    id: stripeId('ch'),
    object: 'charge',
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    currency,
    customer: pi.customer ?? null,
    payment_intent: pi.id,
    balance_transaction: txn.id,
    application_fee_amount: feeAmount,
    transfer_data: destination ? { destination, amount: null } : null,
    paid: true,
    captured: true,
    refunded: false,
    disputed: false,
    status: 'succeeded',
    metadata: { ...(pi.metadata ?? {}) },
    created,
  }
  store.charges.set(charge.id, charge)
  if (destination && feeAmount !== null) {
    const fee = {
      id: stripeId('fee'),
      object: 'application_fee' as const,
      amount: feeAmount,
      currency,
      account: destination,
      charge: charge.id,
      created,
    }
    store.applicationFees.set(fee.id, fee)
    charge.application_fee = fee.id
    const transfer = {
      id: stripeId('tr'),
      object: 'transfer' as const,
      amount: amount - feeAmount,
      amount_reversed: 0,
      reversed: false,
      reversals: { object: 'list' as const, data: [], has_more: false, url: '/v1/transfers/reversals' },
      currency,
      destination,
      source_transaction: charge.id,
      created,
    }
    store.transfers.set(transfer.id, transfer)
    charge.transfer = transfer.id
    store.credit(destination, currency, amount - feeAmount)
  }
  pi.status = 'succeeded'
  pi.amount_received = amount
  pi.latest_charge = charge.id
  pi.last_payment_error = null
  b.emit('charge.succeeded', charge)
  b.emit('payment_intent.succeeded', pi)
}

export function newPaymentIntent(
  b: Billing,
  input: {
    amount: number
    currency: string
    customer?: string | null
    destination?: string | null
    feeAmount?: number | null
    metadata?: Record<string, string>
    description?: string | null
  },
): PaymentIntent {
  const id = stripeId('pi')
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_received: 0,
    currency: input.currency,
    customer: input.customer ?? null,
    description: input.description ?? null,
    application_fee_amount: input.destination ? (input.feeAmount ?? 0) : null,
    transfer_data: input.destination ? { destination: input.destination } : null,
    metadata: input.metadata ?? {},
    status: 'requires_payment_method',
    client_secret: `${id}_secret_${crypto.randomUUID().replaceAll('-', '')}`,
    latest_charge: null,
    created: b.now(),
  }
  b.store.paymentIntents.set(id, pi)
  return pi
}

function periodEnd(start: number, interval: 'month' | 'year'): number {
  const d = new Date(start * 1000)
  if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1)
  else d.setUTCFullYear(d.getUTCFullYear() + 1)
  return Math.floor(d.getTime() / 1000)
}

/** The amount of one period of the subscription's price, its coupon applied while it lasts. */
function periodAmount(b: Billing, sub: Subscription, price: Price): number {
  const state = b.store.subscriptionState.get(sub.id)
  const base = price.unit_amount ?? 0
  const coupon = state?.couponId ? b.store.coupons.get(state.couponId) : undefined
  if (!coupon || (state?.couponMonthsLeft !== undefined && state.couponMonthsLeft <= 0)) return base
  if (state && state.couponMonthsLeft !== undefined) state.couponMonthsLeft -= 1
  if (coupon.duration === 'once' && state) state.couponMonthsLeft = 0
  if (coupon.percent_off) return Math.max(0, Math.round(base * (1 - coupon.percent_off / 100)))
  if (coupon.amount_off) return Math.max(0, base - coupon.amount_off)
  return base
}

/**
 * Bills one period of a subscription: an invoice for `[start, end)`, paid at once (or free in a
 * trial), or left open with the subscription past due when the card declines.
 */
export function billPeriod(
  b: Billing,
  sub: Subscription,
  reason: 'subscription_create' | 'subscription_cycle',
  trial: boolean,
): Invoice {
  const { store } = b
  const item = sub.items?.data?.[0]
  const price = store.prices.get(String((item?.price as Price | undefined)?.id))
  if (!item || !price) throw new Error(`subscription ${sub.id} has no price`)
  const net = trial ? 0 : periodAmount(b, sub, price)
  // Automatic tax: at the rate of the customer's billing country, on the discounted amount.
  const automatic = sub.automatic_tax?.enabled === true
  const country = store.customers.get(String(sub.customer))?.address?.country
  const tax = automatic ? taxOn(net, country, price.tax_behavior) : undefined
  const amount = tax?.tax_behavior === 'exclusive' ? net + (tax.amount ?? 0) : net
  const invoice: Invoice = {
    id: stripeId('in'),
    object: 'invoice',
    customer: String(sub.customer),
    currency: price.currency ?? 'usd',
    amount_due: amount,
    amount_paid: 0,
    amount_remaining: amount,
    total: amount,
    total_excluding_tax: amount - (tax?.amount ?? 0),
    total_taxes: tax && (tax.amount ?? 0) > 0 ? [tax] : [],
    automatic_tax: {
      enabled: automatic,
      liability: automatic ? { type: 'self' } : null,
      provider: automatic ? 'stripe' : null,
      status: automatic ? 'complete' : null,
      disabled_reason: null,
    },
    subtotal: price.unit_amount ?? 0,
    attempt_count: 0,
    attempted: false,
    billing_reason: reason,
    status: 'open',
    period_start: item.current_period_start ?? b.now(),
    period_end: item.current_period_end ?? b.now(),
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: sub.id, metadata: { ...(sub.metadata ?? {}) } },
    },
    lines: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: stripeId('il'),
          object: 'line_item',
          amount: net,
          currency: price.currency ?? 'usd',
          period: { start: item.current_period_start ?? 0, end: item.current_period_end ?? 0 },
        },
      ],
    },
    payments: { object: 'list', has_more: false, data: [] },
    next_payment_attempt: null,
    created: b.now(),
    metadata: {},
  }
  store.invoices.set(invoice.id, invoice)
  sub.latest_invoice = invoice.id
  b.emit('invoice.created', invoice)
  payInvoice(b, sub, invoice)
  return invoice
}

/** One payment attempt of an open invoice (a retry of the dunning too). */
export function payInvoice(b: Billing, sub: Subscription, invoice: Invoice): boolean {
  const { store } = b
  const amount = invoice.amount_due ?? 0
  invoice.attempt_count = (invoice.attempt_count ?? 0) + 1
  invoice.attempted = true
  if (amount > 0) {
    const destination =
      typeof sub.transfer_data?.destination === 'string' ? sub.transfer_data.destination : null
    const pi = newPaymentIntent(b, {
      amount,
      currency: invoice.currency ?? 'usd',
      customer: String(sub.customer),
      destination,
      feeAmount: destination ? Math.round((amount * (sub.application_fee_percent ?? 0)) / 100) : null,
      description: `Subscription ${sub.id}`,
    })
    attemptPayment(b, pi, store.decliningCustomers.has(String(sub.customer)))
    invoice.payments?.data?.push({
      id: stripeId('inpay'),
      object: 'invoice_payment',
      invoice: invoice.id,
      amount_paid: pi.status === 'succeeded' ? amount : null,
      status: pi.status === 'succeeded' ? 'paid' : 'open',
      payment: { type: 'payment_intent', payment_intent: pi.id },
    })
    if (pi.status !== 'succeeded') {
      invoice.next_payment_attempt = b.now() + 3 * 86_400
      b.emit('invoice.payment_failed', invoice)
      return false
    }
  }
  invoice.status = 'paid'
  invoice.amount_paid = amount
  invoice.amount_remaining = 0
  invoice.next_payment_attempt = null
  b.emit('invoice.paid', invoice)
  return true
}

/** Updates a subscription, emitting `customer.subscription.updated` with what changed. */
export function changeSubscription(b: Billing, sub: Subscription, change: Partial<Subscription>): void {
  const previous: Record<string, unknown> = {}
  for (const key of Object.keys(change)) previous[key] = snapshot((sub as Record<string, unknown>)[key])
  Object.assign(sub, change)
  b.emit('customer.subscription.updated', sub, { previous })
}

export function endSubscription(b: Billing, sub: Subscription): void {
  sub.status = 'canceled'
  sub.ended_at = b.now()
  sub.canceled_at ??= b.now()
  b.emit('customer.subscription.deleted', sub)
}

/**
 * What the clock's move makes due: subscriptions past their period end renew (or end, when set to
 * cancel then), open invoices are retried by the dunning (three attempts, then the subscription is
 * canceled). Loops until nothing is due (a long jump renews once per period).
 */
export function runDue(b: Billing): void {
  for (let guard = 0; guard < 1000; guard++) {
    let acted = false
    for (const sub of b.store.subscriptions.values()) {
      const item = sub.items?.data?.[0]
      if (!item || !['active', 'trialing', 'past_due'].includes(sub.status ?? '')) continue
      const open = sub.latest_invoice ? b.store.invoices.get(String(sub.latest_invoice)) : undefined
      if (
        sub.status === 'past_due' &&
        open?.status === 'open' &&
        (open.next_payment_attempt ?? Infinity) <= b.now()
      ) {
        acted = true
        if (payInvoice(b, sub, open)) changeSubscription(b, sub, { status: 'active' })
        else if ((open.attempt_count ?? 0) >= 3) endSubscription(b, sub)
        continue
      }
      if ((item.current_period_end ?? Infinity) > b.now()) continue
      acted = true
      if (sub.cancel_at_period_end) {
        endSubscription(b, sub)
        continue
      }
      if (sub.status === 'past_due') {
        endSubscription(b, sub)
        continue
      }
      const interval = b.store.subscriptionState.get(sub.id)?.interval ?? 'month'
      const start = item.current_period_end ?? b.now()
      item.current_period_start = start
      item.current_period_end = periodEnd(start, interval)
      const invoice = billPeriod(b, sub, 'subscription_cycle', false)
      changeSubscription(b, sub, {
        status: invoice.status === 'paid' ? 'active' : 'past_due',
        items: snapshot(sub.items),
      })
    }
    if (!acted) return
  }
}

export { periodEnd }
