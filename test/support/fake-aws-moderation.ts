import { randomBytes } from 'node:crypto'
import { verifySigV4 } from './sigv4.ts'

/**
 * Local stand-ins for Amazon Rekognition and Amazon Comprehend that speak their AWS JSON 1.1 wire
 * protocol (`POST /` with `X-Amz-Target: <Service>.<Operation>`, `application/x-amz-json-1.1`
 * bodies, blobs as base64, errors as `{"__type": ..., "message": ...}`) and check what the official
 * SDKs really send: Signature V4 recomputed from the secret for the service's own name, and the
 * rules the services enforce (an image of JPEG or PNG bytes up to 5 MB, a video as an S3 object,
 * 1 to 10 text segments of at most 1 KB, English only, MinConfidence 0 to 100, the idempotency
 * token's shape; a language detected in a text of at most 100 KB, or in 1 to 25 documents of at
 * most 5 KB each). What they "find" is the test's `classify` and `detectLanguage` callbacks; a video job succeeds at its
 * `pollsToFinish`th GetContentModeration, its detections paged by MaxResults.
 */

export interface FakeModerationLabel {
  Name: string
  ParentName?: string
  Confidence: number
  TaxonomyLevel?: number
}
export interface FakeToxicResult {
  Labels: { Name: string; Score: number }[]
  Toxicity: number
}

export interface FakeVideoJob {
  id: string
  bucket: string
  key: string
  token?: string
  polls: number
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED'
}

export interface FakeAwsModeration {
  rekognitionUrl: string
  comprehendUrl: string
  /** Every request as received: the service, its operation and the JSON body. */
  requests: { service: 'rekognition' | 'comprehend'; operation: string; body: Record<string, unknown> }[]
  /** Requests refused, with the reason (a bad signature, a rule broken). */
  refused: string[]
  videoJobs: Map<string, FakeVideoJob>
  /** The next video job fails (as Rekognition does with a format it cannot read). */
  failNextVideo(message: string): void
  stop(): void
}

const JSON_TYPE = 'application/x-amz-json-1.1'

