import { Elysia, t } from 'elysia'
import { AudienceSchema, AudienceTierField } from '../payments/audience.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { GraphService } from '../users/graph.ts'
import { countryOf } from '../videos/routes.ts'
import type { StreamService } from './streams.ts'

const Visibility = t.Union([t.Literal('public'), t.Literal('followers'), t.Literal('unlisted')], {
  description: 'unlisted: anyone with the link, never listed nor announced; followers: accepted followers',
})
const LatencyMode = t.Union([t.Literal('normal'), t.Literal('low')], {
  description: 'low: shorter segments (1-2 s) for less delay behind the streamer, at some cost in stability',
})
const Audience = AudienceSchema(
  'Who may watch it: everyone (default), or subscribers of the owner (of audienceTierId and above; payments). ' +
    'Its recording, once a video, keeps it',
)
const State = t.Union([t.Literal('idle'), t.Literal('live'), t.Literal('ended')])

const Chat = t.Object({
  slowSeconds: t.Integer({
    minimum: 0,
    maximum: 3600,
    description: 'Seconds between two messages of a viewer; 0: off',
  }),
  followersOnlyMinutes: t.Nullable(
    t.Integer({
      minimum: 0,
      maximum: 525_600,
      description: 'Only followers of at least this many minutes may chat; null: anyone',
    }),
  ),
  subscribersOnly: t.Boolean(),
  emoteOnly: t.Boolean(),
})

const Fields = {
  title: t.String({ minLength: 1, maxLength: 200 }),
  description: t.String({ maxLength: 5000 }),
  category: t.Nullable(t.String({ maxLength: 60 })),
  visibility: Visibility,
  record: t.Boolean({
    description: 'Keep the stream and make it a video of yours when it ends (default true)',
  }),
  latencyMode: LatencyMode,
  chat: t.Partial(Chat),
}

const HealthSchema = t.Object(
  {
    bitrateKbps: t.Nullable(t.Number()),
    fps: t.Nullable(t.Number()),
    keyframeInterval: t.Nullable(t.Number({ description: 'Seconds between keyframes' })),
    width: t.Nullable(Integer()),
    height: t.Nullable(Integer()),
    videoCodec: t.Nullable(t.String()),
    audioCodec: t.Nullable(t.String()),
  },
  { description: 'Ingest health, as last measured' },
)

export const StreamSchema = t.Object({
  id: t.String(),
  owner: t.Object({ id: t.String(), username: t.String(), displayName: t.Nullable(t.String()) }),
  title: t.String(),
  description: t.String(),
  category: t.Nullable(t.String()),
  visibility: Visibility,
  record: t.Boolean(),
  latencyMode: LatencyMode,
  chat: Chat,
  state: t.Union([t.Literal('idle'), t.Literal('live'), t.Literal('ended')], {
    description: 'idle → live → ended (an ended stream takes no pusher again)',
  }),
  startedAt: t.Nullable(t.String()),
  endedAt: t.Nullable(t.String()),
  viewers: Integer({ description: 'Watching now' }),
  peakViewers: Integer(),
  uniqueViewers: Integer(),
  health: t.Nullable(HealthSchema),
  videoId: t.Nullable(t.String({ description: 'The recording, once it is a video' })),
  audience: Audience,
  audienceTierId: t.Nullable(t.String({ description: 'With subscribers: that tier of the owner and above' })),
  locked: t.Boolean({
    description:
      'True when the viewer is not entitled (a stream for subscribers): its description is left out, playback and ' +
      'its chat are refused (GET /v1/creators/{owner.id}/tiers tells how to subscribe)',
  }),
  sensitive: t.Boolean({
    description: 'Marked sensitive or age-restricted by moderation: shown behind contentWarning (blurred)',
  }),
  contentWarning: t.Nullable(t.String({ description: 'What moderation found (the label), when sensitive' })),
  ageRestricted: t.Boolean({
    description:
      'Age-restricted by moderation: listed, played and chatted in only by signed-in adults (by the birth date ' +
      'set with PATCH /v1/me) and its owner; others get 403 age_restricted',
  }),
  createdAt: t.String(),
})

const WithIngest = t.Composite([
  StreamSchema,
  t.Object({
    ingest: t.Object(
      {
        rtmpUrl: t.String({ description: 'Push RTMP here (OBS: Server)' }),
        streamKey: t.String({ description: 'Shown this once; rotate it if lost' }),
      },
      { description: 'Where to push, with which key' },
    ),
  }),
])

const Id = t.Object({ id: t.String({ format: 'uuid' }) })

const PlaybackSchema = t.Object({
  live: t.Boolean({ description: 'true: the live stream; false: its recording, a video now' }),
  hls: t.String({ description: 'HLS playlist by a signed URL (a live playlist is served uncached)' }),
  videoId: t.Nullable(t.String({ description: 'The recording, when that is what plays' })),
  expiresAt: t.String({ description: 'The URL stops working then; ask again' }),
})

