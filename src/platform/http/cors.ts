/**
 * CORS against an allowlist of exact origins. Requests from other origins get no CORS headers
 * (the browser then refuses them); preflights from them get a bare 204.
 */
export interface CorsPolicy {
  origins: readonly string[]
  allowCredentials: boolean
  /**
   * Path prefixes open to every origin, without credentials (signed media URLs: their signature
   * is the permission, and players on any site must read them): `*`, whatever `origins` says.
   */
  openPrefixes?: readonly string[]
}

/** Request headers browsers may send: the API's, and tus's (resumable uploads). */
const ALLOWED_HEADERS =
  'Authorization, Content-Type, Idempotency-Key, X-Request-Id, Tus-Resumable, Upload-Length, ' +
  'Upload-Offset, Upload-Metadata, Upload-Defer-Length, Upload-Concat'
const EXPOSED_HEADERS =
  'X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Location, ' +
  'Tus-Resumable, Tus-Version, Tus-Max-Size, Tus-Extension, Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires'
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
/** What an open prefix allows: reading, in byte ranges. */
const OPEN_METHODS = 'GET, HEAD, OPTIONS'
const OPEN_ALLOWED_HEADERS = 'Range'
const OPEN_EXPOSED_HEADERS = 'Content-Length, Content-Range, Accept-Ranges, X-Request-Id'

/** Whether `path` is under one of the policy's open prefixes. */
export function isOpenPath(policy: CorsPolicy, path: string): boolean {
  return policy.openPrefixes?.some((prefix) => path.startsWith(prefix)) ?? false
}

export function allowedOrigin(policy: CorsPolicy, origin: string | null): string | undefined {
  if (!origin || policy.origins.length === 0) return undefined
  if (policy.origins.includes('*')) return '*'
  return policy.origins.includes(origin) ? origin : undefined
}

export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('access-control-request-method')
}

export function preflightResponse(policy: CorsPolicy, request: Request, path: string): Response {
  if (isOpenPath(policy, path)) {
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': OPEN_METHODS,
        'access-control-allow-headers': OPEN_ALLOWED_HEADERS,
        'access-control-max-age': '600',
      },
    })
  }
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

export function applyCors(policy: CorsPolicy, request: Request, headers: Headers, path: string): void {
  if (isOpenPath(policy, path)) {
    headers.set('access-control-allow-origin', '*')
    headers.set('access-control-expose-headers', OPEN_EXPOSED_HEADERS)
    return
  }
  const origin = allowedOrigin(policy, request.headers.get('origin'))
  if (policy.origins.length > 0) headers.append('vary', 'Origin')
  if (!origin) return
  headers.set('access-control-allow-origin', origin)
  headers.set('access-control-expose-headers', EXPOSED_HEADERS)
  if (policy.allowCredentials) headers.set('access-control-allow-credentials', 'true')
}
