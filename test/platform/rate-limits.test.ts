import { afterEach, describe, expect, test } from 'bun:test'
import { ConfigError, loadConfig } from '../../src/platform/config.ts'
import { parseRateLimits } from '../../src/platform/rate-limit.ts'
import { call, randomIp, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode | undefined
afterEach(async () => {
  await node?.stop()
  node = undefined
})

const cheap = { PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1', TRUST_PROXY: 'true' }

describe('RATE_LIMITS', () => {
  test('is read as class=N/unit or class=off; anything else stops the boot naming the variable', () => {
    expect(parseRateLimits('posts.create=100/h, auth.register=off,*=5/s')).toEqual({
      'posts.create': { limit: 100, windowMs: 3_600_000 },
      'auth.register': 'off',
      '*': { limit: 5, windowMs: 1000 },
    })
    expect(parseRateLimits('')).toEqual({})
    for (const bad of [
      'posts.create=0/h',
      'posts.create=10/w',
      'posts=1/h',
      'posts.create',
      'Posts.create=1/h',
      'posts.create=1.5/h',
    ])
      expect(parseRateLimits(bad)).toEqual({ error: bad })
    expect(() => loadConfig({ RATE_LIMITS: 'posts.create=lots' })).toThrow(ConfigError)
    expect(() => loadConfig({ RATE_LIMITS: 'posts.create=lots' })).toThrow(/RATE_LIMITS: "posts.create=lots"/)
  })

  test('a class no route has stops the boot, naming it and the classes there are', async () => {
    await expect(startTestNode('rate_unknown', { env: { RATE_LIMITS: 'posts.creat=1/h' } })).rejects.toThrow(
      /RATE_LIMITS names no class of this platform: posts.creat \(the classes: .*posts\.create/,
    )
  })

  test('every write is limited per user: past its class, 429 with Retry-After; others are not held back', async () => {
    node = await startTestNode('rate_posts', {
      env: { ...cheap, RATE_LIMITS: 'posts.create=3/h,messages.open=1/h' },
    })
    const [a, b] = [await register(node), await register(node)]
    const post = (who: typeof a) =>
      call(node!, 'POST', '/v1/posts', {
        token: who.tokens.accessToken,
        body: { text: 'hello' },
        ip: '10.0.0.1',
      })
    for (let i = 0; i < 3; i++) {
      const ok = await post(a)
      expect(ok.status).toBe(201)
      expect(ok.headers.get('ratelimit-limit')).toBe('3')
    }
    const refused = await post(a)
    expect(refused.status).toBe(429)
    expect(refused.body.code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another account from the same address: counted apart.
    expect((await post(b)).status).toBe(201)
    const open = () =>
      call(node!, 'POST', '/v1/conversations', {
        token: a.tokens.accessToken,
        body: { members: [b.username] },
      })
    expect((await open()).status).toBe(201)
    expect((await open()).status).toBe(429)
  })

  test('*=off lifts every limit (development, load tests) but those named after it', async () => {
    node = await startTestNode('rate_off', { env: { ...cheap, RATE_LIMITS: '*=off,posts.create=1/h' } })
    const ip = randomIp()
    // auth.register is 10 an hour per address by default.
    for (let i = 0; i < 12; i++) {
      const name = `many_${i}_${Math.random().toString(36).slice(2, 8)}`
      const res = await call(node, 'POST', '/v1/auth/register', {
        body: { username: name, email: `${name}@example.test`, password: `Pw-${crypto.randomUUID()}` },
        ip,
      })
      expect(res.status).not.toBe(429)
    }
    const a = await register(node)
    const post = () => call(node!, 'POST', '/v1/posts', { token: a.tokens.accessToken, body: { text: 'x' } })
    expect((await post()).status).toBe(201)
    expect((await post()).status).toBe(429)
  })
})
