import { mkdir, rm } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'

/**
 * Object storage for media bytes; the database keeps metadata only. Keys are made by the code
 * (`media/<id>/<variant>.webp`), never from user input, and are checked (KEY) by every
 * implementation: the local default (a directory, and never outside it) and S3.
 */
export interface Storage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /**
   * Stores a file from this machine's disk (encoder output: segments, playlists, pictures). The
   * local store copies it; S3 reads it into memory first (see s3Storage), so it is meant for files
   * of a few megabytes, not for multi-gigabyte sources.
   */
  putFile(key: string, path: string, contentType: string): Promise<void>
  /** The stored object, or null when there is none. */
  get(key: string): Promise<Blob | null>
  delete(key: string): Promise<void>
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,300}$/

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//'))
    throw new Error(`invalid storage key ${key}`)
  return key
}

export function fileStorage(root: string): Storage {
  const base = resolve(root)
  const path = (key: string) => {
    const full = resolve(join(base, checkKey(key)))
    if (!full.startsWith(base + sep)) throw new Error(`invalid storage key ${key}`)
    return full
  }
  return {
    async put(key, bytes) {
      const file = path(key)
      await mkdir(dirname(file), { recursive: true })
      await Bun.write(file, bytes)
    },
    async putFile(key, source) {
      const file = path(key)
      await mkdir(dirname(file), { recursive: true })
      await Bun.write(file, Bun.file(source))
    },
    async get(key) {
      const file = Bun.file(path(key))
      return (await file.exists()) ? file : null
    },
    async delete(key) {
      await rm(path(key), { force: true })
    },
  }
}

/**
 * Amazon S3, or any S3-compatible server (`endpoint`, usually with `forcePathStyle`), through the
 * official SDK. Credentials: the given keys, or the SDK's default chain (environment, instance
 * role...) when none are given.
 */
export function s3Storage(opts: {
  bucket: string
  region: string
  endpoint?: string
  forcePathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string }
}): Storage & { client: S3Client } {
  const config: S3ClientConfig = { region: opts.region, forcePathStyle: opts.forcePathStyle }
  if (opts.endpoint) config.endpoint = opts.endpoint
  if (opts.credentials) config.credentials = opts.credentials
  const client = new S3Client(config)
  return {
    client,
    async put(key, bytes, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: opts.bucket,
          Key: checkKey(key),
          Body: bytes,
          ContentType: contentType,
        }),
      )
    },
    /**
     * The file is read into memory and sent as one PutObject: the SDK sends a stream body as
     * `aws-chunked` with a trailing checksum, which not every S3-compatible server accepts, and the
     * multipart uploader (`@aws-sdk/lib-storage`) is not a dependency. S3 caps one PUT at 5 GiB.
     */
    async putFile(key, path, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: opts.bucket,
          Key: checkKey(key),
          Body: await Bun.file(path).bytes(),
          ContentType: contentType,
        }),
      )
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: checkKey(key) }))
        const bytes = await res.Body!.transformToByteArray()
        return new Blob([bytes], { type: res.ContentType ?? 'application/octet-stream' })
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null
        throw error
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: checkKey(key) }))
    },
  }
}

/** The storage the configuration names. */
export function storageFor(
  storage: {
    driver: 'local' | 's3'
    dir: string
    s3: { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean }
  },
  secrets: { accessKeyId?: string; secretAccessKey?: string },
): Storage {
  if (storage.driver === 'local') return fileStorage(storage.dir)
  const credentials =
    secrets.accessKeyId && secrets.secretAccessKey
      ? { accessKeyId: secrets.accessKeyId, secretAccessKey: secrets.secretAccessKey }
      : undefined
  return s3Storage({ ...storage.s3, credentials })
}
