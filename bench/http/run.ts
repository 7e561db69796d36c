/**
 * bench/http: requests per second and p50/p99 latency of a small JSON route (GET /v1) through the
 * whole middleware stack (request id, logging, metrics, CORS, security headers, Elysia), against
 * bare Bun.serve returning the same bytes (body and headers), measured in the same run, alternating
 * rounds; and, for reference, bare Bun.serve sending the body with its content type alone.
 *
 *   npm run bench:http                        (needs wrk: apt-get install -y wrk)
 *   ROUNDS=5 DURATION=5s CONNECTIONS=50 npm run bench:http
 *   MIMALLOC_PURGE_DELAY=100 npm run bench:http   (Bun's allocator as it comes)
 *
 * Every server runs with Bun's allocator set as API nodes are deployed (MIMALLOC_PURGE_DELAY=-1,
 * deploy/compose.yaml), the baselines too, so that the ratio is the middleware stack's alone.
 */
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, requireWrk, serve, wrk } from '../support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

await requireWrk('bench/http')
const allocator = { MIMALLOC_PURGE_DELAY: process.env.MIMALLOC_PURGE_DELAY ?? '-1' }
console.log(`allocator: MIMALLOC_PURGE_DELAY=${allocator.MIMALLOC_PURGE_DELAY} for every server`)
const database = await createTestDatabase('bench_http')
const prefix = uniquePrefix('bench')
const platform = await serve('src/main.ts', {
  DATABASE_URL: database.url,
  NATS_PREFIX: prefix,
  ROLES: 'api',
  LOG_LEVEL: 'info',
  ...allocator,
})
// The same bytes: the route's body and headers (Bun adds Date and Content-Length to both).
const sample = await fetch(`${platform.url}/v1`)
const body = await sample.text()
const headers = [...sample.headers].filter(([name]) => name !== 'date' && name !== 'content-length')
const bare = await serve('bench/http/bare-server.ts', {
  BENCH_BODY: body,
  BENCH_HEADERS: JSON.stringify(headers),
  ...allocator,
})
// For reference: the body with its content type alone (what this baseline was before 2026-12-06).
const bodyOnly = await serve('bench/http/bare-server.ts', { BENCH_BODY: body, ...allocator })

try {
  const load = { connections: CONNECTIONS, duration: DURATION }
  // Warm both (JIT, connection setup) before measuring.
  await wrk(platform, '/v1', { ...load, duration: '2s' })
  await wrk(bare, '/v1', { ...load, duration: '2s' })
  await wrk(bodyOnly, '/v1', { ...load, duration: '2s' })
  await compare({
    title: `GET /v1, ${CONNECTIONS} connections, rounds of ${DURATION}`,
    rounds: ROUNDS,
    subject: { name: 'platform', run: () => wrk(platform, '/v1', load) },
    baseline: { name: 'bare Bun', run: () => wrk(bare, '/v1', load) },
    reference: { name: 'body only', run: () => wrk(bodyOnly, '/v1', load) },
    aim: 0.7,
  })
} finally {
  platform.proc.kill('SIGTERM')
  bare.proc.kill('SIGTERM')
  bodyOnly.proc.kill('SIGTERM')
  await Promise.all([platform.proc.exited, bare.proc.exited, bodyOnly.proc.exited])
  await removeNatsPrefix(prefix)
  await database.drop()
}
