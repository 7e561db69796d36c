/**
 * bench/gateway: the WebSocket gateway against bare Bun.serve (the limit) and socket.io 4 on
 * Node (what many would pick), in the same run, with clients in CLIENT_PROCS processes.
 *
 * 1. Memory per connection: server RSS growth over its empty state at 10,000 and 19,000 open,
 *    authenticated connections each in one room (platform: `post:<id>`; the others: one room).
 * 2. Fan-out to the 10,000: FANOUT frames GAP_MS apart, the time until the last client has each
 *    (p50/p99); then BURST frames back to back, frames delivered per second.
 * 3. Cross-node direct messages (platform only): senders on gateway 1, recipients on gateway 2,
 *    DM_RATE messages per second over DM_PAIRS conversations for DM_SECONDS: latency p50/p99
 *    from send to receipt, and the rate achieved.
 *
 *   npm run bench:gateway
 *   CONNECTIONS=19000 CLIENT_PROCS=4 FANOUT=100 BURST=200 DM_RATE=5000 npm run bench:gateway
 *   ONLY=dm DM_RATE=5000 npm run bench:gateway     (the direct messages alone, with CPU per process)
 *   ONLY=fanout npm run bench:gateway              (memory and fan-out against bare Bun alone)
 *   RUNTIMES=bun npm run bench:gateway             (the platform's gateway on Bun only)
 *
 * The platform's gateway is measured on each of RUNTIMES (GATEWAY_RUNTIME; default `bun,node-uws`:
 * Bun's server, and uWebSockets.js on Node 20 started as `npm start` would), side by side with
 * bare Bun in the same run, and the ratios printed.
 *
 * Every server gets the frames the same way, published on NATS by this process (the platform's
 * gateway from its live subject, the baselines from a plain subscription), and each frame carries
 * the time it was published: the latency includes any wait for a busy server, for all three. They
 * are due every GAP_MS from the first however long the last took to go out (a publisher that
 * waited GAP_MS after each would never let frames queue). The clients
 * (clients.ts) are lean and the same for every server; the CPU they use per frame is printed
 * beside the server's, since on one machine they compete with it.
 */

import { connect } from '@nats-io/transport-node'
import type { Subprocess } from 'bun'
import { nodeCommand } from '../../src/platform/node-runtime.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuOfCommand, cpuSeconds, jsonPoster, median, serve, signUpAccounts } from '../support.ts'
import { Clients } from './clients-pool.ts'
import { sendPaced } from './paced.ts'
import { WsClient } from './ws-client.ts'

const TOTAL = Number(process.env.CONNECTIONS ?? 19_000)
const FIRST = Math.min(10_000, TOTAL)
const FANOUT = Number(process.env.FANOUT ?? 100)
const GAP_MS = Number(process.env.GAP_MS ?? 100)
const BURST = Number(process.env.BURST ?? 200)
const IDLE_S = Number(process.env.IDLE_S ?? 5)
const DM_RATE = Number(process.env.DM_RATE ?? 5000)
const DM_RATE_LOW = Number(process.env.DM_RATE_LOW ?? 500)
const DM_SECONDS = Number(process.env.DM_SECONDS ?? 5)
const DM_PAIRS = Number(process.env.DM_PAIRS ?? 100)
const DM_ONLY = process.env.ONLY === 'dm'
/** The fan-out against bare Bun alone (no direct messages, no socket.io). */
const FANOUT_ONLY = process.env.ONLY === 'fanout'
const USERS = 100
/** A busy machine (the bench's own clients, other work) starts the platform's processes slowly. */
const START_TIMEOUT_MS = 300_000
const RUNTIMES = (process.env.RUNTIMES ?? 'bun,node-uws').split(',')

/** The server's resident memory after a full garbage collection (each server collects on SIGUSR2). */
async function settledRssKb(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2')
  await Bun.sleep(1500)
  return rssKb(pid)
}

function rssKb(pid: number): number {
  const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1])
}

interface Result {
  kbAtFirst: number
  kbAtTotal: number
  p50: number
  p99: number
  missing: number
  framesPerSecond: number
}

