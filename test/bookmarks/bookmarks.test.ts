import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('bookmarks')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, text: string) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body: { text } })).body.id as string
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id)

test('bookmarks go into collections, move between them, and stay private', async () => {
  const [me, author, other] = [await register(node), await register(node), await register(node)]
  const [p1, p2, p3] = [await write(author, 'one'), await write(author, 'two'), await write(author, 'three')]
  const recipes = (
    await call(node, 'POST', '/v1/bookmark-collections', { token: as(me), body: { name: 'Recipes' } })
  ).body
  expect(recipes.name).toBe('Recipes')
  expect(
    (await call(node, 'POST', '/v1/bookmark-collections', { token: as(me), body: { name: 'recipes' } }))
      .status,
  ).toBe(409)
  await call(node, 'POST', `/v1/posts/${p1}/bookmark`, { token: as(me) })
  await call(node, 'POST', `/v1/posts/${p2}/bookmark`, { token: as(me), body: { collectionId: recipes.id } })
  await call(node, 'POST', `/v1/posts/${p3}/bookmark`, { token: as(me) })
  expect(ids(await call(node, 'GET', '/v1/bookmarks', { token: as(me) }))).toEqual([p3, p2, p1])
  expect(ids(await call(node, 'GET', `/v1/bookmarks?collectionId=${recipes.id}`, { token: as(me) }))).toEqual(
    [p2],
  )
  await call(node, 'POST', `/v1/posts/${p1}/bookmark`, { token: as(me), body: { collectionId: recipes.id } })
  expect(
    (await call(node, 'GET', '/v1/bookmark-collections', { token: as(me) })).body.items[0],
  ).toMatchObject({ name: 'Recipes', bookmarks: 2 })
  // Someone else's collection is nobody else's business.
  expect(
    (await call(node, 'GET', `/v1/bookmarks?collectionId=${recipes.id}`, { token: as(other) })).status,
  ).toBe(404)
  expect(
    (
      await call(node, 'POST', `/v1/posts/${p1}/bookmark`, {
        token: as(other),
        body: { collectionId: recipes.id },
      })
    ).status,
  ).toBe(404)
  expect(
    (
      await call(node, 'PATCH', `/v1/bookmark-collections/${recipes.id}`, {
        token: as(me),
        body: { name: 'Food' },
      })
    ).body.name,
  ).toBe('Food')
  expect(
    (await call(node, 'DELETE', `/v1/bookmark-collections/${recipes.id}`, { token: as(me) })).status,
  ).toBe(204)
  expect(ids(await call(node, 'GET', '/v1/bookmarks', { token: as(me) }))).toEqual([p3, p2, p1])
  await call(node, 'DELETE', `/v1/posts/${p3}/bookmark`, { token: as(me) })
  expect(ids(await call(node, 'GET', '/v1/bookmarks?limit=1', { token: as(me) }))).toEqual([p2])
})

test('a bookmarked post that is deleted or becomes invisible drops out', async () => {
  const [me, author] = [await register(node), await register(node)]
  const [keep, del, blockedBy] = [
    await write(author, 'keep'),
    await write(author, 'delete me'),
    await write(author, 'x'),
  ]
  for (const p of [keep, del, blockedBy])
    await call(node, 'POST', `/v1/posts/${p}/bookmark`, { token: as(me) })
  await call(node, 'DELETE', `/v1/posts/${del}`, { token: as(author) })
  expect(ids(await call(node, 'GET', '/v1/bookmarks', { token: as(me) }))).toEqual([blockedBy, keep])
  await call(node, 'POST', `/v1/users/${me.username}/block`, { token: as(author) })
  expect(ids(await call(node, 'GET', '/v1/bookmarks', { token: as(me) }))).toEqual([])
  expect((await call(node, 'POST', `/v1/posts/${keep}/bookmark`, { token: as(me) })).status).toBe(404)
})
