import type { Dirent } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3'

/**
 * Object storage for media bytes; the database keeps metadata only. Keys are made by the code
 * (`media/<id>/<variant>.webp`), never from user input, and are checked (KEY) by every
 * implementation: the local default (a directory, and never outside it) and S3.
 */
export interface Storage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /**
   * Stores a file from this machine's disk (encoder output, video originals). The local store copies
   * it; S3 sends a small file as one PutObject and a large one as a multipart upload, a part at a time
   * (see s3Storage), so a multi-gigabyte original is never held in memory whole.
   */
  putFile(key: string, path: string, contentType: string): Promise<void>
  /** The stored object, in memory, or null when there is none (small objects: images, manifests). */
  get(key: string): Promise<Blob | null>
  /**
   * The stored object's bytes as a stream, whole or one byte range, never held in memory whole
   * (video segments and originals); null when there is none. S3 is asked for the range itself
   * (GetObject with Range), so only those bytes cross the network.
   */
  read(key: string, range?: ByteRange): Promise<StoredRead | null>
  delete(key: string): Promise<void>
  /**
   * Removes every object whose key begins with `prefix` (which ends with `/` and is checked as a key
   * is, so it names a "directory" such as `videos/<id>/`), and returns how many were removed; 0 when
   * there were none. Not atomic: an object stored under the prefix meanwhile may be kept or not.
   */
  deletePrefix(prefix: string): Promise<number>
}

/** One byte range as HTTP states it (RFC 9110): `start-end`, `start-` (end absent), or the last `suffix` bytes. */
export type ByteRange = { start: number; end?: number } | { suffix: number }

/**
 * What `read` found: the object's size and its bytes (`range`: the inclusive bounds sent, when a
 * range was asked for), or, for a range that starts past the end, only the size (HTTP's 416).
 */
export type StoredRead =
  | { size: number; body: ReadableStream<Uint8Array>; range?: { start: number; end: number } }
  | { size: number; unsatisfiable: true }

/** A range's bounds in an object of `size` bytes (the end clamped to it); null when none of it is there. */
export function rangeIn(range: ByteRange, size: number): { start: number; end: number } | null {
  if ('suffix' in range) {
    if (range.suffix === 0 || size === 0) return null
    return { start: Math.max(0, size - range.suffix), end: size - 1 }
  }
  const end = Math.min(range.end ?? size - 1, size - 1)
  if (range.start >= size || end < range.start) return null
  return { start: range.start, end }
}

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,300}$/

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//'))
    throw new Error(`invalid storage key ${key}`)
  return key
}

/** A prefix is a key ending with `/` (so `videos/abc/` never reaches `videos/abc-other`). */
function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/')) throw new Error(`invalid storage prefix ${prefix}: it must end with /`)
  try {
    return checkKey(prefix)
  } catch {
    throw new Error(`invalid storage prefix ${prefix}`)
  }
}

export function fileStorage(root: string): Storage {
  const base = resolve(root)
  const inside = (checked: string, what: string) => {
    const full = resolve(join(base, checked))
    if (!full.startsWith(base + sep)) throw new Error(`invalid storage ${what} ${checked}`)
    return full
  }
  const path = (key: string) => inside(checkKey(key), 'key')
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
    async read(key, range) {
      const file = Bun.file(path(key))
      if (!(await file.exists())) return null
      const size = file.size
      if (!range) return { size, body: file.stream() }
      const bounds = rangeIn(range, size)
      if (!bounds) return { size, unsatisfiable: true }
      return { size, body: file.slice(bounds.start, bounds.end + 1).stream(), range: bounds }
    },
    async delete(key) {
      await rm(path(key), { force: true })
    },
    async deletePrefix(prefix) {
      const dir = inside(checkPrefix(prefix), 'prefix')
      let entries: Dirent[]
      try {
        entries = await readdir(dir, { recursive: true, withFileTypes: true })
      } catch (error) {
        // No such directory (or a file of that name, which is not under the prefix): nothing to remove.
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return 0
        throw error
      }
      const count = entries.filter((entry) => entry.isFile()).length
      await rm(dir, { recursive: true, force: true })
      return count
    },
  }
}

