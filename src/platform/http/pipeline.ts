import { isIP } from 'node:net'
import type { Server } from 'bun'
import type { AccessLog } from '../access-log.ts'
import { httpErrorResponse, problemResponse, problems, toProblem } from '../errors.ts'
import { newId } from '../ids.ts'
import type { Lifecycle } from '../lifecycle.ts'
import { type RequestScope, requestScope } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { applyCors, type CorsPolicy, isPreflight, preflightResponse } from './cors.ts'
import { applySecurityHeaders } from './security-headers.ts'
import { urlProblem } from './unreadable-input.ts'

export interface PipelineDeps {
  accessLog: AccessLog
  metrics: Metrics
  lifecycle: Lifecycle
  cors: CorsPolicy
  bodyLimitBytes: number
  /** Larger bodies accepted on these paths (uploads); a key ending in `/` covers the paths below it. */
  uploadLimits?: Record<string, number>
  /** Take the client address from X-Forwarded-For (behind a load balancer that sets it). */
  trustProxy: boolean
  /** Answers a request that passed the pipeline's own checks (the Elysia app). */
  handle: (request: Request) => Response | Promise<Response>
}

/** Where a request's peer address is learnt: Bun's server, or the uWebSockets.js server on Node. */
export type PeerSource = Pick<Server<unknown>, 'requestIP'>

export type FetchHandler = (request: Request, server?: PeerSource) => Response | Promise<Response>

/** Paths that keep answering while the node drains, so that operators can watch it. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics'])
const REQUEST_ID = /^[\w.:-]{8,128}$/
/**
 * A Host header we answer: a host name or IPv4 address, or an IPv6 one in brackets, and a port.
 * Bun builds the request's URL from it as it comes (`a/b` gives a relative URL, `x:port` a broken
 * one), so anything else is refused before the URL is read.
 */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/**
 * What every HTTP request goes through, around the Elysia app: a request id (taken from the
 * client's X-Request-Id when it is sane) in the async context, refusal while draining, paths and
 * queries PostgreSQL could not store (NUL, invalid UTF-8), the body size limit, the X-Request-Id
 * and security headers, CORS, one JSON log line with the latency, and the request metrics. It stays
 * synchronous when the app answers synchronously: on Bun a promise on the way costs more than all
 * the rest.
 */
export function createPipeline(deps: PipelineDeps): FetchHandler {
  const { accessLog, metrics, lifecycle, cors } = deps
  const limitOf = uploadLimits(deps.uploadLimits ?? {}, deps.bodyLimitBytes)

  function answer(request: Request, scope: Scope): Response | Promise<Response> {
    if (!hasValidHost(request)) {
      return problemResponse(
        toProblem(problems.malformedRequest, 'The Host header is not a host name or address, with a port'),
        { connection: 'close' },
      )
    }
    if (lifecycle.draining && !OPS_PATHS.has(scope.requestPath())) {
      return problemResponse(
        toProblem(problems.unavailable, 'This node is shutting down; retry on another'),
        {
          'retry-after': '1',
          connection: 'close',
        },
      )
    }
    if (isPreflight(request)) return preflightResponse(cors, request, scope.requestPath())
    const unreadable = urlProblem(request.url)
    if (unreadable) return httpErrorResponse(unreadable)
    const method = request.method
    const length = method === 'GET' || method === 'HEAD' ? null : request.headers.get('content-length')
    if (length !== null) {
      const limit = limitOf(scope.requestPath())
      if (Number(length) > limit) {
        return problemResponse(
          toProblem(problems.payloadTooLarge, `The body may be at most ${limit} bytes`, {
            limitBytes: limit,
          }),
        )
      }
    }
    // Without a Host (HTTP/1.0), Bun's URL is the bare path; the router reads paths from full URLs.
    return deps.handle(
      request.url.startsWith('/') ? new Request(`http://localhost${request.url}`, request) : request,
    )
  }

  function finish(request: Request, scope: Scope, response: Response) {
    lifecycle.end()
    // The router tells the path of the requests it matched (reading the URL again costs).
    const path = scope.requestPath()
    if (!scope.headed) {
      response.headers.set('x-request-id', scope.requestId)
      applySecurityHeaders(path, response.headers)
    }
    if (cors.origins.length > 0 || cors.openPrefixes?.length) applyCors(cors, request, response.headers, path)
    const ms = performance.now() - scope.started
    const route = scope.route ?? (OPS_PATHS.has(path) ? path : 'unmatched')
    const method = request.method
    metrics.requests.observe(method, route, response.status, ms / 1000)
    accessLog.request(
      scope.requestId,
      method,
      path,
      route,
      response.status,
      Math.round(ms * 10) / 10,
      deps.trustProxy ? scope.clientAddress() : undefined,
    )
    return response
  }

  return (request, server) => {
    const scope = new Scope(request, server, deps.trustProxy)
    lifecycle.begin()
    let result: Response | Promise<Response>
    try {
      result = requestScope.run(scope, answer, request, scope)
    } catch (error) {
      lifecycle.end()
      throw error
    }
    if (result instanceof Promise) {
      return result.then(
        (response) => finish(request, scope, response),
        (error) => {
          lifecycle.end()
          throw error
        },
      )
    }
    return finish(request, scope, result)
  }
}

