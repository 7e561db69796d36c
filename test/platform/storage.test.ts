import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileStorage, type Storage, s3Storage } from '../../src/platform/storage.ts'
import { startFakeS3 } from '../support/fake-s3.ts'

const credentials = { accessKeyId: 'AKIDSOCIALFLOWTEST', secretAccessKey: 'fake-secret-key-for-tests' }
const fake = startFakeS3({ ...credentials, region: 'eu-west-1' })
const dir = mkdtempSync(join(tmpdir(), 'sf-storage-'))
afterAll(() => {
  fake.stop()
  rmSync(dir, { recursive: true, force: true })
})

const s3Options = {
  bucket: 'media',
  region: 'eu-west-1',
  endpoint: fake.url,
  forcePathStyle: true,
  credentials,
}
const s3 = s3Storage(s3Options)
const implementations: [string, Storage][] = [
  ['local directory', fileStorage(dir)],
  ['S3 (official SDK against a fake that checks signatures)', s3],
]

describe.each(implementations)('storage: %s', (_name, storage) => {
  test('put, get with its content type, delete; a missing object is null', async () => {
    const bytes = new TextEncoder().encode('some bytes of a picture')
    await storage.put('media/abc/small.webp', bytes, 'image/webp')
    const blob = await storage.get('media/abc/small.webp')
    expect(blob).not.toBeNull()
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(bytes)
    expect(blob!.type).toBe('image/webp')
    await storage.delete('media/abc/small.webp')
    expect(await storage.get('media/abc/small.webp')).toBeNull()
    expect(await storage.get('media/never/was.webp')).toBeNull()
  })

  test('read streams the object whole or one byte range, with its size; past the end, the size alone', async () => {
    const bytes = new Uint8Array(5000).map((_, i) => (i * 13) % 256)
    await storage.put('videos/r/seg_00001.cmfv', bytes, 'video/mp4')
    const bytesOf = async (read: Awaited<ReturnType<Storage['read']>>) =>
      read && 'body' in read ? new Uint8Array(await new Response(read.body).arrayBuffer()) : undefined
    const whole = await storage.read('videos/r/seg_00001.cmfv')
    expect(whole).toMatchObject({ size: 5000 })
    expect(whole && 'range' in whole && whole.range).toBeFalsy()
    expect(await bytesOf(whole)).toEqual(bytes)
    const part = await storage.read('videos/r/seg_00001.cmfv', { start: 100, end: 199 })
    expect(part).toMatchObject({ size: 5000, range: { start: 100, end: 199 } })
    expect(await bytesOf(part)).toEqual(bytes.subarray(100, 200))
    const open = await storage.read('videos/r/seg_00001.cmfv', { start: 4990, end: 9999 })
    expect(open).toMatchObject({ size: 5000, range: { start: 4990, end: 4999 } })
    expect(await bytesOf(open)).toEqual(bytes.subarray(4990))
    const tail = await storage.read('videos/r/seg_00001.cmfv', { suffix: 10 })
    expect(tail).toMatchObject({ size: 5000, range: { start: 4990, end: 4999 } })
    expect(await storage.read('videos/r/seg_00001.cmfv', { start: 5000 })).toEqual({
      size: 5000,
      unsatisfiable: true,
    })
    expect(await storage.read('videos/r/none.cmfv', { start: 0 })).toBeNull()
    expect(await storage.read('videos/r/none.cmfv')).toBeNull()
    await storage.delete('videos/r/seg_00001.cmfv')
  })

  test('putFile stores a file from disk, byte for byte, with its content type', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251)
    const file = join(dir, 'segment-on-disk.m4s')
    await Bun.write(file, bytes)
    await storage.putFile('videos/abc/r1/chunk-0-00001.m4s', file, 'video/iso.segment')
    const blob = await storage.get('videos/abc/r1/chunk-0-00001.m4s')
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(bytes)
    expect(blob!.type).toBe('video/iso.segment')
    await storage.delete('videos/abc/r1/chunk-0-00001.m4s')
    await expect(storage.putFile('../outside.m4s', file, 'video/iso.segment')).rejects.toThrow(
      /invalid storage key/,
    )
    await expect(
      storage.putFile('videos/abc/missing.m4s', join(dir, 'no-such-file'), 'video/mp4'),
    ).rejects.toThrow()
  })

  test('keys that could leave the store or were not made by the code are refused', async () => {
    for (const key of ['../etc/passwd', 'media/../../x', '/abs', 'Media/Upper', 'media//double', 'a b']) {
      await expect(storage.put(key, new Uint8Array([1]), 'application/octet-stream')).rejects.toThrow(
        /invalid storage key/,
      )
      await expect(storage.get(key)).rejects.toThrow(/invalid storage key/)
    }
  })

  test('deletePrefix removes exactly the objects under the prefix and says how many', async () => {
    const bytes = new Uint8Array([1, 2, 3])
    const under = [
      'videos/abc/manifest.mpd',
      'videos/abc/poster.webp',
      'videos/abc/r1/init.mp4',
      'videos/abc/r1/x.m4s',
      'videos/abc/r2/deeper/y.m4s',
    ]
    const others = ['videos/abd/manifest.mpd', 'videos/abc-other', 'videos/ab']
    for (const key of [...under, ...others]) await storage.put(key, bytes, 'application/octet-stream')
    expect(await storage.deletePrefix('videos/abc/')).toBe(under.length)
    for (const key of under) expect(await storage.get(key)).toBeNull()
    for (const key of others) expect(await storage.get(key)).not.toBeNull()
    // Again, and a prefix that never held anything: nothing to remove.
    expect(await storage.deletePrefix('videos/abc/')).toBe(0)
    expect(await storage.deletePrefix('videos/never/')).toBe(0)
    // A prefix naming an object rather than a "directory" of them removes nothing.
    expect(await storage.deletePrefix('videos/abc-other/')).toBe(0)
    expect(await storage.get('videos/abc-other')).not.toBeNull()
    for (const key of others) await storage.delete(key)
  })

  test('deletePrefix refuses a prefix that is not a checked key ending with /', async () => {
    await storage.put('videos/keep/a.m4s', new Uint8Array([1]), 'video/iso.segment')
    for (const prefix of [
      'videos/keep',
      'videos',
      '',
      '/',
      '../',
      'videos/../',
      'videos/keep/../../',
      'Videos/keep/',
      'videos//',
      '/videos/',
      'a b/',
    ])
      await expect(storage.deletePrefix(prefix)).rejects.toThrow(/invalid storage prefix/)
    expect(await storage.get('videos/keep/a.m4s')).not.toBeNull()
    expect(await storage.deletePrefix('videos/keep/')).toBe(1)
  })
})

