import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer, QueryInteger } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { readRateLimits } from '../platform/rate-limit.ts'
import { PostSchema } from '../posts/routes.ts'
import type { HomeTimeline } from './home.ts'
import { TimelineItemSchema } from './items.ts'
import { SponsoredSchema, type Sponsors } from './sponsored.ts'
import type { TimelineService } from './timelines.ts'
import type { TrendingService } from './trending.ts'

/** Timelines: home, public, by hashtag, by account. */
export function feedRoutes(deps: {
  timelines: TimelineService
  home: HomeTimeline
  trending: TrendingService
  sponsors: Sponsors
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof readRateLimits>
}) {
  const { timelines, home, trending } = deps
  const Top = t.Object({ limit: t.Optional(QueryInteger({ minimum: 1, maximum: 50, default: 20 })) })
  const Page = pageOf(PostSchema)
  const ItemPage = t.Composite([
    pageOf(TimelineItemSchema),
    t.Object({
      sponsored: t.Optional(
        t.Array(SponsoredSchema, {
          description: `Ads to show among the items (one every ADS_FEED_EVERY posts)`,
        }),
      ),
    }),
  ])
  /** A page with the ads its sponsor gives (none: no `sponsored`). */
  const sponsored = async <P extends { items: unknown[] }>(
    page: P,
    timeline: 'home' | 'profile',
    viewer: string | null,
    headers: Headers,
    profile?: string,
  ) => {
    const ads = await deps.sponsors.fill({ timeline, profile, viewer, headers, items: page.items.length })
    return ads.length ? { ...page, sponsored: ads } : page
  }
  return new Elysia({ name: 'feed-routes', detail: { tags: ['timelines'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/timelines/home',
      async ({ query, principal, request }) =>
        sponsored(
          await home.read(principal.userId, query.limit ?? 20, query.cursor),
          'home',
          principal.userId,
          request.headers,
        ),
      {
        permission: 'account:read',
        rateLimit: 'api.reads',
        query: PageQuery,
        response: ItemPage,
        detail: {
          summary:
            "The signed-in account's home timeline: its own posts and those of the accounts it follows",
          description:
            'Newest first, never missing a post: pushed rows and pulled posts (large accounts) merged. ' +
            'Reposts by the accounts followed appear at the time of the repost, with `repostedBy` and ' +
            '`repostedAt`, once per post: not when the post is in the timeline in its own right (its ' +
            'author is followed), only the earliest repost among the accounts followed, not from muted ' +
            'accounts; undoing a repost takes it out. The post itself is shown only to whoever may see it.',
          responses: problemResponses(401, 422),
        },
      },
    )
    .get('/trending/tags', ({ query, viewer }) => trending.tags(viewer?.userId ?? null, query.limit ?? 20), {
      viewer: true,
      publicCache: true,
      rateLimit: 'api.reads',
      query: Top,
      response: t.Object({
        items: t.Array(t.Object({ tag: t.String(), score: t.Number(), authors: Integer() })),
        nextCursor: t.Null({ description: 'A top list: one page' }),
      }),
      detail: {
        summary: 'Hashtags trending over the last 48 hours (time-decayed, one vote per author)',
        responses: problemResponses(422),
      },
    })
    .get(
      '/trending/posts',
      ({ query, viewer }) => trending.posts(viewer?.userId ?? null, query.limit ?? 20),
      {
        viewer: true,
        publicCache: true,
        rateLimit: 'api.reads',
        query: Top,
        response: t.Object({ items: t.Array(PostSchema), nextCursor: t.Null() }),
        detail: {
          summary: 'Posts trending over the last 48 hours (likes, reposts, replies, quotes, time-decayed)',
          description:
            'Ranked by the interactions of the last 48 hours, each decayed (6-hour half-life) by when it ' +
            'happened, not by the age of the post: an old post shared now can trend.',
          responses: problemResponses(422),
        },
      },
    )
    .get(
      '/timelines/public',
      ({ query, viewer }) => timelines.public(viewer?.userId ?? null, query.limit ?? 20, query.cursor),
      {
        viewer: true,
        publicCache: true,
        rateLimit: 'api.reads',
        query: PageQuery,
        response: Page,
        detail: {
          summary: 'Every public post, newest first (without accounts the viewer blocks or mutes)',
          responses: problemResponses(422),
        },
      },
    )
    .get(
      '/tags/:tag/posts',
      ({ params, query, viewer }) =>
        timelines.byTag(viewer?.userId ?? null, params.tag, query.limit ?? 20, query.cursor),
      {
        viewer: true,
        publicCache: true,
        rateLimit: 'api.reads',
        params: t.Object({ tag: t.String({ minLength: 1, maxLength: 50 }) }),
        query: PageQuery,
        response: Page,
        detail: { summary: 'Posts with a hashtag, newest first', responses: problemResponses(422) },
      },
    )
    .get(
      '/users/:username/posts',
      async ({ params, query, viewer, request }) =>
        sponsored(
          await timelines.byUser(
            viewer?.userId ?? null,
            params.username,
            {
              withReplies: query.withReplies ?? false,
              mediaOnly: query.mediaOnly ?? false,
              withReposts: query.withReposts ?? true,
            },
            query.limit ?? 20,
            query.cursor,
          ),
          'profile',
          viewer?.userId ?? null,
          request.headers,
          params.username,
        ),
      {
        viewer: true,
        rateLimit: 'api.reads',
        params: t.Object({ username: t.String({ minLength: 1, maxLength: 30 }) }),
        query: t.Composite([
          PageQuery,
          t.Object({
            withReplies: t.Optional(t.BooleanString()),
            mediaOnly: t.Optional(t.BooleanString()),
            withReposts: t.Optional(t.BooleanString({ description: 'Include its reposts (default true)' })),
          }),
        ]),
        response: ItemPage,
        detail: {
          summary:
            "An account's posts and reposts, newest first (?withReplies=true; ?mediaOnly=true for posts with images; ?withReposts=false)",
          description:
            'A repost appears at the time of the repost with `repostedBy` and `repostedAt`, when the viewer ' +
            "may see the post and the account's activity (a private account's reposts are for its followers).",
          responses: problemResponses(404, 422),
        },
      },
    )
}
