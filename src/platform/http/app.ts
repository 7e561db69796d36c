import { dirname, join } from 'node:path'
import { openapi } from '@elysiajs/openapi'
import { type AnyElysia, type Context, Elysia, ValidationError } from 'elysia'
import { busUnavailable, busUnreachable } from '../bus/connect.ts'
import { databaseUnreachable, pgCode } from '../db/connect.ts'
import {
  type FieldError,
  HttpError,
  httpErrorResponse,
  problemResponse,
  problems,
  toProblem,
} from '../errors.ts'
import type { Logger } from '../logger.ts'
import { requestScope } from '../logger.ts'
import { openApiDocument } from './openapi-document.ts'
// The date-time and date formats every route's schema is checked with (dates.ts).
import './formats.ts'
import { isCheckedOnce } from './checked-once.ts'
import { FIELD_MESSAGE } from './integer.ts'
import { MethodMatcher } from './method-matcher.ts'
import { ProblemSchema } from './problem-schema.ts'
import { jsonResponseWithId } from './security-headers.ts'
import { closeBodySchema, refuseUnknownFields } from './unknown-fields.ts'
import { checkBody } from './unreadable-input.ts'

export interface HttpAppOptions {
  log: Logger
  version: string
  /** Routes at the root: /healthz, /readyz, /metrics. */
  ops: AnyElysia
  /** Largest JSON body read; the pipeline refuses larger declared lengths before this. */
  bodyLimitBytes: number
  /** Feature plugins, mounted under /v1. */
  features: AnyElysia[]
  /** Feature pages (HTML people open from mail), mounted at the root. */
  pages?: AnyElysia[]
}

