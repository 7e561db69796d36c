import { Elysia, t } from 'elysia'
import { MediaSchema } from '../media/routes.ts'
import { AudienceSchema, AudienceTierField } from '../payments/audience.ts'
import type { accessControl } from '../platform/http/access.ts'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { InteractionService } from './interactions.ts'
import type { PostService } from './posts.ts'
import type { PostReader } from './reads.ts'
import { POST_MAX_LENGTH } from './text.ts'

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
/** A post's language, as a client gives it. */
const Language = t.String({
  pattern: '^[a-z]{2}$',
  description:
    'ISO 639-1 code (en, fr, de...): search stems the post in that language. Detected from the text when not given',
})
const Visibility = t.Union([t.Literal('public'), t.Literal('followers'), t.Literal('mentioned')])
export const AccountSchema = t.Object({
  id: t.String(),
  username: t.String(),
  displayName: t.Nullable(t.String()),
  isPrivate: t.Boolean(),
})

export const PostSchema = t.Object({
  id: t.String(),
  author: AccountSchema,
  text: t.String(),
  visibility: Visibility,
  contentWarning: t.Nullable(t.String()),
  sensitive: t.Boolean(),
  moderation: t.Nullable(
    t.String({
      description:
        "Moderation's state, the stronger of the post's own and that of the images and video it carries: sensitive, age_restricted, held (seen by its author and moderators only until reviewed), removed (moderators only); null when none",
    }),
  ),
  replyToId: t.Nullable(t.String()),
  threadId: t.String(),
  quoteOfId: t.Nullable(t.String()),
  mentions: t.Array(t.String(), { description: 'Usernames the post reaches' }),
  media: t.Array(MediaSchema),
  video: t.Nullable(
    t.Object(
      {
        id: t.String(),
        title: t.String(),
        status: t.String(),
        durationMs: t.Nullable(Integer()),
        audience: AudienceSchema('Who may watch the video: everyone, or subscribers of the author'),
        audienceTierId: t.Nullable(t.String()),
        locked: t.Boolean({ description: 'True when the viewer may not watch it (a video for subscribers)' }),
      },
      {
        description: 'The video the post carries, when the viewer may see it (GET /v1/videos/{id}/playback)',
      },
    ),
  ),
  tags: t.Array(t.String()),
  language: t.Nullable(t.String({ description: 'ISO 639-1, given or detected; null when unknown' })),
  publishedAt: t.Nullable(t.String({ description: 'null while scheduled' })),
  scheduledAt: t.Nullable(t.String()),
  editedAt: t.Nullable(t.String()),
  createdAt: t.String(),
  counts: t.Object({ likes: Integer(), reposts: Integer(), replies: Integer(), quotes: Integer() }),
  viewer: t.Nullable(t.Object({ liked: t.Boolean(), reposted: t.Boolean() })),
  audience: AudienceSchema(
    'Who may read it: everyone, or subscribers of the author (of audienceTierId and above)',
  ),
  audienceTierId: t.Nullable(t.String()),
  locked: t.Boolean({
    description:
      'True when the viewer is not entitled: text, media and video are left out (GET /v1/creators/{authorId}/tiers tells how to subscribe)',
  }),
  badge: t.Nullable(
    t.Object(
      {
        tierId: t.String(),
        tier: t.String({ description: "The tier's name" }),
        months: Integer({ description: 'Month of the membership (1 in the first)' }),
      },
      {
        description:
          "On a reply (a comment): its author's membership of the author of the post it answers, their highest tier now",
      },
    ),
  ),
})

