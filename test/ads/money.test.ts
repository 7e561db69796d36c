import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { ViewerRequest } from '../../src/ads/viewers.ts'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import {
  createTier,
  onboard,
  type PaymentsWorld,
  settled,
  startPaymentsWorld,
  submitForm,
  subscribe,
} from '../payments/support.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { writePost } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, credit } from './support.ts'

let w: PaymentsWorld
let boss: Account
const ads = () => w.node.ctx.services.ads
const db = () => w.node.ctx.db

beforeAll(async () => {
  // A lone bidder pays the reserve: 1500 milli an impression (1.5 minor units: the ledger's rounding).
  w = await startPaymentsWorld('ads-money', { ADS_RESERVE_CPM: '1500', ADS_CREATOR_SHARE_PERCENT: '55' })
  boss = await admin(w.node)
})
afterAll(() => w?.stop())

const URLS = { successUrl: 'https://app.example/ads/paid', cancelUrl: 'https://app.example/ads/cancel' }

async function topUp(a: Account, amount: number, card = '4242424242424242') {
  const res = await call(w.node, 'POST', '/v1/ads/advertisers/me/top-ups', {
    token: as(a),
    body: { amount, ...URLS },
  })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ amount, currency: 'usd', status: 'pending' })
  const paid = await submitForm(res.body.url, { card })
  if (card === '4242424242424242') {
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(URLS.successUrl)
  }
  return res.body as { id: string; sessionId: string; url: string }
}

const balanceOf = async (a: Account) =>
  (await call(w.node, 'GET', '/v1/ads/advertisers/me', { token: as(a) })).body.balance as number

/** The entries booked under one reference, by account (debits positive). */
async function entriesOf(reference: string, rename: Record<string, string> = {}) {
  const rows = await db()
    .selectFrom('ledgerEntries as e')
    .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
    .select(['e.account', 'e.amount'])
    .where('t.reference', '=', reference)
    .execute()
  return Object.fromEntries(rows.map((r) => [rename[r.account] ?? r.account, Number(r.amount)]))
}

/** The viewer reports the served ads viewable. */
async function viewed(served: { token: string }[]) {
  for (const s of served) {
    const res = await call(w.node, 'POST', '/v1/ads/events', {
      body: { token: s.token, kind: 'impression', visibleShare: 0.5, visibleMs: 1000 },
    })
    expect(res.body).toEqual({ counted: true, charged: true })
  }
}

async function ledgerBalance(account: string) {
  const row = await db()
    .selectFrom('ledgerBalances')
    .select('balance')
    .where('account', '=', account)
    .where('currency', '=', 'usd')
    .executeTakeFirst()
  return Number(row?.balance ?? 0)
}

