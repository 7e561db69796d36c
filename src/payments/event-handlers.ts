import type { Transaction } from 'kysely'
import type Stripe from 'stripe'
import type { CopyrightRevenue } from '../copyright/revenue.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Bookkeeping } from './bookkeeping.ts'
import { mirrorAccount } from './connect.ts'
import { reclaimShare, returnShare } from './dispute-transfers.ts'
import { callStripe } from './problems.ts'
import type { Subscriptions } from './subscriptions.ts'
import { chargeTaxOf, invoiceTaxOf, reclaimRefundShare, withholdTax } from './tax-withholding.ts'
import type { Tips } from './tips.ts'

export type Outcome = 'processed' | 'ignored'

/** Another module's one-off payment, paid: its PaymentIntent, charge and Stripe's fee. */
export interface OwnPayment {
  paymentIntent: Stripe.PaymentIntent
  charge: Stripe.Charge
  stripeFee: number
}
export type PaymentHandler = (trx: Transaction<DB>, payment: OwnPayment) => Promise<Outcome>
export type InvoiceHandler = (
  trx: Transaction<DB>,
  invoice: Stripe.Invoice,
  payment: OwnPayment,
) => Promise<Outcome>

/**
 * What each of Stripe's events does here, inside the transaction that marks the event handled.
 * Objects are read again from Stripe where the event's copy may be stale: a subscription event
 * older than the row's last write (events come in any order) applies the current subscription,
 * and money events read the charge with its balance transaction (Stripe's fee).
 */
export class StripeEventHandlers {
  constructor(
    private readonly deps: {
      db: Database
      stripe: () => Stripe
      subscriptions: Subscriptions
      bookkeeping: Bookkeeping
      tips: Tips
      /** Monetized copyright claims: a tip on a claimed video or stream goes to the holders. */
      copyrightRevenue?: CopyrightRevenue
      /** Gateways' access checks, told when a subscription changes. */
      live?: Pick<LivePublisher, 'accessChanged'>
    },
  ) {}

  private readonly ownPayments = new Map<string, PaymentHandler>()
  private readonly ownInvoices = new Map<string, InvoiceHandler>()

  /**
   * Another module's payments (ads' top-ups): a `payment_intent.succeeded` whose metadata `kind` is
   * `kind` goes to `handler`, in the event's transaction (handled exactly once).
   */
  handlePayments(kind: string, handler: PaymentHandler): void {
    this.ownPayments.set(kind, handler)
  }

  /**
   * Another module's one-off invoices (ads' monthly invoices): an `invoice.paid` whose metadata
   * `kind` is `kind` goes to `handler` with its payment, in the event's transaction.
   */
  handleInvoices(kind: string, handler: InvoiceHandler): void {
    this.ownInvoices.set(kind, handler)
  }

