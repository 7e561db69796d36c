import { randomBytes } from 'node:crypto'
import type { KV } from '@nats-io/kv'
import type { Kysely, Transaction } from 'kysely'
import { Secret, TOTP } from 'otpauth'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError } from '../platform/errors.ts'
import { enqueueMail } from '../platform/mail/mail-queue.ts'
import type { RateLimiter } from '../platform/rate-limit.ts'
import { type LoginTickets, TICKET_TTL_SECONDS } from './access-tokens.ts'
import { mails } from './mails.ts'
import { confirmPassword, verifyPassword } from './passwords.ts'
import { authProblems, tooManyAttempts } from './problems.ts'
import { findUserById, securityEvent } from './queries.ts'
import { LOGIN_FAILURES, secondFactorFailureKey } from './rate-limits.ts'
import { tokenHash } from './secrets.ts'
import { blockOf, type ClientMeta, type SessionService, type TokenPair } from './sessions.ts'

export const twoFactorProblems = {
  alreadyEnabled: defineProblem(409, 'two_factor_enabled', 'Two-factor sign-in is already on'),
  notSetUp: defineProblem(409, 'two_factor_not_set_up', 'Start with POST /v1/auth/2fa/setup'),
  notEnabled: defineProblem(409, 'two_factor_disabled', 'Two-factor sign-in is not on'),
  invalidCode: defineProblem(401, 'invalid_code', 'The code is wrong or was already used'),
  invalidTicket: defineProblem(401, 'invalid_ticket', 'The sign-in ticket is not valid or has expired'),
}

const ISSUER = 'SocialFlow'
const PERIOD = 30
const RECOVERY_CODES = 10

export interface TwoFactorChallenge {
  twoFactorRequired: true
  ticket: string
  expiresIn: number
}

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  })
}

