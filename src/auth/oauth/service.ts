import type { KV } from '@nats-io/kv'
import { generateCodeVerifier, generateState, OAuth2RequestError } from 'arctic'
import type { Kysely } from 'kysely'
import type { Config } from '../../platform/config.ts'
import { pgCode } from '../../platform/db/connect.ts'
import type { DB } from '../../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { Logger } from '../../platform/logger.ts'
import { enqueueMail } from '../../platform/mail/mail-queue.ts'
import { mails } from '../mails.ts'
import { confirmPassword } from '../passwords.ts'
import { authProblems } from '../problems.ts'
import { findUserById, findUserByLogin, insertUser } from '../queries.ts'
import { opaqueToken } from '../secrets.ts'
import { blockOf, type ClientMeta, type SessionService, type TokenPair } from '../sessions.ts'
import type { TwoFactorChallenge, TwoFactorService } from '../two-factor.ts'
import { usernameProblem } from '../usernames.ts'
import { type ExternalIdentity, IdentityRejected, type Provider, type ProviderName } from './providers.ts'

export const OAUTH_BUCKET = 'oauth'
/** How long a started sign-in and an exchange code live (the bucket's TTL). */
export const OAUTH_TTL_MS = 10 * 60_000

export const oauthProblems = {
  notConfigured: defineProblem(503, 'oauth_not_configured', 'This sign-in provider is not configured'),
  invalidState: defineProblem(
    401,
    'oauth_invalid_state',
    'The sign-in could not be matched to one we started',
  ),
  rejected: defineProblem(401, 'oauth_rejected', 'The provider did not confirm who you are'),
  accountExists: defineProblem(
    409,
    'account_exists',
    'An account with this e-mail exists: sign in with it and link the provider from there',
  ),
  identityInUse: defineProblem(409, 'identity_in_use', 'This provider account is linked to another account'),
  lastMethod: defineProblem(409, 'last_sign_in_method', 'This is the only way to sign in to the account'),
  emailRequired: defineProblem(422, 'email_required', 'The provider did not share an e-mail address'),
  badReturnTo: defineProblem(422, 'invalid_return_to', 'returnTo must be on an allowed origin'),
  unavailable: defineProblem(502, 'oauth_provider_unavailable', 'The sign-in provider could not be reached'),
}

/** States and exchange codes are ours (base64url); anything else is not looked up at all. */
const OUR_TOKEN = /^[A-Za-z0-9_-]{16,128}$/

interface PendingSignIn {
  provider: ProviderName
  codeVerifier: string
  nonce: string
  mode: 'login' | 'link'
  userId?: string
  returnTo?: string
}

export type CallbackResult =
  | {
      kind: 'session'
      tokens: TokenPair | TwoFactorChallenge
      userId: string
      created: boolean
      returnTo?: undefined
    }
  | { kind: 'exchange'; code: string; returnTo: string }
  | { kind: 'linked'; provider: ProviderName; returnTo?: string }

/**
 * Social sign-in: OAuth 2.0 / OpenID Connect with state, PKCE and nonce. The state lives on the
 * server (NATS KV, ten minutes, used once) and in a cookie of the browser that started, so a
 * forged or replayed callback matches nothing. A new person gets a new account; an existing
 * account is linked only when the provider vouches for the same, verified address, or when its
 * owner links the provider while signed in.
 */
