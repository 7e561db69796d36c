import type { Kysely } from 'kysely'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { DB } from '../platform/db/schema.ts'
import { findUserById } from './queries.ts'
import type { Revocations } from './revocations.ts'
import type { SessionService } from './sessions.ts'

const ACCOUNT_EVENTS = new Set(['user.suspended', 'user.banned', 'user.restored', 'user.role_changed'])

/**
 * The worker's side of account changes (suspensions, bans, restorations, roles): the node that
 * made the change writes the revocation list at once, after its commit; if it died in between,
 * this handler of the change's domain event writes it from the account as it is now in the
 * database (so an old event replayed late cannot undo a newer change). Idempotent.
 */
export function accountStateSync(deps: {
  db: Kysely<DB>
  revocations: Revocations
  sessions: SessionService
}) {
  return async (event: DomainEvent): Promise<void> => {
    if (!ACCOUNT_EVENTS.has(event.type)) return
    const user = await findUserById(deps.db, event.subject.id)
    if (!user) return
    const { revocations } = deps
    if (user.status === 'banned') {
      await revocations.blockUser(user.id, { status: 'banned', reason: user.statusReason, until: null })
      await deps.sessions.revokeAll(user.id, 'banned')
    } else if (
      user.status === 'suspended' &&
      user.suspendedUntil &&
      user.suspendedUntil.getTime() > Date.now()
    ) {
      await revocations.blockUser(user.id, {
        status: 'suspended',
        reason: user.statusReason,
        until: user.suspendedUntil.toISOString(),
      })
    } else {
      await revocations.unblockUser(user.id)
    }
    await revocations.changeRole(user.id, user.role)
  }
}
