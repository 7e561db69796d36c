import { afterAll, describe, expect, test } from 'bun:test'
import { eventually } from '../support/eventually.ts'
import { spawnNode } from '../support/process.ts'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function startSlowNode(env: Record<string, string>) {
  const database = await createTestDatabase('drain', { migrated: true })
  const prefix = uniquePrefix('drain')
  cleanups.push(async () => {
    await removeNatsPrefix(prefix)
    await database.drop()
  })
  const node = spawnNode(
    { DATABASE_URL: database.url, NATS_PREFIX: prefix, PORT: '0', ...env },
    'test/fixtures/slow-node.ts',
  )
  const url = await node.started
  return { node, url }
}

function openSocket(
  url: string,
): Promise<{ ws: WebSocket; frames: Record<string, unknown>[]; closed: Promise<CloseEvent> }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/gateway`)
  const frames: Record<string, unknown>[] = []
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve))
  return new Promise((resolve, reject) => {
    ws.addEventListener('message', (e) => {
      frames.push(JSON.parse(String(e.data)))
      if (frames.length === 1) resolve({ ws, frames, closed })
    })
    ws.addEventListener('error', () => reject(new Error('websocket failed')))
  })
}

describe('SIGTERM drain', () => {
  test('readiness turns false, in-flight requests finish, sockets get "reconnect", the process exits 0', async () => {
    const { node, url } = await startSlowNode({ DRAIN_DELAY_MS: '600', SHUTDOWN_TIMEOUT_MS: '10000' })
    const socket = await openSocket(url)
    expect(socket.frames[0]).toMatchObject({ op: 'hello' })
    const inFlight = fetch(`${url}/v1/test/slow?ms=1500`)
    await eventually(async () => node.lines.some((l) => l.msg === 'slow request started'), 5000)

    const signalled = Date.now()
    node.proc.kill('SIGTERM')
    await Bun.sleep(100)
    const ready = await fetch(`${url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ ready: false, draining: true })
    const refused = await fetch(`${url}/v1`)
    expect(refused.status).toBe(503)
    expect(((await refused.json()) as { code: string }).code).toBe('service_unavailable')

    const close = await socket.closed
    expect(close.code).toBe(4000)
    expect(socket.frames.at(-1)).toMatchObject({ op: 'reconnect' })
    expect(socket.frames.at(-1)!.afterMs).toBeGreaterThanOrEqual(0)

    const slow = await inFlight
    expect(slow.status).toBe(200)
    expect(await slow.json()).toEqual({ slept: 1500 })

    expect(await node.exited).toBe(0)
    expect(Date.now() - signalled).toBeLessThan(5000)
    expect(node.lines.some((l) => l.msg === 'stopped' && l.clean === true)).toBe(true)
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  }, 20_000)

  test('`npm start` passes SIGTERM on: the node drains and the port is free', async () => {
    const database = await createTestDatabase('drain_npm', { migrated: true })
    const prefix = uniquePrefix('drain_npm')
    cleanups.push(async () => {
      await removeNatsPrefix(prefix)
      await database.drop()
    })
    const node = spawnNode({ DATABASE_URL: database.url, NATS_PREFIX: prefix, PORT: '0' }, undefined, [
      'npm',
      'start',
      '--silent',
    ])
    const url = await node.started
    // npm forwards signals once it has set up its child; an operator's kill comes later than a test's.
    await Bun.sleep(1000)
    node.proc.kill('SIGTERM') // the npm process, as an operator's `kill <pid>` would
    // npm's own exit code varies (it may end on the signal itself, 143, before its child does):
    // what counts is that the server got the signal, drained and let its port go.
    await node.exited
    await eventually(async () => node.lines.some((l) => l.msg === 'stopped' && l.clean === true), 10_000)
    await eventually(
      () =>
        fetch(`${url}/healthz`).then(
          () => false,
          () => true,
        ),
      5_000,
    )
  }, 30_000)

  test('a drain that cannot finish in SHUTDOWN_TIMEOUT_MS still ends the process, non-zero', async () => {
    const { node, url } = await startSlowNode({ SHUTDOWN_TIMEOUT_MS: '800' })
    const stuck = fetch(`${url}/v1/test/slow?ms=10000`).catch(() => undefined)
    await eventually(async () => node.lines.some((l) => l.msg === 'slow request started'), 5000)
    const signalled = Date.now()
    node.proc.kill('SIGTERM')
    expect(await node.exited).toBe(1)
    expect(Date.now() - signalled).toBeLessThan(3000)
    await stuck
  }, 20_000)
})
