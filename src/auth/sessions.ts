import type { Kysely, Transaction } from 'kysely'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { Config } from '../platform/config.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { requestScope } from '../platform/logger.ts'
import type { AccessTokens } from './access-tokens.ts'
import { blockedError } from './authenticator.ts'
import { rememberDevice } from './known-clients.ts'
import { authProblems } from './problems.ts'
import { activeSessions, findUserById, revokeUserSessions, securityEvent, type UserRow } from './queries.ts'
import type { Revocations } from './revocations.ts'
import { opaqueToken, tokenHash } from './secrets.ts'

const DAY_MS = 86_400_000

export interface TokenPair {
  tokenType: 'Bearer'
  accessToken: string
  /** Seconds the access token lives. */
  expiresIn: number
  refreshToken: string
  sessionId: string
  /**
   * Handed out at sign-in (not at refresh): presented at the next sign-in, it lets the client in
   * while strangers' failed attempts have paused the account name (known-clients.ts).
   */
  deviceToken?: string
}

export interface ClientMeta {
  ip?: string
  userAgent?: string
  /** The device token an earlier sign-in handed this client, when it sends one. */
  deviceToken?: string
}

/** Who is asking, as far as a session records it: the client address and user agent. */
export function clientMeta(request: Request): ClientMeta {
  return {
    ip: requestScope.getStore()?.clientAddress?.(),
    userAgent: request.headers.get('user-agent') ?? undefined,
  }
}

/**
 * Sessions and their tokens. Each session is a family of refresh tokens: every refresh uses one
 * token and hands out the next; a token presented a second time means it was copied, so the
 * whole session is revoked (OAuth 2.0 Security BCP, refresh token rotation).
 */
export class SessionService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly tokens: AccessTokens,
    private readonly revocations: Revocations,
    private readonly auth: Config['auth'],
  ) {}

  /** Opens a session for a user who proved who they are, inside the caller's transaction. */
  async open(trx: Transaction<DB>, user: { id: string; role: string }, meta: ClientMeta): Promise<TokenPair> {
    const sessionId = newId()
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        userId: user.id,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
        expiresAt: new Date(Date.now() + this.auth.sessionTtlDays * DAY_MS),
      })
      .execute()
    const deviceToken = await rememberDevice(trx, user.id, meta, this.auth.knownClientDays)
    // A device never seen, on an account that signed in before: a security notice (push, SMS).
    if (deviceToken !== meta.deviceToken) {
      const before = await trx
        .selectFrom('sessions')
        .select('id')
        .where('userId', '=', user.id)
        .where('id', '<>', sessionId)
        .limit(1)
        .executeTakeFirst()
      if (before) await appendEvents(trx, [securityEvent(user.id, 'new_sign_in')])
    }
    return { ...(await this.pair(trx, user, sessionId)), deviceToken }
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = tokenHash(refreshToken)
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('refreshTokens as t')
        .innerJoin('sessions as s', 's.id', 't.sessionId')
        .select([
          't.usedAt',
          't.expiresAt',
          's.id as sessionId',
          's.userId',
          's.revokedAt',
          's.expiresAt as sessionExpiresAt',
        ])
        .where('t.tokenHash', '=', hash)
        .forUpdate()
        .executeTakeFirst()
      if (!row) return { error: new HttpError(authProblems.refreshInvalid) }
      if (row.usedAt) {
        // Replayed: whoever holds the newer token and whoever replayed this one lose the session.
        if (!row.revokedAt) {
          await trx
            .updateTable('sessions')
            .set({ revokedAt: new Date(), revokedReason: 'refresh_token_reused' })
            .where('id', '=', row.sessionId)
            .execute()
        }
        return {
          revoke: row.sessionId,
          error: new HttpError(
            authProblems.refreshReused,
            'This refresh token was already used; the session is signed out',
          ),
        }
      }
      const now = new Date()
      if (row.revokedAt || row.expiresAt <= now || row.sessionExpiresAt <= now) {
        return { error: new HttpError(authProblems.refreshInvalid, 'The session has ended; sign in again') }
      }
      const user = await findUserById(trx, row.userId)
      if (!user) return { error: new HttpError(authProblems.refreshInvalid) }
      const blocked = blockOf(user)
      if (blocked) return { error: blocked }
      await trx.updateTable('refreshTokens').set({ usedAt: now }).where('tokenHash', '=', hash).execute()
      await trx.updateTable('sessions').set({ lastUsedAt: now }).where('id', '=', row.sessionId).execute()
      return { pair: await this.pair(trx, user, row.sessionId) }
    })
    if (outcome.revoke) await this.revocations.revokeSessions([outcome.revoke])
    if (outcome.error) throw outcome.error
    return outcome.pair!
  }

  async revoke(userId: string, sessionId: string, reason: string): Promise<void> {
    const rows = await this.db
      .updateTable('sessions')
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where('id', '=', sessionId)
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .returning('id')
      .execute()
    if (rows.length === 0) throw new HttpError(problems.notFound, 'No such active session')
    await this.revocations.revokeSessions([sessionId])
  }

  /** Revokes every session of a user but `except`; call after the transaction that decided it. */
  async revokeAll(userId: string, reason: string, except?: string): Promise<number> {
    const ids = await revokeUserSessions(this.db, userId, reason, except)
    await this.revocations.revokeSessions(ids)
    return ids.length
  }

  list(userId: string) {
    return activeSessions(this.db, userId)
  }

  private async pair(
    trx: Transaction<DB>,
    user: { id: string; role: string },
    sessionId: string,
  ): Promise<TokenPair> {
    const refreshToken = opaqueToken()
    await trx
      .insertInto('refreshTokens')
      .values({
        tokenHash: tokenHash(refreshToken),
        sessionId,
        expiresAt: new Date(Date.now() + this.auth.refreshTokenTtlDays * DAY_MS),
      })
      .execute()
    const accessToken = await this.tokens.issue({ userId: user.id, sessionId, role: user.role })
    return { tokenType: 'Bearer', accessToken, expiresIn: this.tokens.ttlSeconds, refreshToken, sessionId }
  }
}

/** The problem a suspended or banned account gets, or undefined when it may sign in. */
export function blockOf(user: UserRow): HttpError | undefined {
  if (user.status === 'banned')
    return blockedError({ status: 'banned', reason: user.statusReason, until: null })
  if (user.status === 'suspended' && (!user.suspendedUntil || user.suspendedUntil > new Date())) {
    return blockedError({
      status: 'suspended',
      reason: user.statusReason,
      until: user.suspendedUntil?.toISOString() ?? null,
    })
  }
  return undefined
}
