import { Elysia, t } from 'elysia'
import { csvResponse } from '../analytics/csv.ts'
import { RangeQuery } from '../analytics/schemas.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { requestScope } from '../platform/logger.ts'
import type { Limit } from '../platform/rate-limit.ts'
import type { Advertisers } from './advertisers.ts'
import type { Campaigns } from './campaigns.ts'
import type { Creatives } from './creatives.ts'
import { type AdEvents, EVENT_KINDS } from './events.ts'
import type { Invoices } from './invoices.ts'
import type { Preferences } from './preferences.ts'
import type { Reports } from './reports.ts'
import {
  AdPreferencesSchema,
  AdvertiserSchema,
  CampaignInputSchema,
  CampaignPatchSchema,
  CampaignSchema,
  CreativeInputSchema,
  CreativeSchema,
  InvoiceListedSchema,
  InvoiceSchema,
  ReportSchema,
  TopUpListedSchema,
  TopUpSchema,
} from './schemas.ts'
import type { TopUps } from './top-ups.ts'
import type { Viewers } from './viewers.ts'

/** Limits of the ads routes (RATE_LIMITS may change them). */
export const adsRateLimits = {
  'ads.read': { limit: 1200, windowMs: 3_600_000 },
  'ads.write': { limit: 300, windowMs: 3_600_000 },
  'ads.events': { limit: 3600, windowMs: 3_600_000 },
  'ads.admin': { limit: 600, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const ReturnUrl = t.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })

