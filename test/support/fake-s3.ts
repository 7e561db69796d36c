import { createHash, randomBytes } from 'node:crypto'
import { verifySigV4 } from './sigv4.ts'

/**
 * A local stand-in for S3 that speaks its wire protocol (path-style PUT, GET, HEAD and DELETE of
 * objects, GET of one byte range as S3 answers it (206 with Content-Range; 416 InvalidRange for a
 * range past the end; the whole object for a header it cannot read), multipart uploads, ListObjectsV2 and DeleteObjects, S3's XML errors) and checks what the
 * SDK really sends: a Signature V4 recomputed here from the secret, over the canonical request, and a
 * payload hash that matches the body, on every request.
 *
 * Multipart uploads behave as S3's do: parts are kept apart until CompleteMultipartUpload names
 * them, in ascending order and with the ETags UploadPart returned; every part but the last must be at
 * least `minPartSize` (S3's 5 MiB by default); an aborted upload leaves nothing behind.
 *
 * ListObjectsV2 lists a bucket's keys under a prefix in S3's (byte) order, at most `listPageSize` a
 * page (S3's 1,000 by default; smaller to test pagination), continued with the opaque token of the
 * previous page. With a delimiter, keys holding it past the prefix come as CommonPrefixes (each
 * once, counted as one entry of the page, as S3 counts them in KeyCount and MaxKeys). DeleteObjects takes at most 1,000 keys and, as S3 does, refuses a body without a
 * Content-MD5 or an `x-amz-checksum-*` header, and one whose checksum does not match.
 */
export interface FakeS3 {
  url: string
  objects: Map<string, { body: Uint8Array; contentType: string }>
  /** Multipart uploads begun and neither completed nor aborted, by upload id. */
  uploads: Map<string, FakeUpload>
  /** Every request, as received (method, path, the S3 operation it is, headers), for assertions. */
  requests: { method: string; path: string; operation: S3Operation; headers: Record<string, string> }[]
  /** Requests refused for a bad signature or payload hash. */
  refused: string[]
  /** The next UploadPart is refused with a 400, which the SDK does not retry. */
  failNextUploadPart(): void
  /**
   * DeleteObjects keeps this object (`key` inside the bucket) and reports it among the `Errors` of
   * its answer (AccessDenied), as S3 does per key, until the fake is stopped.
   */
  refuseDeleteOf(key: string): void
  stop(): void
}

export interface FakeUpload {
  /** `bucket/key`, as objects are keyed. */
  key: string
  contentType: string
  parts: Map<number, { body: Uint8Array; etag: string }>
}

export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListObjectsV2'
  | 'DeleteObjects'
  | 'Unsupported'

const MiB = 1024 * 1024
const md5 = (data: Uint8Array) => createHash('md5').update(data).digest()

/**
 * S3's reading of a Range header: one `bytes=` range, its end clamped to the object; a first byte
 * past the end is unsatisfiable; anything else (several ranges, other units, nonsense) is ignored
 * and the whole object sent.
 */
function byteRange(header: string, size: number): [number, number] | 'whole' | 'unsatisfiable' {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header)
  if (!m || (m[1] === '' && m[2] === '')) return 'whole'
  if (m[1] === '') {
    const suffix = Number(m[2])
    return suffix === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - suffix), size - 1]
  }
  const start = Number(m[1])
  if (m[2] !== '' && Number(m[2]) < start) return 'whole'
  if (start >= size) return 'unsatisfiable'
  return [start, m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)]
}

/** Which S3 operation a request is, from its method and query (S3's REST API has no other marker). */
function operationOf(method: string, query: URLSearchParams): S3Operation {
  const multipart = query.has('uploadId')
  if (method === 'POST' && query.has('delete')) return 'DeleteObjects'
  if (method === 'POST') return query.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload'
  if (method === 'PUT') return multipart ? 'UploadPart' : 'PutObject'
  if (method === 'GET') return query.get('list-type') === '2' ? 'ListObjectsV2' : 'GetObject'
  if (method === 'HEAD') return 'HeadObject'
  if (method === 'DELETE') return multipart ? 'AbortMultipartUpload' : 'DeleteObject'
  return 'Unsupported'
}