async function measure(
  name: string,
  serverPid: number,
  clientEnv: Record<string, string>,
  publish: (n: number, gapMs: number, from: number) => Promise<void>,
): Promise<Result> {
  const base = await settledRssKb(serverPid)
  const clients = new Clients(clientEnv)
  await clients.open(FIRST)
  const atFirst = await settledRssKb(serverPid)
  // What holding the connections costs with nothing to send (heartbeats, timers), over IDLE_S.
  const idleBefore = await Promise.all([cpuSeconds(serverPid), clients.cpu()])
  await Bun.sleep(IDLE_S * 1000)
  const idleAfter = await Promise.all([cpuSeconds(serverPid), clients.cpu()])
  const idleShare = (i: number) => (((idleAfter[i]! - idleBefore[i]!) / IDLE_S) * 100).toFixed(1)
  // Fan-out latency: frames apart, each to all FIRST clients.
  const cpuBefore = await Promise.all([cpuSeconds(serverPid), clients.cpu()])
  await publish(FANOUT, GAP_MS, 0)
  await Bun.sleep(FANOUT * GAP_MS + 2000)
  const cpuAfter = await Promise.all([cpuSeconds(serverPid), clients.cpu()])
  const latency = await clients.report()
  const maxes = [...latency.values()].map((a) => a.max).sort((a, b) => a - b)
  const missing = FANOUT * FIRST - [...latency.values()].reduce((s, a) => s + a.n, 0)
  // Throughput: a burst, until every client has every frame (or 30 s).
  const started = Date.now()
  await publish(BURST, 0, 100_000)
  let delivered = 0
  let lastArrival = started
  while (delivered < BURST * FIRST && Date.now() - started < 30_000) {
    await Bun.sleep(500)
    const r = await clients.report()
    for (const a of r.values()) {
      delivered += a.n
      lastArrival = Math.max(lastArrival, a.last)
    }
  }
  const framesPerSecond = delivered / ((lastArrival - started) / 1000)
  await clients.open(TOTAL - FIRST)
  const atTotal = await settledRssKb(serverPid)
  await clients.exit()
  const result = {
    kbAtFirst: (atFirst - base) / FIRST,
    kbAtTotal: (atTotal - base) / TOTAL,
    p50: median(maxes),
    p99: maxes[Math.min(maxes.length - 1, Math.floor(maxes.length * 0.99))] ?? Number.NaN,
    missing,
    framesPerSecond,
  }
  const perFrame = (i: number) => (((cpuAfter[i]! - cpuBefore[i]!) / (FANOUT * FIRST)) * 1e6).toFixed(2)
  console.log(
    `${name.padEnd(10)} memory ${result.kbAtFirst.toFixed(2)} KB/connection at ${FIRST}, ${result.kbAtTotal.toFixed(2)} at ${TOTAL} | ` +
      `fan-out to ${FIRST}: last client after p50 ${result.p50} ms, p99 ${result.p99} ms (${missing} frames missing; CPU per frame delivered: server ${perFrame(0)} µs, clients ${perFrame(1)} µs; ` +
      `idle: server ${idleShare(0)}%, clients ${idleShare(1)}% of a core) | ` +
      `burst ${(framesPerSecond / 1000).toFixed(0)}k frames/s`,
  )
  return result
}

// ---- the platform ----
const database = await createTestDatabase('bench_gateway')
const prefix = uniquePrefix('bench_gateway')
const common = {
  DATABASE_URL: database.url,
  NATS_URL,
  NATS_PREFIX: prefix,
  // One issuer for every node's tokens (it defaults to each node's own port).
  PUBLIC_URL: 'http://127.0.0.1:3000',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  TRUST_PROXY: 'true',
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
  GATEWAY_MAX_CONNECTIONS: '19000',
  GATEWAY_MAX_CONNECTIONS_PER_USER: '1000',
  GATEWAY_MESSAGES_PER_SECOND: '100000',
  // Every bench client comes from one address, thousands connecting at once.
  GATEWAY_MAX_PENDING_PER_ADDRESS: '100000',
}
const servers: { proc: Subprocess }[] = []
const nc = await connect({ servers: NATS_URL })
/** Publishes the bench frames of `channel` on the NATS `subject` a server reads (the same way for every server). */
const publishOn =
  (channel: string, subject: string) =>
  async (n: number, gapMs: number, from: number): Promise<void> => {
    void sendPaced(channel, n, gapMs, from, (frame) => nc.publish(subject, frame))
  }