/** Advertiser accounts, campaigns and their creatives, viewers' ad preferences. */
export function adsRoutes(deps: {
  advertisers: Advertisers
  topUps: TopUps
  campaigns: Campaigns
  creatives: Creatives
  preferences: Preferences
  viewers: Viewers
  events: AdEvents
  reports: Reports
  invoices: Invoices
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof adsRateLimits>
}) {
  const { advertisers, campaigns, creatives, preferences } = deps
  const owner = problemResponses(401, 403, 404, 422)
  return new Elysia({ name: 'ads-routes', detail: { tags: ['ads'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/ads/advertisers',
      async ({ principal, body, set }) => {
        set.status = 201
        return advertisers.create(principal.userId, body)
      },
      {
        permission: 'account:manage',
        rateLimit: 'ads.write',
        body: t.Object({
          name: t.String({ minLength: 1, maxLength: 100 }),
          currency: t.Optional(t.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 (default USD)' })),
        }),
        response: { 201: AdvertiserSchema },
        detail: {
          summary: 'Open an advertiser account (the role advertiser is granted; a prepaid balance)',
          responses: problemResponses(401, 409, 422),
        },
      },
    )
    .get('/ads/advertisers/me', ({ principal }) => advertisers.of(principal.userId), {
      permission: 'ads:manage',
      rateLimit: 'ads.read',
      response: AdvertiserSchema,
      detail: {
        summary: "The caller's advertiser account and balance",
        responses: problemResponses(401, 403),
      },
    })
    .post(
      '/ads/advertisers/me/top-ups',
      async ({ principal, body, set }) => {
        set.status = 201
        return deps.topUps.create(principal.userId, body)
      },
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        body: t.Object({
          amount: Integer({
            minimum: 100,
            maximum: 100_000_000,
            description: "Minor units of the advertiser's currency",
          }),
          successUrl: ReturnUrl,
          cancelUrl: ReturnUrl,
        }),
        response: { 201: TopUpSchema },
        detail: {
          summary: 'Top up the prepaid balance: a Stripe Checkout Session to pay',
          description:
            "Answers the Checkout URL to send the advertiser to. The balance is credited when Stripe's " +
            'verified webhook says the payment succeeded (never from the redirect), once, with its ledger ' +
            'entries; `GET /v1/ads/advertisers/me/top-ups` shows each as pending or paid. 503 ' +
            'payments_not_configured without Stripe.',
          responses: problemResponses(401, 403, 422, 503),
        },
      },
    )
    .get(
      '/ads/advertisers/me/top-ups',
      ({ principal, query }) => deps.topUps.list(principal.userId, query.limit ?? 20, query.cursor),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        query: PageQuery,
        response: pageOf(TopUpListedSchema),
        detail: {
          summary: "The caller's top-ups, newest first (pending until Stripe's webhook)",
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get(
      '/ads/advertisers/me/invoices',
      ({ principal, query }) => deps.invoices.list(principal.userId, query.limit ?? 20, query.cursor),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        query: PageQuery,
        response: pageOf(InvoiceListedSchema),
        detail: {
          summary: "The caller's monthly invoices, newest month first",
          description:
            'One per calendar month (UTC) with billable spend (viewable CPM impressions, CPC clicks), made ' +
            'by the ads worker within the first hours of the next month, paid from the prepaid balance.',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get(
      '/ads/advertisers/me/invoices/:id',
      ({ principal, params }) => deps.invoices.get(principal.userId, params.id),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        params: Id,
        response: InvoiceSchema,
        detail: {
          summary: "One of the caller's invoices, with a line per campaign",
          description: 'Also as CSV: /lines.csv.',
          responses: owner,
        },
      },
    )
    .get(
      '/ads/advertisers/me/invoices/:id/lines.csv',
      async ({ principal, params }) => {
        const rows = await deps.invoices.csvRows(principal.userId, params.id)
        return csvResponse(`invoice-${rows[0]?.invoice ?? params.id}`, rows)
      },
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        params: Id,
        detail: {
          summary:
            "An invoice's lines as CSV (number, period, currency, campaign, impressions, clicks, amount)",
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...owner,
          },
        },
      },
    )
    .post(
      '/admin/ads/advertisers/:id/credits',
      ({ principal, params, body }) =>
        advertisers.credit(principal.userId, params.id, body.amount, body.reference ?? null),
      {
        permission: 'admin:ads',
        rateLimit: 'ads.admin',
        params: Id,
        body: t.Object({
          amount: Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Minor units' }),
          reference: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
        }),
        response: AdvertiserSchema,
        detail: {
          summary:
            "Credit an advertiser's prepaid balance (administrators: a promotion; booked as ads:credits)",
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .put(
      '/admin/ads/advertisers/:id/invoicing',
      ({ params, body }) => advertisers.setCreditLimit(params.id, body.creditLimit),
      {
        permission: 'admin:ads',
        rateLimit: 'ads.admin',
        params: Id,
        body: t.Object({
          creditLimit: Integer({
            minimum: 0,
            maximum: 10_000_000_000,
            description: 'Minor units that may be spent beyond the balance; 0: prepaid only',
          }),
        }),
        response: AdvertiserSchema,
        detail: {
          summary:
            'Approve an advertiser for monthly invoicing through Stripe, with a credit limit (administrators)',
          description:
            "The advertiser may spend up to the limit beyond its balance; each month's invoice is then sent " +
            'through Stripe (status open, payUrl) and its payment credited to the balance. 409 credit_in_use ' +
            'when lowered below what is already spent on credit.',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/ads/campaigns',
      async ({ principal, body, set }) => {
        set.status = 201
        return campaigns.create(principal.userId, body)
      },
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        body: CampaignInputSchema,
        response: { 201: CampaignSchema },
        detail: { summary: 'Create a campaign (a draft)', responses: problemResponses(401, 403, 422) },
      },
    )
    .get(
      '/ads/campaigns',
      ({ principal, query }) => campaigns.list(principal.userId, query.limit ?? 20, query.cursor),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        query: PageQuery,
        response: pageOf(CampaignSchema),
        detail: {
          summary: "The caller's campaigns, newest first",
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get('/ads/campaigns/:id', ({ principal, params }) => campaigns.get(principal.userId, params.id), {
      permission: 'ads:manage',
      rateLimit: 'ads.read',
      params: Id,
      response: CampaignSchema,
      detail: { summary: 'A campaign of the caller', responses: owner },
    })
    .patch(
      '/ads/campaigns/:id',
      ({ principal, params, body }) => campaigns.update(principal.userId, params.id, body),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        params: Id,
        body: CampaignPatchSchema,
        response: CampaignSchema,
        detail: {
          summary: 'Change a campaign (not once completed or rejected)',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/ads/campaigns/:id/submit',
      ({ principal, params }) => campaigns.submit(principal.userId, params.id, creatives.review),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        params: Id,
        response: CampaignSchema,
        detail: {
          summary:
            'Submit a draft for review: active once a creative passes screening, rejected if none does',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/ads/campaigns/:id/pause',
      ({ principal, params }) => campaigns.pause(principal.userId, params.id),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        params: Id,
        response: CampaignSchema,
        detail: { summary: 'Pause an active campaign', responses: problemResponses(401, 403, 404, 409, 422) },
      },
    )
    .post(
      '/ads/campaigns/:id/resume',
      ({ principal, params }) => campaigns.resume(principal.userId, params.id, creatives.review),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        params: Id,
        response: CampaignSchema,
        detail: { summary: 'Resume a paused campaign', responses: problemResponses(401, 403, 404, 409, 422) },
      },
    )
    .post(
      '/ads/campaigns/:id/creatives',
      async ({ principal, params, body, set }) => {
        set.status = 201
        return creatives.create(principal.userId, params.id, body)
      },
      {
        permission: 'ads:manage',
        rateLimit: 'ads.write',
        params: Id,
        body: CreativeInputSchema,
        response: { 201: CreativeSchema },
        detail: {
          summary:
            'Add a creative: a feed card or a video pre-roll (≤ 30 s, skippable after 5 s); screened before use',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .get(
      '/ads/campaigns/:id/creatives',
      ({ principal, params }) => creatives.list(principal.userId, params.id),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        params: Id,
        response: t.Object({ items: t.Array(CreativeSchema), nextCursor: t.Null() }),
        detail: { summary: "A campaign's creatives and their review", responses: owner },
      },
    )
    .get(
      '/ads/campaigns/:id/report',
      ({ principal, params, query }) => deps.reports.campaign(principal.userId, params.id, query),
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        params: Id,
        query: RangeQuery,
        response: ReportSchema,
        detail: {
          summary:
            "A campaign's report: impressions, clicks, CTR, spend, reach, frequency, video quartiles, by time and country",
          description: 'Also as CSV: /report.csv (the series; ?breakdown=country for the countries).',
          responses: owner,
        },
      },
    )
    .get(
      '/ads/campaigns/:id/report.csv',
      async ({ principal, params, query }) => {
        const { breakdown, ...range } = query
        const report = await deps.reports.campaign(principal.userId, params.id, range)
        return breakdown === 'country'
          ? csvResponse(`campaign-${params.id}-countries`, report.countries)
          : csvResponse(`campaign-${params.id}`, report.series)
      },
      {
        permission: 'ads:manage',
        rateLimit: 'ads.read',
        params: Id,
        query: t.Composite([
          RangeQuery,
          t.Object({ breakdown: t.Optional(t.Union([t.Literal('time'), t.Literal('country')])) }),
        ]),
        detail: {
          summary: "A campaign's report as CSV: the series (or ?breakdown=country)",
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...owner,
          },
        },
      },
    )
    .post(
      '/ads/events',
      ({ body, viewer }) =>
        deps.events.record(body, {
          userId: viewer?.userId ?? null,
          address: requestScope.getStore()?.clientAddress?.() ?? 'unknown',
        }),
      {
        viewer: true,
        rateLimit: 'ads.events',
        body: t.Object({
          token: t.String({ minLength: 10, maxLength: 4000, description: "The serving's tracking token" }),
          kind: t.Union(EVENT_KINDS.map((k) => t.Literal(k))),
          visibleShare: t.Optional(
            t.Number({
              minimum: 0,
              maximum: 1,
              description: "Impressions: share of the ad's pixels in view",
            }),
          ),
          visibleMs: t.Optional(
            Integer({
              minimum: 0,
              maximum: 86_400_000,
              description: 'Impressions: how long, in a row, that share was in view',
            }),
          ),
        }),
        response: t.Object({
          counted: t.Boolean({ description: 'False: filtered as invalid traffic' }),
          charged: t.Boolean({
            description: 'Billed: the viewable impression of a CPM serving, or the click of a CPC one',
          }),
        }),
        detail: {
          summary: 'Record a tracking event of a serving (impression, click, video quartiles, skip)',
          description:
            "The token is the serving's (forged, altered or expired: 403); each kind counts once per serving (a replay: 409). " +
            'An impression is the viewable one (IAB/MRC): at least 50% of the ad in view for 1 s in a row, 2 s for a video ' +
            '(less: 422); a CPM serving is billed then, once. Events past ADS_EVENTS_PER_HOUR per viewer ' +
            'or address, or sent by another signed-in user than the one served, are filtered (counted: false).',
          responses: problemResponses(403, 409, 422, 429),
        },
      },
    )
    .get('/me/ad-preferences', ({ principal }) => preferences.get(principal.userId), {
      permission: 'account:read',
      rateLimit: 'ads.read',
      response: AdPreferencesSchema,
      detail: {
        summary: 'Whether the caller opted out of ads, and the time zone ads are scheduled in',
        responses: problemResponses(401),
      },
    })
    .put(
      '/me/ad-preferences',
      async ({ principal, body }) => {
        const set = await preferences.set(principal.userId, body)
        deps.viewers.forget(principal.userId)
        return set
      },
      {
        permission: 'account:manage',
        rateLimit: 'ads.write',
        body: t.Object({
          optedOut: t.Optional(t.Boolean()),
          timeZone: t.Optional(t.Nullable(t.String({ minLength: 1, maxLength: 64 }))),
        }),
        response: AdPreferencesSchema,
        detail: {
          summary: 'Opt out of ads (where the law gives the choice), set a time zone',
          responses: problemResponses(401, 422),
        },
      },
    )
}
