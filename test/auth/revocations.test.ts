import { afterAll, beforeAll, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { sql } from 'kysely'
import { REVOCATIONS_BUCKET } from '../../src/auth/module.ts'
import { Revocations } from '../../src/auth/revocations.ts'
import { call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startPrivateNats } from '../support/nats-server.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('revocations', { env: { ROLES: 'api' } })
})
afterAll(async () => {
  await node.stop()
})

test('a node starting up has read the whole revocation list before it serves anything', async () => {
  const kv = await new Kvm(node.ctx.bus.js).open(node.ctx.bus.streamName(REVOCATIONS_BUCKET).toLowerCase())
  const sessions = Array.from({ length: 300 }, () => crypto.randomUUID())
  await node.ctx.services.auth.revocations.revokeSessions(sessions)
  const fresh = new Revocations(kv, 60 * 60_000, node.ctx.log)
  await fresh.start()
  // At once, with no waiting: every revoked session is known.
  expect(sessions.filter((s) => !fresh.isSessionRevoked(s))).toEqual([])
  await fresh.stop()
})

test('a session revoked in PostgreSQL whose bucket write was lost is refused within seconds, and by a node starting', async () => {
  const a = await register(node)
  const me = (n: TestNode) => call(n, 'GET', '/v1/me', { token: a.tokens.accessToken })
  expect((await me(node)).status).toBe(200)
  // As if the revocation's write to the bucket had been lost: PostgreSQL alone knows it.
  await sql`update sessions set revoked_at = now(), revoked_reason = 'logout' where id = ${a.tokens.sessionId}`.execute(
    node.ctx.db,
  )
  await eventually(async () => (await me(node)).status === 401, 12_000)
  expect((await me(node)).body.code).toBe('session_revoked')
  const other = await startTestNode('revocations_b', { join: node, env: { ROLES: 'api' } })
  try {
    expect((await me(other)).status).toBe(401)
  } finally {
    await other.stop()
  }
})

test('while NATS is away: signing out answers at once and holds on every node, after restarts too; signing in is a 503 at once', async () => {
  const nats = await startPrivateNats()
  const first = await startTestNode('revocations_outage', { env: { ROLES: 'api', NATS_URL: nats.url } })
  try {
    const a = await register(first)
    const me = (n: TestNode) => call(n, 'GET', '/v1/me', { token: a.tokens.accessToken })
    await nats.stop()
    const started = performance.now()
    const out = await call(first, 'POST', '/v1/auth/logout', { token: a.tokens.accessToken })
    expect(out.status).toBe(204)
    expect(performance.now() - started).toBeLessThan(3000)
    expect((await me(first)).status).toBe(401)
    // Signing in and refreshing need the shared rate limits: 503 at once, to be tried again.
    const b = await register(first).catch(() => undefined)
    expect(b).toBeUndefined()
    for (const [path, body] of [
      ['/v1/auth/login', { login: a.username, password: a.password }],
      ['/v1/auth/refresh', { refreshToken: a.tokens.refreshToken }],
    ] as const) {
      const at = performance.now()
      const res = await call(first, 'POST', path, { body })
      expect(res.status).toBe(503)
      expect(res.body.code).toBe('service_unavailable')
      expect(res.headers.get('retry-after')).toBe('5')
      expect(performance.now() - at).toBeLessThan(1000)
    }
    await nats.start()
    await eventually(
      async () =>
        (await call(first, 'POST', '/v1/auth/login', { body: { login: a.username, password: a.password } }))
          .status === 200,
      10_000,
    )
    // A node started after the outage: the bucket never got the revocation.
    const second = await startTestNode('revocations_outage_b', {
      join: first,
      env: { ROLES: 'api', NATS_URL: nats.url },
    })
    try {
      expect((await me(second)).status).toBe(401)
    } finally {
      await second.stop()
    }
  } finally {
    await first.stop()
    await nats.dispose()
  }
})
