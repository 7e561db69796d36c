import type { Transaction } from 'kysely'
import type Stripe from 'stripe'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { customerFor } from './customers.ts'
import { callStripe, paymentProblems } from './problems.ts'

/** Statuses that grant access until the period ends (past_due: while Stripe's dunning retries). */
export const ENTITLED_STATUSES = ['active', 'trialing', 'past_due'] as const

export interface CheckoutInput {
  tierId: string
  interval: 'month' | 'year'
  offerId?: string
  successUrl: string
  cancelUrl: string
}

/**
 * Memberships: Checkout Sessions to subscribe, the Customer Portal to manage, and the state of
 * each subscription as Stripe's verified webhooks say it is (`sync`), never from the redirect.
 */
export class Subscriptions {
  constructor(
    private readonly db: Database,
    private readonly stripe: () => Stripe,
    private readonly feePercent: number,
    /** Stripe Tax (PAYMENTS_STRIPE_TAX): Checkout computes tax from the billing address it collects. */
    private readonly tax = false,
  ) {}

  async checkout(userId: string, input: CheckoutInput): Promise<{ url: string; sessionId: string }> {
    const stripe = this.stripe()
    const tier = await this.db
      .selectFrom('membershipTiers')
      .selectAll()
      .where('id', '=', input.tierId)
      .executeTakeFirst()
    if (!tier) throw new HttpError(problems.notFound, 'No such tier')
    if (tier.archivedAt) throw new HttpError(paymentProblems.tierArchived)
    if (tier.creatorId === userId) throw new HttpError(paymentProblems.ownMembership)
    const price = input.interval === 'year' ? tier.yearlyPriceId : tier.monthlyPriceId
    if (!price)
      throw new HttpError(problems.validation, 'This tier has no yearly price', {
        errors: [{ field: 'body.interval', message: 'this tier is monthly only' }],
      })
    const current = await this.db
      .selectFrom('subscriptions')
      .select('id')
      .where('subscriberId', '=', userId)
      .where('creatorId', '=', tier.creatorId)
      .where('status', 'in', [...ENTITLED_STATUSES])
      .where('currentPeriodEnd', '>', new Date())
      .executeTakeFirst()
    if (current) throw new HttpError(paymentProblems.alreadySubscribed, 'Change or cancel it in the portal')
    const payee = await this.db
      .selectFrom('connectAccounts')
      .select(['stripeAccountId', 'chargesEnabled'])
      .where('creatorId', '=', tier.creatorId)
      .executeTakeFirst()
    if (!payee?.chargesEnabled) throw new HttpError(paymentProblems.payoutsNotReady)
    let coupon: string | undefined
    if (input.offerId) {
      const offer = await this.db
        .selectFrom('membershipOffers')
        .select('stripeCouponId')
        .where('id', '=', input.offerId)
        .where('tierId', '=', tier.id)
        .executeTakeFirst()
      if (!offer) throw new HttpError(paymentProblems.offerUnusable, 'No such offer for this tier')
      coupon = offer.stripeCouponId
    }
    const customer = await customerFor(this.db, stripe, userId)
    const session = await callStripe(() =>
      stripe.checkout.sessions.create({
        mode: 'subscription',
        customer,
        line_items: [{ price, quantity: 1 }],
        discounts: coupon ? [{ coupon }] : undefined,
        // The subscription it makes keeps automatic tax for its renewals; the billing address
        // Checkout collects is saved on the customer (Stripe asks for it with an existing customer).
        automatic_tax: this.tax ? { enabled: true } : undefined,
        customer_update: this.tax ? { address: 'auto' } : undefined,
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        client_reference_id: userId,
        metadata: { subscriberId: userId, tierId: tier.id },
        subscription_data: {
          application_fee_percent: this.feePercent,
          transfer_data: { destination: payee.stripeAccountId },
          trial_period_days: tier.trialDays > 0 ? tier.trialDays : undefined,
          metadata: { subscriberId: userId, creatorId: tier.creatorId, tierId: tier.id },
        },
      }),
    )
    if (!session.url) throw new HttpError(paymentProblems.stripeUnavailable, 'Stripe gave no Checkout URL')
    return { url: session.url, sessionId: session.id }
  }

  async portal(userId: string, returnUrl: string): Promise<{ url: string }> {
    const stripe = this.stripe()
    const row = await this.db
      .selectFrom('paymentCustomers')
      .select('stripeCustomerId')
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (!row) throw new HttpError(paymentProblems.noCustomer)
    const session = await callStripe(() =>
      stripe.billingPortal.sessions.create({ customer: row.stripeCustomerId, return_url: returnUrl }),
    )
    return { url: session.url }
  }

  async mine(userId: string, limit: number, cursor?: string) {
    const rows = await this.db
      .selectFrom('subscriptions as s')
      .innerJoin('membershipTiers as t', 't.id', 's.tierId')
      .select([
        's.id',
        's.creatorId',
        's.tierId',
        't.name as tierName',
        's.interval',
        's.status',
        's.currentPeriodEnd',
        's.cancelAtPeriodEnd',
        's.createdAt',
      ])
      .where('s.subscriberId', '=', userId)
      .$call(newestFirst('s.createdAt', 's.id', decodeCursor(cursor), limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), subscriptionView)
  }