test('what the SDK sent: signed requests to the bucket, the right paths and content type', async () => {
  fake.requests.length = 0
  await s3.put('media/xyz/large.webp', new Uint8Array([1, 2, 3]), 'image/webp')
  expect(fake.refused).toEqual([])
  const put = fake.requests.find((r) => r.method === 'PUT')!
  expect(put.path).toBe('/media/media/xyz/large.webp')
  expect(put.headers['content-type']).toBe('image/webp')
  expect(put.headers.authorization).toStartWith('AWS4-HMAC-SHA256 Credential=AKIDSOCIALFLOWTEST/')
  expect(fake.objects.get('media/media/xyz/large.webp')?.body).toEqual(new Uint8Array([1, 2, 3]))
  // With the wrong secret the fake refuses, and the error reaches the caller.
  const wrong = s3Storage({
    ...s3Options,
    credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
  })
  await expect(wrong.put('media/xyz/other.webp', new Uint8Array([1]), 'image/webp')).rejects.toThrow()
  expect(fake.refused.at(-1)).toBe('the signature does not match')
})

test('S3 read: the range goes to S3 as a Range header (only those bytes cross the network)', async () => {
  await s3.put('videos/q/seg.cmfa', new Uint8Array(3000).fill(9), 'audio/mp4')
  fake.requests.length = 0
  fake.refused.length = 0
  const part = await s3.read('videos/q/seg.cmfa', { start: 10, end: 19 })
  const tail = await s3.read('videos/q/seg.cmfa', { suffix: 5 })
  const open = await s3.read('videos/q/seg.cmfa', { start: 2990 })
  for (const read of [part, tail, open]) if (read && 'body' in read) await read.body.cancel()
  const outside = await s3.read('videos/q/seg.cmfa', { start: 3000 })
  expect(outside).toEqual({ size: 3000, unsatisfiable: true })
  expect(fake.requests.map((r) => [r.operation, r.headers.range])).toEqual([
    ['GetObject', 'bytes=10-19'],
    ['GetObject', 'bytes=-5'],
    ['GetObject', 'bytes=2990-'],
    ['GetObject', 'bytes=3000-'],
    // S3's 416 InvalidRange names no size: HeadObject does.
    ['HeadObject', undefined],
  ])
  expect(fake.refused).toEqual([])
  await s3.delete('videos/q/seg.cmfa')
})

