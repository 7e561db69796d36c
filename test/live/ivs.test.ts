import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseIvsEvent, webhookAuthorized } from '../../src/live/ivs/events.ts'
import { playlistFiles } from '../../src/live/ivs/recording.ts'
import { ConfigError, loadConfig } from '../../src/platform/config.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { type FakeIvs, type IvsEvent, startFakeIvs } from '../support/fake-ivs.ts'
import { type FakeS3, startFakeS3 } from '../support/fake-s3.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * LIVE_BACKEND=ivs: every call goes through the official IVS SDK to a local fake that checks the
 * signature and IVS's rules; what happens at IVS's ingest comes back as the EventBridge events the
 * fake builds, posted to the webhook as EventBridge's API destination would; recordings are read
 * from a fake S3 bucket laid out as IVS lays it out, and become videos through the pipeline.
 */
const credentials = { accessKeyId: 'AKIDIVSTEST', secretAccessKey: 'ivs-secret-key-for-tests' }
const region = 'eu-west-1'
const secret = 'ivs-webhook-secret-0123456789abcdef'
const recordingArn = 'arn:aws:ivs:eu-west-1:123456789012:recording-configuration/AbCdEf123456'
let ivs: FakeIvs
let s3: FakeS3
let node: TestNode
let owner: Account
let other: Account
const dir = mkdtempSync(join(tmpdir(), 'sf-ivs-'))
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  ivs = startFakeIvs({ ...credentials, region })
  s3 = startFakeS3({ ...credentials, region })
  node = await startTestNode('live_ivs', {
    env: {
      LIVE_BACKEND: 'ivs',
      IVS_REGION: region,
      IVS_ENDPOINT: ivs.url,
      IVS_RECORDING_CONFIGURATION_ARN: recordingArn,
      IVS_WEBHOOK_SECRET: secret,
      IVS_POLL_SECONDS: '1',
      LIVE_IDLE_END_SECONDS: '3',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'media',
      S3_REGION: region,
      S3_ENDPOINT: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
  })
  ;[owner, other] = await Promise.all([register(node), register(node)])
})

afterAll(async () => {
  await node?.stop()
  ivs?.stop()
  s3?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const deliver = (event: IvsEvent | Record<string, unknown>, auth = `Bearer ${secret}`) =>
  call(node, 'POST', '/v1/live/ivs/events', { body: event, headers: { authorization: auth } })

async function stream(id: string) {
  return (await call(node, 'GET', `/v1/live/streams/${id}`, { token: as(owner) })).body
}

async function createStream(body: Record<string, unknown> = {}) {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title: 'On IVS', visibility: 'public', latencyMode: 'low', ...body },
  })
  expect(res.status).toBe(201)
  return res.body
}

