import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * The inline check of a post's write reads the term lists and the policies through the write's
 * own transaction: with a pool of two connections and many writes at once, every connection is
 * held by a write, and a check asking the pool for another would wait for ever.
 */
let node: TestNode
let admin: Account
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation_inline', { DATABASE_POOL_MAX: '2', RATE_LIMITS: '*=off' })
  admin = await promote(node, await register(node), 'admin')
})
afterAll(async () => {
  await node?.stop()
})

describe('inline screening under a full pool', () => {
  test('concurrent writes with the lists and policies to (re)load all complete, the listed term held', async () => {
    const author = await register(node)
    for (const round of [1, 2]) {
      // A change empties this node's copy of the lists and the rules: the next writes load them.
      const term = await call(node, 'POST', '/v1/admin/moderation/terms', {
        token: as(admin),
        body: { pattern: `pooledword${round}`, regex: false, severity: 3, label: 'hate' },
      })
      expect(term.status).toBe(201)
      const rules = await call(node, 'PUT', '/v1/admin/moderation/policies', {
        token: as(admin),
        body: { rules: [{ label: 'hate', minScore: 0.9, outcome: 'hold' }] },
      })
      expect(rules.status).toBe(200)
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(node, 'POST', '/v1/posts', {
            token: as(author),
            body: {
              text: i % 3 === 0 ? `round ${round} pooledword${round} ${i}` : `round ${round} post ${i}`,
            },
          }),
        ),
      )
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201))
      expect(answers.filter((a) => a.body.moderation === 'held').length).toBe(4)
    }
  }, 30_000)
})

describe('MODERATION_SCREENING=false', () => {
  test('nothing is screened: a listed term is not held, no screening job is queued; reports still work', async () => {
    const off = await startSocialNode('moderation_off', { MODERATION_SCREENING: 'false' })
    try {
      const offAdmin = await promote(off, await register(off), 'admin')
      await call(off, 'POST', '/v1/admin/moderation/terms', {
        token: as(offAdmin),
        body: { pattern: 'offword', regex: false, severity: 3, label: 'hate' },
      })
      await call(off, 'PUT', '/v1/admin/moderation/policies', {
        token: as(offAdmin),
        body: { rules: [{ label: 'hate', minScore: 0.5, outcome: 'remove' }] },
      })
      const [author, reader] = [await register(off), await register(off)]
      const post = await call(off, 'POST', '/v1/posts', { token: as(author), body: { text: 'offword here' } })
      expect(post.status).toBe(201)
      expect(post.body.moderation).toBeNull()
      await Bun.sleep(1000)
      const jobs = await off.ctx.db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'moderation.screen')
        .execute()
      expect(jobs).toEqual([])
      expect((await call(off, 'GET', `/v1/posts/${post.body.id}`, { token: as(reader) })).status).toBe(200)
      const report = await call(off, 'POST', '/v1/reports', {
        token: as(reader),
        body: { subject: `post:${post.body.id}`, category: 'hate' },
      })
      expect(report.status).toBe(201)
    } finally {
      await off.stop()
    }
  }, 30_000)
})