/** Per-user limits of writing posts and interacting with them (RATE_LIMITS may change them). */
export const postRateLimits = {
  ...readRateLimits,
  'posts.create': { limit: 300, windowMs: 3_600_000 },
  'posts.edit': { limit: 300, windowMs: 3_600_000 },
  'posts.interact': { limit: 1000, windowMs: 3_600_000 },
  // Counted by the post service, one per account mentioned that does not follow the author.
  'posts.mention_strangers': { limit: 50, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** Posts: write, read, edit, delete, history, thread context, likes and reposts. */
export function postRoutes(deps: {
  posts: PostService
  reader: PostReader
  interactions: InteractionService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof postRateLimits>
}) {
  const { posts, reader, interactions } = deps
  const toggle = (summary: string, run: (viewer: string, id: string) => Promise<void>) => ({
    handler: async ({
      params,
      principal,
      set,
    }: {
      params: { id: string }
      principal: { userId: string }
      set: { status?: number | string }
    }) => {
      await run(principal.userId, params.id)
      set.status = 204
    },
    hook: {
      permission: 'social:write',
      rateLimit: 'posts.interact' as const,
      params: Id,
      detail: { summary, responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) } },
    },
  })
  const like = toggle('Like (idempotent)', (v, id) => interactions.like(v, id))
  const unlike = toggle('Take a like back', (v, id) => interactions.unlike(v, id))
  const repost = toggle('Repost a public post (idempotent)', (v, id) => interactions.repost(v, id))
  const unrepost = toggle('Undo a repost', (v, id) => interactions.unrepost(v, id))
  return new Elysia({ name: 'post-routes', detail: { tags: ['posts'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/posts',
      async ({ principal, body, set }) => {
        const id = await posts.create(principal.userId, {
          text: body.text,
          mediaIds: body.mediaIds,
          videoId: body.videoId,
          visibility: body.visibility,
          contentWarning: body.contentWarning,
          sensitive: body.sensitive,
          replyTo: body.replyTo,
          quoteOf: body.quoteOf,
          scheduledAt: body.scheduledAt,
          language: body.language,
          audience: body.audience,
          audienceTierId: body.audienceTierId,
        })
        set.status = 201
        set.headers.location = `/v1/posts/${id}`
        return reader.get(principal.userId, id)
      },
      {
        permission: 'social:write',
        rateLimit: 'posts.create',
        body: t.Object({
          text: t.String({
            maxLength: POST_MAX_LENGTH * 4,
            description: `At most ${POST_MAX_LENGTH} characters`,
          }),
          mediaIds: t.Optional(
            t.Array(t.String({ format: 'uuid' }), { maxItems: 4, description: 'From POST /v1/media' }),
          ),
          videoId: t.Optional(
            t.String({ format: 'uuid', description: 'A video of yours (POST /v1/videos) to carry' }),
          ),
          visibility: t.Optional(Visibility),
          contentWarning: t.Optional(t.Nullable(t.String({ maxLength: 200 }))),
          sensitive: t.Optional(t.Boolean()),
          replyTo: t.Optional(t.String({ format: 'uuid' })),
          quoteOf: t.Optional(t.String({ format: 'uuid' })),
          scheduledAt: t.Optional(DateTime({ description: 'Publish later (10 s to a year ahead)' })),
          language: t.Optional(Language),
          audience: t.Optional(
            AudienceSchema('Who may read it: everyone (default) or your subscribers (payments)'),
          ),
          audienceTierId: AudienceTierField,
        }),
        response: { 201: PostSchema },
        detail: {
          summary: 'Write a post (mentions and #hashtags are parsed from the text)',
          description:
            'A reply to a post carrying a video whose comments are off is refused (403 comments_disabled) ' +
            'unless it comes from the author. Each mentioned account that does not follow you counts ' +
            'against `posts.mention_strangers` (429 naming it in `rateLimitClass`; the post is not stored).',
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .get('/posts/:id', ({ params, viewer }) => reader.get(viewer?.userId ?? null, params.id), {
      rateLimit: 'api.reads',
      viewer: true,
      publicCache: true,
      params: Id,
      response: PostSchema,
      detail: { summary: 'A post, if the viewer may see it', responses: problemResponses(404) },
    })
    .patch(
      '/posts/:id',
      async ({ params, principal, body }) => {
        await posts.edit(principal.userId, params.id, body)
        return reader.get(principal.userId, params.id)
      },
      {
        permission: 'social:write',
        rateLimit: 'posts.edit',
        params: Id,
        body: t.Object({
          text: t.Optional(t.String({ maxLength: POST_MAX_LENGTH * 4 })),
          contentWarning: t.Optional(t.Nullable(t.String({ maxLength: 200 }))),
          sensitive: t.Optional(t.Boolean()),
          language: t.Optional(Language),
        }),
        response: PostSchema,
        detail: {
          summary: 'Edit a post (the earlier version goes to its history)',
          responses: problemResponses(401, 403, 404, 422),
        },
      },
    )
    .delete(
      '/posts/:id',
      async ({ params, principal, set }) => {
        await posts.remove(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'posts.edit',
        params: Id,
        detail: {
          summary: 'Delete a post',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404) },
        },
      },
    )
    .get('/posts/:id/history', ({ params, viewer }) => reader.history(viewer?.userId ?? null, params.id), {
      rateLimit: 'api.reads',
      viewer: true,
      params: Id,
      response: t.Object({
        items: t.Array(
          t.Object({
            text: t.String(),
            contentWarning: t.Nullable(t.String()),
            sensitive: t.Boolean(),
            from: DateTime({
              description: 'When this version became current (it lasted until the next one)',
            }),
          }),
        ),
        nextCursor: t.Null({ description: 'Always null: every version fits in one page' }),
      }),
      detail: { summary: 'Every version of a post, oldest first', responses: problemResponses(404) },
    })
    .get('/posts/:id/context', ({ params, viewer }) => reader.context(viewer?.userId ?? null, params.id), {
      rateLimit: 'api.reads',
      viewer: true,
      publicCache: true,
      params: Id,
      response: t.Object({
        post: PostSchema,
        ancestors: t.Array(PostSchema),
        descendants: t.Array(PostSchema),
      }),
      detail: {
        summary: 'The posts a post answers, and the replies below it',
        responses: problemResponses(404),
      },
    })
    .post('/posts/:id/like', like.handler, like.hook)
    .delete('/posts/:id/like', unlike.handler, unlike.hook)
    .post('/posts/:id/repost', repost.handler, repost.hook)
    .delete('/posts/:id/repost', unrepost.handler, unrepost.hook)
    .get(
      '/posts/:id/likes',
      ({ params, query, viewer }) =>
        reader.actors(viewer?.userId ?? null, params.id, 'likes', query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        viewer: true,
        params: Id,
        query: PageQuery,
        response: pageOf(AccountSchema),
        detail: { summary: 'Who liked a post', responses: problemResponses(404, 422) },
      },
    )
    .get(
      '/posts/:id/reposts',
      ({ params, query, viewer }) =>
        reader.actors(viewer?.userId ?? null, params.id, 'reposts', query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        viewer: true,
        params: Id,
        query: PageQuery,
        response: pageOf(AccountSchema),
        detail: { summary: 'Who reposted a post', responses: problemResponses(404, 422) },
      },
    )
}
