import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { JobQueue, republishStale } from '../../src/jobs/queue.ts'
import { type JobHandler, JobRunner, type JobRunnerOptions, retryDelay } from '../../src/jobs/runner.ts'
import { type Bus, connectBus } from '../../src/platform/bus/connect.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { Metrics } from '../../src/platform/metrics.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs } from '../support/ws.ts'

// The node serves the API and the gateway and runs actors (JobActor), but not the job runner of
// the product: the runners here are the test's, with handlers of its own, like extra workers.
let node: TestNode
let admin: Account
let owner: Account
const runners: JobRunner[] = []
const buses: Bus[] = []
const effects: string[] = []
const calls = new Map<string, number>()

function count(id: string): number {
  const n = (calls.get(id) ?? 0) + 1
  calls.set(id, n)
  return n
}

const handlers: JobHandler[] = [
  {
    kind: 'test.flaky',
    timeoutMs: 5_000,
    async run(job) {
      job.progress(50, 'halfway')
      if (count(job.id) < 3) throw new Error(`flaky attempt ${job.attempt}`)
      return { ok: true, attempt: job.attempt }
    },
    async succeeded(_trx, job) {
      effects.push(`flaky:${job.id}`)
    },
  },
  {
    kind: 'test.broken',
    timeoutMs: 5_000,
    async run() {
      throw new Error('always broken')
    },
    async failed(_trx, job, error) {
      effects.push(`dead:${job.id}:${(error as Error).message}`)
    },
  },
  {
    kind: 'test.refused',
    timeoutMs: 5_000,
    permanent: (e) => e instanceof TypeError,
    async run() {
      throw new TypeError('bad input')
    },
  },
  {
    kind: 'test.slow',
    timeoutMs: 300,
    async run(job) {
      await new Promise((resolve) => job.signal.addEventListener('abort', resolve))
      return null
    },
  },
]

/** A blocking handler: the test releases it. */
let release: () => void = () => {}
const hanging: JobHandler = {
  kind: 'test.hang',
  timeoutMs: 60_000,
  async run(job) {
    count(job.id)
    if (job.attempt === 1) await new Promise<void>((resolve) => (release = resolve))
    return { attempt: job.attempt }
  },
  async succeeded(_trx, job, result) {
    effects.push(`hang:${job.id}:${JSON.stringify(result)}`)
  },
}

async function worker(
  list: JobHandler[],
  metrics = new Metrics({ node: 'test' }),
  opts: Partial<JobRunnerOptions> = {},
) {
  const { config, secrets } = loadConfig({
    DATABASE_URL: node.databaseUrl,
    NATS_PREFIX: node.prefix,
    LOG_LEVEL: 'silent',
  })
  const bus = await connectBus(config, secrets, node.ctx.log)
  buses.push(bus)
  const runner = new JobRunner(
    { db: node.ctx.db, bus, live: node.ctx.live, log: node.ctx.log, metrics },
    list,
    { concurrency: 2, ackWaitMs: 1_500, retryBaseMs: 40, maxRunningPerOwner: 1, ...opts },
  )
  await runner.start()
  runners.push(runner)
  return { runner, bus, metrics }
}

async function enqueue(kind: string, maxAttempts = 3, ownerId: string | null = null) {
  const queue = new JobQueue(node.ctx.db)
  return node.ctx.db
    .transaction()
    .execute((trx) => queue.enqueue(trx, { kind, payload: {}, ownerId, maxAttempts }))
}

async function state(id: string) {
  return (await new JobQueue(node.ctx.db).get(id))!
}

beforeAll(async () => {
  node = await startTestNode('jobs', { env: { JOBS_ACK_WAIT_MS: '1500', JOBS_CONCURRENCY: '1' } })
  // Only the test's runners take jobs.
  await node.ctx.services.jobs.runner.stop()
  admin = await promote(node, await register(node), 'admin')
  owner = await register(node)
})
afterAll(async () => {
  for (const r of runners) await r.stop()
  for (const b of buses) await b.close()
  await node.stop()
})

