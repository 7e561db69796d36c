/**
 * bench:stack — the whole stack under mixed traffic, through the local cluster's nginx (2 api
 * nodes, 2 gateways, 2 workers, NATS R3: deploy/local-cluster) and, in the same run, against one
 * all-in-one process (API, gateway and worker together, one NATS server).
 *
 * For each: ACCOUNTS accounts signed up through the API, each following FOLLOWS others and with
 * a few posts; then for DURATION seconds
 * - REST from CLIENTS processes of CONCURRENCY loops (bench/stack/rest-client.ts): home timelines
 *   50%, profiles 20%, likes 15%, new posts 15%, each as a random account;
 * - WebSocket: every account connected to the gateway (through the balancer), hearing its
 *   notifications (the likes and follows above) and direct messages: DM_RATE messages a second
 *   sent over REST in one-to-one conversations, each timed from its send to its arrival.
 * Printed: requests/s and p50/p99 per kind, errors (must be 0), events/s received, DM p50/p99,
 * and the CPU of every process (in % of a core over the run).
 *
 * The run fails (exit 1) when any request or DM send failed.
 *
 *   npm run bench:stack                    150 s each (about 8 minutes with the seeding)
 *   SHORT=1 npm run bench:stack            20 s each, 30 accounts (a quick check)
 *   DURATION=60 CLIENTS=3 CONCURRENCY=16 ACCOUNTS=60 DM_RATE=100 npm run bench:stack
 */
import { rmSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { localCluster } from '../../test/support/cluster.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuSeconds, serve } from '../support.ts'

const SHORT = process.env.SHORT === '1'
const DURATION = Number(process.env.DURATION ?? (SHORT ? 20 : 150))
const CLIENTS = Number(process.env.CLIENTS ?? 3)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16)
const ACCOUNTS = Number(process.env.ACCOUNTS ?? (SHORT ? 30 : 60))
const FOLLOWS = Math.min(ACCOUNTS - 1, Number(process.env.FOLLOWS ?? 20))
const DM_RATE = Number(process.env.DM_RATE ?? 50)

const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! : Number.NaN
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

interface Target {
  name: string
  url: string
  databaseUrl: string
  /** The processes whose CPU is reported: name → pid. */
  pids(): Record<string, number>
  /** Error lines of the processes' logs (printed when the run fails). */
  errors?(): string
  stop(): Promise<void>
}

async function clusterTarget(): Promise<Target> {
  const cluster = localCluster('bench_stack', {
    RATE_LIMITS: '*=off',
    LOG_LEVEL: 'warn',
    // Every account connects at once from one address (the bench's), which the gateways' guard
    // against unauthenticated connections would refuse past 20 (429).
    GATEWAY_MAX_PENDING_PER_ADDRESS: '100000',
  })
  const started = cluster.run('start')
  if (started.code !== 0) throw new Error(`the cluster did not start:\n${started.out}`)
  const names = [
    'nginx',
    'api-1',
    'api-2',
    'gateway-1',
    'gateway-2',
    'worker-1',
    'worker-2',
    'nats-1',
    'nats-2',
    'nats-3',
  ]
  return {
    name: 'cluster (nginx, 2 api, 2 gateway, 2 worker, NATS R3)',
    url: cluster.url,
    databaseUrl: cluster.databaseUrl,
    pids: () => Object.fromEntries(names.map((n) => [n, cluster.pid(n)])),
    errors: () =>
      Bun.spawnSync([
        'sh',
        '-c',
        `grep -h '"level":"error"' ${cluster.dir}/logs/*.log | tail -5`,
      ]).stdout.toString(),
    stop: () => cluster.remove(),
  }
}