export function startFakeS3(opts: {
  accessKeyId: string
  secretAccessKey: string
  region: string
  /** The smallest part (but the last) CompleteMultipartUpload accepts; S3's 5 MiB by default. */
  minPartSize?: number
  /** The most keys a ListObjectsV2 page holds, whatever max-keys asks; S3's 1,000 by default. */
  listPageSize?: number
}): FakeS3 {
  const minPartSize = opts.minPartSize ?? 5 * MiB
  const listPageSize = opts.listPageSize ?? 1000
  const undeletable = new Set<string>()
  const objects = new Map<string, { body: Uint8Array; contentType: string }>()
  const uploads = new Map<string, FakeUpload>()
  const requests: FakeS3['requests'] = []
  const refused: string[] = []
  let failPart = false
  const xml = (status: number, body: string, headers: Record<string, string> = {}) =>
    new Response(`<?xml version="1.0" encoding="UTF-8"?>${body}`, {
      status,
      headers: { 'content-type': 'application/xml', ...headers },
    })
  const error = (status: number, code: string, message: string) =>
    xml(status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`)
  const noSuchUpload = () => error(404, 'NoSuchUpload', 'The specified upload does not exist.')

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const body = new Uint8Array(await request.arrayBuffer())
      const headers = Object.fromEntries(request.headers.entries())
      const operation = operationOf(request.method, url.searchParams)
      requests.push({ method: request.method, path: url.pathname, operation, headers })
      const problem = verifySigV4({ method: request.method, url, headers, body }, opts, {
        service: 's3',
        doubleEncodePath: false,
        unsignedPayload: true,
      })
      if (problem) {
        refused.push(problem.message)
        return error(403, 'SignatureDoesNotMatch', problem.message)
      }
      const key = decodeURIComponent(url.pathname.slice(1)) // bucket/key
      const uploadId = url.searchParams.get('uploadId') ?? ''
      const upload = uploads.get(uploadId)
      switch (operation) {
        case 'PutObject':
          objects.set(key, { body, contentType: headers['content-type'] ?? 'application/octet-stream' })
          return new Response(null, { status: 200, headers: { etag: `"${md5(body).toString('hex')}"` } })
        case 'GetObject': {
          const found = objects.get(key)
          if (!found) return error(404, 'NoSuchKey', 'The specified key does not exist.')
          const size = found.body.length
          const range = headers.range === undefined ? 'whole' : byteRange(headers.range, size)
          if (range === 'unsatisfiable')
            return error(416, 'InvalidRange', 'The requested range is not satisfiable')
          if (range === 'whole')
            return new Response(found.body, {
              headers: { 'content-type': found.contentType, 'content-length': String(size) },
            })
          const [start, end] = range
          return new Response(found.body.slice(start, end + 1), {
            status: 206,
            headers: {
              'content-type': found.contentType,
              'content-length': String(end - start + 1),
              'content-range': `bytes ${start}-${end}/${size}`,
            },
          })
        }
        case 'HeadObject': {
          // S3 answers HEAD without a body, errors too (the SDK calls a 404 NotFound).
          const found = objects.get(key)
          if (!found) return new Response(null, { status: 404 })
          return new Response(null, {
            headers: { 'content-type': found.contentType, 'content-length': String(found.body.length) },
          })
        }
        case 'DeleteObject':
          objects.delete(key)
          return new Response(null, { status: 204 })
        case 'CreateMultipartUpload': {
          const id = randomBytes(16).toString('hex')
          const contentType = headers['content-type'] ?? 'application/octet-stream'
          uploads.set(id, { key, contentType, parts: new Map() })
          const [bucket, ...rest] = key.split('/')
          return xml(
            200,
            `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${rest.join('/')}</Key>` +
              `<UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
          )
        }
        case 'UploadPart': {
          if (upload?.key !== key) return noSuchUpload()
          const number = Number(url.searchParams.get('partNumber'))
          if (!Number.isInteger(number) || number < 1 || number > 10_000)
            return error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000.')
          if (failPart) {
            failPart = false
            return error(400, 'InvalidRequest', 'this part was failed on purpose (fake)')
          }
          const etag = `"${md5(body).toString('hex')}"`
          upload.parts.set(number, { body, etag })
          return new Response(null, { status: 200, headers: { etag } })
        }
        case 'CompleteMultipartUpload': {
          if (upload?.key !== key) return noSuchUpload()
          const listed = completedParts(new TextDecoder().decode(body))
          if (listed.length === 0) return error(400, 'MalformedXML', 'No parts were listed.')
          const parts: { body: Uint8Array; etag: string }[] = []
          for (const [i, { number, etag }] of listed.entries()) {
            if (i > 0 && number <= listed[i - 1]!.number)
              return error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.')
            const part = upload.parts.get(number)
            if (!part || part.etag !== etag)
              return error(400, 'InvalidPart', `Part ${number} was not uploaded, or its ETag does not match.`)
            if (i < listed.length - 1 && part.body.length < minPartSize)
              return error(400, 'EntityTooSmall', `Part ${number} is smaller than the minimum allowed size.`)
            parts.push(part)
          }
          const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.body.length, 0))
          let at = 0
          for (const part of parts) {
            whole.set(part.body, at)
            at += part.body.length
          }
          objects.set(key, { body: whole, contentType: upload.contentType })
          uploads.delete(uploadId)
          // S3's multipart ETag: the MD5 of the parts' MD5s, and how many parts there were.
          const digests = Buffer.concat(parts.map((part) => Buffer.from(part.etag.slice(1, -1), 'hex')))
          const [bucket, ...rest] = key.split('/')
          return xml(
            200,
            `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${rest.join('/')}</Key>` +
              `<ETag>"${md5(digests).toString('hex')}-${parts.length}"</ETag></CompleteMultipartUploadResult>`,
          )
        }
        case 'AbortMultipartUpload':
          if (upload?.key !== key) return noSuchUpload()
          uploads.delete(uploadId)
          return new Response(null, { status: 204 })
        case 'ListObjectsV2': {
          // The path is the bucket alone (`/media`, or `/media/`); a key in it is another request.
          const bucket = key.replace(/\/$/, '')
          if (!bucket || bucket.includes('/')) return error(400, 'InvalidRequest', 'not a bucket (fake)')
          const prefix = url.searchParams.get('prefix') ?? ''
          const asked = url.searchParams.get('max-keys')
          const maxKeys = asked === null ? 1000 : Number(asked)
          if (!Number.isInteger(maxKeys) || maxKeys < 0)
            return error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range')
          const token = url.searchParams.get('continuation-token')
          // With a delimiter, the keys that hold it past the prefix are rolled up into one common
          // prefix each (up to and with the delimiter), which counts as one entry of the page.
          const delimiter = url.searchParams.get('delimiter') ?? ''
          let after = url.searchParams.get('start-after') ?? ''
          // A page that ended on a common prefix goes on past all of it.
          let pastPrefix: string | undefined
          if (token !== null) {
            const decoded = Buffer.from(token, 'base64url').toString()
            const kind = /^fake(-prefix)?:/.exec(decoded)
            if (!token || !kind)
              return error(400, 'InvalidArgument', 'The continuation token provided is incorrect')
            after = decoded.slice(kind[0].length)
            if (kind[1]) pastPrefix = after
          }
          const keys = [...objects.keys()]
            .filter((k) => k.startsWith(`${bucket}/`))
            .map((k) => k.slice(bucket.length + 1))
            .filter((k) => k.startsWith(prefix) && k > after && !(pastPrefix && k.startsWith(pastPrefix)))
            .sort(byBytes)
          const limit = Math.min(maxKeys, listPageSize)
          const entries: { key?: string; commonPrefix?: string }[] = []
          for (const k of keys) {
            const at = delimiter ? k.indexOf(delimiter, prefix.length) : -1
            if (at < 0) entries.push({ key: k })
            else {
              const commonPrefix = k.slice(0, at + delimiter.length)
              if (entries.at(-1)?.commonPrefix !== commonPrefix) entries.push({ commonPrefix })
            }
            if (entries.length > limit) break
          }
          const page = entries.slice(0, limit)
          const truncated = entries.length > limit
          const contents = page.map(({ key: k, commonPrefix }) => {
            if (commonPrefix !== undefined)
              return `<CommonPrefixes><Prefix>${escapeXml(commonPrefix)}</Prefix></CommonPrefixes>`
            const body = objects.get(`${bucket}/${k}`)!.body
            return (
              `<Contents><Key>${escapeXml(k!)}</Key><LastModified>${new Date().toISOString()}</LastModified>` +
              `<ETag>&quot;${md5(body).toString('hex')}&quot;</ETag><Size>${body.length}</Size>` +
              '<StorageClass>STANDARD</StorageClass></Contents>'
            )
          })
          const last = page.at(-1)
          const next =
            truncated && last
              ? Buffer.from(
                  last.commonPrefix !== undefined ? `fake-prefix:${last.commonPrefix}` : `fake:${last.key}`,
                ).toString('base64url')
              : undefined
          return xml(
            200,
            `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name>` +
              `<Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
              `<MaxKeys>${maxKeys}</MaxKeys>` +
              (delimiter ? `<Delimiter>${escapeXml(delimiter)}</Delimiter>` : '') +
              `<IsTruncated>${truncated}</IsTruncated>` +
              (token === null ? '' : `<ContinuationToken>${token}</ContinuationToken>`) +
              (next ? `<NextContinuationToken>${next}</NextContinuationToken>` : '') +
              `${contents.join('')}</ListBucketResult>`,
          )
        }
        case 'DeleteObjects': {
          const bucket = key.replace(/\/$/, '')
          if (!bucket || bucket.includes('/')) return error(400, 'InvalidRequest', 'not a bucket (fake)')
          const checksum = checksumProblem(headers, body)
          if (checksum) return error(400, checksum.code, checksum.message)
          const text = new TextDecoder().decode(body)
          if (!/^(<\?xml[^>]*\?>)?\s*<Delete[\s>]/.test(text))
            return error(400, 'MalformedXML', 'The XML you provided was not well-formed.')
          const quiet = /<Quiet>true<\/Quiet>/.test(text)
          const listed = [...text.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map(([, object]) =>
            unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(object!)?.[1] ?? ''),
          )
          if (listed.length === 0 || listed.length > 1000)
            return error(400, 'MalformedXML', 'The XML you provided was not well-formed.')
          const deleted: string[] = []
          const errors: string[] = []
          for (const k of listed) {
            if (undeletable.has(k)) {
              errors.push(
                `<Error><Key>${escapeXml(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`,
              )
              continue
            }
            // As S3 does, a key that was not there counts as deleted.
            objects.delete(`${bucket}/${k}`)
            if (!quiet) deleted.push(`<Deleted><Key>${escapeXml(k)}</Key></Deleted>`)
          }
          return xml(
            200,
            `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${deleted.join('')}${errors.join('')}</DeleteResult>`,
          )
        }
        default:
          return error(405, 'MethodNotAllowed', 'not supported by the fake')
      }
    },
  })
  return {
    url: `http://127.0.0.1:${server.port}`,
    objects,
    uploads,
    requests,
    refused,
    failNextUploadPart() {
      failPart = true
    },
    refuseDeleteOf(key) {
      undeletable.add(key)
    },
    stop: () => server.stop(true),
  }
}

/** The parts a CompleteMultipartUpload body lists, in its order (ETags unescaped from the XML). */
function completedParts(body: string): { number: number; etag: string }[] {
  return [...body.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, part]) => ({
    number: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(part!)?.[1]),
    etag: (/<ETag>([^<]*)<\/ETag>/.exec(part!)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  }))
}

