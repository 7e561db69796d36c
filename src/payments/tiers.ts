import { type Kysely, sql } from 'kysely'
import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { checkName } from '../platform/text.ts'
import { callStripe, paymentProblems } from './problems.ts'

export interface TierInput {
  name: string
  description?: string | null
  monthlyAmount: number
  yearlyAmount?: number | null
  currency: string
  benefits?: string[]
  trialDays?: number
  /** Subscribers see no ads on the creator's pages nor before the creator's videos (src/ads). */
  adFree?: boolean
}

export interface OfferInput {
  percentOff?: number
  amountOff?: number
  duration: 'once' | 'repeating' | 'forever'
  durationInMonths?: number
  maxRedemptions?: number
}

type TierRow = Awaited<ReturnType<Tiers['row']>>

export function tierView(r: NonNullable<TierRow>) {
  return {
    id: r.id,
    creatorId: r.creatorId,
    name: r.name,
    description: r.description,
    currency: r.currency,
    monthlyAmount: Number(r.monthlyAmount),
    yearlyAmount: r.yearlyAmount === null ? null : Number(r.yearlyAmount),
    benefits: r.benefits as string[],
    trialDays: r.trialDays,
    adFree: r.adFree,
    archived: r.archivedAt !== null,
    createdAt: r.createdAt.toISOString(),
  }
}

/**
 * Membership tiers: each a Stripe product with a monthly (and optionally a yearly) price. A price
 * change makes new prices and retires the old ones (subscribers keep paying theirs: Stripe
 * leaves subscriptions on inactive prices). The first tier makes the account a creator.
 */
export class Tiers {
  constructor(
    private readonly db: Database,
    private readonly stripe: () => Stripe,
    private readonly minFollowers: number,
  ) {}

