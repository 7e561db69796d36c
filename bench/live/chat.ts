/**
 * bench/live/chat: a stream's chat fanned out to VIEWERS viewers (default 10,000) on one gateway,
 * against bare Bun.serve writing the same frames to one topic, in the same run: the time until
 * the last viewer has each message (p50/p99), and the platform's p99 as a ratio to bare's.
 *
 *   npm run bench:live-chat
 *   VIEWERS=10000 MESSAGES=100 GAP_MS=100 CLIENT_PROCS=4 npm run bench:live-chat
 *
 * The platform's messages take the whole path: `POST /v1/live/streams/{id}/chat` by the streamer
 * (exempt from slow mode; RATE_LIMITS off) → the stream's actor (stored in PostgreSQL, numbered,
 * published to JetStream) → the gateway (room delivery through the socket library's topics) → the viewers.
 * Bare Bun gets frames of the same size published on NATS by this process. Both are stamped when
 * sent and due every GAP_MS from the first (as bench/gateway does). The viewers are the lean
 * clients of bench/gateway, in CLIENT_PROCS processes (the per-process open-file limit is 20,000).
 */
import { connect } from '@nats-io/transport-node'
import type { Subprocess } from 'bun'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { Clients } from '../gateway/clients-pool.ts'
import { cpuSeconds, jsonPoster, median, serve, signUpAccounts } from '../support.ts'

const VIEWERS = Number(process.env.VIEWERS ?? 10_000)
const MESSAGES = Number(process.env.MESSAGES ?? 100)
const GAP_MS = Number(process.env.GAP_MS ?? 100)
const ROUNDS = Number(process.env.ROUNDS ?? 1)
const USERS = 100

interface Result {
  p50: number
  p99: number
  missing: number
  serverCpuPerMessageMs: number
}

/** Sends MESSAGES (`send(i)` stamps its own time), due every GAP_MS from the first. */
async function paced(send: (i: number) => void): Promise<void> {
  const start = performance.now()
  for (let i = 0; i < MESSAGES; i++) {
    send(i)
    await Bun.sleep(Math.max(0, start + (i + 1) * GAP_MS - performance.now()))
  }
}

async function measure(
  name: string,
  serverPids: number[],
  clientEnv: Record<string, string>,
  send: (i: number) => void,
): Promise<Result> {
  const clients = new Clients(clientEnv)
  await clients.open(VIEWERS)
  await Bun.sleep(3000)
  await clients.report()
  const cpu = () =>
    Promise.all(serverPids.map((pid) => cpuSeconds(pid))).then((s) => s.reduce((a, b) => a + b, 0))
  const before = await cpu()
  await paced(send)
  await Bun.sleep(3000)
  const used = (await cpu()) - before
  const arrivals = await clients.report()
  await clients.exit()
  const maxes = [...arrivals.values()].map((a) => a.max).sort((a, b) => a - b)
  const result = {
    p50: median(maxes),
    p99: maxes[Math.min(maxes.length - 1, Math.floor(maxes.length * 0.99))] ?? Number.NaN,
    missing: MESSAGES * VIEWERS - [...arrivals.values()].reduce((s, a) => s + a.n, 0),
    serverCpuPerMessageMs: (used / MESSAGES) * 1000,
  }
  console.log(
    `${name.padEnd(9)} ${MESSAGES} messages every ${GAP_MS} ms to ${VIEWERS} viewers: last viewer after p50 ${result.p50} ms, ` +
      `p99 ${result.p99} ms (${result.missing} deliveries missing; server CPU ${result.serverCpuPerMessageMs.toFixed(1)} ms per message)`,
  )
  return result
}