describe('streams on IVS', () => {
  test('a stream is an IVS channel: RTMPS ingest and IVS key, low latency, recording configuration', async () => {
    const created = await createStream()
    const create = ivs.requests.find(
      (r) => r.operation === 'CreateChannel' && r.body.name === `sf-${created.id}`,
    )
    expect(create?.body).toMatchObject({
      latencyMode: 'LOW',
      type: 'STANDARD',
      recordingConfigurationArn: recordingArn,
      tags: { 'socialflow:stream': created.id },
    })
    const channel = [...ivs.channels.values()].find((c) => c.name === `sf-${created.id}`)!
    const key = [...ivs.streamKeys.values()].find((k) => k.channelArn === channel.arn)!
    expect(created.ingest).toEqual({
      rtmpUrl: `rtmps://${channel.ingestEndpoint}:443/app/`,
      streamKey: key.value,
    })
    expect(created.state).toBe('idle')
    expect(ivs.refused).toEqual([])
  })

  test('the webhook takes only EventBridge with the secret, and bodies that are events', async () => {
    const created = await createStream()
    const arn = [...ivs.channels.values()].find((c) => c.name === `sf-${created.id}`)!.arn
    const event = ivs.stateChange(arn, 'Stream Start')
    expect((await deliver(event, '')).status).toBe(401)
    expect((await deliver(event, `Bearer ${secret.slice(1)}x`)).status).toBe(401)
    expect((await deliver(event, `Basic ${secret}`)).status).toBe(401)
    expect((await deliver({ ...event, resources: 'nope' })).status).toBe(422)
    expect((await deliver({ ...event, detail: null })).status).toBe(422)
    // Another channel's event, or another kind of event: acknowledged, nothing done.
    const foreign = { ...event, resources: ['arn:aws:ivs:eu-west-1:123456789012:channel/Unknown1'] }
    expect((await deliver(foreign)).body).toEqual({ outcome: 'ignored' })
    expect((await deliver({ ...event, 'detail-type': 'IVS Limit Breach' })).body).toEqual({
      outcome: 'ignored',
    })
    expect((await stream(created.id)).state).toBe('idle')
  })

  test('Stream Start → live, kept live by the monitor while IVS says so; Stream End → ended after the idle window', async () => {
    const created = await createStream()
    const channel = ivs.goLive(created.ingest.streamKey)!
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream Start'))).body).toEqual({ outcome: 'started' })
    expect((await stream(created.id)).state).toBe('live')
    // Longer than LIVE_IDLE_END_SECONDS: the monitor's GetStream polls count as media.
    await Bun.sleep(4500)
    expect((await stream(created.id)).state).toBe('live')
    expect(ivs.requests.some((r) => r.operation === 'GetStream' && r.body.channelArn === channel.arn)).toBe(
      true,
    )

    ivs.goOffline(channel.arn)
    expect((await deliver(ivs.stateChange(channel.arn, 'Stream End'))).body).toEqual({
      outcome: 'unpublished',
    })
    await eventually(async () => (await stream(created.id)).state === 'ended', 10_000)
    // An ended stream takes no pusher again: a new start is refused and the pusher cut.
    const again = ivs.goLive(created.ingest.streamKey)!
    expect((await deliver(ivs.stateChange(again.arn, 'Stream Start'))).body).toEqual({ outcome: 'refused' })
    expect(ivs.channels.get(again.arn)!.live).toBeUndefined()
  })

  test('a lost Stream End: the monitor sees the channel offline and the stream ends', async () => {
    const created = await createStream()
    const channel = ivs.goLive(created.ingest.streamKey)!
    await deliver(ivs.stateChange(channel.arn, 'Stream Start'))
    ivs.goOffline(channel.arn)
    await eventually(async () => (await stream(created.id)).state === 'ended', 12_000)
  })

  test('rotating the key: the old key is deleted at IVS, the pusher on it cut, the new key works', async () => {
    const created = await createStream()
    const channel = ivs.goLive(created.ingest.streamKey)!
    await deliver(ivs.stateChange(channel.arn, 'Stream Start'))
    const rotated = await call(node, 'POST', `/v1/live/streams/${created.id}/key`, { token: as(owner) })
    expect(rotated.status).toBe(200)
    expect(rotated.body.ingest.streamKey).not.toBe(created.ingest.streamKey)
    expect(channel.stops).toBeGreaterThanOrEqual(1)
    expect(ivs.channels.get(channel.arn)!.live).toBeUndefined()
    expect(ivs.goLive(created.ingest.streamKey)).toBeUndefined()
    expect(ivs.goLive(rotated.body.ingest.streamKey)?.arn).toBe(channel.arn)
    // Someone else's stream: not theirs to rotate.
    expect(
      (await call(node, 'POST', `/v1/live/streams/${created.id}/key`, { token: as(other) })).status,
    ).toBe(404)
  })

  test('deleting a stream removes its IVS channel', async () => {
    const created = await createStream()
    const arn = [...ivs.channels.values()].find((c) => c.name === `sf-${created.id}`)!.arn
    expect((await call(node, 'DELETE', `/v1/live/streams/${created.id}`, { token: as(owner) })).status).toBe(
      204,
    )
    await eventually(async () => !ivs.channels.has(arn))
  })
})

/** A recording as IVS writes it: recording-ended.json and an HLS rendition of .ts segments. */
async function putRecording(bucket: string, keyPrefix: string): Promise<void> {
  const hls = join(dir, 'hls')
  const proc = Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-hide_banner', '-v', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=4'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=4'],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-g',
        '25',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-shortest',
      ],
      ...['-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', '-hls_segment_filename', join(hls, '%d.ts')],
      join(hls, 'playlist.m3u8'),
    ],
    { stderr: 'pipe' },
  )
  await Bun.$`mkdir -p ${hls}`
  if ((await proc.exited) !== 0) throw new Error(await new Response(proc.stderr).text())
  const put = (key: string, body: Uint8Array) =>
    s3.objects.set(`${bucket}/${keyPrefix}/${key}`, { body, contentType: 'application/octet-stream' })
  for (const file of readdirSync(hls)) put(`media/hls/360p30/${file}`, readFileSync(join(hls, file)))
  const ended = {
    version: 'v1',
    recording_status: 'RECORDING_ENDED',
    media: {
      hls: {
        duration_ms: 4000,
        path: 'media/hls',
        playlist: 'master.m3u8',
        renditions: [
          { path: '160p30', playlist: 'playlist.m3u8', resolution_width: 284, resolution_height: 160 },
          { path: '360p30', playlist: 'playlist.m3u8', resolution_width: 640, resolution_height: 360 },
        ],
      },
    },
  }
  put('events/recording-ended.json', new TextEncoder().encode(JSON.stringify(ended)))
}

