import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { register } from '../support/accounts.ts'
import {
  GATEWAY_RUNTIMES,
  GATEWAY_START_TIMEOUT_MS,
  type GatewayUnderTest,
  gatewayFor,
  nodeRoles,
} from '../support/gateway-runtimes.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs, connectWs } from '../support/ws.ts'

describe.each(GATEWAY_RUNTIMES)('gateway on %s', (runtime) => {
  let node: TestNode
  let gateway: GatewayUnderTest
  beforeAll(async () => {
    const env = { GATEWAY_MAX_CONNECTIONS: '2' }
    node = await startTestNode(`gateway_${runtime.replace('-', '_')}`, {
      env: { ...env, ROLES: nodeRoles(runtime) },
    })
    gateway = await gatewayFor(node, runtime, env)
  }, GATEWAY_START_TIMEOUT_MS)
  afterAll(async () => {
    await gateway?.stop()
    await node?.stop()
  })

  const connect = () => connectWs(gateway.url)

  test('greets with hello and answers ping with pong', async () => {
    const s = await connect()
    const hello = await s.next()
    expect(hello).toMatchObject({ op: 'hello' })
    expect(hello.heartbeatIntervalMs).toBeGreaterThan(0)
    s.ws.send(JSON.stringify({ op: 'ping', nonce: 42 }))
    expect(await s.next()).toEqual({ op: 'pong', nonce: 42 })
    s.ws.close()
    await s.closed
  })

  test('an unknown op is an error frame; a frame that is not JSON closes with 4002', async () => {
    const s = await connect()
    await s.next()
    s.ws.send(JSON.stringify({ op: 'teleport' }))
    expect(await s.next()).toMatchObject({ op: 'error', code: 'unknown_op' })
    s.ws.send('not json')
    expect(await s.next()).toMatchObject({ op: 'error', code: 'invalid_frame' })
    expect((await s.closed).code).toBe(4002)
  })

  test('past the node cap a new connection is refused cleanly with 503, and the gauge counts', async () => {
    // Authenticated: at the cap a connection still waiting to authenticate would make room instead.
    const user = await register(node)
    const a = (await connectAs(gateway.url, user.tokens.accessToken)).client
    const b = (await connectAs(gateway.url, user.tokens.accessToken)).client
    const refused = await fetch(`${gateway.url}/v1/gateway`, {
      headers: {
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
      },
    })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(((await refused.json()) as { code: string }).code).toBe('service_unavailable')
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text()
    expect(metrics).toMatch(/sf_gateway_connections\{[^}]*\} 2/)
    // The cap beside it (the alert on connections near the cap divides by it).
    expect(metrics).toMatch(/sf_gateway_max_connections\{[^}]*\} 2\n/)
    a.ws.close()
    b.ws.close()
    await Promise.all([a.closed, b.closed])
  })

  test('a plain HTTP request to the gateway path is refused with a problem', async () => {
    const res = await fetch(`${gateway.url}/v1/gateway`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})