export class OAuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly providers: Map<ProviderName, Provider>,
    private readonly kv: KV,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  async start(
    name: ProviderName,
    opts: { mode: 'login' | 'link'; userId?: string; returnTo?: string; password?: string },
  ): Promise<{ url: string; state: string }> {
    const provider = this.provider(name)
    if (opts.mode === 'link') {
      const user = await this.db
        .selectFrom('users')
        .select('passwordHash')
        .where('id', '=', opts.userId!)
        .executeTakeFirst()
      if (!user || !(await confirmPassword(user.passwordHash, opts.password))) {
        throw new HttpError(authProblems.wrongPassword, 'Linking a provider needs your password')
      }
    }
    if (opts.returnTo !== undefined) this.checkReturnTo(opts.returnTo)
    const state = generateState()
    const pending: PendingSignIn = {
      provider: name,
      codeVerifier: generateCodeVerifier(),
      nonce: generateState(),
      mode: opts.mode,
      userId: opts.userId,
      returnTo: opts.returnTo,
    }
    const url = await provider
      .authorizationUrl({ state, codeVerifier: pending.codeVerifier, nonce: pending.nonce })
      .catch((error) => {
        throw this.unreachable(name, error)
      })
    await this.kv.put(`state.${state}`, JSON.stringify(pending))
    return { url: url.toString(), state }
  }

  async callback(
    name: ProviderName,
    params: { code?: string; state?: string; error?: string },
    cookieState: string | undefined,
    meta: ClientMeta,
  ): Promise<CallbackResult> {
    const provider = this.provider(name)
    if (!params.state || !OUR_TOKEN.test(params.state) || cookieState !== params.state) {
      throw new HttpError(oauthProblems.invalidState, "The state does not match this browser's sign-in")
    }
    const pending = await this.take<PendingSignIn>(`state.${params.state}`)
    if (!pending || pending.provider !== name) {
      throw new HttpError(
        oauthProblems.invalidState,
        'This sign-in was already used, has expired or never started',
      )
    }
    if (params.error || !params.code) {
      throw new HttpError(oauthProblems.rejected, `The provider answered: ${params.error ?? 'no code'}`)
    }
    let identity: ExternalIdentity
    try {
      identity = await provider.identify({
        code: params.code,
        codeVerifier: pending.codeVerifier,
        nonce: pending.nonce,
      })
    } catch (error) {
      if (error instanceof IdentityRejected || error instanceof OAuth2RequestError) {
        this.log.warn({ provider: name, err: error }, 'social sign-in refused')
        throw new HttpError(oauthProblems.rejected, (error as Error).message)
      }
      throw this.unreachable(name, error)
    }
    if (pending.mode === 'link') {
      await this.link(pending.userId!, name, identity)
      return { kind: 'linked', provider: name, returnTo: pending.returnTo }
    }
    const { userId, created } = await this.accountFor(name, identity)
    if (pending.returnTo) {
      const code = opaqueToken()
      await this.kv.put(`exchange.${code}`, JSON.stringify({ userId }))
      return { kind: 'exchange', code, returnTo: pending.returnTo }
    }
    return { kind: 'session', tokens: await this.openSession(userId, meta), userId, created }
  }

  /** Trades the one-time code a browser brought back for a session. */
  async exchange(code: string, meta: ClientMeta): Promise<TokenPair | TwoFactorChallenge> {
    const entry = OUR_TOKEN.test(code) ? await this.take<{ userId: string }>(`exchange.${code}`) : undefined
    if (!entry) throw new HttpError(oauthProblems.invalidState, 'This code was already used or has expired')
    return this.openSession(entry.userId, meta)
  }

  identities(userId: string) {
    return this.db
      .selectFrom('userIdentities')
      .select(['provider', 'email', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute()
  }

  async unlink(userId: string, name: ProviderName): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select('passwordHash')
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirst()
      const linked = await trx
        .selectFrom('userIdentities')
        .select('provider')
        .where('userId', '=', userId)
        .execute()
      if (!linked.some((l) => l.provider === name))
        throw new HttpError(problems.notFound, `No ${name} account is linked`)
      if (!user?.passwordHash && linked.length === 1) throw new HttpError(oauthProblems.lastMethod)
      await trx
        .deleteFrom('userIdentities')
        .where('userId', '=', userId)
        .where('provider', '=', name)
        .execute()
    })
  }

  private provider(name: ProviderName): Provider {
    const provider = this.providers.get(name)
    if (!provider) {
      const prefix = `OAUTH_${name.toUpperCase()}`
      throw new HttpError(
        oauthProblems.notConfigured,
        `Set ${prefix}_CLIENT_ID and its secret to sign in with ${name}`,
      )
    }
    return provider
  }

  private checkReturnTo(returnTo: string): void {
    let origin: string
    try {
      origin = new URL(returnTo).origin
    } catch {
      throw new HttpError(oauthProblems.badReturnTo)
    }
    const allowed = new Set([
      new URL(this.config.publicUrl).origin,
      ...this.config.http.corsOrigins.filter((o) => o !== '*'),
    ])
    if (!allowed.has(origin))
      throw new HttpError(oauthProblems.badReturnTo, `${origin} is not an allowed origin`)
  }

  /** Reads and deletes a KV entry in one step: a second reader finds nothing. */
  private async take<T>(key: string): Promise<T | undefined> {
    const entry = await this.kv.get(key)
    if (entry?.operation !== 'PUT') return undefined
    try {
      await this.kv.delete(key, { previousSeq: entry.revision })
    } catch {
      return undefined // someone else took it first
    }
    return entry.json<T>()
  }

  /** Signs in as the account, through its second factor when it has one (a provider is one factor). */
  private async openSession(userId: string, meta: ClientMeta): Promise<TokenPair | TwoFactorChallenge> {
    return this.db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, userId)
      if (!user) throw new HttpError(oauthProblems.rejected, 'The account no longer exists')
      const blocked = blockOf(user)
      if (blocked) throw blocked
      if (user.totpEnabledAt) return this.twoFactor.challenge(user.id)
      return this.sessions.open(trx, user, meta)
    })
  }

  private unreachable(name: ProviderName, error: unknown): HttpError {
    if (error instanceof HttpError) return error
    this.log.warn({ provider: name, err: error }, 'sign-in provider unreachable')
    return new HttpError(oauthProblems.unavailable, `${name} could not be reached; try again later`)
  }

  private async link(userId: string, name: ProviderName, identity: ExternalIdentity): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('userIdentities')
          .values({ provider: name, subject: identity.subject, userId, email: identity.email })
          .execute()
        const owner = await trx
          .selectFrom('users')
          .select('email')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
        await enqueueMail(trx, 'provider_linked', { to: owner.email, ...mails.providerLinked(name) })
      })
    } catch (error) {
      if (pgCode(error) !== '23505') throw error
      const owner = await this.db
        .selectFrom('userIdentities')
        .select('userId')
        .where('provider', '=', name)
        .where('subject', '=', identity.subject)
        .executeTakeFirst()
      if (owner?.userId === userId) return
      throw new HttpError(oauthProblems.identityInUse)
    }
  }

  private async accountFor(
    name: ProviderName,
    identity: ExternalIdentity,
  ): Promise<{ userId: string; created: boolean }> {
    const known = await this.db
      .selectFrom('userIdentities')
      .select('userId')
      .where('provider', '=', name)
      .where('subject', '=', identity.subject)
      .executeTakeFirst()
    if (known) return { userId: known.userId, created: false }
    if (!identity.email) throw new HttpError(oauthProblems.emailRequired)
    const existing = await findUserByLogin(this.db, identity.email)
    if (existing) {
      // Both sides must vouch for the address: the provider, and our own verification (otherwise
      // whoever registered the address here without owning it would share the account).
      if (!identity.emailVerified || !existing.emailVerifiedAt)
        throw new HttpError(oauthProblems.accountExists)
      await this.link(existing.id, name, identity)
      return { userId: existing.id, created: false }
    }
    const userId = await this.createAccount(name, identity)
    return { userId, created: true }
  }

  private async createAccount(name: ProviderName, identity: ExternalIdentity): Promise<string> {
    const base = usernameBase(identity)
    for (let attempt = 0; attempt < 6; attempt++) {
      const username = attempt === 0 ? base : `${base.slice(0, 24)}_${Math.floor(Math.random() * 10_000)}`
      const id = newId()
      try {
        await this.db.transaction().execute(async (trx) => {
          await insertUser(
            trx,
            {
              id,
              username,
              email: identity.email!,
              passwordHash: null,
              emailVerifiedAt: identity.emailVerified ? new Date() : null,
            },
            { provider: name },
          )
          await trx
            .insertInto('userIdentities')
            .values({ provider: name, subject: identity.subject, userId: id, email: identity.email })
            .execute()
        })
        return id
      } catch (error) {
        const constraint = (error as { constraint_name?: string }).constraint_name ?? ''
        if (pgCode(error) === '23505' && constraint.includes('username')) continue
        if (pgCode(error) === '23505' && constraint.includes('email'))
          throw new HttpError(oauthProblems.accountExists)
        throw error
      }
    }
    throw new HttpError(problems.conflict, 'Could not choose a free username; try again')
  }
}

/** A username from the provider's e-mail or name, within our rules. */
function usernameBase(identity: ExternalIdentity): string {
  const raw = (identity.email?.split('@')[0] ?? identity.name ?? 'user').replace(/[^A-Za-z0-9_]/g, '_')
  let name = raw.replace(/^[^A-Za-z]+/, '').slice(0, 24)
  if (name.length < 3) name = `user_${name}`.slice(0, 24)
  return usernameProblem(name) ? `user_${Math.floor(Math.random() * 1_000_000)}` : name
}
