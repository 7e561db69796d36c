/**
 * bench/http: requests per second and p50/p99 latency of a small JSON route (GET /v1) through the
 * whole middleware stack (request id, logging, metrics, CORS, security headers, Elysia), against
 * bare Bun.serve returning the same bytes, measured in the same run, alternating rounds.
 *
 *   npm run bench:http                        (needs wrk: apt-get install -y wrk)
 *   ROUNDS=5 DURATION=5s CONNECTIONS=50 npm run bench:http
 */
import { $ } from 'bun'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const DURATION = process.env.DURATION ?? '5s'
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50)

interface Sample {
  rps: number
  p50: number
  p99: number
  /** Server CPU time (user + system, all threads) per request, in microseconds. */
  cpuUs: number
}

/** CPU seconds a process has used, from /proc (clock ticks of 10 ms). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

if (!(await $`which wrk`.nothrow().quiet()).stdout.length) {
  console.error('bench/http needs wrk: apt-get install -y wrk')
  process.exit(2)
}

/**
 * Each server runs in its own process with its logs going to /dev/null (as they would go to a log
 * shipper), so that the benchmark process spends nothing on them.
 */
async function serve(script: string, env: Record<string, string>) {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  const proc = Bun.spawn([process.execPath, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdout: 'ignore',
    stderr: 'inherit',
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 200; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return { proc, url }
    await Bun.sleep(50)
  }
  throw new Error(`${script} did not start`)
}

const database = await createTestDatabase('bench_http')
const prefix = uniquePrefix('bench')
const platform = await serve('src/main.ts', {
  DATABASE_URL: database.url,
  NATS_PREFIX: prefix,
  ROLES: 'api',
  LOG_LEVEL: 'info',
})
const platformUrl = platform.url
const body = await (await fetch(`${platformUrl}/v1`)).text()
const bare = await serve('bench/http/bare-server.ts', { BENCH_BODY: body })
const bareUrl = bare.url

async function wrk(url: string, pid: number): Promise<Sample> {
  const cpuBefore = await cpuSeconds(pid)
  const out = await $`wrk -t1 -c${CONNECTIONS} -d${DURATION} --latency ${url}/v1`.text()
  const cpu = (await cpuSeconds(pid)) - cpuBefore
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(out)
    if (!m) throw new Error(`no ${p}% latency in wrk output:\n${out}`)
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[m[2] as 'us' | 'ms' | 's']
  }
  return { rps, p50: latency('50'), p99: latency('99'), cpuUs: (cpu / requests) * 1e6 }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

try {
  // Warm both (JIT, connection setup) before measuring.
  await $`wrk -t1 -c${CONNECTIONS} -d2s ${platformUrl}/v1`.quiet()
  await $`wrk -t1 -c${CONNECTIONS} -d2s ${bareUrl}/v1`.quiet()
  const results: { platform: Sample[]; bare: Sample[]; ratio: number[] } = {
    platform: [],
    bare: [],
    ratio: [],
  }
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await wrk(platformUrl, platform.proc.pid)
    const b = await wrk(bareUrl, bare.proc.pid)
    results.platform.push(p)
    results.bare.push(b)
    results.ratio.push(p.rps / b.rps)
    console.log(
      `round ${round}: platform ${p.rps.toFixed(0)} req/s (p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms)` +
        ` | bare ${b.rps.toFixed(0)} req/s (p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms)` +
        ` | ratio ${(p.rps / b.rps).toFixed(2)} | CPU per request ${p.cpuUs.toFixed(1)} vs ${b.cpuUs.toFixed(1)} µs`,
    )
  }
  const row = (name: string, s: Sample[]) =>
    `${name.padEnd(9)} ${median(s.map((x) => x.rps))
      .toFixed(0)
      .padStart(
        8,
      )} req/s   p50 ${median(s.map((x) => x.p50)).toFixed(2)} ms   p99 ${median(s.map((x) => x.p99)).toFixed(2)} ms`
  console.log(`\nGET /v1, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION}, medians:`)
  console.log(row('platform', results.platform))
  console.log(row('bare Bun', results.bare))
  console.log(
    `ratio (platform / bare Bun, median of rounds): ${median(results.ratio).toFixed(2)}  (aim: >= 0.70)`,
  )
} finally {
  platform.proc.kill('SIGTERM')
  bare.proc.kill('SIGTERM')
  await Promise.all([platform.proc.exited, bare.proc.exited])
  await removeNatsPrefix(prefix)
  await database.drop()
}
