import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import { PostSchema } from '../posts/routes.ts'
import type { TimelineService } from './timelines.ts'

/** Timelines: public, by hashtag, by account. (The home timeline comes with fan-out.) */
export function feedRoutes(deps: { timelines: TimelineService; access: ReturnType<typeof accessControl> }) {
  const { timelines } = deps
  const Page = pageOf(PostSchema)
  return new Elysia({ name: 'feed-routes', detail: { tags: ['timelines'] } })
    .use(deps.access)
    .get(
      '/timelines/public',
      ({ query, viewer }) => timelines.public(viewer?.userId ?? null, query.limit ?? 20, query.cursor),
      {
        viewer: true,
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
        params: t.Object({ tag: t.String({ minLength: 1, maxLength: 50 }) }),
        query: PageQuery,
        response: Page,
        detail: { summary: 'Posts with a hashtag, newest first', responses: problemResponses(422) },
      },
    )
    .get(
      '/users/:username/posts',
      ({ params, query, viewer }) =>
        timelines.byUser(
          viewer?.userId ?? null,
          params.username,
          query.withReplies ?? false,
          query.limit ?? 20,
          query.cursor,
        ),
      {
        viewer: true,
        params: t.Object({ username: t.String({ minLength: 1, maxLength: 30 }) }),
        query: t.Composite([PageQuery, t.Object({ withReplies: t.Optional(t.BooleanString()) })]),
        response: Page,
        detail: {
          summary: "An account's posts, newest first (replies with ?withReplies=true)",
          responses: problemResponses(404, 422),
        },
      },
    )
}
