import type Stripe from 'stripe'
import {
  attemptPayment,
  type Billing,
  billPeriod,
  changeSubscription,
  endSubscription,
  newPaymentIntent,
  periodEnd,
} from './billing.ts'
import { type Form, int, list, metadata, obj, str } from './form.ts'
import { createInvoice, createInvoiceItem, finalizeInvoice, payOpenInvoice } from './invoices.ts'
import {
  type Account,
  type CheckoutSession,
  type Price,
  type Shape,
  type Subscription,
  snapshot,
  stripeId,
  type Transfer,
  type TransferReversal,
} from './store.ts'

/** A Stripe API error, answered as `{ error: { type, message, param } }`. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

function invalid(message: string, param: string): never {
  throw new StripeApiError(400, message, param, 'parameter_invalid')
}

function need<T>(value: T | undefined, what: string, param?: string): T {
  if (value === undefined) throw new StripeApiError(404, `No such ${what}`, param, 'resource_missing')
  return value
}

function required(form: Form, key: string): string {
  const v = str(form, key)
  if (!v) throw new StripeApiError(400, `Missing required param: ${key}.`, key, 'parameter_missing')
  return v
}

export interface Api extends Billing {
  baseUrl: string
}

type Handler = (api: Api, form: Form, id: string) => { id: string } | object

/** The subset of Stripe's API the platform uses, by method and path (`:id` the object's id). */
export const routes: Record<string, Handler> = {
  'POST /v1/customers': (api, f) => {
    const c = {
      id: stripeId('cus'),
      object: 'customer' as const,
      email: str(f, 'email') ?? null,
      name: str(f, 'name') ?? null,
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.customers.set(c.id, c)
    return c
  },
  'GET /v1/customers/:id': (api, _f, id) => need(api.store.customers.get(id), 'customer'),
  'POST /v1/products': (api, f) => {
    const p = {
      id: stripeId('prod'),
      object: 'product' as const,
      name: required(f, 'name'),
      description: str(f, 'description') ?? null,
      active: true,
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.products.set(p.id, p)
    return p
  },
  'POST /v1/products/:id': (api, f, id) => {
    const p = need(api.store.products.get(id), 'product')
    if (str(f, 'name')) p.name = str(f, 'name')
    if (str(f, 'description') !== undefined) p.description = str(f, 'description') || null
    if (str(f, 'active')) p.active = str(f, 'active') === 'true'
    return p
  },
  'POST /v1/prices': (api, f) => {
    const product = need(api.store.products.get(required(f, 'product')), 'product', 'product')
    const amount = int(f, 'unit_amount')
    if (amount === undefined || amount < 0)
      throw new StripeApiError(400, 'Invalid unit_amount', 'unit_amount')
    const interval = str(obj(f, 'recurring'), 'interval')
    if (interval && interval !== 'month' && interval !== 'year')
      throw new StripeApiError(400, 'Invalid interval', 'recurring[interval]')
    const taxBehavior = str(f, 'tax_behavior') ?? 'unspecified'
    if (!['exclusive', 'inclusive', 'unspecified'].includes(taxBehavior))
      throw new StripeApiError(400, 'Invalid tax_behavior', 'tax_behavior')
    const price: Price = {
      id: stripeId('price'),
      object: 'price',
      product: product.id,
      unit_amount: amount,
      currency: required(f, 'currency').toLowerCase(),
      recurring: interval
        ? { interval, interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null }
        : null,
      type: interval ? 'recurring' : 'one_time',
      tax_behavior: taxBehavior,
      active: true,
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.prices.set(price.id, price)
    return price
  },
  'POST /v1/prices/:id': (api, f, id) => {
    const price = need(api.store.prices.get(id), 'price')
    if (str(f, 'active')) price.active = str(f, 'active') === 'true'
    return price
  },
  'POST /v1/coupons': (api, f) => {
    const percent = str(f, 'percent_off')
    const amountOff = int(f, 'amount_off')
    if (!percent && amountOff === undefined)
      throw new StripeApiError(400, 'percent_off or amount_off is required', 'percent_off')
    const duration = (str(f, 'duration') ?? 'once') as Stripe.Coupon.Duration
    const c = {
      id: stripeId('coupon'),
      object: 'coupon' as const,
      percent_off: percent ? Number(percent) : null,
      amount_off: amountOff ?? null,
      currency: amountOff !== undefined ? required(f, 'currency').toLowerCase() : null,
      duration,
      duration_in_months: duration === 'repeating' ? (int(f, 'duration_in_months') ?? 1) : null,
      max_redemptions: int(f, 'max_redemptions') ?? null,
      times_redeemed: 0,
      valid: true,
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.coupons.set(c.id, c)
    return c
  },
  'POST /v1/checkout/sessions': (api, f) => {
    if (str(f, 'mode') === 'payment') return paymentSession(api, f)
    if (str(f, 'mode') !== 'subscription')
      throw new StripeApiError(400, 'The stand-in serves mode=subscription and mode=payment', 'mode')
    const line = obj({ l: list(f, 'line_items')[0] ?? '' } as Form, 'l')
    const price = need(api.store.prices.get(str(line, 'price') ?? ''), 'price', 'line_items[0][price]')
    if (!price.active) throw new StripeApiError(400, 'The price is not active', 'line_items[0][price]')
    const couponId = str(obj({ d: list(f, 'discounts')[0] ?? '' } as Form, 'd'), 'coupon')
    if (couponId) {
      const coupon = need(api.store.coupons.get(couponId), 'coupon', 'discounts[0][coupon]')
      if (coupon.max_redemptions !== null && (coupon.times_redeemed ?? 0) >= (coupon.max_redemptions ?? 0))
        throw new StripeApiError(
          400,
          'This coupon has been fully redeemed',
          'discounts[0][coupon]',
          'coupon_expired',
        )
    }
    const data = obj(f, 'subscription_data')
    const automaticTax = str(obj(f, 'automatic_tax'), 'enabled') === 'true'
    if (automaticTax) checkTaxable(api, f, price)
    const session = openCheckoutSession(api, f, {
      mode: 'subscription',
      amount_subtotal: price.unit_amount ?? 0,
      amount_total: price.unit_amount ?? 0,
      currency: price.currency ?? 'usd',
      automatic_tax: {
        enabled: automaticTax,
        liability: automaticTax ? { type: 'self' } : null,
        provider: automaticTax ? 'stripe' : null,
        // The billing address is asked for on the payment page.
        status: automaticTax ? 'requires_location_inputs' : null,
      },
    })
    const id = session.id
    api.store.pendingCheckouts.set(id, {
      priceId: price.id,
      automaticTax,
      saveAddress: str(obj(f, 'customer_update'), 'address') === 'auto',
      couponId,
      trialDays: int(data, 'trial_period_days') ?? 0,
      feePercent: Number(str(data, 'application_fee_percent') ?? 0),
      destination: str(obj(data, 'transfer_data'), 'destination') ?? null,
      metadata: metadata(data),
    })
    return session
  },
  'GET /v1/checkout/sessions/:id': (api, _f, id) => need(api.store.sessions.get(id), 'checkout session'),
  'GET /v1/subscriptions/:id': (api, _f, id) => need(api.store.subscriptions.get(id), 'subscription'),
  'POST /v1/subscriptions/:id': (api, f, id) => {
    const sub = need(api.store.subscriptions.get(id), 'subscription')
    if (sub.status === 'canceled')
      throw new StripeApiError(400, 'A canceled subscription can only update its metadata')
    const cancel = str(f, 'cancel_at_period_end')
    if (cancel) changeSubscription(api, sub, { cancel_at_period_end: cancel === 'true' })
    return sub
  },
  'DELETE /v1/subscriptions/:id': (api, _f, id) => {
    const sub = need(api.store.subscriptions.get(id), 'subscription')
    if (sub.status !== 'canceled') endSubscription(api, sub)
    return sub
  },
  'GET /v1/invoices/:id': (api, _f, id) => need(api.store.invoices.get(id), 'invoice'),
  'GET /v1/invoice_payments': (api, f) => {
    // By the payment it records (`payment[type]=payment_intent&payment[payment_intent]=pi_...`) or invoice.
    const payment = obj(f, 'payment')
    const pi = str(payment, 'payment_intent')
    if (payment && str(payment, 'type') !== 'payment_intent')
      throw new StripeApiError(400, 'The stand-in lists payments of type payment_intent', 'payment[type]')
    const invoiceId = str(f, 'invoice')
    const data = [...api.store.invoices.values()]
      .filter((inv) => !invoiceId || inv.id === invoiceId)
      .flatMap((inv) => inv.payments?.data ?? [])
      .filter((p) => !pi || p.payment?.payment_intent === pi)
    return { object: 'list', data, has_more: false, url: '/v1/invoice_payments' }
  },
  'POST /v1/invoices': (api, f) => createInvoice(api, f, invalid),
  'POST /v1/invoiceitems': (api, f) => createInvoiceItem(api, f, invalid),
  'POST /v1/invoices/:id/finalize': (api, _f, id) =>
    finalizeInvoice(api, need(api.store.invoices.get(id), 'invoice'), api.baseUrl),
  'POST /v1/invoices/:id/pay': (api, f, id) => {
    const invoice = need(api.store.invoices.get(id), 'invoice')
    if (invoice.status !== 'open')
      throw new StripeApiError(400, 'Invoice is not open', undefined, 'invoice_not_open')
    return payOpenInvoice(api, invoice, required(f, 'payment_method'))
  },
  'POST /v1/billing_portal/sessions': (api, f) => {
    const customer = need(api.store.customers.get(required(f, 'customer')), 'customer', 'customer')
    const id = stripeId('bps')
    const s = {
      id,
      object: 'billing_portal.session' as const,
      customer: customer.id,
      return_url: str(f, 'return_url') ?? null,
      url: `${api.baseUrl}/portal/${id}`,
      created: api.now(),
    }
    api.store.portalSessions.set(id, s)
    return s
  },
  'POST /v1/payment_intents': (api, f) => {
    const amount = int(f, 'amount')
    if (amount === undefined || amount < 50)
      throw new StripeApiError(400, 'Amount must be at least 50 minor units', 'amount', 'amount_too_small')
    const destination = str(obj(f, 'transfer_data'), 'destination') ?? null
    if (destination) need(api.store.accounts.get(destination), 'account', 'transfer_data[destination]')
    const pi = newPaymentIntent(api, {
      amount,
      currency: required(f, 'currency').toLowerCase(),
      customer: str(f, 'customer') ?? null,
      destination,
      feeAmount: int(f, 'application_fee_amount') ?? null,
      metadata: metadata(f),
      description: str(f, 'description') ?? null,
    })
    if (str(f, 'confirm') === 'true') confirm(api, pi.id, str(f, 'payment_method'))
    return pi
  },
  'GET /v1/payment_intents/:id': (api, _f, id) => need(api.store.paymentIntents.get(id), 'payment_intent'),
  'POST /v1/payment_intents/:id/confirm': (api, f, id) => confirm(api, id, str(f, 'payment_method')),
  'GET /v1/charges/:id': (api, _f, id) => need(api.store.charges.get(id), 'charge'),
  'GET /v1/balance_transactions/:id': (api, _f, id) =>
    need(api.store.balanceTransactions.get(id), 'balance transaction'),
  'POST /v1/refunds': (api, f) => refund(api, f),
  'GET /v1/refunds/:id': (api, _f, id) => need(api.store.refunds.get(id), 'refund'),
  'GET /v1/disputes/:id': (api, _f, id) => need(api.store.disputes.get(id), 'dispute'),
  'GET /v1/transfers/:id': (api, _f, id) => need(api.store.transfers.get(id), 'transfer'),
  'POST /v1/transfers': (api, f) => {
    const destination = need(api.store.accounts.get(required(f, 'destination')), 'account', 'destination')
    const amount = int(f, 'amount')
    if (amount === undefined || amount <= 0)
      throw new StripeApiError(400, 'Invalid positive integer', 'amount', 'parameter_invalid_integer')
    const tr: Transfer = {
      id: stripeId('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency: required(f, 'currency').toLowerCase(),
      destination: destination.id,
      source_transaction: str(f, 'source_transaction') ?? null,
      reversed: false,
      reversals: { object: 'list', data: [], has_more: false, url: '/v1/transfers/reversals' },
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.transfers.set(tr.id, tr)
    api.store.credit(destination.id, tr.currency!, amount)
    return tr
  },
  'POST /v1/transfers/:id/reversals': (api, f, id) => reverseTransfer(api, id, int(f, 'amount'), metadata(f)),
  'POST /v1/accounts': (api, f) => {
    if (str(f, 'type') !== 'express')
      throw new StripeApiError(400, 'The stand-in makes Express accounts', 'type')
    const a: Account = {
      id: stripeId('acct'),
      object: 'account',
      type: 'express',
      email: str(f, 'email') ?? null,
      country: str(f, 'country') ?? 'US',
      default_currency: 'usd',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      settings: { payouts: { schedule: { interval: 'daily', delay_days: 2 } } },
      metadata: metadata(f),
      created: api.now(),
    }
    api.store.accounts.set(a.id, a)
    return a
  },
  'GET /v1/accounts/:id': (api, _f, id) => need(api.store.accounts.get(id), 'account'),
  'POST /v1/accounts/:id': (api, f, id) => {
    const a = need(api.store.accounts.get(id), 'account')
    const schedule = obj(obj(obj(f, 'settings'), 'payouts'), 'schedule')
    if (schedule) a.settings = { ...a.settings, payouts: { schedule: payoutSchedule(schedule) } }
    api.emit('account.updated', a, { account: a.id })
    return a
  },
  'POST /v1/account_links': (api, f) => {
    const account = need(api.store.accounts.get(required(f, 'account')), 'account', 'account')
    const id = stripeId('acctlink')
    const link = {
      id,
      object: 'account_link' as const,
      url: `${api.baseUrl}/connect/${id}`,
      created: api.now(),
      expires_at: api.now() + 300,
    }
    api.store.accountLinks.set(id, link)
    api.store.linkTargets.set(id, {
      account: account.id,
      returnUrl: required(f, 'return_url'),
      refreshUrl: required(f, 'refresh_url'),
    })
    return link
  },
}

function confirm(api: Api, id: string, paymentMethod: string | undefined) {
  const pi = need(api.store.paymentIntents.get(id), 'payment_intent')
  if (pi.status === 'succeeded')
    throw new StripeApiError(
      400,
      'This PaymentIntent has already succeeded',
      undefined,
      'payment_intent_unexpected_state',
    )
  if (!paymentMethod) throw new StripeApiError(400, 'A payment_method is needed', 'payment_method')
  pi.payment_method = paymentMethod
  attemptPayment(api, pi, paymentMethod === 'pm_card_chargeDeclined')
  return pi
}

/**
 * Takes back (part of) a transfer from its connected account, whose balance may go negative (Stripe
 * then recovers it from the account's later earnings: payouts only take a positive balance).
 */
function reverseTransfer(api: Api, id: string, amount: number | undefined, meta: Record<string, string>) {
  const tr = need(api.store.transfers.get(id), 'transfer')
  const left = (tr.amount ?? 0) - (tr.amount_reversed ?? 0)
  const taken = amount ?? left
  if (taken <= 0 || taken > left)
    throw new StripeApiError(400, `The reversal amount must be between 1 and ${left}`, 'amount')
  const reversal: TransferReversal = {
    id: stripeId('trr'),
    object: 'transfer_reversal',
    amount: taken,
    currency: tr.currency ?? 'usd',
    transfer: tr.id,
    metadata: meta,
    created: api.now(),
  }
  api.store.transferReversals.set(reversal.id, reversal)
  const reversals = tr.reversals?.data ?? []
  tr.reversals = {
    object: 'list',
    data: [reversal, ...reversals],
    has_more: false,
    url: `/v1/transfers/${tr.id}/reversals`,
  }
  tr.amount_reversed = (tr.amount_reversed ?? 0) + taken
  tr.reversed = tr.amount_reversed === tr.amount
  api.store.credit(String(tr.destination), reversal.currency!, -taken)
  return reversal
}

function refund(api: Api, f: Form) {
  const piId = str(f, 'payment_intent')
  const pi = piId ? need(api.store.paymentIntents.get(piId), 'payment_intent', 'payment_intent') : undefined
  const charge = need(
    api.store.charges.get(str(f, 'charge') ?? String(pi?.latest_charge ?? '')),
    'charge',
    'charge',
  )
  const left = (charge.amount ?? 0) - (charge.amount_refunded ?? 0)
  const amount = int(f, 'amount') ?? left
  if (amount <= 0 || amount > left)
    throw new StripeApiError(400, `Refund amount must be between 1 and ${left}`, 'amount')
  const r = {
    id: stripeId('re'),
    object: 'refund' as const,
    amount,
    currency: charge.currency ?? 'usd',
    charge: charge.id,
    payment_intent: String(charge.payment_intent),
    status: 'succeeded',
    reason: (str(f, 'reason') ?? null) as Stripe.Refund.Reason | null,
    transfer_reversal: null as string | null,
    metadata: metadata(f),
    created: api.now(),
  }
  api.store.refunds.set(r.id, r)
  charge.amount_refunded = (charge.amount_refunded ?? 0) + amount
  charge.refunded = charge.amount_refunded === charge.amount
  if (charge.transfer && str(f, 'reverse_transfer') === 'true') {
    const share = Math.round(
      (((charge.amount ?? 0) - (charge.application_fee_amount ?? 0)) * amount) / (charge.amount ?? 1),
    )
    r.transfer_reversal = reverseTransfer(api, String(charge.transfer), share, {}).id
  }
  api.emit('refund.created', r)
  api.emit('charge.refunded', charge)
  return r
}

/**
 * A one-off payment's Checkout Session (`mode=payment`): one line item with its `price_data`
 * (currency, unit_amount, product_data[name]); `payment_intent_data[metadata]` goes on the
 * PaymentIntent made when it is paid.
 */
function paymentSession(api: Api, f: Form): CheckoutSession {
  const line = obj({ l: list(f, 'line_items')[0] ?? '' } as Form, 'l')
  const data = obj(line, 'price_data')
  const amount = int(data, 'unit_amount')
  if (amount === undefined || amount < 50)
    throw new StripeApiError(
      400,
      'Amount must be at least 50 minor units',
      'line_items[0][price_data][unit_amount]',
    )
  const quantity = int(line, 'quantity') ?? 1
  const product = {
    id: stripeId('prod'),
    object: 'product' as const,
    name: str(obj(data, 'product_data'), 'name') ?? 'Payment',
    description: null,
    active: true,
    metadata: {},
    created: api.now(),
  }
  api.store.products.set(product.id, product)
  const price: Price = {
    id: stripeId('price'),
    object: 'price',
    product: product.id,
    unit_amount: amount,
    currency: required(data ?? {}, 'currency').toLowerCase(),
    recurring: null,
    type: 'one_time',
    active: true,
    metadata: {},
    created: api.now(),
  }
  api.store.prices.set(price.id, price)
  const session = openCheckoutSession(api, f, {
    mode: 'payment',
    payment_intent: null,
    amount_total: amount * quantity,
    currency: price.currency ?? 'usd',
  })
  const id = session.id
  api.store.pendingCheckouts.set(id, {
    priceId: price.id,
    trialDays: 0,
    feePercent: 0,
    destination: null,
    metadata: metadata(obj(f, 'payment_intent_data')),
  })
  return session
}

/** Pays a one-off Checkout Session: a PaymentIntent charged at once with the test card. */
function completePayment(api: Api, session: CheckoutSession, plan: { metadata: Record<string, string> }) {
  const pi = newPaymentIntent(api, {
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    customer: session.customer ? String(session.customer) : null,
    metadata: plan.metadata,
  })
  attemptPayment(api, pi, false)
  Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: pi.id })
  api.emit('checkout.session.completed', session)
}

/**
 * Pays a Checkout Session as the test card would: the customer, the subscription, its first
 * invoice. `country`: the billing address the payment page collected (what automatic tax uses).
 */
export function completeCheckout(
  api: Api,
  session: CheckoutSession,
  country?: string,
): Subscription | undefined {
  const plan = api.store.pendingCheckouts.get(session.id)
  if (!plan || session.status !== 'open')
    throw new StripeApiError(400, 'This Checkout Session is no longer open')
  if (session.mode === 'payment') {
    completePayment(api, session, plan)
    return undefined
  }
  const price = need(api.store.prices.get(plan.priceId), 'price')
  let customer = session.customer ? api.store.customers.get(String(session.customer)) : undefined
  if (!customer) {
    customer = {
      id: stripeId('cus'),
      object: 'customer',
      email: session.customer_email ?? null,
      metadata: {},
      created: api.now(),
    }
    api.store.customers.set(customer.id, customer)
    api.emit('customer.created', customer)
  }
  // The collected billing address: a new customer's, or saved on an existing one (customer_update[address]=auto).
  if (plan.automaticTax && country && (!session.customer || plan.saveAddress)) {
    customer.address = { country, city: null, line1: null, line2: null, postal_code: null, state: null }
    api.emit('customer.updated', customer)
  }
  const interval = price.recurring?.interval === 'year' ? 'year' : 'month'
  const start = api.now()
  const trialEnd = plan.trialDays > 0 ? start + plan.trialDays * 86_400 : null
  const sub: Subscription = {
    id: stripeId('sub'),
    object: 'subscription',
    customer: customer.id,
    status: trialEnd ? 'trialing' : 'incomplete',
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    trial_end: trialEnd,
    start_date: start,
    created: start,
    application_fee_percent: plan.destination ? plan.feePercent : null,
    automatic_tax: {
      enabled: plan.automaticTax === true,
      liability: plan.automaticTax ? { type: 'self' } : null,
      disabled_reason: null,
    },
    transfer_data: plan.destination ? { destination: plan.destination, amount_percent: null } : null,
    metadata: plan.metadata,
    items: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: stripeId('si'),
          object: 'subscription_item',
          price: snapshot(price),
          quantity: 1,
          current_period_start: start,
          current_period_end: trialEnd ?? periodEnd(start, interval),
        },
      ],
    },
    latest_invoice: null,
  }
  api.store.subscriptions.set(sub.id, sub)
  if (plan.couponId) {
    const coupon = api.store.coupons.get(plan.couponId)
    if (coupon) coupon.times_redeemed = (coupon.times_redeemed ?? 0) + 1
    const months =
      coupon?.duration === 'forever'
        ? undefined
        : coupon?.duration === 'repeating'
          ? (coupon.duration_in_months ?? 1)
          : 1
    api.store.subscriptionState.set(sub.id, { couponId: plan.couponId, couponMonthsLeft: months, interval })
  } else api.store.subscriptionState.set(sub.id, { interval })
  api.emit('customer.subscription.created', sub)
  const invoice = billPeriod(api, sub, 'subscription_create', Boolean(trialEnd))
  if (!trialEnd) changeSubscription(api, sub, { status: invoice.status === 'paid' ? 'active' : 'incomplete' })
  const tax = (invoice.total_taxes ?? []).reduce((sum, t) => sum + (t.amount ?? 0), 0)
  Object.assign(session, {
    status: 'complete',
    payment_status: 'paid',
    customer: customer.id,
    subscription: sub.id,
    amount_total: invoice.total ?? 0,
    total_details: {
      amount_discount: (price.unit_amount ?? 0) - (invoice.total_excluding_tax ?? 0),
      amount_shipping: 0,
      amount_tax: tax,
    },
    customer_details: { email: customer.email ?? null, address: customer.address ?? null },
    automatic_tax: { ...session.automatic_tax, status: plan.automaticTax ? 'complete' : null },
  })
  api.emit('checkout.session.completed', session)
  return sub
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** `settings[payouts][schedule]`, checked as Stripe checks it (an anchor for weekly and monthly). */
function payoutSchedule(f: Form): Stripe.Account.Settings.Payouts.Schedule {
  const interval = str(f, 'interval')
  const fail = (param: string, message: string) =>
    new StripeApiError(400, message, `settings[payouts][schedule][${param}]`, 'parameter_invalid')
  if (!interval || !['daily', 'weekly', 'monthly', 'manual'].includes(interval))
    throw fail('interval', 'Invalid interval: must be one of daily, weekly, monthly or manual')
  const schedule: Stripe.Account.Settings.Payouts.Schedule = { interval, delay_days: 2 }
  if (interval === 'weekly') {
    const anchor = str(f, 'weekly_anchor')
    if (!anchor || !WEEKDAYS.includes(anchor))
      throw fail('weekly_anchor', 'A weekly schedule needs a weekday')
    schedule.weekly_anchor = anchor
  }
  if (interval === 'monthly') {
    const anchor = int(f, 'monthly_anchor')
    if (anchor === undefined || anchor < 1 || anchor > 31)
      throw fail('monthly_anchor', 'A monthly schedule needs a day from 1 to 31')
    schedule.monthly_anchor = anchor
  }
  return schedule
}

/** Whether an account's payout schedule pays out on the day of `at` (seconds; UTC days). */
export function payoutDue(
  schedule: Shape<Stripe.Account.Settings.Payouts.Schedule> | undefined,
  at: number,
): boolean {
  const day = new Date(at * 1000)
  switch (schedule?.interval ?? 'daily') {
    case 'manual':
      return false
    case 'weekly':
      return WEEKDAYS[day.getUTCDay()] === schedule?.weekly_anchor
    case 'monthly': {
      // A day past the month's end pays on its last day.
      const last = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate()
      return day.getUTCDate() === Math.min(schedule?.monthly_anchor ?? 1, last)
    }
    default:
      return true
  }
}

/** Completes an Express onboarding (the form the account holder fills in). */
export function completeOnboarding(api: Api, linkId: string): string {
  const target = api.store.linkTargets.get(linkId)
  const account = target ? api.store.accounts.get(target.account) : undefined
  if (!target || !account) throw new StripeApiError(404, 'No such account link')
  Object.assign(account, { details_submitted: true, charges_enabled: true, payouts_enabled: true })
  api.emit('account.updated', account, { account: account.id })
  return target.returnUrl
}

/** A Checkout Session opened from the form's common fields (customer, URLs, metadata), kept in the store. */
function openCheckoutSession(
  api: Api,
  f: Form,
  fields: Pick<CheckoutSession, 'mode' | 'amount_total' | 'currency'> & Partial<CheckoutSession>,
): CheckoutSession {
  const id = stripeId('cs')
  const session: CheckoutSession = {
    id,
    object: 'checkout.session',
    status: 'open',
    payment_status: 'unpaid',
    customer: str(f, 'customer') ?? null,
    customer_email: str(f, 'customer_email') ?? null,
    success_url: str(f, 'success_url') ?? null,
    cancel_url: str(f, 'cancel_url') ?? null,
    client_reference_id: str(f, 'client_reference_id') ?? null,
    metadata: metadata(f),
    subscription: null,
    url: `${api.baseUrl}/pay/${id}`,
    created: api.now(),
    expires_at: api.now() + 86_400,
    ...fields,
  }
  api.store.sessions.set(id, session)
  return session
}

/**
 * Automatic tax needs a tax behavior on the price (no default one is set on the stand-in's account)
 * and, with an existing customer, the address Checkout collects saved on it (`customer_update`).
 */
function checkTaxable(api: Api, f: Form, price: Price): void {
  if (!price.tax_behavior || price.tax_behavior === 'unspecified')
    throw new StripeApiError(
      400,
      'Automatic tax needs the price to have a tax_behavior of inclusive or exclusive',
      'line_items[0][price]',
    )
  const customerId = str(f, 'customer')
  const customer = customerId ? api.store.customers.get(customerId) : undefined
  if (customer && !customer.address?.country && str(obj(f, 'customer_update'), 'address') !== 'auto')
    throw new StripeApiError(
      400,
      'Automatic tax needs a valid customer address: pass customer_update[address]=auto to save the one Checkout collects',
      'customer_update[address]',
      'customer_tax_location_invalid',
    )
}
