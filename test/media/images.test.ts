import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { type Account, call, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
const storage = mkdtempSync(join(tmpdir(), 'sf-storage-'))
beforeAll(async () => {
  node = await startTestNode('media', {
    env: {
      TRUST_PROXY: 'true',
      PASSWORD_MEMORY_KIB: '1024',
      PASSWORD_TIME_COST: '1',
      STORAGE_DIR: storage,
      MEDIA_MAX_BYTES: '300000',
    },
  })
})
afterAll(async () => {
  await node.stop()
  rmSync(storage, { recursive: true, force: true })
})

const as = (a: Account) => a.tokens.accessToken

/** A photo as a phone takes it: JPEG with EXIF, including where it was taken. */
function photo(width = 2000, height = 1200) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'P1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' },
    })
    .toBuffer()
}

async function upload(a: Account, bytes: Uint8Array, name = 'photo.jpg', altText?: string) {
  const form = new FormData()
  form.append('file', new File([bytes], name, { type: 'application/octet-stream' }))
  if (altText) form.append('altText', altText)
  const res = await fetch(`${node.url}/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${as(a)}` },
    body: form,
  })
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & {
      id: string
      code?: string
      urls: Record<string, string>
    },
  }
}

test('an uploaded photo is read from its bytes, stripped of EXIF and resized', async () => {
  const a = await register(node)
  const original = await photo()
  expect((await sharp(original).metadata()).exif).toBeDefined()
  const res = await upload(a, original, 'innocent.txt', 'An orange square')
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ type: 'image', altText: 'An orange square', width: 1600, height: 960 })
  const small = await fetch(`${node.url}${res.body.urls.small}`)
  expect(small.headers.get('content-type')).toBe('image/webp')
  expect(small.headers.get('cache-control')).toContain('immutable')
  const meta = await sharp(new Uint8Array(await small.arrayBuffer())).metadata()
  expect(meta.format).toBe('webp')
  expect(meta.width).toBe(400)
  expect(meta.exif).toBeUndefined()
  expect((await fetch(`${node.url}/v1/media/${crypto.randomUUID()}/small`)).status).toBe(404)
})

test('what is not an image, or too big, is refused', async () => {
  const a = await register(node)
  const text = await upload(a, new TextEncoder().encode('just text pretending'), 'x.png')
  expect(text.status).toBe(415)
  expect(text.body.code).toBe('unsupported_image')
  const noise = new Uint8Array(400_000).map(() => Math.floor(Math.random() * 256))
  expect((await upload(a, noise, 'big.jpg')).status).toBe(413)
})

test('images attach to one post of their owner, and come back with it', async () => {
  const [a, b] = [await register(node), await register(node)]
  const m1 = (await upload(a, await photo(800, 800))).body.id
  const m2 = (await upload(a, await photo(300, 600))).body.id
  const post = await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: '', mediaIds: [m1, m2] } })
  expect(post.status).toBe(201)
  expect(post.body.media.map((m: { id: string }) => m.id)).toEqual([m1, m2])
  const reuse = await call(node, 'POST', '/v1/posts', {
    token: as(a),
    body: { text: 'again', mediaIds: [m1] },
  })
  expect(reuse.status).toBe(422)
  const m3 = (await upload(a, await photo(100, 100))).body.id
  const theft = await call(node, 'POST', '/v1/posts', {
    token: as(b),
    body: { text: 'mine now', mediaIds: [m3] },
  })
  expect(theft.status).toBe(422)
  expect(theft.body.errors[0].field).toBe('body.mediaIds')
  expect((await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: '' } })).status).toBe(422)
})

test("an account's media-only timeline shows the posts with images", async () => {
  const a = await register(node)
  const m = (await upload(a, await photo(200, 200))).body.id
  const withImage = (
    await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: 'look', mediaIds: [m] } })
  ).body.id
  await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: 'words only' } })
  const res = await call(node, 'GET', `/v1/users/${a.username}/posts?mediaOnly=true`)
  expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([withImage])
})
