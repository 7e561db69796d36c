import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('private_accounts')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account | undefined) => (a ? { token: a.tokens.accessToken } : {})
const get = (path: string, viewer?: Account) => call(node, 'GET', path, as(viewer))
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id)

/** An account that went private, one approved follower, one stranger, one account it mentions. */
async function privateAccountWithPost(word: string) {
  const [owner, follower, stranger, mentioned] = await Promise.all([
    register(node),
    register(node),
    register(node),
    register(node),
  ])
  expect((await call(node, 'PATCH', '/v1/me', { ...as(owner), body: { isPrivate: true } })).status).toBe(200)
  expect((await call(node, 'POST', `/v1/users/${owner.username}/follow`, as(follower))).body.state).toBe(
    'requested',
  )
  const requests = await get('/v1/follow-requests', owner)
  for (const r of requests.body.items)
    expect((await call(node, 'POST', `/v1/follow-requests/${r.id}/accept`, as(owner))).status).toBe(204)
  const postId = await writePost(node, owner, {
    text: `only for friends @${mentioned.username} #${word} ${word}`,
  })
  return { owner, follower, stranger, mentioned, postId }
}

test("a private account's public posts are seen by its followers and the mentioned, nobody else", async () => {
  const { owner, follower, stranger, mentioned, postId } = await privateAccountWithPost('hushword')
  // The one post.
  expect((await get(`/v1/posts/${postId}`)).status).toBe(404)
  expect((await get(`/v1/posts/${postId}`, stranger)).status).toBe(404)
  for (const viewer of [owner, follower, mentioned])
    expect((await get(`/v1/posts/${postId}`, viewer)).status).toBe(200)
  // Timelines: public, tag, profile.
  for (const path of [
    '/v1/timelines/public',
    '/v1/tags/hushword/posts',
    `/v1/users/${owner.username}/posts`,
  ]) {
    expect(ids(await get(path))).not.toContain(postId)
    expect(ids(await get(path, stranger))).not.toContain(postId)
  }
  expect(ids(await get('/v1/tags/hushword/posts', follower))).toContain(postId)
  expect(ids(await get(`/v1/users/${owner.username}/posts`, follower))).toContain(postId)
  // Search.
  expect(ids(await get('/v1/search?q=hushword'))).not.toContain(postId)
  expect(ids(await get('/v1/search?q=hushword', stranger))).not.toContain(postId)
  expect(ids(await get('/v1/search?q=hushword', follower))).toContain(postId)
  // Trending, once liked.
  expect((await call(node, 'POST', `/v1/posts/${postId}/like`, as(follower))).status).toBe(204)
  expect(ids(await get('/v1/trending/posts', stranger))).not.toContain(postId)
  expect(ids(await get('/v1/trending/posts', follower))).toContain(postId)
  // The follower's home timeline (fanned out by the worker).
  await eventually(async () => ids(await get('/v1/timelines/home', follower)).includes(postId))
  // Interacting needs seeing it; the post's live channel is refused to whoever may not see it.
  expect((await call(node, 'POST', `/v1/posts/${postId}/like`, as(stranger))).status).toBe(404)
  const { reader } = node.ctx.services.posts
  expect(await reader.canSee(stranger.id, postId)).toBe(false)
  expect(await reader.canSee(follower.id, postId)).toBe(true)
})

test('a follower removed, or an account made public again, changes what is seen at once', async () => {
  const { owner, follower, stranger, postId } = await privateAccountWithPost('shiftword')
  expect((await call(node, 'DELETE', `/v1/users/${owner.username}/follow`, as(follower))).status).toBe(200)
  expect((await get(`/v1/posts/${postId}`, follower)).status).toBe(404)
  expect((await call(node, 'PATCH', '/v1/me', { ...as(owner), body: { isPrivate: false } })).status).toBe(200)
  expect((await get(`/v1/posts/${postId}`)).status).toBe(200)
  expect((await get(`/v1/posts/${postId}`, stranger)).status).toBe(200)
  expect(ids(await get('/v1/timelines/public'))).toContain(postId)
})

test("a follower's repost of a private account's post reaches only those who may see the post", async () => {
  const { owner, follower, stranger, postId } = await privateAccountWithPost('boostword')
  const both = await register(node)
  // The stranger and `both` follow the reposter; only `both` is also an approved follower of the owner.
  for (const a of [stranger, both])
    expect((await call(node, 'POST', `/v1/users/${follower.username}/follow`, as(a))).status).toBe(200)
  expect((await call(node, 'POST', `/v1/users/${owner.username}/follow`, as(both))).body.state).toBe(
    'requested',
  )
  for (const r of (await get('/v1/follow-requests', owner)).body.items)
    expect((await call(node, 'POST', `/v1/follow-requests/${r.id}/accept`, as(owner))).status).toBe(204)
  expect((await call(node, 'POST', `/v1/posts/${postId}/repost`, as(follower))).status).toBe(204)
  await eventually(async () => {
    const rows = await node.ctx.db
      .selectFrom('reposts')
      .select('fannedOut')
      .where('postId', '=', postId)
      .where('userId', '=', follower.id)
      .executeTakeFirst()
    return rows?.fannedOut === true
  })
  // Pushed into the stranger's home timeline, it is not shown there, nor on the reposter's profile.
  expect(ids(await get('/v1/timelines/home', stranger))).not.toContain(postId)
  expect(ids(await get(`/v1/users/${follower.username}/posts`, stranger))).not.toContain(postId)
  expect(ids(await get(`/v1/users/${follower.username}/posts`))).not.toContain(postId)
  // An approved follower sees it on the reposter's profile.
  expect(ids(await get(`/v1/users/${follower.username}/posts`, both))).toContain(postId)
})
