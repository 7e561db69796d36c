import { defineProblem, HttpError } from '../platform/errors.ts'

export const paymentProblems = {
  notConfigured: defineProblem(503, 'payments_not_configured', 'Payments are not configured'),
  stripeUnavailable: defineProblem(503, 'payment_provider_unavailable', 'Stripe could not be reached'),
  stripeRefused: defineProblem(422, 'payment_refused', 'Stripe refused the request'),
  badSignature: defineProblem(400, 'webhook_signature_invalid', 'The webhook signature is not valid'),
  notCreator: defineProblem(403, 'creator_requirements_unmet', 'This account may not offer memberships yet'),
  payoutsNotReady: defineProblem(
    409,
    'creator_payouts_not_ready',
    'The creator has not finished setting up payouts',
  ),
  alreadySubscribed: defineProblem(409, 'already_subscribed', 'You already subscribe to this creator'),
  tierArchived: defineProblem(409, 'tier_archived', 'This tier is archived'),
  offerUnusable: defineProblem(409, 'offer_unusable', 'This offer cannot be used'),
  ownMembership: defineProblem(409, 'own_membership', 'You cannot subscribe or tip yourself'),
  subscriptionRequired: defineProblem(403, 'subscription_required', 'This is for subscribers'),
  noCustomer: defineProblem(404, 'no_payment_customer', 'You have no payments yet'),
}

export const NOT_CONFIGURED_DETAIL =
  'Payments need STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (and STRIPE_API_URL for a local stand-in: npm run stripe:local)'

export function notConfigured(): HttpError {
  return new HttpError(paymentProblems.notConfigured, NOT_CONFIGURED_DETAIL, {
    variables: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  })
}

/**
 * Calls Stripe, turning its refusals into 422 (with Stripe's message) and its unreachability
 * into 503; our own errors pass through.
 */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const e = error as { type?: string; message?: string; statusCode?: number }
    if (e.type === 'StripeInvalidRequestError' || e.type === 'StripeCardError')
      throw new HttpError(paymentProblems.stripeRefused, e.message ?? 'Stripe refused the request')
    if (typeof e.type === 'string' && e.type.startsWith('Stripe'))
      throw new HttpError(paymentProblems.stripeUnavailable, e.message ?? 'Stripe could not be reached')
    throw error
  }
}
