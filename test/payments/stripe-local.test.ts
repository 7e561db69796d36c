import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import Stripe from 'stripe'
import { STRIPE_API_VERSION } from '../../src/payments/stripe-client.ts'
import { StripeLocal } from '../../src/payments/stripe-local/server.ts'
import { call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let local: StripeLocal
let sdk: Stripe
let unreachable: TestNode

beforeAll(async () => {
  local = new StripeLocal({ port: 0 })
  local.start()
  const api = new URL(local.url)
  sdk = new Stripe('sk_test_x', {
    apiVersion: STRIPE_API_VERSION,
    host: api.hostname,
    port: api.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  })
  // A platform whose Stripe cannot be reached (nothing listens there).
  unreachable = await startSocialNode('payments-unreachable', {
    STRIPE_SECRET_KEY: 'sk_test_x',
    STRIPE_WEBHOOK_SECRET: 'whsec_x',
    STRIPE_API_URL: 'http://127.0.0.1:9',
  })
})
afterAll(async () => {
  await local?.stop()
  await unreachable?.stop()
})

describe('the Stripe stand-in speaks the wire protocol the SDK does', () => {
  test('a secret key is needed; its answers are what the SDK types say', async () => {
    const bad = await fetch(`${local.url}/v1/customers`, { method: 'POST' })
    expect(bad.status).toBe(401)
    const keyless = new Stripe('pk_test_publishable', {
      host: new URL(local.url).hostname,
      port: new URL(local.url).port,
      protocol: 'http',
      maxNetworkRetries: 0,
    })
    await expect(keyless.customers.create({})).rejects.toMatchObject({ type: 'StripeAuthenticationError' })
    const customer = await sdk.customers.create({ email: 'a@example.test', metadata: { userId: 'u1' } })
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'a@example.test',
      metadata: { userId: 'u1' },
    })
    expect((await sdk.customers.retrieve(customer.id)).id).toBe(customer.id)
  })

  test('missing and unknown parameters are refused as Stripe refuses them', async () => {
    await expect(sdk.products.create({} as Stripe.ProductCreateParams)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'name',
    })
    await expect(sdk.subscriptions.retrieve('sub_nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    })
    await expect(sdk.paymentIntents.create({ amount: 10, currency: 'usd' })).rejects.toMatchObject({
      code: 'amount_too_small',
    })
  })

  test('an Idempotency-Key answers the first result again; expand[] replaces ids with objects', async () => {
    const product = await sdk.products.create({ name: 'P' }, { idempotencyKey: 'same' })
    const again = await sdk.products.create({ name: 'P' }, { idempotencyKey: 'same' })
    expect(again.id).toBe(product.id)
    const pi = await sdk.paymentIntents.create({ amount: 1000, currency: 'usd' })
    await sdk.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    const expanded = await sdk.paymentIntents.retrieve(pi.id, {
      expand: ['latest_charge.balance_transaction'],
    })
    const charge = expanded.latest_charge as Stripe.Charge
    expect((charge.balance_transaction as Stripe.BalanceTransaction).fee).toBe(59)
    const sent = local.requests.find((r) => r.path === `/v1/payment_intents/${pi.id}` && r.method === 'GET')
    expect(sent?.form.expand).toEqual(['latest_charge.balance_transaction'])
    expect(sent?.version).toBe(STRIPE_API_VERSION)
  })
})

test('Stripe unreachable: payment routes answer 503 payment_provider_unavailable, not 500', async () => {
  const account = await register(unreachable)
  const res = await call(unreachable, 'POST', '/v1/creators/me/tiers', {
    token: account.tokens.accessToken,
    body: { name: 'Gold', monthlyAmount: 500, currency: 'usd' },
  })
  expect(res.status).toBe(503)
  expect(res.body.code).toBe('payment_provider_unavailable')
})
