/**
 * bench/gateway/dm-ratio.ts: cross-node direct messages, the platform against the least pipeline
 * that does the same job (bare-dm-server.ts: Bun + a postgres.js insert + a NATS publish + the
 * other node's socket write), in the same run. The aim: the highest rate at which every
 * message arrives with p99 <= P99_MS (100 ms) on this machine, for both; ratio >= 0.5.
 *
 *   npm run bench:gateway-dm
 *   RATES=250,500,1000,2000,3000,4000,6000,8000 DM_SECONDS=5 ROUNDS=3 npm run bench:gateway-dm
 *   PROFILE_DIR=/tmp/prof RATES=1000 ROUNDS=1 npm run bench:gateway-dm   (CPU profiles of each node)
 *   ONLY=platform RATES=1000 ROUNDS=1 npm run bench:gateway-dm             (one target alone, no ratio)
 *
 * Senders are on node 1, recipients on node 2 (each its own process; the platform's API and
 * worker in a third), PAIRS conversations; the bench process sends at the rate, each frame
 * carrying its send time, and times each arrival. Rates are tried from the lowest up; a target's
 * best rate is the last before the first that lost a message or went over P99_MS. Rounds
 * alternate between the two targets, and the medians give the ratio.
 */

import type { Subprocess } from 'bun'
import postgres from 'postgres'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import {
  cpuOfCommand,
  cpuSeconds,
  jsonPoster,
  median,
  nodeScript,
  percentile,
  serve,
  signUpAccounts,
} from '../support.ts'
import { WsClient } from './ws-client.ts'

const RATES = (process.env.RATES ?? '250,500,1000,2000,3000,4000,6000,8000').split(',').map(Number)
const DM_SECONDS = Number(process.env.DM_SECONDS ?? 5)
const PAIRS = Number(process.env.PAIRS ?? 100)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const P99_MS = Number(process.env.P99_MS ?? 100)
/** `ONLY=platform` or `ONLY=bare`: that one alone (profiling, counting), no ratio. */
const ONLY = process.env.ONLY

interface Target {
  name: string
  /** What PostgreSQL did for this database, counted per message (transactions, rows written). */
  work?: () => Promise<number[]>
  /** Sends message `i` of a run (to conversation i % PAIRS). */
  send(i: number, clientId: string): void
  latencies: number[]
  /** The messages of this rate that arrived. */
  seen: Set<number>
  cpu: Record<string, () => Promise<number>>
}

interface RateResult {
  rate: number
  sent: number
  received: number
  p50: number
  p99: number
  cpuUs: string
}

let closes = 0

/** Opens a bench client on `url` + `path`; `ready` decides from the handshake frames when it is. */
function open(
  url: string,
  path: string,
  ready: (frame: string, ws: WsClient) => boolean,
  onFrame: (text: string) => void,
): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    let isReady = false
    const ws: WsClient = WsClient.connect(new URL(url), path, {
      upgraded: () => {
        if (ready('', ws)) {
          isReady = true
          resolve(ws)
        }
      },
      text: (text) => {
        if (isReady) return onFrame(text)
        if (ready(text, ws)) {
          isReady = true
          resolve(ws)
        }
      },
      ended: (why) => {
        if (!isReady) reject(new Error(why))
        // A bench client closed while measuring makes every later rate fail: say why, once each.
        else if (closes++ < 5) console.error(`${url}${path}: a bench client was closed: ${why}`)
      },
    })
  })
}

/**
 * A recipient's frame: the time its message (text `t=<sent at> #<i>`) took, into `t.latencies`,
 * once per message (other events may quote a message's text too, a conversation's last one).
 */
const timeArrival = (t: Target) => (text: string) => {
  const at = text.indexOf('"text":"t=')
  if (at < 0 || !text.startsWith('{"op":"event"')) return
  const hash = text.indexOf('#', at)
  const i = Number.parseInt(text.slice(hash + 1, hash + 12), 10)
  if (t.seen.has(i)) return
  t.seen.add(i)
  t.latencies.push(Date.now() - Number.parseInt(text.slice(at + 10, at + 30), 10))
}

let ackErrors = 0
const checkAck = (text: string) => {
  if (!text.startsWith('{"op":"message.sent"') && !text.startsWith('{"op":"pong"') && ackErrors++ < 3)
    console.error('sender got:', text.slice(0, 300))
}

