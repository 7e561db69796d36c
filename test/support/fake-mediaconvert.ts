import { randomBytes } from 'node:crypto'
import { verifySigV4 } from './sigv4.ts'

/**
 * A local stand-in for AWS Elemental MediaConvert that speaks its REST-JSON wire protocol (the
 * `/2017-08-29/jobs` resource, lowerCamelCase JSON bodies, errors named by `x-amzn-ErrorType`) and
 * checks what the SDK really sends: a Signature V4 recomputed here from the secret over the
 * canonical request, a payload hash that matches the body, and job settings that make sense (the
 * kind of mistakes MediaConvert answers with 400 BadRequestException).
 *
 * Jobs go SUBMITTED → PROGRESSING (jobPercentComplete rising at each GetJob) → COMPLETE at the
 * `pollsToComplete`th GetJob, when the files of each CMAF group are handed to `write` (as
 * MediaConvert would put them in the bucket): the top-level HLS and DASH manifests, and for each
 * output its media playlist, an init segment and SEGMENTS media segments, `.cmfv` for video and
 * `.cmfa` for audio (ISO BMFF boxes as a CMAF track has them, over placeholder media data); or
 * ERROR there, after `failNext`.
 */

/** The parts of CreateJob's body the fake looks at, as the SDK puts them on the wire. */
export interface WireH264 {
  rateControlMode?: string
  bitrate?: number
  maxBitrate?: number
  gopSize?: number
  gopSizeUnits?: string
  sceneChangeDetect?: string
  framerateControl?: string
  framerateNumerator?: number
  framerateDenominator?: number
  framerateConversionAlgorithm?: string
}
export interface WireOutput {
  nameModifier?: string
  containerSettings?: { container?: string }
  videoDescription?: {
    width?: number
    height?: number
    codecSettings?: { codec?: string; h264Settings?: WireH264 }
  }
  audioDescriptions?: {
    audioSourceName?: string
    codecSettings?: {
      codec?: string
      aacSettings?: { bitrate?: number; sampleRate?: number; codingMode?: string }
    }
  }[]
}
export interface WireCmafGroup {
  destination?: string
  writeHlsManifest?: string
  writeDashManifest?: string
  segmentLength?: number
  fragmentLength?: number
  segmentControl?: string
}
export interface WireOutputGroup {
  name?: string
  outputGroupSettings?: { type?: string; cmafGroupSettings?: WireCmafGroup }
  outputs?: WireOutput[]
}
export interface WireInput {
  fileInput?: string
  audioSelectors?: Record<string, { defaultSelection?: string }>
  videoSelector?: { rotate?: string }
}
export interface WireCreateJob {
  role?: string
  queue?: string
  clientRequestToken?: string
  userMetadata?: Record<string, string>
  settings?: { inputs?: WireInput[]; outputGroups?: WireOutputGroup[] }
}

export interface FakeJob {
  id: string
  arn: string
  /** CreateJob's body as received. */
  request: WireCreateJob
  status: 'SUBMITTED' | 'PROGRESSING' | 'COMPLETE' | 'ERROR' | 'CANCELED'
  percent: number
  /** GetJob calls seen for this job. */
  polls: number
  createdAt: number
  failure?: { code: number; message: string }
}

export interface FakeMediaConvert {
  url: string
  /** By id. */
  jobs: Map<string, FakeJob>
  /** Every request, as received (method, path, headers, the JSON body if any), for assertions. */
  requests: { method: string; path: string; headers: Record<string, string>; body: unknown }[]
  /** Requests refused for a bad signature or payload hash. */
  refused: string[]
  /** The next job created ends in ERROR with this code and message instead of COMPLETE. */
  failNext(code: number, message: string): void
  /**
   * The next CreateJob creates its job but is answered 500, as when a response is lost: the SDK
   * retries the same request, and only the idempotency token keeps that from being a second job.
   */
  loseNextCreateResponse(): void
  stop(): void
}

/** Media segments the fake writes per output, and the placeholder media data in each. */
const SEGMENTS = 2
const SEGMENT_MEDIA_BYTES = 64 * 1024

