/**
 * bench/http: requests per second and p50/p99 latency of a small JSON route (GET /v1) through the
 * whole middleware stack (request id, logging, metrics, CORS, security headers, Elysia), against
 * bare Bun.serve returning the same bytes, measured in the same run, alternating rounds.
 *
 *   npm run bench:http                        (needs wrk: apt-get install -y wrk)
 *   ROUNDS=5 DURATION=5s CONNECTIONS=50 npm run bench:http
 */
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, requireWrk, serve, wrk } from '../support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

await requireWrk('bench/http')
const database = await createTestDatabase('bench_http')
const prefix = uniquePrefix('bench')
const platform = await serve('src/main.ts', {
  DATABASE_URL: database.url,
  NATS_PREFIX: prefix,
  ROLES: 'api',
  LOG_LEVEL: 'info',
})
const body = await (await fetch(`${platform.url}/v1`)).text()
const bare = await serve('bench/http/bare-server.ts', { BENCH_BODY: body })

try {
  const load = { connections: CONNECTIONS, duration: DURATION }
  // Warm both (JIT, connection setup) before measuring.
  await wrk(platform, '/v1', { ...load, duration: '2s' })
  await wrk(bare, '/v1', { ...load, duration: '2s' })
  await compare({
    title: `GET /v1, ${CONNECTIONS} connections, rounds of ${DURATION}`,
    rounds: ROUNDS,
    subject: { name: 'platform', run: () => wrk(platform, '/v1', load) },
    baseline: { name: 'bare Bun', run: () => wrk(bare, '/v1', load) },
    aim: 0.7,
  })
} finally {
  platform.proc.kill('SIGTERM')
  bare.proc.kill('SIGTERM')
  await Promise.all([platform.proc.exited, bare.proc.exited])
  await removeNatsPrefix(prefix)
  await database.drop()
}
