import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('search')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, body: Record<string, unknown>) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body })).body.id as string
const search = (q: string, type: string, viewer?: Account, extra = '') =>
  call(node, 'GET', `/v1/search?q=${encodeURIComponent(q)}&type=${type}${extra}`, {
    token: viewer ? as(viewer) : undefined,
  })

describe('search', () => {
  test('posts by full text, most relevant first, only what the viewer may see', async () => {
    const [a, b, fan, blocked] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const word = `zq${Date.now().toString(36)}`
    const strong = await write(a, { text: `${word} ${word} ${word} about engines` })
    const weak = await write(b, { text: `one mention of ${word} among many other words here today` })
    const hidden = await write(a, { text: `${word} for followers`, visibility: 'followers' })
    const anonymous = await search(word, 'posts')
    expect(anonymous.body.items.map((p: { id: string }) => p.id)).toEqual([strong, weak])
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(fan) })
    expect((await search(word, 'posts', fan)).body.items.map((p: { id: string }) => p.id)).toContain(hidden)
    await call(node, 'POST', `/v1/users/${blocked.username}/block`, { token: as(a) })
    expect((await search(word, 'posts', blocked)).body.items.map((p: { id: string }) => p.id)).toEqual([weak])
    const first = await search(word, 'posts', undefined, '&limit=1')
    const second = await search(word, 'posts', undefined, `&limit=1&cursor=${first.body.nextCursor}`)
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual([strong, weak])
    expect(second.body.nextCursor).toBeNull()
  })

  test('accounts by username or display-name prefix, the exact name first, blocked people left out', async () => {
    const stem = `srch${Date.now().toString(36).slice(-5)}`
    const exact = await register(node, { username: stem })
    const longer = await register(node, { username: `${stem}_more` })
    const byName = await register(node)
    await call(node, 'PATCH', '/v1/me', {
      token: as(byName),
      body: { displayName: `${stem.toUpperCase()} Person` },
    })
    const names = (await search(stem, 'users')).body.items.map((u: { username: string }) => u.username)
    expect(names[0]).toBe(exact.username)
    expect(names).toContain(longer.username)
    expect(names).toContain(byName.username)
    await call(node, 'POST', `/v1/users/${longer.username}/block`, { token: as(exact) })
    const seenByExact = (await search(stem, 'users', exact)).body.items.map(
      (u: { username: string }) => u.username,
    )
    expect(seenByExact).not.toContain(longer.username)
    // Wildcards in the query are plain characters.
    expect((await search('%', 'users')).body.items).toEqual([])
  })

  test('hashtags by prefix, by use', async () => {
    const a = await register(node)
    const stem = `tg${Date.now().toString(36)}`
    await write(a, { text: `#${stem}a one` })
    await write(a, { text: `#${stem}a two` })
    await write(a, { text: `#${stem}b three` })
    const res = await search(`#${stem}`, 'tags')
    expect(res.body.items).toEqual([
      { tag: `${stem}a`, posts: 2 },
      { tag: `${stem}b`, posts: 1 },
    ])
  })

  test('odd queries are answered, never a 500', async () => {
    for (const q of ['"unclosed', '-', 'or or or', "'; drop table posts; --", '::', '\\']) {
      for (const type of ['posts', 'users', 'tags']) expect((await search(q, type)).status).toBe(200)
    }
    expect((await call(node, 'GET', '/v1/search?q=')).status).toBe(422)
    expect((await call(node, 'GET', '/v1/search?q=x&type=planets')).status).toBe(422)
  })
})
