import { afterAll, describe, expect, test } from 'bun:test'
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

const s3 = s3Storage({
  bucket: 'media',
  region: 'eu-west-1',
  endpoint: fake.url,
  forcePathStyle: true,
  credentials,
})
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

  test('putFile stores a file from disk, byte for byte, with its content type', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 251)
    const file = join(dir, 'segment-on-disk.m4s')
    await Bun.write(file, bytes)
    await storage.putFile('videos/abc/r1/chunk-0-00001.m4s', file, 'video/iso.segment')
    const blob = await storage.get('videos/abc/r1/chunk-0-00001.m4s')
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(bytes)
    expect(blob!.type).toBe('video/iso.segment')
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
    bucket: 'media',
    region: 'eu-west-1',
    endpoint: fake.url,
    forcePathStyle: true,
    credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
  })
  await expect(wrong.put('media/xyz/other.webp', new Uint8Array([1]), 'image/webp')).rejects.toThrow()
  expect(fake.refused.at(-1)).toBe('the signature does not match')
})
