import { type Context, Elysia } from 'elysia'
import { HttpError, problems } from '../errors.ts'
import { requestScope } from '../logger.ts'

/**
 * Who is calling, as established by the identity feature from the request's credentials.
 * The platform only knows this shape; features never read tokens themselves.
 */
export interface Principal {
  userId: string
  sessionId: string
  role: string
}

/** Establishes the principal of a request; null when it carries no valid credentials. */
export interface Authenticator {
  authenticate(request: Request): Promise<Principal | null>
}

/**
 * For connections that present an access token in-band (the WebSocket gateway): the principal
 * and until when the token is good, or an HttpError whose problem code says why not
 * (`token_invalid`, `token_expired`, `session_revoked`, `account_suspended`, `account_banned`).
 */
export interface TokenAuthenticator {
  authenticateToken(token: string): Promise<Principal & { expiresAt: number }>
  /** Calls `listener` when a session is signed out or an account blocked; returns the unsubscribe. */
  onRevoked(listener: (change: { sessionId?: string; userId?: string }) => void): () => void
}

/** The one place that decides whether a principal holds a permission. */
export type Authorizer = (principal: Principal, permission: string) => boolean

/**
 * Routes declare what they need with `{ permission: 'posts:write' }`; this plugin authenticates,
 * checks the permission in one place and hands the route `principal`. Public routes that depend on
 * who is asking declare `{ viewer: true }` and get `viewer` (a principal, or null).
 */
export function accessControl(
  authenticator: Authenticator,
  authorize: Authorizer,
  opts: { publicCacheSeconds?: number } = {},
) {
  const publicCache = opts.publicCacheSeconds
    ? `public, max-age=${opts.publicCacheSeconds}, stale-while-revalidate=${opts.publicCacheSeconds}`
    : 'no-cache'
  return new Elysia({ name: 'access-control' }).macro({
    /** Public routes that answer more to a signed-in caller: `viewer` is the principal or null. */
    viewer: (enabled: boolean) => ({
      resolve: tokenUse('optional', async ({ request }: { request: Request }) => ({
        viewer: enabled ? await authenticator.authenticate(request) : null,
      })),
    }),
    /**
     * A `viewer` route whose anonymous answer is the same for everyone (a public profile, post or
     * timeline), as logged-out pages are served at scale: that answer may be kept by shared caches
     * (the balancer's micro-cache, a CDN) for PUBLIC_CACHE_SECONDS, and carries no RateLimit-*
     * headers (they are one client's). A signed-in answer is `private`. Both vary on Authorization,
     * carry an ETag, and a request whose If-None-Match names it gets 304. Errors are never cached.
     */
    publicCache: (enabled: boolean) => ({
      // `viewer` named, not a rest parameter: Elysia would read that as using the cookies, on every route.
      afterHandle: markPublicCache(({ set, viewer }: { set: Context['set']; viewer?: Principal | null }) => {
        if (!enabled) return
        const scope = requestScope.getStore()
        if (scope) scope.conditional = true
        set.headers.vary = 'Authorization'
        if (viewer) {
          set.headers['cache-control'] = 'private, no-cache'
          return
        }
        set.headers['cache-control'] = publicCache
        delete set.headers['ratelimit-limit']
        delete set.headers['ratelimit-remaining']
        delete set.headers['ratelimit-reset']
      }),
    }),
    permission: (permission: string) => ({
      resolve: tokenUse('required', async ({ request }: { request: Request }) => {
        const principal = await authenticator.authenticate(request)
        if (!principal) throw new HttpError(problems.unauthenticated, 'Sign in to do this')
        if (!authorize(principal, permission)) {
          throw new HttpError(problems.forbidden, `This needs the permission ${permission}`, { permission })
        }
        return { principal }
      }),
    }),
  })
}

/** Marks a `publicCache` route's hook, so the OpenAPI document can tell its ETag, caching and 304. */
export const PUBLIC_CACHE = Symbol('public cache')

function markPublicCache<F extends object>(hook: F): F {
  return Object.assign(hook, { [PUBLIC_CACHE]: true })
}

/** Marks a route's access check, so the OpenAPI document can say whether it takes a token. */
export const TOKEN_USE = Symbol('token use')

function tokenUse<F extends object>(use: 'required' | 'optional', resolve: F): F {
  return Object.assign(resolve, { [TOKEN_USE]: use })
}
