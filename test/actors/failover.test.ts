import { afterAll, beforeAll, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { ActorClient } from '../../actors/runtime/client.ts'
import { PARTITIONS } from '../../actors/runtime/protocol.ts'
import { LEASES_BUCKET } from '../../actors/runtime/system.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { type NodeProcess, spawnNode } from '../support/process.ts'
import { NATS_URL } from '../support/services.ts'

/**
 * Two worker processes hold the actors; one is killed (SIGKILL, no goodbye) in the middle of
 * traffic. Its partitions move to the other within the lease's life, the actors resume from their
 * persisted state, and every message acknowledged before, during or after is in that state.
 */
let node: TestNode
const workers: NodeProcess[] = []

beforeAll(async () => {
  node = await startTestNode('failover', { env: { ROLES: 'api' } })
  const env = {
    DATABASE_URL: node.databaseUrl,
    NATS_URL,
    NATS_PREFIX: node.prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    ROLES: 'worker',
    MAIL_DIR: node.mailDir,
  }
  // Workers that run a `counter` actor besides the product's (test/fixtures/actor-node.ts).
  const script = 'test/fixtures/actor-node.ts'
  workers.push(
    spawnNode({ ...env, NODE_ID: 'worker-1' }, script),
    spawnNode({ ...env, NODE_ID: 'worker-2' }, script),
  )
  await Promise.all(workers.map((w) => w.started))
}, 30_000)

afterAll(async () => {
  for (const w of workers) w.proc.kill('SIGTERM')
  await Promise.all(workers.map((w) => w.exited))
  await node.stop()
})

async function owners(): Promise<Map<string, number>> {
  const kv = await new Kvm(node.ctx.bus.js).open(node.ctx.bus.streamName(LEASES_BUCKET).toLowerCase())
  const count = new Map<string, number>()
  for await (const key of await kv.keys()) {
    const entry = await kv.get(key)
    if (entry?.operation !== 'PUT') continue
    const owner = (entry.json() as { node: string }).node
    count.set(owner, (count.get(owner) ?? 0) + 1)
  }
  return count
}

test('a killed worker: its actors move in under 10 s and no acknowledged message is lost', async () => {
  await eventually(async () => {
    const o = await owners()
    return o.get('worker-1') === PARTITIONS / 2 && o.get('worker-2') === PARTITIONS / 2
  }, 10_000)
  const client = new ActorClient(node.ctx.bus, 20_000)
  const counters = Array.from({ length: 40 }, () => ({ kind: 'counter', id: crypto.randomUUID() }))
  const acked = new Map<string, number>()
  let slowest = 0
  let stop = false
  const traffic = counters.map(async (counter) => {
    for (let v = 1; v <= 100 && !stop; v++) {
      const started = Date.now()
      const state = await client.ask<{ value: number }>(counter, { type: 'set', value: v })
      slowest = Math.max(slowest, Date.now() - started)
      expect(state.value).toBe(v)
      acked.set(counter.id, v)
      await Bun.sleep(20)
    }
  })
  await Bun.sleep(1000)
  expect(acked.size).toBeGreaterThan(0)
  workers[0]!.proc.kill('SIGKILL')
  const killedAt = Date.now()
  await eventually(async () => (await owners()).get('worker-2') === PARTITIONS, 15_000)
  const movedIn = Date.now() - killedAt
  await Bun.sleep(1500)
  stop = true
  await Promise.all(traffic)
  console.log(`partitions moved in ${movedIn} ms; slowest acknowledged message ${slowest} ms`)
  expect(movedIn).toBeLessThan(10_000)
  expect(slowest).toBeLessThan(10_000)
  for (const counter of counters) {
    const state = await client.ask<{ value: number }>(counter, { type: 'get' })
    expect(state.value).toBe(acked.get(counter.id)!)
  }
}, 60_000)
