import { afterAll, beforeAll, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('trending')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, body: Record<string, unknown>) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body })).body.id as string

test('tags trend by distinct recent authors, not by one account repeating itself', async () => {
  const people = await Promise.all(Array.from({ length: 4 }, () => register(node)))
  const [a, b, c, spammer] = people as [Account, Account, Account, Account]
  for (const p of [a, b, c]) await write(p, { text: 'loving #rising today' })
  for (let i = 0; i < 6; i++) await write(spammer, { text: `#spammy number ${i}` })
  const old = await write(a, { text: '#stale from long ago' })
  await write(b, { text: '#stale also old' })
  await sql`update posts set published_at = now() - interval '3 days' where text like '%#stale%'`.execute(
    node.ctx.db,
  )
  await write(c, { text: 'sensitive #hidden', sensitive: true })
  const tags = (await call(node, 'GET', '/v1/trending/tags')).body.items.map((t: { tag: string }) => t.tag)
  expect(tags[0]).toBe('rising')
  expect(tags.indexOf('rising')).toBeLessThan(tags.indexOf('spammy'))
  expect(tags).not.toContain('stale')
  expect(tags).not.toContain('hidden')
  expect(old).toBeString()
  // A viewer who mutes the authors does not see their tag trend.
  const viewer = await register(node)
  for (const p of [a, b, c]) await call(node, 'POST', `/v1/users/${p.username}/mute`, { token: as(viewer) })
  const forViewer = (await call(node, 'GET', '/v1/trending/tags', { token: as(viewer) })).body.items.map(
    (t: { tag: string }) => t.tag,
  )
  expect(forViewer).not.toContain('rising')
})

test('posts trend by interactions; posts without any and blocked authors are left out', async () => {
  const [author, other, fan1, fan2] = (await Promise.all(
    Array.from({ length: 4 }, () => register(node)),
  )) as [Account, Account, Account, Account]
  const hot = await write(author, { text: 'hot take' })
  const mild = await write(other, { text: 'mild take' })
  const quiet = await write(other, { text: 'nobody cares' })
  for (const f of [fan1, fan2]) await call(node, 'POST', `/v1/posts/${hot}/like`, { token: as(f) })
  await call(node, 'POST', `/v1/posts/${hot}/repost`, { token: as(fan1) })
  await call(node, 'POST', `/v1/posts/${mild}/like`, { token: as(fan1) })
  const ids = (await call(node, 'GET', '/v1/trending/posts')).body.items.map((p: { id: string }) => p.id)
  expect(ids.indexOf(hot)).toBeLessThan(ids.indexOf(mild))
  expect(ids).not.toContain(quiet)
  await call(node, 'POST', `/v1/users/${fan2.username}/block`, { token: as(author) })
  const forBlocked = (await call(node, 'GET', '/v1/trending/posts', { token: as(fan2) })).body.items.map(
    (p: { id: string }) => p.id,
  )
  expect(forBlocked).not.toContain(hot)
})

test('posts trend by when the interactions happened: an old post liked now outranks a new one liked yesterday', async () => {
  const [author, ...fans] = (await Promise.all(Array.from({ length: 5 }, () => register(node)))) as Account[]
  const word = `decay${Date.now().toString(36)}`
  const oldPost = await write(author!, { text: `${word} written days ago` })
  const newPost = await write(author!, { text: `${word} written just now` })
  await sql`update posts set published_at = now() - interval '5 days' where id = ${oldPost}`.execute(
    node.ctx.db,
  )
  for (const f of fans) await call(node, 'POST', `/v1/posts/${newPost}/like`, { token: as(f) })
  // The new post's four likes were given 30 hours ago.
  await sql`update likes set created_at = created_at - interval '30 hours' where post_id = ${newPost}`.execute(
    node.ctx.db,
  )
  await sql`update post_activity set hour = hour - interval '30 hours' where post_id = ${newPost}`.execute(
    node.ctx.db,
  )
  // Two likes and a repost of the old post, now.
  for (const f of fans.slice(0, 2)) await call(node, 'POST', `/v1/posts/${oldPost}/like`, { token: as(f) })
  await call(node, 'POST', `/v1/posts/${oldPost}/repost`, { token: as(fans[2]!) })
  const ranked = async () =>
    (await call(node, 'GET', '/v1/trending/posts?limit=50')).body.items
      .map((p: { id: string }) => p.id)
      .filter((id: string) => id === oldPost || id === newPost)
  expect(await ranked()).toEqual([oldPost, newPost])
  // Taken back, interactions leave the hour they were given in: the old post drops below.
  for (const f of fans.slice(0, 2)) await call(node, 'DELETE', `/v1/posts/${oldPost}/like`, { token: as(f) })
  await call(node, 'DELETE', `/v1/posts/${oldPost}/repost`, { token: as(fans[2]!) })
  expect(await ranked()).toEqual([newPost])
  // Buckets older than the window are pruned by the worker's loop.
  await sql`update post_activity set hour = hour - interval '3 days' where post_id = ${newPost}`.execute(
    node.ctx.db,
  )
  while (await node.ctx.services.feed.trending.prune()) {}
  const left = await sql`select 1 from post_activity where post_id = ${newPost}`.execute(node.ctx.db)
  expect(left.rows).toEqual([])
  expect(await ranked()).toEqual([])
})
