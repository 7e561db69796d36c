import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DetectToxicContentCommand, type DetectToxicContentCommandInput } from '@aws-sdk/client-comprehend'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { Label } from '../../src/moderation/screener.ts'
import {
  COMPREHEND_SOURCE,
  comprehendClient,
  comprehendScreener,
  labelsOfRekognition,
  RekognitionScreener,
  rekognitionClient,
  segmentsOf,
} from '../../src/moderation/screening/aws.ts'
import { byLanguage } from '../../src/moderation/screening/languages.ts'
import { WORDS_SOURCE, wordListScreener } from '../../src/moderation/screening/words.ts'
import { ConfigError, loadConfig } from '../../src/platform/config.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import {
  type FakeAwsModeration,
  type FakeModerationLabel,
  startFakeAwsModeration,
} from '../support/fake-aws-moderation.ts'
import { type FakeS3, startFakeS3 } from '../support/fake-s3.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

/**
 * MODERATION_PROVIDER=aws: text through Comprehend, images and videos through Rekognition, each
 * called with the official SDK against local fakes that check the signature and the services'
 * rules and answer what the test's classifiers say: a red picture is explicit nudity, "idiot" an
 * insult, the uploaded clip has explicit nudity at 1 s and 2 s.
 */
const credentials = { accessKeyId: 'AKIDMODERATIONTEST', secretAccessKey: 'moderation-secret-for-tests' }
const region = 'eu-central-1'
const scratch = mkdtempSync(join(tmpdir(), 'sf-moderation-aws-'))
let aws: FakeAwsModeration
let s3: FakeS3
let node: TestNode
let admin: Account
let moderator: Account
const as = (a: Account) => a.tokens.accessToken

const NUDITY: FakeModerationLabel[] = [
  { Name: 'Explicit', Confidence: 97.5, TaxonomyLevel: 1 },
  { Name: 'Explicit Nudity', ParentName: 'Explicit', Confidence: 97.5, TaxonomyLevel: 2 },
  { Name: 'Exposed Female Nipple', ParentName: 'Explicit Nudity', Confidence: 96.1, TaxonomyLevel: 3 },
]

/** The test's "model": a mostly red picture is explicit nudity. */
async function classifyImage(bytes: Uint8Array): Promise<FakeModerationLabel[]> {
  const { channels } = await sharp(bytes).stats()
  const [r, g] = channels.map((c) => c.mean) as [number, number]
  return r > 150 && g < 100 ? NUDITY : []
}

function classifyText(text: string) {
  const insult = /idiot/i.test(text)
  const threat = /\bkill\b/i.test(text)
  return {
    Labels: [
      { Name: 'INSULT', Score: insult ? 0.93 : 0.02 },
      { Name: 'VIOLENCE_OR_THREAT', Score: threat ? 0.81 : 0.01 },
      { Name: 'PROFANITY', Score: 0.03 },
    ],
    Toxicity: insult || threat ? 0.9 : 0.04,
  }
}

/** The test's language detector: a few German and French words, else English. */
function detectLanguage(text: string) {
  if (/\b(du|bist|ein|und|nicht|dich)\b/i.test(text)) return [{ LanguageCode: 'de', Score: 0.97 }]
  if (/\b(tu|es|le|la|et|pas)\b/i.test(text)) return [{ LanguageCode: 'fr-CA', Score: 0.95 }]
  return [{ LanguageCode: 'en', Score: 0.99 }]
}

const picture = (rgb: [number, number, number]) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })

beforeAll(async () => {
  s3 = startFakeS3({ ...credentials, region })
  aws = startFakeAwsModeration({
    ...credentials,
    region,
    // Detections come two a page: the screener must follow NextToken.
    pageSize: 2,
    classifyImage,
    classifyText,
    detectLanguage,
    classifyVideo: (bucket, key) => {
      // Rekognition reads the video from the bucket: it must be there.
      if (!s3.objects.has(`${bucket}/${key}`)) throw new Error(`no object ${bucket}/${key}`)
      // The third, on the second page, is the strongest.
      return [1000, 2000, 2500].map((at) => ({
        at,
        label: at === 2500 ? { ...NUDITY[2]!, Confidence: 99 } : NUDITY[1]!,
      }))
    },
  })
  node = await startSocialNode('moderation_aws', {
    MODERATION_PROVIDER: 'aws',
    MODERATION_AWS_REGION: region,
    MODERATION_REKOGNITION_ENDPOINT: aws.rekognitionUrl,
    MODERATION_COMPREHEND_ENDPOINT: aws.comprehendUrl,
    MODERATION_AWS_POLL_SECONDS: '1',
    LIVE_RTMP_PORT: '0',
    STORAGE_DRIVER: 's3',
    S3_BUCKET: 'media',
    S3_REGION: region,
    S3_ENDPOINT: s3.url,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  })
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
})