/** JSON bodies as they came, for routes that check a signature over the exact bytes (webhooks). */
const rawBodies = new WeakMap<Request, string>()
export function rawBody(request: Request): string | undefined {
  return rawBodies.get(request)
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json$/
const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/**
 * The Elysia application: OpenAPI document, body parsing, errors as RFC 9457 problems (validation
 * naming the field, 405 with Allow, database conflicts as 409, database data exceptions as 422,
 * no stack traces), ops routes at the
 * root and every feature under /v1.
 */
export function createHttpApp(opts: HttpAppOptions) {
  let methods: MethodMatcher | undefined
  const app = new Elysia({
    name: 'socialflow',
    // Elysia reads the path from the request's URL after a fixed offset: by default after its 11th
    // character, as if every host had at least four (`Host: x` turned `/v1/v1/posts` into
    // `/v1/posts`). Off, it starts after `http://`, the one scheme Bun's server gives here; the
    // pipeline refuses hosts that would break the URL and gives those without one a full URL.
    handler: { standardHostname: false },
  })
    // Every route's answer passes here, errors included: it also records the route template for the
    // pipeline's log line and metrics (a transform hook for that cost a call and a context read more).
    // Passed by name: Elysia takes a hook whose source reads like `=> call(` for an async one, and
    // composes every route async around it (a promise per request on the way back to Bun).
    .mapResponse({ as: 'global' }, jsonResponse)
    .onParse({ as: 'global' }, async ({ request, contentType }) => {
      const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? ''
      if (JSON_TYPES.test(type)) {
        const text = await readLimited(request, opts.bodyLimitBytes)
        rawBodies.set(request, text)
        return parseJson(text)
      }
      if (FORM_TYPES.has(type)) {
        // Forms are parsed whole by Elysia: only with a declared length, which the pipeline checks
        // (a chunked one could be as large as the server's cap for uploads).
        if (request.headers.get('content-length') === null && request.headers.has('transfer-encoding'))
          throw new HttpError(problems.lengthRequired, 'Send forms with a Content-Length')
        return
      }
      // Bodies streamed to their route unread (tus uploads).
      if (type === 'application/offset+octet-stream') return null
      if (!type && !(await hasBody(request))) return null
      throw new HttpError(
        problems.unsupportedMediaType,
        `Content-Type "${type || '(none)'}" is not accepted here; send application/json`,
      )
    })
    // After parsing (JSON or form), before validation: NUL in any string of the body, or a number
    // past 2^53 - 1, is a 422 naming the field, whatever the route; GET and HEAD routes lose it below.
    .onTransform({ as: 'global' }, refuseNulInBody)
    .onError({ as: 'global' }, ({ code, error, request }) => {
      if (error instanceof HttpError) return httpErrorResponse(error)
      // Errors thrown while parsing arrive wrapped in Elysia's ParseError.
      if (error instanceof Error && error.cause instanceof HttpError) return httpErrorResponse(error.cause)
      if (code === 'VALIDATION' && error instanceof ValidationError) {
        // A response that does not match its own schema is our bug, not the client's.
        if (error.type !== 'response') return validationResponse(error)
        opts.log.error({ err: error, detail: error.all.slice(0, 5) }, 'response does not match its schema')
        return problemResponse(
          toProblem(problems.internal, 'An unexpected error occurred; quote the requestId when reporting it'),
        )
      }
      if (code === 'PARSE')
        return problemResponse(toProblem(problems.malformedBody, 'The body could not be parsed'))
      if (code === 'NOT_FOUND') {
        methods ??= new MethodMatcher(app.routes)
        const url = new URL(request.url)
        const allowed = methods.allowed(url.pathname)
        if (allowed.length > 0 && !allowed.includes(request.method)) {
          return problemResponse(
            toProblem(problems.methodNotAllowed, `${request.method} is not allowed on ${url.pathname}`),
            { allow: allowed.join(', ') },
          )
        }
        return problemResponse(toProblem(problems.notFound, `No resource at ${url.pathname}`))
      }
      const status = typeof code === 'number' ? code : (error as { status?: unknown }).status
      if (typeof status === 'number' && status >= 400 && status < 500) {
        const kind = Object.values(problems).find((p) => p.status === status) ?? problems.malformedBody
        return problemResponse(toProblem(kind, kind.title))
      }
      const pg = pgCode(error)
      // PostgreSQL away (stopped, restarting, a connection lost): 503 at once, to be tried again
      // shortly; the pool reconnects by itself once it is back (test/chaos/cluster-chaos.test.ts).
      if (databaseUnreachable(error)) {
        opts.log.warn(
          { code: pg, err: (error as Error).message, requestId: requestScope.getStore()?.requestId },
          'the database is unreachable',
        )
        return problemResponse(
          toProblem(problems.unavailable, 'The database is unreachable; try again shortly'),
          { 'retry-after': '1' },
        )
      }
      if (busUnreachable(error)) {
        opts.log.warn(
          { err: (error as Error).message, requestId: requestScope.getStore()?.requestId },
          'the message bus is unreachable',
        )
        return problemResponse(toProblem(problems.unavailable, busUnavailable().message), {
          'retry-after': '5',
        })
      }
      if (pg === '23505') return problemResponse(toProblem(problems.conflict, 'That already exists'))
      if (pg === '23503')
        return problemResponse(toProblem(problems.conflict, 'A referenced resource does not exist'))
      // Class 22 (data exception: NUL or invalid bytes, a time or number out of range, text that is
      // not a number or UUID) is input that should have been refused before the query: a 422 for
      // the client, a warning for us to add the check where the request is read.
      if (pg && DATA_EXCEPTION.test(pg)) {
        opts.log.warn(
          { err: error, sqlstate: pg, requestId: requestScope.getStore()?.requestId },
          'the database refused a value of the request',
        )
        return problemResponse(
          toProblem(problems.validation, 'A value in the request is not one the database can take'),
        )
      }
      opts.log.error({ err: error, requestId: requestScope.getStore()?.requestId }, 'unhandled error')
      return problemResponse(
        toProblem(problems.internal, 'An unexpected error occurred; quote the requestId when reporting it'),
      )
    })
    // The viewer at /docs reads the document the app serves at /docs/json (openApiDocument); the
    // plugin's own generation (at /docs/generated.json) lacks request bodies and problem responses.
    .use(
      openapi({
        path: '/docs',
        specPath: '/docs/generated.json',
        documentation: documentation(opts.version),
        // The viewer from its pinned package, served here: the page works offline, within its CSP.
        scalar: { url: '/docs/json', cdn: SCALAR_PATH, withDefaultFonts: false } as never,
      }),
    )
    .use(opts.ops)
    .use(opts.pages ?? [])
    .group('/v1', (v1) => {
      for (const feature of opts.features) v1.use(feature)
      return v1
    })
  app.get('/docs/scalar.js', () => new Response(Bun.file(SCALAR_FILE()), { headers: SCALAR_HEADERS }), {
    detail: { hide: true },
  })
  let document: Record<string, unknown> | undefined
  app.get('/docs/json', () => (document ??= openApiDocument(app as AnyElysia, documentation(opts.version))), {
    detail: { hide: true },
  })
  // Bodies are never read on GET and HEAD, but a parse hook still makes Elysia compose the route
  // async: without it, a route whose handler answers synchronously does too.
  for (const route of app.routes) {
    const hooks = route.hooks as { parse?: unknown; body?: unknown; transform?: { fn: unknown }[] }
    if (route.method === 'GET' || route.method === 'HEAD') {
      hooks.parse = undefined
      const transform = hooks.transform?.filter((hook) => hook.fn !== refuseNulInBody)
      hooks.transform = transform?.length ? transform : undefined
    } else if (hooks.body && typeof hooks.body === 'object') {
      // Unknown body fields are refused, on every route (unknown-fields.ts); routes are composed at
      // their first request, so the hook added here is part of it.
      const schema = hooks.body as Parameters<typeof closeBodySchema>[0]
      closeBodySchema(schema)
      // A body checked once (checked-once.ts) is refused its unknown fields by that check.
      if (isCheckedOnce(schema)) continue
      const refuseUnknown = ({ body }: { body: unknown }) => refuseUnknownFields(schema, body)
      hooks.transform = [...(hooks.transform ?? []), { fn: refuseUnknown, scope: 'local' } as never]
    }
  }
  return app
}

/** The API reference viewer (Scalar), from its pinned npm package. */
const SCALAR_PATH = '/docs/scalar.js'
/** Found on first request (a gateway on Node never serves it, and resolves no package for it). */
let scalarFile: string | undefined
const SCALAR_FILE = () =>
  (scalarFile ??= join(
    dirname(Bun.resolveSync('@scalar/api-reference/package.json', import.meta.dir)),
    'dist/browser/standalone.js',
  ))
const SCALAR_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'public, max-age=86400',
}

