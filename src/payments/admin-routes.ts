import { Elysia, t } from 'elysia'
import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'
import type { accessControl } from '../platform/http/access.ts'
import { rawBody } from '../platform/http/app.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { Ledger } from './ledger.ts'
import { checkLedger } from './ledger-check.ts'
import { callStripe } from './problems.ts'
import type { paymentRateLimits } from './routes.ts'
import { invoiceTaxOf } from './tax-withholding.ts'
import type { WebhookInbox } from './webhooks.ts'

/** Stripe's webhook endpoint (signed; no token) and the administrators' routes of payments. */
export function paymentWebhookRoutes(deps: {
  inbox: WebhookInbox
  rateLimits: RateLimitPlugin<keyof typeof paymentRateLimits>
}) {
  return new Elysia({ name: 'payment-webhook-routes', detail: { tags: ['payments'] } })
    .use(deps.rateLimits)
    .post(
      '/payments/webhooks/stripe',
      ({ request }) => deps.inbox.receive(rawBody(request) ?? '', request.headers.get('stripe-signature')),
      {
        body: t.Object(
          { id: t.String({ maxLength: 255 }), type: t.String({ maxLength: 255 }) },
          { additionalProperties: true, description: 'A Stripe event, verified over the bytes as sent' },
        ),
        rateLimit: 'payments.webhooks',
        response: t.Object({
          id: t.String(),
          outcome: t.String({
            description:
              'processed, ignored (not ours or not needed), duplicate (handled before), pending (failed; retried with back-off), failed',
          }),
        }),
        detail: {
          summary: "Stripe's webhook events (Stripe-Signature verified); each handled once by its id",
          responses: problemResponses(400, 503),
        },
      },
    )
}

export function paymentAdminRoutes(deps: {
  db: Database
  inbox: WebhookInbox
  ledger: Ledger
  stripe: () => Stripe
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof paymentRateLimits>
}) {
  return new Elysia({ name: 'payment-admin-routes', detail: { tags: ['payments', 'admin'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get('/admin/payments/events/failed', ({ query }) => deps.inbox.failed(query.limit ?? 20, query.cursor), {
      permission: 'admin:payments',
      rateLimit: 'payments.admin',
      query: PageQuery,
      response: pageOf(
        t.Object({
          id: t.String(),
          type: t.String(),
          objectId: t.Nullable(t.String()),
          attempts: Integer(),
          lastError: t.Nullable(t.String()),
          receivedAt: t.String(),
          occurredAt: t.String(),
        }),
      ),
      detail: {
        summary: 'Stripe events whose handling failed every retry',
        responses: problemResponses(401, 403, 422),
      },
    })
    .post('/admin/payments/events/:id/retry', ({ params }) => deps.inbox.retry(params.id), {
      permission: 'admin:payments',
      rateLimit: 'payments.admin',
      params: t.Object({ id: t.String({ maxLength: 255, description: 'A Stripe event id (evt_...)' }) }),
      response: t.Object({ id: t.String(), outcome: t.String() }),
      detail: { summary: 'Handle a failed event again now', responses: problemResponses(401, 403, 404, 422) },
    })
    .get(
      '/admin/payments/totals',
      async () => ({ accounts: await deps.ledger.totals(), check: await checkLedger(deps.db) }),
      {
        permission: 'admin:payments',
        rateLimit: 'payments.admin',
        response: t.Object({
          accounts: t.Array(
            t.Object({
              account: t.String(),
              currency: t.String(),
              balance: Integer({ description: 'Debits positive' }),
            }),
          ),
          check: t.Object({ transactions: Integer(), entries: Integer(), problems: t.Array(t.String()) }),
        }),
        detail: {
          summary: "The ledger's balances and its invariant check",
          responses: problemResponses(401, 403),
        },
      },
    )
    .post(
      '/admin/payments/refunds',
      async ({ body }) => {
        const stripe = deps.stripe()
        // A taxed payment's transfer had its tax withheld: the creator's share of the amount before
        // tax is reversed when refund.created is handled (tax-withholding.ts), not by Stripe's
        // proportion of the transfer.
        const taxed = (await callStripe(() => invoiceTaxOf(stripe, body.paymentIntentId))) > 0
        const refund = await callStripe(() =>
          stripe.refunds.create({
            payment_intent: body.paymentIntentId,
            amount: body.amount,
            reverse_transfer: !taxed,
            refund_application_fee: !taxed,
            reason: 'requested_by_customer',
          }),
        )
        return {
          id: refund.id,
          amount: refund.amount,
          currency: refund.currency,
          status: refund.status ?? 'pending',
        }
      },
      {
        permission: 'admin:payments',
        rateLimit: 'payments.admin',
        body: t.Object({
          paymentIntentId: t.String({ pattern: '^pi_[A-Za-z0-9]{1,100}$' }),
          amount: t.Optional(Integer({ minimum: 1, maximum: 100_000_000 })),
        }),
        response: t.Object({ id: t.String(), amount: Integer(), currency: t.String(), status: t.String() }),
        detail: {
          summary:
            "Refund a payment (the creator's share comes back from their account; the ledger moves on refund.created)",
          responses: problemResponses(401, 403, 422, 503),
        },
      },
    )
}
