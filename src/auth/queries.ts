import type { Insertable, Kysely, Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB, Users } from '../platform/db/schema.ts'

/** Plain query functions over the identity tables; `db` may be a transaction. */
type Db = Kysely<DB> | Transaction<DB>

export const USER_COLUMNS = [
  'id',
  'username',
  'email',
  'passwordHash',
  'emailVerifiedAt',
  'role',
  'status',
  'statusReason',
  'suspendedUntil',
  'totpEnabledAt',
  'createdAt',
] as const

export function findUserByLogin(db: Db, login: string) {
  const column = login.includes('@') ? 'email' : 'username'
  return db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where((eb) => eb(eb.fn('lower', [column]), '=', login.trim().toLowerCase()))
    .executeTakeFirst()
}

const userById = prepared((db, id: string) =>
  db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id),
)

/** The hot path of every signed-in request that needs the account (compiled once). */
export async function findUserById(db: Db, id: string) {
  return (await userById(db, id))[0]
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>

export function activeSessions(db: Db, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'userAgent', 'ip', 'createdAt', 'lastUsedAt', 'expiresAt'])
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', new Date())
    .orderBy('lastUsedAt', 'desc')
    .execute()
}

/** Revokes sessions of a user (all, or all but one) and returns their ids. */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<string[]> {
  let query = db
    .updateTable('sessions')
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId)
  const rows = await query.returning('id').execute()
  return rows.map((r) => r.id)
}

/**
 * Makes an account, and its `user.registered` event, in the caller's transaction (a sign-up
 * confirmed, or a first social sign-in; `how` says which in the event).
 */
export async function insertUser(
  trx: Transaction<DB>,
  user: Insertable<Users> & { id: string; username: string },
  how: Record<string, string> = {},
): Promise<void> {
  await trx.insertInto('users').values(user).execute()
  await appendEvents(trx, [
    domainEvent({
      type: 'user.registered',
      actorId: user.id,
      subject: { kind: 'user', id: user.id },
      data: { username: user.username, ...how },
    }),
  ])
}

/**
 * A change to how the account is secured (`change`: password_changed, password_reset,
 * two_factor_enabled, two_factor_disabled), or a sign-in from a device never seen (`new_sign_in`): the notifications module sends the security notice (push, SMS).
 */
export function securityEvent(userId: string, change: string) {
  return domainEvent({
    type: 'account.security_changed',
    actorId: userId,
    subject: { kind: 'user', id: userId },
    data: { change },
  })
}