const MiB = 1024 * 1024

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
  /** putFile sends a larger file as a multipart upload; 64 MiB by default. */
  multipartThreshold?: number
  /**
   * The size of each part of a multipart upload but the last; 16 MiB by default. S3 refuses parts
   * under 5 MiB (but the last), and a larger file gets larger parts, S3 allowing 10,000 at most.
   */
  partSize?: number
}): Storage & { client: S3Client } {
  const threshold = opts.multipartThreshold ?? 64 * MiB
  const partSize = opts.partSize ?? 16 * MiB
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
     * Bodies are always bytes in memory, never streams: the SDK sends a stream as `aws-chunked` with
     * a trailing checksum, which not every S3-compatible server accepts. So a file up to the
     * threshold goes as one PutObject, and a larger one (S3 caps one PUT at 5 GiB) as a multipart
     * upload, read a part at a time (see putMultipart); `@aws-sdk/lib-storage` is not a dependency.
     */
    async putFile(key, path, contentType) {
      const object = { Bucket: opts.bucket, Key: checkKey(key), ContentType: contentType }
      const { size } = await stat(path)
      if (size > threshold) return putMultipart(client, object, path, size, partSize)
      await client.send(new PutObjectCommand({ ...object, Body: await Bun.file(path).bytes() }))
    },
    async get(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: checkKey(key) }))
        const bytes = await res.Body!.transformToByteArray()
        return new Blob([bytes], { type: res.ContentType ?? 'application/octet-stream' })
      } catch (error) {
        if (isNotFound(error)) return null
        throw error
      }
    },
    /**
     * GetObject, with the range as a Range header; the size comes from Content-Range (ranged) or
     * Content-Length. S3 answers a range past the end with 416 InvalidRange and no size, which
     * HeadObject then gives.
     */
    async read(key, range) {
      const object = { Bucket: opts.bucket, Key: checkKey(key) }
      try {
        const res = await client.send(new GetObjectCommand({ ...object, Range: range && rangeHeader(range) }))
        const body = res.Body!.transformToWebStream() as ReadableStream<Uint8Array>
        const sent = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.ContentRange ?? '')
        if (!sent) return { size: res.ContentLength ?? 0, body }
        return {
          size: Number(sent[3]),
          body,
          range: { start: Number(sent[1]), end: Number(sent[2]) },
        }
      } catch (error) {
        if (isNotFound(error)) return null
        if ((error as { name?: string }).name !== 'InvalidRange') throw error
      }
      try {
        const head = await client.send(new HeadObjectCommand(object))
        return { size: head.ContentLength ?? 0, unsatisfiable: true }
      } catch (error) {
        if (isNotFound(error)) return null
        throw error
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: checkKey(key) }))
    },
    /**
     * Lists the keys under the prefix a page at a time and deletes them in DeleteObjects batches of
     * up to 1,000 (S3's limit) as they accumulate, so memory holds one batch whatever the count.
     * Deleting listed keys does not disturb the listing: a continuation token resumes after the last
     * key listed. A key S3 reports as not deleted fails the whole call, naming the key.
     */
    async deletePrefix(prefix) {
      const Prefix = checkPrefix(prefix)
      let pending: string[] = []
      let deleted = 0
      const flush = async (keys: string[]) => {
        const res = await client.send(
          new DeleteObjectsCommand({
            Bucket: opts.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        )
        const failed = res.Errors?.[0]
        if (failed) {
          const more = res.Errors!.length > 1 ? ` (and ${res.Errors!.length - 1} more)` : ''
          throw new Error(
            `S3 did not delete ${failed.Key ?? 'an object'} under ${Prefix}: ${failed.Code ?? 'error'} ${failed.Message ?? ''}`.trim() +
              more,
          )
        }
        deleted += keys.length
      }
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: opts.bucket, Prefix, ContinuationToken }),
        )
        for (const object of page.Contents ?? []) if (object.Key) pending.push(object.Key)
        while (pending.length >= DELETE_BATCH) {
          await flush(pending.slice(0, DELETE_BATCH))
          pending = pending.slice(DELETE_BATCH)
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
        if (page.IsTruncated && !ContinuationToken)
          throw new Error(`S3 listed ${Prefix} as truncated but gave no continuation token`)
      } while (ContinuationToken)
      if (pending.length > 0) await flush(pending)
      return deleted
    },
  }
}