/** What the OpenAPI document says of the API as a whole (the paths come from the routes). */
function documentation(version: string) {
  return {
    info: {
      title: 'SocialFlow API',
      version,
      description:
        'REST API of SocialFlow. Errors are RFC 9457 problem details (application/problem+json) ' +
        'with a stable `code`; lists take `limit` and `cursor`; see docs/protocol.md for the WebSocket gateway.',
    },
    tags: [{ name: 'ops', description: 'Health, readiness and metrics' }],
    components: { schemas: { Problem: ProblemSchema as never } },
  }
}

/**
 * Records the matched route in the request's scope, and makes the response for a handler's plain
 * object or array with the request id and security headers from a native template (setting them
 * one by one on Elysia's response cost more than the rest of a small request); anything else is
 * left to Elysia, and the pipeline adds them.
 */
function jsonResponse({
  responseValue: value,
  set,
  route,
  path,
  request,
}: {
  responseValue: unknown
  set: Context['set']
  route: string
  path: string
  request: Request
}): Response | undefined {
  const scope = requestScope.getStore()
  if (!scope) return undefined
  scope.route = route
  scope.path = path
  if (value === null || typeof value !== 'object') return undefined
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== Array.prototype) return undefined
  const status = set.status
  // Elysia gives every request of an app that reads cookies anywhere an empty `set.cookie`: only
  // cookies really set leave the answer to Elysia (which writes Set-Cookie).
  if (
    typeof status !== 'number' ||
    status === 204 ||
    status === 304 ||
    hasCookies(set.cookie) ||
    set.redirect
  )
    return undefined
  const body = JSON.stringify(value)
  // A publicCache route's 200 gets an ETag, and a 304 when If-None-Match names it (RFC 9110 §13.1.2).
  const etag = scope.conditional && status === 200 ? `W/"${Bun.hash(body).toString(36)}"` : undefined
  const unchanged = etag !== undefined && request.headers.get('if-none-match')?.includes(etag) === true
  const response = unchanged
    ? notModified(scope.requestId)
    : jsonResponseWithId(body, status, scope.requestId)
  const headers = response.headers
  if (etag) headers.set('etag', etag)
  for (const name in set.headers) {
    const v = set.headers[name]
    if (v !== undefined) headers.set(name, String(v))
  }
  // A 304 gets the security headers on the way out, as any answer made without them.
  scope.headed = !unchanged
  return response
}

