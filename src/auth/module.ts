import { EventConsumer } from '../platform/bus/consumer.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import { accessControl } from '../platform/http/access.ts'
import { defineModule, type ServicesOfModule } from '../platform/module.ts'
import { AccessTokens, LoginTickets } from './access-tokens.ts'
import { accountStateSync } from './account-sync.ts'
import { AccountService } from './accounts.ts'
import { bearerAuthenticator } from './authenticator.ts'
import { configuredProviders } from './oauth/providers.ts'
import { oauthRoutes } from './oauth/routes.ts'
import { OAUTH_BUCKET, OAUTH_TTL_MS, OAuthService } from './oauth/service.ts'
import { accountPages } from './pages.ts'
import { passwordChecker } from './passwords.ts'
import { authorize } from './permissions.ts'
import { authRateLimits } from './rate-limits.ts'
import { RegistrationService } from './registrations.ts'
import { Revocations } from './revocations.ts'
import { authRoutes } from './routes.ts'
import { SessionService } from './sessions.ts'
import { KeyRing } from './signing-keys.ts'
import { TwoFactorService } from './two-factor.ts'

export const REVOCATIONS_BUCKET = 'revocations'

/** Repairs the revocation list from account-change events (see account-sync.ts). */
const ACCOUNT_SYNC_CONSUMER = domainEventConsumer('account_sync')

/**
 * Identity: accounts, sessions and tokens, two-factor, social sign-in, roles. It gives every other
 * module `access` (the plugin that checks `{ permission }` on routes) and the gateway its token
 * check; every role watches the revocation list.
 */
export const authModule = defineModule({
  name: 'auth',
  needs: {},
  topology: (config) => ({
    consumers: [ACCOUNT_SYNC_CONSUMER],
    buckets: [
      // The revocation list lives a little longer than an access token.
      { name: REVOCATIONS_BUCKET, ttlMs: config.auth.accessTokenTtlSeconds * 1000 + 5 * 60_000, history: 1 },
      { name: OAUTH_BUCKET, ttlMs: OAUTH_TTL_MS, history: 1 },
    ],
  }),
  async build(platform) {
    const { db, bus, config, secrets, log, limiter, lifecycle, bucket } = platform
    const ttlMs = config.auth.accessTokenTtlSeconds * 1000
    const oauthKv = await bucket(OAUTH_BUCKET)
    const keys = new KeyRing(db, config.auth.signingKeyRotationHours * 3600_000, ttlMs)
    const tokens = new AccessTokens(keys, config.publicUrl, config.auth.accessTokenTtlSeconds)
    const revocations = new Revocations(await bucket(REVOCATIONS_BUCKET), ttlMs + 5 * 60_000, log, (since) =>
      db.selectFrom('sessions').select(['id', 'revokedAt']).where('revokedAt', '>', since).execute(),
    )
    const sessions = new SessionService(db, tokens, revocations, config.auth)
    const twoFactor = new TwoFactorService(
      db,
      sessions,
      new LoginTickets(keys, config.publicUrl),
      limiter,
      oauthKv,
    )
    const accounts = new AccountService(db, sessions, twoFactor, limiter, config, log, (work) =>
      lifecycle.track(work),
    )
    const registrations = new RegistrationService(db, sessions, config, log, (work) => lifecycle.track(work))
    const oauth = new OAuthService(
      db,
      configuredProviders(config, secrets),
      oauthKv,
      sessions,
      twoFactor,
      config,
      log,
    )
    const authenticator = bearerAuthenticator(tokens, revocations)
    const access = accessControl(authenticator, authorize, {
      publicCacheSeconds: config.http.publicCacheSeconds,
    })
    await keys.load()
    await revocations.start()
    // The API judges passwords: load zxcvbn's lists now rather than on the first sign-up.
    if (config.roles.has('api'))
      passwordChecker().catch((error) => log.error({ err: error }, 'password checks cannot load zxcvbn'))
    return {
      services: {
        keys,
        tokens,
        revocations,
        sessions,
        accounts,
        registrations,
        twoFactor,
        oauth,
        authenticator,
        authorize,
        access,
      },
      api: {
        pages: () => [accountPages()],
        routes: () => {
          const rateLimits = platform.rateLimits(authRateLimits, {
            byAddressToo: true,
            refuseWhenUnreachable: true,
          })
          return [
            authRoutes({ accounts, registrations, sessions, twoFactor, access, rateLimits }),
            oauthRoutes({ oauth, access, rateLimits }),
          ]
        },
      },
      gateway: { authenticator },
      worker: {
        accountSync: new EventConsumer(
          bus,
          ACCOUNT_SYNC_CONSUMER,
          accountStateSync({ db, revocations, sessions }),
          log,
        ),
      },
      close: () => revocations.stop(),
    }
  },
})

export type AuthServices = ServicesOfModule<typeof authModule>