/** NoSuchKey from GetObject; HeadObject has no body to name it, so its 404 is NotFound. */
function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name
  return error instanceof NoSuchKey || name === 'NoSuchKey' || name === 'NotFound'
}

/** A range as the Range header of a request. */
function rangeHeader(range: ByteRange): string {
  return 'suffix' in range ? `bytes=-${range.suffix}` : `bytes=${range.start}-${range.end ?? ''}`
}

/** The most keys one DeleteObjects request may name (S3's limit). */
const DELETE_BATCH = 1000

/** Parts in flight at once: enough to keep a link busy, with at most this many parts in memory. */
const PART_CONCURRENCY = 4
/** S3 numbers the parts of an upload from 1 to 10,000. */
const MAX_PARTS = 10_000

/**
 * Uploads a file as a multipart upload: parts read from the file as they are sent (a few in
 * parallel, each read only when its turn comes, so memory holds PART_CONCURRENCY parts at most),
 * then completed with their ETags in order. On any failure the upload is aborted, since S3 keeps (and
 * bills) the parts of an upload that is neither completed nor aborted, and the failure is rethrown.
 */
async function putMultipart(
  client: S3Client,
  object: { Bucket: string; Key: string; ContentType: string },
  path: string,
  size: number,
  minPartSize: number,
): Promise<void> {
  const partSize = Math.max(minPartSize, Math.ceil(size / MAX_PARTS))
  const count = Math.ceil(size / partSize)
  const { UploadId } = await client.send(new CreateMultipartUploadCommand(object))
  if (!UploadId) throw new Error(`S3 began no multipart upload for ${object.Key}`)
  const upload = { Bucket: object.Bucket, Key: object.Key, UploadId }
  const parts: CompletedPart[] = []
  let next = 0
  let failed = false
  // Each worker takes the next part until none is left, or stops early once another has failed.
  const worker = async () => {
    while (!failed && next < count) {
      const index = next++
      const start = index * partSize
      const body = await Bun.file(path)
        .slice(start, Math.min(start + partSize, size))
        .bytes()
      const PartNumber = index + 1
      const sent = await client.send(new UploadPartCommand({ ...upload, PartNumber, Body: body }))
      if (!sent.ETag) throw new Error(`S3 returned no ETag for part ${PartNumber} of ${object.Key}`)
      parts[index] = { PartNumber, ETag: sent.ETag }
    }
  }
  try {
    // Every worker is waited for, so that no part is still being sent when the upload is aborted.
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(PART_CONCURRENCY, count) }, () =>
        worker().catch((error: unknown) => {
          failed = true
          throw error
        }),
      ),
    )
    const failure = results.find((result) => result.status === 'rejected')
    if (failure) throw failure.reason
    await client.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: parts } }))
  } catch (error) {
    // The caller needs the original failure; an abort that fails too leaves the parts to the
    // bucket's lifecycle rule for incomplete uploads.
    await client.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined)
    throw error
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

/** The S3 client behind a storage on S3 (for reading other buckets with its settings); undefined for local storage. */
export function s3ClientOf(storage: Storage): S3Client | undefined {
  const client = (storage as Partial<{ client: unknown }>).client
  return client instanceof S3Client ? client : undefined
}
