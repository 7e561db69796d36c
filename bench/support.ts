/**
 * What the benchmarks share: servers in their own processes, wrk runs measured with the server's
 * CPU time, alternating rounds against a baseline, medians.
 */
import { readdir } from 'node:fs/promises'
import { $ } from 'bun'
import { signupTokenIn } from '../test/support/accounts.ts'

export interface Sample {
  rps: number
  p50: number
  p99: number
  /** Server CPU time (user + system, all threads) per request, in microseconds. */
  cpuUs: number
}

export interface Server {
  proc: ReturnType<typeof Bun.spawn>
  url: string
}

export async function requireWrk(name: string): Promise<void> {
  if (!(await $`which wrk`.nothrow().quiet()).stdout.length) {
    console.error(`${name} needs wrk: apt-get install -y wrk`)
    process.exit(2)
  }
}

/**
 * CPU seconds a process has used, from /proc (clock ticks of 10 ms); with `children`, those of
 * the child processes it has waited for too (ffmpeg runs of a worker).
 */
export async function cpuSeconds(pid: number, children = false): Promise<number> {
  const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(') ')[1]!.split(' ')
  const own = Number(fields[11]) + Number(fields[12])
  return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / 100
}

/**
 * Runs a server (a script under Bun, or a whole command) in its own process on a free PORT, with
 * its logs going to /dev/null (as they would go to a log shipper), so that the benchmark process
 * spends nothing on them; waits for /healthz.
 */
/**
 * How a bench starts a platform node: `src/main.ts` under Bun, or, with `PROFILE_DIR=dir` set,
 * under Bun's CPU profiler, each process writing `<name>.cpuprofile` and a markdown summary
 * `<name>.md` there when it exits.
 */
export function nodeScript(name: string): string | string[] {
  const dir = process.env.PROFILE_DIR
  if (!dir) return 'src/main.ts'
  return [
    process.execPath,
    '--cpu-prof',
    '--cpu-prof-md',
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-name=${name}`,
    'src/main.ts',
  ]
}

export async function serve(
  script: string | string[],
  env: Record<string, string>,
  /**
   * How long the server may take to be ready: a minute by default, since on a loaded machine a
   * node's boot (migrations, NATS streams) takes its time; Node under tsx loads slower than Bun.
   */
  startTimeoutMs = 60_000,
): Promise<Server> {
  const probe = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = probe.port
  probe.stop(true)
  const proc = Bun.spawn(typeof script === 'string' ? [process.execPath, script] : script, {
    env: { ...process.env, LIVE_RTMP_PORT: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdout: 'ignore',
    stderr: 'inherit',
  })
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + startTimeoutMs; Date.now() < deadline; ) {
    // Ready, not only alive: a node still connecting answers 503, which a bench would count as
    // failures. The bare baselines have no /readyz (404): answering at all is their readiness.
    const up = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200 || r.status === 404,
      () => false,
    )
    if (up) return { proc, url }
    await Bun.sleep(50)
  }
  throw new Error(`${script} did not start`)
}

export async function wrk(
  server: Server,
  path: string,
  opts: { connections: number; duration: string; headers?: Record<string, string>; script?: string },
): Promise<Sample> {
  const headerArgs = Object.entries(opts.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`])
  if (opts.script) headerArgs.push('-s', opts.script)
  const before = await cpuSeconds(server.proc.pid)
  const out =
    await $`wrk -t1 -c${opts.connections} -d${opts.duration} --latency ${headerArgs} ${server.url}${path}`.text()
  const cpu = (await cpuSeconds(server.proc.pid)) - before
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
  if (non2xx > 0) throw new Error(`${non2xx} of ${requests} requests to ${server.url}${path} failed`)
  const latency = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out)
    if (!m) throw new Error(`no ${p}% latency in wrk output:\n${out}`)
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[m[2] as 'us' | 'ms' | 's']
  }
  return { rps, p50: latency('50'), p99: latency('99'), cpuUs: (cpu / requests) * 1e6 }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/**
 * Alternates rounds of the subject and the baseline, prints each round and the medians, the
 * throughput ratio and the CPU-cost ratio (steadier on a noisy machine).
 */
