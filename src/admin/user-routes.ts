import { Elysia, t } from 'elysia'
import type { Kysely } from 'kysely'
import type { AuthModule } from '../auth/module.ts'
import { ROLES } from '../auth/permissions.ts'
import { PublicUserSchema } from '../auth/routes.ts'
import type { DB } from '../platform/db/schema.ts'
import type { accessControl } from '../platform/http/access.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import { changeAccount } from './users.ts'

const Reason = t.String({ minLength: 1, maxLength: 500 })

const ChangeSchema = t.Union([
  t.Object({ role: t.UnionEnum(ROLES) }, { additionalProperties: false }),
  t.Object(
    { suspend: t.Object({ reason: Reason, until: t.String({ format: 'date-time' }) }) },
    { additionalProperties: false },
  ),
  t.Object({ ban: t.Object({ reason: Reason }) }, { additionalProperties: false }),
  t.Object({ restore: t.Literal(true) }, { additionalProperties: false }),
])

/** PATCH /v1/admin/users/{id}: role, suspension, ban, restore. */
export function adminUserRoutes(deps: {
  db: Kysely<DB>
  auth: AuthModule
  access: ReturnType<typeof accessControl>
}) {
  return new Elysia({ name: 'admin-user-routes', detail: { tags: ['admin'] } })
    .use(deps.access)
    .patch(
      '/admin/users/:id',
      ({ params, body, principal }) => changeAccount(deps, principal.userId, params.id, body),
      {
        permission: 'admin:users',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        body: ChangeSchema,
        response: t.Composite([
          PublicUserSchema,
          t.Object({
            status: t.String(),
            statusReason: t.Nullable(t.String()),
            suspendedUntil: t.Nullable(t.String({ format: 'date-time' })),
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
