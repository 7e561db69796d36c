import { expect } from 'bun:test'
import Stripe from 'stripe'
import { STRIPE_API_VERSION } from '../../src/payments/stripe-client.ts'
import { StripeLocal } from '../../src/payments/stripe-local/server.ts'
import { type Account, call } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

export const SECRET_KEY = 'sk_test_socialflow'

export interface PaymentsWorld {
  node: TestNode
  stripe: StripeLocal
  /** The SDK on the stand-in, as a payer's client (Stripe.js) would confirm payments. */
  sdk: Stripe
  webhookSecret: string
  stop(): Promise<void>
}

/** A platform node on its own database, with the Stripe stand-in it calls and that sends it webhooks. */
export async function startPaymentsWorld(
  tag: string,
  env: Record<string, string> = {},
): Promise<PaymentsWorld> {
  const webhookSecret = `whsec_${crypto.randomUUID().replaceAll('-', '')}`
  const stripe = new StripeLocal({
    port: 0,
    webhookSecret,
    retryBaseMs: 100,
    maxAttempts: 6,
    maxJitterMs: 40,
  })
  stripe.start()
  const node = await startSocialNode(tag, {
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_URL: stripe.url,
    PAYMENTS_PLATFORM_FEE_PERCENT: '10',
    ...env,
  })
  stripe.sender.setUrl(`${node.url}/v1/payments/webhooks/stripe`)
  const api = new URL(stripe.url)
  const sdk = new Stripe(SECRET_KEY, {
    apiVersion: STRIPE_API_VERSION,
    host: api.hostname,
    port: api.port,
    protocol: 'http',
  })
  return {
    node,
    stripe,
    sdk,
    webhookSecret,
    stop: async () => {
      await stripe.stop()
      await node.stop()
    },
  }
}

/** Submits a page's form as the browser would (the stand-in's Checkout, portal and onboarding pages). */
export async function submitForm(url: string, fields: Record<string, string> = {}): Promise<Response> {
  const page = await fetch(url)
  expect(page.status).toBe(200)
  expect(await page.text()).toContain('<form method="post"')
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' })
}

/** Sets up payouts for `creator` through Connect onboarding, until account.updated has arrived. */
export async function onboard(w: PaymentsWorld, creator: Account) {
  const res = await call(w.node, 'POST', '/v1/creators/me/payouts/onboarding', {
    token: creator.tokens.accessToken,
    body: { returnUrl: 'https://app.example/payouts/done', refreshUrl: 'https://app.example/payouts/again' },
  })
  expect(res.status).toBe(200)
  const done = await submitForm(res.body.url)
  expect(done.status).toBe(303)
  expect(done.headers.get('location')).toBe('https://app.example/payouts/done')
  await eventually(async () => {
    const s = await call(w.node, 'GET', '/v1/creators/me/payouts', { token: creator.tokens.accessToken })
    return s.status === 200 && s.body.chargesEnabled === true
  }, 10_000)
  return res.body.accountId as string
}

export async function createTier(w: PaymentsWorld, creator: Account, body: Record<string, unknown> = {}) {
  const res = await call(w.node, 'POST', '/v1/creators/me/tiers', {
    token: creator.tokens.accessToken,
    body: {
      name: 'Supporter',
      monthlyAmount: 500,
      yearlyAmount: 5000,
      currency: 'usd',
      benefits: ['Early videos'],
      ...body,
    },
  })
  expect(res.status).toBe(201)
  return res.body as { id: string; monthlyAmount: number }
}

/** Subscribes `fan` through Checkout (the Pay button) and waits until the webhook made it count. */
export async function subscribe(
  w: PaymentsWorld,
  fan: Account,
  tierId: string,
  extra: Record<string, unknown> = {},
) {
  const res = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
    token: fan.tokens.accessToken,
    body: {
      tierId,
      interval: 'month',
      successUrl: 'https://app.example/ok',
      cancelUrl: 'https://app.example/no',
      ...extra,
    },
  })
  expect(res.status).toBe(200)
  const paid = await submitForm(res.body.url, { card: '4242424242424242' })
  expect(paid.status).toBe(303)
  await eventually(
    async () => (await mySubscriptions(w, fan)).some((s) => s.tier.id === tierId && s.entitled),
    10_000,
  )
  await w.stripe.sender.idle()
  return res.body.sessionId as string
}

export async function mySubscriptions(w: PaymentsWorld, fan: Account) {
  const res = await call(w.node, 'GET', '/v1/subscriptions', { token: fan.tokens.accessToken })
  expect(res.status).toBe(200)
  // biome-ignore lint/suspicious/noExplicitAny: the route's JSON
  return res.body.items as any[]
}

/** Waits until every event sent so far was delivered and none is left pending. */
export async function settled(w: PaymentsWorld) {
  await w.stripe.sender.idle()
  await eventually(async () => {
    const pending = await w.node.ctx.db
      .selectFrom('stripeEvents')
      .select('id')
      .where('status', '=', 'pending')
      .execute()
    return pending.length === 0
  }, 15_000)
}