/** `abcd-efgh-jk`: 50 bits, unambiguous letters and digits. */
function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(10)
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('')
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`
}

function normaliseRecovery(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/**
 * Two-factor sign-in with TOTP (RFC 6238). It is on only once a first code from the
 * authenticator app was accepted; ten single-use recovery codes are shown once and stored hashed;
 * a code is never accepted twice; turning it off needs the password and a code. Wrong codes count
 * as failed sign-ins of the account.
 */
export class TwoFactorService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sessions: SessionService,
    private readonly tickets: LoginTickets,
    private readonly limiter: RateLimiter,
    /** Tickets that opened a session (short-lived sign-in state in NATS KV). */
    private readonly usedTickets: KV,
  ) {}

  async challenge(userId: string): Promise<TwoFactorChallenge> {
    return {
      twoFactorRequired: true,
      ticket: await this.tickets.issue(userId),
      expiresIn: TICKET_TTL_SECONDS,
    }
  }

  async setup(userId: string, password: string | undefined): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await findUserById(this.db, userId)
    if (!user) throw new HttpError(authProblems.tokenInvalid)
    if (user.totpEnabledAt) throw new HttpError(twoFactorProblems.alreadyEnabled)
    // An account with a password confirms it (one from social sign-in alone has none to give).
    if (user.passwordHash && !password)
      throw fieldError('body.password', 'give your password to set up two-factor')
    if (!(await confirmPassword(user.passwordHash, password))) throw new HttpError(authProblems.wrongPassword)
    const secret = new Secret({ size: 20 }).base32
    await this.db
      .updateTable('users')
      .set({ totpSecret: secret, totpLastStep: null })
      .where('id', '=', userId)
      .execute()
    return { secret, otpauthUrl: totp(secret, user.username).toString() }
  }

  async enable(userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.secretOf(trx, userId)
      if (row.totpEnabledAt) throw new HttpError(twoFactorProblems.alreadyEnabled)
      if (!row.totpSecret) throw new HttpError(twoFactorProblems.notSetUp)
      if (!(await this.acceptTotp(trx, userId, row.totpSecret, row.username, row.totpLastStep, code))) {
        throw new HttpError(twoFactorProblems.invalidCode)
      }
      await trx.updateTable('users').set({ totpEnabledAt: new Date() }).where('id', '=', userId).execute()
      const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode)
      await trx.deleteFrom('recoveryCodes').where('userId', '=', userId).execute()
      const owner = (await findUserById(trx, userId))!
      await enqueueMail(trx, 'two_factor_enabled', { to: owner.email, ...mails.twoFactorEnabled() })
      await appendEvents(trx, [securityEvent(userId, 'two_factor_enabled')])
      await trx
        .insertInto('recoveryCodes')
        .values(codes.map((c) => ({ userId, codeHash: tokenHash(normaliseRecovery(c)) })))
        .execute()
      return { recoveryCodes: codes }
    })
  }

  async disable(userId: string, password: string, code: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.secretOf(trx, userId)
      if (!row.totpEnabledAt) throw new HttpError(twoFactorProblems.notEnabled)
      if (!row.passwordHash || !(await verifyPassword(password, row.passwordHash))) {
        throw new HttpError(authProblems.wrongPassword)
      }
      if (!(await this.acceptCode(trx, row, code))) throw new HttpError(twoFactorProblems.invalidCode)
      await trx
        .updateTable('users')
        .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
        .where('id', '=', userId)
        .execute()
      await trx.deleteFrom('recoveryCodes').where('userId', '=', userId).execute()
      await appendEvents(trx, [securityEvent(userId, 'two_factor_disabled')])
    })
  }

  /**
   * The second step of a sign-in: the ticket from the first, and a TOTP or recovery code. Wrong
   * codes spend the account's sign-in budget (spent before checking, so concurrent guesses cannot
   * all pass); a ticket opens one session only.
   */
  async completeLogin(ticket: string, code: string, meta: ClientMeta): Promise<TokenPair> {
    const claims = await this.tickets.verify(ticket)
    if (!claims) throw new HttpError(twoFactorProblems.invalidTicket)
    const { userId, ticketId } = claims
    const failureKey = secondFactorFailureKey(userId)
    const attempt = await this.limiter.take(failureKey, LOGIN_FAILURES)
    if (!attempt.allowed) throw tooManyAttempts(attempt.retryAfterMs)
    const pair = await this.db.transaction().execute(async (trx) => {
      const row = await this.secretOf(trx, userId)
      if (!row.totpEnabledAt || !(await this.acceptCode(trx, row, code))) return null
      const user = (await findUserById(trx, userId))!
      const blocked = blockOf(user)
      if (blocked) throw blocked
      try {
        await this.usedTickets.create(`ticket.${ticketId}`, '1')
      } catch {
        throw new HttpError(twoFactorProblems.invalidTicket, 'This sign-in ticket was already used')
      }
      return this.sessions.open(trx, user, meta)
    })
    if (!pair) throw new HttpError(twoFactorProblems.invalidCode)
    await this.limiter.reset(failureKey)
    return pair
  }

  private async secretOf(trx: Transaction<DB>, userId: string) {
    const row = await trx
      .selectFrom('users')
      .select(['id', 'username', 'passwordHash', 'totpSecret', 'totpEnabledAt', 'totpLastStep'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new HttpError(authProblems.tokenInvalid)
    return row
  }

  private async acceptCode(
    trx: Transaction<DB>,
    row: { id: string; username: string; totpSecret: string | null; totpLastStep: string | null },
    code: string,
  ): Promise<boolean> {
    if (/^\d{6}$/.test(code.trim())) {
      return (
        row.totpSecret !== null &&
        this.acceptTotp(trx, row.id, row.totpSecret, row.username, row.totpLastStep, code)
      )
    }
    const used = await trx
      .updateTable('recoveryCodes')
      .set({ usedAt: new Date() })
      .where('codeHash', '=', tokenHash(normaliseRecovery(code)))
      .where('userId', '=', row.id)
      .where('usedAt', 'is', null)
      .returning('userId')
      .executeTakeFirst()
    return used !== undefined
  }

  /** Accepts a code of the current step (or one either side, for clock drift) once only. */
  private async acceptTotp(
    trx: Transaction<DB>,
    userId: string,
    secret: string,
    label: string,
    lastStep: string | null,
    code: string,
  ): Promise<boolean> {
    const generator = totp(secret, label)
    const delta = generator.validate({ token: code.trim(), window: 1 })
    if (delta === null) return false
    const step = generator.counter() + delta
    if (lastStep !== null && step <= Number(lastStep)) return false
    await trx
      .updateTable('users')
      .set({ totpLastStep: String(step) })
      .where('id', '=', userId)
      .execute()
    return true
  }
}
