/**
 * Headers every response carries. The API serves JSON, so the content security policy forbids
 * everything; the docs UI (/docs) needs its script and styles and gets its own policy.
 */
const COMMON: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'no-referrer'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-site'],
  ['strict-transport-security', 'max-age=63072000; includeSubDomains'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=()'],
]

const API_CSP = "default-src 'none'; frame-ancestors 'none'"
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; " +
  "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; " +
  "font-src 'self' data: https://fonts.gstatic.com https://cdn.jsdelivr.net; img-src 'self' data: https:; " +
  "connect-src 'self'; frame-ancestors 'none'"

export function applySecurityHeaders(path: string, headers: Headers): void {
  for (const [name, value] of COMMON) headers.set(name, value)
  headers.set('content-security-policy', path === '/docs' ? DOCS_CSP : API_CSP)
}
