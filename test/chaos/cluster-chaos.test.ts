/**
 * Chaos on the local cluster (deploy/local-cluster): processes killed or stopped under traffic,
 * through the balancer as clients see it. Each scenario prints what it did and what it counted.
 * The cluster has a PostgreSQL server of its own (CLUSTER_POSTGRES=own), which the last scenario
 * stops and starts; the machine's is left alone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { alive, localCluster } from '../support/cluster.ts'

const cluster = localCluster('chaos', { RATE_LIMITS: '*=off', CLUSTER_POSTGRES: 'own' })

beforeAll(() => {
  const started = cluster.run('start')
  if (started.code !== 0) throw new Error(`the cluster did not start:\n${started.out}`)
}, 120_000)

afterAll(() => cluster.remove(), 60_000)

interface Frame {
  op: string
  channel?: string
  type?: string
  seq?: number
  epoch?: string
  // biome-ignore lint/suspicious/noExplicitAny: frames carry whatever the event holds
  data?: any
  resync?: boolean
}

/**
 * A client as a well-behaved app is written: connects through the balancer, authenticates,
 * listens to `channel` (a room: resuming after the last `seq` it handled), and when its
 * connection drops connects again, as long as it is not stopped.
 */
class Listener {
  readonly events: Frame[] = []
  reconnects = 0
  resyncs = 0
  private last: { seq: number; epoch: string } | undefined
  private ws: WebSocket | undefined
  private stopped = false
  readonly ready: Promise<void>

  constructor(
    private readonly token: string,
    private readonly channel?: string,
  ) {
    this.ready = this.connect()
  }

  private connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${cluster.url.replace('http', 'ws')}/v1/gateway`)
      this.ws = ws
      let done = false
      const settle = () => {
        if (!done) {
          done = true
          resolve()
        }
      }
      ws.addEventListener('message', (e) => {
        const f = JSON.parse(String(e.data)) as Frame
        if (f.op === 'hello') ws.send(JSON.stringify({ op: 'auth', token: this.token }))
        else if (f.op === 'ready') {
          if (!this.channel) return settle()
          ws.send(
            JSON.stringify({
              op: 'subscribe',
              channel: this.channel,
              ...(this.last ? { since: this.last.seq, epoch: this.last.epoch } : {}),
            }),
          )
        } else if (f.op === 'subscribed') {
          if (f.resync) this.resyncs++
          settle()
        } else if (f.op === 'event') {
          this.events.push(f)
          if (f.channel === this.channel && f.seq !== undefined) this.last = { seq: f.seq, epoch: f.epoch! }
        }
      })
      ws.addEventListener('close', () => {
        if (this.stopped) return settle()
        this.reconnects++
        // A drop (its gateway died): connect again shortly, through the balancer.
        setTimeout(() => this.connect().then(settle), 100 + Math.random() * 200)
      })
    })
  }

  stop(): void {
    this.stopped = true
    this.ws?.close()
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) return false
    await Bun.sleep(50)
  }
  return true
}

const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}_${process.pid % 10000}`.slice(0, 20))

