import { afterAll, beforeAll, expect, test } from 'bun:test'
import { sql } from 'kysely'
import sharp from 'sharp'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('profile_images', {
    env: { PASSWORD_MEMORY_KIB: '1024', PASSWORD_TIME_COST: '1' },
  })
})
afterAll(async () => {
  await node.stop()
})

async function uploadImage(a: Account): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer()
  const form = new FormData()
  form.append('file', new File([png], 'face.png'))
  const res = await node.request('/v1/media', {
    method: 'POST',
    headers: { authorization: `Bearer ${a.tokens.accessToken}` },
    body: form,
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

test('PATCH /v1/me sets an avatar and a banner from my images; GET /v1/me and the profile show them', async () => {
  const a = await register(node)
  const token = a.tokens.accessToken
  const [avatar, banner] = [await uploadImage(a), await uploadImage(a)]
  const patched = await call(node, 'PATCH', '/v1/me', {
    token,
    body: { avatarMediaId: avatar, bannerMediaId: banner },
  })
  expect(patched.status).toBe(200)
  expect(patched.body.avatar).toMatchObject({ id: avatar, urls: { small: `/v1/media/${avatar}/small` } })
  expect(patched.body.banner.id).toBe(banner)
  const me = await call(node, 'GET', '/v1/me', { token })
  expect(me.status).toBe(200)
  expect(me.body).toMatchObject({ id: a.id, username: a.username, email: a.email })
  expect(me.body.profile).toMatchObject({
    id: a.id,
    avatar: { id: avatar },
    banner: { id: banner },
    counts: { followers: 0 },
    settings: { mentionPolicy: 'everyone' },
  })
  const other = await register(node)
  const seen = await call(node, 'GET', `/v1/users/${a.username}`, { token: other.tokens.accessToken })
  expect(seen.body.avatar.urls.large).toBe(`/v1/media/${avatar}/large`)
  expect(seen.body.settings).toBeNull()
  expect((await node.request(seen.body.avatar.urls.small)).status).toBe(200)
  // null takes one away.
  const cleared = await call(node, 'PATCH', '/v1/me', { token, body: { bannerMediaId: null } })
  expect(cleared.body.banner).toBeNull()
  expect(cleared.body.avatar.id).toBe(avatar)
})

test("someone else's image, or no image at all, is a 422 naming the field", async () => {
  const [a, b] = [await register(node), await register(node)]
  const hers = await uploadImage(a)
  const stolen = await call(node, 'PATCH', '/v1/me', {
    token: b.tokens.accessToken,
    body: { avatarMediaId: hers },
  })
  expect(stolen.status).toBe(422)
  expect(stolen.body.errors[0].field).toBe('body.avatarMediaId')
  const missing = await call(node, 'PATCH', '/v1/me', {
    token: b.tokens.accessToken,
    body: { bannerMediaId: crypto.randomUUID() },
  })
  expect(missing.status).toBe(422)
  expect(missing.body.errors[0].field).toBe('body.bannerMediaId')
  const notUuid = await call(node, 'PATCH', '/v1/me', {
    token: b.tokens.accessToken,
    body: { avatarMediaId: 'x' },
  })
  expect(notUuid.status).toBe(422)
  expect((await call(node, 'GET', '/v1/me', { token: b.tokens.accessToken })).body.profile.avatar).toBeNull()
})

test('an image a profile shows is not removed as unattached, nor counted against the unattached quota', async () => {
  const a = await register(node)
  const [kept, stale] = [await uploadImage(a), await uploadImage(a)]
  await call(node, 'PATCH', '/v1/me', { token: a.tokens.accessToken, body: { avatarMediaId: kept } })
  await node.ctx.db
    .updateTable('media')
    .set({ createdAt: sql<Date>`now() - interval '48 hours'` })
    .where('id', 'in', [kept, stale])
    .execute()
  node.ctx.services.media.expiry.wake()
  await eventually(
    async () =>
      !(await node.ctx.db.selectFrom('media').select('id').where('id', '=', stale).executeTakeFirst()),
    5000,
  )
  expect((await call(node, 'GET', '/v1/me', { token: a.tokens.accessToken })).body.profile.avatar.id).toBe(
    kept,
  )
  expect((await node.request(`/v1/media/${kept}/small`)).status).toBe(200)
})
