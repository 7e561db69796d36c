import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer, QueryInteger } from '../platform/http/integer.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { requestScope } from '../platform/logger.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { countryOf } from '../videos/routes.ts'
import { EventBatch, MAX_BATCH } from './client-events.ts'
import { csvResponse } from './csv.ts'
import type { Ingestion } from './ingest.ts'
import type { PlatformReports } from './platform-reports.ts'
import { rangeOf } from './range.ts'
import type { Reports } from './reports.ts'
import {
  CohortReport,
  CreatorReport,
  IdOrCsv,
  PlatformReport,
  PostReport,
  RangeQuery,
  StreamReport,
  VideoReport,
} from './schemas.ts'
import { deviceOf } from './visitors.ts'

export const analyticsRateLimits = {
  ...readRateLimits,
  // A player sends a batch every few seconds; a page of a feed, one per scroll.
  'analytics.ingest': { limit: 600, windowMs: 60_000 },
} as const satisfies Record<string, Limit>

export interface AnalyticsRouteDeps {
  ingestion: Ingestion
  reports: Reports
  platform: PlatformReports
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof analyticsRateLimits>
  countryHeader: string
}

const CSV_NOTE = ' With `.csv` after the id, the series as a CSV file (text/csv).'

/**
 * `{id}.csv` → the id and true. (The CSV answer is a Response, which Elysia passes as it is,
 * unchecked against the JSON schema: hence `as never` where it is returned.)
 */
function csvId(raw: string): [string, boolean] {
  return raw.endsWith('.csv') ? [raw.slice(0, -4).toLowerCase(), true] : [raw.toLowerCase(), false]
}

