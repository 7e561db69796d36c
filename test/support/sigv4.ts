import { createHash, createHmac } from 'node:crypto'

/**
 * Signature V4 as AWS documents it, recomputed from the secret, for the local fakes of AWS
 * services (fake-s3.ts, fake-mediaconvert.ts): they check what the official SDK really sends
 * rather than trusting it, so a wrong region, service, key or canonicalisation fails the tests as
 * it would fail against AWS. The services differ in a few rules, which the caller states.
 */
export interface SigV4Rules {
  /** The service in the credential scope (`s3`, `mediaconvert`). */
  service: string
  /**
   * Whether the canonical path is the request path URI-encoded once more: every service but S3
   * signs it so (the SDK's `uriEscapePath`); S3 signs the path as sent.
   */
  doubleEncodePath: boolean
  /**
   * S3's payload rules: `x-amz-content-sha256` must be present, and may be `UNSIGNED-PAYLOAD`
   * (the SDK sends that for streamed bodies over HTTPS). Other services accept a request without the
   * header (the signer then hashed the body itself) but never an unsigned payload.
   */
  unsignedPayload: boolean
}

export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
  region: string
}

/** What is wrong with a request's signature; `unknownKey` when the access key is not the fake's. */
export interface SigV4Problem {
  message: string
  /** AWS answers this case differently (e.g. UnrecognizedClientException rather than a bad signature). */
  unknownKey: boolean
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

/** Checks a request's Signature V4 and payload hash; returns what is wrong, or undefined. */
export function verifySigV4(
  request: { method: string; url: URL; headers: Record<string, string>; body: Uint8Array },
  credentials: SigV4Credentials,
  rules: SigV4Rules,
): SigV4Problem | undefined {
  const { method, url, headers, body } = request
  const refuse = (message: string, unknownKey = false) => ({ message, unknownKey })
  const auth = new RegExp(
    `^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/${rules.service}/aws4_request, ?` +
      'SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$',
  ).exec(headers.authorization ?? '')
  if (!auth) return refuse(`no Signature V4 authorization for ${rules.service}: ${headers.authorization}`)
  const [, keyId, date, region, signedHeaders, signature] = auth as unknown as string[]
  if (keyId !== credentials.accessKeyId) return refuse(`unknown access key ${keyId}`, true)
  if (region !== credentials.region) return refuse(`signed for region ${region}`)
  const amzDate = headers['x-amz-date'] ?? ''
  if (!amzDate.startsWith(date!)) return refuse('x-amz-date does not match the credential date')
  const bodyHash = sha256Hex(body)
  const payloadHash = headers['x-amz-content-sha256'] ?? (rules.unsignedPayload ? '' : bodyHash)
  const unsigned = rules.unsignedPayload && payloadHash === 'UNSIGNED-PAYLOAD'
  if (!unsigned && payloadHash !== bodyHash) return refuse('x-amz-content-sha256 is not the hash of the body')
  const names = signedHeaders!.split(';')
  if (!names.includes('host') || !names.includes('x-amz-date'))
    return refuse('host and x-amz-date must be signed')
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEscape(k), uriEscape(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const path = rules.doubleEncodePath ? uriEscape(url.pathname).replace(/%2F/g, '/') : url.pathname
  const canonical = [
    method,
    path,
    query,
    names.map((n) => `${n}:${(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = `${date}/${region}/${rules.service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n')
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), rules.service),
    'aws4_request',
  )
  const expected = createHmac('sha256', signingKey).update(toSign).digest('hex')
  return expected === signature ? undefined : refuse('the signature does not match')
}

/** RFC 3986 percent-encoding, as Signature V4 wants it. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}
