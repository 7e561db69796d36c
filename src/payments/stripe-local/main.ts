import { StripeLocal } from './server.ts'

/**
 * `npm run stripe:local`: the Stripe stand-in on STRIPE_LOCAL_PORT (12111), sending webhooks signed
 * with STRIPE_WEBHOOK_SECRET to STRIPE_LOCAL_WEBHOOK_URL. Point the platform at it with
 * STRIPE_API_URL=http://127.0.0.1:12111 and any sk_test_ key.
 */
const port = Number(process.env.STRIPE_LOCAL_PORT || 12111)
const webhookUrl =
  process.env.STRIPE_LOCAL_WEBHOOK_URL ||
  `http://127.0.0.1:${process.env.PORT || 3000}/v1/payments/webhooks/stripe`
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET
if (!webhookSecret) {
  console.error('stripe:local: STRIPE_WEBHOOK_SECRET is needed (the same whsec_... the platform has)')
  process.exit(2)
}
const local = new StripeLocal({
  port,
  hostname: process.env.STRIPE_LOCAL_HOST || '127.0.0.1',
  webhookUrl,
  webhookSecret,
})
console.log(`stripe:local listening on ${local.start()}, webhooks to ${webhookUrl}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void local.stop().then(() => process.exit(0))
  })