async function allInOneTarget(): Promise<Target> {
  const database = await createTestDatabase('bench_stack_one')
  const prefix = uniquePrefix('bench_stack_one')
  const dir = join(tmpdir(), `sf-bench-stack-${process.pid}`)
  const server = await serve('src/main.ts', {
    DATABASE_URL: database.url,
    NATS_URL,
    NATS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    STORAGE_DIR: join(dir, 'storage'),
    UPLOADS_DIR: join(dir, 'uploads'),
    VIDEO_WORK_DIR: join(dir, 'work'),
    LIVE_WORK_DIR: join(dir, 'live'),
    MAIL_DIR: join(dir, 'mail'),
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
    RATE_LIMITS: '*=off',
    GATEWAY_MAX_PENDING_PER_ADDRESS: '100000',
  })
  const natsPid = Number((await Bun.$`pgrep -o -x nats-server`.nothrow().text()).trim())
  return {
    name: 'all-in-one (one process, one NATS server)',
    url: server.url,
    databaseUrl: database.url,
    pids: () => ({ node: server.proc.pid, ...(natsPid ? { 'nats-server': natsPid } : {}) }),
    async stop() {
      server.proc.kill('SIGTERM')
      await server.proc.exited
      await removeNatsPrefix(prefix)
      await database.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the bench reads whatever JSON the route answers
async function call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : {}
}

/** Accounts, follows, posts and one-to-one conversations, through the API. */
async function seed(t: Target) {
  const accounts: { token: string; username: string; id: string }[] = []
  for (let i = 0; i < ACCOUNTS; i += 10)
    accounts.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, ACCOUNTS - i) }, async (_, j) => {
          const username = `st${i + j}_${process.pid % 100000}`
          const email = `${username}@example.test`
          await call(t.url, 'POST', '/v1/auth/register', {
            username,
            email,
            password: `Pw-${crypto.randomUUID()}`,
          })
          const confirmed = await call(t.url, 'POST', '/v1/auth/register/confirm', {
            token: await signupTokenIn(t.databaseUrl, email),
          })
          const me = await call(t.url, 'GET', '/v1/me', undefined, confirmed.accessToken)
          return { token: String(confirmed.accessToken), username, id: String(me.id) }
        }),
      )),
    )
  await Promise.all(
    accounts.map(async (a, i) => {
      for (let k = 1; k <= FOLLOWS; k++)
        await call(
          t.url,
          'POST',
          `/v1/users/${accounts[(i + k) % accounts.length]!.username}/follow`,
          undefined,
          a.token,
        )
    }),
  )
  const postIds = (
    await Promise.all(
      accounts.flatMap((a) =>
        [1, 2, 3].map(
          async (n) => (await call(t.url, 'POST', '/v1/posts', { text: `seed ${n}` }, a.token)).id,
        ),
      ),
    )
  ).map(String)
  // One conversation per account with the next one: DMs go both ways.
  const conversations = await Promise.all(
    accounts.map(async (a, i) => {
      const other = accounts[(i + 1) % accounts.length]!
      const c = await call(t.url, 'POST', '/v1/conversations', { members: [other.username] }, a.token)
      return { id: String(c.id), sender: a.token }
    }),
  )
  return { accounts, postIds, conversations }
}

