import { createHash, createHmac } from 'node:crypto'

/**
 * A local stand-in for S3 that speaks its wire protocol (path-style PUT, GET and DELETE of
 * objects, S3's XML errors) and checks what the SDK really sends: a Signature V4 recomputed here
 * from the secret, over the canonical request, and a payload hash that matches the body.
 */
export interface FakeS3 {
  url: string
  objects: Map<string, { body: Uint8Array; contentType: string }>
  /** Every request, as received (method, path, headers), for assertions. */
  requests: { method: string; path: string; headers: Record<string, string> }[]
  /** Requests refused for a bad signature or payload hash. */
  refused: string[]
  stop(): void
}

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

export function startFakeS3(opts: { accessKeyId: string; secretAccessKey: string; region: string }): FakeS3 {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>()
  const requests: FakeS3['requests'] = []
  const refused: string[] = []
  const error = (status: number, code: string, message: string) =>
    new Response(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
      {
        status,
        headers: { 'content-type': 'application/xml' },
      },
    )

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const body = new Uint8Array(await request.arrayBuffer())
      const headers = Object.fromEntries(request.headers.entries())
      requests.push({ method: request.method, path: url.pathname, headers })
      const problem = checkSignature(request.method, url, headers, body, opts)
      if (problem) {
        refused.push(problem)
        return error(403, 'SignatureDoesNotMatch', problem)
      }
      const key = decodeURIComponent(url.pathname.slice(1)) // bucket/key
      if (request.method === 'PUT') {
        objects.set(key, { body, contentType: headers['content-type'] ?? 'application/octet-stream' })
        return new Response(null, { status: 200, headers: { etag: `"${hex(body).slice(0, 32)}"` } })
      }
      if (request.method === 'GET') {
        const found = objects.get(key)
        if (!found) return error(404, 'NoSuchKey', 'The specified key does not exist.')
        return new Response(found.body, {
          headers: { 'content-type': found.contentType, 'content-length': String(found.body.length) },
        })
      }
      if (request.method === 'DELETE') {
        objects.delete(key)
        return new Response(null, { status: 204 })
      }
      return error(405, 'MethodNotAllowed', 'not supported by the fake')
    },
  })
  return { url: `http://127.0.0.1:${server.port}`, objects, requests, refused, stop: () => server.stop(true) }
}

/** Signature V4 as AWS documents it, recomputed; returns what is wrong, or undefined. */
function checkSignature(
  method: string,
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  opts: { accessKeyId: string; secretAccessKey: string; region: string },
): string | undefined {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      headers.authorization ?? '',
    )
  if (!auth) return `no Signature V4 authorization: ${headers.authorization}`
  const [, keyId, date, region, signedHeaders, signature] = auth as unknown as string[]
  if (keyId !== opts.accessKeyId) return `unknown access key ${keyId}`
  if (region !== opts.region) return `signed for region ${region}`
  const amzDate = headers['x-amz-date'] ?? ''
  if (!amzDate.startsWith(date!)) return 'x-amz-date does not match the credential date'
  const payloadHash = headers['x-amz-content-sha256'] ?? ''
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== hex(body))
    return 'x-amz-content-sha256 is not the hash of the body'
  const names = signedHeaders!.split(';')
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed'
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonical = [
    method,
    url.pathname,
    query,
    names.map((n) => `${n}:${(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = `${date}/${region}/s3/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n')
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${opts.secretAccessKey}`, date!), region!), 's3'),
    'aws4_request',
  )
  const expected = createHmac('sha256', signingKey).update(toSign).digest('hex')
  return expected === signature ? undefined : 'the signature does not match'
}