/**
 * A request's scope. Its id is the one the load balancer sent in X-Request-Id when the proxy is
 * trusted (and the value is sane), otherwise a new one: a client cannot choose the id under which
 * its requests are logged.
 */
class Scope implements RequestScope {
  readonly started = performance.now()
  readonly requestId: string
  route?: string
  path?: string
  headed?: boolean
  conditional?: boolean

  constructor(
    private readonly request: Request,
    private readonly server: PeerSource | undefined,
    private readonly trustProxy: boolean,
  ) {
    const incoming = trustProxy ? request.headers.get('x-request-id') : null
    this.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId()
  }

  /** The path: the router's when it matched, otherwise read from the URL once. */
  requestPath(): string {
    if (this.path === undefined) this.path = pathOf(this.request.url)
    return this.path
  }

  private address?: { value: string | undefined }

  /** Worked out once a request (the rate limits, the access log and routes each ask). */
  clientAddress(): string | undefined {
    this.address ??= { value: clientAddress(this.request, this.server, this.trustProxy) }
    return this.address.value
  }
}

/**
 * The client's address. Behind a trusted load balancer it is the last X-Forwarded-For entry: the
 * one the balancer added (entries before it are whatever the client sent, so never trusted).
 * Otherwise, and when that entry is not an IP address, it is the peer.
 */
export function clientAddress(request: Request, server: PeerSource | undefined, trustProxy: boolean) {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')
    const last = forwarded?.split(',').at(-1)?.trim()
    if (last && isIP(last)) return last
  }
  return server?.requestIP(request)?.address
}

/** No Host, or one Host that is a host name or address (`hasValidHost` refuses the rest with 400). */
export function hasValidHost(request: Request): boolean {
  const host = request.headers.get('host')
  // Two Host lines arrive joined by a comma, which HOST refuses.
  return host === null || HOST.test(host)
}

/**
 * The path of a request's URL as Bun makes it: after `scheme://host`, or the whole of a relative
 * one (a request without Host). Never by a fixed offset: a host may be one character long.
 */
export function pathOf(url: string): string {
  const start = url.startsWith('/') ? 0 : url.indexOf('/', url.indexOf('//') + 2)
  const query = url.indexOf('?', start)
  return start < 0 ? '/' : url.slice(start, query < 0 ? undefined : query)
}

/** The body limit of a path, from the upload paths (exact, or prefixes ending in `/`) made once. */
function uploadLimits(limits: Record<string, number>, otherwise: number): (path: string) => number {
  const exact = new Map(Object.entries(limits).filter(([p]) => !p.endsWith('/')))
  const prefixes = Object.entries(limits).filter(([p]) => p.endsWith('/'))
  for (const [prefix, limit] of prefixes) exact.set(prefix.slice(0, -1), limit)
  return (path) => {
    const limit = exact.get(path)
    if (limit !== undefined) return limit
    for (const [prefix, prefixLimit] of prefixes) if (path.startsWith(prefix)) return prefixLimit
    return otherwise
  }
}