export function analyticsRoutes(deps: AnalyticsRouteDeps) {
  const { ingestion, reports, platform } = deps
  const read = { rateLimit: 'api.reads' as const, permission: 'account:read', query: RangeQuery }
  return new Elysia({ name: 'analytics-routes', detail: { tags: ['analytics'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/analytics/events',
      async ({ body, viewer, request, set }) => {
        set.status = 202
        const userAgent = request.headers.get('user-agent') ?? ''
        return ingestion.accept(body.events, {
          userId: viewer?.userId ?? null,
          address: requestScope.getStore()?.clientAddress?.() ?? 'unknown',
          userAgent,
          country: countryOf(request, deps.countryHeader),
          device: deviceOf(userAgent),
        })
      },
      {
        viewer: true,
        rateLimit: 'analytics.ingest',
        body: EventBatch,
        response: {
          202: t.Object({
            accepted: Integer({ description: 'Events taken (stored within seconds)' }),
            dropped: Integer({ description: 'Events older than 48 hours, not counted' }),
          }),
        },
        detail: {
          summary:
            'Send a batch of client events (views, impressions, clicks, shares, profile visits, live viewing)',
          description:
            `Up to ${MAX_BATCH} events, signed in or anonymous. Answers 202 once the batch is in the message bus; ` +
            'the worker stores it within seconds. An event sent again with the same id counts once; a time ahead of ' +
            'the server’s clock is taken as now; one more than 48 hours old is dropped. Anonymous viewers are counted by ' +
            'a hash of their address and browser under a salt that changes daily (never stored as they are).',
          responses: problemResponses(400, 413, 422, 429, 503),
        },
      },
    )
    .get(
      '/analytics/videos/:id',
      async ({ principal, params, query }) => {
        const [id, csv] = csvId(params.id)
        const report = await reports.video(principal.userId, id, rangeOf(query))
        return csv ? (csvResponse(`video-${id}`, report.series) as never) : report
      },
      {
        ...read,
        params: IdOrCsv,
        response: VideoReport,
        detail: {
          summary: 'Analytics of one of your videos',
          description:
            'Views, unique viewers, watch time, average view duration, the retention curve, traffic sources, ' +
            `countries, devices and new followers, from the rollups (the current hour included).${CSV_NOTE}`,
          responses: problemResponses(401, 403, 404, 422, 429),
        },
      },
    )
    .get(
      '/analytics/posts/:id',
      async ({ principal, params, query }) => {
        const [id, csv] = csvId(params.id)
        const report = await reports.post(principal.userId, id, rangeOf(query))
        return csv ? (csvResponse(`post-${id}`, report.series) as never) : report
      },
      {
        ...read,
        params: IdOrCsv,
        response: PostReport,
        detail: {
          summary: 'Analytics of one of your posts',
          description: `Impressions, reach, engagement and traffic sources.${CSV_NOTE}`,
          responses: problemResponses(401, 403, 404, 422, 429),
        },
      },
    )
    .get(
      '/analytics/streams/:id',
      async ({ principal, params, query }) => {
        const [id, csv] = csvId(params.id)
        const report = await reports.stream(principal.userId, id, rangeOf(query))
        return csv ? (csvResponse(`stream-${id}`, report.series) as never) : report
      },
      {
        ...read,
        params: IdOrCsv,
        response: StreamReport,
        detail: {
          summary: 'Analytics of one of your live streams',
          description: `Peak and average viewers, unique viewers, chat rate.${CSV_NOTE}`,
          responses: problemResponses(401, 403, 404, 422, 429),
        },
      },
    )
    .get(
      '/analytics/creators/me',
      async ({ principal, query }) => reports.creator(principal.userId, rangeOf(query)),
      {
        ...read,
        response: CreatorReport,
        detail: {
          summary: 'Your analytics as a creator',
          description:
            'Views, watch time, followers gained and lost, engagement, tips and copyright claims received, your top ' +
            'content, and revenue per currency: memberships and tips (net of the platform’s fee) and refunds from the ' +
            'payments ledger, your share of ad revenue, members, MRR, ARPU, new and ended memberships, churn.',
          responses: problemResponses(401, 422, 429),
        },
      },
    )
    .get(
      '/analytics/creators/me.csv',
      async ({ principal, query }) => {
        const report = await reports.creator(principal.userId, rangeOf(query))
        return csvResponse('creator', report.series)
      },
      {
        ...read,
        detail: {
          summary: 'Your analytics as a creator, the series as CSV',
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...problemResponses(401, 422, 429),
          },
        },
      },
    )
    .get('/analytics/platform', ({ query }) => platform.overview(rangeOf(query)), {
      ...read,
      permission: 'admin:analytics',
      response: PlatformReport,
      detail: {
        summary: 'Platform figures (admins)',
        description:
          'DAU/WAU/MAU, sign-ups, content volume, uploads and encoding minutes, views, moderation and copyright ' +
          'figures, and revenue per currency: the platform’s fees on memberships and tips (less refunds) from the ' +
          'ledger, its share of ad spend, all members, MRR, ARPU and churn.',
        responses: problemResponses(401, 403, 422, 429),
      },
    })
    .get(
      '/analytics/platform.csv',
      async ({ query }) => csvResponse('platform', (await platform.overview(rangeOf(query))).series),
      {
        ...read,
        permission: 'admin:analytics',
        detail: {
          summary: 'Platform figures (admins), the series as CSV',
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...problemResponses(401, 403, 422, 429),
          },
        },
      },
    )
    .get(
      '/analytics/creators/me/revenue.csv',
      async ({ principal, query }) =>
        csvResponse('creator-revenue', (await reports.revenue(principal.userId, rangeOf(query))).series),
      {
        ...read,
        detail: {
          summary: 'Your revenue and members, one row per currency and bucket, as CSV',
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...problemResponses(401, 422, 429),
          },
        },
      },
    )
    .get(
      '/analytics/platform/revenue.csv',
      async ({ query }) => csvResponse('platform-revenue', (await platform.revenue(rangeOf(query))).series),
      {
        ...read,
        permission: 'admin:analytics',
        detail: {
          summary: 'Platform revenue and members (admins), one row per currency and bucket, as CSV',
          responses: {
            200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' as const } } } },
            ...problemResponses(401, 403, 422, 429),
          },
        },
      },
    )
    .get('/analytics/platform/cohorts', ({ query }) => platform.cohorts(query.weeks ?? 8), {
      rateLimit: 'api.reads',
      permission: 'admin:analytics',
      query: t.Object({
        weeks: t.Optional(
          QueryInteger({ minimum: 1, maximum: 52, description: 'Weeks of cohorts (default 8)' }),
        ),
      }),
      response: CohortReport,
      detail: {
        summary: 'Retention cohorts by sign-up week (admins)',
        responses: problemResponses(401, 403, 422, 429),
      },
    })
}
