import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('timelines')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, body: Record<string, unknown>) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body })).body.id as string
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id)

describe('timelines', () => {
  test("an account's posts: newest first, replies on request, followers-only for followers", async () => {
    const [a, fan, stranger] = [await register(node), await register(node), await register(node)]
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(fan) })
    const p1 = await write(a, { text: 'one' })
    const p2 = await write(a, { text: 'two', visibility: 'followers' })
    const r = await write(a, { text: 'a reply', replyTo: p1 })
    expect(ids(await call(node, 'GET', `/v1/users/${a.username}/posts`, { token: as(fan) }))).toEqual([
      p2,
      p1,
    ])
    expect(ids(await call(node, 'GET', `/v1/users/${a.username}/posts`, { token: as(stranger) }))).toEqual([
      p1,
    ])
    expect(ids(await call(node, 'GET', `/v1/users/${a.username}/posts?withReplies=true`))).toEqual([r, p1])
    const page = await call(node, 'GET', `/v1/users/${a.username}/posts?limit=1`, { token: as(fan) })
    expect(page.body.items[0]).toMatchObject({
      id: p2,
      author: { username: a.username },
      viewer: { liked: false },
    })
    expect(
      ids(
        await call(node, 'GET', `/v1/users/${a.username}/posts?limit=1&cursor=${page.body.nextCursor}`, {
          token: as(fan),
        }),
      ),
    ).toEqual([p1])
  })

  test('public and hashtag timelines leave out blocked and muted accounts for the viewer', async () => {
    const [a, b, viewer] = [await register(node), await register(node), await register(node)]
    const tag = `t${Date.now()}`
    const pa = await write(a, { text: `from a #${tag}` })
    const pb = await write(b, { text: `from b #${tag.toUpperCase()}` })
    const hidden = await write(a, { text: `followers only #${tag}`, visibility: 'followers' })
    const anonymous = ids(await call(node, 'GET', `/v1/tags/${tag}/posts`))
    expect(anonymous).toEqual([pb, pa])
    expect(anonymous).not.toContain(hidden)
    await call(node, 'POST', `/v1/users/${a.username}/block`, { token: as(viewer) })
    await call(node, 'POST', `/v1/users/${b.username}/mute`, { token: as(viewer) })
    expect(ids(await call(node, 'GET', `/v1/tags/${tag}/posts`, { token: as(viewer) }))).toEqual([])
    const publicLine = ids(await call(node, 'GET', '/v1/timelines/public?limit=100', { token: as(viewer) }))
    expect(publicLine).not.toContain(pa)
    expect(publicLine).not.toContain(pb)
    // The muted account's own page still shows its posts; the blocker's page is gone for the blocked.
    expect(ids(await call(node, 'GET', `/v1/users/${b.username}/posts`, { token: as(viewer) }))).toEqual([pb])
    expect((await call(node, 'GET', `/v1/users/${viewer.username}/posts`, { token: as(a) })).status).toBe(404)
  })

  test('paging never skips or repeats a post while new ones arrive', async () => {
    const a = await register(node)
    const tag = `p${Date.now()}`
    const written: string[] = []
    for (let i = 0; i < 9; i++) written.push(await write(a, { text: `#${tag} ${i}` }))
    const first = await call(node, 'GET', `/v1/tags/${tag}/posts?limit=4`)
    await write(a, { text: `#${tag} late` })
    const second = await call(node, 'GET', `/v1/tags/${tag}/posts?limit=4&cursor=${first.body.nextCursor}`)
    const third = await call(node, 'GET', `/v1/tags/${tag}/posts?limit=4&cursor=${second.body.nextCursor}`)
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual([...written].reverse())
    expect(third.body.nextCursor).toBeNull()
  })
})