  /** `afterCommit` runs once the event's transaction committed (announcements). */
  async handle(
    trx: Transaction<DB>,
    event: Stripe.Event,
    afterCommit: (run: () => Promise<void>) => void,
  ): Promise<Outcome> {
    const at = new Date(event.created * 1000)
    switch (event.type) {
      case 'checkout.session.completed': {
        const sub = event.data.object.subscription
        if (!sub) return 'ignored'
        return this.freshSubscription(trx, typeof sub === 'string' ? sub : sub.id, at, afterCommit)
      }
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted': {
        const sub = event.data.object
        const result = await this.deps.subscriptions.sync(trx, sub, at)
        if (result === 'stale') return this.freshSubscription(trx, sub.id, at, afterCommit)
        if (result === 'foreign') return 'ignored'
        this.recheck(sub, afterCommit)
        return 'processed'
      }
      case 'invoice.paid':
      case 'invoice.payment_failed': {
        const own = this.ownInvoices.get(event.data.object.metadata?.kind ?? '')
        if (own)
          return event.type === 'invoice.paid' ? this.invoicePaid(trx, event.data.object, own) : 'ignored'
        const sub = event.data.object.parent?.subscription_details?.subscription
        if (!sub) return 'ignored'
        return this.freshSubscription(trx, typeof sub === 'string' ? sub : sub.id, at, afterCommit)
      }
      case 'payment_intent.succeeded':
        return this.paymentSucceeded(trx, event.data.object)
      case 'payment_intent.payment_failed':
        return (await this.deps.tips.failed(trx, event.data.object.id)) ? 'processed' : 'ignored'
      case 'refund.created': {
        const refund = event.data.object
        const found = await this.chargeAndCreator(String(refund.charge))
        if (!found) return 'ignored'
        const tax = await chargeTaxOf(this.deps.stripe(), found.charge)
        await this.deps.bookkeeping.refund(trx, found.creatorId, found.charge, refund, tax)
        if (tax > 0) await callStripe(() => reclaimRefundShare(this.deps.stripe(), found.charge, refund, tax))
        await this.tipReversed(trx, found.charge, afterCommit)
        return 'processed'
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object
        const found = await this.chargeAndCreator(
          typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id,
        )
        if (!found) return 'ignored'
        const tax = await chargeTaxOf(this.deps.stripe(), found.charge)
        await this.deps.bookkeeping.dispute(trx, found.creatorId, found.charge, dispute, tax)
        await callStripe(() => reclaimShare(this.deps.stripe(), found.charge, dispute, tax))
        await this.tipReversed(trx, found.charge, afterCommit)
        return 'processed'
      }
      case 'charge.dispute.closed': {
        // Lost: the chargeback's entries stand. Won: Stripe gave the amount back; so are the shares.
        const dispute = event.data.object
        if (dispute.status !== 'won') return 'ignored'
        const found = await this.chargeAndCreator(
          typeof dispute.charge === 'string' ? dispute.charge : dispute.charge.id,
        )
        if (!found) return 'ignored'
        const tax = await chargeTaxOf(this.deps.stripe(), found.charge)
        const won = await this.deps.bookkeeping.disputeWon(trx, found.creatorId, found.charge, dispute, tax)
        if (won)
          await callStripe(() => returnShare(this.deps.stripe(), found.charge, dispute, won.returned, tax))
        return 'processed'
      }
      case 'account.updated': {
        const account = await this.deps.stripe().accounts.retrieve(event.data.object.id)
        const updated = await mirrorAccount(trx, account)
        return updated.numUpdatedRows > 0n ? 'processed' : 'ignored'
      }
      case 'payout.created':
      case 'payout.paid': {
        const creatorId = event.account ? await this.creatorOf(event.account) : undefined
        if (!creatorId) return 'ignored'
        await this.deps.bookkeeping.payout(
          trx,
          creatorId,
          event.data.object,
          event.type === 'payout.paid' ? 'paid' : 'created',
        )
        return 'processed'
      }
      default:
        return 'ignored'
    }
  }

  private async freshSubscription(
    trx: Transaction<DB>,
    id: string,
    at: Date,
    afterCommit: (run: () => Promise<void>) => void,
  ): Promise<Outcome> {
    const sub = await this.deps.stripe().subscriptions.retrieve(id)
    if ((await this.deps.subscriptions.sync(trx, sub, at, true)) === 'foreign') return 'ignored'
    this.recheck(sub, afterCommit)
    return 'processed'
  }

  /**
   * A subscription changed: once committed, gateways check its subscriber's live subscriptions
   * again (a stream for subscribers is no longer theirs to listen to when it lapsed).
   */
  private recheck(sub: Stripe.Subscription, afterCommit: (run: () => Promise<void>) => void): void {
    const subscriber = sub.metadata?.subscriberId
    const live = this.deps.live
    if (subscriber && live) afterCommit(async () => live.accessChanged({ users: [subscriber] }))
  }

  /** Another module's invoice, paid: its latest PaymentIntent's charge and Stripe's fee. */
  private async invoicePaid(
    trx: Transaction<DB>,
    invoice: Stripe.Invoice,
    own: InvoiceHandler,
  ): Promise<Outcome> {
    const stripe = this.deps.stripe()
    const fresh = await stripe.invoices.retrieve(invoice.id!, { expand: ['payments'] })
    const paid = fresh.payments?.data.filter((p) => p.status === 'paid').at(-1)
    const piRef = paid?.payment.payment_intent
    if (!piRef) return 'ignored'
    const pi = await stripe.paymentIntents.retrieve(typeof piRef === 'string' ? piRef : piRef.id)
    if (!pi.latest_charge) return 'ignored'
    const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id
    const charge = await stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] })
    const txn = charge.balance_transaction
    return own(trx, fresh, {
      paymentIntent: pi,
      charge,
      stripeFee: txn && typeof txn === 'object' ? txn.fee : 0,
    })
  }

  private async paymentSucceeded(trx: Transaction<DB>, pi: Stripe.PaymentIntent): Promise<Outcome> {
    if (!pi.latest_charge) return 'ignored'
    const own = this.ownPayments.get(pi.metadata?.kind ?? '')
    if (own) {
      const chargeId = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id
      const charge = await this.deps.stripe().charges.retrieve(chargeId, { expand: ['balance_transaction'] })
      const txn = charge.balance_transaction
      return own(trx, { paymentIntent: pi, charge, stripeFee: txn && typeof txn === 'object' ? txn.fee : 0 })
    }
    const found = await this.chargeAndCreator(
      typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id,
    )
    if (!found) return 'ignored'
    const txn = found.charge.balance_transaction
    const stripeFee = txn && typeof txn === 'object' ? txn.fee : 0
    const kind = pi.metadata?.kind
    const tip = kind === 'tip' || kind === 'paid_chat'
    // A membership's payment pays an invoice, whose tax (Stripe Tax) is booked apart and withheld.
    const tax = tip ? 0 : await invoiceTaxOf(this.deps.stripe(), pi.id)
    // Copyright's lock order: the monetize claims on the tipped video or stream (and the balances
    // they move) before the charge locks the creator's balance, as a dispute's decision takes them.
    const on = tip && this.deps.copyrightRevenue ? await this.deps.tips.subjectOf(trx, pi.id) : null
    if (on) await this.deps.copyrightRevenue?.lock(trx, on, found.creatorId)
    await this.deps.bookkeeping.charge(
      trx,
      tip ? `${kind}.payment` : 'membership.payment',
      found.creatorId,
      found.charge,
      stripeFee,
      tax,
    )
    if (tax > 0) await callStripe(() => withholdTax(this.deps.stripe(), found.charge, tax))
    const paid = tip ? await this.deps.tips.paid(trx, pi.id) : null
    if (paid && (paid.subjectKind === 'video' || paid.subjectKind === 'stream') && paid.subjectId)
      await this.deps.copyrightRevenue?.earned(trx, {
        subject: { kind: paid.subjectKind, id: paid.subjectId },
        creatorId: found.creatorId,
        amount: found.charge.amount - (found.charge.application_fee_amount ?? 0),
        currency: found.charge.currency,
        source: `charge:${found.charge.id}`,
      })
    return 'processed'
  }

  /** A refunded or disputed charge of a tip: the tip is marked, and its listeners told after commit. */
  private async tipReversed(
    trx: Transaction<DB>,
    charge: Stripe.Charge,
    afterCommit: (run: () => Promise<void>) => void,
  ) {
    const pi = charge.payment_intent
    if (!pi) return
    const tip = await this.deps.tips.reversed(trx, typeof pi === 'string' ? pi : pi.id)
    if (tip) afterCommit(() => this.deps.tips.announceReversal(tip))
  }

  /** The charge (with its balance transaction) and the creator its destination account belongs to. */
  private async chargeAndCreator(chargeId: string) {
    const charge = await this.deps.stripe().charges.retrieve(chargeId, { expand: ['balance_transaction'] })
    const destination = charge.transfer_data?.destination
    const creatorId = destination
      ? await this.creatorOf(typeof destination === 'string' ? destination : destination.id)
      : undefined
    return creatorId ? { charge, creatorId } : undefined
  }

  private async creatorOf(accountId: string) {
    const row = await this.deps.db
      .selectFrom('connectAccounts')
      .select('creatorId')
      .where('stripeAccountId', '=', accountId)
      .executeTakeFirst()
    return row?.creatorId
  }
}
