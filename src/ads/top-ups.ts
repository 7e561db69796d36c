import type { Transaction } from 'kysely'
import type Stripe from 'stripe'
import { customerFor } from '../payments/customers.ts'
import type { Outcome, OwnPayment } from '../payments/event-handlers.ts'
import { ACCOUNTS, type Entry, type Ledger } from '../payments/ledger.ts'
import { callStripe, paymentProblems } from '../payments/problems.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Advertisers } from './advertisers.ts'

/** The ledger account of an advertiser's prepaid balance: a liability (what the platform owes in ads). */
export const advertiserAccount = (advertiserId: string) => `advertiser:${advertiserId}`
/** Credits administrators give (promotions, goodwill): an expense of the platform. */
export const ADMIN_CREDITS_ACCOUNT = 'ads:credits'
/** The metadata `kind` of a top-up's PaymentIntent (payments hands those payments to ads). */
export const TOP_UP_KIND = 'ad_top_up'

export interface TopUpInput {
  amount: number
  successUrl: string
  cancelUrl: string
}

function topUpView(r: {
  id: string
  amountMinor: string | number | bigint
  currency: string
  status: string
  createdAt: Date
  paidAt: Date | null
}) {
  return {
    id: r.id,
    amount: Number(r.amountMinor),
    currency: r.currency,
    status: r.status as 'pending' | 'paid',
    createdAt: r.createdAt.toISOString(),
    paidAt: r.paidAt?.toISOString() ?? null,
  }
}

/**
 * Prepaid balances topped up through Stripe Checkout (a one-off payment, `mode=payment`, through
 * the payments module's client). The balance moves only when Stripe's verified
 * `payment_intent.succeeded` is handled (payments' webhook inbox: once per event), and at most once
 * per top-up and per charge: the top-up row goes from pending to paid in the event's transaction,
 * with the credit and the ledger entries (Stripe's clearing and fee against the advertiser's account).
 */
export class TopUps {
  constructor(
    private readonly deps: {
      db: Database
      stripe: () => Stripe
      ledger: Ledger
      advertisers: Advertisers
    },
  ) {}

  async create(userId: string, input: TopUpInput) {
    const advertiser = await this.deps.advertisers.of(userId)
    const stripe = this.deps.stripe()
    const id = newId()
    const currency = advertiser.currency.toLowerCase()
    const customer = await callStripe(() => customerFor(this.deps.db, stripe, userId))
    const metadata = { kind: TOP_UP_KIND, topUpId: id, advertiserId: advertiser.id }
    const session = await callStripe(() =>
      stripe.checkout.sessions.create({
        mode: 'payment',
        customer,
        line_items: [
          {
            price_data: {
              currency,
              unit_amount: input.amount,
              product_data: { name: `Ad balance for ${advertiser.name}` },
            },
            quantity: 1,
          },
        ],
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        client_reference_id: userId,
        metadata,
        payment_intent_data: { metadata, description: 'Ad balance top-up' },
      }),
    )
    if (!session.url) throw new HttpError(paymentProblems.stripeUnavailable, 'Stripe gave no Checkout URL')
    const row = await this.deps.db
      .insertInto('adTopUps')
      .values({
        id,
        advertiserId: advertiser.id,
        checkoutSessionId: session.id,
        amountMinor: String(input.amount),
        currency,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    return { ...topUpView(row), url: session.url, sessionId: session.id }
  }

  async list(userId: string, limit: number, cursor?: string) {
    const advertiser = await this.deps.advertisers.of(userId)
    const rows = await this.deps.db
      .selectFrom('adTopUps')
      .selectAll()
      .where('advertiserId', '=', advertiser.id)
      .$call(newestFirst('createdAt', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), topUpView)
  }

  /** A top-up's payment, from the verified webhook, in its transaction. */
  readonly paid = async (trx: Transaction<DB>, payment: OwnPayment): Promise<Outcome> => {
    const { paymentIntent: pi, charge, stripeFee } = payment
    const topUpId = pi.metadata?.topUpId
    if (!topUpId) return 'ignored'
    const row = await trx
      .updateTable('adTopUps')
      .set({ status: 'paid', chargeId: charge.id, paidAt: new Date() })
      .where('id', '=', topUpId)
      .where('status', '=', 'pending')
      .returning(['advertiserId', 'amountMinor', 'currency'])
      .executeTakeFirst()
    if (!row) {
      const known = await trx.selectFrom('adTopUps').select('id').where('id', '=', topUpId).executeTakeFirst()
      // Not yet stored (the session answered, its row not yet written): the inbox retries.
      if (!known) throw new Error(`top-up ${topUpId} not found yet`)
      return 'ignored'
    }
    if (charge.currency !== row.currency)
      throw new Error(`top-up ${topUpId} paid in ${charge.currency}, not ${row.currency}`)
    // What was paid is what is credited (the session's amount, unless Stripe says otherwise).
    const amount = charge.amount
    await trx
      .updateTable('advertisers')
      .set((eb) => ({ balanceMilli: eb('balanceMilli', '+', String(BigInt(amount) * 1000n)) }))
      .where('id', '=', row.advertiserId)
      .execute()
    await trx
      .insertInto('adCredits')
      .values({
        id: newId(),
        advertiserId: row.advertiserId,
        amountMinor: String(amount),
        source: 'top_up',
        reference: charge.id,
        actorId: null,
      })
      .execute()
    const entries: Entry[] = [
      { account: ACCOUNTS.stripeClearing, amount: amount - stripeFee, currency: charge.currency },
      { account: ACCOUNTS.stripeFees, amount: stripeFee, currency: charge.currency },
      { account: advertiserAccount(row.advertiserId), amount: -amount, currency: charge.currency },
    ]
    await this.deps.ledger.post(
      {
        kind: 'ad.top_up',
        reference: `charge:${charge.id}`,
        memo: `top-up ${topUpId}`,
        entries: entries.filter((e) => e.amount !== 0),
      },
      trx,
    )
    return 'processed'
  }
}
