import { afterAll, describe, expect, test } from 'bun:test'
import { Refreshed } from '../../src/platform/refreshed.ts'
import { call, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * Posts are screened inline inside their write transaction, against the term lists and policies
 * held in memory. Those were once reloaded by the request that found them stale, from the pool,
 * while its transaction held a connection: with as many such writes at once as the pool has
 * connections, the pool deadlocked and every request hung.
 */
let node: TestNode | undefined

afterAll(() => node?.stop())

describe('inline screening under concurrent writes', () => {
  test('more posts at once than the pool has connections, right after boot: every one answered', async () => {
    node = await startTestNode('moderation_concurrent', {
      env: { RATE_LIMITS: '*=off', DATABASE_POOL_MAX: '2' },
    })
    const accounts = await Promise.all(Array.from({ length: 6 }, () => register(node!)))
    const statuses = await Promise.race([
      Promise.all(
        accounts.flatMap((a) =>
          [1, 2].map(
            async (n) =>
              (
                await call(node!, 'POST', '/v1/posts', {
                  token: a.tokens.accessToken,
                  body: { text: `post ${n}` },
                })
              ).status,
          ),
        ),
      ),
      Bun.sleep(20_000).then(() => 'hung' as const),
    ])
    expect(statuses).toEqual(Array(12).fill(201))
  }, 60_000)

  test('a held value: stale reads return it at once and reload once in the background; refresh waits', async () => {
    let loads = 0
    let release: () => void = () => {}
    const value = new Refreshed(async () => {
      loads++
      if (loads > 1) await new Promise<void>((r) => (release = r))
      return loads
    }, 50)
    expect(await value.get()).toBe(1)
    await Bun.sleep(60)
    // Stale: answered with what is held, one reload started for all of them.
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1])
    expect(loads).toBe(2)
    const refreshed = value.refresh()
    release()
    await Bun.sleep(10)
    release()
    expect(await refreshed).toBe(3)
    expect(await value.get()).toBe(3)
  })
})

describe('statements planned generically', () => {
  // PostgreSQL plans a prepared statement generically after five runs (plan_cache_mode=auto);
  // forcing it from the first run shows at once a statement that only works with its values in.
  let generic: TestNode | undefined
  afterAll(() => generic?.stop())

  test('reports on one post merge into one open case, with every statement planned generically', async () => {
    generic = await startTestNode('moderation_generic', {
      env: { RATE_LIMITS: '*=off' },
      databaseSettings: { plan_cache_mode: 'force_generic_plan' },
    })
    const [author, ...reporters] = await Promise.all(Array.from({ length: 3 }, () => register(generic!)))
    const post = await call(generic, 'POST', '/v1/posts', {
      token: author!.tokens.accessToken,
      body: { text: 'a post' },
    })
    expect(post.status).toBe(201)
    const cases = []
    for (const r of reporters) {
      const report = await call(generic, 'POST', '/v1/reports', {
        token: r.tokens.accessToken,
        body: { subject: `post:${post.body.id}`, category: 'spam' },
      })
      expect(report.status).toBe(201)
      cases.push(report.body.caseId)
    }
    expect(new Set(cases).size).toBe(1)
  }, 60_000)
})
