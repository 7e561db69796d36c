import { Elysia, t } from 'elysia'
import { HttpError, problems } from '../platform/errors.ts'
import type { accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery, pageOf } from '../platform/http/pagination.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import { PostSchema } from '../posts/routes.ts'
import { NOTIFICATION_TYPES, type NotificationService, type NotificationType } from './notifications.ts'

const Type = t.Union([
  t.Literal('follow'),
  t.Literal('follow_request'),
  t.Literal('like'),
  t.Literal('repost'),
  t.Literal('reply'),
  t.Literal('mention'),
  t.Literal('quote'),
  t.Literal('live_started'),
  t.Literal('moderation'),
  t.Literal('post'),
  t.Literal('security'),
  t.Literal('copyright'),
]) satisfies { static: NotificationType }
const Actor = t.Object({
  id: t.String(),
  username: t.String(),
  displayName: t.Nullable(t.String()),
  isPrivate: t.Boolean(),
})
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
      description: 'For type copyright: the claim made, disputed or decided (GET /v1/copyright/claims/{id})',
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
    types: t.Optional(
      t.String({ description: `Comma-separated: ${NOTIFICATION_TYPES.join(', ')}`, maxLength: 200 }),
    ),
  }),
])

function parseTypes(types: string | undefined): NotificationType[] | undefined {
  if (!types) return undefined
  const list = types.split(',').map((s) => s.trim())
  const unknown = list.filter((x) => !(NOTIFICATION_TYPES as readonly string[]).includes(x))
  if (unknown.length)
    throw new HttpError(problems.validation, `query.types: unknown type ${unknown.join(', ')}`, {
      errors: [{ field: 'query.types', message: `one or more of ${NOTIFICATION_TYPES.join(', ')}` }],
    })
  return list as NotificationType[]
}

/** Per-user limit of marking notifications read (RATE_LIMITS may change it). */
export const notificationRateLimits = {
  ...readRateLimits,
  'notifications.read': { limit: 1000, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** In-app notifications: list, groups, unread count, marking read. Also pushed live over the gateway. */
export function notificationRoutes(deps: {
  notifications: NotificationService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof notificationRateLimits>
}) {
  const { notifications } = deps
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
            'Follows, follow requests, likes, reposts, replies, mentions and quotes. Nobody blocked either ' +
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
