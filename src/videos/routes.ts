import { createHash } from 'node:crypto'
import { Elysia, t } from 'elysia'
import { AudienceSchema, AudienceTierField } from '../payments/audience.ts'
import type { accessControl } from '../platform/http/access.ts'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { requestScope } from '../platform/logger.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { Storage } from '../platform/storage.ts'
import type { GraphService } from '../users/graph.ts'
import { type PlaybackSigner, serveFile } from './playback.ts'
import { PrerollSchema, type Prerolls } from './preroll.ts'
import type { UploadService } from './uploads.ts'
import type { VideoService } from './videos.ts'

const Visibility = t.Union(
  [t.Literal('public'), t.Literal('unlisted'), t.Literal('followers'), t.Literal('private')],
  {
    description:
      'unlisted: anyone with the link, never listed; followers: accepted followers; private: only you',
  },
)
const Audience = AudienceSchema(
  'Who may watch it: everyone (default), or subscribers of the owner (of audienceTierId and above; payments)',
)
const Countries = t.Array(t.String({ minLength: 2, maxLength: 2 }), { maxItems: 250 })
const MinAge = t.Nullable(t.Union([t.Literal(13), t.Literal(16), t.Literal(18)]))

const Fields = {
  title: t.String({ minLength: 1, maxLength: 200 }),
  description: t.String({ maxLength: 5000 }),
  tags: t.Array(t.String({ maxLength: 51 }), { maxItems: 30 }),
  visibility: Visibility,
  publishAt: t.Nullable(DateTime({ description: 'Published from then on (scheduled)' })),
  minAge: MinAge,
  allowedCountries: t.Array(t.String({ minLength: 2, maxLength: 2 }), {
    maxItems: 250,
    description: 'ISO 3166-1 alpha-2; when not empty, only these countries may play the video',
  }),
  blockedCountries: Countries,
  commentsEnabled: t.Boolean(),
}

export const VideoSchema = t.Object({
  id: t.String(),
  ownerId: t.String(),
  title: t.String(),
  description: t.String(),
  tags: t.Array(t.String()),
  visibility: Visibility,
  publishAt: t.Nullable(t.String()),
  minAge: t.Nullable(Integer()),
  allowedCountries: t.Array(t.String()),
  blockedCountries: t.Array(t.String()),
  commentsEnabled: t.Boolean(),
  status: t.Union(
    [
      t.Literal('uploading'),
      t.Literal('processing'),
      t.Literal('checking'),
      t.Literal('ready'),
      t.Literal('failed'),
      t.Literal('blocked'),
    ],
    { description: '`checking`: encoded, matched against copyright references before it may be public' },
  ),
  progress: t.Nullable(Integer({ description: 'Percent done while processing' })),
  failureReason: t.Nullable(t.String()),
  jobId: t.Nullable(t.String({ description: 'The processing job (GET /v1/jobs/{id})' })),
  durationMs: t.Nullable(Integer()),
  width: t.Nullable(Integer()),
  height: t.Nullable(Integer()),
  renditions: t.Array(t.String(), { description: 'e.g. 240p, 360p, 720p, or audio' }),
  viewCount: Integer(),
  watchSeconds: Integer(),
  sensitive: t.Boolean({
    description: 'Marked sensitive or age-restricted by moderation: shown behind contentWarning',
  }),
  contentWarning: t.Nullable(t.String({ description: 'What moderation found (the label), when sensitive' })),
  poster: t.Nullable(
    t.Object(
      { url: t.String(), width: Integer(), height: Integer() },
      {
        description:
          'A poster frame by a signed URL (valid for at least PLAYBACK_URL_TTL_SECONDS) that opens this file only',
      },
    ),
  ),
  audience: Audience,
  audienceTierId: t.Nullable(t.String({ description: 'With subscribers: that tier of the owner and above' })),
  locked: t.Boolean({
    description:
      'True when the viewer is not entitled (a video for subscribers): description, tags and poster are left out and ' +
      'playback is refused (GET /v1/creators/{ownerId}/tiers tells how to subscribe)',
  }),
  createdAt: t.String(),
  updatedAt: t.String(),
})

const PlaybackSchema = t.Object({
  hls: t.String({ description: 'HLS master playlist (fMP4 segments shared with DASH)' }),
  dash: t.String({ description: 'DASH manifest' }),
  thumbnails: t.Array(t.Object({ url: t.String(), width: Integer(), height: Integer() })),
  storyboard: t.Nullable(t.Object({ vtt: t.String(), sprite: t.String() })),
  renditions: t.Array(
    t.Object({
      name: t.String(),
      width: Integer(),
      height: Integer(),
      videoBitrate: Integer(),
      audioBitrate: Integer(),
    }),
  ),
  durationMs: Integer(),
  expiresAt: t.String({ description: 'The URLs stop working then; ask again' }),
})

const Id = t.Object({ id: t.String({ format: 'uuid' }) })

