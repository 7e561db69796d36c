import { createHash, timingSafeEqual } from 'node:crypto'
import { HttpError, problems } from '../errors.ts'
import { requestScope } from '../logger.ts'

/** Headers a proxy adds: a request carrying one came through a proxy, however local the peer. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip']

/**
 * Who may read /metrics (each scrape runs queries, and the figures describe the deployment). With
 * METRICS_TOKEN: whoever sends `Authorization: Bearer <token>` (compared in constant time), else
 * 401. Without it: only a client on the loopback address that did not come through a proxy (a
 * sidecar, `curl localhost`), else 403 saying to set the token.
 */
export function metricsGuard(token: string | undefined): (request: Request) => void {
  const expected = token ? digest(token) : undefined
  return (request) => {
    if (expected) {
      const match = /^bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
      if (match && timingSafeEqual(digest(match[1]!), expected)) return
      throw new HttpError(problems.unauthenticated, 'Send Authorization: Bearer <METRICS_TOKEN>', {
        headers: { 'www-authenticate': 'Bearer realm="metrics"' },
      })
    }
    const forwarded = FORWARDING_HEADERS.some((name) => request.headers.has(name))
    if (!forwarded && isLoopback(requestScope.getStore()?.clientAddress?.())) return
    throw new HttpError(
      problems.forbidden,
      'Metrics are served to loopback clients only; set METRICS_TOKEN to scrape from elsewhere',
    )
  }
}

// Digests of equal length, so that the comparison's time tells nothing of the token's length.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return v4.startsWith('127.') || address === '::1'
}
