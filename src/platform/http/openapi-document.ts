import { toOpenAPISchema } from '@elysiajs/openapi'
import type { AnyElysia } from 'elysia'
import { TOKEN_USE } from './access.ts'

type Route = {
  method: string
  path: string
  hooks: Record<string, unknown> & { detail?: unknown; body?: unknown }
}
type Operation = { responses?: Record<string, unknown>; requestBody?: unknown; security?: unknown }

/**
 * The OpenAPI document of the app, from the routes' own schemas. Two things the generator of
 * @elysiajs/openapi misses here are mended: request bodies (it lists a body's content types from
 * the route's named parsers, and the app's one parser is a function, so every body came out as
 * `content: {}`), and the problem responses a route documents beside its success schema (the
 * generated responses replaced them). Routes that need a token say so (`security`, set by the
 * access macros).
 */
export function openApiDocument(app: AnyElysia, base: Record<string, unknown>) {
  const all = app as unknown as { getGlobalRoutes(): Route[]; getGlobalDefinitions?(): unknown }
  const routes = all.getGlobalRoutes().filter((r) => !(r.hooks?.detail as { hide?: boolean })?.hide)
  const view = {
    getGlobalRoutes: () => routes.map(withBodyParser),
    getGlobalDefinitions: () => all.getGlobalDefinitions?.(),
  } as unknown as AnyElysia
  const generated = toOpenAPISchema(view) as {
    paths: Record<string, Record<string, Operation>>
    components: { schemas: Record<string, unknown> }
  }
  for (const route of routes) {
    const operation = generated.paths[openApiPath(route.path)]?.[route.method.toLowerCase()]
    if (!operation) continue
    const documented = (route.hooks?.detail as { responses?: Record<string, unknown> })?.responses
    if (documented) operation.responses = { ...documented, ...operation.responses }
    const use = tokenUseOf(route)
    if (use) operation.security = use === 'required' ? [{ bearer: [] }] : [{}, { bearer: [] }]
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
          description: 'An access token from POST /v1/auth/login, /register or /refresh',
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