test('Recording End: the recording is read from S3 and becomes a ready video of the streamer', async () => {
  const created = await createStream({ title: 'Recorded on IVS' })
  const channel = ivs.goLive(created.ingest.streamKey)!
  await deliver(ivs.stateChange(channel.arn, 'Stream Start'))
  ivs.goOffline(channel.arn)
  await deliver(ivs.stateChange(channel.arn, 'Stream End'))
  const keyPrefix = `ivs/v1/123456789012/${channel.arn.split('/')[1]}/2026/12/7/4/0/AbCdEfGh`
  await putRecording('ivs-recordings', keyPrefix)
  const outcome = await deliver(
    ivs.recordingEnded(channel.arn, { bucket: 'ivs-recordings', keyPrefix, durationMs: 4000 }),
  )
  expect(outcome.body).toEqual({ outcome: 'recording' })
  let videoId: string | null = null
  await eventually(async () => {
    videoId = (await stream(created.id)).videoId
    return Boolean(videoId)
  }, 30_000)
  let video: Record<string, unknown> = {}
  await eventually(async () => {
    video = (await call(node, 'GET', `/v1/videos/${videoId}`, { token: as(owner) })).body
    return video.status === 'ready' || video.status === 'failed'
  }, 60_000)
  expect(video).toMatchObject({ status: 'ready', title: 'Recorded on IVS' })
  expect(Number(video.durationMs)).toBeGreaterThan(3000)
})

describe('IVS pieces on their own', () => {
  test('LIVE_BACKEND=ivs needs a webhook secret, and recording needs S3', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env)
        return []
      } catch (error) {
        if (error instanceof ConfigError) return [...error.problems]
        throw error
      }
    }
    expect(problems({ LIVE_BACKEND: 'ivs' })).toContainEqual(expect.stringContaining('IVS_WEBHOOK_SECRET'))
    expect(problems({ LIVE_BACKEND: 'ivs', IVS_WEBHOOK_SECRET: 'short' })).toContainEqual(
      expect.stringContaining('IVS_WEBHOOK_SECRET'),
    )
    expect(
      problems({
        LIVE_BACKEND: 'ivs',
        IVS_WEBHOOK_SECRET: secret,
        IVS_RECORDING_CONFIGURATION_ARN: recordingArn,
      }),
    ).toContainEqual(expect.stringContaining('STORAGE_DRIVER=s3'))
    expect(
      problems({ LIVE_BACKEND: 'ivs', IVS_WEBHOOK_SECRET: secret, IVS_CHANNEL_TYPE: 'HUGE' }),
    ).toContainEqual(expect.stringContaining('IVS_CHANNEL_TYPE'))
    expect(problems({ LIVE_BACKEND: 'ivs', IVS_WEBHOOK_SECRET: secret })).toEqual([])
  })

  test('a recording playlist naming files outside the recording is refused', () => {
    expect(playlistFiles('#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2,\n0.mp4\n1.mp4\n')).toEqual([
      'init.mp4',
      '0.mp4',
      '1.mp4',
    ])
    expect(() => playlistFiles('#EXTM3U\n../../other/0.ts\n')).toThrow('outside the recording')
    expect(() => playlistFiles('#EXTM3U\nhttps://evil.example/0.ts\n')).toThrow('outside the recording')
  })

  test('only IVS events about a channel are acted on', () => {
    const base = {
      source: 'aws.ivs',
      resources: ['arn:aws:ivs:eu-west-1:123456789012:channel/Ab1'],
      time: 't',
    }
    expect(
      parseIvsEvent({
        ...base,
        'detail-type': 'IVS Stream State Change',
        detail: { event_name: 'Stream Start' },
      }),
    ).toMatchObject({ kind: 'started', channelArn: base.resources[0] })
    expect(
      parseIvsEvent({
        ...base,
        source: 'aws.s3',
        'detail-type': 'IVS Stream State Change',
        detail: { event_name: 'Stream Start' },
      }),
    ).toBeUndefined()
    expect(
      parseIvsEvent({
        ...base,
        'detail-type': 'IVS Recording State Change',
        detail: { recording_status: 'Recording Start' },
      }),
    ).toBeUndefined()
    // A recording's start says where it goes (the thumbnails moderation screens are under it).
    expect(
      parseIvsEvent({
        ...base,
        'detail-type': 'IVS Recording State Change',
        detail: {
          recording_status: 'Recording Start',
          recording_s3_bucket_name: 'rec',
          recording_s3_key_prefix: 'ivs/v1/123456789012/AbC/2026/12/7/16/40/xyz/',
        },
      }),
    ).toMatchObject({
      kind: 'recordingStarted',
      bucket: 'rec',
      keyPrefix: 'ivs/v1/123456789012/AbC/2026/12/7/16/40/xyz',
    })
    expect(webhookAuthorized(`bearer ${secret}`, secret)).toBe(true)
    expect(webhookAuthorized(`Bearer ${secret}`, '')).toBe(false)
  })
})
