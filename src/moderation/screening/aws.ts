import { createHash } from 'node:crypto'
import {
  ComprehendClient,
  type ComprehendClientConfig,
  DetectToxicContentCommand,
  type ToxicContentType,
} from '@aws-sdk/client-comprehend'
import {
  DetectModerationLabelsCommand,
  GetContentModerationCommand,
  type GetContentModerationResponse,
  type ModerationLabel,
  RekognitionClient,
  type RekognitionClientConfig,
  StartContentModerationCommand,
} from '@aws-sdk/client-rekognition'
import sharp from 'sharp'
import type { Label, Screener } from '../screener.ts'

/**
 * MODERATION_PROVIDER=aws: text through Amazon Comprehend's DetectToxicContent, images through
 * Rekognition's DetectModerationLabels, videos through Rekognition Video's StartContentModeration
 * and GetContentModeration (the video read from the bucket where storage keeps it), all with the
 * official SDKs. What AWS names is mapped onto our label values (`REKOGNITION_VALUES`,
 * `COMPREHEND_VALUES`); findings under MIN_SCORE are left out. The policies decide what a label does.
 */

type Credentials = { accessKeyId: string; secretAccessKey: string }

/** AWS's findings under this (0 to 1) are not recorded (Rekognition's own default minimum is 50 %). */
export const MIN_SCORE = 0.5
/** Rekognition's largest image as bytes; larger ones are scaled down first. */
const IMAGE_MAX_BYTES = 5 * 1024 * 1024
/** DetectToxicContent: at most 10 segments of at most 1 KB (UTF-8) per request. */
const SEGMENT_MAX_BYTES = 1000
const SEGMENTS_PER_REQUEST = 10
/** A text's segments beyond this are not sent (a long description: its first 30 KB). */
const MAX_SEGMENTS = 30

export function rekognitionClient(opts: {
  region: string
  endpoint?: string
  credentials?: Credentials
}): RekognitionClient {
  const config: RekognitionClientConfig = { region: opts.region }
  if (opts.endpoint) config.endpoint = opts.endpoint
  if (opts.credentials) config.credentials = opts.credentials
  return new RekognitionClient(config)
}

export function comprehendClient(opts: {
  region: string
  endpoint?: string
  credentials?: Credentials
}): ComprehendClient {
  const config: ComprehendClientConfig = { region: opts.region }
  if (opts.endpoint) config.endpoint = opts.endpoint
  if (opts.credentials) config.credentials = opts.credentials
  return new ComprehendClient(config)
}

/** Comprehend's toxicity labels as ours. */
export const COMPREHEND_VALUES: Record<ToxicContentType | 'TOXICITY', string> = {
  HATE_SPEECH: 'hate',
  HARASSMENT_OR_ABUSE: 'harassment',
  INSULT: 'harassment',
  SEXUAL: 'sexual',
  VIOLENCE_OR_THREAT: 'violence',
  GRAPHIC: 'gore',
  PROFANITY: 'profanity',
  TOXICITY: 'toxic',
}

export const COMPREHEND_SOURCE = 'aws-comprehend/detect-toxic-content'

/**
 * Text through DetectToxicContent. Comprehend reads English only: every text is sent as `en`, and
 * only English texts are given to it (byLanguage, languages.ts, sends the others elsewhere).
 * A text goes as segments of 1 KB, and each label keeps its highest score over its segments.
 * Several texts (a batch of chat lines) share requests: each of their segments is one of a
 * request's 10, and Comprehend answers one result per segment, in order (there is no
 * BatchDetectToxicContent: DetectToxicContent's list is its batch). 50 lines cost 5 calls, not 50.
 */
