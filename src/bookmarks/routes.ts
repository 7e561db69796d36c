import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { PostSchema } from '../posts/routes.ts'
import type { BookmarkService } from './bookmarks.ts'

const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const Name = t.String({ minLength: 1, maxLength: 60 })
const Collection = t.Object({ id: t.String(), name: t.String() })

/** Per-user limit of bookmark changes (RATE_LIMITS may change it). */
export const bookmarkRateLimits = {
  ...readRateLimits,
  'bookmarks.write': { limit: 1000, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** Bookmarks and their collections, private to the signed-in account. */
export function bookmarkRoutes(deps: {
  bookmarks: BookmarkService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof bookmarkRateLimits>
}) {
  const { bookmarks } = deps
  return new Elysia({ name: 'bookmark-routes', detail: { tags: ['bookmarks'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/posts/:id/bookmark',
      async ({ params, principal, body, set }) => {
        await bookmarks.add(principal.userId, params.id, body?.collectionId ?? null)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'bookmarks.write',
        params: Id,
        body: t.Optional(t.Object({ collectionId: t.Optional(t.Nullable(t.String({ format: 'uuid' }))) })),
        detail: {
          summary: 'Bookmark a post (again: move it to another collection)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 422) },
        },
      },
    )
    .delete(
      '/posts/:id/bookmark',
      async ({ params, principal, set }) => {
        await bookmarks.remove(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'bookmarks.write',
        params: Id,
        detail: { summary: 'Remove a bookmark', responses: { 204: NO_CONTENT, ...problemResponses(401) } },
      },
    )
    .get(
      '/bookmarks',
      ({ principal, query }) =>
        bookmarks.list(principal.userId, query.collectionId, query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: t.Composite([PageQuery, t.Object({ collectionId: t.Optional(t.String({ format: 'uuid' })) })]),
        response: pageOf(PostSchema),
        detail: {
          summary: 'Bookmarked posts, newest bookmark first (optionally one collection)',
          responses: problemResponses(401, 404, 422),
        },
      },
    )
    .get('/bookmark-collections', ({ principal }) => bookmarks.collections(principal.userId), {
      rateLimit: 'api.reads',
      permission: 'account:read',
      response: t.Object({
        items: t.Array(
          t.Object({ id: t.String(), name: t.String(), bookmarks: Integer(), createdAt: t.String() }),
        ),
        nextCursor: t.Null(),
      }),
      detail: { summary: 'Bookmark collections, by name', responses: problemResponses(401) },
    })
    .post(
      '/bookmark-collections',
      async ({ principal, body, set }) => {
        set.status = 201
        return bookmarks.createCollection(principal.userId, body.name)
      },
      {
        permission: 'account:manage',
        rateLimit: 'bookmarks.write',
        body: t.Object({ name: Name }),
        response: { 201: Collection },
        detail: { summary: 'Create a collection', responses: problemResponses(401, 409, 422) },
      },
    )
    .patch(
      '/bookmark-collections/:id',
      ({ principal, params, body }) => bookmarks.renameCollection(principal.userId, params.id, body.name),
      {
        permission: 'account:manage',
        rateLimit: 'bookmarks.write',
        params: Id,
        body: t.Object({ name: Name }),
        response: Collection,
        detail: { summary: 'Rename a collection', responses: problemResponses(401, 404, 409, 422) },
      },
    )
    .delete(
      '/bookmark-collections/:id',
      async ({ principal, params, set }) => {
        await bookmarks.deleteCollection(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'bookmarks.write',
        params: Id,
        detail: {
          summary: 'Delete a collection (its bookmarks stay, outside any collection)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404) },
        },
      },
    )
}
