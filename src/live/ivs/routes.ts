import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../../platform/errors.ts'
import { problemResponses } from '../../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../../platform/http/rate-limiting.ts'
import type { Limit } from '../../platform/rate-limit.ts'
import { parseIvsEvent, webhookAuthorized } from './events.ts'
import type { IvsEvents } from './webhook.ts'

export const ivsRateLimits = {
  // EventBridge retries and bursts (one event per state change of every channel): generous.
  'live.ivs-events': { limit: 6000, windowMs: 60_000 },
} as const satisfies Record<string, Limit>

/** The webhook EventBridge delivers IVS's events to (an API destination with an API key). */
export function ivsRoutes(deps: {
  events: IvsEvents
  secret: string
  rateLimits: RateLimitPlugin<keyof typeof ivsRateLimits>
}) {
  return new Elysia({ name: 'live-ivs-routes', detail: { tags: ['live'] } }).use(deps.rateLimits).post(
    '/live/ivs/events',
    async ({ body, request }) => {
      if (!webhookAuthorized(request.headers.get('authorization'), deps.secret))
        throw new HttpError(problems.unauthenticated, 'The webhook secret is missing or wrong')
      const event = parseIvsEvent(body)
      return { outcome: event ? await deps.events.handle(event) : 'ignored' }
    },
    {
      rateLimit: 'live.ivs-events',
      body: t.Object(
        {
          source: t.String({ maxLength: 100 }),
          'detail-type': t.String({ maxLength: 200 }),
          resources: t.Array(t.String({ maxLength: 2048 }), { maxItems: 20 }),
          detail: t.Record(t.String(), t.Unknown()),
          time: t.Optional(t.String({ maxLength: 64 })),
        },
        {
          additionalProperties: true,
          description: 'An EventBridge event (IVS Stream State Change, IVS Recording State Change)',
        },
      ),
      response: t.Object({
        outcome: t.Union(
          [
            t.Literal('started'),
            t.Literal('refused'),
            t.Literal('unpublished'),
            t.Literal('located'),
            t.Literal('recording'),
            t.Literal('ignored'),
          ],
          {
            description:
              'What the event did (`located`: a recording began, its thumbnails are screened while live); events of other channels or kinds are ignored (200, so EventBridge does not retry them)',
          },
        ),
      }),
      detail: {
        summary:
          'IVS events from EventBridge (LIVE_BACKEND=ivs): stream starts and ends, recordings started (where their thumbnails are) and finished',
        description:
          'Set up an EventBridge rule on source aws.ivs with an API destination to this URL, its connection ' +
          'sending `Authorization: Bearer <IVS_WEBHOOK_SECRET>`.',
        security: [],
        responses: problemResponses(401, 422, 429),
      },
    },
  )
}