describe('jobs', () => {
  test('retry delays grow exponentially, with jitter, up to an hour', () => {
    expect(retryDelay(1, 1000, () => 0)).toBe(500)
    expect(retryDelay(1, 1000, () => 1)).toBe(1000)
    expect(retryDelay(3, 1000, () => 0.5)).toBe(3000)
    expect(retryDelay(30, 1000, () => 1)).toBe(3_600_000)
  })

  test('a failing job is retried and succeeds; its effect lands once; progress reaches the owner live', async () => {
    const { metrics } = await worker(handlers)
    const { client } = await connectAs(node.url, owner.tokens.accessToken)
    const id = await enqueue('test.flaky', 5, owner.id)
    await eventually(async () => (await state(id)).state === 'succeeded', 10_000)
    const job = await state(id)
    expect(job.attempts).toBe(3)
    expect(job.result).toEqual({ ok: true, attempt: 3 })
    expect(job.lastError).toBeNull()
    expect(effects.filter((e) => e === `flaky:${id}`)).toHaveLength(1)
    // The owner sees the lifecycle on the user channel: progress as written to the row, a retry
    // (queued with the error), then success.
    const halfway = await client.until(
      (f) => f.type === 'job' && (f.data as { progress: number }).progress === 50,
    )
    expect(halfway.data).toMatchObject({ id, phase: 'running', stage: 'halfway', attempts: 1 })
    const retried = await client.until(
      (f) => f.type === 'job' && (f.data as { phase: string; error: string | null }).error !== null,
    )
    expect(retried.data).toMatchObject({ phase: 'queued', error: 'flaky attempt 1' })
    const done = await client.until(
      (f) => f.type === 'job' && (f.data as { phase: string }).phase === 'succeeded',
    )
    expect(done.data).toMatchObject({ id, kind: 'test.flaky', attempts: 3, progress: 100 })
    // The row is the one record of the job's state: no second copy is written (the actors' table).
    const copies = await node.ctx.db.selectFrom('actorState').select('id').where('kind', '=', 'job').execute()
    expect(copies).toEqual([])
    await client.close()
    const text = await metrics.registry.metrics()
    expect(text).toMatch(/sf_jobs_attempts_total\{[^}]*kind="test.flaky",outcome="retried"[^}]*\} 2/)
    expect(text).toMatch(/sf_jobs_attempts_total\{[^}]*kind="test.flaky",outcome="succeeded"[^}]*\} 1/)
    // The owner may read it; others may not.
    expect((await call(node, 'GET', `/v1/jobs/${id}`, { token: owner.tokens.accessToken })).body.state).toBe(
      'succeeded',
    )
    const stranger = await register(node)
    expect((await call(node, 'GET', `/v1/jobs/${id}`, { token: stranger.tokens.accessToken })).status).toBe(
      404,
    )
  })

  test('after its last attempt a job is a dead letter an admin lists and retries', async () => {
    const id = await enqueue('test.broken', 2)
    await eventually(async () => (await state(id)).state === 'failed', 10_000)
    const job = await state(id)
    expect(job.attempts).toBe(2)
    expect(job.lastError).toBe('always broken')
    expect(effects.filter((e) => e === `dead:${id}:always broken`)).toHaveLength(1)

    const list = await call(node, 'GET', '/v1/admin/jobs?state=failed&kind=test.broken', {
      token: admin.tokens.accessToken,
    })
    expect(list.status).toBe(200)
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(id)
    expect(
      (await call(node, 'GET', '/v1/admin/jobs?state=failed', { token: owner.tokens.accessToken })).status,
    ).toBe(403)
    expect(
      (await call(node, 'GET', '/v1/admin/jobs?state=nonsense', { token: admin.tokens.accessToken })).status,
    ).toBe(422)

    const retried = await call(node, 'POST', `/v1/admin/jobs/${id}/retry`, {
      token: admin.tokens.accessToken,
    })
    expect(retried.status).toBe(200)
    expect(retried.body).toMatchObject({ state: 'queued', attempts: 0 })
    // It runs again (and fails again: its attempts counted afresh).
    await eventually(
      async () => (await state(id)).state === 'failed' && (await state(id)).attempts === 2,
      10_000,
    )
    expect(effects.filter((e) => e === `dead:${id}:always broken`)).toHaveLength(2)

    const again = await call(node, 'POST', `/v1/admin/jobs/${crypto.randomUUID()}/retry`, {
      token: admin.tokens.accessToken,
    })
    expect(again.status).toBe(404)
    const done = await enqueue('test.flaky', 5)
    await eventually(async () => (await state(done)).state === 'succeeded', 10_000)
    const notFailed = await call(node, 'POST', `/v1/admin/jobs/${done}/retry`, {
      token: admin.tokens.accessToken,
    })
    expect(notFailed.status).toBe(409)
    expect(notFailed.body.code).toBe('job_not_failed')
  })

  test('a refused input fails at once; a job past its timeout is aborted and retried', async () => {
    const refused = await enqueue('test.refused', 5)
    await eventually(async () => (await state(refused)).state === 'failed', 10_000)
    expect((await state(refused)).attempts).toBe(1)
    expect((await state(refused)).lastError).toBe('bad input')

    const slow = await enqueue('test.slow', 2)
    await eventually(async () => (await state(slow)).state === 'failed', 10_000)
    expect((await state(slow)).attempts).toBe(2)
    expect((await state(slow)).lastError).toContain('timed out after 300 ms')
  })

  test('a worker cut off from NATS but alive keeps its job: nobody runs it twice; recorded once', async () => {
    for (const r of runners.splice(0)) await r.stop()
    const first = await worker([hanging])
    const id = await enqueue('test.hang', 3)
    await eventually(async () => (calls.get(id) ?? 0) === 1, 10_000)
    // The first worker loses NATS: JetStream redelivers the message to the second after the ack
    // wait, but the first still renews its lease in PostgreSQL, so the second hands it back.
    await first.bus.close()
    const second = await worker([hanging])
    await Bun.sleep(4_000)
    expect(calls.get(id)).toBe(1)
    expect((await state(id)).state).toBe('running')
    release()
    await eventually(async () => (await state(id)).state === 'succeeded', 10_000)
    expect((await state(id)).result).toEqual({ attempt: 1 })
    expect(effects.filter((e) => e.startsWith(`hang:${id}:`))).toEqual([`hang:${id}:{"attempt":1}`])
    // The message the first could not acknowledge is ended by the second.
    await eventually(async () => {
      const info = await node.ctx.bus.jsm.consumers.info(node.ctx.bus.streamName('jobs'), 'jobs')
      return info.num_pending === 0 && info.num_ack_pending === 0
    }, 15_000)
    expect(calls.get(id)).toBe(1)
    await second.runner.stop()
  }, 40_000)

  test('a job whose message was lost is queued again by the repair', async () => {
    const worker1 = await worker(handlers)
    // A queued job with no message (as if the stream lost it), due two minutes ago: past the
    // margin given below, within the runners' own (10 minutes), so only the call below repairs it.
    const id = crypto.randomUUID()
    await node.ctx.db
      .insertInto('jobs')
      .values({
        id,
        kind: 'test.flaky',
        payload: '{}',
        state: 'queued',
        maxAttempts: 5,
        updatedAt: new Date(Date.now() - 120_000),
      })
      .execute()
    await Bun.sleep(500)
    expect((await state(id)).state).toBe('queued')
    expect(await republishStale(node.ctx.db, 60_000)).toBe(1)
    await eventually(async () => (await state(id)).state === 'succeeded', 10_000)
    expect(await republishStale(node.ctx.db, 60_000)).toBe(0)
    await worker1.runner.stop()
  })

  describe('fair share between owners', () => {
    /** Jobs that take a while, recording which owner's job started when and how many ran at once. */
    function turns(names: Map<string, string>) {
      const started: string[] = []
      const running = new Map<string, number>()
      const most = new Map<string, number>()
      const handler: JobHandler = {
        kind: 'test.turn',
        timeoutMs: 10_000,
        async run(job) {
          const who = names.get(job.ownerId!)!
          started.push(who)
          running.set(who, (running.get(who) ?? 0) + 1)
          most.set(who, Math.max(most.get(who) ?? 0, running.get(who)!))
          await Bun.sleep(400)
          running.set(who, running.get(who)! - 1)
          return null
        },
      }
      return { handler, started, most }
    }

    async function aThenB(concurrency: number) {
      for (const r of runners.splice(0)) await r.stop()
      const [a, b] = [await register(node), await register(node)]
      const { handler, started, most } = turns(
        new Map([
          [a.id, 'A'],
          [b.id, 'B'],
        ]),
      )
      const ids: string[] = []
      for (let i = 0; i < 3; i++) ids.push(await enqueue('test.turn', 1, a.id))
      ids.push(await enqueue('test.turn', 1, b.id))
      const { runner } = await worker([handler], undefined, { concurrency })
      await eventually(async () => {
        for (const id of ids) if ((await state(id)).state !== 'succeeded') return false
        return true
      }, 30_000)
      await runner.stop()
      return { started, most }
    }

    test("with one slot, owner A's three jobs queued first do not hold owner B's back: B goes second", async () => {
      const { started } = await aThenB(1)
      expect(started).toEqual(['A', 'B', 'A', 'A'])
    }, 40_000)

    test('with two slots, one job of an owner runs at a time (JOBS_MAX_RUNNING_PER_OWNER=1); B runs beside A', async () => {
      const { started, most } = await aThenB(2)
      expect(most.get('A')).toBe(1)
      expect(started.indexOf('B')).toBeLessThan(2)
      expect(started.filter((s) => s === 'A')).toHaveLength(3)
    }, 40_000)
  })
})