const ascii = (s: string) => new TextEncoder().encode(s)
function u32(n: number): Uint8Array {
  const bytes = new Uint8Array(4)
  new DataView(bytes.buffer).setUint32(0, n)
  return bytes
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
/** An ISO BMFF box: its size, its type, its payload. */
function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(...payload)
  return concat(u32(8 + body.length), ascii(type), body)
}

/** How long MediaConvert honours a clientRequestToken. */
const TOKEN_MS = 60_000
const JOBS = '/2017-08-29/jobs'

export function startFakeMediaConvert(opts: {
  accessKeyId: string
  secretAccessKey: string
  region: string
  /** The GetJob at which a job completes; 3 by default. */
  pollsToComplete?: number
  /** Receives each file (`s3://bucket/key`, its bytes and content type) when a job completes. */
  write?: (uri: string, body: Uint8Array, contentType: string) => Promise<void> | void
}): FakeMediaConvert {
  const pollsToComplete = opts.pollsToComplete ?? 3
  const jobs = new Map<string, FakeJob>()
  const tokens = new Map<string, { id: string; at: number }>()
  const requests: FakeMediaConvert['requests'] = []
  const refused: string[] = []
  let failure: FakeJob['failure']
  let loseCreateResponse = false

  const json = (status: number, body: unknown, errorType?: string) =>
    Response.json(body, {
      status,
      headers: {
        'x-amzn-requestid': crypto.randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      },
    })
  const error = (status: number, type: string, message: string) => json(status, { message }, type)

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url)
      const raw = new Uint8Array(await request.arrayBuffer())
      const headers = Object.fromEntries(request.headers.entries())
      const text = new TextDecoder().decode(raw)
      let body: unknown = text || undefined
      let parsed = true
      try {
        if (text) body = JSON.parse(text)
      } catch {
        parsed = false
      }
      requests.push({ method: request.method, path: url.pathname, headers, body })
      const problem = verifySigV4({ method: request.method, url, headers, body: raw }, opts, {
        service: 'mediaconvert',
        doubleEncodePath: true,
        unsignedPayload: false,
      })
      if (problem) {
        refused.push(problem.message)
        const type = problem.unknownKey ? 'UnrecognizedClientException' : 'InvalidSignatureException'
        return error(403, type, problem.message)
      }
      if (!parsed) return error(400, 'BadRequestException', 'the body is not JSON')

      if (request.method === 'POST' && url.pathname === JOBS) {
        const create = (body ?? {}) as WireCreateJob
        const invalid = checkJob(create)
        if (invalid) return error(400, 'BadRequestException', invalid)
        const now = Date.now()
        const token = create.clientRequestToken
        const earlier = token ? tokens.get(token) : undefined
        const existing = earlier && now - earlier.at < TOKEN_MS ? jobs.get(earlier.id) : undefined
        if (existing) return json(201, { job: wireJob(existing) })
        const id = `${now}-${randomBytes(3).toString('hex')}`
        const job: FakeJob = {
          id,
          arn: `arn:aws:mediaconvert:${opts.region}:123456789012:jobs/${id}`,
          request: create,
          status: 'SUBMITTED',
          percent: 0,
          polls: 0,
          createdAt: Math.floor(now / 1000),
          ...(failure ? { failure } : {}),
        }
        failure = undefined
        jobs.set(id, job)
        if (token) tokens.set(token, { id, at: now })
        if (loseCreateResponse) {
          loseCreateResponse = false
          return error(500, 'InternalServerErrorException', 'the response was lost (fake)')
        }
        return json(201, { job: wireJob(job) })
      }

      const match = new RegExp(`^${JOBS}/([^/]+)$`).exec(url.pathname)
      const job = match ? jobs.get(decodeURIComponent(match[1]!)) : undefined
      if (match && !job) return error(404, 'NotFoundException', `job ${match[1]} does not exist`)
      if (job && request.method === 'GET') {
        await advance(job)
        return json(200, { job: wireJob(job) })
      }
      if (job && request.method === 'DELETE') {
        if (job.status !== 'SUBMITTED' && job.status !== 'PROGRESSING')
          return error(409, 'ConflictException', `job ${job.id} is ${job.status} and cannot be canceled`)
        job.status = 'CANCELED'
        return json(202, {})
      }
      return error(404, 'NotFoundException', `${request.method} ${url.pathname} is not supported by the fake`)
    },
  })

  async function advance(job: FakeJob): Promise<void> {
    if (job.status !== 'SUBMITTED' && job.status !== 'PROGRESSING') return
    job.polls += 1
    if (job.polls < pollsToComplete) {
      job.status = 'PROGRESSING'
      job.percent = Math.floor((100 * job.polls) / pollsToComplete)
      return
    }
    if (job.failure) {
      job.status = 'ERROR'
      return
    }
    for (const group of job.request.settings?.outputGroups ?? []) {
      const destination = group.outputGroupSettings?.cmafGroupSettings?.destination
      if (destination) await writeGroup(destination, group.outputs ?? [])
    }
    job.status = 'COMPLETE'
    job.percent = 100
  }

  /**
   * A CMAF group's files: small but well-formed manifests and playlists, and the segments they
   * name, after the destination's base name and each output's name modifier.
   */
  async function writeGroup(destination: string, outputs: WireOutput[]): Promise<void> {
    const write = opts.write
    if (!write) return
    const text = (uri: string, body: string, type: string) => write(uri, new TextEncoder().encode(body), type)
    const dir = destination.slice(0, destination.lastIndexOf('/') + 1)
    const base = destination.slice(dir.length)
    const variants = outputs.map((output) => `${base}${output.nameModifier ?? ''}`)
    const hls = [
      '#EXTM3U',
      '#EXT-X-VERSION:6',
      ...variants.flatMap((v) => ['#EXT-X-STREAM-INF:', `${v}.m3u8`]),
    ]
    await text(`${destination}.m3u8`, `${hls.join('\n')}\n`, 'application/vnd.apple.mpegurl')
    await text(
      `${destination}.mpd`,
      '<?xml version="1.0" encoding="UTF-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"/>\n',
      'application/dash+xml',
    )
    for (const [i, output] of outputs.entries()) {
      const name = variants[i] as string
      const ext = output.videoDescription ? 'cmfv' : 'cmfa'
      const type = output.videoDescription ? 'video/mp4' : 'audio/mp4'
      const segments = Array.from(
        { length: SEGMENTS },
        (_, n) => `${name}_${String(n + 1).padStart(5, '0')}.${ext}`,
      )
      const playlist = [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:4',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        `#EXT-X-MAP:URI="${name}_init.${ext}"`,
        ...segments.flatMap((segment) => ['#EXTINF:4.0,', segment]),
        '#EXT-X-ENDLIST',
      ]
      await text(`${dir}${name}.m3u8`, `${playlist.join('\n')}\n`, 'application/vnd.apple.mpegurl')
      await write(
        `${dir}${name}_init.${ext}`,
        concat(box('ftyp', ascii('cmfc'), u32(0), ascii('cmfciso6')), box('moov')),
        type,
      )
      for (const [n, segment] of segments.entries()) {
        const media = new Uint8Array(SEGMENT_MEDIA_BYTES).map((_, b) => (b * 7 + n) % 256)
        const moof = box('moof', box('mfhd', u32(0), u32(n + 1)))
        await write(
          `${dir}${segment}`,
          concat(box('styp', ascii('cmfs'), u32(0), ascii('cmfs')), moof, box('mdat', media)),
          type,
        )
      }
    }
  }

  /** A job as GetJob and CreateJob return it (timestamps in epoch seconds). */
  function wireJob(job: FakeJob): Record<string, unknown> {
    return {
      id: job.id,
      arn: job.arn,
      role: job.request.role,
      queue: job.request.queue ?? `arn:aws:mediaconvert:${opts.region}:123456789012:queues/Default`,
      settings: job.request.settings,
      userMetadata: job.request.userMetadata ?? {},
      clientRequestToken: job.request.clientRequestToken,
      status: job.status,
      createdAt: job.createdAt,
      ...(job.status === 'PROGRESSING' ? { jobPercentComplete: job.percent } : {}),
      ...(job.status === 'ERROR' && job.failure
        ? { errorCode: job.failure.code, errorMessage: job.failure.message }
        : {}),
    }
  }

  return {
    url: `http://127.0.0.1:${server.port}`,
    jobs,
    requests,
    refused,
    failNext(code, message) {
      failure = { code, message }
    },
    loseNextCreateResponse() {
      loseCreateResponse = true
    },
    stop: () => server.stop(true),
  }
}

