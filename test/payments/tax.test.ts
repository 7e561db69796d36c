import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import {
  createTier,
  mySubscriptions,
  onboard,
  type PaymentsWorld,
  settled,
  startPaymentsWorld,
  submitForm,
} from './support.ts'

let w: PaymentsWorld
let creator: Account
let accountId: string
let tierId: string
const DAY = 86_400

beforeAll(async () => {
  w = await startPaymentsWorld('payments-tax', { PAYMENTS_STRIPE_TAX: 'true' })
  creator = await register(w.node)
  accountId = await onboard(w, creator)
  tierId = (await createTier(w, creator)).id // 500 a month, 10% platform fee
})
afterAll(() => w?.stop())

/** Checkout with the Pay button, the billing address in `country`; waits until it is entitled. */
async function subscribeFrom(fan: Account, country: string) {
  const res = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
    token: fan.tokens.accessToken,
    body: {
      tierId,
      interval: 'month',
      successUrl: 'https://app.example/ok',
      cancelUrl: 'https://app.example/no',
    },
  })
  expect(res.status).toBe(200)
  const page = await (await fetch(res.body.url)).text()
  expect(page).toContain('name="country"')
  const paid = await submitForm(res.body.url, { card: '4242424242424242', country })
  expect(paid.status).toBe(303)
  await eventually(async () => (await mySubscriptions(w, fan)).some((s) => s.entitled), 10_000)
  await settled(w)
  return res.body.sessionId as string
}

/** The ledger entries of each membership payment booked so far, by account. */
async function membershipPayments() {
  const rows = await w.node.ctx.db
    .selectFrom('ledgerEntries as e')
    .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
    .select(['t.reference', 'e.account', 'e.amount'])
    .where('t.kind', '=', 'membership.payment')
    .orderBy('t.createdAt')
    .execute()
  const byRef = new Map<string, Record<string, number>>()
  for (const r of rows) {
    const entries = byRef.get(r.reference) ?? {}
    entries[r.account.startsWith('creator:') ? 'creator' : r.account] = Number(r.amount)
    byRef.set(r.reference, entries)
  }
  return [...byRef.values()]
}

async function creatorBalance() {
  const res = await call(w.node, 'GET', '/v1/creators/me/balance', { token: creator.tokens.accessToken })
  expect(res.status).toBe(200)
  return res.body.items.find((b: { currency: string }) => b.currency === 'usd')?.amount ?? 0
}

async function taxCollected() {
  const row = await w.node.ctx.db
    .selectFrom('ledgerBalances')
    .select('balance')
    .where('account', '=', 'tax:collected')
    .where('currency', '=', 'usd')
    .executeTakeFirst()
  return row ? Number(row.balance) : 0
}

const connectedBalance = () => w.stripe.store.accountBalances.get(accountId)?.get('usd') ?? 0

