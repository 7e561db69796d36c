import type { Kysely } from 'kysely'
import { publicUser } from '../auth/accounts.ts'
import type { AuthServices } from '../auth/module.ts'
import { findUserById } from '../auth/queries.ts'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'

export const adminProblems = {
  ownAccount: defineProblem(409, 'own_account', 'Administrators cannot change their own role or standing'),
}

export type AccountChange =
  | { role: 'user' | 'creator' | 'moderator' | 'admin' | 'rightsholder' }
  | { suspend: { reason: string; until: string } }
  | { ban: { reason: string } }
  | { restore: true }

/**
 * What an administrator may do to an account: change its role, suspend it until a time, ban it,
 * restore it. The change is in the database and the outbox at once, then reaches every node's
 * revocation list: the account's access tokens are refused within a second or so.
 */
export async function changeAccount(
  deps: { db: Kysely<DB>; auth: AuthServices },
  actorId: string,
  userId: string,
  change: AccountChange,
) {
  if (actorId === userId) throw new HttpError(adminProblems.ownAccount)
  const now = new Date()
  const { user, type } = await deps.db.transaction().execute(async (trx) => {
    // Locked, so that two administrators acting at once take turns.
    const locked = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst()
    if (!locked) throw new HttpError(problems.notFound, 'No such account')
    let type: string
    if ('role' in change) {
      await trx
        .updateTable('users')
        .set({ role: change.role, updatedAt: now })
        .where('id', '=', userId)
        .execute()
      type = 'user.role_changed'
    } else if ('suspend' in change) {
      const until = dateTimeField('body.suspend.until', change.suspend.until)
      if (!(until > now)) {
        throw new HttpError(problems.validation, 'body.suspend.until: must be in the future', {
          errors: [{ field: 'body.suspend.until', message: 'must be in the future' }],
        })
      }
      await trx
        .updateTable('users')
        .set({
          status: 'suspended',
          statusReason: change.suspend.reason,
          suspendedUntil: until,
          updatedAt: now,
        })
        .where('id', '=', userId)
        .execute()
      type = 'user.suspended'
    } else if ('ban' in change) {
      await trx
        .updateTable('users')
        .set({ status: 'banned', statusReason: change.ban.reason, suspendedUntil: null, updatedAt: now })
        .where('id', '=', userId)
        .execute()
      type = 'user.banned'
    } else {
      await trx
        .updateTable('users')
        .set({ status: 'active', statusReason: null, suspendedUntil: null, updatedAt: now })
        .where('id', '=', userId)
        .execute()
      type = 'user.restored'
    }
    await appendEvents(trx, [
      domainEvent({
        type,
        actorId,
        subject: { kind: 'user', id: userId },
        data: change as Record<string, unknown>,
      }),
    ])
    return { user: (await findUserById(trx, userId))!, type }
  })
  const { revocations } = deps.auth
  if (type === 'user.role_changed') await revocations.changeRole(userId, user.role)
  if (type === 'user.suspended') {
    await revocations.blockUser(userId, {
      status: 'suspended',
      reason: user.statusReason,
      until: user.suspendedUntil!.toISOString(),
    })
  }
  if (type === 'user.banned') {
    await revocations.blockUser(userId, { status: 'banned', reason: user.statusReason, until: null })
    await deps.auth.sessions.revokeAll(userId, 'banned')
  }
  if (type === 'user.restored') await revocations.unblockUser(userId)
  return {
    ...publicUser(user),
    status: user.status,
    statusReason: user.statusReason,
    suspendedUntil: user.suspendedUntil?.toISOString() ?? null,
  }
}
