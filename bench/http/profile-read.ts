/**
 * bench/http/profile-read.ts: `GET /v1/users/{name}`, the REST read bench:scale drives beside its
 * 100,000 connections, on one api node (a worker beside it), signed in and anonymous, against the
 * least server doing the same read (bare-profile-server.ts: Bun.serve + one postgres.js prepared
 * select of the account and its counts) in the same run, alternating rounds. Shows what the
 * platform adds per read (token check, rate limits, blocks, relationship, middleware, logging).
 *
 *   npm run bench:profile-read
 *   ROUNDS=5 DURATION=5s CONNECTIONS=32 npm run bench:profile-read
 *   PROFILE_DIR=/tmp/prof npm run bench:profile-read      (the api node under Bun's CPU profiler)
 */
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, jsonPoster, nodeScript, requireWrk, serve, signUpAccounts, wrk } from '../support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32)

await requireWrk('bench/http/profile-read')
const database = await createTestDatabase('bench_profile', { migrated: true })
const prefix = uniquePrefix('bench_profile')
const env = {
  DATABASE_URL: database.url,
  NATS_URL,
  NATS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  // One reader makes every request: the per-user limits would refuse most of them.
  RATE_LIMITS: '*=off',
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
  MIMALLOC_PURGE_DELAY: '-1',
}
const api = await serve(nodeScript('api'), { ...env, ROLES: 'api' })
const worker = await serve('src/main.ts', { ...env, ROLES: 'worker' })
const bare = await serve('bench/http/bare-profile-server.ts', env)
try {
  const [reader, author] = await signUpAccounts(jsonPoster(api.url), database.url, 2, 'profile')
  const path = `/v1/users/${author!.username}`
  const load = { connections: CONNECTIONS, duration: DURATION }
  const signedIn = { ...load, headers: { authorization: `Bearer ${reader!.token}` } }
  for (const [server, opts] of [
    [api, signedIn],
    [api, load],
    [bare, load],
  ] as const)
    await wrk(server, path, { ...opts, duration: '2s' })
  await compare({
    title: `GET ${path.replace(author!.username, '{name}')} signed in, ${CONNECTIONS} connections, rounds of ${DURATION}`,
    rounds: ROUNDS,
    subject: { name: 'platform', run: () => wrk(api, path, signedIn) },
    baseline: { name: 'bare', run: () => wrk(bare, path, load) },
    reference: { name: 'anonymous', run: () => wrk(api, path, load) },
    aim: 0.5,
  })
} finally {
  for (const s of [api, worker, bare]) {
    s.proc.kill('SIGTERM')
    await s.proc.exited
  }
  await removeNatsPrefix(prefix)
  await database.drop()
}