function hasCookies(cookies: Context['set']['cookie']): boolean {
  for (const _ in cookies) return true
  return false
}

/** 304 to a conditional GET whose ETag still holds: no body; the answer's own headers are set after. */
function notModified(requestId: string): Response {
  return new Response(null, { status: 304, headers: { 'x-request-id': requestId } })
}

function refuseNulInBody({ body }: { body: unknown }): void {
  checkBody(body)
}

/**
 * Reads the body as it arrives, refusing it as soon as it passes the limit (a body sent without
 * Content-Length is not read into memory whole first: the server's own cap is as large as the
 * largest upload).
 */
async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return ''
  // A declared length within the limit (the server holds a body to its Content-Length): read whole
  // by the runtime, without a promise and a copy per chunk (a 100 KB batch of analytics events
  // came in dozens of chunks: a sixth of the API's CPU samples in bench:analytics).
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) <= limit) return request.text()
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of request.body) {
    size += chunk.byteLength
    if (size > limit) {
      throw new HttpError(problems.payloadTooLarge, `The body may be at most ${limit} bytes`, {
        limitBytes: limit,
      })
    }
    chunks.push(chunk)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new HttpError(problems.malformedBody, `The body is not valid JSON: ${(error as Error).message}`)
  }
}

/** Whether a request without a Content-Type carries a body (it is read only up to its first chunk). */
async function hasBody(request: Request): Promise<boolean> {
  const length = request.headers.get('content-length')
  if (length !== null) return length !== '0'
  if (!request.body) return false
  const reader = request.clone().body!.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return false
      if (value.byteLength > 0) return true
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

function validationResponse(error: ValidationError): Response {
  const where = error.type === 'params' ? 'path' : error.type
  const errors: FieldError[] = error.all.map((e) => {
    // TypeBox's paths are pointers (`/events/3/id`); a Standard Schema's (checked-once.ts) come
    // joined by dots (`events.3.id`), `root` for the value itself.
    const given = 'path' in e && typeof e.path === 'string' ? e.path : ''
    const path = given === 'root' ? '' : given
    const field = [where, ...path.split('/').filter(Boolean)].join('.')
    const own = 'schema' in e ? (e.schema as { [FIELD_MESSAGE]?: unknown })[FIELD_MESSAGE] : undefined
    return { field, message: typeof own === 'string' ? own : ('summary' in e && e.summary) || e.message }
  })
  const first = errors[0]
  const detail = first ? `${first.field}: ${first.message}` : `The ${where} is not valid`
  return problemResponse(toProblem(problems.validation, detail, { errors }))
}