try {
  const api = await serve('src/main.ts', { ...common, ROLES: 'api,worker' }, START_TIMEOUT_MS)
  servers.push(api)
  const gateway1 = await serve('src/main.ts', { ...common, ROLES: 'gateway' }, START_TIMEOUT_MS)
  servers.push(gateway1)
  const call = jsonPoster(api.url, '10.9')
  const users = await signUpAccounts(call, database.url, USERS * 2, 'bench')
  const post = await call('/v1/posts', { text: 'the room' }, users[0]!.token)
  const channel = `post:${post.id}`
  const platform = DM_ONLY
    ? undefined
    : await measure(
        'platform on Bun',
        gateway1.proc.pid,
        {
          TARGET: 'platform',
          URL: gateway1.url,
          TOKENS: users
            .slice(0, USERS)
            .map((u) => u.token)
            .join(','),
          CHANNEL: channel,
        },
        publishOn(channel, `${prefix}.live.post.${post.id}`),
      )
  // ---- the platform's gateway on uWebSockets.js and Node (GATEWAY_RUNTIME=node-uws) ----
  let onUws: Result | undefined
  if (!DM_ONLY && RUNTIMES.includes('node-uws')) {
    // Node itself, as npm start runs it (not the Bun process that starts it): its pid is measured.
    const uws = await serve(
      nodeCommand('src/main.ts'),
      { ...common, ROLES: 'gateway', GATEWAY_RUNTIME: 'node-uws' },
      START_TIMEOUT_MS,
    )
    servers.push(uws)
    onUws = await measure(
      'platform on node-uws',
      uws.proc.pid,
      {
        TARGET: 'platform',
        URL: uws.url,
        TOKENS: users
          .slice(0, USERS)
          .map((u) => u.token)
          .join(','),
        CHANNEL: channel,
      },
      publishOn(channel, `${prefix}.live.post.${post.id}`),
    )
    uws.proc.kill('SIGTERM')
    await uws.proc.exited
    servers.splice(servers.indexOf(uws), 1)
  }

  // ---- cross-node direct messages ----
  if (!FANOUT_ONLY) {
    const gateway2 = await serve('src/main.ts', { ...common, ROLES: 'gateway' }, START_TIMEOUT_MS)
    servers.push(gateway2)
    const pairs = Math.min(DM_PAIRS, USERS)
    const latencies: number[] = []
    let sent = 0
    let errors = 0
    const senders: { ws: WsClient; conversation: string }[] = []
    const opened: Promise<void>[] = []
    for (let k = 0; k < pairs; k++) {
      const a = users[k]!
      const b = users[USERS + k]!
      const conversation = String((await call('/v1/conversations', { members: [b.username] }, a.token, k)).id)
      // Frames during the run are read for what is measured only (the lean clients' way); the
      // handshake's are parsed.
      const connectAndAuth = (
        url: string,
        token: string,
        resolveOn: 'ready' | 'subscribed',
        onReady: (ws: WsClient) => void,
        onFrame: (text: string) => void,
      ) =>
        new Promise<WsClient>((resolve, reject) => {
          let stage: string | undefined
          const ws: WsClient = WsClient.connect(new URL(url), '/v1/gateway', {
            text: (text) => {
              if (stage === resolveOn) return onFrame(text)
              const f = JSON.parse(text) as { op: string }
              if (f.op === 'hello') ws.send(JSON.stringify({ op: 'auth', token }))
              else if (f.op === 'ready') onReady(ws)
              else if (f.op !== 'subscribed') return onFrame(text)
              if (f.op === resolveOn) {
                stage = resolveOn
                resolve(ws)
              }
            },
            ended: (why) => {
              if (stage !== resolveOn) reject(new Error(why))
            },
          })
        })
      opened.push(
        connectAndAuth(
          gateway2.url,
          b.token,
          'subscribed',
          (ws) => ws.send(JSON.stringify({ op: 'subscribe', channel: `dm:${conversation}` })),
          (text) => {
            const at = text.indexOf('"text":"t=')
            if (at >= 0 && text.startsWith('{"op":"event"'))
              latencies.push(Date.now() - Number.parseInt(text.slice(at + 10, at + 30), 10))
          },
        ).then(() => {}),
        connectAndAuth(
          gateway1.url,
          a.token,
          'ready',
          () => {},
          (text) => {
            if (!text.startsWith('{"op":"message.sent"') && errors++ < 3)
              console.error('sender got:', text.slice(0, 300))
          },
        ).then((ws) => {
          senders[k] = { ws, conversation }
        }),
      )
    }
    await Promise.all(opened)
    const services = {
      'api+worker': () => cpuSeconds(api.proc.pid),
      gateway1: () => cpuSeconds(gateway1.proc.pid),
      gateway2: () => cpuSeconds(gateway2.proc.pid),
      'nats-server': () => cpuOfCommand('nats-server'),
      postgres: () => cpuOfCommand('postgres'),
    }
    const processes = { ...services, bench: () => cpuSeconds(process.pid) }
    // Let the fan-out phase's 19,000 disconnections (presence, actors) settle first: until the
    // servers, NATS and PostgreSQL together use under a tenth of a core for a second (at most 60 s).
    const serversCpu = async () =>
      (await Promise.all(Object.values(services).map((f) => f()))).reduce((a, b) => a + b, 0)
    const settleFrom = Date.now()
    const settleBy = settleFrom + 60_000
    for (let before = await serversCpu(); Date.now() < settleBy; ) {
      await Bun.sleep(1000)
      const now = await serversCpu()
      if (now - before < 0.1) break
      before = now
    }
    console.log(`(settled in ${((Date.now() - settleFrom) / 1000).toFixed(0)} s)`)
    for (const rate of [...new Set([DM_RATE_LOW, DM_RATE])]) {
      latencies.length = 0
      sent = 0
      const cpuBefore = await Promise.all(Object.values(processes).map((f) => f()))
      const interval = 1000 / rate
      const start = performance.now()
      for (let i = 0; ; i++) {
        const due = start + i * interval
        if (due - start > DM_SECONDS * 1000) break
        const wait = due - performance.now()
        if (wait > 1) await Bun.sleep(wait)
        else if (i % 50 === 0) await Bun.sleep(0)
        const { ws, conversation } = senders[i % pairs]!
        ws.send(
          JSON.stringify({
            op: 'message.send',
            conversationId: conversation,
            text: `t=${Date.now()}`,
            clientId: `r${rate}-m${i}`,
          }),
        )
        sent++
      }
      // Until every message has arrived, or none has for 5 s (at most a minute).
      let seen = 0
      let quietSince = Date.now()
      const deadline = Date.now() + 60_000
      while (latencies.length < sent && Date.now() - quietSince < 5000 && Date.now() < deadline) {
        await Bun.sleep(200)
        if (latencies.length > seen) {
          seen = latencies.length
          quietSince = Date.now()
        }
      }
      const elapsed = (quietSince - (Date.now() - (performance.now() - start))) / 1000
      latencies.sort((a, b) => a - b)
      console.log(
        `cross-node direct messages at ${rate}/s for ${DM_SECONDS} s over ${pairs} conversations: ${latencies.length} of ${sent} received ` +
          `(${(latencies.length / Math.max(elapsed, DM_SECONDS)).toFixed(0)}/s); latency p50 ${median(latencies)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)]} ms` +
          `  (aim: p99 <= 20 ms at 5,000/s)`,
      )
      const cpuAfter = await Promise.all(Object.values(processes).map((f) => f()))
      const perMessage = Object.keys(processes).map(
        (name, i) => `${name} ${(((cpuAfter[i]! - cpuBefore[i]!) / Math.max(1, sent)) * 1e6).toFixed(0)}`,
      )
      console.log(`  CPU per message (µs): ${perMessage.join(', ')}`)
    }
    for (const { ws } of senders) ws.close()
  }

  for (const s of servers.splice(0)) {
    s.proc.kill('SIGTERM')
    await s.proc.exited
  }

  if (platform) {
    // ---- bare Bun.serve ----
    // The baselines get the same frames the same way as the platform: published on NATS here.
    const feed = { NATS_URL, BENCH_SUBJECT: `${prefix}.bench.fanout` }
    const viaNats = publishOn('room', feed.BENCH_SUBJECT)
    const bare = await serve('bench/gateway/bare-server.ts', feed)
    servers.push(bare)
    const bareResult = await measure('bare Bun', bare.proc.pid, { TARGET: 'bare', URL: bare.url }, viaNats)
    if (onUws) {
      const ratio = (a: number, b: number) => (a / b).toFixed(2)
      console.log('\nthe gateway on uWebSockets.js (node-uws) beside Bun (same run):')
      console.log(
        `  memory per connection at ${TOTAL}: ${onUws.kbAtTotal.toFixed(2)} KB vs ${platform.kbAtTotal.toFixed(2)} on Bun (ratio ${ratio(onUws.kbAtTotal, platform.kbAtTotal)}); at ${FIRST}: ${onUws.kbAtFirst.toFixed(2)} vs ${platform.kbAtFirst.toFixed(2)}`,
      )
      console.log(
        `  fan-out to ${FIRST} p99: ${onUws.p99} ms vs ${platform.p99} on Bun, ${bareResult.p99} bare Bun: ` +
          `${ratio(onUws.p99, bareResult.p99)} x bare Bun (Bun's: ${ratio(platform.p99, bareResult.p99)}; aim <= 1.25); p50 ${onUws.p50} vs ${platform.p50} vs ${bareResult.p50} ms`,
      )
      console.log(
        `  burst: ${(onUws.framesPerSecond / 1000).toFixed(0)}k frames/s vs ${(platform.framesPerSecond / 1000).toFixed(0)}k on Bun: ` +
          `${ratio(onUws.framesPerSecond, platform.framesPerSecond)} of Bun's, ${ratio(onUws.framesPerSecond, bareResult.framesPerSecond)} of bare Bun's`,
      )
      console.log(
        `  frames missing: ${onUws.missing} (node-uws), ${platform.missing} (Bun), ${bareResult.missing} (bare)`,
      )
    }
    bare.proc.kill()
    await bare.proc.exited
    servers.splice(0)
    // ---- socket.io 4 on Node ----
    const sioResult = FANOUT_ONLY
      ? undefined
      : await serve(['node', '--expose-gc', 'bench/gateway/socketio-server.mjs'], feed).then((sio) => {
          servers.push(sio)
          return measure('socket.io', sio.proc.pid, { TARGET: 'socketio', URL: sio.url }, viaNats)
        })
    if (!sioResult)
      console.log(
        `\nfan-out p99: ${platform.p99} ms vs ${bareResult.p99} (bare): ${(platform.p99 / bareResult.p99).toFixed(2)} x bare Bun  (aim <= 1.25)`,
      )
    else {
      console.log('\nratios (platform / baseline):')
      console.log(
        `  burst throughput: ${(platform.framesPerSecond / bareResult.framesPerSecond).toFixed(2)} of bare Bun (aim >= 0.7), ` +
          `${(platform.framesPerSecond / sioResult.framesPerSecond).toFixed(1)}x socket.io (aim >= 5)`,
      )
      console.log(
        `  memory per connection at ${TOTAL}: ${platform.kbAtTotal.toFixed(2)} KB vs ${bareResult.kbAtTotal.toFixed(2)} (bare) and ` +
          `${sioResult.kbAtTotal.toFixed(2)} (socket.io)  (aim <= 4 KB)`,
      )
      console.log(
        `  fan-out p99: ${platform.p99} ms vs ${bareResult.p99} (bare) and ${sioResult.p99} ms (socket.io)  (aim <= 100 ms)`,
      )
    }
  }
} finally {
  for (const s of servers) s.proc.kill('SIGTERM')
  await nc.close()
  await removeNatsPrefix(prefix)
  await database.drop()
}