describe('S3 putFile above the multipart threshold', () => {
  const MiB = 1024 * 1024
  // S3's minimum part size, and a threshold low enough that a test file of a few parts crosses it.
  const multipart = s3Storage({ ...s3Options, multipartThreshold: 8 * MiB, partSize: 5 * MiB })
  const bytes = new Uint8Array(11 * MiB + 12_345).map((_, i) => (i * 131) % 251)
  const file = join(dir, 'original.mp4')
  beforeAll(() => Bun.write(file, bytes))
  const operations = () => fake.requests.map((request) => request.operation)

  test('goes up in parts, is completed, and reads back byte for byte with its content type', async () => {
    fake.requests.length = 0
    fake.refused.length = 0
    await multipart.putFile('uploads/big/source.mp4', file, 'video/mp4')
    expect(fake.refused).toEqual([])
    expect(operations()).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ])
    const sizes = fake.requests
      .filter((request) => request.operation === 'UploadPart')
      .map((request) => Number(request.headers['content-length']))
      .sort((a, b) => a - b)
    expect(sizes).toEqual([1 * MiB + 12_345, 5 * MiB, 5 * MiB])
    expect(fake.uploads.size).toBe(0)
    const blob = await multipart.get('uploads/big/source.mp4')
    expect(blob!.type).toBe('video/mp4')
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(bytes)
    // A file up to the threshold still goes as one PutObject.
    fake.requests.length = 0
    const small = join(dir, 'small.mp4')
    await Bun.write(small, bytes.subarray(0, 8 * MiB))
    await multipart.putFile('uploads/small/source.mp4', small, 'video/mp4')
    expect(operations()).toEqual(['PutObject'])
  })

  test('a part that fails aborts the upload: the caller gets the error, S3 keeps nothing', async () => {
    fake.requests.length = 0
    fake.refused.length = 0
    fake.failNextUploadPart()
    await expect(multipart.putFile('uploads/broken/source.mp4', file, 'video/mp4')).rejects.toThrow(
      /failed on purpose/,
    )
    // Aborted once every part in flight had settled, and never completed.
    expect(operations()[0]).toBe('CreateMultipartUpload')
    expect(operations().at(-1)).toBe('AbortMultipartUpload')
    expect(operations()).not.toContain('CompleteMultipartUpload')
    expect(fake.refused).toEqual([])
    expect(fake.uploads.size).toBe(0)
    expect(fake.objects.has('media/uploads/broken/source.mp4')).toBe(false)
    expect(await multipart.get('uploads/broken/source.mp4')).toBeNull()
  })

  test('a refused completion (parts under the S3 minimum) aborts the upload too', async () => {
    const tooSmall = s3Storage({ ...s3Options, multipartThreshold: 2 * MiB, partSize: 1 * MiB })
    fake.requests.length = 0
    fake.refused.length = 0
    await expect(tooSmall.putFile('uploads/tiny-parts/source.mp4', file, 'video/mp4')).rejects.toThrow(
      /smaller than the minimum/,
    )
    expect(operations().filter((operation) => operation === 'UploadPart')).toHaveLength(12)
    expect(operations().slice(-2)).toEqual(['CompleteMultipartUpload', 'AbortMultipartUpload'])
    expect(fake.uploads.size).toBe(0)
    expect(fake.objects.has('media/uploads/tiny-parts/source.mp4')).toBe(false)
  })
})

