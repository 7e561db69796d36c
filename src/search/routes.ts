import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { readRateLimits } from '../platform/rate-limit.ts'
import { AccountSchema, PostSchema } from '../posts/routes.ts'
import type { SearchService } from './search.ts'

const Tag = t.Object({ tag: t.String(), posts: Integer({ description: 'Published public posts using it' }) })

/** GET /v1/search?q=&type=posts|users|tags */
export function searchRoutes(deps: {
  search: SearchService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof readRateLimits>
}) {
  const { search } = deps
  return new Elysia({ name: 'search-routes', detail: { tags: ['search'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/search',
      ({ query, viewer }) => {
        const who = viewer?.userId ?? null
        const limit = query.limit ?? 20
        if (query.type === 'users') return search.users(who, query.q, limit, query.cursor)
        if (query.type === 'tags') return search.tags(who, query.q, limit, query.cursor)
        return search.posts(who, query.q, limit, query.cursor)
      },
      {
        viewer: true,
        rateLimit: 'api.reads',
        query: t.Composite([
          PageQuery,
          t.Object({
            q: t.String({
              minLength: 1,
              maxLength: 200,
              description: 'Words (posts: "quoted phrases", -excluded, or); a prefix for users and tags',
            }),
            type: t.Optional(
              t.Union([t.Literal('posts'), t.Literal('users'), t.Literal('tags')], { default: 'posts' }),
            ),
          }),
        ]),
        response: t.Object({
          items: t.Union([t.Array(PostSchema), t.Array(AccountSchema), t.Array(Tag)]),
          nextCursor: t.Nullable(t.String()),
        }),
        detail: {
          summary:
            'Search posts (full text, by relevance), accounts (by name prefix) or hashtags (by prefix)',
          description:
            'Only what the viewer may see: visibility, private accounts and blocks apply. Posts match in ' +
            'their language (stemmed: "run" finds "running" in English posts; word for word when the ' +
            'language is unknown). Tags: `posts` is the number of public posts using the tag; a tag is ' +
            'listed only when the viewer may see a post using it.',
          responses: problemResponses(422),
        },
      },
    )
}