export function startFakeAwsModeration(opts: {
  accessKeyId: string
  secretAccessKey: string
  region: string
  /** What Rekognition finds in an image (its decoded bytes). */
  classifyImage: (bytes: Uint8Array) => FakeModerationLabel[] | Promise<FakeModerationLabel[]>
  /** What Rekognition Video finds in a stored video: detections at their timestamps (ms). */
  classifyVideo?: (bucket: string, key: string) => { at: number; label: FakeModerationLabel }[]
  /** What Comprehend finds in one text segment. */
  classifyText: (text: string) => FakeToxicResult
  /** The languages Comprehend finds in a text, strongest first (default: English). */
  detectLanguage?: (text: string) => { LanguageCode: string; Score: number }[]
  pollsToFinish?: number
  /** The most detections a GetContentModeration page holds, whatever MaxResults asks (1,000 by default). */
  pageSize?: number
}): FakeAwsModeration {
  const requests: FakeAwsModeration['requests'] = []
  const refused: string[] = []
  const videoJobs = new Map<string, FakeVideoJob>()
  const tokens = new Map<string, string>()
  let failVideo: string | undefined
  const pollsToFinish = opts.pollsToFinish ?? 2

  const reply = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': crypto.randomUUID() },
    })
  const fail = (type: string, message: string, status = 400) => {
    refused.push(`${type}: ${message}`)
    return reply(status, { __type: type, message })
  }
  const invalid = (message: string) => fail('InvalidParameterException', message)

  type Handler = (body: Record<string, unknown>) => Promise<Response> | Response

  const rekognition: Record<string, Handler> = {
    async DetectModerationLabels(body) {
      const image = body.Image as { Bytes?: string; S3Object?: unknown } | undefined
      if (!image?.Bytes) return invalid('Image.Bytes is required (the fake reads bytes only)')
      const min = body.MinConfidence
      if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 100))
        return invalid('MinConfidence must be between 0 and 100')
      const bytes = new Uint8Array(Buffer.from(image.Bytes, 'base64'))
      if (bytes.length > 5 * 1024 * 1024) return fail('ImageTooLargeException', 'image over 5 MB')
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8
      const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
      if (!jpeg && !png) return fail('InvalidImageFormatException', 'Request has unsupported image format')
      const found = (await opts.classifyImage(bytes)).filter((l) => l.Confidence >= (min ?? 50))
      return reply(200, { ModerationLabels: found, ModerationModelVersion: '7.0' })
    },
    StartContentModeration(body) {
      const s3 = (body.Video as { S3Object?: { Bucket?: string; Name?: string } } | undefined)?.S3Object
      if (!s3?.Bucket || !s3.Name) return invalid('Video.S3Object with Bucket and Name is required')
      const token = body.ClientRequestToken as string | undefined
      if (token !== undefined && !/^[a-zA-Z0-9-_]{1,64}$/.test(token))
        return invalid('ClientRequestToken must match ^[a-zA-Z0-9-_]+$, 1 to 64 characters')
      const known = token && tokens.get(token)
      if (known) return reply(200, { JobId: known })
      const id = randomBytes(32).toString('hex')
      videoJobs.set(id, { id, bucket: s3.Bucket, key: s3.Name, token, polls: 0, status: 'IN_PROGRESS' })
      if (token) tokens.set(token, id)
      return reply(200, { JobId: id })
    },
    GetContentModeration(body) {
      const job = videoJobs.get(String(body.JobId))
      if (!job) return fail('ResourceNotFoundException', 'no such job')
      const max = (body.MaxResults as number | undefined) ?? 1000
      if (!Number.isInteger(max) || max < 1 || max > 1000) return invalid('MaxResults between 1 and 1000')
      if (job.status === 'IN_PROGRESS') {
        job.polls += 1
        if (job.polls >= pollsToFinish) {
          job.status = failVideo ? 'FAILED' : 'SUCCEEDED'
          if (failVideo) (job as FakeVideoJob & { message?: string }).message = failVideo
          failVideo = undefined
        }
        if (job.status === 'IN_PROGRESS') return reply(200, { JobStatus: 'IN_PROGRESS', JobId: job.id })
      }
      if (job.status === 'FAILED')
        return reply(200, {
          JobStatus: 'FAILED',
          JobId: job.id,
          StatusMessage: (job as FakeVideoJob & { message?: string }).message,
        })
      const all = (opts.classifyVideo?.(job.bucket, job.key) ?? []).map((d) => ({
        Timestamp: d.at,
        ModerationLabel: d.label,
      }))
      const from = body.NextToken ? Number(Buffer.from(String(body.NextToken), 'base64url').toString()) : 0
      if (!Number.isInteger(from) || from < 0) return invalid('bad NextToken')
      const size = Math.min(max, opts.pageSize ?? 1000)
      const page = all.slice(from, from + size)
      const next =
        from + size < all.length ? Buffer.from(String(from + size)).toString('base64url') : undefined
      return reply(200, {
        JobStatus: 'SUCCEEDED',
        JobId: job.id,
        ModerationModelVersion: '7.0',
        VideoMetadata: { Codec: 'h264', Format: 'QuickTime / MOV' },
        ModerationLabels: page,
        ...(next ? { NextToken: next } : {}),
      })
    },
  }

  const languagesOf = (text: string) => opts.detectLanguage?.(text) ?? [{ LanguageCode: 'en', Score: 0.99 }]
  const utf8 = (text: string) => new TextEncoder().encode(text).length

  const comprehend: Record<string, Handler> = {
    DetectDominantLanguage(body) {
      if (typeof body.Text !== 'string' || body.Text.length === 0) return invalid('Text is required')
      if (utf8(body.Text) > 100 * 1024) return fail('TextSizeLimitExceededException', 'Text is over 100 KB')
      return reply(200, { Languages: languagesOf(body.Text) })
    },
    BatchDetectDominantLanguage(body) {
      const list = body.TextList as unknown[] | undefined
      if (!Array.isArray(list) || list.length < 1 || list.length > 25)
        return invalid('TextList: 1 to 25 documents')
      for (const text of list) {
        if (typeof text !== 'string' || text.length === 0) return invalid('TextList: a document is empty')
        if (utf8(text) > 5 * 1024) return fail('TextSizeLimitExceededException', 'a document is over 5 KB')
      }
      return reply(200, {
        ResultList: (list as string[]).map((text, Index) => ({ Index, Languages: languagesOf(text) })),
        ErrorList: [],
      })
    },
    DetectToxicContent(body) {
      if (body.LanguageCode !== 'en') return invalid('LanguageCode: only en is supported')
      const segments = body.TextSegments as { Text?: string }[] | undefined
      if (!Array.isArray(segments) || segments.length < 1 || segments.length > 10)
        return invalid('TextSegments: 1 to 10 segments')
      for (const s of segments) {
        if (typeof s.Text !== 'string' || s.Text.length === 0) return invalid('TextSegments.Text is required')
        if (new TextEncoder().encode(s.Text).length > 1024)
          return fail('TextSizeLimitExceededException', 'a segment is over 1 KB')
      }
      return reply(200, { ResultList: segments.map((s) => opts.classifyText(s.Text as string)) })
    },
  }

  function serve(service: 'rekognition' | 'comprehend', prefix: string, operations: Record<string, Handler>) {
    return Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      async fetch(request) {
        const url = new URL(request.url)
        const raw = new Uint8Array(await request.arrayBuffer())
        const headers = Object.fromEntries(request.headers.entries())
        const problem = verifySigV4({ method: request.method, url, headers, body: raw }, opts, {
          service,
          doubleEncodePath: true,
          unsignedPayload: false,
        })
        if (problem)
          return fail(
            problem.unknownKey ? 'UnrecognizedClientException' : 'InvalidSignatureException',
            problem.message,
            403,
          )
        if (request.method !== 'POST' || url.pathname !== '/')
          return fail('UnknownOperationException', url.pathname, 404)
        if (!headers['content-type']?.startsWith(JSON_TYPE))
          return fail('SerializationException', `content type ${headers['content-type']}`)
        const target = headers['x-amz-target'] ?? ''
        const operation = target.startsWith(`${prefix}.`) ? target.slice(prefix.length + 1) : ''
        const handler = Object.hasOwn(operations, operation) ? operations[operation] : undefined
        if (!handler) return fail('UnknownOperationException', `no operation ${target}`)
        let body: Record<string, unknown>
        try {
          body = JSON.parse(new TextDecoder().decode(raw))
        } catch {
          return fail('SerializationException', 'the body is not JSON')
        }
        requests.push({ service, operation, body })
        return handler(body)
      },
    })
  }

  const rek = serve('rekognition', 'RekognitionService', rekognition)
  const comp = serve('comprehend', 'Comprehend_20171127', comprehend)
  return {
    rekognitionUrl: `http://127.0.0.1:${rek.port}`,
    comprehendUrl: `http://127.0.0.1:${comp.port}`,
    requests,
    refused,
    videoJobs,
    failNextVideo(message) {
      failVideo = message
    },
    stop() {
      rek.stop(true)
      comp.stop(true)
    },
  }
}
