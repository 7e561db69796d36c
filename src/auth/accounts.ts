import type { Kysely, Transaction } from 'kysely'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { Config } from '../platform/config.ts'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import type { Logger } from '../platform/logger.ts'
import { enqueueMail } from '../platform/mail/mail-queue.ts'
import type { RateLimiter } from '../platform/rate-limit.ts'
import { knownClient } from './known-clients.ts'
import { mails } from './mails.ts'
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { authProblems, tooManyAttempts } from './problems.ts'
import { findUserById, findUserByLogin, securityEvent, type UserRow } from './queries.ts'
import { knownClientFailureKey, LOGIN_FAILURES, loginFailureKey } from './rate-limits.ts'
import { opaqueToken, tokenHash } from './secrets.ts'
import { blockOf, type ClientMeta, type SessionService, type TokenPair } from './sessions.ts'
import type { TwoFactorChallenge, TwoFactorService } from './two-factor.ts'
import { normaliseEmail } from './usernames.ts'

const VERIFY_TTL_MS = 48 * 3600_000
const RESET_TTL_MS = 3600_000
/** The owner hears that sign-in is paused at most once in this time, however often it is. */
const LOCK_NOTICE_INTERVAL_MS = 86_400_000

export interface PublicUser {
  id: string
  username: string
  email: string
  emailVerified: boolean
  role: string
  createdAt: string
}

export function publicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
  }
}

/**
 * Accounts (sign-up is registrations.ts): password login (the same answer and about the same time whether or not
 * the account exists; slower and slower after failures, with a mail to the owner when locked),
 * e-mail verification and password recovery through single-use hashed tokens.
 */
export class AccountService {
  private decoy: Promise<string> | undefined

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly limiter: RateLimiter,
    private readonly config: Config,
    private readonly log: Logger,
    /** Keeps work that outlives its request in sight of the drain. */
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  private get hashParams() {
    return { memoryKib: this.config.auth.passwordMemoryKib, timeCost: this.config.auth.passwordTimeCost }
  }

  /** A session, or (with two-factor on) the ticket for the second step. */
  async login(
    input: { login: string; password: string },
    meta: ClientMeta,
  ): Promise<TokenPair | TwoFactorChallenge> {
    const user = await findUserByLogin(this.db, input.login)
    // Failures by strangers count per name tried (rate-limits.ts says why). A client that signed in
    // to the account before has a budget of its own, so strangers cannot lock the owner out (OWASP:
    // device cookies). The attempt is spent before the password is checked, so concurrent guesses
    // cannot all slip through; a success gives that budget back.
    const known = await knownClient(this.db, user?.id, meta, this.knownClientPolicy)
    const failureKey = user && known ? knownClientFailureKey(user.id, known) : loginFailureKey(input.login)
    const attempt = await this.limiter.take(failureKey, LOGIN_FAILURES)
    if (!attempt.allowed) throw tooManyAttempts(attempt.retryAfterMs)
    // Verify against a decoy when there is no such account: same work, same time, same answer.
    const hash = user?.passwordHash ?? (await this.decoyHash())
    const matches = (await verifyPassword(input.password, hash)) && Boolean(user?.passwordHash)
    if (!matches || !user) {
      // The attempt that used up the budget, and only that one, tells the owner.
      if (user && attempt.remaining === 0) this.track(this.lockNotice(user))
      throw new HttpError(authProblems.invalidCredentials)
    }
    await this.limiter.reset(failureKey)
    const blocked = blockOf(user)
    if (blocked) throw blocked
    if (user.totpEnabledAt) return this.twoFactor.challenge(user.id)
    return this.db.transaction().execute((trx) => this.sessions.open(trx, user, meta))
  }

  private get knownClientPolicy() {
    return { days: this.config.auth.knownClientDays, trustAddresses: this.config.auth.trustKnownAddresses }
  }

  private decoyHash(): Promise<string> {
    if (!this.decoy) this.decoy = decoyHash(this.hashParams)
    return this.decoy
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await findUserById(this.db, userId)
    if (!user) throw new HttpError(problems.notFound, 'This account no longer exists')
    return publicUser(user)
  }

