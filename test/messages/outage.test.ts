import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { type PrivateNats, startPrivateNats } from '../support/nats-server.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs, type Frame } from '../support/ws.ts'

let nats: PrivateNats
let node: TestNode
beforeAll(async () => {
  nats = await startPrivateNats()
  node = await startTestNode('dm_outage', {
    env: { NATS_URL: nats.url, TRUST_PROXY: 'true', PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1' },
  })
})
afterAll(async () => {
  await node.stop()
  await nats.dispose()
})

const as = (a: Account) => a.tokens.accessToken
const send = (a: Account, id: string, text: string) =>
  call(node, 'POST', `/v1/conversations/${id}/messages`, {
    token: as(a),
    body: { text, clientId: crypto.randomUUID() },
  })

test('a message stored while NATS is away leaves no silent hole: live readers and resuming ones are told to resync', async () => {
  const [a, b] = [await register(node), await register(node)]
  const id = (
    await call(node, 'POST', '/v1/conversations', { token: as(a), body: { members: [b.username] } })
  ).body.id as string
  const live = await connectAs(node.url, as(b))
  live.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 1 })
  await live.client.until((f) => f.ref === 1)
  const seqOf = (f: Frame) => (f.type === 'message' ? (f.seq as number) : undefined)
  for (const text of ['one', 'two']) expect((await send(a, id, text)).status).toBe(201)
  const two = await live.client.until((f) => f.seq === 2, 5000)
  expect(seqOf(two)).toBe(2)

  await nats.stop()
  const started = performance.now()
  expect((await send(a, id, 'three')).status).toBe(201) // stored in PostgreSQL, not published
  expect(performance.now() - started).toBeLessThan(2000)
  await nats.start()
  await eventually(async () => node.ctx.bus.connected, 10_000)
  await eventually(async () => (await send(a, id, 'four')).status === 201, 10_000)

  // The live reader gets `resync` (seq 3 can be had from no history), then seq 4.
  const next = await live.client.until((f) => f.op === 'resync' || f.seq === 4, 10_000)
  expect(next).toEqual({ op: 'resync', channel: `dm:${id}` })
  expect((await live.client.until((f) => f.seq === 4, 5000)).data).toMatchObject({ text: 'four' })
  // REST has every message.
  const page = await call(node, 'GET', `/v1/conversations/${id}/messages`, { token: as(b) })
  expect(page.body.items.map((m: { text: string }) => m.text)).toEqual(['four', 'three', 'two', 'one'])

  // A reader resuming after seq 2 is not handed 4 as if it followed 2.
  const resuming = await connectAs(node.url, as(b))
  resuming.client.send({ op: 'subscribe', channel: `dm:${id}`, since: 2, epoch: two.epoch, ref: 2 })
  expect(await resuming.client.until((f) => f.ref === 2)).toMatchObject({ op: 'subscribed', resync: true })
  await live.client.close()
  await resuming.client.close()
})
