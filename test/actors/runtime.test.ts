import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { sql } from 'kysely'
import { ActorClient, ActorError } from '../../actors/runtime/client.ts'
import { PARTITIONS, partitionOf } from '../../actors/runtime/protocol.ts'
import {
  type ActorBehavior,
  ActorSystem,
  LEASES_BUCKET,
  MEMBERS_BUCKET,
} from '../../actors/runtime/system.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/** A test actor: a counter that also records how many messages it is handling at once. */
let concurrent = 0
let maxConcurrent = 0
const counter: ActorBehavior<{ n: number; activatedAt: number[] }> = {
  initial: () => ({ n: 0, activatedAt: [] }),
  async activated(ctx) {
    ctx.state.activatedAt.push(Date.now())
  },
  async receive(ctx, m) {
    concurrent++
    maxConcurrent = Math.max(maxConcurrent, concurrent)
    try {
      if (m.type === 'add') {
        await Bun.sleep(1)
        ctx.state.n += Number(m.by ?? 1)
        await ctx.persist()
        return ctx.state.n
      }
      if (m.type === 'get') return ctx.state
      if (m.type === 'boom') throw new Error('boom')
      if (m.type === 'later') {
        ctx.setTimer('t', 50, { type: 'add', by: 100 })
        return 'armed'
      }
      throw new Error(`unknown ${m.type}`)
    } finally {
      concurrent--
    }
  },
}

let node: TestNode
const systems: ActorSystem[] = []
let client: ActorClient

async function system(nodeId: string, idleMs = 60_000) {
  const kvm = new Kvm(node.ctx.bus.js)
  const bucket = (name: string) => kvm.open(node.ctx.bus.streamName(name).toLowerCase())
  const s = new ActorSystem({
    bus: node.ctx.bus,
    db: node.ctx.db,
    leases: await bucket(LEASES_BUCKET),
    members: await bucket(MEMBERS_BUCKET),
    nodeId,
    behaviors: { counter } as unknown as Record<string, ActorBehavior<unknown>>,
    log: node.ctx.log,
    idleMs,
    tickMs: 200,
  })
  systems.push(s)
  return s
}

beforeAll(async () => {
  // An api node for its connections; the actor systems under test are made here, not by a worker.
  node = await startTestNode('actors', { env: { ROLES: 'api' } })
  client = new ActorClient(node.ctx.bus, 15_000)
})
afterAll(async () => {
  for (const s of systems) await s.stop()
  await node.stop()
})

describe('actor runtime', () => {
  test('two workers share the partitions; an actor handles one message at a time, exactly', async () => {
    const a = await system('worker-a')
    const b = await system('worker-b')
    await a.start()
    await b.start()
    await eventually(
      async () => a.partitions.length === PARTITIONS / 2 && b.partitions.length === PARTITIONS / 2,
      5000,
    )
    expect(new Set([...a.partitions, ...b.partitions]).size).toBe(PARTITIONS)

    const ref = { kind: 'counter', id: 'c1' }
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.ask<number>(ref, { type: 'add' })),
    )
    expect(results.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(maxConcurrent).toBe(1)
    const owner = a.partitions.includes(partitionOf('c1')) ? a : b
    expect(owner.active).toBe(1)
    expect(a.activations + b.activations).toBe(1)

    // A failure in the handler reaches the caller; the actor lives on.
    await expect(client.ask(ref, { type: 'boom' })).rejects.toThrow(ActorError)
    expect((await client.ask<{ n: number }>(ref, { type: 'get' })).n).toBe(50)
    // Timers deliver to the actor itself.
    expect(await client.ask(ref, { type: 'later' })).toBe('armed')
    await eventually(async () => (await client.ask<{ n: number }>(ref, { type: 'get' })).n === 150, 3000)

    // A worker that stops hands its partitions over at once; the actor resumes from its state.
    const started = Date.now()
    await owner.stop()
    const other = owner === a ? b : a
    expect(await client.ask<number>(ref, { type: 'add' })).toBe(151)
    expect(Date.now() - started).toBeLessThan(5000)
    await eventually(async () => other.partitions.length === PARTITIONS, 5000)
    const state = await client.ask<{ activatedAt: number[] }>(ref, { type: 'get' })
    expect(state.activatedAt).toHaveLength(2)
  }, 30_000)

  test('a write under a lost lease is refused: the old owner cannot overwrite the new one', async () => {
    const s = systems.find((x) => x.partitions.length > 0)!
    const ref = { kind: 'counter', id: 'fenced' }
    expect(await client.ask(ref, { type: 'add' })).toBe(1)
    const [row] = (
      await sql<{
        fence: string
      }>`select fence from actor_state where kind = 'counter' and id = 'fenced'`.execute(node.ctx.db)
    ).rows
    // As if another worker had taken the partition since: its fence is higher.
    await sql`update actor_state set fence = ${Number(row!.fence) + 1000} where kind = 'counter' and id = 'fenced'`.execute(
      node.ctx.db,
    )
    // The owner's next write is refused; it drops the actor and the caller is told to retry,
    // which here ends in a timeout since no worker holds the newer lease.
    await expect(client.ask(ref, { type: 'add' }, 1500)).rejects.toThrow(/did not answer/)
    expect(s.active).toBeGreaterThanOrEqual(0)
    const [after] = (
      await sql<{
        state: { n: number }
      }>`select state from actor_state where kind = 'counter' and id = 'fenced'`.execute(node.ctx.db)
    ).rows
    expect(after!.state.n).toBe(1)
  })

  test('an idle actor leaves memory and comes back with its state', async () => {
    for (const s of systems) await s.stop()
    const s = await system('worker-idle', 300)
    await s.start()
    const ref = { kind: 'counter', id: 'sleepy' }
    await client.ask(ref, { type: 'add', by: 7 })
    expect(s.active).toBe(1)
    await eventually(async () => s.active === 0, 3000)
    expect(await client.ask(ref, { type: 'add' })).toBe(8)
    expect(s.activations).toBe(2)
  })

  test('an unknown kind of actor is an error, not a hang', async () => {
    await expect(client.ask({ kind: 'nosuch', id: 'x' }, { type: 'get' }, 3000)).rejects.toThrow(
      /no actors of kind/,
    )
    await expect(client.ask({ kind: 'counter', id: 'bad id!' }, { type: 'get' })).rejects.toThrow(
      /not an actor address/,
    )
  })
})
