import { Elysia, t } from 'elysia'
import type { AccountService } from '../auth/accounts.ts'
import { PublicUserSchema } from '../auth/routes.ts'
import { MediaSchema } from '../media/routes.ts'
import type { accessControl } from '../platform/http/access.ts'
import { CalendarDate, DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { GraphService } from './graph.ts'
import { LOCALE_PATTERN, type ProfileService } from './profiles.ts'

const Username = t.Object({ username: t.String({ minLength: 1, maxLength: 30 }) })
const Policy = t.Union([t.Literal('everyone'), t.Literal('following'), t.Literal('nobody')])
const PresenceVisibility = t.Union([t.Literal('everyone'), t.Literal('mutuals'), t.Literal('nobody')], {
  description: 'Who sees whether you are online: everyone signed in, mutual followers (default), nobody',
})

const Summary = t.Object({
  id: t.String(),
  username: t.String(),
  displayName: t.Nullable(t.String()),
  isPrivate: t.Boolean(),
})

/** A profile's avatar or banner: an image, with what moderation says of its display. */
const ProfileImage = t.Composite([
  MediaSchema,
  t.Object({
    sensitive: t.Boolean({
      description: 'Marked sensitive or age-restricted by moderation: shown behind contentWarning (blurred)',
    }),
    contentWarning: t.Nullable(
      t.String({ description: 'What moderation found (the label), when sensitive' }),
    ),
  }),
])

const Profile = t.Object({
  id: t.String(),
  username: t.String(),
  displayName: t.Nullable(t.String()),
  bio: t.Nullable(t.String()),
  avatar: t.Nullable(ProfileImage, { description: 'The profile picture (an image from POST /v1/media)' }),
  banner: t.Nullable(ProfileImage, { description: 'The header image (an image from POST /v1/media)' }),
  links: t.Array(t.Object({ title: t.String(), url: t.String() })),
  isPrivate: t.Boolean(),
  createdAt: DateTime(),
  counts: t.Object({ followers: Integer(), following: Integer(), posts: Integer() }),
  relationship: t.Nullable(
    t.Object({
      following: t.Boolean(),
      followedBy: t.Boolean(),
      requested: t.Boolean(),
      blocking: t.Boolean(),
      muting: t.Boolean(),
    }),
  ),
  settings: t.Nullable(
    t.Object({
      mentionPolicy: Policy,
      messagePolicy: Policy,
      screenMessages: t.Boolean({
        description: 'Direct messages sent to you are screened; those a policy removes are taken down',
      }),
      presenceVisibility: PresenceVisibility,
      birthDate: t.Nullable(CalendarDate()),
      timeZone: t.String({ description: 'IANA time zone: notification quiet hours and digests follow it' }),
      locale: t.String({
        description:
          'BCP 47 language of notifications and digests (en, fr translated; others fall back to their language, then English)',
      }),
    }),
  ),
})

const FollowState = t.Object({
  state: t.Union([t.Literal('following'), t.Literal('requested'), t.Literal('none')]),
})

/** Per-user limits of profile and graph changes (RATE_LIMITS may change them); 400 follows a day. */
export const userRateLimits = {
  ...readRateLimits,
  'users.profile': { limit: 60, windowMs: 3_600_000 },
  'users.follow': { limit: 400, windowMs: 86_400_000 },
  'users.block': { limit: 200, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** Profiles, follows, follow requests, blocks and mutes. */
export function userRoutes(deps: {
  profiles: ProfileService
  graph: GraphService
  accounts: AccountService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof userRateLimits>
}) {
  const { profiles, graph } = deps
  return new Elysia({ name: 'user-routes', detail: { tags: ['users'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/me',
      async ({ principal }) => ({
        ...(await deps.accounts.me(principal.userId)),
        profile: await profiles.own(principal.userId),
      }),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        response: t.Composite([PublicUserSchema, t.Object({ profile: Profile })]),
        detail: {
          summary: 'The signed-in account, and its profile as others see it (with its settings)',
          responses: problemResponses(404),
        },
      },
    )
    .get('/users/:username', ({ params, viewer }) => profiles.get(viewer?.userId ?? null, params.username), {
      rateLimit: 'api.reads',
      viewer: true,
      publicCache: true,
      params: Username,
      response: Profile,
      detail: {
        summary: "A profile, with the signed-in viewer's relationship to it",
        description: 'An account that blocks the viewer, or a banned one, is not found.',
        responses: problemResponses(404),
      },
    })
    .patch('/me', ({ principal, body }) => profiles.update(principal.userId, body), {
      permission: 'account:manage',
      rateLimit: 'users.profile',
      body: t.Object({
        displayName: t.Optional(t.Nullable(t.String({ maxLength: 50 }))),
        bio: t.Optional(t.Nullable(t.String({ maxLength: 500 }))),
        links: t.Optional(
          t.Array(
            t.Object({
              title: t.String({ minLength: 1, maxLength: 40 }),
              url: t.String({ format: 'uri', pattern: '^https?://', maxLength: 300 }),
            }),
            { maxItems: 5 },
          ),
        ),
        isPrivate: t.Optional(
          t.Boolean({ description: 'Followers must be approved; turning it off approves the waiting ones' }),
        ),
        mentionPolicy: t.Optional(Policy),
        messagePolicy: t.Optional(Policy),
        screenMessages: t.Optional(
          t.Boolean({
            description:
              'Opt in to screening of the direct messages sent to you (automated filtering; off by default)',
          }),
        ),
        presenceVisibility: t.Optional(PresenceVisibility),
        timeZone: t.Optional(
          t.String({ maxLength: 64, description: 'IANA time zone (Europe/Paris): quiet hours and digests' }),
        ),
        locale: t.Optional(
          t.String({
            maxLength: 20,
            pattern: LOCALE_PATTERN,
            description:
              'BCP 47 language (fr, pt-BR) of notifications and digests; en and fr are translated, others fall back to their language, then English',
          }),
        ),
        birthDate: t.Optional(
          t.Nullable(
            CalendarDate({
              description: 'Kept private; lets age-restricted videos play for those old enough',
            }),
          ),
        ),
        avatarMediaId: t.Optional(
          t.Nullable(
            t.String({
              format: 'uuid',
              description: 'An image of yours from POST /v1/media as the profile picture; null removes it',
            }),
          ),
        ),
        bannerMediaId: t.Optional(
          t.Nullable(
            t.String({
              format: 'uuid',
              description: 'An image of yours from POST /v1/media as the header image; null removes it',
            }),
          ),
        ),
      }),
      response: Profile,
      detail: {
        summary: "Edit the signed-in account's profile and privacy",
        responses: problemResponses(401, 422),
      },
    })
    .get(
      '/users/:username/followers',
      ({ params, query, viewer }) =>
        graph.list(viewer?.userId ?? null, params.username, 'followers', query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        viewer: true,
        publicCache: true,
        params: Username,
        query: PageQuery,
        response: pageOf(Summary),
        detail: {
          summary: 'Who follows this account, newest first',
          responses: problemResponses(403, 404, 422),
        },
      },
    )
    .get(
      '/users/:username/following',
      ({ params, query, viewer }) =>
        graph.list(viewer?.userId ?? null, params.username, 'following', query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        viewer: true,
        publicCache: true,
        params: Username,
        query: PageQuery,
        response: pageOf(Summary),
        detail: {
          summary: 'Whom this account follows, newest first',
          responses: problemResponses(403, 404, 422),
        },
      },
    )
    .post(
      '/users/:username/follow',
      async ({ params, principal }) => ({ state: await graph.follow(principal.userId, params.username) }),
      {
        permission: 'social:write',
        rateLimit: 'users.follow',
        params: Username,
        response: FollowState,
        detail: {
          summary: 'Follow (a private account gets a request: state "requested")',
          responses: problemResponses(401, 404, 409, 422),
        },
      },
    )
    .delete(
      '/users/:username/follow',
      async ({ params, principal }) => ({ state: await graph.unfollow(principal.userId, params.username) }),
      {
        permission: 'social:write',
        rateLimit: 'users.follow',
        params: Username,
        response: FollowState,
        detail: { summary: 'Unfollow, or withdraw a follow request', responses: problemResponses(401, 404) },
      },
    )
    .get(
      '/follow-requests',
      ({ principal, query }) => graph.incomingRequests(principal.userId, query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: PageQuery,
        response: pageOf(t.Object({ id: t.String(), account: Summary, createdAt: t.String() })),
        detail: {
          summary: 'Follow requests waiting for the signed-in account',
          responses: problemResponses(401, 422),
        },
      },
    )
    .post(
      '/follow-requests/:id/accept',
      async ({ params, principal, set }) => {
        await graph.answerRequest(principal.userId, params.id, true)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.follow',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        detail: {
          summary: 'Accept a follow request',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404) },
        },
      },
    )
    .post(
      '/follow-requests/:id/reject',
      async ({ params, principal, set }) => {
        await graph.answerRequest(principal.userId, params.id, false)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.follow',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        detail: {
          summary: 'Reject a follow request',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404) },
        },
      },
    )
    .post(
      '/users/:username/block',
      async ({ params, principal, set }) => {
        await graph.block(principal.userId, params.username)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.block',
        params: Username,
        detail: {
          summary: 'Block: removes follows both ways; neither sees the other',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .delete(
      '/users/:username/block',
      async ({ params, principal, set }) => {
        await graph.unblock(principal.userId, params.username)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.block',
        params: Username,
        detail: { summary: 'Unblock', responses: { 204: NO_CONTENT, ...problemResponses(401, 404) } },
      },
    )
    .post(
      '/users/:username/mute',
      async ({ params, principal, body, set }) => {
        const until = body?.durationSeconds ? new Date(Date.now() + body.durationSeconds * 1000) : null
        await graph.mute(principal.userId, params.username, until)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.block',
        params: Username,
        body: t.Optional(
          t.Object({
            durationSeconds: t.Optional(
              Integer({ minimum: 60, maximum: 366 * 86_400, description: 'Omit to mute until lifted' }),
            ),
          }),
        ),
        detail: {
          summary: 'Mute, for a time or until lifted',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .delete(
      '/users/:username/mute',
      async ({ params, principal, set }) => {
        await graph.unmute(principal.userId, params.username)
        set.status = 204
      },
      {
        permission: 'social:write',
        rateLimit: 'users.block',
        params: Username,
        detail: { summary: 'Unmute', responses: { 204: NO_CONTENT, ...problemResponses(401, 404) } },
      },
    )
    .get(
      '/blocks',
      ({ principal, query }) => graph.blocks(principal.userId, query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: PageQuery,
        response: pageOf(t.Object({ account: Summary, since: t.String() })),
        detail: { summary: 'Accounts the signed-in account blocks', responses: problemResponses(401, 422) },
      },
    )
    .get('/mutes', ({ principal, query }) => graph.mutes(principal.userId, query.limit ?? 20, query.cursor), {
      rateLimit: 'api.reads',
      permission: 'account:read',
      query: PageQuery,
      response: pageOf(t.Object({ account: Summary, since: t.String(), expiresAt: t.Nullable(t.String()) })),
      detail: {
        summary: 'Accounts the signed-in account mutes (expired mutes are gone)',
        responses: problemResponses(401, 422),
      },
    })
}
