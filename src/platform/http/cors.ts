/**
 * CORS against an allowlist of exact origins. Requests from other origins get no CORS headers
 * (the browser then refuses them); preflights from them get a bare 204.
 */
export interface CorsPolicy {
  origins: readonly string[]
  allowCredentials: boolean
}

const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id'
const EXPOSED_HEADERS =
  'X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Location'
const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS'

export function allowedOrigin(policy: CorsPolicy, origin: string | null): string | undefined {
  if (!origin || policy.origins.length === 0) return undefined
  if (policy.origins.includes('*')) return '*'
  return policy.origins.includes(origin) ? origin : undefined
}

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('access-control-request-method')
}

export function preflightResponse(policy: CorsPolicy, request: Request): Response {
  const origin = allowedOrigin(policy, request.headers.get('origin'))
  const headers = new Headers({ vary: 'Origin' })
  if (origin) {
    headers.set('access-control-allow-origin', origin)
    headers.set('access-control-allow-methods', METHODS)
    headers.set('access-control-allow-headers', ALLOWED_HEADERS)
    headers.set('access-control-max-age', '600')
    if (policy.allowCredentials) headers.set('access-control-allow-credentials', 'true')
  }
  return new Response(null, { status: 204, headers })
}

export function applyCors(policy: CorsPolicy, request: Request, headers: Headers): void {
  const origin = allowedOrigin(policy, request.headers.get('origin'))
  if (policy.origins.length > 0) headers.append('vary', 'Origin')
  if (!origin) return
  headers.set('access-control-allow-origin', origin)
  headers.set('access-control-expose-headers', EXPOSED_HEADERS)
  if (policy.allowCredentials) headers.set('access-control-allow-credentials', 'true')
}
