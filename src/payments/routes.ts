import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../platform/errors.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { ConnectAccounts } from './connect.ts'
import type { Entitlements } from './entitlements.ts'
import type { Statements } from './statements.ts'
import { statementCsv } from './statements.ts'
import type { Subscriptions } from './subscriptions.ts'
import type { Tiers } from './tiers.ts'
import type { Tips } from './tips.ts'

/** Limits of payments' routes (RATE_LIMITS may change them). */
export const paymentRateLimits = {
  ...readRateLimits,
  'payments.creator': { limit: 300, windowMs: 3_600_000 },
  'payments.checkout': { limit: 60, windowMs: 3_600_000 },
  'payments.tips': { limit: 60, windowMs: 3_600_000 },
  'payments.audience': { limit: 1000, windowMs: 3_600_000 },
  // Stripe's deliveries come from few addresses, in bursts and with retries: generous.
  'payments.webhooks': { limit: 20_000, windowMs: 60_000 },
  'payments.admin': { limit: 600, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

export interface PaymentRouteDeps {
  tiers: Tiers
  subscriptions: Subscriptions
  entitlements: Entitlements
  tips: Tips
  connect: ConnectAccounts
  statements: Statements
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof paymentRateLimits>
}

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const Amount = (description: string) => Integer({ minimum: 50, maximum: 100_000_000, description })
const Currency = t.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 (usd, eur...)' })
const ReturnUrl = t.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })
const TierSchema = t.Object({
  id: t.String(),
  creatorId: t.String(),
  name: t.String(),
  description: t.Nullable(t.String()),
  currency: t.String(),
  monthlyAmount: Integer({ description: 'Minor units' }),
  yearlyAmount: t.Nullable(Integer()),
  benefits: t.Array(t.String()),
  trialDays: Integer(),
  adFree: t.Boolean({ description: "Subscribers see no ads on the creator's pages and videos" }),
  archived: t.Boolean(),
  createdAt: t.String(),
})
const TierFields = {
  name: t.String({ minLength: 1, maxLength: 60 }),
  description: t.Optional(t.Nullable(t.String({ maxLength: 2000 }))),
  monthlyAmount: Amount('Price a month, minor units'),
  yearlyAmount: t.Optional(t.Nullable(Amount('Price a year, minor units (none: monthly only)'))),
  currency: Currency,
  benefits: t.Optional(t.Array(t.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 })),
  trialDays: t.Optional(Integer({ minimum: 0, maximum: 730 })),
  adFree: t.Optional(
    t.Boolean({
      description:
        "Subscribers see no sponsored entries on the creator's profile and no pre-roll before the creator's videos",
    }),
  ),
}
const SubscriptionSchema = t.Object({
  id: t.String(),
  creatorId: t.String(),
  tier: t.Object({ id: t.String(), name: t.String() }),
  interval: t.String(),
  status: t.String({ description: "Stripe's: active, trialing, past_due, canceled, unpaid, incomplete..." }),
  entitled: t.Boolean({ description: 'Whether it gives access now' }),
  currentPeriodEnd: t.String(),
  cancelAtPeriodEnd: t.Boolean(),
  createdAt: t.String(),
})
const AudienceBody = t.Object({
  audience: t.Union([t.Literal('public'), t.Literal('subscribers')]),
  tierId: t.Optional(
    t.Nullable(t.String({ format: 'uuid', description: 'Subscribers of this tier and above' })),
  ),
})
const AudienceAnswer = t.Object({
  id: t.String(),
  kind: t.String(),
  audience: t.String(),
  audienceTierId: t.Nullable(t.String()),
})

const Weekday = t.Union([
  t.Literal('monday'),
  t.Literal('tuesday'),
  t.Literal('wednesday'),
  t.Literal('thursday'),
  t.Literal('friday'),
  t.Literal('saturday'),
  t.Literal('sunday'),
])
const PayoutsSchema = t.Object({
  accountId: t.String(),
  chargesEnabled: t.Boolean(),
  payoutsEnabled: t.Boolean(),
  detailsSubmitted: t.Boolean(),
  schedule: t.Object({
    interval: t.Union([t.Literal('daily'), t.Literal('weekly'), t.Literal('monthly'), t.Literal('manual')]),
    weeklyAnchor: t.Nullable(t.String()),
    monthlyAnchor: t.Nullable(Integer()),
  }),
  updatedAt: t.String(),
})