afterAll(async () => {
  await node?.stop()
  aws?.stop()
  s3?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function setPolicies(rules: unknown[]) {
  const res = await call(node, 'PUT', '/v1/admin/moderation/policies', { token: as(admin), body: { rules } })
  expect(res.status).toBe(200)
}

const labelsOf = async (subject: string): Promise<Label[]> => {
  const res = await call(node, 'GET', `/v1/moderation/labels?subject=${subject}`, { token: as(moderator) })
  expect(res.status).toBe(200)
  return res.body.items
}

describe('the AWS screeners, through the SDKs, against the fakes', () => {
  const rekognition = () =>
    new RekognitionScreener(rekognitionClient({ region, endpoint: aws.rekognitionUrl, credentials }), 20)
  const comprehend = () =>
    comprehendScreener(comprehendClient({ region, endpoint: aws.comprehendUrl, credentials }))

  test('Rekognition DetectModerationLabels: JPEG bytes sent as they are, WebP converted; labels mapped', async () => {
    const screener = rekognition()
    const red = await picture([230, 40, 40]).jpeg().toBuffer()
    const before = aws.requests.length
    expect(await screener.screenImage(new Uint8Array(red))).toEqual([
      { value: 'nudity', score: 0.975, source: 'aws-rekognition@7.0' },
    ])
    const sent = aws.requests.slice(before)
    expect(sent.map((r) => r.operation)).toEqual(['DetectModerationLabels'])
    expect(sent[0]!.body.MinConfidence).toBe(50)
    expect(Buffer.from((sent[0]!.body.Image as { Bytes: string }).Bytes, 'base64').equals(red)).toBe(true)
    // Rekognition reads no WebP: the rendition goes as a JPEG.
    const webp = await picture([20, 160, 60]).webp().toBuffer()
    expect(await screener.screenImage(new Uint8Array(webp))).toEqual([])
    const bytes = Buffer.from((aws.requests.at(-1)!.body.Image as { Bytes: string }).Bytes, 'base64')
    expect((await sharp(bytes).metadata()).format).toBe('jpeg')
  })

  test('the taxonomy: children take their parents’ value, unknown lines keep their top name', () => {
    expect(
      labelsOfRekognition(
        [
          { Name: 'Visually Disturbing', Confidence: 80 },
          { Name: 'Crashes', ParentName: 'Visually Disturbing', Confidence: 88 },
          { Name: 'Hate Symbols', Confidence: 70 },
          { Name: 'Nazi Party', ParentName: 'Hate Symbols', Confidence: 90 },
          { Name: 'Brand New Category', Confidence: 65 },
          { Name: 'Leaf', ParentName: 'Brand New Category', Confidence: 75 },
          { Name: 'Violence', Confidence: 40 },
        ],
        'src',
      ).sort((a, b) => a.value.localeCompare(b.value)),
    ).toEqual([
      { value: 'brand-new-category', score: 0.75, source: 'src' },
      { value: 'gore', score: 0.88, source: 'src' },
      { value: 'hate', score: 0.9, source: 'src' },
    ])
  })

  test('Comprehend DetectToxicContent: English, segments of at most 1 KB, 10 per request; best score per label', async () => {
    const screener = comprehend()
    expect(await screener.screenText('you idiot, I will kill you', ctx())).toEqual([
      { value: 'toxic', score: 0.9, source: COMPREHEND_SOURCE },
      { value: 'harassment', score: 0.93, source: COMPREHEND_SOURCE },
      { value: 'violence', score: 0.81, source: COMPREHEND_SOURCE },
    ])
    expect(await screener.screenText('a lovely day at the beach', ctx())).toEqual([])
    // 12 KB of text: 13 segments of at most 1,000 bytes (multi-byte characters whole), two requests.
    const long = `${'ünïcödé wörds '.repeat(800)} idiot`
    const segments = segmentsOf(long)
    for (const s of segments) expect(new TextEncoder().encode(s).length).toBeLessThanOrEqual(1000)
    expect(segments.join(' ').replace(/\s+/g, ' ')).toBe(long.replace(/\s+/g, ' ').trim())
    const before = aws.requests.length
    const found = await screener.screenText(long, ctx())
    expect(found.find((l) => l.value === 'harassment')?.score).toBe(0.93)
    const sent = aws.requests.slice(before)
    expect(sent.map((r) => (r.body.TextSegments as unknown[]).length)).toEqual([10, segments.length - 10])
    for (const r of sent) expect(r.body.LanguageCode).toBe('en')
    expect(aws.refused).toEqual([])
  })

  test('Comprehend with several texts: their segments share requests (10 each), each result back to its text', async () => {
    const screener = comprehend()
    // 22 chat lines and one long text of three segments (the 11th item): 25 segments, three requests.
    const lines = Array.from({ length: 22 }, (_, i) =>
      i === 4 || i === 17 ? `line ${i} idiot` : `line ${i} hi`,
    )
    const long = `${'é'.repeat(1400)} kill`
    const texts = [...lines.slice(0, 10), long, ...lines.slice(10)]
    expect(segmentsOf(long).length).toBe(3)
    const before = aws.requests.length
    const found = await screener.screenTexts!(texts.map((text) => ({ text, ctx: ctx() })))
    const sent = aws.requests.slice(before)
    expect(sent.map((r) => r.operation)).toEqual(Array(3).fill('DetectToxicContent'))
    const segments = sent.flatMap((r) => (r.body.TextSegments as { Text: string }[]).map((t) => t.Text))
    expect(sent.map((r) => (r.body.TextSegments as unknown[]).length)).toEqual([10, 10, 5])
    // Every segment sent once, in the texts' order.
    expect(segments).toEqual(texts.flatMap((t) => segmentsOf(t)))
    expect(found.length).toBe(texts.length)
    const valuesOf = (i: number) => found[i]!.map((l) => l.value).sort()
    expect(valuesOf(4)).toEqual(['harassment', 'toxic'])
    expect(valuesOf(18)).toEqual(['harassment', 'toxic'])
    expect(valuesOf(10)).toEqual(['toxic', 'violence'])
    for (const i of texts.keys()) if (![4, 10, 18].includes(i)) expect(found[i]).toEqual([])
    expect(aws.refused).toEqual([])
  })

  test('other languages than English: detected through Comprehend, screened locally, never sent to DetectToxicContent', async () => {
    const client = comprehendClient({ region, endpoint: aws.comprehendUrl, credentials })
    // The local side as the node has it (the word list), recording the language it was told.
    const told: (string | null)[] = []
    const words = wordListScreener()
    const screener = byLanguage(client, {
      english: comprehendScreener(client),
      others: {
        async screenText(text, c) {
          told.push(c.language)
          return words.screenText(text, c)
        },
      },
    })
    const sentSince = (at: number) => aws.requests.slice(at)
    const toxicTexts = (at: number) =>
      sentSince(at)
        .filter((r) => r.operation === 'DetectToxicContent')
        .flatMap((r) => (r.body.TextSegments as { Text: string }[]).map((t) => t.Text))

    // One text: DetectDominantLanguage; German, which the fake Comprehend would take for an insult
    // and a threat ("Idiot", "kill"), goes to the word list only.
    let at = aws.requests.length
    const german = 'Du bist ein Idiot, ich kill dich nicht'
    expect(await screener.screenText(german, ctx())).toEqual([])
    expect(sentSince(at).map((r) => [r.operation, r.body])).toEqual([
      ['DetectDominantLanguage', { Text: german }],
    ])
    expect(told).toEqual(['de'])

    // Several texts: one BatchDetectDominantLanguage; only the English one reaches DetectToxicContent.
    at = aws.requests.length
    const texts = ['you idiot, I will kill you', german, 'tu es un fucking idiot', '']
    const found = await screener.screenTexts!(texts.map((text) => ({ text, ctx: ctx() })))
    const batch = sentSince(at).filter((r) => r.operation === 'BatchDetectDominantLanguage')
    expect(batch.map((r) => r.body.TextList)).toEqual([texts.slice(0, 3)])
    expect(toxicTexts(at)).toEqual(['you idiot, I will kill you'])
    expect(found[0]!.map((l) => l.value).sort()).toEqual(['harassment', 'toxic', 'violence'])
    expect(found[1]).toEqual([])
    // French: the local word list finds the English insult in it; the language goes along (fr-CA: fr).
    expect(found[2]).toEqual([{ value: 'harassment', score: 0.5, source: WORDS_SOURCE }])
    expect(found[3]).toEqual([])
    expect(told.slice(1)).toEqual(['de', 'fr', 'en'])
    expect(aws.refused).toEqual([])
  })

  test('the fake refuses what Comprehend refuses: 11 segments, a segment over 1 KB, another language', async () => {
    const client = comprehendClient({ region, endpoint: aws.comprehendUrl, credentials })
    const send = (input: { LanguageCode: string; TextSegments: { Text: string }[] }) =>
      client.send(new DetectToxicContentCommand(input as DetectToxicContentCommandInput)).then(
        () => 'accepted',
        (e: Error) => e.name,
      )
    const refusedBefore = aws.refused.length
    const segment = { Text: 'a'.repeat(1024) }
    expect(await send({ LanguageCode: 'en', TextSegments: Array(11).fill({ Text: 'hi' }) })).toBe(
      'InvalidParameterException',
    )
    expect(await send({ LanguageCode: 'en', TextSegments: Array(10).fill(segment) })).toBe('accepted')
    // 1 KB of UTF-8, not of characters: 513 two-byte characters are one byte too many.
    expect(await send({ LanguageCode: 'en', TextSegments: [{ Text: 'é'.repeat(512) }] })).toBe('accepted')
    expect(await send({ LanguageCode: 'en', TextSegments: [{ Text: 'é'.repeat(513) }] })).toBe(
      'TextSizeLimitExceededException',
    )
    expect(await send({ LanguageCode: 'fr', TextSegments: [{ Text: 'salut' }] })).toBe(
      'InvalidParameterException',
    )
    expect(aws.refused.length - refusedBefore).toBe(3)
  })

  test('Rekognition Video: one job per token, asked until it succeeds, every page read; a failed job says why', async () => {
    s3.objects.set('media/videos/x/original', { body: new Uint8Array([1]), contentType: 'video/mp4' })
    const screener = rekognition()
    const video = { bucket: 'media', key: 'videos/x/original' }
    const answer = await screener.screenVideo(video, { token: 'job-1' })
    expect(answer).toEqual({ labels: [{ value: 'nudity', score: 0.99, source: 'aws-rekognition@7.0' }] })
    // The same token finds the same job (a screening run again after its worker stopped).
    const again = await screener.screenVideo(video, { token: 'job-1' })
    expect(again).toEqual(answer)
    // Three detections, two a page: two pages read once the job succeeded.
    const gets = aws.requests.filter((r) => r.operation === 'GetContentModeration')
    expect(gets.filter((r) => r.body.NextToken !== undefined).length).toBe(2)
    const starts = aws.requests.filter((r) => r.operation === 'StartContentModeration')
    expect(new Set(starts.map((r) => r.body.ClientRequestToken)).size).toBe(1)
    expect(starts[0]!.body.Video).toEqual({ S3Object: { Bucket: 'media', Name: 'videos/x/original' } })
    expect(aws.videoJobs.size).toBe(1)
    aws.failNextVideo('Unsupported codec/format.')
    expect(await screener.screenVideo(video, { token: 'job-2' })).toEqual({
      failed: 'Unsupported codec/format.',
    })
  })

  test('a wrong secret is refused by the fake as AWS would, and the screening fails (the job retries)', async () => {
    const wrong = comprehendScreener(
      comprehendClient({
        region,
        endpoint: aws.comprehendUrl,
        credentials: { ...credentials, secretAccessKey: 'not-the-secret' },
      }),
    )
    const error = await wrong.screenText('hello', ctx()).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.name).toBe('InvalidSignatureException')
  })
})

describe('MODERATION_PROVIDER=aws on a node', () => {
  test('a post is screened by Comprehend: the insult held by the policy, a clean post left alone', async () => {
    await setPolicies([{ label: 'harassment', minScore: 0.9, outcome: 'hold' }])
    const [author, other] = [await register(node), await register(node)]
    const held = await writePost(node, author, { text: 'what an idiot you are' })
    const fine = await writePost(node, author, { text: 'what a day' })
    await eventually(
      async () => (await call(node, 'GET', `/v1/posts/${held}`, { token: as(other) })).status === 404,
    )
    expect((await call(node, 'GET', `/v1/posts/${held}`, { token: as(author) })).status).toBe(200)
    expect((await labelsOf(`post:${held}`)).map((l) => [l.value, l.source]).sort()).toEqual([
      ['harassment', COMPREHEND_SOURCE],
      ['toxic', COMPREHEND_SOURCE],
    ])
    await eventually(async () =>
      aws.requests.some(
        (r) => JSON.stringify(r.body.TextSegments) === JSON.stringify([{ Text: 'what a day' }]),
      ),
    )
    expect((await call(node, 'GET', `/v1/posts/${fine}`, { token: as(other) })).status).toBe(200)
    expect(await labelsOf(`post:${fine}`)).toEqual([])
  }, 30_000)

  test('a post in German is not sent to DetectToxicContent: its language detected, its German terms screen it', async () => {
    await setPolicies([{ label: 'harassment', minScore: 0.9, outcome: 'hold' }])
    const term = await call(node, 'POST', '/v1/admin/moderation/terms', {
      token: as(admin),
      body: { pattern: 'vollidiot', regex: true, severity: 3, label: 'harassment', language: 'de' },
    })
    expect(term.status).toBe(201)
    const refusedBefore = aws.refused.length
    const [author, other] = [await register(node), await register(node)]
    // What the fake Comprehend would take for a threat, were it read as English.
    const calm = 'Du bist ein Schatz, ich kill dich nicht'
    const rude = 'Du bist ein Vollidiot'
    const fine = await writePost(node, author, { text: calm })
    const held = await writePost(node, author, { text: rude })
    await eventually(
      async () => (await call(node, 'GET', `/v1/posts/${held}`, { token: as(other) })).status === 404,
    )
    expect((await labelsOf(`post:${held}`)).map((l) => [l.value, l.source])).toEqual([
      ['harassment', 'terms'],
    ])
    await eventually(async () =>
      aws.requests.some((r) => r.operation === 'DetectDominantLanguage' && r.body.Text === calm),
    )
    await eventually(async () => {
      const job = await node.ctx.db
        .selectFrom('jobs')
        .select('state')
        .where('kind', '=', 'moderation.screen')
        .where(sql<boolean>`payload->'subject'->>'id' = ${fine}`)
        .executeTakeFirst()
      return job?.state === 'succeeded'
    })
    expect(await labelsOf(`post:${fine}`)).toEqual([])
    expect((await call(node, 'GET', `/v1/posts/${fine}`, { token: as(other) })).status).toBe(200)
    const toxic = aws.requests
      .filter((r) => r.operation === 'DetectToxicContent')
      .flatMap((r) => (r.body.TextSegments as { Text: string }[]).map((t) => t.Text))
    expect(toxic).not.toContain(calm)
    expect(toxic).not.toContain(rude)
    expect(aws.refused.length).toBe(refusedBefore)
  }, 30_000)

  test('an image is screened by Rekognition (its WebP rendition sent as JPEG) and held', async () => {
    await setPolicies([{ label: 'nudity', minScore: 0.9, outcome: 'hold' }])
    const [owner, other] = [await register(node), await register(node)]
    const form = new FormData()
    form.append('file', new File([await picture([235, 30, 50]).png().toBuffer()], 'p.png'))
    const res = await node.request('/v1/media', {
      method: 'POST',
      headers: { authorization: `Bearer ${as(owner)}` },
      body: form,
    })
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const file = (viewer: Account) =>
      node.request(`/v1/media/${id}/small`, { headers: { authorization: `Bearer ${as(viewer)}` } })
    await eventually(async () => (await file(other)).status === 404, 20_000)
    expect((await file(owner)).status).toBe(200)
    expect(await labelsOf(`image:${id}`)).toMatchObject([
      { value: 'nudity', score: 0.975, source: 'aws-rekognition@7.0' },
    ])
  }, 30_000)

  test('a video is screened whole by Rekognition Video from the bucket, and held', async () => {
    await setPolicies([{ label: 'nudity', minScore: 0.9, outcome: 'hold' }])
    const [owner, other] = [await register(node), await register(node)]
    const clip = await makeClip(join(scratch, 'clip.mp4'), { seconds: 3 })
    const imagesBefore = aws.requests.filter((r) => r.operation === 'DetectModerationLabels').length
    const video = await uploadVideo(node, owner, clip, {
      title: 'holiday',
      description: 'the idiot on the beach',
    })
    expect((await whenProcessed(node, owner, video.id)).status).toBe('ready')
    await eventually(
      async () => (await labelsOf(`video:${video.id}`)).some((l) => l.value === 'nudity'),
      60_000,
    )
    const start = aws.requests.find(
      (r) =>
        r.operation === 'StartContentModeration' &&
        (r.body.Video as { S3Object: { Name: string } }).S3Object.Name === `videos/${video.id}/original`,
    )
    expect(start?.body.Video).toEqual({ S3Object: { Bucket: 'media', Name: `videos/${video.id}/original` } })
    expect((await labelsOf(`video:${video.id}`)).map((l) => l.value).sort()).toEqual([
      'harassment',
      'nudity',
      'toxic',
    ])
    // Screened whole: no frames were sent as images.
    expect(aws.requests.filter((r) => r.operation === 'DetectModerationLabels').length).toBe(imagesBefore)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(other) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(owner) })).status).toBe(200)
  }, 120_000)

  test("a stream's chat lines go to Comprehend together: one request for a batch, the insult taken down", async () => {
    await setPolicies([{ label: 'harassment', minScore: 0.9, outcome: 'remove' }])
    const [owner, viewer] = [await register(node), await register(node)]
    const stream = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'chat at AWS', visibility: 'public' },
    })
    expect(stream.status).toBe(201)
    const id = stream.body.id as string
    expect((await node.ctx.services.live.signals.started(id, crypto.randomUUID())).accepted).toBe(true)
    const tag = crypto.randomUUID().slice(0, 8)
    const texts = ['hello', 'nice', 'you idiot', 'gg', 'wow', 'hi', 'lol', 'cool'].map((t) => `${tag} ${t}`)
    const sent = await Promise.all(
      texts.map((text) =>
        call(node, 'POST', `/v1/live/streams/${id}/chat`, {
          token: as(viewer),
          body: { text, clientId: crypto.randomUUID() },
        }),
      ),
    )
    for (const r of sent) expect(r.status).toBe(201)
    const replay = async () =>
      (await call(node, 'GET', `/v1/live/streams/${id}/chat`, { token: as(viewer) })).body.items.map(
        (m: { text: string }) => m.text,
      ) as string[]
    await eventually(async () => !(await replay()).includes(`${tag} you idiot`), 20_000)
    expect((await replay()).sort()).toEqual(texts.filter((t) => !t.includes('idiot')).sort())
    expect((await labelsOf(`message:${sent[2]!.body.message.id}`)).map((l) => l.value).sort()).toEqual([
      'harassment',
      'toxic',
    ])
    // Eight lines in one batch (two if they straddled its window): as many requests, each line a segment.
    const requests = aws.requests.filter((r) =>
      (r.body.TextSegments as { Text: string }[] | undefined)?.some((t) => t.Text.startsWith(tag)),
    )
    expect(requests.length).toBeGreaterThanOrEqual(1)
    expect(requests.length).toBeLessThanOrEqual(2)
    const segments = requests.flatMap((r) => (r.body.TextSegments as { Text: string }[]).map((t) => t.Text))
    expect(segments.sort()).toEqual([...texts].sort())
  }, 40_000)

  test('the provider is a setting read at boot: an unknown one is refused', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', MODERATION_PROVIDER: 'azure' })).toThrow(
      ConfigError,
    )
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', MODERATION_AWS_POLL_SECONDS: '0' })).toThrow(
      ConfigError,
    )
  })
})

function ctx() {
  return {
    subject: { kind: 'post' as const, id: crypto.randomUUID() },
    authorId: crypto.randomUUID(),
    language: 'en',
  }
}