describe('S3 deletePrefix', () => {
  const operations = () => fake.requests.map((request) => request.operation)

  test('lists page by page (continuation tokens) and deletes in signed, checksummed batches', async () => {
    const paged = startFakeS3({ ...credentials, region: 'eu-west-1', listPageSize: 2 })
    try {
      const storage = s3Storage({ ...s3Options, endpoint: paged.url })
      const under = [
        'videos/abc/a.m4s',
        'videos/abc/b.m4s',
        'videos/abc/c.m4s',
        'videos/abc/r1/x.m4s',
        'videos/abc/r1/y.m4s',
      ]
      for (const key of [...under, 'videos/abd/a.m4s', 'videos/abc-other'])
        await storage.put(key, new Uint8Array([7]), 'video/iso.segment')
      paged.requests.length = 0
      expect(await storage.deletePrefix('videos/abc/')).toBe(5)
      const ops = paged.requests.map((request) => request.operation)
      // 5 keys at 2 a page: 3 pages, then the one batch.
      expect(ops).toEqual(['ListObjectsV2', 'ListObjectsV2', 'ListObjectsV2', 'DeleteObjects'])
      expect(paged.refused).toEqual([])
      const lists = paged.requests.filter((request) => request.operation === 'ListObjectsV2')
      expect(lists.every((request) => request.path === '/media' || request.path === '/media/')).toBe(true)
      expect([...paged.objects.keys()].sort()).toEqual(['media/videos/abc-other', 'media/videos/abd/a.m4s'])
      expect(await storage.deletePrefix('videos/abc/')).toBe(0)
      // Nothing listed, nothing to delete: no DeleteObjects with an empty list (S3 refuses one).
      expect(paged.requests.at(-1)!.operation).toBe('ListObjectsV2')
    } finally {
      paged.stop()
    }
  })

  test('more than 1,000 keys go in batches of 1,000', async () => {
    // Stored directly in the fake: putting 1,234 objects through the SDK would only slow the test.
    for (let i = 0; i < 1234; i++)
      fake.objects.set(`media/videos/many/s${String(i).padStart(5, '0')}.m4s`, {
        body: new Uint8Array([i % 256]),
        contentType: 'video/iso.segment',
      })
    fake.objects.set('media/videos/many-not/kept.m4s', {
      body: new Uint8Array([1]),
      contentType: 'video/mp4',
    })
    fake.requests.length = 0
    fake.refused.length = 0
    expect(await s3.deletePrefix('videos/many/')).toBe(1234)
    expect(fake.refused).toEqual([])
    expect(operations()).toEqual(['ListObjectsV2', 'DeleteObjects', 'ListObjectsV2', 'DeleteObjects'])
    expect([...fake.objects.keys()].filter((key) => key.startsWith('media/videos/many'))).toEqual([
      'media/videos/many-not/kept.m4s',
    ])
    // The SDK's integrity header, which S3 requires on DeleteObjects (and the fake checked).
    const batch = fake.requests.find((request) => request.operation === 'DeleteObjects')!
    expect(
      Object.keys(batch.headers).some((name) => name === 'content-md5' || name.startsWith('x-amz-checksum-')),
    ).toBe(true)
    fake.objects.delete('media/videos/many-not/kept.m4s')
  })

  test('a key S3 reports as not deleted fails the call, naming the key', async () => {
    for (const key of ['videos/stuck/a.m4s', 'videos/stuck/b.m4s', 'videos/stuck/c.m4s'])
      await s3.put(key, new Uint8Array([1]), 'video/iso.segment')
    fake.refuseDeleteOf('videos/stuck/b.m4s')
    await expect(s3.deletePrefix('videos/stuck/')).rejects.toThrow(/videos\/stuck\/b\.m4s.*AccessDenied/)
    // S3 deleted the others of the batch; the refused one is still there.
    expect([...fake.objects.keys()].filter((key) => key.startsWith('media/videos/stuck/'))).toEqual([
      'media/videos/stuck/b.m4s',
    ])
  })
})
