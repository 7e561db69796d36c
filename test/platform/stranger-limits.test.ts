import { afterAll, beforeAll, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('rate_strangers', {
    env: {
      PASSWORD_MEMORY_KIB: '1024',
      PASSWORD_TIME_COST: '1',
      TRUST_PROXY: 'true',
      RATE_LIMITS: 'posts.mention_strangers=3/h,messages.add_strangers=3/h',
    },
  })
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const post = (a: Account, text: string) => call(node, 'POST', '/v1/posts', { token: as(a), body: { text } })
const open = (a: Account, members: Account[]) =>
  call(node, 'POST', '/v1/conversations', { token: as(a), body: { members: members.map((m) => m.username) } })
const follow = async (who: Account, whom: Account) =>
  expect(
    (await call(node, 'POST', `/v1/users/${whom.username}/follow`, { token: as(who) })).status,
  ).toBeLessThan(300)

test('mentions of accounts that do not follow the author count against posts.mention_strangers, one each', async () => {
  const [author, b, c, d, e, fan] = await Promise.all(Array.from({ length: 6 }, () => register(node)))
  await follow(fan!, author!)
  const first = await post(author!, `hi @${b!.username} @${c!.username}`)
  expect(first.status).toBe(201)
  // A follower is no stranger: mentioning them is not counted, however often.
  for (let i = 0; i < 4; i++) expect((await post(author!, `thanks @${fan!.username}`)).status).toBe(201)
  // Two more strangers would make 4 of 3: refused, naming the class, and nothing is stored.
  const refused = await post(author!, `hey @${d!.username} @${e!.username}`)
  expect(refused.status).toBe(429)
  expect(refused.body).toMatchObject({ code: 'rate_limited', rateLimitClass: 'posts.mention_strangers' })
  expect(refused.body.detail).toContain('posts.mention_strangers')
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  const mine = await call(node, 'GET', `/v1/users/${author!.username}/posts`, { token: as(author!) })
  expect(mine.body.items.some((p: { text: string }) => p.text.includes(e!.username))).toBe(false)
  // The refusal spent nothing: one stranger still fits.
  expect((await post(author!, `hey @${d!.username}`)).status).toBe(201)
  expect((await post(author!, `hey @${e!.username}`)).status).toBe(429)
  // Editing a post that keeps its mentions reaches nobody new: not counted; a new stranger is.
  const edit = (text: string) =>
    call(node, 'PATCH', `/v1/posts/${first.body.id}`, { token: as(author!), body: { text } })
  expect((await edit(`hello @${b!.username} @${c!.username}`)).status).toBe(200)
  expect((await edit(`hello @${b!.username} @${e!.username}`)).status).toBe(429)
  // Posts without strangers are not held back.
  expect((await post(author!, 'no mentions')).status).toBe(201)
})

test('strangers added to group conversations count against messages.add_strangers, one each', async () => {
  const [creator, b, c, d, fan] = await Promise.all(Array.from({ length: 5 }, () => register(node)))
  await follow(fan!, creator!)
  expect((await open(creator!, [b!, c!])).status).toBe(201) // 2 strangers
  expect((await open(creator!, [b!, fan!])).status).toBe(201) // 1 stranger, a follower
  const refused = await open(creator!, [c!, d!])
  expect(refused.status).toBe(429)
  expect(refused.body).toMatchObject({ code: 'rate_limited', rateLimitClass: 'messages.add_strangers' })
  // A one-to-one conversation is `messages.open`'s, not this class's.
  expect((await open(creator!, [d!])).status).toBe(201)
  // Followers only: not counted.
  const [fan2] = [await register(node)]
  await follow(fan2!, creator!)
  expect((await open(creator!, [fan!, fan2!])).status).toBe(201)
})