/** What MediaConvert would refuse in a CreateJob, as its message; undefined when it is acceptable. */
function checkJob(job: WireCreateJob): string | undefined {
  if (typeof job.role !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(job.role))
    return '/role: an IAM role ARN is required'
  if (job.clientRequestToken !== undefined && !/^[\x20-\x7e]{1,64}$/.test(job.clientRequestToken))
    return '/clientRequestToken: up to 64 ASCII characters'
  const inputs = job.settings?.inputs
  if (!Array.isArray(inputs) || inputs.length === 0) return '/settings/inputs: at least one input is required'
  for (const [i, input] of inputs.entries())
    if (typeof input.fileInput !== 'string' || !/^s3:\/\/[a-z0-9.-]+\/\S+$/.test(input.fileInput))
      return `/settings/inputs/${i}/fileInput: an s3:// URI is required`
  const selectors = new Set(inputs.flatMap((input) => Object.keys(input.audioSelectors ?? {})))
  const groups = job.settings?.outputGroups
  if (!Array.isArray(groups) || groups.length === 0) return '/settings/outputGroups: at least one is required'
  if (!groups.some((group) => group.outputGroupSettings?.type === 'CMAF_GROUP_SETTINGS'))
    return '/settings/outputGroups: no CMAF_GROUP_SETTINGS group'
  for (const [g, group] of groups.entries()) {
    const at = `/settings/outputGroups/${g}`
    if (group.outputGroupSettings?.type !== 'CMAF_GROUP_SETTINGS') continue
    const cmaf = group.outputGroupSettings.cmafGroupSettings
    if (!cmaf) return `${at}/outputGroupSettings/cmafGroupSettings: required for CMAF_GROUP_SETTINGS`
    if (typeof cmaf.destination !== 'string' || !/^s3:\/\/[a-z0-9.-]+\/\S+$/.test(cmaf.destination))
      return `${at}/outputGroupSettings/cmafGroupSettings/destination: an s3:// URI is required`
    const outputs = group.outputs
    if (!Array.isArray(outputs) || outputs.length === 0) return `${at}/outputs: at least one is required`
    const modifiers = new Set<string>()
    for (const [o, output] of outputs.entries()) {
      const here = `${at}/outputs/${o}`
      if (!output.nameModifier || modifiers.has(output.nameModifier))
        return `${here}/nameModifier: each output of a group needs its own`
      modifiers.add(output.nameModifier)
      if (output.containerSettings?.container !== 'CMFC') return `${here}/containerSettings: CMFC is required`
      const audio = output.audioDescriptions ?? []
      if (Boolean(output.videoDescription) === audio.length > 0)
        return `${here}: a CMAF output carries exactly one video or one audio track`
      const h264 = output.videoDescription?.codecSettings?.h264Settings
      if (output.videoDescription) {
        const video = output.videoDescription
        if (video.codecSettings?.codec !== 'H_264' || !h264) return `${here}/videoDescription: H_264 expected`
        if (!Number.isInteger(video.width) || !Number.isInteger(video.height))
          return `${here}/videoDescription: width and height are required`
        if (h264.rateControlMode === 'QVBR' ? !h264.maxBitrate : !h264.bitrate)
          return `${here}/videoDescription/codecSettings/h264Settings: no bitrate for ${h264.rateControlMode}`
        const rate = [h264.framerateNumerator, h264.framerateDenominator]
        if (
          h264.framerateControl === 'SPECIFIED' &&
          !rate.every((n) => Number.isInteger(n) && n! >= 1 && n! <= 2_147_483_647)
        )
          return `${here}/videoDescription/codecSettings/h264Settings: SPECIFIED needs framerateNumerator and framerateDenominator`
      }
      for (const description of audio)
        if (!description.audioSourceName || !selectors.has(description.audioSourceName))
          return `${here}/audioDescriptions: audio selector ${description.audioSourceName} does not exist`
    }
  }
  return undefined
}
