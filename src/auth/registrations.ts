import type { Kysely } from 'kysely'
import type { Config } from '../platform/config.ts'
import { pgCode } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import { enqueueMail } from '../platform/mail/mail-queue.ts'
import { type PublicUser, publicUser } from './accounts.ts'
import { mails } from './mails.ts'
import { hashPassword, passwordProblem } from './passwords.ts'
import { authProblems } from './problems.ts'
import { findUserById, findUserByLogin, insertUser } from './queries.ts'
import { opaqueToken, tokenHash } from './secrets.ts'
import type { ClientMeta, SessionService, TokenPair } from './sessions.ts'
import { usernameProblem } from './usernames.ts'

const CONFIRM_TTL_MS = 48 * 3600_000

/**
 * Sign-up in two steps, so that its answer never says whether an e-mail address has an account
 * (OWASP, account enumeration). `start` answers the same, in about the same time, for a new
 * address and a taken one, and mails afterwards: a new address gets a link that makes the account
 * and signs in (`confirm`); the owner of a taken one is told someone tried to sign up with it. No
 * account and no username is held until the link is used, so nothing else tells them apart
 * either. A taken username is said at once: usernames are public.
 */
export class RegistrationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sessions: SessionService,
    private readonly config: Config,
    private readonly log: Logger,
    /** Keeps work that outlives its request in sight of the drain. */
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  async start(input: { username: string; email: string; password: string }): Promise<void> {
    const email = input.email.trim()
    const fieldErrors = []
    const nameProblem = usernameProblem(input.username)
    if (nameProblem) fieldErrors.push({ field: 'body.username', message: nameProblem })
    const pwProblem = await passwordProblem(input.password, [
      input.username,
      email,
      email.split('@')[0] ?? '',
    ])
    if (pwProblem) fieldErrors.push({ field: 'body.password', message: pwProblem })
    if (fieldErrors.length > 0) {
      throw new HttpError(problems.validation, `${fieldErrors[0]!.field}: ${fieldErrors[0]!.message}`, {
        errors: fieldErrors,
      })
    }
    if (await findUserByLogin(this.db, input.username)) throw new HttpError(authProblems.usernameTaken)
    // Hashed whichever way it goes, so that the answer takes as long for a taken address.
    const passwordHash = await hashPassword(input.password, {
      memoryKib: this.config.auth.passwordMemoryKib,
      timeCost: this.config.auth.passwordTimeCost,
    })
    const work = this.db.transaction().execute(async (trx) => {
      const owner = await findUserByLogin(trx, email)
      if (owner) {
        await enqueueMail(trx, 'signup_address_taken', {
          to: owner.email,
          ...mails.signupAddressTaken(this.config.publicUrl),
        })
        return
      }
      await trx.deleteFrom('pendingRegistrations').where('expiresAt', '<=', new Date()).execute()
      const token = opaqueToken()
      await trx
        .insertInto('pendingRegistrations')
        .values({
          tokenHash: tokenHash(token),
          username: input.username,
          email,
          passwordHash,
          expiresAt: new Date(Date.now() + CONFIRM_TTL_MS),
        })
        .execute()
      await enqueueMail(trx, 'signup_confirm', {
        to: email,
        ...mails.confirmSignup(this.config.publicUrl, token),
      })
    })
    this.track(work.catch((error) => this.log.error({ err: error }, 'sign-up failed after its answer')))
  }

  /**
   * Makes the account from a mailed link (once), its address verified, and signs in. Whoever
   * holds the link holds the mailbox, so a taken address may be said here.
   */
  async confirm(token: string, meta: ClientMeta): Promise<{ user: PublicUser; tokens: TokenPair }> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const pending = await trx
          .deleteFrom('pendingRegistrations')
          .where('tokenHash', '=', tokenHash(token))
          .where('expiresAt', '>', new Date())
          .returningAll()
          .executeTakeFirst()
        if (!pending) throw new HttpError(authProblems.tokenUsedOrExpired)
        const id = newId()
        await insertUser(trx, {
          id,
          username: pending.username,
          email: pending.email,
          passwordHash: pending.passwordHash,
          emailVerifiedAt: new Date(),
        })
        const user = (await findUserById(trx, id))!
        return { user: publicUser(user), tokens: await this.sessions.open(trx, user, meta) }
      })
    } catch (error) {
      if (pgCode(error) === '23505') {
        // Taken since the link was mailed: by another sign-up of the same person, or of the name.
        const constraint = (error as { constraint_name?: string }).constraint_name ?? ''
        throw constraint.includes('email')
          ? new HttpError(authProblems.emailTaken)
          : new HttpError(authProblems.usernameTaken)
      }
      throw error
    }
  }
}
