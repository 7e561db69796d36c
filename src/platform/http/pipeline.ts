import type { Server } from 'bun'
import { problemResponse, problems, toProblem } from '../errors.ts'
import { newId } from '../ids.ts'
import type { Lifecycle } from '../lifecycle.ts'
import { type Logger, type RequestScope, requestScope } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { applyCors, type CorsPolicy, isPreflight, preflightResponse } from './cors.ts'
import { applySecurityHeaders } from './security-headers.ts'

export interface PipelineDeps {
  log: Logger
  metrics: Metrics
  lifecycle: Lifecycle
  cors: CorsPolicy
  bodyLimitBytes: number
  /** Answers a request that passed the pipeline's own checks (the Elysia app). */
  handle: (request: Request) => Promise<Response>
}

export type FetchHandler = (request: Request, server?: Server<unknown>) => Promise<Response>

/** Paths that keep answering while the node drains, so that operators can watch it. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics'])
const REQUEST_ID = /^[\w.:-]{8,128}$/

/**
 * What every HTTP request goes through, around the Elysia app: a request id (taken from the
 * client's X-Request-Id when it is sane), refusal while draining, the body size limit, CORS,
 * security headers, one JSON log line with the latency, and the Prometheus histogram.
 */
export function createPipeline(deps: PipelineDeps): FetchHandler {
  const { log, metrics, lifecycle, cors } = deps
  return async (request) => {
    const started = performance.now()
    const incoming = request.headers.get('x-request-id')
    const scope: RequestScope = { requestId: incoming && REQUEST_ID.test(incoming) ? incoming : newId() }
    const path = pathOf(request.url)
    lifecycle.begin()
    let response: Response
    try {
      response = await requestScope.run(scope, () => answer(request, path))
    } finally {
      lifecycle.end()
    }
    const headers = response.headers
    headers.set('x-request-id', scope.requestId)
    applySecurityHeaders(path, headers)
    applyCors(cors, request, headers)
    const seconds = (performance.now() - started) / 1000
    const route = scope.route ?? (OPS_PATHS.has(path) ? path : 'unmatched')
    metrics.observeRequest(request.method, route, response.status, seconds)
    log.info(
      {
        requestId: scope.requestId,
        method: request.method,
        path,
        route,
        status: response.status,
        ms: Math.round(seconds * 10_000) / 10,
      },
      'request',
    )
    return response
  }

  async function answer(request: Request, path: string): Promise<Response> {
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
    const length = Number(request.headers.get('content-length') ?? 0)
    if (length > deps.bodyLimitBytes) {
      return problemResponse(
        toProblem(problems.payloadTooLarge, `The body may be at most ${deps.bodyLimitBytes} bytes`, {
          limitBytes: deps.bodyLimitBytes,
        }),
      )
    }
    return deps.handle(request)
  }
}

function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const query = url.indexOf('?', start)
  return start < 0 ? '/' : url.slice(start, query < 0 ? undefined : query)
}