const database = await createTestDatabase('bench_live_chat')
const prefix = uniquePrefix('bench_live_chat')
const common = {
  DATABASE_URL: database.url,
  NATS_URL,
  NATS_PREFIX: prefix,
  // One issuer for the api's tokens and the gateway's checks (the default names each node's port).
  PUBLIC_URL: 'http://127.0.0.1:3000',
  LOG_LEVEL: 'warn',
  TRUST_PROXY: 'true',
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
  RATE_LIMITS: '*=off',
  LIVE_RTMP_PORT: '0',
  GATEWAY_MAX_CONNECTIONS: String(VIEWERS + 1000),
  GATEWAY_MAX_CONNECTIONS_PER_USER: '1000',
  GATEWAY_MESSAGES_PER_SECOND: '100000',
  GATEWAY_MAX_PENDING_PER_ADDRESS: '100000',
}
const servers: { proc: Subprocess }[] = []
const nc = await connect({ servers: NATS_URL })
try {
  const api = await serve('src/main.ts', { ...common, ROLES: 'api,worker' })
  servers.push(api)
  const gateway = await serve('src/main.ts', { ...common, ROLES: 'gateway' })
  servers.push(gateway)
  const post = jsonPoster(api.url, '10.8')
  const tokens = (await signUpAccounts(post, database.url, USERS + 1, 'chat')).map((u) => u.token)
  const streamer = tokens[0]!
  const stream = await post('/v1/live/streams', { title: 'Bench', visibility: 'public' }, streamer)
  const channel = `live:${stream.id}`
  // A message is `b:<i>:<sent at>` padded to a chat line's usual size.
  const text = (i: number) => `b:${i}:${Date.now()}:${'x'.repeat(60)}`
  const results: { platform: Result; bare: Result }[] = []
  for (let round = 0; round < ROUNDS; round++) {
    let failed = 0
    const answered: number[] = []
    const platform = await measure(
      'platform',
      [api.proc.pid, gateway.proc.pid],
      { TARGET: 'platform', URL: gateway.url, TOKENS: tokens.slice(1).join(','), CHANNEL: channel },
      (i) => {
        const sentAt = performance.now()
        void post(
          `/v1/live/streams/${stream.id}/chat`,
          { text: text(round * MESSAGES + i), clientId: `r${round}m${i}` },
          streamer,
        ).then(
          () => answered.push(performance.now() - sentAt),
          (error) => {
            if (failed++ < 3) console.error('send failed:', String(error))
          },
        )
      },
    )
    answered.sort((x, y) => x - y)
    console.log(
      `  (POST .../chat answered after p50 ${median(answered).toFixed(0)} ms, p99 ${answered[Math.floor(answered.length * 0.99)]?.toFixed(0)} ms)`,
    )
    // Bare Bun: the same frame (a room event carrying a message of the same size), on NATS.
    const subject = `${prefix}.bench.chat`
    const bare = await serve('bench/gateway/bare-server.ts', { NATS_URL, BENCH_SUBJECT: subject })
    servers.push(bare)
    const bareResult = await measure('bare Bun', [bare.proc.pid], { TARGET: 'bare', URL: bare.url }, (i) => {
      const message = {
        id: crypto.randomUUID(),
        seq: i + 1,
        author: { id: crypto.randomUUID(), username: 'chat0_abcd', displayName: null },
        text: text(i),
        clientId: `m${i}`,
        createdAt: new Date().toISOString(),
      }
      nc.publish(
        subject,
        JSON.stringify({ op: 'event', channel, seq: i + 1, epoch: 'e', type: 'chat.message', data: message }),
      )
    })
    bare.proc.kill('SIGTERM')
    await bare.proc.exited
    servers.pop()
    results.push({ platform, bare: bareResult })
  }
  const ratios = results.map((r) => r.platform.p99 / r.bare.p99)
  console.log(
    `\nchat fan-out to ${VIEWERS}: p99 ${results.map((r) => r.platform.p99).join(', ')} ms vs bare ${results
      .map((r) => r.bare.p99)
      .join(
        ', ',
      )} ms; ratio ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`,
  )
} finally {
  for (const s of servers) s.proc.kill('SIGTERM')
  await Promise.all(servers.map((s) => s.proc.exited))
  await nc.close()
  await removeNatsPrefix(prefix)
  await database.drop()
}
