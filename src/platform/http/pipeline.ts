import { isIP } from 'node:net'
import type { Server } from 'bun'
import type { AccessLog } from '../access-log.ts'
import { problemResponse, problems, toProblem } from '../errors.ts'
import { newId } from '../ids.ts'
import type { Lifecycle } from '../lifecycle.ts'
import { type RequestScope, requestScope } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { applyCors, type CorsPolicy, isPreflight, preflightResponse } from './cors.ts'
import { applySecurityHeaders } from './security-headers.ts'

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
  handle: (request: Request) => Promise<Response>
}

export type FetchHandler = (request: Request, server?: Server<unknown>) => Response | Promise<Response>

/** Paths that keep answering while the node drains, so that operators can watch it. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics'])
const REQUEST_ID = /^[\w.:-]{8,128}$/

/**
 * What every HTTP request goes through, around the Elysia app: a request id (taken from the
 * client's X-Request-Id when it is sane) in the async context, refusal while draining, the body
 * size limit, the X-Request-Id and security headers, CORS, one JSON log line with the latency,
 * and the request metrics. It stays synchronous when the app answers synchronously: on Bun a
 * promise on the way costs more than all the rest.
 */
export function createPipeline(deps: PipelineDeps): FetchHandler {
  const { accessLog, metrics, lifecycle, cors } = deps
  const limitOf = uploadLimits(deps.uploadLimits ?? {}, deps.bodyLimitBytes)

  function answer(request: Request, path: string): Response | Promise<Response> {
    if (lifecycle.draining && !OPS_PATHS.has(path)) {
      return problemResponse(
        toProblem(problems.unavailable, 'This node is shutting down; retry on another'),
        {
          'retry-after': '1',
          connection: 'close',
        },
      )
    }
    if (isPreflight(request)) return preflightResponse(cors, request)
    const length =
      request.method === 'GET' || request.method === 'HEAD' ? null : request.headers.get('content-length')
    const limit = limitOf(path)
    if (length !== null && Number(length) > limit) {
      return problemResponse(
        toProblem(problems.payloadTooLarge, `The body may be at most ${limit} bytes`, { limitBytes: limit }),
      )
    }
    return deps.handle(request)
  }

  return (request, server) => {
    const started = performance.now()
    const incoming = request.headers.get('x-request-id')
    const scope: RequestScope = {
      requestId: incoming && REQUEST_ID.test(incoming) ? incoming : newId(),
      clientAddress: () => clientAddress(request, server, deps.trustProxy),
    }
    const path = pathOf(request.url)
    const finish = (response: Response): Response => {
      lifecycle.end()
      const headers = response.headers
      headers.set('x-request-id', scope.requestId)
      applySecurityHeaders(path, headers)
      if (cors.origins.length > 0) applyCors(cors, request, headers)
      const seconds = (performance.now() - started) / 1000
      const route = scope.route ?? (OPS_PATHS.has(path) ? path : 'unmatched')
      metrics.requests.observe(request.method, route, response.status, seconds)
      accessLog.write({
        requestId: scope.requestId,
        method: request.method,
        path,
        route,
        status: response.status,
        ip: deps.trustProxy ? clientAddress(request, server, true) : undefined,
        ms: Math.round(seconds * 10_000) / 10,
      })
      return response
    }
    lifecycle.begin()
    let result: Response | Promise<Response>
    try {
      result = requestScope.run(scope, () => answer(request, path))
    } catch (error) {
      lifecycle.end()
      throw error
    }
    if (result instanceof Promise) {
      return result.then(finish, (error) => {
        lifecycle.end()
        throw error
      })
    }
    return finish(result)
  }
}

/**
 * The client's address. Behind a trusted load balancer it is the last X-Forwarded-For entry: the
 * one the balancer added (entries before it are whatever the client sent, so never trusted).
 * Otherwise, and when that entry is not an IP address, it is the peer.
 */
export function clientAddress(request: Request, server: Server<unknown> | undefined, trustProxy: boolean) {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')
    const last = forwarded?.split(',').at(-1)?.trim()
    if (last && isIP(last)) return last
  }
  return server?.requestIP(request)?.address
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
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
