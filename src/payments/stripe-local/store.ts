import type Stripe from 'stripe'

/**
 * The stand-in's objects, typed against the `stripe` package: each is a deep part of the type the
 * SDK gives callers, so a field named or shaped unlike Stripe's does not compile.
 */
export type Shape<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends (infer U)[]
    ? Shape<U>[]
    : T extends object
      ? { -readonly [K in keyof T]?: Shape<T[K]> }
      : T

type Obj<T> = Shape<T> & { id: string }

export type Customer = Obj<Stripe.Customer>
export type Product = Obj<Stripe.Product>
export type Price = Obj<Stripe.Price>
export type Coupon = Obj<Stripe.Coupon>
export type CheckoutSession = Obj<Stripe.Checkout.Session>
export type Subscription = Obj<Stripe.Subscription>
export type Invoice = Obj<Stripe.Invoice>
export type PaymentIntent = Obj<Stripe.PaymentIntent>
export type Charge = Obj<Stripe.Charge>
export type BalanceTransaction = Obj<Stripe.BalanceTransaction>
export type Refund = Obj<Stripe.Refund>
export type Dispute = Obj<Stripe.Dispute>
export type Account = Obj<Stripe.Account>
export type AccountLink = Shape<Stripe.AccountLink> & { id: string }
export type PortalSession = Obj<Stripe.BillingPortal.Session>
export type Transfer = Obj<Stripe.Transfer>
export type TransferReversal = Obj<Stripe.TransferReversal>
export type Payout = Obj<Stripe.Payout>
export type ApplicationFee = Obj<Stripe.ApplicationFee>
export type Event = Obj<Stripe.Event>

/** What the stand-in knows besides Stripe's objects (how the customer's card behaves, a coupon's months left). */
export interface SubscriptionState {
  couponId?: string
  couponMonthsLeft?: number
  interval: 'month' | 'year'
}

export class Store {
  readonly customers = new Map<string, Customer>()
  readonly products = new Map<string, Product>()
  readonly prices = new Map<string, Price>()
  readonly coupons = new Map<string, Coupon>()
  readonly sessions = new Map<string, CheckoutSession>()
  readonly subscriptions = new Map<string, Subscription>()
  readonly subscriptionState = new Map<string, SubscriptionState>()
  readonly invoices = new Map<string, Invoice>()
  readonly paymentIntents = new Map<string, PaymentIntent>()
  readonly charges = new Map<string, Charge>()
  readonly balanceTransactions = new Map<string, BalanceTransaction>()
  readonly refunds = new Map<string, Refund>()
  readonly disputes = new Map<string, Dispute>()
  readonly accounts = new Map<string, Account>()
  readonly accountLinks = new Map<string, AccountLink>()
  readonly portalSessions = new Map<string, PortalSession>()
  readonly transfers = new Map<string, Transfer>()
  readonly transferReversals = new Map<string, TransferReversal>()
  readonly payouts = new Map<string, Payout>()
  readonly applicationFees = new Map<string, ApplicationFee>()
  readonly events = new Map<string, Event>()
  /** Cards that decline (by customer), as the test card 4000 0000 0000 0341 would after attaching. */
  readonly decliningCustomers = new Set<string>()
  /** What a Checkout Session will make once paid (kept apart from the session Stripe shows). */
  readonly pendingCheckouts = new Map<
    string,
    {
      priceId: string
      /** `automatic_tax[enabled]`, and whether the address collected is saved on the customer. */
      automaticTax?: boolean
      saveAddress?: boolean
      couponId?: string
      trialDays: number
      feePercent: number
      destination: string | null
      metadata: Record<string, string>
    }
  >()
  readonly linkTargets = new Map<string, { account: string; returnUrl: string; refreshUrl: string }>()
  /** Connected accounts' balances, by account then currency (negative after reversals). */
  readonly accountBalances = new Map<string, Map<string, number>>()

  /** Any object by its id, by its prefix (what `expand` follows). */
  byId(id: string): { id: string } | undefined {
    const prefix = id.slice(0, id.indexOf('_'))
    const table: Record<string, Map<string, { id: string }>> = {
      cus: this.customers,
      prod: this.products,
      price: this.prices,
      cs: this.sessions,
      sub: this.subscriptions,
      in: this.invoices,
      pi: this.paymentIntents,
      ch: this.charges,
      txn: this.balanceTransactions,
      re: this.refunds,
      dp: this.disputes,
      acct: this.accounts,
      tr: this.transfers,
      trr: this.transferReversals,
      po: this.payouts,
      fee: this.applicationFees,
      evt: this.events,
    }
    return table[prefix]?.get(id)
  }

  credit(account: string, currency: string, amount: number): void {
    const balances = this.accountBalances.get(account) ?? new Map<string, number>()
    balances.set(currency, (balances.get(currency) ?? 0) + amount)
    this.accountBalances.set(account, balances)
  }
}

let counter = 0
/** A Stripe-like id: prefix, underscore, 24 characters. */
export function stripeId(prefix: string): string {
  counter += 1
  const random = crypto.randomUUID().replaceAll('-', '').slice(0, 16)
  return `${prefix}_${random}${counter.toString(36).padStart(8, '0')}`
}

/** A deep copy (what an event carries is the object as it was then). */
export function snapshot<T>(value: T): T {
  return structuredClone(value)
}

/**
 * Replaces ids named by `expand` paths (`latest_charge.balance_transaction`, `payments`) with
 * their objects, as Stripe's `expand[]` does; lists are walked through their `data`.
 */
export function expand(store: Store, object: unknown, paths: string[]): unknown {
  const copy = snapshot(object) as Record<string, unknown>
  for (const path of paths) expandPath(store, copy, path.split('.'))
  return copy
}

function expandPath(store: Store, node: unknown, parts: string[]): void {
  if (!node || typeof node !== 'object' || parts.length === 0) return
  if (Array.isArray(node)) {
    for (const item of node) expandPath(store, item, parts)
    return
  }
  const record = node as Record<string, unknown>
  const [head, ...rest] = parts as [string, ...string[]]
  if (head === 'data' && Array.isArray(record.data)) {
    expandPath(store, record.data, rest)
    return
  }
  let value = record[head]
  if (typeof value === 'string') {
    const found = store.byId(value)
    if (found) value = record[head] = snapshot(found)
  }
  if (value && typeof value === 'object' && 'object' in value && value.object === 'list')
    expandPath(store, (value as unknown as { data: unknown[] }).data, rest)
  else expandPath(store, value, rest)
}
