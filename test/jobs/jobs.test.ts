import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { JobQueue, republishStale } from '../../src/jobs/queue.ts'
import { type JobHandler, JobRunner, retryDelay } from '../../src/jobs/runner.ts'
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

async function worker(list: JobHandler[], metrics = new Metrics({ node: 'test' })) {
  const { config, secrets } = loadConfig({
    DATABASE_URL: node.databaseUrl,
    NATS_PREFIX: node.prefix,
    LOG_LEVEL: 'silent',
  })
  const bus = await connectBus(config, secrets, node.ctx.log)
  buses.push(bus)
  const runner = new JobRunner(
    { db: node.ctx.db, bus, actors: node.ctx.actors, log: node.ctx.log, metrics },
    list,
    { concurrency: 2, ackWaitMs: 1_500, retryBaseMs: 40 },
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
    // The owner sees the lifecycle on the user channel: a retry (queued with the error), then success.
    const retried = await client.until(
      (f) => f.type === 'job' && (f.data as { phase: string; error: string | null }).error !== null,
    )
    expect(retried.data).toMatchObject({ phase: 'queued', error: 'flaky attempt 1' })
    const done = await client.until(
      (f) => f.type === 'job' && (f.data as { phase: string }).phase === 'succeeded',
    )
    expect(done.data).toMatchObject({ id, kind: 'test.flaky', attempts: 3, progress: 100 })
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
})
