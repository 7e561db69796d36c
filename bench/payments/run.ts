/**
 * bench/payments, on one node with the Stripe stand-in (in this process):
 *
 * 1. Webhook events per second: EVENTS signed `payment_intent.succeeded` events of tips POSTed to
 *    /v1/payments/webhooks/stripe over HTTP, CONCURRENCY at a time: each verified, stored by id,
 *    its charge read back from Stripe (the stand-in) and booked in the ledger (one transaction,
 *    four entries, four balances). Baseline: plain inserts of the same rows (event, transaction,
 *    entries, balance upserts), one transaction per event, at the same concurrency.
 * 2. Entitled-read overhead: GET /v1/users/{creator}/posts?limit=20 where every post is for
 *    subscribers, read by an entitled subscriber, against the same page of a creator whose posts
 *    are public; requests per second over ROUNDS alternating rounds of SECONDS (ratio ≥ 0.9 wanted).
 *
 *   npm run bench:payments
 *   EVENTS=2000 CONCURRENCY=16 ROUNDS=5 SECONDS=3 npm run bench:payments
 */
import Stripe from 'stripe'
import { STRIPE_API_VERSION } from '../../src/payments/stripe-client.ts'
import { StripeLocal } from '../../src/payments/stripe-local/server.ts'
import { newId } from '../../src/platform/ids.ts'
import { type Account, call, register } from '../../test/support/accounts.ts'
import { eventually } from '../../test/support/eventually.ts'
import { startSocialNode } from '../../test/support/social.ts'
import { median } from '../support.ts'

const EVENTS = Number(process.env.EVENTS ?? 600)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 2)
const KEY = 'sk_test_bench'

const webhookSecret = `whsec_${crypto.randomUUID().replaceAll('-', '')}`
const stripe = new StripeLocal({ port: 0, webhookSecret, retryBaseMs: 100, maxJitterMs: 5 })
stripe.start()
const node = await startSocialNode('bench-payments', {
  STRIPE_SECRET_KEY: KEY,
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_API_URL: stripe.url,
  LOG_LEVEL: 'warn',
  RATE_LIMITS: '*=off',
})
const hook = `${node.url}/v1/payments/webhooks/stripe`
stripe.sender.setUrl(hook)
const api = new URL(stripe.url)
const sdk = new Stripe(KEY, {
  apiVersion: STRIPE_API_VERSION,
  host: api.hostname,
  port: api.port,
  protocol: 'http',
})

async function pool<T>(items: T[], n: number, each: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await each(items[next++]!)
    }),
  )
}

async function onboard(creator: Account) {
  const res = await call(node, 'POST', '/v1/creators/me/payouts/onboarding', {
    token: creator.tokens.accessToken,
    body: { returnUrl: 'https://app.example/r', refreshUrl: 'https://app.example/r' },
  })
  await fetch(res.body.url, { method: 'POST', redirect: 'manual' })
  await eventually(
    async () =>
      (await call(node, 'GET', '/v1/creators/me/payouts', { token: creator.tokens.accessToken })).body
        .chargesEnabled,
    10_000,
  )
  return res.body.accountId as string
}