describe('chaos on the local cluster', () => {
  test('a gateway killed with SIGKILL mid-conversation: every member resumes on the other, nothing lost or repeated', async () => {
    let killedAt = 0
    try {
      const [sender, ...members] = await Promise.all(names('gk', 13).map((u) => cluster.signUp(u)))
      const usernames = names('gk', 13).slice(1)
      const conversation = await cluster.json('POST', '/v1/conversations', { members: usernames }, sender)
      expect(conversation.status).toBe(201)
      const channel = `dm:${conversation.body.id}`
      const listeners = members.map((token) => new Listener(token!, channel))
      await Promise.all(listeners.map((l) => l.ready))

      const total = 60
      for (let i = 1; i <= total; i++) {
        const sent = await cluster.json(
          'POST',
          `/v1/conversations/${conversation.body.id}/messages`,
          { text: `message ${i}`, clientId: `m-${i}` },
          sender,
        )
        expect(sent.status).toBe(201)
        if (i === 20) {
          expect(cluster.run('down', 'gateway-1', '--kill').code).toBe(0)
          killedAt = Date.now()
        }
        await Bun.sleep(30)
      }
      const texts = (l: Listener) =>
        l.events.filter((e) => e.type === 'message').map((e) => e.data.text as string)
      await until(() => listeners.every((l) => texts(l).length >= total), 20_000)
      const dropped = listeners.filter((l) => l.reconnects > 0).length
      let lost = 0
      let repeated = 0
      for (const l of listeners) {
        const got = texts(l)
        lost += total - new Set(got).size
        repeated += got.length - new Set(got).size
        const seqs = l.events.filter((e) => e.channel === channel).map((e) => e.seq!)
        // Every seq once, in order.
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i))
      }
      console.log(
        `gateway-1 killed with SIGKILL after message 20 of ${total}; ${dropped} of ${listeners.length} members were on it and reconnected through nginx (${listeners.reduce((n, l) => n + l.resyncs, 0)} resyncs); messages lost ${lost}, repeated ${repeated}; the last member had everything ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`,
      )
      expect(dropped).toBeGreaterThan(0)
      expect(lost).toBe(0)
      expect(repeated).toBe(0)
      for (const l of listeners)
        expect(texts(l)).toEqual(Array.from({ length: total }, (_, i) => `message ${i + 1}`))
      for (const l of listeners) l.stop()
    } finally {
      if (killedAt) expect(cluster.run('up', 'gateway-1').code).toBe(0)
    }
  }, 120_000)

  test('a worker killed with SIGKILL mid-traffic: notifications keep coming, each once', async () => {
    let killedAt = 0
    try {
      const [target, ...followers] = await Promise.all(names('wk', 25).map((u) => cluster.signUp(u)))
      const targetName = names('wk', 1)[0]!
      const listener = new Listener(target!)
      await listener.ready
      const follows = () =>
        listener.events.filter((e) => e.type === 'notification' && e.data?.type === 'follow')
      let firstAfterKill = 0
      for (const [i, token] of followers.entries()) {
        expect(
          (await cluster.json('POST', `/v1/users/${targetName}/follow`, undefined, token)).status,
        ).toBeLessThan(300)
        if (i === 8) {
          expect(cluster.run('down', 'worker-1', '--kill').code).toBe(0)
          killedAt = Date.now()
          const before = follows().length
          void until(() => follows().length > before, 30_000).then(() => {
            firstAfterKill = Date.now()
          })
        }
        await Bun.sleep(100)
      }
      await until(() => follows().length >= followers.length, 30_000)
      const actors = follows().map((e) => e.data.actor.username as string)
      console.log(
        `worker-1 killed with SIGKILL after follow 9 of ${followers.length}; notifications delivered ${actors.length} (distinct ${new Set(actors).size}); first one after the kill ${firstAfterKill ? ((firstAfterKill - killedAt) / 1000).toFixed(1) : 'never'} s later`,
      )
      expect(new Set(actors).size).toBe(followers.length)
      expect(actors.length).toBe(followers.length)
      expect(firstAfterKill - killedAt).toBeLessThan(10_000)
      listener.stop()
    } finally {
      // Up again whatever happened: the next scenarios need every node.
      if (killedAt) expect(cluster.run('up', 'worker-1').code).toBe(0)
    }
  }, 120_000)

  test('one NATS server stopped, then all three for 20 s: writes keep succeeding, events flow once NATS is back, each once', async () => {
    const [target, ...followers] = await Promise.all(names('nk', 13).map((u) => cluster.signUp(u)))
    const targetName = names('nk', 1)[0]!
    const listener = new Listener(target!)
    await listener.ready
    const follows = () =>
      listener.events.filter((e) => e.type === 'notification' && e.data?.type === 'follow')

    expect(cluster.run('down', 'nats-1').code).toBe(0)
    for (const token of followers.slice(0, 4))
      expect(
        (await cluster.json('POST', `/v1/users/${targetName}/follow`, undefined, token)).status,
      ).toBeLessThan(300)
    // With two servers of three JetStream keeps a majority; the clients that were on the stopped
    // one reconnect and their consumers resume (a stream whose leader it was elects another first).
    const stoppedAt = Date.now()
    const withTwo = await until(() => follows().length >= 4, 60_000)
    const withTwoSeconds = (Date.now() - stoppedAt) / 1000

    expect(cluster.run('down', 'nats-2').code).toBe(0)
    expect(cluster.run('down', 'nats-3').code).toBe(0)
    const downAt = Date.now()
    const written: number[] = []
    const took: number[] = []
    const write = async (method: string, path: string, body: unknown, token: string) => {
      const started = Date.now()
      written.push((await cluster.json(method, path, body, token)).status)
      took.push(Date.now() - started)
    }
    for (const token of followers.slice(4)) {
      await write('POST', `/v1/users/${targetName}/follow`, undefined, token!)
      await write('POST', '/v1/posts', { text: 'written while NATS is away' }, token!)
    }
    while (Date.now() - downAt < 20_000) await Bun.sleep(200)
    const duringOutage = follows().length
    expect(cluster.run('up', 'nats-1', 'nats-2', 'nats-3').code).toBe(0)
    const upAt = Date.now()
    await until(() => follows().length >= followers.length, 60_000)
    const actors = follows().map((e) => e.data.actor.username as string)
    console.log(
      `nats-1 stopped: ${withTwo ? `the 4 notifications arrived on two servers within ${withTwoSeconds.toFixed(1)} s` : 'notifications stopped for a minute'}; all three stopped for 20 s: ${written.filter((s) => s < 300).length} of ${written.length} writes succeeded (follows and posts; slowest ${Math.max(...took)} ms), ${Math.max(0, duringOutage - 4)} notifications arrived during the outage; after NATS came back, ${actors.length} notifications (distinct ${new Set(actors).size}) of ${followers.length} within ${((Date.now() - upAt) / 1000).toFixed(1)} s`,
    )
    expect(withTwo).toBe(true)
    expect(written.every((s) => s < 300)).toBe(true)
    expect(new Set(actors).size).toBe(followers.length)
    expect(actors.length).toBe(followers.length)
    listener.stop()
  }, 180_000)

  test('PostgreSQL stopped under traffic (pg_ctl fast, then immediate): 503 problem+json at once, nodes unready, every node recovers without a restart', async () => {
    const [reader, writer, target, ...followers] = await Promise.all(
      names('pg', 5).map((u) => cluster.signUp(u)),
    )
    const targetName = names('pg', 3)[2]!
    const listener = new Listener(target!)
    await listener.ready
    const follows = () =>
      listener.events.filter((e) => e.type === 'notification' && e.data?.type === 'follow')
    const nodes = ['api-1', 'api-2', 'gateway-1', 'gateway-2', 'worker-1', 'worker-2']
    const pids = nodes.map((n) => cluster.pid(n))
    const nodeUrl = (i: number) => `http://127.0.0.1:${cluster.base + 1 + i}`
    const readiness = () =>
      Promise.all(
        nodes.map(async (_, i) => {
          const res = await fetch(`${nodeUrl(i)}/readyz`, { signal: AbortSignal.timeout(5000) }).catch(
            () => null,
          )
          const body = (await res?.json().catch(() => null)) as {
            checks?: { postgres?: { ok: boolean } }
          } | null
          return { status: res?.status ?? 0, postgres: body?.checks?.postgres?.ok }
        }),
      )

    // Clients through the balancer, each a request at a time: reads and writes that need the database.
    type Answer = {
      phase: string
      kind: string
      status: number
      ms: number
      end: number
      problem: boolean
      note?: string
    }
    const answers: Answer[] = []
    let phase = 'before'
    let running = true
    const kinds: [string, () => [string, RequestInit]][] = [
      ['home', () => ['/v1/timelines/home?limit=5', { headers: { authorization: `Bearer ${reader}` } }]],
      ['me', () => ['/v1/me', { headers: { authorization: `Bearer ${reader}` } }]],
      ['profile', () => [`/v1/users/${targetName}`, { headers: { authorization: `Bearer ${reader}` } }]],
      [
        'post',
        () => [
          '/v1/posts',
          {
            method: 'POST',
            headers: { authorization: `Bearer ${writer}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text: `written around a PostgreSQL restart ${crypto.randomUUID()}` }),
          },
        ],
      ],
    ]
    const clients = kinds.map(async ([kind, request]) => {
      while (running) {
        const [path, init] = request()
        const at = phase
        const started = performance.now()
        try {
          // A client gives up after 10 s: that is a request that hung.
          const res = await fetch(`${cluster.url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
          const text = await res.text()
          const problem =
            res.headers.get('content-type')?.startsWith('application/problem+json') === true &&
            JSON.parse(text).code === 'service_unavailable'
          answers.push({
            phase: at,
            kind,
            status: res.status,
            ms: performance.now() - started,
            end: Date.now(),
            problem,
            note: res.status >= 400 && !problem ? text.slice(0, 200) : undefined,
          })
        } catch (error) {
          answers.push({
            phase: at,
            kind,
            status: 0,
            ms: performance.now() - started,
            end: Date.now(),
            problem: false,
            note: String(error),
          })
        }
        await Bun.sleep(25)
      }
    })

    const report: string[] = []
    // Fast (clients told, a checkpoint) and immediate (no goodbye, crash recovery on start). After
    // the immediate one pooled reservations used to hang for good: see postgres-js-fixes.ts.
    const modes = ['fast', 'immediate'] as const
    for (const mode of modes) {
      phase = `${mode}: before`
      await Bun.sleep(1000)
      phase = `${mode}: stopping`
      const stopped = cluster.run('down', 'postgres', ...(mode === 'immediate' ? ['--immediate'] : []))
      expect(stopped.code).toBe(0)
      phase = `${mode}: away`
      const awayAt = Date.now()
      await Bun.sleep(1500)
      const unready = await readiness()
      while (Date.now() - awayAt < 5000) await Bun.sleep(100)
      // A follow while PostgreSQL is away: refused like the rest, not half done.
      const followAway = await cluster.json('POST', `/v1/users/${targetName}/follow`, undefined, followers[0])

      phase = `${mode}: starting`
      const upAt = Date.now()
      expect(cluster.run('up', 'postgres').code).toBe(0)
      const startedIn = Date.now() - upAt
      phase = `${mode}: back`
      const backAt = Date.now()
      // Every api node answers a read of its own again (asked directly, not through nginx).
      const apiBack = await Promise.all(
        [0, 1].map(async (i) => {
          while (Date.now() - backAt < 30_000) {
            const res = await fetch(`${nodeUrl(i)}/v1/me`, {
              headers: { authorization: `Bearer ${reader}` },
              signal: AbortSignal.timeout(5000),
            }).catch(() => null)
            if (res?.status === 200) return Date.now() - backAt
            await Bun.sleep(100)
          }
          return Number.POSITIVE_INFINITY
        }),
      )
      let ready = await readiness()
      const readyAfter = ready.map((r) => (r.status === 200 ? Date.now() - backAt : Number.NaN))
      while (ready.some((r) => r.status !== 200) && Date.now() - backAt < 30_000) {
        await Bun.sleep(200)
        ready = await readiness()
        for (const [i, r] of ready.entries())
          if (r.status === 200 && Number.isNaN(readyAfter[i]!)) readyAfter[i] = Date.now() - backAt
      }
      // Through the balancer: the first request of the clients above that succeeded again. nginx
      // leaves a node that answered 503 alone for fail_timeout (5 s, passive checks), so this can
      // come a few seconds after the nodes are ready (sooner when they took longer).
      const okBack = (a: Answer) => a.phase === `${mode}: back` && a.status < 300
      await until(() => answers.some(okBack), 10_000)
      const firstOk = answers.find(okBack)
      // The workers relay events again and the gateways deliver them: a follow is notified. Sent as
      // a client does after a 503: again after its Retry-After, for as long as nginx passes over.
      const before = follows().length
      const follower = mode === 'fast' ? followers[0] : followers[1]
      const followAt = Date.now()
      let followed = await cluster.json('POST', `/v1/users/${targetName}/follow`, undefined, follower)
      while (followed.status === 503 && Date.now() - followAt < 10_000) {
        await Bun.sleep(1000)
        followed = await cluster.json('POST', `/v1/users/${targetName}/follow`, undefined, follower)
      }
      // (Up to 30 s: a user actor whose lease lapsed while PostgreSQL was away is activated again by
      // the next message, after the consumers' back-off.)
      const notified = await until(() => follows().length > before, 30_000)
      const notifiedIn = Date.now() - followAt
      await Bun.sleep(1000)

      const away = answers.filter((a) => a.phase === `${mode}: away`)
      const around = answers.filter((a) => a.phase.startsWith(`${mode}: `))
      const slowest = (xs: Answer[]) => Math.max(0, ...xs.map((a) => a.ms))
      const count = (xs: Answer[], f: (a: Answer) => boolean) => xs.filter(f).length
      const line =
        `PostgreSQL stopped with pg_ctl -m ${mode}: while away (5 s) ${away.length} requests through nginx, ` +
        `${count(away, (a) => a.status === 503 && a.problem)} answered 503 problem+json, ${count(away, (a) => a.status < 300)} 2xx, ` +
        `${count(away, (a) => a.status !== 503 && a.status >= 300)} other, ${count(away, (a) => a.status === 0)} hung (10 s); slowest ${slowest(away).toFixed(0)} ms ` +
        `(before the stop: slowest ${slowest(answers.filter((a) => a.phase === `${mode}: before`)).toFixed(0)} ms); ` +
        `a follow meanwhile: ${followAway.status}; /readyz: ${unready.filter((r) => r.status === 503 && r.postgres === false).length} of 6 nodes unready. ` +
        `Started again in ${(startedIn / 1000).toFixed(1)} s; then api nodes answered after ${apiBack.map((ms) => `${ms} ms`).join(' and ')}, ` +
        `ready after ${nodes.map((n, i) => `${n} ${readyAfter[i]} ms`).join(', ')}; the clients through nginx had a success after ${firstOk ? `${firstOk.end - backAt} ms, ` : 'never, '}` +
        `a follow (${followed.status}) was notified on a gateway ${notified ? `${notifiedIn} ms later` : 'never'}; ` +
        `across the whole cycle ${around.length} requests, ${count(around, (a) => a.status >= 500 && !(a.status === 503 && a.problem))} 5xx other than 503 problem+json`
      report.push(line)
      console.log(line)
      const odd = around.filter(
        (a) => (a.status >= 500 && !(a.status === 503 && a.problem)) || a.status === 0,
      )
      if (odd.length) console.log(odd.slice(0, 5))

      // Each check names itself and carries the report line: CI shows the failure, not only its name.
      const failed = Object.entries({
        'no 5xx but 503 problem+json, none hung': odd.length === 0,
        'traffic while away': away.length > 20,
        'every answer while away was 503 problem+json or 2xx': away.every(
          (a) => (a.status === 503 && a.problem) || a.status < 300,
        ),
        'most answers while away were 503': count(away, (a) => a.status === 503) > away.length / 2,
        'answered at once while away (< 2 s)': slowest(away) < 2000,
        'a follow while away was 503': followAway.status === 503,
        'every node unready while away': unready.every((r) => r.status === 503 && r.postgres === false),
        'api nodes answered within 15 s': apiBack.every((ms) => ms < 15_000),
        'every node ready again': ready.every((r) => r.status === 200),
        'a follow after succeeded': followed.status < 300,
        'the follow was notified': notified,
      })
        .filter(([, ok]) => !ok)
        .map(([check]) => check)
      expect(failed, `${line}\n${JSON.stringify(odd.slice(0, 5))}`).toEqual([])
    }
    running = false
    await Promise.all(clients)
    listener.stop()
    // No node was restarted: the same processes, all alive.
    expect(nodes.map((n) => cluster.pid(n))).toEqual(pids)
    expect(pids.every(alive)).toBe(true)
  }, 240_000)
})
