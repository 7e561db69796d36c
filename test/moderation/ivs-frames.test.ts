import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { CreateChannelCommand, CreateRecordingConfigurationCommand } from '@aws-sdk/client-ivs'
import sharp from 'sharp'
import { ivsClient } from '../../src/live/ivs/channels.ts'
import { IvsRecordingLocator } from '../../src/live/ivs/recording-location.ts'
import { IvsThumbnails } from '../../src/live/ivs/thumbnails.ts'
import { sampleJobId, sampleLiveStreams } from '../../src/moderation/screening/live-frames.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { s3ClientOf } from '../../src/platform/storage.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import {
  type FakeAwsModeration,
  type FakeModerationLabel,
  startFakeAwsModeration,
} from '../support/fake-aws-moderation.ts'
import { type FakeIvs, type IvsEvent, startFakeIvs } from '../support/fake-ivs.ts'
import { type FakeS3, startFakeS3 } from '../support/fake-s3.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * Live streams on IVS are screened by their frames too: the account's recording configuration
 * writes thumbnails of a live channel to S3 (the fake IVS writes them into the fake S3 as IVS lays
 * them out, under the prefix of its "Recording Start" event), and every
 * MODERATION_LIVE_FRAME_SECONDS a worker reads the newest through the S3 SDK and hands it to the
 * image screener (here Rekognition's fake: a mostly red picture is explicit nudity).
 */
const credentials = { accessKeyId: 'AKIDIVSFRAMES', secretAccessKey: 'ivs-frames-secret-for-tests' }
const region = 'eu-west-1'
const secret = 'ivs-frames-webhook-secret-0123456789'
let ivs: FakeIvs
let s3: FakeS3
let aws: FakeAwsModeration
let node: TestNode
let admin: Account
let moderator: Account
let owner: Account
let viewer: Account
const as = (a: Account) => a.tokens.accessToken
const arns: Record<'latest' | 'sequential' | 'disabled', string> = {
  latest: '',
  sequential: '',
  disabled: '',
}

const NUDITY: FakeModerationLabel[] = [
  { Name: 'Explicit', Confidence: 97.5, TaxonomyLevel: 1 },
  { Name: 'Explicit Nudity', ParentName: 'Explicit', Confidence: 97.5, TaxonomyLevel: 2 },
]
const picture = (r: number, g: number, b: number) =>
  sharp({ create: { width: 320, height: 180, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer()
    .then((b) => new Uint8Array(b))

const ivsSdk = () => ivsClient({ region, endpoint: ivs.url, credentials })

beforeAll(async () => {
  s3 = startFakeS3({ ...credentials, region, listPageSize: 5 })
  ivs = startFakeIvs({ ...credentials, region, s3 })
  aws = startFakeAwsModeration({
    ...credentials,
    region,
    classifyImage: async (bytes) => {
      const [r, g] = (await sharp(bytes).stats()).channels.map((c) => c.mean) as [number, number]
      return r > 150 && g < 100 ? NUDITY : []
    },
    classifyText: () => ({ Labels: [], Toxicity: 0.01 }),
  })
  const client = ivsSdk()
  const configure = async (name: string, thumbnailConfiguration: Record<string, unknown>) =>
    (
      await client.send(
        new CreateRecordingConfigurationCommand({
          name,
          destinationConfiguration: { s3: { bucketName: 'ivs-recordings' } },
          thumbnailConfiguration,
        }),
      )
    ).recordingConfiguration!.arn!
  arns.latest = await configure('latest', {
    recordingMode: 'INTERVAL',
    targetIntervalSeconds: 1,
    storage: ['LATEST'],
  })
  arns.sequential = await configure('sequential', { recordingMode: 'INTERVAL', targetIntervalSeconds: 5 })
  arns.disabled = await configure('disabled', { recordingMode: 'DISABLED' })
  node = await startSocialNode('moderation_ivs_frames', {
    LIVE_BACKEND: 'ivs',
    IVS_REGION: region,
    IVS_ENDPOINT: ivs.url,
    IVS_RECORDING_CONFIGURATION_ARN: arns.latest,
    IVS_WEBHOOK_SECRET: secret,
    IVS_POLL_SECONDS: '1',
    IVS_RECORDING_LOCATE_SECONDS: '2',
    LIVE_IDLE_END_SECONDS: '600',
    STORAGE_DRIVER: 's3',
    S3_BUCKET: 'media',
    S3_REGION: region,
    S3_ENDPOINT: s3.url,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    MODERATION_PROVIDER: 'aws',
    MODERATION_AWS_REGION: region,
    MODERATION_REKOGNITION_ENDPOINT: aws.rekognitionUrl,
    MODERATION_COMPREHEND_ENDPOINT: aws.comprehendUrl,
    MODERATION_LIVE_FRAME_SECONDS: '1',
  })
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
  ;[owner, viewer] = [await register(node), await register(node)]
}, 60_000)

afterAll(async () => {
  await node?.stop()
  ivs?.stop()
  s3?.stop()
  aws?.stop()
})

const deliver = (event: IvsEvent) =>
  call(node, 'POST', '/v1/live/ivs/events', { body: event, headers: { authorization: `Bearer ${secret}` } })
const streamFor = (id: string, who: Account) =>
  call(node, 'GET', `/v1/live/streams/${id}`, { token: as(who) })
/** The images Rekognition was sent, as bytes. */
const imagesSent = () =>
  aws.requests
    .filter((r) => r.operation === 'DetectModerationLabels')
    .map((r) => Buffer.from((r.body.Image as { Bytes: string }).Bytes, 'base64'))

describe('frames of live streams on IVS', () => {
  test('the newest thumbnail IVS records is screened while live; a red one holds the stream', async () => {
    const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: { rules: [{ label: 'nudity', minScore: 0.9, outcome: 'hold' }] },
    })
    expect(policies.status).toBe(200)
    const created = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'Garden tour', visibility: 'public' },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const channel = ivs.goLive(created.body.ingest.streamKey)!
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream Start'))).body).toEqual({ outcome: 'started' })
    // Before the recording starts nothing tells where its thumbnails go: the words alone.
    const titled = (r: FakeAwsModeration['requests'][number]) =>
      JSON.stringify(r.body.TextSegments ?? []).includes('Garden tour')
    await eventually(async () => aws.requests.some(titled), 20_000)
    expect(imagesSent()).toEqual([])
    expect((await deliver(ivs.recordingStarted(channel.arn))).body).toEqual({ outcome: 'located' })
    const green = await picture(30, 170, 60)
    ivs.captureThumbnail(channel.arn, green)
    await eventually(async () => imagesSent().some((b) => b.equals(green)), 20_000)
    expect((await streamFor(id, viewer)).status).toBe(200)
    // IVS overwrites the latest thumbnail with a red frame: the next sample holds the stream.
    const red = await picture(230, 40, 40)
    ivs.captureThumbnail(channel.arn, red)
    await eventually(async () => (await streamFor(id, viewer)).status === 404, 20_000)
    expect(imagesSent().some((b) => b.equals(red))).toBe(true)
    expect((await streamFor(id, owner)).status).toBe(200)
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=stream:${id}`, {
      token: as(moderator),
    })
    // The red frame's (a sample or two may have read it before the hold landed): nothing of the green.
    expect(
      new Set(labels.body.items.map((l: { value: string; source: string }) => `${l.value} ${l.source}`)),
    ).toEqual(new Set(['nudity aws-rekognition@7.0']))
    // Read as the configuration says: its settings from IVS, the LATEST key from the recording's bucket.
    expect(
      ivs.requests.some((r) => r.operation === 'GetRecordingConfiguration' && r.body.arn === arns.latest),
    ).toBe(true)
    const prefix = channel.recording!.prefix
    expect(
      s3.requests.some(
        (r) =>
          r.operation === 'GetObject' &&
          r.path === `/ivs-recordings/${prefix}/media/latest_thumbnail/thumb.jpg`,
      ),
    ).toBe(true)
    expect([ivs.refused, s3.refused, aws.refused]).toEqual([[], [], []])
  }, 60_000)

  test('a lost "Recording Start" event: the worker finds the recording in S3 and its frames are screened', async () => {
    await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: { rules: [{ label: 'nudity', minScore: 0.9, outcome: 'hold' }] },
    })
    const created = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'Night walk', visibility: 'public' },
    })
    const id = created.body.id as string
    const channel = ivs.goLive(created.body.ingest.streamKey)!
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream Start'))).body).toEqual({ outcome: 'started' })
    // IVS starts recording, but its event never reaches the webhook.
    ivs.recordingStarted(channel.arn)
    const red = await picture(230, 40, 40)
    ivs.captureThumbnail(channel.arn, red)
    const located = () =>
      node.ctx.db
        .selectFrom('liveStreams')
        .select(['ivsRecordingBucket', 'ivsRecordingPrefix'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    // Found by the worker once IVS_RECORDING_LOCATE_SECONDS passed, then screened: held.
    await eventually(async () => (await streamFor(id, viewer)).status === 404, 30_000)
    expect(await located()).toEqual({
      ivsRecordingBucket: 'ivs-recordings',
      ivsRecordingPrefix: channel.recording!.prefix,
    })
    expect(imagesSent().some((b) => b.equals(red))).toBe(true)
    expect((await streamFor(id, owner)).status).toBe(200)
    // Found through the SDKs: the channel's configuration, then S3's listing of IVS's layout.
    expect(ivs.requests.some((r) => r.operation === 'GetChannel' && r.body.arn === channel.arn)).toBe(true)
    expect(
      s3.requests.some((r) => r.operation === 'ListObjectsV2' && r.path.startsWith('/ivs-recordings')),
    ).toBe(true)
    expect([ivs.refused, s3.refused, aws.refused]).toEqual([[], [], []])
  }, 60_000)

  test('a pusher back after the reconnect window, the new recording\'s "Recording Start" lost too: the worker finds the newer one', async () => {
    await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: { rules: [{ label: 'nudity', minScore: 0.9, outcome: 'hold' }] },
    })
    const created = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'Late show', visibility: 'public' },
    })
    const id = created.body.id as string
    const key = created.body.ingest.streamKey as string
    const channel = ivs.goLive(key)!
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream Start'))).body).toEqual({ outcome: 'started' })
    expect((await deliver(ivs.recordingStarted(channel.arn))).body).toEqual({ outcome: 'located' })
    const first = channel.recording!.prefix
    const located = async () =>
      (
        await node.ctx.db
          .selectFrom('liveStreams')
          .select('ivsRecordingPrefix')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).ivsRecordingPrefix
    expect(await located()).toBe(first)
    ivs.captureThumbnail(channel.arn, await picture(30, 170, 60))
    // The worker's monitor polls this session twice (so it has checked it against the recording).
    const since = ivs.requests.length
    const polled = () =>
      ivs.requests
        .slice(since)
        .filter((r) => r.operation === 'GetStream' && r.body.channelArn === channel.arn).length
    await eventually(async () => polled() >= 2, 20_000)
    // The pusher drops past the reconnect window: IVS ends that recording (its event lost, as may
    // be), and the pusher's return is a new session with a new recording, whose event is lost too.
    ivs.goOffline(channel.arn)
    ivs.recordingEnded(channel.arn, { bucket: 'ivs-recordings', keyPrefix: first, durationMs: 3000 })
    await Bun.sleep(5)
    ivs.goLive(key)
    ivs.recordingStarted(channel.arn)
    const second = channel.recording!.prefix
    expect(second).not.toBe(first)
    const red = await picture(230, 40, 40)
    ivs.captureThumbnail(channel.arn, red)
    // Found once IVS_RECORDING_LOCATE_SECONDS passed since the new session began; its frames held it.
    await eventually(async () => (await located()) === second, 30_000)
    await eventually(async () => (await streamFor(id, viewer)).status === 404, 30_000)
    expect(imagesSent().some((b) => b.equals(red))).toBe(true)
    expect([ivs.refused, s3.refused, aws.refused]).toEqual([[], [], []])
  }, 90_000)

  test("the newest recording of a channel in IVS's S3 layout: numbers compared as numbers, over pages; a minute's by their start", async () => {
    const { channel } = await ivsSdk().send(
      new CreateChannelCommand({ name: 'layout', recordingConfigurationArn: arns.sequential }),
    )
    const arn = channel!.arn!
    const locator = new IvsRecordingLocator({ ivs: ivsSdk(), s3: s3ClientOf(node.ctx.storage)! })
    // Nothing recorded yet; a channel that records nowhere is not looked for in S3.
    expect(await locator.newest(arn)).toBeUndefined()
    const bare = await ivsSdk().send(new CreateChannelCommand({ name: 'bare' }))
    const listsBefore = s3.requests.filter((r) => r.operation === 'ListObjectsV2').length
    expect(await locator.newest(bare.channel!.arn!)).toBeUndefined()
    expect(s3.requests.filter((r) => r.operation === 'ListObjectsV2').length).toBe(listsBefore)
    const base = `ivs/v1/${arn.split(':')[4]}/${arn.split('/').pop()}`
    const started = (folder: string, at: string) =>
      s3.objects.set(`ivs-recordings/${base}/${folder}/events/recording-started.json`, {
        body: new TextEncoder().encode(
          JSON.stringify({ version: 'v1', recording_started_at: at, media: {} }),
        ),
        contentType: 'application/json',
      })
    // September sorts after October as text; seven minutes of one hour span two pages of five.
    started('2026/9/30/23/59/rSeptember', '2026-09-30T23:59:10Z')
    for (const minute of [1, 2, 3, 4, 5, 6, 10])
      started(`2026/10/1/7/${minute}/r${minute}`, `2026-10-01T07:${String(minute).padStart(2, '0')}:05Z`)
    expect(await locator.newest(arn)).toEqual({
      bucket: 'ivs-recordings',
      prefix: `${base}/2026/10/1/7/10/r10`,
    })
    // Two recordings begun in that minute (a push cut and back): the later by its start, whatever its id.
    started('2026/10/1/7/10/aLater', '2026-10-01T07:10:40Z')
    started('2026/10/1/7/10/zEarlier', '2026-10-01T07:10:01Z')
    expect(await locator.newest(arn)).toEqual({
      bucket: 'ivs-recordings',
      prefix: `${base}/2026/10/1/7/10/aLater`,
    })
    expect(s3.refused).toEqual([])
  })

  test('SEQUENTIAL thumbnails: the highest number is the newest, over pages; DISABLED: none, S3 not asked', async () => {
    const s3Client = s3ClientOf(node.ctx.storage)!
    const thumbnailsOf = (arn: string) =>
      new IvsThumbnails({ ivs: ivsSdk(), s3: s3Client, recordingConfigurationArn: arn })
    const recorded = async (arn: string) => {
      const { channel, streamKey } = await ivsSdk().send(
        new CreateChannelCommand({
          name: `seq-${crypto.randomUUID().slice(0, 8)}`,
          recordingConfigurationArn: arn,
        }),
      )
      ivs.goLive(streamKey!.value!)
      const started = ivs.recordingStarted(channel!.arn!)
      const where = {
        bucket: String(started.detail.recording_s3_bucket_name),
        prefix: String(started.detail.recording_s3_key_prefix),
      }
      return { arn: channel!.arn!, where }
    }
    const sequential = await recorded(arns.sequential)
    const thumbnails = thumbnailsOf(arns.sequential)
    // None written yet.
    expect(await thumbnails.latest(sequential.where)).toBeUndefined()
    const frames = await Promise.all(Array.from({ length: 12 }, (_, i) => picture(10 * i, 100, 200 - 10 * i)))
    for (const frame of frames) ivs.captureThumbnail(sequential.arn, frame)
    // thumb11 is the newest though "thumb9" sorts after it; 12 keys come 5 a page.
    const listsBefore = s3.requests.filter((r) => r.operation === 'ListObjectsV2').length
    expect(Buffer.from((await thumbnails.latest(sequential.where))!).equals(frames[11]!)).toBe(true)
    expect(s3.requests.filter((r) => r.operation === 'ListObjectsV2').length - listsBefore).toBe(3)
    expect(await thumbnails.thumbnailSettings()).toEqual({ storage: ['SEQUENTIAL'], intervalSeconds: 5 })

    // LATEST before IVS wrote its first thumbnail: S3 answers NoSuchKey, which is no frame yet.
    const fresh = await recorded(arns.latest)
    expect(await thumbnailsOf(arns.latest).latest(fresh.where)).toBeUndefined()
    expect(s3.requests.at(-1)).toMatchObject({
      operation: 'GetObject',
      path: `/ivs-recordings/${fresh.where.prefix}/media/latest_thumbnail/thumb.jpg`,
    })

    const disabled = await recorded(arns.disabled)
    ivs.captureThumbnail(disabled.arn, frames[0]!)
    const requestsBefore = s3.requests.length
    expect(await thumbnailsOf(arns.disabled).latest(disabled.where)).toBeUndefined()
    expect(s3.requests.length).toBe(requestsBefore)
    expect(
      [...s3.objects.keys()].some((k) => k.startsWith(`ivs-recordings/${disabled.where.prefix}/media/`)),
    ).toBe(false)
  })

  test('the fake IVS refuses recording configurations IVS refuses', async () => {
    const attempt = (thumbnailConfiguration: Record<string, unknown>, bucketName = 'ivs-recordings') =>
      ivsSdk()
        .send(
          new CreateRecordingConfigurationCommand({
            destinationConfiguration: { s3: { bucketName } },
            thumbnailConfiguration,
          }),
        )
        .then(
          () => 'created',
          (e: Error) => e.name,
        )
    expect(await attempt({ recordingMode: 'INTERVAL', targetIntervalSeconds: 0 })).toBe('ValidationException')
    expect(await attempt({ recordingMode: 'INTERVAL', targetIntervalSeconds: 61 })).toBe(
      'ValidationException',
    )
    expect(await attempt({ storage: ['NEWEST'] })).toBe('ValidationException')
    expect(await attempt({}, 'Not_A_Bucket')).toBe('ValidationException')
    expect(await attempt({ storage: ['LATEST', 'SEQUENTIAL'] })).toBe('created')
  })
  test("an IVS stream is sampled once per its thumbnails' interval, not more often than its frame changes", async () => {
    const created = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'Slow thumbnails', visibility: 'public' },
    })
    const id = created.body.id as string
    const channel = ivs.goLive(created.body.ingest.streamKey)!
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream Start'))).body).toEqual({ outcome: 'started' })
    const round = (ivsEveryMs: number | undefined) =>
      sampleLiveStreams({
        db: node.ctx.db,
        everyMs: 1000,
        ivsEveryMs: async () => ivsEveryMs,
        screen: async () => {},
        log: createLogger({ level: 'silent', nodeId: 'test' }),
      })()
    const periodsOf = async (ivsEveryMs: number | undefined, periodMs: number) => {
      const t0 = Date.now()
      const asked = await round(ivsEveryMs)
      const t1 = Date.now()
      const expected = new Set(
        [Math.floor(t0 / periodMs), Math.floor(t1 / periodMs)].map((p) => sampleJobId(id, p)),
      )
      return asked.some((job) => expected.has(job))
    }
    // Thumbnails every 60 s: one job id per minute; none known: the sampler's own second.
    expect(await periodsOf(60_000, 60_000)).toBe(true)
    expect(await periodsOf(undefined, 1000)).toBe(true)
    // Faster thumbnails than the sampler: the sampler's period.
    expect(await periodsOf(200, 1000)).toBe(true)
  })
})
