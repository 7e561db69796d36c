import { afterAll, beforeAll, expect, test } from 'bun:test'
import { call, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

// Reads have a class too (api.reads), one budget per user across every feature's reads.

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('read_limits', {
    env: { PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1', RATE_LIMITS: 'api.reads=3/m' },
  })
})
afterAll(async () => {
  await node.stop()
})

test("a user's reads share one budget across features; past it, 429 with Retry-After", async () => {
  const [a, b] = [await register(node), await register(node)]
  const token = a.tokens.accessToken
  const me = await call(node, 'GET', '/v1/me', { token })
  expect(me.status).toBe(200)
  expect(me.headers.get('ratelimit-limit')).toBe('3')
  expect((await call(node, 'GET', '/v1/notifications', { token })).status).toBe(200)
  expect((await call(node, 'GET', `/v1/users/${b.username}`, { token })).status).toBe(200)
  const refused = await call(node, 'GET', '/v1/bookmarks', { token })
  expect(refused.status).toBe(429)
  expect(refused.body.code).toBe('rate_limited')
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  // Another user has a budget of their own.
  expect((await call(node, 'GET', '/v1/me', { token: b.tokens.accessToken })).status).toBe(200)
})
