import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { readRateLimits } from '../platform/rate-limit.ts'
import type { PresenceService } from './presence.ts'

export const PresenceSchema = t.Object({
  userId: t.String(),
  status: t.Union([t.Literal('online'), t.Literal('idle'), t.Literal('offline')]),
  lastSeenAt: t.Nullable(t.String({ description: 'When the account last came online or went offline' })),
})

/** Whether an account is online: `GET /users/{username}/presence`; live on the `presence:<id>` channel. */
export function presenceRoutes(deps: {
  presence: PresenceService
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof readRateLimits>
}) {
  const { presence } = deps
  return new Elysia({ name: 'presence-routes', detail: { tags: ['presence'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/users/:username/presence',
      ({ params, principal }) => presence.get(principal.userId, params.username),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        params: t.Object({ username: t.String({ minLength: 1, maxLength: 30 }) }),
        response: PresenceSchema,
        detail: {
          summary: 'Whether an account is online, idle or offline, and when it was last seen',
          description:
            "Over all of the account's connections on every gateway. Shown as the account's presenceVisibility " +
            'says (mutual followers by default); subscribe to `presence:<user id>` on the gateway for changes.',
          responses: problemResponses(401, 403, 404),
        },
      },
    )
}