try {
  const [creator, publicCreator, fan] = [await register(node), await register(node), await register(node)]
  const account = await onboard(creator)

  // 1. Webhook events with ledger writes, against plain inserts of the same rows.
  stripe.sender.setUrl('') // the events are sent by the bench below, not by the stand-in
  for (let i = 0; i < EVENTS; i++) {
    const pi = await sdk.paymentIntents.create({
      amount: 1000 + i,
      currency: 'usd',
      application_fee_amount: 100,
      transfer_data: { destination: account },
      metadata: { kind: 'tip', tipId: newId() },
    })
    await sdk.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
  }
  const events = [...stripe.store.events.values()].filter((e) => e.type === 'payment_intent.succeeded')
  const bodies = await Promise.all(
    events.map(async (e) => {
      const payload = JSON.stringify(e)
      return {
        payload,
        signature: await sdk.webhooks.generateTestHeaderStringAsync({ payload, secret: webhookSecret }),
      }
    }),
  )
  let started = performance.now()
  await pool(bodies, CONCURRENCY, async ({ payload, signature }) => {
    const res = await fetch(hook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    })
    const body = (await res.json()) as { outcome: string }
    if (body.outcome !== 'processed') throw new Error(`event not processed: ${JSON.stringify(body)}`)
  })
  const webhookSeconds = (performance.now() - started) / 1000
  const db = node.ctx.db
  started = performance.now()
  await pool(events, CONCURRENCY, async (e) => {
    const id = newId()
    const acct = `creator:${creator.id}`
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('stripeEvents')
        .values({
          id: `${e.id}_plain`,
          type: String(e.type),
          objectId: null,
          stripeCreated: new Date(),
          payload: JSON.stringify(e),
          status: 'processed',
        })
        .execute()
      await trx
        .insertInto('ledgerTransactions')
        .values({ id, kind: 'plain', reference: `plain:${e.id}` })
        .execute()
      const entries = [
        { account: 'plain:clearing', amount: 941, currency: 'usd' },
        { account: 'plain:fees', amount: 59, currency: 'usd' },
        { account: `plain:${acct}`, amount: -900, currency: 'usd' },
        { account: 'plain:platform', amount: -100, currency: 'usd' },
      ]
      await trx
        .insertInto('ledgerEntries')
        .values(entries.map((x) => ({ transactionId: id, ...x })))
        .execute()
      await trx
        .insertInto('ledgerBalances')
        .values(entries.map((x) => ({ account: x.account, currency: x.currency, balance: x.amount })))
        .onConflict((oc) =>
          oc.columns(['account', 'currency']).doUpdateSet((eb) => ({
            balance: eb('ledgerBalances.balance', '+', eb.ref('excluded.balance')),
          })),
        )
        .execute()
    })
  })
  const plainSeconds = (performance.now() - started) / 1000
  const webhookRate = events.length / webhookSeconds
  const plainRate = events.length / plainSeconds
  console.log(
    `webhooks: ${events.length} payment_intent.succeeded events, ${CONCURRENCY} at a time: ${webhookRate.toFixed(0)} events/s ` +
      `(verified, stored, charge read from the stand-in, booked); plain inserts of the same rows: ${plainRate.toFixed(0)} events/s; ratio ${(webhookRate / plainRate).toFixed(2)}`,
  )

  // 2. Entitled reads: a subscribers-only page against a public one.
  stripe.sender.setUrl(hook)
  const tier = await call(node, 'POST', '/v1/creators/me/tiers', {
    token: creator.tokens.accessToken,
    body: { name: 'Members', monthlyAmount: 500, currency: 'usd' },
  })
  const checkout = await call(node, 'POST', '/v1/subscriptions/checkout', {
    token: fan.tokens.accessToken,
    body: {
      tierId: tier.body.id,
      interval: 'month',
      successUrl: 'https://app.example/ok',
      cancelUrl: 'https://app.example/no',
    },
  })
  await fetch(checkout.body.url, {
    method: 'POST',
    body: new URLSearchParams({ card: '4242424242424242' }),
    redirect: 'manual',
  })
  await eventually(
    async () =>
      (await call(node, 'GET', '/v1/subscriptions', { token: fan.tokens.accessToken })).body.items.some(
        (s: { entitled: boolean }) => s.entitled,
      ),
    10_000,
  )
  for (let i = 0; i < 25; i++) {
    const gated = await call(node, 'POST', '/v1/posts', {
      token: creator.tokens.accessToken,
      body: { text: `members post ${i}` },
    })
    await call(node, 'PUT', `/v1/posts/${gated.body.id}/audience`, {
      token: creator.tokens.accessToken,
      body: { audience: 'subscribers', tierId: tier.body.id },
    })
    await call(node, 'POST', '/v1/posts', {
      token: publicCreator.tokens.accessToken,
      body: { text: `public post ${i}` },
    })
  }
  const check = await call(node, 'GET', `/v1/users/${creator.username}/posts?limit=20`, {
    token: fan.tokens.accessToken,
  })
  if (check.body.items.length !== 20 || check.body.items.some((p: { locked: boolean }) => p.locked))
    throw new Error('the fan does not see the page')
  const rate = async (path: string) => {
    let n = 0
    const until = performance.now() + SECONDS * 1000
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const res = await node.request(path, {
            headers: { authorization: `Bearer ${fan.tokens.accessToken}`, 'x-forwarded-for': '10.1.1.1' },
          })
          await res.arrayBuffer()
          n++
        }
      }),
    )
    return n / SECONDS
  }
  const gatedRates: number[] = []
  const publicRates: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    publicRates.push(await rate(`/v1/users/${publicCreator.username}/posts?limit=20`))
    gatedRates.push(await rate(`/v1/users/${creator.username}/posts?limit=20`))
  }
  const g = median(gatedRates)
  const p = median(publicRates)
  console.log(
    `entitled reads: subscribers-only page ${g.toFixed(0)} req/s, public page ${p.toFixed(0)} req/s (medians of ${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} at a time); ratio ${(g / p).toFixed(2)}`,
  )
} finally {
  await stripe.stop()
  await node.stop()
}