async function run(t: Target) {
  console.log(`\n# ${t.name}: ${t.url}`)
  const seeded = await seed(t)
  console.log(
    `seeded ${seeded.accounts.length} accounts, ${FOLLOWS} follows each, ${seeded.postIds.length} posts`,
  )

  // Every account connected, counting what arrives; DMs timed by the send time in their text.
  let events = 0
  let notifications = 0
  const dmLatency: number[] = []
  const sockets = await Promise.all(
    seeded.accounts.map(
      (a) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${t.url.replace('http', 'ws')}/v1/gateway`)
          ws.addEventListener('message', (e) => {
            const f = JSON.parse(String(e.data))
            if (f.op === 'hello') ws.send(JSON.stringify({ op: 'auth', token: a.token }))
            else if (f.op === 'ready') resolve(ws)
            else if (f.op === 'event') {
              events++
              if (f.type === 'notification') notifications++
              // The recipient's copy (should the sender get one too, it is not counted).
              const sent =
                f.type === 'conversation' &&
                f.data?.lastMessage?.sender?.id !== a.id &&
                /^dm (\d+)$/.exec(f.data?.lastMessage?.text ?? '')
              if (sent) dmLatency.push(Date.now() - Number(sent[1]))
            }
          })
          ws.addEventListener('error', reject)
        }),
    ),
  )

  const pids = t.pids()
  const pgPids = async () => {
    const out: number[] = []
    for (const pid of await readdir('/proc'))
      if (
        /^\d+$/.test(pid) &&
        (
          await Bun.file(`/proc/${pid}/stat`)
            .text()
            .catch(() => '')
        ).includes('(postgres)')
      )
        out.push(Number(pid))
    return out
  }
  const cpuOf = async () => {
    const out: Record<string, number> = {}
    for (const [name, pid] of Object.entries(pids)) out[name] = await cpuSeconds(pid).catch(() => 0)
    let pg = 0
    for (const pid of await pgPids()) pg += await cpuSeconds(pid).catch(() => 0)
    out.postgresql = pg
    return out
  }
  const cpuBefore = await cpuOf()
  const eventsBefore = events
  const notificationsBefore = notifications
  const dmsBefore = dmLatency.length
  const started = performance.now()

  // DMs at DM_RATE a second, round the conversations.
  let dmSent = 0
  let dmErrors = 0
  const dms = (async () => {
    while (performance.now() - started < DURATION * 1000) {
      const c = seeded.conversations[dmSent % seeded.conversations.length]!
      dmSent++
      void call(
        t.url,
        'POST',
        `/v1/conversations/${c.id}/messages`,
        { text: `dm ${Date.now()}`, clientId: crypto.randomUUID() },
        c.sender,
      ).catch(() => {
        dmErrors++
      })
      await Bun.sleep(1000 / DM_RATE)
    }
  })()

  let clientCpu = 0
  const clients = Array.from({ length: CLIENTS }, () => {
    const proc = Bun.spawn([process.execPath, 'bench/stack/rest-client.ts'], {
      stdin: 'pipe',
      stdout: 'pipe',
    })
    proc.stdin.write(
      JSON.stringify({
        url: t.url,
        accounts: seeded.accounts,
        postIds: seeded.postIds,
        durationMs: DURATION * 1000,
        concurrency: CONCURRENCY,
      }),
    )
    proc.stdin.end()
    return proc
  })
  const results = (await Promise.all(
    clients.map(async (p) => {
      const out = JSON.parse(await new Response(p.stdout).text())
      await p.exited
      const usage = p.resourceUsage()
      clientCpu += usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6 : 0
      return out
    }),
  )) as {
    latencies: Record<string, number[]>
    errors: Record<string, number>
  }[]
  await dms
  await Bun.sleep(2000)
  const seconds = (performance.now() - started) / 1000
  const cpuAfter = await cpuOf()
  for (const ws of sockets) ws.close()

  const kinds = ['home', 'profile', 'like', 'post']
  const all = kinds.map((k) => results.flatMap((r) => r.latencies[k] ?? []))
  const total = all.reduce((n, xs) => n + xs.length, 0)
  const errors: Record<string, number> = {}
  for (const r of results) for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + n
  console.log(
    `REST: ${fmt(total / DURATION)} requests/s over ${DURATION} s (${CLIENTS} processes × ${CONCURRENCY})`,
  )
  for (const [i, k] of kinds.entries())
    console.log(
      `  ${k.padEnd(8)} ${fmt(all[i]!.length / DURATION)}/s  p50 ${pct(all[i]!, 0.5).toFixed(1)} ms  p99 ${pct(all[i]!, 0.99).toFixed(1)} ms`,
    )
  console.log(
    `  errors: ${Object.keys(errors).length ? JSON.stringify(errors) : 0}; DM sends failed: ${dmErrors}`,
  )
  const arrived = dmLatency.slice(dmsBefore)
  console.log(
    `WebSocket: ${sockets.length} connections, ${fmt((events - eventsBefore) / seconds)} messages/s received (${fmt((notifications - notificationsBefore) / seconds)} notifications/s); DMs ${fmt(dmSent / DURATION)}/s sent, ${arrived.length} of ${dmSent} arrived, p50 ${pct(arrived, 0.5).toFixed(0)} ms, p99 ${pct(arrived, 0.99).toFixed(0)} ms`,
  )
  console.log(
    `CPU (% of a core): ${Object.entries(cpuAfter)
      .map(([name, s]) => `${name} ${(((s - cpuBefore[name]!) / seconds) * 100).toFixed(0)}`)
      .join(', ')}; the bench's REST clients ${((clientCpu / seconds) * 100).toFixed(0)}`,
  )
  return {
    rps: total / DURATION,
    msgs: (events - eventsBefore) / seconds,
    p99: Object.fromEntries(kinds.map((k, i) => [k, pct(all[i]!, 0.99)])),
    dmP99: pct(arrived, 0.99),
    dmLost: dmSent - dmErrors - arrived.length,
    errors: Object.values(errors).reduce((a, b) => a + b, 0) + dmErrors,
  }
}

console.log(
  `bench:stack: ${DURATION} s each, ${ACCOUNTS} accounts, REST from ${CLIENTS} processes × ${CONCURRENCY}, DMs ${DM_RATE}/s; load average ${(await Bun.file('/proc/loadavg').text()).split(' ').slice(0, 3).join(' ')}`,
)
const summary: string[] = []
const outcomes: Awaited<ReturnType<typeof run>>[] = []
for (const make of [clusterTarget, allInOneTarget]) {
  const target = await make()
  try {
    const r = await run(target)
    outcomes.push(r)
    summary.push(
      `${target.name}: ${fmt(r.rps)} requests/s (p99 ${Object.entries(r.p99)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(
          ', ',
        )} ms), ${fmt(r.msgs)} WebSocket messages/s, DM p99 ${r.dmP99.toFixed(0)} ms, ${r.dmLost} DMs not arrived, ${r.errors} errors`,
    )
  } catch (error) {
    console.error(target.errors?.() ?? '')
    throw error
  } finally {
    await target.stop()
  }
}
const [cluster, one] = outcomes
console.log(`\n${summary.join('\n')}`)
if (cluster && one)
  console.log(
    `ratio cluster / all-in-one: requests/s ${(cluster.rps / one.rps).toFixed(2)}, WebSocket messages/s ${(cluster.msgs / one.msgs).toFixed(2)}`,
  )
if (outcomes.some((r) => r.errors > 0)) process.exitCode = 1
