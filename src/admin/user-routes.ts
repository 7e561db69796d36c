import { Elysia, t } from 'elysia'
import type { Kysely } from 'kysely'
import type { AuthServices } from '../auth/module.ts'
import { ACCOUNT_ROLES } from '../auth/permissions.ts'
import { PublicUserSchema } from '../auth/routes.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import type { accessControl } from '../platform/http/access.ts'
import { DateTime } from '../platform/http/dates.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { Limit } from '../platform/rate-limit.ts'
import { type AccountChange, changeAccount } from './users.ts'

const Reason = t.String({ minLength: 1, maxLength: 500 })

const ChangeSchema = t.Object({
  // Not t.UnionEnum: Elysia 1.4 fills an optional UnionEnum with its first value when absent.
  role: t.Optional(t.Union(ACCOUNT_ROLES.map((r) => t.Literal(r)))),
  suspend: t.Optional(t.Object({ reason: Reason, until: DateTime() })),
  ban: t.Optional(t.Object({ reason: Reason })),
  restore: t.Optional(t.Boolean({ description: 'true to lift a suspension or ban' })),
})

/** The body names exactly one change. */
function oneChange(body: typeof ChangeSchema.static): AccountChange {
  const given = Object.entries(body).filter(([k, v]) => v !== undefined && (k !== 'restore' || v === true))
  if (given.length !== 1) {
    const message = 'give exactly one of role, suspend, ban, restore'
    throw new HttpError(problems.validation, `body: ${message}`, { errors: [{ field: 'body', message }] })
  }
  return Object.fromEntries(given) as AccountChange
}

/** Per-administrator limit of account changes (RATE_LIMITS may change it). */
export const adminRateLimits = {
  'admin.users': { limit: 600, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** PATCH /v1/admin/users/{id}: role, suspension, ban, restore. */
export function adminUserRoutes(deps: {
  db: Kysely<DB>
  auth: AuthServices
  access: ReturnType<typeof accessControl>
  rateLimits: RateLimitPlugin<keyof typeof adminRateLimits>
}) {
  return new Elysia({ name: 'admin-user-routes', detail: { tags: ['admin'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .patch(
      '/admin/users/:id',
      ({ params, body, principal }) => changeAccount(deps, principal.userId, params.id, oneChange(body)),
      {
        permission: 'admin:users',
        rateLimit: 'admin.users',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        body: ChangeSchema,
        response: t.Composite([
          PublicUserSchema,
          t.Object({
            status: t.String(),
            statusReason: t.Nullable(t.String()),
            suspendedUntil: t.Nullable(DateTime()),
          }),
        ]),
        detail: {
          summary: 'Change an account: exactly one of role, suspend (reason, until), ban (reason) or restore',
          description:
            "Takes effect on every node within seconds: the account's access tokens are refused from then on.",
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
}
