import { afterEach, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { domainEvent } from '../../src/platform/bus/events.ts'
import { appendEvents } from '../../src/platform/bus/outbox.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode | undefined
afterEach(async () => {
  await node?.stop()
  node = undefined
})

async function writeEvent(n: TestNode) {
  await n.ctx.db.transaction().execute(async (trx) => {
    await appendEvents(trx, [
      domainEvent({ type: 'thing.happened', actorId: null, subject: { kind: 'thing', id: '1' }, data: {} }),
    ])
  })
}

describe('roles', () => {
  test('ROLES=api serves the API, holds no WebSockets and publishes no events', async () => {
    node = await startTestNode('role_api', { env: { ROLES: 'api' } })
    expect(node.gateway).toBeUndefined()
    expect((await fetch(`${node.url}/v1`)).status).toBe(200)
    expect((await fetch(`${node.url}/v1/gateway`)).status).toBe(404)
    await writeEvent(node)
    await Bun.sleep(400)
    expect((await node.ctx.outbox.lag()).pending).toBe(1)
  })

  test('ROLES=worker publishes events and answers only the operations endpoints', async () => {
    node = await startTestNode('role_worker', { env: { ROLES: 'worker' } })
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${node.url}/readyz`)).status).toBe(200)
    expect((await fetch(`${node.url}/v1/gateway`)).status).toBe(404)
    await writeEvent(node)
    const deadline = Date.now() + 5000
    while ((await node.ctx.outbox.lag()).pending > 0 && Date.now() < deadline) await Bun.sleep(50)
    expect((await node.ctx.outbox.lag()).pending).toBe(0)
  })

  test('ROLES=gateway accepts WebSockets', async () => {
    node = await startTestNode('role_gateway', { env: { ROLES: 'gateway' } })
    const ws = new WebSocket(`${node.url.replace('http', 'ws')}/v1/gateway`)
    const hello = await new Promise<string>((resolve) =>
      ws.addEventListener('message', (e) => resolve(String(e.data))),
    )
    expect(JSON.parse(hello).op).toBe('hello')
    ws.close()
    const [row] = (await sql<{ n: string }>`select count(*) as n from outbox`.execute(node.ctx.db)).rows
    expect(row?.n).toBe('0')
  })
})
