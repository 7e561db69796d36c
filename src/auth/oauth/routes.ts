import { Elysia, t } from 'elysia'
import type { accessControl } from '../../platform/http/access.ts'
import { DateTime } from '../../platform/http/dates.ts'
import { NO_CONTENT, problemResponses } from '../../platform/http/problem-schema.ts'
import type { rateLimiting } from '../../platform/http/rate-limiting.ts'
import type { authRateLimits } from '../rate-limits.ts'
import { ChallengeSchema, TokenPairSchema } from '../routes.ts'
import { clientMeta } from '../sessions.ts'
import { PROVIDERS, type ProviderName } from './providers.ts'
import { type CallbackResult, OAUTH_TTL_MS, type OAuthService } from './service.ts'

const COOKIE = 'sf_oauth_state'
const COOKIE_PATH = '/v1/auth/oauth'

const Provider = t.Union(PROVIDERS.map((p) => t.Literal(p)))
const CallbackParams = t.Object({
  code: t.Optional(t.String()),
  state: t.Optional(t.String()),
  error: t.Optional(t.String()),
})

/** A session opened by a sign-in: tokens, or the ticket of a two-factor sign-in. */
const SessionSchema = t.Union([TokenPairSchema, ChallengeSchema])
const CallbackResponse = t.Union([
  t.Composite([
    t.Object({
      created: t.Boolean({ description: 'Whether this sign-in made a new account' }),
      userId: t.String({ format: 'uuid' }),
    }),
    TokenPairSchema,
  ]),
  t.Composite([t.Object({ created: t.Boolean(), userId: t.String({ format: 'uuid' }) }), ChallengeSchema]),
  t.Object({ linked: t.String({ description: 'The provider linked' }) }),
])
const RedirectBody = t.Object({ redirectTo: t.String({ description: 'The Location it redirects to' }) })
const Redirect = (description: string) => ({
  description,
  headers: { location: { schema: { type: 'string' as const, format: 'uri' } } },
})

/** The state cookie: HttpOnly, and SameSite=None so that Apple's cross-site form post carries it. */
function stateCookie(state: string): string {
  return `${COOKIE}=${state}; Path=${COOKIE_PATH}; Max-Age=${OAUTH_TTL_MS / 1000}; HttpOnly; Secure; SameSite=None`
}
const clearCookie = `${COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=None`

function readCookie(request: Request): string | undefined {
  const header = request.headers.get('cookie') ?? ''
  return new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(header)?.[1]
}

function withParam(url: string, name: string, value: string): string {
  const u = new URL(url)
  u.searchParams.set(name, value)
  return u.toString()
}

/** Turns a callback's result into the answer: tokens as JSON, or back to the app with a one-time code. */
function answer(
  result: CallbackResult,
  set: { status?: number | string; headers: Record<string, string | number> },
) {
  set.headers['set-cookie'] = clearCookie
  set.headers['cache-control'] = 'no-store'
  if (result.kind === 'exchange') {
    set.status = 303
    set.headers.location = withParam(result.returnTo, 'oauth_code', result.code)
    return { redirectTo: set.headers.location }
  }
  if (result.kind === 'linked') {
    if (result.returnTo) {
      set.status = 303
      set.headers.location = withParam(result.returnTo, 'linked', result.provider)
    }
    return { linked: result.provider }
  }
  return { created: result.created, userId: result.userId, ...result.tokens }
}

