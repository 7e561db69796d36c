import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../platform/errors.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { PostSchema } from '../posts/routes.ts'
import { lit } from './channel-routes.ts'
import type { NotificationService } from './notifications.ts'
import type { NotificationTypes } from './registry.ts'

const Actor = t.Object({
  id: t.String(),
  username: t.String(),
  displayName: t.Nullable(t.String()),
  isPrivate: t.Boolean(),
})

/**
 * The schemas that name notification types: built from the registry once every module has
 * registered its own (routes are made after all modules are built), so that a type another
 * system adds is listed, filtered and documented like the built-in ones.
 */
function schemasOf(types: NotificationTypes) {
  const names = types.names() as [string, ...string[]]
  const Type = lit(
    names,
    'A type of the notification type registry (GET /v1/notifications/preferences lists them)',
  )
  const Notification = t.Object({
    id: t.String(),
    type: Type,
    createdAt: t.String(),
    read: t.Boolean(),
    actor: t.Nullable(Actor, { description: 'null when the platform speaks (moderation)' }),
    moderationActionId: t.Nullable(
      t.String({ description: 'For type moderation: the action whose statement of reasons to read' }),
    ),
    reportId: t.Nullable(t.String({ description: 'For type moderation: your report that was decided' })),
    copyrightClaimId: t.Nullable(
      t.String({
        description:
          'For type copyright: the claim made, disputed or decided (GET /v1/copyright/claims/{id})',
      }),
    ),
    post: t.Nullable(PostSchema),
    stream: t.Nullable(
      t.Object(
        { id: t.String(), title: t.String() },
        { description: 'The live stream a live_started notification is about (GET /v1/live/streams/{id})' },
      ),
    ),
  })
  const Group = t.Object({
    key: t.String({ description: 'What the group is about, e.g. like:<post id> or follow' }),
    type: Type,
    count: Integer({ description: 'Notifications in the group' }),
    latestAt: t.String(),
    unread: t.Boolean({ description: 'Whether any notification of the group is unread' }),
    actors: t.Array(Actor, { description: 'The latest three actors' }),
    post: t.Nullable(PostSchema),
  })
  const ListQuery = t.Composite([
    PageQuery,
    t.Object({
      types: t.Optional(t.String({ description: `Comma-separated: ${names.join(', ')}`, maxLength: 200 })),
    }),
  ])
  /** The `types` query: registered types only (422 naming the others). */
  const parseTypes = (query: string | undefined): string[] | undefined => {
    if (!query) return undefined
    const list = query.split(',').map((s) => s.trim())
    const unknown = list.filter((x) => !types.has(x))
    if (unknown.length)
      throw new HttpError(problems.validation, `query.types: unknown type ${unknown.join(', ')}`, {
        errors: [{ field: 'query.types', message: `one or more of ${names.join(', ')}` }],
      })
    return list
  }
  return { Notification, Group, ListQuery, parseTypes }
}

/** Per-user limit of marking notifications read (RATE_LIMITS may change it). */
export const notificationRateLimits = {
  ...readRateLimits,
  'notifications.read': { limit: 1000, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** In-app notifications: list, groups, unread count, marking read. Also pushed live over the gateway. */
export function notificationRoutes(deps: {
  notifications: NotificationService
  types: NotificationTypes
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof notificationRateLimits>
}) {
  const { notifications } = deps
  const { Notification, Group, ListQuery, parseTypes } = schemasOf(deps.types)
  return new Elysia({ name: 'notification-routes', detail: { tags: ['notifications'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/notifications',
      ({ query, principal }) =>
        notifications.list(principal.userId, parseTypes(query.types), query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: ListQuery,
        response: pageOf(Notification),
        detail: {
          summary: "The signed-in account's notifications, newest first",
          description:
            'Follows, follow requests, likes, reposts, replies, mentions, quotes, and the types other ' +
            'systems register (moderation, copyright...). Nobody blocked either ' +
            'way or muted appears, nor posts the account can no longer see. New ones are also pushed to ' +
            'the account\'s gateway connections as `{"op":"event","channel":"user:<id>","type":"notification"}`.',
          responses: problemResponses(401, 422),
        },
      },
    )
    .get(
      '/notifications/groups',
      ({ query, principal }) =>
        notifications.groups(principal.userId, parseTypes(query.types), query.limit ?? 20, query.cursor),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        query: ListQuery,
        response: pageOf(Group),
        detail: {
          summary: 'Notifications grouped by what they are about ("12 people liked your post")',
          description:
            'Newest group first, over the last 30 days; computed from the notifications, not stored.',
          responses: problemResponses(401, 422),
        },
      },
    )
    .get(
      '/notifications/unread-count',
      async ({ principal }) => ({ count: await notifications.unreadCount(principal.userId) }),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        response: t.Object({ count: Integer() }),
        detail: { summary: 'How many notifications are unread', responses: problemResponses(401) },
      },
    )
    .post(
      '/notifications/read',
      async ({ body, principal }) => ({ unreadCount: await notifications.markRead(principal.userId, body) }),
      {
        permission: 'account:manage',
        rateLimit: 'notifications.read',
        body: t.Object({
          ids: t.Optional(t.Array(t.String({ format: 'uuid' }), { maxItems: 500 })),
          all: t.Optional(t.Boolean()),
        }),
        response: t.Object({ unreadCount: Integer() }),
        detail: {
          summary: 'Marks notifications read: some by id, or all',
          description:
            'The account\'s other connections get `{"op":"event","type":"notifications.read","data":{"unreadCount":n}}`.',
          responses: problemResponses(401, 422),
        },
      },
    )
}