  async verifyEmail(token: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.consume(trx, token, 'email_verify')
      await trx
        .updateTable('users')
        .set({ emailVerifiedAt: new Date(), updatedAt: new Date() })
        .where('id', '=', row.userId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(row.email)))
        .execute()
    })
  }

  async resendVerification(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, userId)
      if (!user) throw new HttpError(problems.notFound)
      if (user.emailVerifiedAt) throw new HttpError(authProblems.alreadyVerified)
      await this.sendVerification(trx, user.id, user.email)
    })
  }

  /**
   * Answers at once and does the work afterwards, so the answer and its timing say nothing about
   * whether the address has an account.
   */
  forgotPassword(email: string): void {
    if (!email.includes('@')) return
    const work = this.db.transaction().execute(async (trx) => {
      const user = await findUserByLogin(trx, email)
      if (!user) return
      const token = await this.issueToken(trx, user.id, user.email, 'password_reset', RESET_TTL_MS)
      await enqueueMail(trx, 'password_reset', {
        to: user.email,
        ...mails.passwordReset(this.config.publicUrl, token),
      })
    })
    this.track(work.catch((error) => this.log.error({ err: error }, 'password reset request failed')))
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const userId = await this.db.transaction().execute(async (trx) => {
      const row = await this.consume(trx, token, 'password_reset')
      const user = (await findUserById(trx, row.userId))!
      const problem = await passwordProblem(password, [user.username, user.email])
      if (problem) throw fieldError('body.password', problem)
      await trx
        .updateTable('users')
        .set({
          passwordHash: await hashPassword(password, this.hashParams),
          // Following the link proved the mailbox.
          emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
          updatedAt: new Date(),
        })
        .where('id', '=', user.id)
        .execute()
      await enqueueMail(trx, 'password_changed', { to: user.email, ...mails.passwordChanged() })
      await appendEvents(trx, [securityEvent(user.id, 'password_reset')])
      return user.id
    })
    await this.sessions.revokeAll(userId, 'password_reset')
  }

  async changePassword(principal: { userId: string; sessionId: string }, current: string, next: string) {
    const user = await findUserById(this.db, principal.userId)
    if (!user?.passwordHash || !(await verifyPassword(current, user.passwordHash))) {
      throw new HttpError(authProblems.wrongPassword)
    }
    const problem = await passwordProblem(next, [user.username, user.email])
    if (problem) throw fieldError('body.newPassword', problem)
    const passwordHash = await hashPassword(next, this.hashParams)
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ passwordHash, updatedAt: new Date() })
        .where('id', '=', user.id)
        .execute()
      // A reset link mailed before the change would undo it.
      await cancelTokens(trx, user.id, 'password_reset')
      await enqueueMail(trx, 'password_changed', { to: user.email, ...mails.passwordChanged() })
      await appendEvents(trx, [securityEvent(user.id, 'password_changed')])
    })
    return this.sessions.revokeAll(user.id, 'password_changed', principal.sessionId)
  }

  private async sendVerification(trx: Transaction<DB>, userId: string, email: string) {
    const token = await this.issueToken(trx, userId, email, 'email_verify', VERIFY_TTL_MS)
    await enqueueMail(trx, 'email_verify', { to: email, ...mails.verifyEmail(this.config.publicUrl, token) })
  }

  private async issueToken(
    trx: Transaction<DB>,
    userId: string,
    email: string,
    purpose: 'email_verify' | 'password_reset',
    ttlMs: number,
  ): Promise<string> {
    // A new link replaces the older ones of the same purpose. Concurrent requests queue on the
    // account's row, or each would cancel only what had committed before it and all would stay valid.
    await lockUser(trx, userId)
    await cancelTokens(trx, userId, purpose)
    const token = opaqueToken()
    await trx
      .insertInto('accountTokens')
      .values({
        tokenHash: tokenHash(token),
        userId,
        email,
        purpose,
        expiresAt: new Date(Date.now() + ttlMs),
      })
      .execute()
    return token
  }

  /**
   * Spends a link, and with it every other outstanding link of its purpose for the account: links
   * that raced past `issueToken`, or were mailed before, die with the first one used.
   */
  private async consume(trx: Transaction<DB>, token: string, purpose: 'email_verify' | 'password_reset') {
    const owner = await trx
      .selectFrom('accountTokens')
      .select('userId')
      .where('tokenHash', '=', tokenHash(token))
      .executeTakeFirst()
    // Two links of one account used at once queue here, so the second finds itself cancelled.
    if (owner) await lockUser(trx, owner.userId)
    const row = await trx
      .updateTable('accountTokens')
      .set({ usedAt: new Date() })
      .where('tokenHash', '=', tokenHash(token))
      .where('purpose', '=', purpose)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', new Date())
      .returning(['userId', 'email'])
      .executeTakeFirst()
    if (!row) throw new HttpError(authProblems.tokenUsedOrExpired)
    await cancelTokens(trx, row.userId, purpose)
    return row
  }

  private async lockNotice(user: UserRow): Promise<void> {
    const until = new Date(Date.now() + LOGIN_FAILURES.windowMs / LOGIN_FAILURES.limit)
    this.log.warn({ userId: user.id, until: until.toISOString() }, 'sign-in paused after failed attempts')
    // Someone failing once every few minutes would otherwise mail the owner each time.
    await this.db.transaction().execute(async (trx) => {
      const now = new Date()
      const due = await trx
        .updateTable('users')
        .set({ lockNotifiedAt: now })
        .where('id', '=', user.id)
        .where((eb) =>
          eb.or([
            eb('lockNotifiedAt', 'is', null),
            eb('lockNotifiedAt', '<=', new Date(now.getTime() - LOCK_NOTICE_INTERVAL_MS)),
          ]),
        )
        .returning('id')
        .executeTakeFirst()
      if (due) await enqueueMail(trx, 'account_locked', { to: user.email, ...mails.accountLocked(until) })
    })
  }
}

/** Holds the account's row until the transaction ends: its mailed links change one at a time. */
async function lockUser(trx: Transaction<DB>, userId: string): Promise<void> {
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute()
}

/** Marks every outstanding link of `purpose` for the account used. */
async function cancelTokens(
  trx: Transaction<DB>,
  userId: string,
  purpose: 'email_verify' | 'password_reset',
): Promise<void> {
  await trx
    .updateTable('accountTokens')
    .set({ usedAt: new Date() })
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute()
}