  row(id: string) {
    return this.db.selectFrom('membershipTiers').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async own(creatorId: string, id: string) {
    const row = await this.row(id)
    if (!row || row.creatorId !== creatorId) throw new HttpError(problems.notFound, 'No such tier')
    return row
  }

  async list(creatorId: string, includeArchived: boolean) {
    let q = this.db.selectFrom('membershipTiers').selectAll().where('creatorId', '=', creatorId)
    if (!includeArchived) q = q.where('archivedAt', 'is', null)
    const rows = await q.orderBy('monthlyAmount').orderBy('id').limit(100).execute()
    return { items: rows.map(tierView), nextCursor: null }
  }

  async create(creatorId: string, input: TierInput) {
    checkName('body.name', input.name)
    const stripe = this.stripe()
    const counts = await this.db
      .selectFrom('userCounts')
      .select('followers')
      .where('userId', '=', creatorId)
      .executeTakeFirst()
    if (Number(counts?.followers ?? 0) < this.minFollowers)
      throw new HttpError(
        paymentProblems.notCreator,
        `Offering memberships takes ${this.minFollowers} followers`,
      )
    const currency = input.currency.toLowerCase()
    const id = newId()
    const product = await callStripe(() =>
      stripe.products.create(
        {
          name: input.name,
          description: input.description || undefined,
          metadata: { tierId: id, creatorId },
        },
        { idempotencyKey: `tier:${id}` },
      ),
    )
    const prices = await this.makePrices(
      stripe,
      product.id,
      id,
      currency,
      input.monthlyAmount,
      input.yearlyAmount ?? null,
    )
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('membershipTiers')
        .values({
          id,
          creatorId,
          name: input.name,
          description: input.description ?? null,
          currency,
          monthlyAmount: input.monthlyAmount,
          yearlyAmount: input.yearlyAmount ?? null,
          benefits: sql<Json>`${JSON.stringify(input.benefits ?? [])}::text::jsonb`,
          trialDays: input.trialDays ?? 0,
          adFree: input.adFree ?? false,
          stripeProductId: product.id,
          monthlyPriceId: prices.monthly,
          yearlyPriceId: prices.yearly,
        })
        .execute()
      await this.recordPrices(trx, id, prices, input.monthlyAmount, input.yearlyAmount ?? null)
      await trx
        .updateTable('users')
        .set({ role: 'creator' })
        .where('id', '=', creatorId)
        .where('role', '=', 'user')
        .execute()
    })
    return tierView((await this.row(id))!)
  }

  async update(creatorId: string, id: string, input: Partial<TierInput>) {
    const tier = await this.own(creatorId, id)
    if (tier.archivedAt) throw new HttpError(paymentProblems.tierArchived)
    if (input.name !== undefined) checkName('body.name', input.name)
    const stripe = this.stripe()
    if (input.name !== undefined || input.description !== undefined)
      await callStripe(() =>
        stripe.products.update(tier.stripeProductId, {
          name: input.name ?? tier.name,
          description: (input.description ?? tier.description) || '',
        }),
      )
    const monthly = input.monthlyAmount ?? Number(tier.monthlyAmount)
    const yearly =
      input.yearlyAmount === undefined
        ? tier.yearlyAmount === null
          ? null
          : Number(tier.yearlyAmount)
        : input.yearlyAmount
    const repriced =
      monthly !== Number(tier.monthlyAmount) ||
      yearly !== (tier.yearlyAmount === null ? null : Number(tier.yearlyAmount))
    let prices = { monthly: tier.monthlyPriceId, yearly: tier.yearlyPriceId }
    if (repriced) {
      prices = await this.makePrices(stripe, tier.stripeProductId, id, tier.currency, monthly, yearly)
      for (const old of [tier.monthlyPriceId, tier.yearlyPriceId])
        if (old) await callStripe(() => stripe.prices.update(old, { active: false }))
    }
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('membershipTiers')
        .set({
          name: input.name ?? tier.name,
          description: input.description === undefined ? tier.description : input.description,
          benefits: sql<Json>`${JSON.stringify(input.benefits ?? tier.benefits)}::text::jsonb`,
          trialDays: input.trialDays ?? tier.trialDays,
          adFree: input.adFree ?? tier.adFree,
          monthlyAmount: monthly,
          yearlyAmount: yearly,
          monthlyPriceId: prices.monthly,
          yearlyPriceId: prices.yearly,
          updatedAt: new Date(),
        })
        .where('id', '=', id)
        .execute()
      if (repriced) await this.recordPrices(trx, id, prices, monthly, yearly)
    })
    return tierView((await this.row(id))!)
  }

  async archive(creatorId: string, id: string) {
    const tier = await this.own(creatorId, id)
    if (!tier.archivedAt) {
      const stripe = this.stripe()
      await callStripe(() => stripe.products.update(tier.stripeProductId, { active: false }))
      await this.db
        .updateTable('membershipTiers')
        .set({ archivedAt: new Date() })
        .where('id', '=', id)
        .execute()
    }
    return tierView((await this.row(id))!)
  }

  async createOffer(creatorId: string, tierId: string, input: OfferInput) {
    const tier = await this.own(creatorId, tierId)
    if (tier.archivedAt) throw new HttpError(paymentProblems.tierArchived)
    if ((input.percentOff === undefined) === (input.amountOff === undefined))
      throw new HttpError(problems.validation, 'Give percentOff or amountOff, not both', {
        errors: [{ field: 'body.percentOff', message: 'percentOff or amountOff' }],
      })
    if (input.duration === 'repeating' && !input.durationInMonths)
      throw new HttpError(problems.validation, 'A repeating offer needs durationInMonths', {
        errors: [{ field: 'body.durationInMonths', message: 'needed when duration is repeating' }],
      })
    const id = newId()
    const stripe = this.stripe()
    const coupon = await callStripe(() =>
      stripe.coupons.create(
        {
          percent_off: input.percentOff,
          amount_off: input.amountOff,
          currency: input.amountOff !== undefined ? tier.currency : undefined,
          duration: input.duration,
          duration_in_months: input.duration === 'repeating' ? input.durationInMonths : undefined,
          max_redemptions: input.maxRedemptions,
          applies_to: { products: [tier.stripeProductId] },
          metadata: { offerId: id, tierId },
        },
        { idempotencyKey: `offer:${id}` },
      ),
    )
    await this.db
      .insertInto('membershipOffers')
      .values({
        id,
        tierId,
        creatorId,
        stripeCouponId: coupon.id,
        percentOff: input.percentOff ?? null,
        amountOff: input.amountOff ?? null,
        duration: input.duration,
        durationInMonths: input.durationInMonths ?? null,
        maxRedemptions: input.maxRedemptions ?? null,
      })
      .execute()
    return {
      id,
      tierId,
      percentOff: input.percentOff ?? null,
      amountOff: input.amountOff ?? null,
      duration: input.duration,
      durationInMonths: input.durationInMonths ?? null,
      maxRedemptions: input.maxRedemptions ?? null,
    }
  }

  private async makePrices(
    stripe: Stripe,
    product: string,
    tierId: string,
    currency: string,
    monthly: number,
    yearly: number | null,
  ) {
    const key = `${tierId}:${currency}:${monthly}:${yearly}`
    const m = await callStripe(() =>
      stripe.prices.create(
        {
          product,
          currency,
          unit_amount: monthly,
          recurring: { interval: 'month' },
          // Tax, when Stripe Tax collects it, comes on top of the tier's price.
          tax_behavior: 'exclusive',
          metadata: { tierId },
        },
        { idempotencyKey: `price:m:${key}` },
      ),
    )
    const y = yearly
      ? await callStripe(() =>
          stripe.prices.create(
            {
              product,
              currency,
              unit_amount: yearly,
              recurring: { interval: 'year' },
              tax_behavior: 'exclusive',
              metadata: { tierId },
            },
            { idempotencyKey: `price:y:${key}` },
          ),
        )
      : null
    return { monthly: m.id, yearly: y?.id ?? null }
  }

  private async recordPrices(
    trx: Kysely<DB>,
    tierId: string,
    prices: { monthly: string; yearly: string | null },
    monthly: number,
    yearly: number | null,
  ) {
    const rows = [{ stripePriceId: prices.monthly, tierId, interval: 'month', amount: monthly }]
    if (prices.yearly && yearly)
      rows.push({ stripePriceId: prices.yearly, tierId, interval: 'year', amount: yearly })
    await trx
      .insertInto('membershipPrices')
      .values(rows)
      .onConflict((oc) => oc.column('stripePriceId').doNothing())
      .execute()
  }
}