/** S3 lists keys in the order of their UTF-8 bytes. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&amp;/g, '&')
}

/**
 * S3 requires an integrity check on a DeleteObjects body: a Content-MD5, or a flexible checksum
 * (`x-amz-checksum-crc32` and the like, which recent SDKs send instead); whichever is sent must match.
 */
function checksumProblem(
  headers: Record<string, string>,
  body: Uint8Array,
): { code: string; message: string } | undefined {
  const bad = (name: string) => ({
    code: 'BadDigest',
    message: `The ${name} you specified did not match the body.`,
  })
  const sent: string[] = []
  const contentMd5 = headers['content-md5']
  if (contentMd5 !== undefined) {
    sent.push('content-md5')
    if (contentMd5 !== md5(body).toString('base64')) return bad('Content-MD5')
  }
  const crc32 = headers['x-amz-checksum-crc32']
  if (crc32 !== undefined) {
    sent.push('crc32')
    const digest = Buffer.alloc(4)
    digest.writeUInt32BE(Bun.hash.crc32(body) >>> 0)
    if (crc32 !== digest.toString('base64')) return bad('CRC32 checksum')
  }
  for (const algorithm of ['sha1', 'sha256'] as const) {
    const value = headers[`x-amz-checksum-${algorithm}`]
    if (value === undefined) continue
    sent.push(algorithm)
    if (value !== createHash(algorithm).update(body).digest('base64')) return bad(`${algorithm} checksum`)
  }
  // CRC32C and CRC64NVME are not computed here; the SDK sends CRC32 unless told otherwise.
  for (const other of ['crc32c', 'crc64nvme'])
    if (headers[`x-amz-checksum-${other}`] !== undefined)
      return { code: 'InvalidRequest', message: `x-amz-checksum-${other} is not supported by the fake` }
  if (sent.length === 0)
    return {
      code: 'InvalidRequest',
      message: 'Missing required header for this request: Content-MD5 or x-amz-checksum-*',
    }
  return undefined
}
