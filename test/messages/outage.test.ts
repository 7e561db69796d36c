import { afterAll, beforeAll, expect, test } from 'bun:test'
import { liveSubject } from '../../src/platform/bus/live.ts'
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

test('a message stored while NATS is away reaches live readers once it is back, and resuming readers get every message in order', async () => {
  const [a, b] = [await register(node), await register(node)]
  const id = (
    await call(node, 'POST', '/v1/conversations', { token: as(a), body: { members: [b.username] } })
  ).body.id as string
  const live = await connectAs(node.url, as(b))
  live.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 1 })
  await live.client.until((f) => f.ref === 1)
  for (const text of ['one', 'two']) expect((await send(a, id, text)).status).toBe(201)
  const two = await live.client.until((f) => f.seq === 2, 5000)
  expect(two.type).toBe('message')

  await nats.stop()
  const started = performance.now()
  expect((await send(a, id, 'three')).status).toBe(201) // stored in PostgreSQL, kept for publishing
  expect(performance.now() - started).toBeLessThan(2000)
  await nats.start()
  await eventually(async () => node.ctx.bus.connected, 10_000)

  // Published once NATS is back, before anything else is sent: the live reader gets it, no resync.
  const three = await live.client.until((f) => f.op === 'resync' || f.seq === 3, 10_000)
  expect(three).toMatchObject({ op: 'event', seq: 3, type: 'message', data: { text: 'three' } })
  await eventually(async () => (await send(a, id, 'four')).status === 201, 10_000)
  expect((await live.client.until((f) => f.op === 'resync' || f.seq === 4, 5000)).data).toMatchObject({
    text: 'four',
  })
  const page = await call(node, 'GET', `/v1/conversations/${id}/messages`, { token: as(b) })
  expect(page.body.items.map((m: { text: string }) => m.text)).toEqual(['four', 'three', 'two', 'one'])

  const resume = async (ref: number) => {
    const resuming = await connectAs(node.url, as(b))
    resuming.client.send({ op: 'subscribe', channel: `dm:${id}`, since: 2, epoch: two.epoch, ref })
    const subscribed = await resuming.client.until((f) => f.ref === ref)
    const replayed = [await resuming.client.next(), await resuming.client.next()]
    await resuming.client.close()
    return { subscribed, replayed }
  }
  const texts = (frames: Frame[]) => frames.map((f) => [f.seq, (f.data as { text: string }).text])
  // A reader resuming after seq 2 gets 3 and 4 from JetStream.
  const fromStream = await resume(2)
  expect(fromStream.subscribed).toMatchObject({ op: 'subscribed', replayed: 2 })
  expect(texts(fromStream.replayed)).toEqual([
    [3, 'three'],
    [4, 'four'],
  ])

  // JetStream's history loses seq 3 (a publish that never happened): PostgreSQL fills the hole.
  const bus = node.ctx.bus
  const stream = bus.streamName('rooms')
  const consumer = await bus.js.consumers.get(stream, { filter_subjects: liveSubject(bus, `dm:${id}`) })
  const held = await consumer.fetch({ max_messages: 10, expires: 2000 })
  for await (const m of held) {
    if ((m.json() as Frame).seq === 3) await bus.jsm.streams.deleteMessage(stream, m.seq)
    if (m.info.pending === 0) break
  }
  await held.close()
  expect(await node.ctx.rooms.since(`dm:${id}`, 2, two.epoch as string)).toBe('refetch')
  const fromArchive = await resume(3)
  expect(fromArchive.subscribed).toMatchObject({ op: 'subscribed', replayed: 2 })
  expect(fromArchive.subscribed.resync).toBeUndefined()
  expect(texts(fromArchive.replayed)).toEqual([
    [3, 'three'],
    [4, 'four'],
  ])
  expect(fromArchive.replayed.map((f) => f.epoch)).toEqual([two.epoch, two.epoch])
  await live.client.close()
})