/** Per-user limits of stream changes (RATE_LIMITS may change them). */
export const liveRateLimits = {
  'live.create': { limit: 30, windowMs: 3_600_000 },
  'live.edit': { limit: 300, windowMs: 3_600_000 },
  ...readRateLimits,
} as const satisfies Record<string, Limit>

/** Live streams: set up, edit, list, rotate the key, delete. */
export function liveRoutes(deps: {
  streams: StreamService
  graph: GraphService
  /** Lower-case header with the viewer's country, or '' (for the recording's country rules). */
  countryHeader: string
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof liveRateLimits>
}) {
  const { streams } = deps
  return new Elysia({ name: 'live-routes', detail: { tags: ['live'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/live/streams',
      async ({ principal, body, set }) => {
        set.status = 201
        return streams.create(principal.userId, body)
      },
      {
        permission: 'social:write',
        rateLimit: 'live.create',
        body: t.Object({
          title: Fields.title,
          description: t.Optional(Fields.description),
          category: t.Optional(Fields.category),
          visibility: Fields.visibility,
          record: t.Optional(Fields.record),
          latencyMode: t.Optional(Fields.latencyMode),
          chat: t.Optional(Fields.chat),
          audience: t.Optional(Audience),
          audienceTierId: AudienceTierField,
        }),
        response: { 201: WithIngest },
        detail: {
          summary: 'Set up a live stream: where to push and the stream key (shown once)',
          description:
            'The stream is `idle` until a pusher arrives with the key, then `live`; it ends LIVE_IDLE_END_SECONDS ' +
            'after media stops, or at LIVE_MAX_HOURS. State changes are pushed on the gateway channel `live:<id>`.',
          responses: problemResponses(401, 422),
        },
      },
    )
    .get(
      '/live/streams',
      async ({ query, viewer }) => {
        const owner = query.owner
          ? (await deps.graph.visibleTarget(viewer?.userId ?? null, query.owner)).id
          : undefined
        return streams.list(viewer?.userId ?? null, {
          state: query.state,
          owner,
          cursor: query.cursor,
          limit: query.limit ?? 20,
        })
      },
      {
        viewer: true,
        rateLimit: 'api.reads',
        query: t.Composite([
          PageQuery,
          t.Object({
            state: t.Optional(State),
            owner: t.Optional(t.String({ maxLength: 64, description: "A username: that user's streams" })),
          }),
        ]),
        response: pageOf(StreamSchema),
        detail: {
          summary: 'Streams the viewer may see, newest first (e.g. ?state=live)',
          description:
            'Unlisted streams are listed only to their owner, with ?owner=<their username>. Streams moderation ' +
            'age-restricted are listed only to signed-in adults and their owner.',
          responses: problemResponses(404, 422),
        },
      },
    )
    .get('/live/streams/:id', ({ params, viewer }) => streams.get(viewer?.userId ?? null, params.id), {
      viewer: true,
      rateLimit: 'api.reads',
      params: Id,
      response: StreamSchema,
      detail: { summary: 'A live stream', responses: problemResponses(404, 422) },
    })
    .patch(
      '/live/streams/:id',
      ({ params, body, principal }) => streams.update(principal.userId, params.id, body),
      {
        permission: 'social:write',
        rateLimit: 'live.edit',
        params: Id,
        body: t.Partial(t.Object(Fields)),
        response: StreamSchema,
        detail: {
          summary: 'Edit a stream of mine (also while live: viewers get the change on `live:<id>`)',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .delete(
      '/live/streams/:id',
      async ({ params, principal, set }) => {
        await streams.delete(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'live.edit',
        params: Id,
        detail: {
          summary: 'Delete a stream of mine; a live one ends first (its recording is still made)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .get(
      '/live/streams/:id/playback',
      ({ params, viewer, request }) =>
        streams.playback(viewer?.userId ?? null, params.id, countryOf(request, deps.countryHeader)),
      {
        viewer: true,
        rateLimit: 'api.reads',
        params: Id,
        response: PlaybackSchema,
        detail: {
          summary: 'Where to play the stream: its live HLS while live, its recording once that is a video',
          description:
            "The signed URL opens the live session's playlists and segments until it expires. 403 (`age_restricted`) " +
            'when moderation age-restricted the stream and the viewer is not a signed-in adult (nor its owner). 409 when the stream ' +
            'is not live and has no ready recording; 451 (`region_blocked`) from a country where a copyright claim on ' +
            'the live stream (or the recording) is blocked, by the edge country header.',
          responses: problemResponses(403, 404, 409, 422, 451),
        },
      },
    )
    .post(
      '/live/streams/:id/key',
      ({ params, principal }) => streams.rotateKey(principal.userId, params.id),
      {
        permission: 'social:write',
        rateLimit: 'live.edit',
        params: Id,
        response: WithIngest,
        detail: {
          summary: 'A new stream key: the old one is refused at once and a pusher on it is cut',
          description:
            'A live stream stays live for LIVE_IDLE_END_SECONDS, waiting for the pusher to come back with the new key.',
          responses: problemResponses(401, 404, 409, 422),
        },
      },
    )
}
