import type { KV } from '@nats-io/kv'
import type { Kysely } from 'kysely'
import type { Topology } from '../platform/bus/topology.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import type { Config, Secrets } from '../platform/config.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Lifecycle } from '../platform/lifecycle.ts'
import type { Logger } from '../platform/logger.ts'
import type { RateLimiter } from '../platform/rate-limit.ts'
import { AccessTokens, LoginTickets } from './access-tokens.ts'
import { AccountService } from './accounts.ts'
import { bearerAuthenticator } from './authenticator.ts'
import { configuredProviders } from './oauth/providers.ts'
import { OAUTH_BUCKET, OAUTH_TTL_MS, OAuthService } from './oauth/service.ts'
import { Revocations } from './revocations.ts'
import { SessionService } from './sessions.ts'
import { KeyRing } from './signing-keys.ts'
import { TwoFactorService } from './two-factor.ts'

export const REVOCATIONS_BUCKET = 'revocations'

/** Repairs the revocation list from account-change events (see account-sync.ts). */
export const ACCOUNT_SYNC_CONSUMER = domainEventConsumer('account_sync')

/** The JetStream state identity needs: the revocation list lives a little longer than a token. */
export function authTopology(config: Config): Topology {
  return {
    streams: [],
    consumers: [ACCOUNT_SYNC_CONSUMER],
    buckets: [
      { name: REVOCATIONS_BUCKET, ttlMs: config.auth.accessTokenTtlSeconds * 1000 + 5 * 60_000, history: 1 },
      { name: OAUTH_BUCKET, ttlMs: OAUTH_TTL_MS, history: 1 },
    ],
  }
}

export type AuthModule = ReturnType<typeof createAuth>

/** Builds the identity feature from the parts of the context it uses. */
export function createAuth(deps: {
  db: Kysely<DB>
  config: Config
  secrets: Secrets
  log: Logger
  limiter: RateLimiter
  revocationsKv: KV
  oauthKv: KV
  lifecycle: Lifecycle
}) {
  const { db, config, log } = deps
  const ttlMs = config.auth.accessTokenTtlSeconds * 1000
  const keys = new KeyRing(db, config.auth.signingKeyRotationHours * 3600_000, ttlMs)
  const tokens = new AccessTokens(keys, config.publicUrl, config.auth.accessTokenTtlSeconds)
  const revocations = new Revocations(deps.revocationsKv, ttlMs + 5 * 60_000, log)
  const sessions = new SessionService(db, tokens, revocations, config.auth)
  const twoFactor = new TwoFactorService(
    db,
    sessions,
    new LoginTickets(keys, config.publicUrl),
    deps.limiter,
    deps.oauthKv,
  )
  const accounts = new AccountService(db, sessions, twoFactor, deps.limiter, config, log, (work) =>
    deps.lifecycle.track(work),
  )
  const oauth = new OAuthService(
    db,
    configuredProviders(config, deps.secrets),
    deps.oauthKv,
    sessions,
    twoFactor,
    config,
    log,
  )
  return {
    oauth,
    keys,
    tokens,
    revocations,
    sessions,
    accounts,
    twoFactor,
    authenticator: bearerAuthenticator(tokens, revocations),
    async start() {
      await keys.load()
      await revocations.start()
    },
    stop: () => revocations.stop(),
  }
}