export function oauthRoutes(deps: {
  oauth: OAuthService
  access: ReturnType<typeof accessControl>
  rateLimits: ReturnType<typeof rateLimiting<keyof typeof authRateLimits>>
}) {
  const { oauth } = deps
  const callback = async (
    provider: string,
    params: { code?: string; state?: string; error?: string },
    request: Request,
    set: { status?: number | string; headers: Record<string, string | number> },
  ) =>
    answer(
      await oauth.callback(provider as ProviderName, params, readCookie(request), clientMeta(request)),
      set,
    )
  const callbackDetail = {
    summary: "Where the provider sends the browser back (GET, or POST for Apple's form_post)",
    description:
      'Without returnTo the answer is the session as JSON (200). With returnTo it is a 303 to returnTo with ' +
      '`oauth_code`, to trade at POST /v1/auth/oauth/exchange: tokens never travel in URLs.',
    responses: {
      303: Redirect('To returnTo with oauth_code (or linked), when the sign-in began with one'),
      ...problemResponses(401, 403, 409, 422, 503),
    },
  }
  return (
    new Elysia({ name: 'oauth-routes', detail: { tags: ['auth'] } })
      .use(deps.access)
      .use(deps.rateLimits)
      .get(
        '/auth/oauth/:provider/start',
        async ({ params, query, set }) => {
          const { url, state } = await oauth.start(params.provider as ProviderName, {
            mode: 'login',
            returnTo: query.returnTo,
          })
          set.status = 302
          set.headers.location = url
          set.headers['set-cookie'] = stateCookie(state)
          set.headers['cache-control'] = 'no-store'
          return { authorizationUrl: url }
        },
        {
          rateLimit: 'auth.login',
          params: t.Object({ provider: Provider }),
          query: t.Object({ returnTo: t.Optional(t.String({ format: 'uri', maxLength: 2000 })) }),
          detail: {
            summary: 'Start signing in with Google, Apple or Facebook (302 to the provider)',
            responses: {
              302: Redirect("To the provider's sign-in page (the body has the same URL as authorizationUrl)"),
              ...problemResponses(422, 429, 503),
            },
          },
        },
      )
      .post(
        '/auth/oauth/:provider/link',
        async ({ params, body, principal, set }) => {
          const { url, state } = await oauth.start(params.provider as ProviderName, {
            mode: 'link',
            userId: principal.userId,
            returnTo: body?.returnTo,
            password: body?.password,
          })
          set.headers['set-cookie'] = stateCookie(state)
          return { authorizationUrl: url }
        },
        {
          permission: 'account:manage',
          params: t.Object({ provider: Provider }),
          body: t.Optional(
            t.Object({
              returnTo: t.Optional(t.String({ format: 'uri', maxLength: 2000 })),
              password: t.Optional(
                t.String({ maxLength: 128, description: 'Needed when the account has one' }),
              ),
            }),
          ),
          response: t.Object({ authorizationUrl: t.String() }),
          detail: {
            summary:
              'Link a provider account to the signed-in account: open authorizationUrl in this browser',
            responses: problemResponses(401, 422, 503),
          },
        },
      )
      // The provider comes back with GET (Google, Facebook) or a form POST (Apple's form_post).
      .get(
        '/auth/oauth/:provider/callback',
        ({ params, query, request, set }) => callback(params.provider, query, request, set),
        {
          rateLimit: 'auth.login',
          params: t.Object({ provider: Provider }),
          query: CallbackParams,
          response: { 200: CallbackResponse, 303: RedirectBody },
          detail: callbackDetail,
        },
      )
      .post(
        '/auth/oauth/:provider/callback',
        ({ params, body, request, set }) => callback(params.provider, body, request, set),
        {
          rateLimit: 'auth.login',
          params: t.Object({ provider: Provider }),
          body: CallbackParams,
          response: { 200: CallbackResponse, 303: RedirectBody },
          detail: callbackDetail,
        },
      )
      .post('/auth/oauth/exchange', ({ body, request }) => oauth.exchange(body.code, clientMeta(request)), {
        rateLimit: 'auth.login',
        body: t.Object({ code: t.String({ minLength: 1, maxLength: 200 }) }),
        response: SessionSchema,
        detail: {
          summary: 'Trade the one-time oauth_code from a redirect for tokens',
          responses: problemResponses(401, 403, 429),
        },
      })
      .get(
        '/auth/oauth/identities',
        async ({ principal }) => ({
          items: (await oauth.identities(principal.userId)).map((i) => ({
            provider: i.provider,
            email: i.email,
            linkedAt: i.createdAt.toISOString(),
          })),
          nextCursor: null,
        }),
        {
          rateLimit: 'api.reads',
          permission: 'account:read',
          response: t.Object({
            items: t.Array(
              t.Object({
                provider: t.String(),
                email: t.Nullable(t.String()),
                linkedAt: DateTime(),
              }),
            ),
            nextCursor: t.Null({ description: 'Always null: every linked provider fits in one page' }),
          }),
          detail: {
            summary: 'Provider accounts linked to the signed-in account',
            responses: problemResponses(401),
          },
        },
      )
      .delete(
        '/auth/oauth/:provider',
        async ({ params, principal, set }) => {
          await oauth.unlink(principal.userId, params.provider as ProviderName)
          set.status = 204
        },
        {
          permission: 'account:manage',
          params: t.Object({ provider: Provider }),
          detail: {
            summary: 'Unlink a provider (refused when it is the only way left to sign in)',
            responses: { 204: NO_CONTENT, ...problemResponses(401, 404, 409) },
          },
        },
      )
  )
}