/** Per-user limits of video changes and view reports (anonymous viewers per address; RATE_LIMITS may change them). */
export const videoRateLimits = {
  ...readRateLimits,
  'videos.create': { limit: 60, windowMs: 3_600_000 },
  'videos.edit': { limit: 300, windowMs: 3_600_000 },
  'videos.view': { limit: 3600, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** Videos, their uploads (tus), playback with signed URLs, and views. */
export function videoRoutes(deps: {
  videos: VideoService
  uploads: UploadService
  graph: GraphService
  signer: PlaybackSigner
  prerolls: Prerolls
  storage: Storage
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof videoRateLimits>
  publicUrl: string
  playbackTtlSeconds: number
  viewMinSeconds: number
  viewWindowHours: number
  /** Lower-case header with the viewer's country, or '' (read only behind a trusted proxy). */
  countryHeader: string
}) {
  const { videos } = deps
  const tus = ({ request }: { request: Request }) => deps.uploads.handle(request)
  // tus checks the token itself (its server answers before Elysia's hooks), hence `security` here.
  const tusDetail = (summary: string, success: Record<number, unknown>, ...problems: number[]) => ({
    summary,
    description:
      'Resumable uploads (tus 1.0: creation, termination), with a Bearer token on every request. POST with ' +
      'Upload-Length and Upload-Metadata (filename) creates an upload (quotas checked: 413 when over), PATCH ' +
      'appends bytes at Upload-Offset, HEAD tells the offset to resume from, DELETE ends it. The type is read from ' +
      'the bytes (415 when not video or audio). Then POST /v1/videos with its id.',
    security: [{ bearer: [] }],
    responses: { ...success, ...problemResponses(401, ...problems) },
  })
  const tusHeaders = (...names: string[]) =>
    Object.fromEntries(names.map((name) => [name, { schema: { type: 'string' as const } }]))
  const tusDetails = {
    create: tusDetail(
      'tus: create an upload (Upload-Length, Upload-Metadata)',
      {
        201: {
          description: 'Created; Location is its URL',
          headers: tusHeaders('Location', 'Upload-Offset'),
        },
      },
      409,
      413,
      422,
    ),
    offset: tusDetail(
      'tus: the offset to resume an upload from',
      {
        200: {
          description: 'Upload-Offset and Upload-Length',
          headers: tusHeaders('Upload-Offset', 'Upload-Length'),
        },
      },
      404,
    ),
    append: {
      ...tusDetail(
        'tus: append bytes at Upload-Offset (application/offset+octet-stream)',
        {
          204: {
            description: 'Stored; Upload-Offset is the new offset',
            headers: tusHeaders('Upload-Offset'),
          },
        },
        404,
        409,
        413,
        415,
      ),
      requestBody: {
        required: true,
        content: {
          'application/offset+octet-stream': { schema: { type: 'string' as const, format: 'binary' } },
        },
      },
    },
    terminate: tusDetail('tus: end an upload and remove its bytes', { 204: NO_CONTENT }, 404, 409),
    options: { hide: true },
  }
  const file = ({ params, request }: { params: { token: string; '*': string }; request: Request }) =>
    serveFile(deps.signer, deps.storage, params.token, params['*'], request)
  return (
    new Elysia({ name: 'video-routes', detail: { tags: ['videos'] } })
      .use(deps.access)
      .use(deps.rateLimits)
      // tus needs its raw body: no parsing.
      .post('/uploads', tus, { parse: 'none', detail: tusDetails.create })
      .options('/uploads', tus, { parse: 'none', detail: tusDetails.options })
      .head('/uploads/:id', tus, { parse: 'none', detail: tusDetails.offset })
      .patch('/uploads/:id', tus, { parse: 'none', detail: tusDetails.append })
      .delete('/uploads/:id', tus, { parse: 'none', detail: tusDetails.terminate })
      .options('/uploads/:id', tus, { parse: 'none', detail: tusDetails.options })
      .post(
        '/videos',
        async ({ principal, body, set }) => {
          set.status = 201
          return videos.create(principal.userId, body)
        },
        {
          permission: 'social:write',
          rateLimit: 'videos.create',
          body: t.Object({
            uploadId: t.String({
              maxLength: 64,
              description: 'The id of a tus upload of yours (the end of its URL)',
            }),
            title: Fields.title,
            description: t.Optional(Fields.description),
            tags: t.Optional(Fields.tags),
            visibility: Fields.visibility,
            publishAt: t.Optional(Fields.publishAt),
            minAge: t.Optional(MinAge),
            allowedCountries: t.Optional(Fields.allowedCountries),
            blockedCountries: t.Optional(Fields.blockedCountries),
            commentsEnabled: t.Optional(Fields.commentsEnabled),
            audience: t.Optional(Audience),
            audienceTierId: AudienceTierField,
          }),
          response: { 201: VideoSchema },
          detail: {
            summary: 'Make a video from an upload; processing starts when the upload is complete',
            description:
              'Status goes uploading → processing (with progress) → ready or failed (with the reason); the owner ' +
              'gets `video` and `job` events on the gateway.',
            responses: problemResponses(401, 409, 422),
          },
        },
      )
      .get('/videos/:id', ({ params, viewer }) => videos.get(viewer?.userId ?? null, params.id), {
        rateLimit: 'api.reads',
        viewer: true,
        params: Id,
        response: VideoSchema,
        detail: { summary: 'A video', responses: problemResponses(404, 422) },
      })
      .patch(
        '/videos/:id',
        ({ params, body, principal }) => videos.update(principal.userId, params.id, body),
        {
          permission: 'social:write',
          rateLimit: 'videos.edit',
          params: Id,
          body: t.Partial(t.Object(Fields)),
          response: VideoSchema,
          detail: { summary: 'Edit a video of mine', responses: problemResponses(401, 404, 422) },
        },
      )
      .delete(
        '/videos/:id',
        async ({ params, principal, set }) => {
          const { uploadId } = await videos.delete(principal.userId, params.id)
          await deps.uploads.discard(uploadId)
          set.status = 204
        },
        {
          permission: 'social:write',
          rateLimit: 'videos.edit',
          params: Id,
          detail: {
            summary: 'Delete a video of mine: its files go, its upload stops counting against the quota',
            responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
          },
        },
      )
      .get(
        '/users/:username/videos',
        async ({ params, query, viewer }) => {
          const owner = await deps.graph.visibleTarget(viewer?.userId ?? null, params.username)
          return videos.listByUser(viewer?.userId ?? null, owner.id, query.cursor, query.limit ?? 20)
        },
        {
          rateLimit: 'api.reads',
          viewer: true,
          params: t.Object({ username: t.String({ maxLength: 64 }) }),
          query: PageQuery,
          response: pageOf(VideoSchema),
          detail: {
            summary: "A user's videos the viewer may see, newest first (unlisted ones only to their owner)",
            responses: problemResponses(404, 422),
          },
        },
      )
      .get(
        '/videos/:id/playback',
        async ({ params, viewer, request }) => {
          const playback = await videos.playback(
            viewer?.userId ?? null,
            params.id,
            countryOf(request, deps.countryHeader),
            deps.signer,
            {
              baseUrl: deps.publicUrl,
              ttlSeconds: deps.playbackTtlSeconds,
            },
          )
          const ad = await deps.prerolls.pick({
            videoId: params.id,
            viewer: viewer?.userId ?? null,
            headers: request.headers,
          })
          return ad ? { ...playback, ad } : playback
        },
        {
          rateLimit: 'api.reads',
          viewer: true,
          params: Id,
          response: t.Composite([PlaybackSchema, t.Object({ ad: t.Optional(PrerollSchema) })]),
          detail: {
            summary:
              'Signed, expiring URLs of the HLS master playlist, the DASH manifest, thumbnails, storyboard',
            description:
              'Visibility, age (birth date of the signed-in viewer) and country (451) rules apply; files are served ' +
              'with byte ranges and cache headers until the URLs expire.',
            responses: problemResponses(403, 404, 409, 422, 451),
          },
        },
      )
      .post(
        '/videos/:id/views',
        ({ params, body, viewer }) =>
          videos.recordView(viewer?.userId ?? null, anonymousViewer(), params.id, body.watchedSeconds, {
            minSeconds: deps.viewMinSeconds,
            windowHours: deps.viewWindowHours,
          }),
        {
          viewer: true,
          rateLimit: 'videos.view',
          params: Id,
          body: t.Object({
            watchedSeconds: t.Number({
              minimum: 0,
              maximum: 86_400,
              description: 'Seconds watched since the last report (players report every 10-30 s)',
            }),
          }),
          response: t.Object({
            counted: t.Boolean({ description: 'Whether this report made the view count' }),
            viewCount: Integer(),
            watchSeconds: Integer(),
          }),
          detail: {
            summary: 'Report watch time: a view counts after VIEW_MIN_SECONDS, once per viewer per window',
            description: 'Refused (403) for a video the viewer may not play (one for subscribers).',
            responses: problemResponses(403, 404, 422),
          },
        },
      )
      .get(`/play/:token/*`, file, {
        rateLimit: 'api.files',
        detail: {
          summary: 'A file of a video or of a live stream (signed URL from its /playback)',
          responses: {
            200: { description: 'The file: a playlist, manifest, segment or image', content: { '*/*': {} } },
            206: { description: 'The byte range asked for with Range', content: { '*/*': {} } },
            ...problemResponses(403, 404, 416),
          },
        },
      })
      .head(`/play/:token/*`, file, { rateLimit: 'api.files', detail: { hide: true } })
  )
}

/** The viewer's country from the edge's header (only when configured), or null. */
export function countryOf(request: Request, header: string): string | null {
  if (!header) return null
  const value = request.headers.get(header)?.trim().toUpperCase()
  return value && /^[A-Z]{2}$/.test(value) ? value : null
}

/**
 * An anonymous viewer: their address, hashed (never stored as it is). Not the user agent, which
 * a client could vary to count a view per request.
 */
function anonymousViewer(): string {
  const ip = requestScope.getStore()?.clientAddress?.() ?? 'unknown'
  return createHash('sha256').update(`viewer\n${ip}`).digest('base64url').slice(0, 22)
}
