/**
 * bench:scale — the seed's headline ("100,000+ concurrent users, 10,000+ req/s"), measured on
 * this one machine: CONNECTIONS (100,000) authenticated WebSockets held at once over GATEWAYS (6)
 * gateway nodes of the local cluster (deploy/local-cluster: nginx, 2 api nodes, 2 workers, NATS
 * R3), each gateway under its 20,000 open files; heartbeats running; a notification fanned out to
 * every connection; and REST through nginx beside it.
 *
 *   npm run bench:scale
 *   CONNECTIONS=20000 GATEWAYS=2 npm run bench:scale        (a smaller run)
 *
 * - USERS (1,000) accounts each hold CONNECTIONS / USERS connections (phones, tabs, desktops),
 *   spread over the gateways; every account follows one creator and has turned the `post`
 *   notification on.
 * - The clients (bench/gateway/clients.ts: lean RFC 6455 clients, a heartbeat every 25 s each)
 *   run in PROCS_PER_GATEWAY processes per gateway, each connecting straight to its gateway's own
 *   port: the WebSockets bypass nginx, which would need two descriptors per connection in each
 *   of its workers. Each client process keeps under its own 20,000 open files, and since every
 *   gateway has its own port, the (source, destination) pairs never run out of the 28,000
 *   ephemeral ports one destination allows.
 * - Printed: resident memory per connection (the gateways' growth, after a collection), the CPU
 *   heartbeats cost while idle (IDLE_S), and REST through nginx in two windows of REST_SECONDS:
 *   first beside the idle connections (heartbeats running), then beside the creator's post's
 *   notification reaching every connection (the last one's time, and how many never got it: must
 *   be 0). In each window two wrk processes drive `GET /v1/users/<creator>` (REST_PATH): one
 *   signed in (REST_CONNECTIONS, every request reaching an api node and PostgreSQL), one logged
 *   out (ANON_CONNECTIONS, answered mostly from the balancer's micro-cache: the answer is public
 *   for PUBLIC_CACHE_SECONDS), each with its rate and latencies, and their sum against the aim;
 *   and the CPU of every process over each window. ANON_CONNECTIONS=0 leaves the logged-out
 *   readers out.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { localCluster } from '../../test/support/cluster.ts'
import { Clients } from '../gateway/clients-pool.ts'
import { cpuOfCommand, cpuOfTree, cpuSeconds, requireWrk, wrk } from '../support.ts'

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100_000)
const GATEWAYS = Number(process.env.GATEWAYS ?? 6)
const PROCS_PER_GATEWAY = Number(process.env.PROCS_PER_GATEWAY ?? 2)
const USERS = Number(process.env.USERS ?? 1000)
const IDLE_S = Number(process.env.IDLE_S ?? 30)
const REST_SECONDS = Number(process.env.REST_SECONDS ?? 20)
const REST_CONNECTIONS = Number(process.env.REST_CONNECTIONS ?? 64)
const ANON_CONNECTIONS = Number(process.env.ANON_CONNECTIONS ?? 64)

await requireWrk('bench:scale')
const perGateway = Math.ceil(CONNECTIONS / GATEWAYS)
if (perGateway > 19_000)
  throw new Error(`${perGateway} connections a gateway: use more GATEWAYS (each under 20,000 files)`)
if (Math.ceil(perGateway / PROCS_PER_GATEWAY) > 19_000) throw new Error('use more PROCS_PER_GATEWAY')

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1])
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

const cluster = localCluster('bench_scale', {
  CLUSTER_GATEWAYS: String(GATEWAYS),
  RATE_LIMITS: '*=off',
  LOG_LEVEL: 'warn',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  GATEWAY_MAX_CONNECTIONS: '19000',
  GATEWAY_MAX_CONNECTIONS_PER_USER: String(Math.min(10_000, Math.ceil(CONNECTIONS / USERS) * 2)),
  // Every bench client comes from one address, thousands connecting at once.
  GATEWAY_MAX_PENDING_PER_ADDRESS: String(CONNECTIONS),
})
const gatewayNames = Array.from({ length: GATEWAYS }, (_, i) => `gateway-${i + 1}`)
const gatewayPort = (i: number) => cluster.base + [3, 4, 43, 44, 46, 47][i]!
const pools: Clients[] = []
try {
  const t0 = Date.now()
  const started = cluster.run('start')
  if (started.code !== 0) throw new Error(`the cluster did not start:\n${started.out}`)
  console.log(`cluster with ${GATEWAYS} gateways up in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  // ---- accounts: USERS followers of one creator, each with `post` notifications on ----
  const suffix = Math.random().toString(36).slice(2, 6)
  const creator = `creator_${suffix}`
  const creatorToken = await cluster.signUp(creator)
  const tokens: string[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < USERS) {
        const i = next++
        const token = await cluster.signUp(`fan${i}_${suffix}`)
        const follow = await cluster.json('POST', `/v1/users/${creator}/follow`, undefined, token)
        if (follow.status >= 300) throw new Error(`follow: ${follow.status} ${JSON.stringify(follow.body)}`)
        const prefs = await cluster.json(
          'PUT',
          '/v1/notifications/preferences',
          { types: { post: { channels: { in_app: true } } } },
          token,
        )
        if (prefs.status !== 200)
          throw new Error(`preferences: ${prefs.status} ${JSON.stringify(prefs.body)}`)
        tokens[i] = token
      }
    }),
  )
  console.log(`${USERS} accounts following ${creator} in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  // ---- connections ----
  // A thousand tokens are more than one environment variable may hold (E2BIG): a file each.
  const tokensFile = (g: number, list: string[]) => {
    const file = join(cluster.dir, `tokens-${g}.txt`)
    writeFileSync(file, list.join(','))
    return file
  }
  const gatewayPids = gatewayNames.map((n) => cluster.pid(n))
  const settledRss = async () => {
    for (const pid of gatewayPids) process.kill(pid, 'SIGUSR2')
    await Bun.sleep(2000)
    return gatewayPids.reduce((s, pid) => s + rssKb(pid), 0)
  }
  const rssBefore = await settledRss()
  const openFrom = Date.now()
  for (let g = 0; g < GATEWAYS; g++) {
    // Each gateway's connections use every account, in a different order.
    const rotated = [...tokens.slice((g * 97) % USERS), ...tokens.slice(0, (g * 97) % USERS)]
    pools.push(
      new Clients(
        {
          TARGET: 'platform',
          URL: `http://127.0.0.1:${gatewayPort(g)}`,
          TOKENS_FILE: tokensFile(g, rotated),
          CHANNEL: '',
        },
        PROCS_PER_GATEWAY,
      ),
    )
  }
  await Promise.all(pools.map((p) => p.open(perGateway)))
  const counts = await Promise.all(pools.map((p) => p.notified()))
  const open = counts.reduce((s, c) => s + c.open, 0)
  console.log(
    `${fmt(open)} authenticated WebSockets open over ${GATEWAYS} gateways in ${((Date.now() - openFrom) / 1000).toFixed(0)} s ` +
      `(${fmt(perGateway)} a gateway, ${PROCS_PER_GATEWAY} client processes each)`,
  )
  const rssAfter = await settledRss()
  const clientRss = pools.flatMap((p) => p.pids()).reduce((s, pid) => s + rssKb(pid), 0)
  console.log(
    `memory: gateways ${fmt(rssBefore / 1024)} → ${fmt(rssAfter / 1024)} MB, ${((rssAfter - rssBefore) / open).toFixed(2)} KB per connection ` +
      `(client processes: ${(clientRss / open).toFixed(2)} KB per connection)`,
  )

  // ---- heartbeats while idle ----
  const cpuOf = async () => ({
    gateways: (await Promise.all(gatewayPids.map((pid) => cpuSeconds(pid)))).reduce((a, b) => a + b, 0),
    clients: (await Promise.all(pools.map((p) => p.cpu()))).reduce((a, b) => a + b, 0),
    nats: await cpuOfCommand('nats-server'),
  })
  const idleBefore = await cpuOf()
  await Bun.sleep(IDLE_S * 1000)
  const idleAfter = await cpuOf()
  const share = (k: keyof typeof idleBefore) => (((idleAfter[k] - idleBefore[k]) / IDLE_S) * 100).toFixed(1)
  console.log(
    `heartbeats (${fmt(open / 25)}/s, one per connection every 25 s) over ${IDLE_S} s idle: ` +
      `gateways ${share('gateways')}% of a core in all, NATS ${share('nats')}%, clients ${share('clients')}%`,
  )

  // ---- REST: beside the idle connections, then beside the fan-out ----
  const names = ['nginx', 'api-1', 'api-2', 'worker-1', 'worker-2', ...gatewayNames]
  const pids = Object.fromEntries(names.map((n) => [n, cluster.pid(n)]))
  // nginx's work is in its worker processes, the children of the pid the cluster keeps.
  const cpuOfNode = (n: string) => (n === 'nginx' ? cpuOfTree(pids[n]!) : cpuSeconds(pids[n]!))
  const restPath = process.env.REST_PATH ?? `/v1/users/${creator}`
  const balancer = { proc: { pid: pids.nginx } as never, url: cluster.url }
  /** Both wrk processes for REST_SECONDS, `during` run meanwhile; prints the rates and CPU. */
  const restWindow = async (label: string, during: () => Promise<void>) => {
    const cpuBefore = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await cpuOfNode(n)])))
    const natsBefore = await cpuOfCommand('nats-server')
    const pgBefore = await cpuOfCommand('postgres')
    const rest = wrk(balancer, restPath, {
      connections: REST_CONNECTIONS,
      duration: `${REST_SECONDS}s`,
      headers: { authorization: `Bearer ${tokens[0]}` },
    })
    const anonymous =
      ANON_CONNECTIONS > 0
        ? wrk(balancer, restPath, { connections: ANON_CONNECTIONS, duration: `${REST_SECONDS}s` })
        : undefined
    await during()
    const restResult = await rest
    const anonymousResult = await anonymous
    const cpuAfter = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await cpuOfNode(n)])))
    const windowS = REST_SECONDS
    const cpuLine = names
      .map((n) => `${n} ${(((cpuAfter[n]! - cpuBefore[n]!) / windowS) * 100).toFixed(0)}%`)
      .concat(
        `nats-server ${((((await cpuOfCommand('nats-server')) - natsBefore) / windowS) * 100).toFixed(0)}%`,
        `postgres ${((((await cpuOfCommand('postgres')) - pgBefore) / windowS) * 100).toFixed(0)}%`,
      )
    const kind = (name: string, connections: number, r: typeof restResult) =>
      `${name} (${connections} connections) ${fmt(r.rps)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`
    console.log(
      `REST ${label}, GET ${restPath} through nginx for ${REST_SECONDS} s, errors 0: ` +
        `${fmt(restResult.rps + (anonymousResult?.rps ?? 0))} req/s in all (aim > 10,000); ` +
        [
          kind('signed in', REST_CONNECTIONS, restResult),
          ...(anonymousResult
            ? [kind('logged out, public answer kept by the balancer', ANON_CONNECTIONS, anonymousResult)]
            : []),
        ].join('; '),
    )
    console.log(`CPU over that window (% of a core): ${cpuLine.join(', ')}`)
  }

  await restWindow(`beside ${fmt(open)} idle connections (heartbeats running)`, async () => {})

  let notified = 0
  let last = 0
  let postAt = 0
  await restWindow('beside the fan-out', async () => {
    await Bun.sleep(Math.min(5000, (REST_SECONDS * 1000) / 4))
    postAt = Date.now()
    const post = await cluster.json('POST', '/v1/posts', { text: 'to every connection' }, creatorToken)
    if (post.status !== 201) throw new Error(`post: ${post.status} ${JSON.stringify(post.body)}`)
    for (let quietSince = Date.now(); notified < open && Date.now() - quietSince < 15_000; ) {
      await Bun.sleep(500)
      const r = await Promise.all(pools.map((p) => p.notified()))
      const more = r.reduce((s, x) => s + x.notified, 0)
      if (more > 0) quietSince = Date.now()
      notified += more
      last = Math.max(last, ...r.map((x) => x.last))
    }
  })
  console.log(
    `notification fan-out: the creator's post reached ${fmt(notified)} of ${fmt(open)} connections (${fmt(USERS)} accounts); ` +
      `the last after ${fmt(last - postAt)} ms; lost ${fmt(open - notified)} (must be 0)`,
  )
  const still = (await Promise.all(pools.map((p) => p.notified()))).reduce((s, x) => s + x.open, 0)
  console.log(`connections still open at the end: ${fmt(still)} of ${fmt(open)}`)
  if (open - notified > 0 || still < open) process.exitCode = 1
} finally {
  for (const p of pools) await p.exit().catch(() => {})
  await cluster.remove()
}