export function comprehendScreener(client: ComprehendClient): Screener {
  const screenTexts = async (items: { text: string }[]): Promise<Label[][]> => {
    const best = items.map(() => new Map<string, number>())
    const segments = items.flatMap(({ text }, owner) => segmentsOf(text).map((Text) => ({ Text, owner })))
    for (let at = 0; at < segments.length; at += SEGMENTS_PER_REQUEST) {
      // 10 segments of at most 1,000 bytes: within the request's 10 KB too.
      const request = segments.slice(at, at + SEGMENTS_PER_REQUEST)
      const answer = await client.send(
        new DetectToxicContentCommand({
          LanguageCode: 'en',
          TextSegments: request.map(({ Text }) => ({ Text })),
        }),
      )
      const results = answer.ResultList ?? []
      if (results.length !== request.length)
        throw new Error(`Comprehend answered ${results.length} results for ${request.length} segments`)
      results.forEach((result, i) => {
        const found = best[request[i]!.owner]!
        const keep = (value: string, score: number) => {
          if (score >= MIN_SCORE && score > (found.get(value) ?? -1)) found.set(value, score)
        }
        if (result.Toxicity !== undefined) keep(COMPREHEND_VALUES.TOXICITY, result.Toxicity)
        for (const l of result.Labels ?? []) {
          const value = l.Name && COMPREHEND_VALUES[l.Name]
          if (value && l.Score !== undefined) keep(value, l.Score)
        }
      })
    }
    return best.map((found) =>
      [...found].map(([value, score]) => ({ value, score: round(score), source: COMPREHEND_SOURCE })),
    )
  }
  return {
    screenTexts,
    async screenText(text) {
      return (await screenTexts([{ text }]))[0]!
    },
  }
}

/** A text as segments of at most SEGMENT_MAX_BYTES of UTF-8, cut between characters (at spaces when it can). */
export function segmentsOf(text: string): string[] {
  const segments: string[] = []
  let rest = text.trim()
  const encoder = new TextEncoder()
  while (rest && segments.length < MAX_SEGMENTS) {
    if (encoder.encode(rest).length <= SEGMENT_MAX_BYTES) {
      segments.push(rest)
      break
    }
    let end = 0
    let bytes = 0
    for (const ch of rest) {
      const size = encoder.encode(ch).length
      if (bytes + size > SEGMENT_MAX_BYTES) break
      bytes += size
      end += ch.length
    }
    const space = rest.lastIndexOf(' ', end)
    const cut = space > end / 2 ? space : end
    segments.push(rest.slice(0, cut))
    rest = rest.slice(cut).trim()
  }
  return segments
}

/**
 * Rekognition's moderation taxonomy (its version 7 and the names of version 6) as our values, by
 * lower-cased name. A label whose name is not here takes the value of its parent, then of its
 * parent's parent; one whose whole line is unknown keeps its top-level name, as a slug.
 */
export const REKOGNITION_VALUES: Record<string, string[]> = {
  explicit: ['nudity'],
  'explicit nudity': ['nudity'],
  'exposed male genitalia': ['nudity'],
  'exposed female genitalia': ['nudity'],
  'exposed buttocks or anus': ['nudity'],
  'exposed female nipple': ['nudity'],
  'graphic male nudity': ['nudity'],
  'graphic female nudity': ['nudity'],
  nudity: ['nudity'],
  'explicit sexual activity': ['sexual', 'nudity'],
  'sexual activity': ['sexual', 'nudity'],
  'illustrated explicit nudity': ['sexual', 'nudity'],
  'sex toys': ['sexual'],
  'adult toys': ['sexual'],
  'non-explicit nudity of intimate parts and kissing': ['suggestive'],
  'non-explicit nudity': ['suggestive'],
  suggestive: ['suggestive'],
  'swimwear or underwear': ['suggestive'],
  violence: ['violence'],
  weapons: ['violence'],
  'weapon violence': ['violence'],
  'physical violence': ['violence'],
  'graphic violence': ['violence', 'gore'],
  'visually disturbing': ['gore'],
  'graphic violence or gore': ['gore'],
  'blood & gore': ['gore'],
  'death and emaciation': ['gore'],
  'emaciated bodies': ['gore'],
  corpses: ['gore'],
  'self-harm': ['self-harm'],
  'self injury': ['self-harm'],
  'hate symbols': ['hate'],
  'nazi party': ['hate'],
  'white supremacy': ['hate'],
  extremist: ['hate'],
  'rude gestures': ['rude-gesture'],
  'middle finger': ['rude-gesture'],
  drugs: ['drugs'],
  'drugs & tobacco': ['drugs'],
  'drug products': ['drugs'],
  'drug use': ['drugs'],
  tobacco: ['tobacco'],
  'tobacco products': ['tobacco'],
  smoking: ['tobacco'],
  alcohol: ['alcohol'],
  'alcoholic beverages': ['alcohol'],
  drinking: ['alcohol'],
  gambling: ['gambling'],
}

