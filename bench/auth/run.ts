/**
 * bench/auth: authenticated GET /v1/me through the whole platform (token check with the
 * revocation list, permission, the account and its profile read) against bare Bun.serve verifying
 * the same JWT and reading the same rows with postgres.js, in the same run; then sign-ins per second with the
 * argon2id parameters in force.
 *
 *   npm run bench:auth                 (needs wrk: apt-get install -y wrk)
 *   ROUNDS=5 DURATION=5s CONNECTIONS=50 LOGIN_SECONDS=5 npm run bench:auth
 */
import postgres from 'postgres'
import { loadConfig } from '../../src/platform/config.ts'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { compare, median, requireWrk, serve, wrk } from '../support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)
const LOGIN_SECONDS = Number(process.env.LOGIN_SECONDS ?? 5)
const LOGIN_CONCURRENCY = Number(process.env.LOGIN_CONCURRENCY ?? 4)

await requireWrk('bench/auth')
const { config } = loadConfig(process.env)
const database = await createTestDatabase('bench_auth')
const prefix = uniquePrefix('bench_auth')
const platform = await serve('src/main.ts', {
  DATABASE_URL: database.url,
  NATS_PREFIX: prefix,
  ROLES: 'api',
  TRUST_PROXY: 'true',
  // One client's requests by the thousand: the per-user limit of reads would refuse most of them.
  RATE_LIMITS: 'api.reads=off',
})

const password = `Bench-${crypto.randomUUID()}`
await fetch(`${platform.url}/v1/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench_user', email: 'bench@example.test', password }),
})
const register = await fetch(`${platform.url}/v1/auth/register/confirm`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ token: await signupTokenIn(database.url, 'bench@example.test') }),
})
const { accessToken } = (await register.json()) as { accessToken: string }
const sql = postgres(database.url, { max: 1 })
const [key] = await sql`select secret from signing_keys order by created_at desc limit 1`
await sql.end()
const bare = await serve('bench/auth/bare-server.ts', {
  DATABASE_URL: database.url,
  BENCH_KEY: Buffer.from(key!.secret).toString('base64'),
})

async function logins(): Promise<{ perSecond: number; p50: number; p99: number }> {
  const deadline = Date.now() + LOGIN_SECONDS * 1000
  const times: number[] = []
  let i = 0
  await Promise.all(
    Array.from({ length: LOGIN_CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now()
        const res = await fetch(`${platform.url}/v1/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.1.${(i >> 8) & 255}.${i++ & 255}`,
          },
          body: JSON.stringify({ login: 'bench_user', password }),
        })
        if (res.status !== 200) throw new Error(`login answered ${res.status}: ${await res.text()}`)
        times.push(performance.now() - started)
      }
    }),
  )
  const sorted = times.sort((a, b) => a - b)
  return {
    perSecond: times.length / LOGIN_SECONDS,
    p50: median(sorted),
    p99: sorted[Math.floor(sorted.length * 0.99)]!,
  }
}

try {
  const load = {
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${accessToken}` },
  }
  await wrk(platform, '/v1/me', { ...load, duration: '2s' })
  await wrk(bare, '/me', { ...load, duration: '2s' })
  await compare({
    title: `authenticated GET /v1/me, ${CONNECTIONS} connections, rounds of ${DURATION}`,
    rounds: ROUNDS,
    subject: { name: 'platform', run: () => wrk(platform, '/v1/me', load) },
    baseline: { name: 'bare Bun', run: () => wrk(bare, '/me', load) },
    aim: 0.6,
  })

  const params = { memoryCost: config.auth.passwordMemoryKib, timeCost: config.auth.passwordTimeCost }
  const hashTimes: number[] = []
  for (let n = 0; n < 5; n++) {
    const started = performance.now()
    await Bun.password.hash(password, { algorithm: 'argon2id', ...params })
    hashTimes.push(performance.now() - started)
  }
  const login = await logins()
  console.log(
    `\nargon2id m=${params.memoryCost} KiB t=${params.timeCost} p=1: one hash ${median(hashTimes).toFixed(1)} ms (median of 5)`,
  )
  console.log(
    `sign-ins (POST /v1/auth/login), ${LOGIN_CONCURRENCY} at a time for ${LOGIN_SECONDS} s: ` +
      `${login.perSecond.toFixed(1)} per second, p50 ${login.p50.toFixed(1)} ms, p99 ${login.p99.toFixed(1)} ms`,
  )
} finally {
  platform.proc.kill('SIGTERM')
  bare.proc.kill('SIGTERM')
  await Promise.all([platform.proc.exited, bare.proc.exited])
  await removeNatsPrefix(prefix)
  await database.drop()
}