describe('top-ups through Stripe Checkout', () => {
  test('the balance is credited from the verified webhook, once, with its ledger entries', async () => {
    const a = await advertiser(w.node, 'Lamps Ltd')
    const made = await topUp(a, 25_000)
    expect(made.url).toStartWith(w.stripe.url)
    const session = await w.sdk.checkout.sessions.retrieve(made.sessionId)
    expect(session.mode).toBe('payment')
    expect(session.amount_total).toBe(25_000)
    await eventually(async () => (await balanceOf(a)) === 25_000, 10_000)
    await settled(w)
    const list = await call(w.node, 'GET', '/v1/ads/advertisers/me/top-ups', { token: as(a) })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    expect(list.body.items[0]).toMatchObject({ id: made.id, status: 'paid', amount: 25_000 })
    const row = await db()
      .selectFrom('adTopUps')
      .select('chargeId')
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow()
    const fee = Math.round(25_000 * 0.029) + 30
    expect(
      await entriesOf(`charge:${row.chargeId}`, { [`advertiser:${a.advertiserId}`]: 'ADVERTISER' }),
    ).toEqual({ 'stripe:clearing': 25_000 - fee, 'stripe:fees': fee, ADVERTISER: -25_000 })

    // The same payment told again (a new event id, as a resend or a forged-by-replay would be):
    // nothing more is credited.
    const pi = [...w.stripe.store.paymentIntents.values()].find((p) => p.metadata?.topUpId === made.id)!
    const payload = JSON.stringify({
      id: `evt_replay_${crypto.randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      api_version: '2026-11-18.endive',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: pi },
    })
    const signature = await w.sdk.webhooks.generateTestHeaderStringAsync({ payload, secret: w.webhookSecret })
    const again = await w.node.request('/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    })
    expect(again.status).toBe(200)
    // A forged one (not signed with the endpoint's secret) is refused.
    const forged = await w.node.request('/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': await w.sdk.webhooks.generateTestHeaderStringAsync({
          payload,
          secret: 'whsec_x',
        }),
      },
      body: payload.replace('evt_replay_', 'evt_forged_'),
    })
    expect(forged.status).toBe(400)
    await settled(w)
    expect(await balanceOf(a)).toBe(25_000)
    expect(await ledgerBalance(`advertiser:${a.advertiserId}`)).toBe(-25_000)
    const credits = await db()
      .selectFrom('adCredits')
      .select('amountMinor')
      .where('advertiserId', '=', a.advertiserId)
      .execute()
    expect(credits.map((c) => Number(c.amountMinor))).toEqual([25_000])
    expect((await checkLedger(db())).problems).toEqual([])
  })

  test('a declined card or an abandoned checkout credits nothing', async () => {
    const a = await advertiser(w.node)
    await topUp(a, 5_000, '4000000000000002')
    await topUp(a, 7_000) // paid
    await call(w.node, 'POST', '/v1/ads/advertisers/me/top-ups', {
      token: as(a),
      body: { amount: 900, ...URLS },
    })
    await eventually(async () => (await balanceOf(a)) === 7_000, 10_000)
    await settled(w)
    expect(await balanceOf(a)).toBe(7_000)
    const list = await call(w.node, 'GET', '/v1/ads/advertisers/me/top-ups', { token: as(a) })
    expect(list.body.items.map((t: { status: string }) => t.status).sort()).toEqual([
      'paid',
      'pending',
      'pending',
    ])
  })

  test('bad input and others: 4xx', async () => {
    const a = await advertiser(w.node)
    const path = '/v1/ads/advertisers/me/top-ups'
    const post = (token: string, body: object) => call(w.node, 'POST', path, { token, body })
    for (const amount of [99, 1.5, 1e30, -100, '1000'])
      expect((await post(as(a), { amount, ...URLS })).status).toBe(422)
    expect(
      (await post(as(a), { amount: 1000, successUrl: 'javascript:alert(1)', cancelUrl: URLS.cancelUrl }))
        .status,
    ).toBe(422)
    expect(
      (await post(as(a), { amount: 1000, successUrl: 'https://a.example/\u0000', cancelUrl: URLS.cancelUrl }))
        .status,
    ).toBe(422)
    expect((await post(as(a), { amount: 1000 })).status).toBe(422)
    // Not an advertiser: 403; nobody: 401.
    const plain = await register(w.node)
    expect((await post(as(plain), { amount: 1000, ...URLS })).status).toBe(403)
    expect((await call(w.node, 'POST', path, { body: { amount: 1000, ...URLS } })).status).toBe(401)
    expect((await call(w.node, 'GET', `${path}?cursor=forged`, { token: as(a) })).status).toBe(422)
    // One advertiser never sees another's top-ups.
    const other = await advertiser(w.node)
    await post(as(other), { amount: 1000, ...URLS })
    expect((await call(w.node, 'GET', path, { token: as(a) })).body.items).toEqual([])
  })
})

function anonymous(country: string): ViewerRequest {
  return {
    userId: null,
    address: `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
    country,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
    acceptLanguage: 'en',
  }
}

describe('spend in the ledger', () => {
  test('billable spend is booked: advertiser → platform revenue and the creator’s share; the books balance', async () => {
    const a = await advertiser(w.node, 'Spenders')
    await topUp(a, 10_000)
    await eventually(async () => (await balanceOf(a)) === 10_000, 10_000)
    await credit(w.node, boss, a.advertiserId, 500)
    expect(
      await entriesOf(
        `ad-credit:${(await db().selectFrom('adCredits').select('id').where('source', '=', 'admin').where('advertiserId', '=', a.advertiserId).executeTakeFirstOrThrow()).id}`,
      ),
    ).toEqual({
      'ads:credits': 500,
      [`advertiser:${a.advertiserId}`]: -500,
    })
    const revenueBefore = await ledgerBalance('platform:revenue')
    await activeCampaign(w.node, a, { bid: { kind: 'cpm', amount: 1500 }, targeting: { countries: ['UY'] } })
    await ads().index.refresh()
    const creator = await register(w.node)
    // A serving, seen: its impression viewable (what bills a CPM serving).
    const serve = async (creatorId: string | null) => {
      const viewer = await ads().viewers.resolve(anonymous('UY'), new Date())
      const served = await ads().server.serve(viewer, { placement: 'feed', slots: 1, creatorId })
      await viewed(served)
      return served
    }
    // 7 plain servings and 5 with a creator (a pre-roll's share), 1500 milli each, all viewable.
    for (let i = 0; i < 7; i++) expect(await serve(null)).toHaveLength(1)
    for (let i = 0; i < 5; i++) expect(await serve(creator.id)).toHaveLength(1)
    while (await ads().spendLedger.postDue()) {}
    await ads().spendLedger.postDue()
    const unposted = await db().selectFrom('adSpend').select('id').where('posted', '=', false).execute()
    expect(unposted).toEqual([])
    // Spent 12 × 1.5 = 18.00 (minor units); the creator's 55% of 5 × 1.5 = 4.125 → 4 booked, 0.125 carried.
    const spentMilli = 12 * 1500
    const creatorMilli = 5 * Math.floor((1500 * 55) / 100)
    expect(await ledgerBalance(`advertiser:${a.advertiserId}`)).toBe(-10_500 + Math.floor(spentMilli / 1000))
    expect(await ledgerBalance(`creator:${creator.id}`)).toBe(-Math.floor(creatorMilli / 1000))
    expect((await ledgerBalance('platform:revenue')) - revenueBefore).toBe(
      -(Math.floor(spentMilli / 1000) - Math.floor(creatorMilli / 1000)),
    )
    // The advertiser's ledger account and its balance agree to less than one minor unit, once the
    // node gives back the rest of its budget slice.
    await ads().leases.sweep(Date.now() + 3_600_000)
    const row = await db()
      .selectFrom('advertisers')
      .select('balanceMilli')
      .where('id', '=', a.advertiserId)
      .executeTakeFirstOrThrow()
    expect(Number(row.balanceMilli)).toBe(10_500_000 - spentMilli)
    const carried = -(await ledgerBalance(`advertiser:${a.advertiserId}`)) * 1000 - Number(row.balanceMilli)
    expect(carried).toBeGreaterThanOrEqual(0)
    expect(carried).toBeLessThan(1000)
    // A second sweep books nothing more; more spend books the carried rest once it makes a unit.
    const booked = await db()
      .selectFrom('ledgerTransactions')
      .select('id')
      .where('kind', '=', 'ad.spend')
      .execute()
    await ads().spendLedger.postDue()
    expect(
      await db().selectFrom('ledgerTransactions').select('id').where('kind', '=', 'ad.spend').execute(),
    ).toHaveLength(booked.length)
    for (let i = 0; i < 2; i++) expect(await serve(creator.id)).toHaveLength(1)
    await ads().spendLedger.postDue()
    // The lone bidder pays the reserve, 1500 milli; 7 × 825 = 5775 milli: 5 minor units.
    expect(await ledgerBalance(`creator:${creator.id}`)).toBe(-5)
    expect(await ledgerBalance(`advertiser:${a.advertiserId}`)).toBe(-10_500 + 21)
    expect((await checkLedger(db())).problems).toEqual([])
  }, 60_000)

  test('spend booked by concurrent sweeps is booked once', async () => {
    const a = await advertiser(w.node, 'Twice')
    await credit(w.node, boss, a.advertiserId, 100_000)
    await activeCampaign(w.node, a, { bid: { kind: 'cpm', amount: 2000 }, targeting: { countries: ['PY'] } })
    await ads().index.refresh()
    await Promise.all(
      Array.from({ length: 40 }, async () =>
        viewed(
          await ads().server.serve(await ads().viewers.resolve(anonymous('PY'), new Date()), {
            placement: 'feed',
            slots: 1,
          }),
        ),
      ),
    )
    await Promise.all([ads().spendLedger.postDue(), ads().spendLedger.postDue(), ads().spendLedger.postDue()])
    await ads().spendLedger.postDue()
    expect(await ledgerBalance(`advertiser:${a.advertiserId}`)).toBe(-100_000 + 60)
    expect((await checkLedger(db())).problems).toEqual([])
  }, 60_000)
})

describe('ad-free tiers', () => {
  test("subscribers of an ad-free tier see no ads on the creator's profile; others and other tiers do", async () => {
    const [creator, plainCreator, fan, passerby] = await Promise.all([
      register(w.node),
      register(w.node),
      register(w.node),
      register(w.node),
    ])
    await onboard(w, creator)
    await onboard(w, plainCreator)
    const free = await createTier(w, creator, { name: 'No ads', adFree: true })
    expect(free).toMatchObject({ adFree: true })
    const plain = await createTier(w, plainCreator, { name: 'Supporter' })
    expect(plain).toMatchObject({ adFree: false })
    // An ad for anyone, anywhere.
    const a = await advertiser(w.node, 'Everywhere')
    await credit(w.node, boss, a.advertiserId, 100_000)
    await activeCampaign(w.node, a, { bid: { kind: 'cpm', amount: 5000 } })
    await ads().index.refresh()
    for (let i = 0; i < 6; i++) {
      await writePost(w.node, creator, { text: `free ${i}` })
      await writePost(w.node, plainCreator, { text: `plain ${i}` })
    }
    const profile = (who: Account, of: Account) =>
      call(w.node, 'GET', `/v1/users/${of.username}/posts`, { token: as(who) })
    expect((await profile(fan, creator)).body.sponsored).toHaveLength(1)
    await subscribe(w, fan, free.id)
    await subscribe(w, fan, plain.id)
    const page = await profile(fan, creator)
    expect(page.status).toBe(200)
    expect(page.body.items.length).toBe(6)
    expect(page.body.sponsored).toBeUndefined()
    // Another creator's tier without the benefit, and a viewer who does not subscribe: ads as before.
    expect((await profile(fan, plainCreator)).body.sponsored).toHaveLength(1)
    expect((await profile(passerby, creator)).body.sponsored).toHaveLength(1)
    // Before the creator's videos: no pre-roll for the subscriber (the check playback makes).
    const placements = ads().placements
    expect(await placements.adFree(fan.id, { id: creator.id })).toBe(true)
    expect(await placements.adFree(fan.id, { id: plainCreator.id })).toBe(false)
    expect(await placements.adFree(passerby.id, { id: creator.id })).toBe(false)
    expect(await placements.adFree(null, { id: creator.id })).toBe(false)
    // The benefit can be turned off.
    const off = await call(w.node, 'PATCH', `/v1/creators/me/tiers/${free.id}`, {
      token: as(creator),
      body: { adFree: false },
    })
    expect(off.status).toBe(200)
    expect(off.body.adFree).toBe(false)
    expect((await profile(fan, creator)).body.sponsored).toHaveLength(1)
    expect(
      (
        await call(w.node, 'PATCH', `/v1/creators/me/tiers/${free.id}`, {
          token: as(creator),
          body: { adFree: 'yes' },
        })
      ).status,
    ).toBe(422)
  }, 90_000)
})

describe('monthly invoicing through Stripe', () => {
  test("an approved advertiser spends on credit; the month's invoice goes through Stripe and its payment is credited once", async () => {
    const a = await advertiser(w.node, 'On Account')
    const approve = (creditLimit: unknown, by: Account = boss, id = a.advertiserId) =>
      call(w.node, 'PUT', `/v1/admin/ads/advertisers/${id}/invoicing`, {
        token: as(by),
        body: { creditLimit },
      })
    expect((await approve(50, a)).status).toBe(403)
    for (const bad of [-1, 1.5, 1e300, '50', null]) expect((await approve(bad)).status).toBe(422)
    expect((await approve(50, boss, crypto.randomUUID())).status).toBe(404)
    expect((await approve(50)).body).toMatchObject({ balance: 0, creditLimit: 50 })

    // The highest bid here (campaigns of other tests for anywhere compete): it wins every slot.
    const campaign = await activeCampaign(w.node, a, {
      bid: { kind: 'cpm', amount: 100_000 },
      budget: { total: 1000, daily: 1000 },
      targeting: { countries: ['BZ'] },
    })
    await ads().index.refresh()
    // Four viewable impressions at the second price, spent on credit.
    let spentMilli = 0
    for (let i = 0; i < 4; i++) {
      const served = await ads().server.serve(await ads().viewers.resolve(anonymous('BZ'), new Date()), {
        placement: 'feed',
        slots: 1,
      })
      expect(served.map((s) => s.campaignId)).toEqual([campaign])
      await viewed(served)
      spentMilli += served[0]!.priceMilli
    }
    await ads().leases.sweep(Date.now() + 3_600_000)
    const due = Math.floor((spentMilli + 500) / 1000)
    expect(due).toBeGreaterThan(5)
    expect(await balanceOf(a)).toBe(Math.floor(-spentMilli / 1000))
    // The limit cannot go below what is spent on credit.
    expect((await approve(due - 2)).body.code).toBe('credit_in_use')

    const now = new Date()
    const afterMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 2))
    await ads().invoices.issueDue(afterMonth)
    const draft = (await call(w.node, 'GET', '/v1/ads/advertisers/me/invoices', { token: as(a) })).body
      .items[0]
    expect(draft).toMatchObject({
      collection: 'stripe',
      status: 'draft',
      amount: due,
      amountMilli: spentMilli,
      payUrl: null,
    })
    expect(await ads().invoices.sendDue()).toBe(1)
    expect(await ads().invoices.sendDue()).toBe(0)
    const open = (await call(w.node, 'GET', `/v1/ads/advertisers/me/invoices/${draft.id}`, { token: as(a) }))
      .body
    expect(open).toMatchObject({ status: 'open', paidAt: null })
    expect(open.payUrl).toBeString()
    // What Stripe holds: a one-off invoice to the advertiser's customer, for the amount, sent.
    const row = await db()
      .selectFrom('adInvoices')
      .select('stripeInvoiceId')
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow()
    const stripeInvoice = await w.sdk.invoices.retrieve(row.stripeInvoiceId!)
    expect(stripeInvoice).toMatchObject({
      status: 'open',
      collection_method: 'send_invoice',
      amount_due: due,
      currency: 'usd',
      metadata: { kind: 'ad_invoice', adInvoiceId: draft.id },
    })

    // The advertiser pays it on Stripe's page: the verified invoice.paid credits the balance, once.
    await w.sdk.invoices.pay(row.stripeInvoiceId!, { payment_method: 'pm_card_visa' })
    await settled(w)
    const paid = (await call(w.node, 'GET', `/v1/ads/advertisers/me/invoices/${draft.id}`, { token: as(a) }))
      .body
    expect(paid.status).toBe('paid')
    expect(paid.paidAt).toBeString()
    const after = Math.floor((due * 1000 - spentMilli) / 1000)
    expect(await balanceOf(a)).toBe(after)
    const credits = await db()
      .selectFrom('adCredits')
      .select(['source', 'amountMinor', 'reference'])
      .where('advertiserId', '=', a.advertiserId)
      .execute()
    expect(credits.map((c) => [c.source, Number(c.amountMinor), c.reference])).toEqual([
      ['invoice', due, row.stripeInvoiceId],
    ])
    // Stripe's delivery again (a retry): nothing more.
    await w.stripe.sender.idle()
    expect(await balanceOf(a)).toBe(after)
    expect((await checkLedger(db())).problems).toEqual([])
  }, 60_000)
})