describe('Stripe Tax on memberships (PAYMENTS_STRIPE_TAX)', () => {
  test('checkout collects tax: booked to tax:collected, the creator’s share and the fee taken before tax, the tax withheld from the transfer', async () => {
    const fan = await register(w.node)
    const sessionId = await subscribeFrom(fan, 'FR')
    // What the SDK sent: automatic tax, and the collected address saved on the existing customer.
    const sent = w.stripe.requests.find((r) => r.path === '/v1/checkout/sessions')
    expect(sent?.form.automatic_tax).toEqual({ enabled: 'true' })
    expect(sent?.form.customer_update).toEqual({ address: 'auto' })
    const prices = w.stripe.requests.filter((r) => r.path === '/v1/prices')
    expect(prices.map((p) => p.form.tax_behavior)).toEqual(['exclusive', 'exclusive'])
    // Stripe's session: 500 + 20% French VAT.
    const session = await w.sdk.checkout.sessions.retrieve(sessionId)
    expect(session.automatic_tax.enabled).toBe(true)
    expect(session.total_details?.amount_tax).toBe(100)
    expect(session.amount_total).toBe(600)
    // The ledger: 600 charged (Stripe's fee 2.9% + 30 = 47), 100 of tax owed, of the 500 left
    // the creator earns 450 and the platform 50 (not 540 and 60 as the application fee on 600 made it).
    const [payment] = await membershipPayments()
    expect(payment).toEqual({
      'stripe:clearing': 553,
      'stripe:fees': 47,
      'tax:collected': -100,
      creator: -450,
      'platform:fees': -50,
    })
    expect(await creatorBalance()).toBe(450)
    // Stripe moved 540 to the connected account; the 90 of tax in it was reversed.
    const transfer = [...w.stripe.store.transfers.values()].find((t) => t.destination === accountId)
    expect(transfer?.amount).toBe(540)
    expect(transfer?.amount_reversed).toBe(90)
    expect(connectedBalance()).toBe(450)
  })

  test('a renewal is taxed at the saved address; the creator’s balance in the ledger follows the connected account’s', async () => {
    w.stripe.advance(32 * DAY)
    await settled(w)
    const payments = await membershipPayments()
    expect(payments).toHaveLength(2)
    expect(payments[1]).toEqual(payments[0]!)
    // The stand-in pays out as the clock moves, before the renewal's webhook withheld its tax: the
    // payout took 990 (450 + the 540 transferred), the 90 of tax reversed after it leaves the
    // creator owing 90, recovered from later earnings. The ledger says what Stripe's balance says.
    const payouts = [...w.stripe.store.payouts.values()].map((p) => p.amount)
    expect(payouts).toEqual([990])
    expect(connectedBalance()).toBe(-90)
    expect(await creatorBalance()).toBe(-90)
    expect(await taxCollected()).toBe(-200)
  })

  test('where the platform collects no tax nothing is booked to tax:collected', async () => {
    const fan = await register(w.node)
    const before = await creatorBalance()
    const sessionId = await subscribeFrom(fan, 'US')
    const session = await w.sdk.checkout.sessions.retrieve(sessionId)
    expect(session.total_details?.amount_tax).toBe(0)
    const payments = await membershipPayments()
    expect(payments.at(-1)).toEqual({
      'stripe:clearing': 455,
      'stripe:fees': 45,
      creator: -450,
      'platform:fees': -50,
    })
    expect(await creatorBalance()).toBe(before + 450)
    expect(connectedBalance()).toBe(before + 450)
    expect(await taxCollected()).toBe(-200)
  })

  test('a refund of a taxed payment gives the tax back in proportion and takes back the creator’s share of the amount before tax', async () => {
    const admin = await promote(w.node, await register(w.node), 'admin')
    const taxed = [...w.stripe.store.charges.values()].find((c) => c.amount === 600)!
    const before = await creatorBalance()
    const refund = await call(w.node, 'POST', '/v1/admin/payments/refunds', {
      token: admin.tokens.accessToken,
      body: { paymentIntentId: String(taxed.payment_intent), amount: 300 },
    })
    expect(refund.status).toBe(200)
    await settled(w)
    const rows = await w.node.ctx.db
      .selectFrom('ledgerEntries as e')
      .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
      .select(['e.account', 'e.amount'])
      .where('t.reference', '=', `refund:${refund.body.id}`)
      .execute()
    const entries = Object.fromEntries(
      rows.map((r) => [r.account.startsWith('creator:') ? 'creator' : r.account, Number(r.amount)]),
    )
    // Half of 600: half the tax (50), half the creator's 450 (225), half the platform's 50 (25).
    expect(entries).toEqual({ creator: 225, 'tax:collected': 50, refunds: 25, 'stripe:clearing': -300 })
    expect(await taxCollected()).toBe(-150)
    expect(await creatorBalance()).toBe(before - 225)
    // Stripe: the refund did not reverse the transfer by its proportion (540/600, tax in it); the
    // platform reversed the creator's 225, once however often refund.created came.
    const transfer = w.stripe.store.transfers.get(String(taxed.transfer))!
    expect(transfer.reversals?.data?.map((r) => [r.amount, r.metadata])).toEqual([
      [225, { refund: refund.body.id }],
      [90, { tax: taxed.id }],
    ])
    expect(connectedBalance()).toBe(before - 225)
  })

  test('a chargeback of a taxed payment, then won: tax:collected and the creator’s share of the amount before tax move both ways', async () => {
    const [, renewal] = [...w.stripe.store.charges.values()].filter((c) => c.amount === 600)
    const before = await creatorBalance()
    const dispute = w.stripe.openDispute(renewal!.id)
    await settled(w)
    const entriesOf = async (reference: string) => {
      const rows = await w.node.ctx.db
        .selectFrom('ledgerEntries as e')
        .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
        .select(['e.account', 'e.amount'])
        .where('t.reference', '=', reference)
        .execute()
      return Object.fromEntries(
        rows.map((r) => [r.account.startsWith('creator:') ? 'creator' : r.account, Number(r.amount)]),
      )
    }
    expect(await entriesOf(`dispute:${dispute.id}`)).toEqual({
      creator: 450,
      'tax:collected': 100,
      disputes: 50,
      'stripe:fees': 1500,
      'stripe:clearing': -2100,
    })
    expect(await creatorBalance()).toBe(before - 450)
    // The 450 left of the transfer once its tax was withheld is taken back, not 540.
    const transfer = w.stripe.store.transfers.get(String(renewal!.transfer))!
    expect(transfer.amount_reversed).toBe(540)
    w.stripe.closeDispute(dispute.id, 'won')
    await settled(w)
    expect(await entriesOf(`dispute:${dispute.id}:won`)).toEqual({
      creator: -450,
      'tax:collected': -100,
      disputes: -50,
      'stripe:clearing': 600,
    })
    expect(await creatorBalance()).toBe(before)
    expect(connectedBalance()).toBe(before)
  })

  test('the stand-in refuses automatic tax as Stripe does: a price without tax behavior, a customer without address', async () => {
    const product = await w.sdk.products.create({ name: 'Untaxed' })
    const price = await w.sdk.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 500,
      recurring: { interval: 'month' },
    })
    const base = {
      mode: 'subscription' as const,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://a.example',
      automatic_tax: { enabled: true },
    }
    await expect(w.sdk.checkout.sessions.create(base)).rejects.toThrow(/tax_behavior/)
    const taxed = await w.sdk.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 500,
      recurring: { interval: 'month' },
      tax_behavior: 'exclusive',
    })
    const customer = await w.sdk.customers.create({ email: 'x@example.com' })
    const withCustomer = { ...base, customer: customer.id, line_items: [{ price: taxed.id, quantity: 1 }] }
    await expect(w.sdk.checkout.sessions.create(withCustomer)).rejects.toThrow(/customer_update/)
    const ok = await w.sdk.checkout.sessions.create({ ...withCustomer, customer_update: { address: 'auto' } })
    expect(ok.automatic_tax.status).toBe('requires_location_inputs')
  })

  test('the ledger invariant holds after all of it', async () => {
    await settled(w)
    const report = await checkLedger(w.node.ctx.db)
    expect(report.problems).toEqual([])
  })
})
