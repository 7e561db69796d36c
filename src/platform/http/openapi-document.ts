import { toOpenAPISchema } from '@elysiajs/openapi'
import { OptionalKind } from '@sinclair/typebox'
import type { AnyElysia } from 'elysia'
import { PUBLIC_CACHE, TOKEN_USE } from './access.ts'
import { problemResponses } from './problem-schema.ts'
import { RATE_LIMIT_CLASS } from './rate-limiting.ts'

type Route = {
  method: string
  path: string
  hooks: Record<string, unknown> & { detail?: unknown; body?: unknown }
}
type Operation = {
  responses?: Record<string, unknown>
  requestBody?: { required?: boolean }
  security?: unknown
  'x-rate-limit-class'?: string
}

/**
 * The OpenAPI document of the app, from the routes' own schemas. Two things the generator of
 * @elysiajs/openapi misses here are mended: request bodies (it lists a body's content types from
 * the route's named parsers, and the app's one parser is a function, so every body came out as
 * `content: {}`), and the problem responses a route documents beside its success schema (the
 * generated responses replaced them). Routes that need a token say so (`security`, set by the
 * access macros). The problems every route of a kind may answer are added here, from the route's
 * hooks, so that no route has to repeat them (and none can forget them): a body's 400, 413, 415
 * and 422; a path or query schema's 422; a required token's 401 and 403; a rate limit's 429
 * (its class in `x-rate-limit-class`); and, for every operation, `default`: 500 or 503.
 */
export function openApiDocument(app: AnyElysia, base: Record<string, unknown>) {
  const all = app as unknown as { getGlobalRoutes(): Route[]; getGlobalDefinitions?(): unknown }
  const routes = all.getGlobalRoutes().filter((r) => !(r.hooks?.detail as { hide?: boolean })?.hide)
  const view = {
    getGlobalRoutes: () => routes.map(withBodyParser),
    getGlobalDefinitions: () => all.getGlobalDefinitions?.(),
  } as unknown as AnyElysia
  // Paths with a dot are API routes here (`lines.csv`, `me.csv`), not static files: documented too.
  const generated = toOpenAPISchema(view, { staticFile: false }) as {
    paths: Record<string, Record<string, Operation>>
    components: { schemas: Record<string, unknown> }
  }
  for (const route of routes) {
    const operation = generated.paths[openApiPath(route.path)]?.[route.method.toLowerCase()]
    if (!operation) continue
    const documented = (route.hooks?.detail as { responses?: Record<string, unknown> })?.responses
    const use = tokenUseOf(route)
    const limit = rateLimitClassOf(route)
    operation.responses = sortedResponses({
      ...problemResponses(...impliedProblems(route, use, limit)),
      default: UNEXPECTED,
      ...documented,
      ...operation.responses,
    })
    if (use) operation.security = use === 'required' ? [{ bearer: [] }] : [{}, { bearer: [] }]
    if (limit) operation['x-rate-limit-class'] = limit
    if (isPublicCache(route)) documentPublicCache(operation)
    if (operation.requestBody && isOptional(route.hooks.body)) operation.requestBody.required = false
  }
  const components = (base.components ?? {}) as Record<string, Record<string, unknown>>
  return {
    openapi: '3.1.0',
    ...base,
    paths: generated.paths,
    components: {
      ...components,
      schemas: { ...generated.components.schemas, ...components.schemas },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from POST /v1/auth/login, /login/2fa, /register/confirm or /refresh',
        },
      },
    },
  }
}

/** The route as the generator reads it, its body's content type named: multipart when it holds a file. */
function withBodyParser(route: Route): Route {
  const body = route.hooks?.body
  if (!body) return route
  const multipart = JSON.stringify(body).includes('"format":"binary"')
  return { ...route, hooks: { ...route.hooks, parse: [{ fn: multipart ? 'formdata' : 'json' }] } } as Route
}

/** What any route may answer beyond its own problems. */
const UNEXPECTED = {
  description: 'An unexpected error (500 internal_error) or a service unreachable (503 service_unavailable)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
}

/** The problem statuses a route answers by the hooks it has, whatever its handler does. */
function impliedProblems(route: Route, use: string | undefined, limit: string | undefined): number[] {
  const hooks = route.hooks as Record<string, unknown>
  const statuses: number[] = []
  if (hooks.body) statuses.push(400, 413, 415, 422)
  if (hooks.params || hooks.query) statuses.push(422)
  if (use === 'required') statuses.push(401, 403)
  if (limit) statuses.push(429)
  return statuses
}

/** Responses in the order of their status, `default` last. */
function sortedResponses(responses: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(responses).sort((a, b) =>
    a === 'default' ? 1 : b === 'default' ? -1 : a.localeCompare(b),
  )
  return Object.fromEntries(keys.map((key) => [key, responses[key]]))
}

/** A body schema wrapped in t.Optional (the route takes no body as well). */
function isOptional(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && OptionalKind in schema
}

/** Whether the route is a `publicCache` read (access.ts). */
function isPublicCache(route: Route): boolean {
  const hooks = (route.hooks.afterHandle ?? []) as { fn?: Record<symbol, unknown> }[]
  return hooks.some((h) => h.fn?.[PUBLIC_CACHE] === true)
}

/** A `publicCache` read's 200 headers, and its 304 to a conditional GET. */
function documentPublicCache(operation: Operation): void {
  const ok = operation.responses?.['200'] as { headers?: Record<string, unknown> } | undefined
  if (ok) {
    ok.headers = {
      ...ok.headers,
      'Cache-Control': {
        description:
          'Anonymous: `public, max-age=N, stale-while-revalidate=N` (N: PUBLIC_CACHE_SECONDS; `no-cache` when 0), ' +
          'kept by shared caches (the balancer, a CDN); signed in: `private, no-cache`',
        schema: { type: 'string' },
      },
      ETag: { description: 'A weak validator of the answer, for If-None-Match', schema: { type: 'string' } },
      Vary: { description: '`Authorization`: a signed-in answer differs', schema: { type: 'string' } },
    }
  }
  operation.responses = sortedResponses({
    ...operation.responses,
    '304': { description: "Not Modified: the request's If-None-Match names the answer's ETag; no body" },
  })
}

/** The class of the route's rate limit, if it has one. */
function rateLimitClassOf(route: Route): string | undefined {
  const checks = (route.hooks.beforeHandle ?? []) as { fn?: Record<symbol, unknown> }[]
  return checks.map((h) => h.fn?.[RATE_LIMIT_CLASS]).find((c): c is string => typeof c === 'string')
}

/** Whether the route's access check needs a token, takes one if given, or there is none. */
function tokenUseOf(route: Route): 'required' | 'optional' | undefined {
  const checks = (route.hooks.beforeHandle ?? []) as { fn?: Record<symbol, unknown> }[]
  const uses = checks.map((h) => h.fn?.[TOKEN_USE]).filter(Boolean)
  return uses.includes('required') ? 'required' : uses.includes('optional') ? 'optional' : undefined
}

/** `/v1/posts/:id` as OpenAPI writes it: `/v1/posts/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:([^/]+)/g, '{$1}')
}