async function runRate(t: Target, rate: number): Promise<RateResult> {
  t.latencies.length = 0
  t.seen.clear()
  const cpuBefore = await Promise.all(Object.values(t.cpu).map((f) => f()))
  const workBefore = await t.work?.()
  const interval = 1000 / rate
  const start = performance.now()
  let sent = 0
  for (let i = 0; ; i++) {
    const due = start + i * interval
    if (due - start > DM_SECONDS * 1000) break
    const wait = due - performance.now()
    if (wait > 1) await Bun.sleep(wait)
    else if (i % 50 === 0) await Bun.sleep(0)
    t.send(i, `${t.name}-${rate}-${Date.now()}-${i}`)
    sent++
  }
  // Until every message has arrived, or none has for 3 s (at most 30 s).
  let seen = 0
  let quietSince = Date.now()
  const deadline = Date.now() + 30_000
  while (t.latencies.length < sent && Date.now() - quietSince < 3000 && Date.now() < deadline) {
    await Bun.sleep(100)
    if (t.latencies.length > seen) {
      seen = t.latencies.length
      quietSince = Date.now()
    }
  }
  const cpuAfter = await Promise.all(Object.values(t.cpu).map((f) => f()))
  // PostgreSQL reports a backend's counts when its transaction ends, at most once a second.
  await Bun.sleep(1100)
  const workAfter = await t.work?.()
  const sorted = [...t.latencies].sort((a, b) => a - b)
  const cpuUs = Object.keys(t.cpu)
    .map((name, k) => `${name} ${(((cpuAfter[k]! - cpuBefore[k]!) / Math.max(1, sent)) * 1e6).toFixed(0)}`)
    .join(', ')
  const perMessage = (k: number) => ((workAfter![k]! - workBefore![k]!) / Math.max(1, sent)).toFixed(2)
  const work =
    workBefore && workAfter
      ? ` | PostgreSQL per message: ${perMessage(0)} transactions, ${perMessage(1)} rows written`
      : ''
  return {
    rate,
    sent,
    received: sorted.length,
    p50: median(sorted),
    p99: percentile(sorted, 0.99),
    cpuUs: cpuUs + work,
  }
}

/** The highest of RATES at which `t` kept every message under P99_MS (0 if even the lowest failed). */
async function bestRate(t: Target): Promise<number> {
  let best = 0
  for (const rate of RATES) {
    const r = await runRate(t, rate)
    const ok = r.received === r.sent && r.p99 <= P99_MS
    console.log(
      `  ${t.name.padEnd(8)} ${String(rate).padStart(5)}/s: ${r.received} of ${r.sent}, p50 ${r.p50} ms, p99 ${r.p99} ms ` +
        `${ok ? 'ok' : 'over'} | CPU µs/message: ${r.cpuUs}`,
    )
    if (!ok) break
    best = rate
  }
  return best
}

