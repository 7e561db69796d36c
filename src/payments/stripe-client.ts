import Stripe from 'stripe'
import type { Config, Secrets } from '../platform/config.ts'

/** The Stripe API version every call and every webhook endpoint of this platform speaks. */
export const STRIPE_API_VERSION = '2026-11-18.endive' satisfies Stripe.LatestApiVersion

/**
 * The official SDK, on Stripe or on the server STRIPE_API_URL names (the local stand-in); null
 * when STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET is missing (payments then answer 503).
 */
export function stripeClient(config: Config, secrets: Secrets): Stripe | null {
  const { secretKey, webhookSecret } = secrets.stripe
  if (!secretKey || !webhookSecret) return null
  const api = new URL(config.payments.stripeApiUrl)
  return new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    host: api.hostname,
    port: api.port || (api.protocol === 'http:' ? 80 : 443),
    protocol: api.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'SocialFlow' },
  })
}