  async subscribers(creatorId: string, limit: number, cursor?: string) {
    const rows = await this.db
      .selectFrom('subscriptions as s')
      .innerJoin('membershipTiers as t', 't.id', 's.tierId')
      .innerJoin('users as u', 'u.id', 's.subscriberId')
      .select([
        's.id',
        's.creatorId',
        's.tierId',
        't.name as tierName',
        's.interval',
        's.status',
        's.currentPeriodEnd',
        's.cancelAtPeriodEnd',
        's.createdAt',
        's.subscriberId',
        'u.username',
      ])
      .where('s.creatorId', '=', creatorId)
      .$call(newestFirst('s.createdAt', 's.id', decodeCursor(cursor), limit))
      .execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => ({
        ...subscriptionView(r),
        subscriber: { id: r.subscriberId, username: r.username },
      }),
    )
  }

  /**
   * Writes a subscription as Stripe gave it, at the time of the event it came with. An event no
   * newer than the one the row was written from is not applied ('stale'): the caller fetches the
   * current state and passes it with `fresh`. 'foreign' when the subscription is not one of ours.
   */
  async sync(
    trx: Transaction<DB>,
    sub: Stripe.Subscription,
    at: Date,
    fresh = false,
  ): Promise<'written' | 'stale' | 'foreign'> {
    const { subscriberId, creatorId, tierId } = sub.metadata ?? {}
    const item = sub.items.data[0]
    if (!subscriberId || !creatorId || !tierId || !item) return 'foreign'
    const values = {
      status: sub.status,
      interval: item.price.recurring?.interval ?? 'month',
      currentPeriodEnd: new Date(item.current_period_end * 1000),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      stripeUpdated: at,
      updatedAt: new Date(),
    }
    // Events of a new subscription arrive together: the first insert wins, the others update it.
    const id = newId()
    const inserted = await trx
      .insertInto('subscriptions')
      .values({ id, stripeSubscriptionId: sub.id, subscriberId, creatorId, tierId, ...values })
      .onConflict((oc) => oc.column('stripeSubscriptionId').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (inserted) {
      await announce(trx, { id, subscriberId, creatorId, tierId, createdAt: new Date() }, null, sub)
      return 'written'
    }
    const existing = await trx
      .selectFrom('subscriptions')
      .select(['id', 'stripeUpdated', 'status', 'createdAt'])
      .where('stripeSubscriptionId', '=', sub.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    // An event's copy no newer than the row's (events come in any order; the same second is a tie)
    // is not applied: the caller applies the subscription as Stripe has it now (`fresh`).
    if (!fresh && existing.stripeUpdated >= at) return 'stale'
    const stamp = existing.stripeUpdated > at ? existing.stripeUpdated : at
    await trx
      .updateTable('subscriptions')
      .set({ ...values, stripeUpdated: stamp })
      .where('id', '=', existing.id)
      .execute()
    await announce(
      trx,
      { id: existing.id, subscriberId, creatorId, tierId, createdAt: existing.createdAt },
      existing.status,
      sub,
    )
    return 'written'
  }
}

const entitledStatus = (status: string | null) =>
  status !== null && (ENTITLED_STATUSES as readonly string[]).includes(status)

/**
 * The membership's domain event when a write changed it (analytics counts members, MRR and churn
 * from them): `membership.started` when it became entitled, `membership.ended` when it stopped
 * being, `membership.updated` when it stays entitled (renewed, or its price changed). The amount
 * is the price's, per month (a yearly price over 12), before any discount.
 */
async function announce(
  trx: Transaction<DB>,
  row: { id: string; subscriberId: string; creatorId: string; tierId: string; createdAt: Date },
  before: string | null,
  sub: Stripe.Subscription,
): Promise<void> {
  const was = entitledStatus(before)
  const is = entitledStatus(sub.status)
  if (!was && !is) return
  const price = sub.items.data[0]!.price
  const yearly = price.recurring?.interval === 'year'
  const amount = price.unit_amount ?? 0
  await appendEvents(trx, [
    domainEvent({
      type: !was ? 'membership.started' : !is ? 'membership.ended' : 'membership.updated',
      actorId: row.subscriberId,
      subject: { kind: 'subscription', id: row.id },
      data: {
        creatorId: row.creatorId,
        tierId: row.tierId,
        status: sub.status,
        currency: price.currency,
        interval: yearly ? 'year' : 'month',
        monthlyAmount: yearly ? Math.round(amount / 12) : amount,
        since: row.createdAt.toISOString(),
      },
    }),
  ])
}

function subscriptionView(r: {
  id: string
  creatorId: string
  tierId: string
  tierName: string
  interval: string
  status: string
  currentPeriodEnd: Date
  cancelAtPeriodEnd: boolean
  createdAt: Date
}) {
  return {
    id: r.id,
    creatorId: r.creatorId,
    tier: { id: r.tierId, name: r.tierName },
    interval: r.interval,
    status: r.status,
    entitled: (ENTITLED_STATUSES as readonly string[]).includes(r.status) && r.currentPeriodEnd > new Date(),
    currentPeriodEnd: r.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: r.cancelAtPeriodEnd,
    createdAt: r.createdAt.toISOString(),
  }
}
