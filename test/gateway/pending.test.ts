import { afterEach, expect, test } from 'bun:test'
import { type Account, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs, connectWs, type WsClient } from '../support/ws.ts'

let node: TestNode | undefined
afterEach(async () => {
  await node?.stop()
  node = undefined
})

async function start(env: Record<string, string>): Promise<{ node: TestNode; user: Account }> {
  node = await startTestNode('gateway_pending', {
    env: { PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1', ...env },
  })
  return { node, user: await register(node) }
}

/** The status of a WebSocket handshake sent by hand (a refused one is a plain HTTP answer). */
async function handshakeStatus(n: TestNode): Promise<number> {
  const res = await fetch(`${n.url}/v1/gateway`, {
    headers: {
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': btoa(crypto.randomUUID().slice(0, 16)),
      'sec-websocket-version': '13',
    },
  })
  await res.body?.cancel()
  return res.status
}

test('connections that have not authenticated are capped per client address', async () => {
  const { node, user } = await start({ GATEWAY_MAX_PENDING_PER_ADDRESS: '4' })
  const bare: WsClient[] = []
  for (let i = 0; i < 4; i++) bare.push(await connectWs(node.url))
  // A fifth from the same address while those four wait: refused.
  expect(await handshakeStatus(node)).toBe(429)
  // One of them authenticates: the address may open another, and no more.
  await bare[0]!.next()
  bare[0]!.send({ op: 'auth', token: user.tokens.accessToken })
  expect((await bare[0]!.until((f) => f.op === 'ready')).op).toBe('ready')
  bare.push(await connectWs(node.url))
  expect(await handshakeStatus(node)).toBe(429)
  // One closes: room again.
  await bare[1]!.close()
  await eventually(async () => (await handshakeStatus(node)) !== 429)
  for (const b of bare) await b.close()
})

test('at the node cap, the oldest unauthenticated connection makes room for a user; authenticated ones never do', async () => {
  const { node, user } = await start({ GATEWAY_MAX_CONNECTIONS: '5', GATEWAY_MAX_PENDING_PER_ADDRESS: '100' })
  const token = user.tokens.accessToken
  const bare: WsClient[] = []
  for (let i = 0; i < 3; i++) bare.push(await connectWs(node.url))
  const users = [(await connectAs(node.url, token)).client, (await connectAs(node.url, token)).client]
  expect(node.gateway!.size).toBe(5)
  users.push((await connectAs(node.url, token)).client)
  expect((await bare[0]!.closed).code).toBe(4006)
  await eventually(async () => node.gateway!.size === 5)
  // Two bare ones left: two more users get in, each in place of one.
  for (let i = 0; i < 2; i++) users.push((await connectAs(node.url, token)).client)
  expect((await bare[1]!.closed).code).toBe(4006)
  expect((await bare[2]!.closed).code).toBe(4006)
  await eventually(async () => node.gateway!.size === 5)
  // Only authenticated connections now: the cap refuses.
  expect(await handshakeStatus(node)).toBe(503)
  for (const c of users) await c.close()
})