const database = await createTestDatabase('bench_dm')
// The bench's own look at PostgreSQL: the CPU of this database's backends (other databases' work,
// other benches' on a shared machine, is not counted), and its transactions and rows written.
const monitor = postgres(database.url, { max: 1, onnotice: () => {} })
const backendSeconds = new Map<number, number>()
const backendsCpu = async () => {
  const pids = await monitor<{ pid: number }[]>`select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()`
  // A backend that has ended keeps the seconds last read.
  for (const { pid } of pids)
    backendSeconds.set(pid, await cpuSeconds(pid).catch(() => backendSeconds.get(pid) ?? 0))
  return [...backendSeconds.values()].reduce((a, b) => a + b, 0)
}
const pgWork = async () => {
  const [row] = await monitor<{ xacts: string; rows: string }[]>`select xact_commit + xact_rollback as xacts,
    tup_inserted + tup_updated + tup_deleted as rows from pg_stat_database where datname = current_database()`
  return [Number(row!.xacts), Number(row!.rows)]
}
const prefix = uniquePrefix('bench_dm')
const servers: { proc: Subprocess }[] = []
const sockets: WsClient[] = []
const platformSockets: WsClient[] = []
let pinger: ReturnType<typeof setInterval> | undefined
try {
  // ---- the platform: API and worker in one process, two gateways ----
  const common = {
    DATABASE_URL: database.url,
    NATS_URL,
    NATS_PREFIX: prefix,
    // One issuer for every node's tokens (it defaults to each node's own port).
    PUBLIC_URL: 'http://127.0.0.1:3000',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
    GATEWAY_MESSAGES_PER_SECOND: '100000',
    GATEWAY_MAX_PENDING_PER_ADDRESS: '100000',
  }
  const api = await serve(nodeScript('api-worker'), { ...common, ROLES: 'api,worker' })
  const gateway1 = await serve(nodeScript('gateway-1'), { ...common, ROLES: 'gateway' })
  const gateway2 = await serve(nodeScript('gateway-2'), { ...common, ROLES: 'gateway' })
  servers.push(api, gateway1, gateway2)
  const call = jsonPoster(api.url, '10.8')
  const users = await signUpAccounts(call, database.url, PAIRS * 2, 'dm')
  const platform: Target = {
    name: 'platform',
    send: () => {},
    latencies: [],
    seen: new Set(),
    work: pgWork,
    cpu: {
      'api+worker': () => cpuSeconds(api.proc.pid),
      node1: () => cpuSeconds(gateway1.proc.pid),
      node2: () => cpuSeconds(gateway2.proc.pid),
      nats: () => cpuOfCommand('nats-server'),
      postgres: backendsCpu,
    },
  }
  const platformSenders: { ws: WsClient; conversation: string }[] = []
  for (let k = 0; k < PAIRS; k++) {
    const a = users[k]!
    const b = users[PAIRS + k]!
    const conversation = String((await call('/v1/conversations', { members: [b.username] }, a.token, k)).id)
    const handshake =
      (token: string, then: (ws: WsClient) => void, done: string) => (frame: string, ws: WsClient) => {
        if (!frame) return false
        const op = (JSON.parse(frame) as { op: string }).op
        if (op === 'error') console.error('handshake:', frame.slice(0, 300))
        if (op === 'hello') ws.send(JSON.stringify({ op: 'auth', token }))
        else if (op === 'ready') then(ws)
        return op === done
      }
    const receiver = await open(
      gateway2.url,
      '/v1/gateway',
      handshake(
        b.token,
        (ws) => ws.send(JSON.stringify({ op: 'subscribe', channel: `dm:${conversation}` })),
        'subscribed',
      ),
      timeArrival(platform),
    )
    const sender = await open(
      gateway1.url,
      '/v1/gateway',
      handshake(a.token, () => {}, 'ready'),
      checkAck,
    )
    sockets.push(receiver, sender)
    platformSockets.push(receiver, sender)
    platformSenders.push({ ws: sender, conversation })
  }
  // The gateway closes a connection that sent nothing, not even a ping, for its idle timeout
  // (4005): receivers only receive, and senders wait while the bare rounds run. Ping as clients do.
  pinger = setInterval(() => {
    for (const ws of platformSockets) ws.send('{"op":"ping"}')
  }, 10_000)
  platform.send = (i, clientId) => {
    const { ws, conversation } = platformSenders[i % PAIRS]!
    ws.send(
      JSON.stringify({
        op: 'message.send',
        conversationId: conversation,
        text: `t=${Date.now()} #${i}`,
        clientId,
      }),
    )
  }

  // ---- the least pipeline: two bare nodes on the same database and NATS ----
  const sql = postgres(database.url, { max: 1, onnotice: () => {} })
  await sql`create table bench_dm (
    id bigserial primary key, conversation_id uuid not null, client_id text not null, text text not null,
    created_at timestamptz not null default now(), unique (conversation_id, client_id))`
  await sql.end()
  const bareEnv = { DATABASE_URL: database.url, NATS_URL, BENCH_SUBJECT: `${prefix}.bare_dm` }
  const bare1 = await serve('bench/gateway/bare-dm-server.ts', { ...bareEnv, DM_ROLE: 'send' })
  const bare2 = await serve('bench/gateway/bare-dm-server.ts', { ...bareEnv, DM_ROLE: 'deliver' })
  servers.push(bare1, bare2)
  const bare: Target = {
    name: 'bare',
    send: () => {},
    latencies: [],
    seen: new Set(),
    work: pgWork,
    cpu: {
      node1: () => cpuSeconds(bare1.proc.pid),
      node2: () => cpuSeconds(bare2.proc.pid),
      nats: () => cpuOfCommand('nats-server'),
      postgres: backendsCpu,
    },
  }
  const bareSenders: { ws: WsClient; conversation: string }[] = []
  for (let k = 0; k < PAIRS; k++) {
    const conversation = crypto.randomUUID()
    const receiver = await open(bare2.url, `/ws?c=${conversation}`, (f) => f === '', timeArrival(bare))
    const sender = await open(bare1.url, '/ws', (f) => f === '', checkAck)
    sockets.push(receiver, sender)
    bareSenders.push({ ws: sender, conversation })
  }
  bare.send = (i, clientId) => {
    const { ws, conversation } = bareSenders[i % PAIRS]!
    ws.send(JSON.stringify({ conversationId: conversation, text: `t=${Date.now()} #${i}`, clientId }))
  }

  console.log(
    `cross-node direct messages over ${PAIRS} conversations, ${DM_SECONDS} s per rate, rates ${RATES.join(', ')}/s, ` +
      `best = the highest rate with every message delivered and p99 <= ${P99_MS} ms`,
  )
  // Each pipeline first runs the lowest rate unmeasured: in the first round the platform lost its
  // first rates to JIT compilation, prepared statements and pools still filling.
  const targets = [bare, platform].filter((t) => !ONLY || t.name === ONLY)
  for (const t of targets) {
    const r = await runRate(t, RATES[0]!)
    console.log(
      `warm-up ${t.name}: ${r.received} of ${r.sent} at ${RATES[0]}/s, p99 ${r.p99} ms (not counted)`,
    )
  }
  const best: Record<string, number[]> = { bare: [], platform: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`)
    for (const t of round % 2 ? targets : [...targets].reverse()) best[t.name]!.push(await bestRate(t))
  }
  const b = median(best.bare!)
  const p = median(best.platform!)
  console.log(
    `\nbest rate (median of ${ROUNDS}): platform ${p}/s [${best.platform!.join(', ')}], bare pipeline ${b}/s [${best.bare!.join(', ')}]` +
      `\nratio platform/bare: ${b > 0 ? (p / b).toFixed(2) : 'n/a'}  (aim >= 0.5)`,
  )
} finally {
  clearInterval(pinger)
  for (const ws of sockets) ws.close()
  for (const s of servers) {
    s.proc.kill('SIGTERM')
    await s.proc.exited
  }
  await monitor.end()
  await removeNatsPrefix(prefix)
  await database.drop()
}