export async function compare(opts: {
  title: string
  rounds: number
  subject: { name: string; run: () => Promise<Sample> }
  baseline: { name: string; run: () => Promise<Sample> }
  /** Another baseline, run in the same rounds and printed beside, not held to the aim. */
  reference?: { name: string; run: () => Promise<Sample> }
  aim: number
}): Promise<void> {
  const s: Sample[] = []
  const b: Sample[] = []
  const r: Sample[] = []
  const ratios: number[] = []
  const referenceRatios: number[] = []
  for (let round = 1; round <= opts.rounds; round++) {
    const x = await opts.subject.run()
    const y = await opts.baseline.run()
    const z = await opts.reference?.run()
    s.push(x)
    b.push(y)
    ratios.push(x.rps / y.rps)
    if (z) {
      r.push(z)
      referenceRatios.push(x.rps / z.rps)
    }
    console.log(
      `round ${round}: ${opts.subject.name} ${x.rps.toFixed(0)} req/s (p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms)` +
        ` | ${opts.baseline.name} ${y.rps.toFixed(0)} req/s (p50 ${y.p50.toFixed(2)} ms, p99 ${y.p99.toFixed(2)} ms)` +
        ` | ratio ${(x.rps / y.rps).toFixed(2)} | CPU per request ${x.cpuUs.toFixed(1)} vs ${y.cpuUs.toFixed(1)} µs` +
        (z ? ` | ${opts.reference!.name} ${z.rps.toFixed(0)} req/s, ${z.cpuUs.toFixed(1)} µs` : ''),
    )
  }
  const row = (name: string, xs: Sample[]) =>
    `${name.padEnd(12)} ${median(xs.map((x) => x.rps))
      .toFixed(0)
      .padStart(
        8,
      )} req/s   p50 ${median(xs.map((x) => x.p50)).toFixed(2)} ms   p99 ${median(xs.map((x) => x.p99)).toFixed(2)} ms   CPU ${median(xs.map((x) => x.cpuUs)).toFixed(1)} µs/request`
  console.log(`\n${opts.title}, ${opts.rounds} rounds, medians:`)
  console.log(row(opts.subject.name, s))
  console.log(row(opts.baseline.name, b))
  if (opts.reference) console.log(row(opts.reference.name, r))
  console.log(
    `ratio (${opts.subject.name} / ${opts.baseline.name}, median of rounds): ${median(ratios).toFixed(2)}  (aim: >= ${opts.aim.toFixed(2)})`,
  )
  if (opts.reference)
    console.log(
      `for reference: ${opts.subject.name} / ${opts.reference.name}: ${median(referenceRatios).toFixed(2)}`,
    )
  const cpuRatio = median(b.map((x) => x.cpuUs)) / median(s.map((x) => x.cpuUs))
  console.log(
    `CPU-cost ratio (${opts.baseline.name} µs/request ÷ ${opts.subject.name} µs/request): ${cpuRatio.toFixed(2)}`,
  )
}

/**
 * Open-loop load: requests sent at a fixed rate whatever the answers do, each timed from when it
 * was due (so a stall counts against every request it delays). Returns sorted latencies in ms.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<Response>,
): Promise<{ latencies: number[]; failed: number }> {
  const interval = 1000 / rate
  const start = performance.now()
  const latencies: number[] = []
  const pending: Promise<void>[] = []
  let failed = 0
  for (let i = 0; ; i++) {
    const due = start + i * interval
    if (due > start + seconds * 1000) break
    const wait = due - performance.now()
    if (wait > 1) await Bun.sleep(wait)
    pending.push(
      send(i).then(
        async (res) => {
          await res.arrayBuffer()
          if (res.ok) latencies.push(performance.now() - due)
          else failed++
        },
        () => {
          failed++
        },
      ),
    )
  }
  await Promise.all(pending)
  return { latencies: latencies.sort((a, b) => a - b), failed }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

/** The lines of a byte stream (a child's stdout, our stdin), as they arrive. */
export async function* lines(stream: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true })
    let nl = buffered.indexOf('\n')
    while (nl >= 0) {
      yield buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      nl = buffered.indexOf('\n')
    }
  }
}

/** CPU seconds used by every process running `command` (all of PostgreSQL's backends, say). */
export async function cpuOfCommand(command: string): Promise<number> {
  let total = 0
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const stat = await Bun.file(`/proc/${pid}/stat`)
      .text()
      .catch(() => '')
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(') ')
    if (open < 0 || stat.slice(open + 1, close) !== command) continue
    const fields = stat.slice(close + 2).split(' ')
    total += Number(fields[11]) + Number(fields[12])
  }
  return total / 100
}

/**
 * CPU seconds used by a process and all its descendants alive now (a node and its ffmpeg
 * children), each with the children it has already waited for: what a process tree has spent.
 */
export async function cpuOfTree(root: number): Promise<number> {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const stat = await Bun.file(`/proc/${pid}/stat`)
      .text()
      .catch(() => '')
    if (!stat) continue
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ')
    stats.set(Number(pid), {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    })
  }
  let total = 0
  const tree = new Set([root])
  // Parents come before children in pid order but not always (pids wrap): repeat until stable.
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, s] of stats)
      if (!tree.has(pid) && tree.has(s.ppid)) {
        tree.add(pid)
        grew = true
      }
  }
  for (const pid of tree) total += stats.get(pid)?.ticks ?? 0
  return total / 100
}

/**
 * A JSON POST to a node as client `i` (its own `X-Forwarded-For` in `net`, so per-address limits
 * do not pool every bench client into one): the answer's JSON, or an error naming the status.
 */
export function jsonPoster(baseUrl: string, net = '10.8') {
  return async (path: string, body: unknown, token?: string, i = 0): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `${net}.${i >> 8}.${i & 255}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    })
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
}

/**
 * Signs up `count` accounts through the API (register, then confirm with the token read from the
 * node's database): their names and access tokens, in order.
 */
export async function signUpAccounts(
  post: ReturnType<typeof jsonPoster>,
  databaseUrl: string,
  count: number,
  prefix: string,
): Promise<{ username: string; token: string }[]> {
  const users: { username: string; token: string }[] = []
  for (let i = 0; i < count; i++) {
    const username = `${prefix}${i}_${Math.random().toString(36).slice(2, 6)}`
    const email = `${username}@b.test`
    await post(
      '/v1/auth/register',
      { username, email, password: `Bench-${crypto.randomUUID()}` },
      undefined,
      i,
    )
    const r = await post(
      '/v1/auth/register/confirm',
      { token: await signupTokenIn(databaseUrl, email) },
      undefined,
      i,
    )
    users.push({ username, token: String(r.accessToken) })
  }
  return users
}
