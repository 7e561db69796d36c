import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import sharp from 'sharp'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
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
      MEDIA_UNATTACHED_MAX: '4',
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
    headers: res.headers,
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

test('an image past the pixel limit is a 413 naming the limit, not "not an image"', async () => {
  const a = await register(node)
  // 7000 × 7000 = 49 megapixels in a 143 KB PNG: read from the header, never decoded.
  const huge = await sharp(Buffer.alloc(7000 * 7000), { raw: { width: 7000, height: 7000, channels: 1 } })
    .png({ compressionLevel: 9 })
    .toBuffer()
  const res = await upload(a, huge, 'huge.png')
  expect(res.status).toBe(413)
  expect(res.body.code).toBe('image_too_large')
  expect(res.body.maxPixels).toBe(40_000_000)
  expect(res.body.detail).toContain('40 megapixels')
  expect(res.body.detail).toContain('7000 × 7000')
})

test('images not attached to a post count against a quota: past it 429, until one is attached', async () => {
  const a = await register(node)
  const ids: string[] = []
  for (let i = 0; i < 4; i++) {
    const res = await upload(a, await photo(100, 100))
    expect(res.status).toBe(201)
    ids.push(res.body.id)
  }
  const over = await upload(a, await photo(100, 100))
  expect(over.status).toBe(429)
  expect(over.body.code).toBe('unattached_media_limit')
  expect(over.body.limit).toBe(4)
  // When the oldest of them expires.
  expect(Number(over.headers.get('retry-after'))).toBeWithin(86_000, 86_401)
  expect(over.body.detail).toContain('At most 4 images')
  // Another user's quota is their own.
  expect((await upload(await register(node), await photo(100, 100))).status).toBe(201)
  const post = await call(node, 'POST', '/v1/posts', {
    token: as(a),
    body: { text: 'one', mediaIds: [ids[0]] },
  })
  expect(post.status).toBe(201)
  expect((await upload(a, await photo(100, 100))).status).toBe(201)
})

test('images no post took within MEDIA_UNATTACHED_HOURS are removed by the worker, rows and files', async () => {
  expect(node.ctx.worker.names).toContain('media.expiry')
  const a = await register(node)
  const stale = (await upload(a, await photo(100, 100))).body.id
  const used = (await upload(a, await photo(100, 100))).body.id
  const fresh = (await upload(a, await photo(100, 100))).body.id
  expect(
    (await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: 'x', mediaIds: [used] } })).status,
  ).toBe(201)
  await node.ctx.db
    .updateTable('media')
    .set({ createdAt: sql<Date>`now() - interval '25 hours'` })
    .where('id', 'in', [stale, used])
    .execute()
  expect(existsSync(join(storage, 'media', stale))).toBe(true)
  node.ctx.services.media.expiry.wake()
  await eventually(async () => !existsSync(join(storage, 'media', stale)), 5000)
  const left = await node.ctx.db
    .selectFrom('media')
    .select('id')
    .where('id', 'in', [stale, used, fresh])
    .execute()
  expect(left.map((m) => m.id).sort()).toEqual([used, fresh].sort())
  expect((await fetch(`${node.url}/v1/media/${stale}/small`)).status).toBe(404)
  for (const id of [used, fresh]) expect((await fetch(`${node.url}/v1/media/${id}/small`)).status).toBe(200)
})

test('an upload whose row cannot be written leaves nothing in storage', async () => {
  const a = await register(node)
  // The insert fails in the database (as a constraint, a lost connection or a bad value would).
  await sql`
    create function refuse_media() returns trigger language plpgsql as $$
    begin
      if new.alt_text = 'refused by the test' then raise exception 'insert refused by the test'; end if;
      return new;
    end $$`.execute(node.ctx.db)
  await sql`create trigger refuse_media before insert on media for each row execute function refuse_media()`.execute(
    node.ctx.db,
  )
  try {
    const before = readdirSync(join(storage, 'media')).length
    const res = await upload(a, await photo(300, 300), 'x.jpg', 'refused by the test')
    expect(res.status).toBe(500)
    expect(readdirSync(join(storage, 'media')).length).toBe(before)
  } finally {
    await sql`drop trigger refuse_media on media`.execute(node.ctx.db)
    await sql`drop function refuse_media()`.execute(node.ctx.db)
  }
})