/** Creators' tiers and offers, memberships, audiences, tips, payouts, balance and statements. */
export function paymentRoutes(deps: PaymentRouteDeps) {
  const { tiers, subscriptions, entitlements, tips, connect, statements } = deps
  const audience =
    (kind: 'post' | 'video' | 'stream') =>
    ({
      principal,
      params,
      body,
    }: {
      principal: { userId: string }
      params: { id: string }
      body: typeof AudienceBody.static
    }) =>
      entitlements.setAudience(principal.userId, kind, params.id, body.audience, body.tierId ?? null)
  const audienceOpts = (what: string) =>
    ({
      permission: 'social:write',
      rateLimit: 'payments.audience',
      params: Id,
      body: AudienceBody,
      response: AudienceAnswer,
      detail: {
        summary: `Who may see one of your ${what}: everyone, or your subscribers`,
        responses: problemResponses(401, 404, 422),
      },
    }) as const
  return new Elysia({ name: 'payment-routes', detail: { tags: ['payments'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get('/creators/:id/tiers', ({ params }) => tiers.list(params.id, false), {
      rateLimit: 'api.reads',
      viewer: true,
      params: Id,
      response: t.Object({ items: t.Array(TierSchema), nextCursor: t.Null() }),
      detail: {
        summary: "A creator's membership tiers (how to subscribe), cheapest first",
        responses: problemResponses(422),
      },
    })
    .get('/creators/me/tiers', ({ principal }) => tiers.list(principal.userId, true), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      response: t.Object({ items: t.Array(TierSchema), nextCursor: t.Null() }),
      detail: { summary: 'Your tiers, archived ones too', responses: problemResponses(401) },
    })
    .post(
      '/creators/me/tiers',
      async ({ principal, body, set }) => {
        const tier = await tiers.create(principal.userId, body)
        set.status = 201
        return tier
      },
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        body: t.Object(TierFields),
        response: { 201: TierSchema },
        detail: {
          summary: 'Offer a membership tier (a Stripe product and prices); the first makes you a creator',
          responses: problemResponses(401, 403, 422, 503),
        },
      },
    )
    .patch(
      '/creators/me/tiers/:id',
      ({ principal, params, body }) => tiers.update(principal.userId, params.id, body),
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        params: Id,
        body: t.Partial(t.Object(TierFields)),
        response: TierSchema,
        detail: {
          summary: 'Change a tier; a new price makes new Stripe prices (subscribers keep theirs)',
          responses: problemResponses(401, 404, 409, 422, 503),
        },
      },
    )
    .post(
      '/creators/me/tiers/:id/archive',
      ({ principal, params }) => tiers.archive(principal.userId, params.id),
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        params: Id,
        response: TierSchema,
        detail: {
          summary: 'Archive a tier: no new subscribers; existing ones stay',
          responses: problemResponses(401, 404, 503),
        },
      },
    )
    .post(
      '/creators/me/tiers/:id/offers',
      async ({ principal, params, body, set }) => {
        const offer = await tiers.createOffer(principal.userId, params.id, body)
        set.status = 201
        return offer
      },
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        params: Id,
        body: t.Object({
          percentOff: t.Optional(Integer({ minimum: 1, maximum: 100 })),
          amountOff: t.Optional(Amount('Minor units off each period')),
          duration: t.Union([t.Literal('once'), t.Literal('repeating'), t.Literal('forever')]),
          durationInMonths: t.Optional(Integer({ minimum: 1, maximum: 36 })),
          maxRedemptions: t.Optional(Integer({ minimum: 1, maximum: 1_000_000 })),
        }),
        response: {
          201: t.Object({
            id: t.String(),
            tierId: t.String(),
            percentOff: t.Nullable(Integer()),
            amountOff: t.Nullable(Integer()),
            duration: t.String(),
            durationInMonths: t.Nullable(Integer()),
            maxRedemptions: t.Nullable(Integer()),
          }),
        },
        detail: {
          summary: 'An offer on a tier (a Stripe coupon)',
          responses: problemResponses(401, 404, 409, 422, 503),
        },
      },
    )
    .post(
      '/subscriptions/checkout',
      ({ principal, body }) => subscriptions.checkout(principal.userId, body),
      {
        permission: 'account:manage',
        rateLimit: 'payments.checkout',
        body: t.Object({
          tierId: t.String({ format: 'uuid' }),
          interval: t.Union([t.Literal('month'), t.Literal('year')]),
          offerId: t.Optional(t.String({ format: 'uuid' })),
          successUrl: ReturnUrl,
          cancelUrl: ReturnUrl,
        }),
        response: t.Object({
          url: t.String({ description: "Stripe Checkout's page" }),
          sessionId: t.String(),
        }),
        detail: {
          summary:
            'Subscribe: a Stripe Checkout Session; the subscription counts once Stripe says so (webhook)',
          responses: problemResponses(401, 404, 409, 422, 503),
        },
      },
    )
    .post(
      '/subscriptions/portal',
      ({ principal, body }) => subscriptions.portal(principal.userId, body.returnUrl),
      {
        permission: 'account:manage',
        rateLimit: 'payments.checkout',
        body: t.Object({ returnUrl: ReturnUrl }),
        response: t.Object({ url: t.String() }),
        detail: {
          summary: "Manage or cancel memberships in Stripe's Customer Portal",
          responses: problemResponses(401, 404, 503),
        },
      },
    )
    .get(
      '/subscriptions',
      ({ principal, query }) => subscriptions.mine(principal.userId, query.limit ?? 20, query.cursor),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        query: PageQuery,
        response: pageOf(SubscriptionSchema),
        detail: { summary: 'Your memberships, newest first', responses: problemResponses(401, 422) },
      },
    )
    .get(
      '/creators/me/subscribers',
      ({ principal, query }) => subscriptions.subscribers(principal.userId, query.limit ?? 20, query.cursor),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        query: PageQuery,
        response: pageOf(
          t.Composite([
            SubscriptionSchema,
            t.Object({ subscriber: t.Object({ id: t.String(), username: t.String() }) }),
          ]),
        ),
        detail: { summary: 'Your subscribers, newest first', responses: problemResponses(401, 422) },
      },
    )
    .put('/posts/:id/audience', audience('post'), audienceOpts('posts'))
    .put('/videos/:id/audience', audience('video'), audienceOpts('videos'))
    .put('/live/streams/:id/audience', audience('stream'), audienceOpts('live streams'))
    .post(
      '/tips',
      async ({ principal, body, headers, set }) => {
        const tip = await tips.create(principal.userId, body, headers['idempotency-key'])
        set.status = 201
        return tip
      },
      {
        permission: 'social:write',
        rateLimit: 'payments.tips',
        headers: t.Object({ 'idempotency-key': t.Optional(t.String({ minLength: 1, maxLength: 200 })) }),
        body: t.Object({
          creatorId: t.String({ format: 'uuid' }),
          amount: Amount('Minor units'),
          currency: Currency,
          subject: t.Optional(
            t.Object({
              kind: t.Union([t.Literal('post'), t.Literal('video'), t.Literal('stream')]),
              id: t.String({ format: 'uuid' }),
            }),
          ),
          message: t.Optional(t.String({ maxLength: 500 })),
        }),
        response: {
          201: t.Object({
            id: t.String(),
            paymentIntentId: t.String(),
            clientSecret: t.String({ description: 'For Stripe.js to confirm the payment' }),
            amount: Integer(),
            currency: t.String(),
            fee: Integer({ description: "The platform's fee" }),
            status: t.Literal('pending'),
          }),
        },
        detail: {
          summary: 'Tip a creator (a PaymentIntent); it counts once Stripe reports the payment',
          responses: problemResponses(401, 404, 409, 422, 503),
        },
      },
    )
    .get('/tips/:id', ({ principal, params }) => tips.get(principal.userId, params.id), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      params: Id,
      response: t.Object({
        id: t.String(),
        senderId: t.String(),
        creatorId: t.String(),
        amount: Integer(),
        currency: t.String(),
        fee: Integer(),
        status: t.String(),
        subject: t.Nullable(t.Object({ kind: t.String(), id: t.String() })),
        message: t.Nullable(t.String()),
        kind: t.String({ description: 'tip, or chat: a paid message of a live chat' }),
        createdAt: t.String(),
        paidAt: t.Nullable(t.String()),
        reversedAt: t.Nullable(t.String({ description: 'When it was refunded or charged back' })),
      }),
      detail: { summary: 'A tip you sent or received', responses: problemResponses(401, 404) },
    })
    .post(
      '/creators/me/payouts/onboarding',
      ({ principal, body }) => connect.onboarding(principal.userId, body.returnUrl, body.refreshUrl),
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        body: t.Object({ returnUrl: ReturnUrl, refreshUrl: ReturnUrl }),
        response: t.Object({ url: t.String(), accountId: t.String(), expiresAt: t.String() }),
        detail: {
          summary: "Set up payouts: a link to Stripe Connect's onboarding (an Express account is made once)",
          responses: problemResponses(401, 422, 503),
        },
      },
    )
    .get('/creators/me/payouts', ({ principal }) => connect.status(principal.userId), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      response: PayoutsSchema,
      detail: {
        summary: 'Your Connect account as Stripe last reported it',
        responses: problemResponses(401, 404),
      },
    })
    .put(
      '/creators/me/payouts/schedule',
      ({ principal, body }) => connect.setSchedule(principal.userId, body),
      {
        permission: 'account:manage',
        rateLimit: 'payments.creator',
        body: t.Object({
          interval: t.Union(
            [t.Literal('daily'), t.Literal('weekly'), t.Literal('monthly'), t.Literal('manual')],
            {
              description: 'manual: only when you ask Stripe (its Express dashboard)',
            },
          ),
          weeklyAnchor: t.Optional(Weekday),
          monthlyAnchor: t.Optional(
            Integer({ minimum: 1, maximum: 31, description: 'Past the month’s end: its last day' }),
          ),
        }),
        response: PayoutsSchema,
        detail: {
          summary:
            'When Stripe pays your balance out: daily, weekly on a weekday, monthly on a day, or manual',
          description:
            'Set on your Stripe Connect account; a balance that is not above zero (after a refund or chargeback) is ' +
            'not paid out until later earnings make it positive.',
          responses: problemResponses(401, 404, 422, 503),
        },
      },
    )
    .get('/creators/me/balance', ({ principal }) => statements.balance(principal.userId), {
      permission: 'account:read',
      rateLimit: 'api.reads',
      response: t.Object({
        items: t.Array(
          t.Object({
            currency: t.String(),
            amount: Integer({ description: 'Owed to you, minor units; negative after refunds or disputes' }),
            inTransit: Integer({ description: 'Paid out, not yet arrived' }),
          }),
        ),
      }),
      detail: {
        summary: 'What the platform owes you, per currency (from the ledger)',
        responses: problemResponses(401),
      },
    })
    .get(
      '/creators/me/statements',
      async ({ principal, query, set }) => {
        if (query.format !== undefined && query.format !== 'json' && query.format !== 'csv')
          throw new HttpError(problems.validation, 'format is json or csv', {
            errors: [{ field: 'query.format', message: 'json or csv' }],
          })
        const statement = await statements.month(principal.userId, query.month ?? '')
        if (query.format !== 'csv') return statement
        set.headers['content-type'] = 'text/csv; charset=utf-8'
        set.headers['content-disposition'] = `attachment; filename="statement-${statement.month}.csv"`
        return statementCsv(statement)
      },
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        query: t.Object({
          month: t.Optional(
            t.String({ maxLength: 20, description: 'YYYY-MM (UTC); required, checked after the token' }),
          ),
          format: t.Optional(t.String({ maxLength: 10, description: 'json (default) or csv' })),
        }),
        response: t.Union([
          t.Object({
            month: t.String(),
            totals: t.Array(t.Object({ currency: t.String(), opening: Integer(), closing: Integer() })),
            lines: t.Array(
              t.Object({
                at: t.String(),
                kind: t.String(),
                reference: t.String(),
                memo: t.Nullable(t.String()),
                amount: Integer({ description: 'Positive: earned; negative: taken back or paid out' }),
                currency: t.String(),
              }),
            ),
          }),
          t.String({ description: 'CSV (format=csv)' }),
        ]),
        detail: {
          summary: 'Your ledger movements of a month, JSON or CSV',
          responses: problemResponses(401, 422),
        },
      },
    )
}