/** Rekognition's labels (confidence 0 to 100) as ours: for each value the highest score. */
export function labelsOfRekognition(found: ModerationLabel[], source: string): Label[] {
  const parents = new Map<string, string>()
  for (const l of found)
    if (l.Name && l.ParentName) parents.set(l.Name.toLowerCase(), l.ParentName.toLowerCase())
  const best = new Map<string, number>()
  for (const l of found) {
    if (!l.Name || l.Confidence === undefined) continue
    const score = l.Confidence / 100
    if (score < MIN_SCORE) continue
    let name = l.Name.toLowerCase()
    let values = REKOGNITION_VALUES[name]
    for (let depth = 0; !values && parents.has(name) && depth < 5; depth++) {
      name = parents.get(name) as string
      values = REKOGNITION_VALUES[name]
    }
    values ??= [name.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')]
    for (const value of values) if (score > (best.get(value) ?? -1)) best.set(value, score)
  }
  return [...best].map(([value, score]) => ({ value, score: round(score), source }))
}

export const REKOGNITION_SOURCE = 'aws-rekognition'

const sourceOf = (version: string | undefined) =>
  version ? `${REKOGNITION_SOURCE}@${version}` : REKOGNITION_SOURCE

/** Where a video Rekognition reads is stored, and the screening job it belongs to (its idempotency). */
export interface StoredVideo {
  bucket: string
  key: string
}

/** What a video's screening answers: labels, or why Rekognition Video could not (its frames are then screened as images). */
export type VideoScreening = { labels: Label[] } | { failed: string }

/**
 * Images through DetectModerationLabels (JPEG or PNG up to 5 MB: others are converted first) and
 * videos through a Rekognition Video content moderation job, asked every `pollMs` for its result.
 * The job is started with a token made of `token` (the screening job's id), so a screening run
 * again (a worker that stopped) finds the Rekognition job it started rather than paying for another.
 */
export class RekognitionScreener implements Screener {
  constructor(
    private readonly client: RekognitionClient,
    private readonly pollMs: number,
  ) {}

  async screenText(): Promise<Label[]> {
    return []
  }

  async screenImage(bytes: Uint8Array): Promise<Label[]> {
    const answer = await this.client.send(
      new DetectModerationLabelsCommand({
        Image: { Bytes: await asJpegOrPng(bytes) },
        MinConfidence: MIN_SCORE * 100,
      }),
    )
    return labelsOfRekognition(answer.ModerationLabels ?? [], sourceOf(answer.ModerationModelVersion))
  }

  async screenVideo(
    video: StoredVideo,
    opts: { token: string; signal?: AbortSignal },
  ): Promise<VideoScreening> {
    const started = await this.client.send(
      new StartContentModerationCommand({
        Video: { S3Object: { Bucket: video.bucket, Name: video.key } },
        MinConfidence: MIN_SCORE * 100,
        ClientRequestToken: createHash('sha256').update(opts.token).digest('hex'),
        JobTag: 'socialflow-screening',
      }),
      { abortSignal: opts.signal },
    )
    const jobId = started.JobId
    if (!jobId) throw new Error('Rekognition started a content moderation job without an id')
    const found: ModerationLabel[] = []
    let nextToken: string | undefined
    let version: string | undefined
    for (;;) {
      const page: GetContentModerationResponse = await this.client.send(
        new GetContentModerationCommand({
          JobId: jobId,
          MaxResults: 1000,
          NextToken: nextToken,
          SortBy: 'TIMESTAMP',
        }),
        { abortSignal: opts.signal },
      )
      if (page.JobStatus === 'FAILED')
        return { failed: page.StatusMessage ?? 'Rekognition could not read the video' }
      if (page.JobStatus !== 'SUCCEEDED') {
        nextToken = undefined
        found.length = 0
        await sleep(this.pollMs, opts.signal)
        continue
      }
      version = page.ModerationModelVersion
      for (const d of page.ModerationLabels ?? []) if (d.ModerationLabel) found.push(d.ModerationLabel)
      nextToken = page.NextToken
      if (!nextToken) break
    }
    return { labels: labelsOfRekognition(found, sourceOf(version)) }
  }
}

/** Rekognition reads JPEG and PNG of up to 5 MB: anything else (WebP renditions) is made a JPEG. */
async function asJpegOrPng(bytes: Uint8Array): Promise<Uint8Array> {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
  if ((jpeg || png) && bytes.length <= IMAGE_MAX_BYTES) return bytes
  return sharp(bytes, { limitInputPixels: 40_000_000 })
    .rotate()
    .resize(2048, 2048, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer()
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    const abort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
