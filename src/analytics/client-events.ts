import { t } from 'elysia'
import { checkedOnce } from '../platform/http/checked-once.ts'
import { DateTime } from '../platform/http/dates.ts'

/** Where a viewer came from (impressions, clicks, views): the traffic sources of the reports. */
export const SOURCES = ['home', 'profile', 'search', 'external', 'notification', 'other'] as const
export type Source = (typeof SOURCES)[number]

/** The kinds of client event `POST /v1/analytics/events` takes. */
export const CLIENT_EVENT_TYPES = [
  'view.heartbeat',
  'impression',
  'click',
  'share',
  'profile.visit',
  'live.heartbeat',
] as const
export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number]

export const MAX_BATCH = 500

// Each event's `type` comes first: a union's branches are checked field by field in order, so a
// branch of another type is refused at its first field, before the ids and times are read.
const common = {
  id: t.String({
    format: 'uuid',
    description: "The client's id of this event (a UUID): an event sent again with the same id counts once",
  }),
  occurredAt: DateTime({
    description: 'When it happened, by the client’s clock; a time ahead of the server’s is taken as now',
  }),
  sessionId: t.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.:-]+$',
    description: 'The player or page session (letters, digits, _ . : -): a view is one session of one video',
  }),
}
const Uuid = (description: string) => t.String({ format: 'uuid', description })
const SourceSchema = t.UnionEnum(SOURCES, { description: 'Where the viewer came from' })
const Target = {
  postId: t.Optional(Uuid('The post (give postId or videoId)')),
  videoId: t.Optional(Uuid('The video (give postId or videoId)')),
}

const ViewHeartbeat = t.Object(
  {
    type: t.Literal('view.heartbeat'),
    ...common,
    videoId: Uuid('The video being watched'),
    positionSeconds: t.Number({ minimum: 0, maximum: 86_400, description: 'Playback position now' }),
    intervalSeconds: t.Optional(
      t.Number({
        minimum: 0,
        maximum: 120,
        description:
          'Seconds played since the previous heartbeat (default 5): the span [position - interval, position] counts as watched',
      }),
    ),
    quality: t.Optional(
      t.String({ maxLength: 16, pattern: '^[A-Za-z0-9]+$', description: 'Rendition, e.g. 720p' }),
    ),
    buffering: t.Optional(t.Boolean({ description: 'The player is stalled: no watch time counts' })),
    source: t.Optional(SourceSchema),
  },
  { description: 'Sent every few seconds (5 recommended) while a video plays' },
)
const Impression = t.Object(
  { type: t.Literal('impression'), ...common, ...Target, source: SourceSchema },
  { description: 'A post or video was shown' },
)
const Click = t.Object(
  { type: t.Literal('click'), ...common, ...Target, source: SourceSchema },
  { description: 'A post or video was opened' },
)
const Share = t.Object(
  { type: t.Literal('share'), ...common, ...Target, source: t.Optional(SourceSchema) },
  { description: 'A post or video was shared' },
)
const ProfileVisit = t.Object(
  {
    type: t.Literal('profile.visit'),
    ...common,
    userId: Uuid('Whose profile'),
    source: t.Optional(SourceSchema),
  },
  { description: 'A profile was opened' },
)
const LiveHeartbeat = t.Object(
  { type: t.Literal('live.heartbeat'), ...common, streamId: Uuid('The live stream being watched') },
  { description: 'Sent every 30 seconds or more often while a live stream plays' },
)

export const ClientEvent = t.Union([ViewHeartbeat, Impression, Click, Share, ProfileVisit, LiveHeartbeat])
export type ClientEvent = typeof ClientEvent.static

/** Checked once per request (checked-once.ts): a batch of 500 is the API's busiest body. */
export const EventBatch = checkedOnce(
  t.Object({
    events: t.Array(ClientEvent, {
      minItems: 1,
      maxItems: MAX_BATCH,
      description: `1 to ${MAX_BATCH} events`,
    }),
  }),
)
