import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startFakeMediaConvert } from '../support/fake-mediaconvert.ts'
import { startFakeS3 } from '../support/fake-s3.ts'
import { makeClip, uploadBytes } from '../support/media.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * The pipeline as configured for AWS: storage in S3 and the ladder by MediaConvert, each the
 * official SDK against a local fake that checks signatures (and, for MediaConvert, the job). The
 * fake MediaConvert "writes" its files (manifests, playlists, CMAF segments) into the fake bucket
 * when the job completes.
 */
const credentials = { accessKeyId: 'AKIDPIPELINETEST', secretAccessKey: 'pipeline-secret-key-for-tests' }
const region = 'eu-west-1'
const s3 = startFakeS3({ ...credentials, region })
const mediaConvert = startFakeMediaConvert({
  ...credentials,
  region,
  pollsToComplete: 1,
  write: (uri, body, contentType) => {
    s3.objects.set(uri.replace(/^s3:\/\//, ''), { body, contentType })
  },
})
const dir = mkdtempSync(join(tmpdir(), 'sf-mcpipe-'))
let node: TestNode
let owner: Account

beforeAll(async () => {
  node = await startTestNode('mcpipe', {
    env: {
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'media',
      S3_REGION: region,
      S3_ENDPOINT: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      VIDEO_ENCODER: 'mediaconvert',
      MEDIACONVERT_REGION: region,
      MEDIACONVERT_ENDPOINT: mediaConvert.url,
      MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/socialflow-mediaconvert',
    },
  })
  owner = await register(node)
})
afterAll(async () => {
  await node.stop()
  s3.stop()
  mediaConvert.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('upload → MediaConvert job on the original in S3 → ready; playback serves the manifests from S3', async () => {
  const bytes = await makeClip(join(dir, 'clip.mp4'), { seconds: 3, size: '1280x720' })
  const token = owner.tokens.accessToken
  const uploadId = await uploadBytes(node.url, token, bytes)
  const video = await call(node, 'POST', '/v1/videos', {
    token,
    body: { uploadId, title: 'in the cloud', visibility: 'public' },
  })
  expect(video.status).toBe(201)
  let done: Record<string, unknown> = {}
  await eventually(async () => {
    done = (await call(node, 'GET', `/v1/videos/${video.body.id}`, { token })).body
    return done.status === 'ready' || done.status === 'failed'
  }, 30_000)
  expect(done).toMatchObject({
    status: 'ready',
    renditions: ['240p', '360p', '480p', '720p'],
  })

  // MediaConvert was asked for the same ladder, reading the original the pipeline put in S3.
  const job = [...mediaConvert.jobs.values()].find((j) => j.request.userMetadata?.videoId === video.body.id)!
  expect(job.request.settings?.inputs?.[0]?.fileInput).toBe(`s3://media/videos/${video.body.id}/original`)
  expect(s3.objects.has(`media/videos/${video.body.id}/original`)).toBe(true)
  expect(mediaConvert.refused).toEqual([])
  expect(s3.refused).toEqual([])

  const playback = await call(node, 'GET', `/v1/videos/${video.body.id}/playback`)
  expect(playback.status).toBe(200)
  expect(playback.body.dash).toEndWith('/master.mpd')
  const master = await fetch(playback.body.hls.replace(/^https?:\/\/[^/]+/, node.url))
  expect(master.status).toBe(200)
  expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
  const masterText = await master.text()
  expect(masterText).toContain('#EXTM3U')

  // A rendition as a player reads it: its playlist, then its CMAF init and media segments, which
  // come as fragmented MP4 (video/mp4), in byte ranges read from S3 as ranges and streamed.
  const variant = masterText.split('\n').find((line) => line.endsWith('_720p.m3u8'))!
  const playlist = await (await fetch(new URL(variant, master.url))).text()
  const init = playlist.match(/#EXT-X-MAP:URI="([^"]+)"/)![1]!
  const segments = playlist.split('\n').filter((line) => line.endsWith('.cmfv'))
  expect(init).toEndWith('.cmfv')
  expect(segments.length).toBeGreaterThan(0)
  const initRes = await fetch(new URL(init, master.url))
  expect(initRes.headers.get('content-type')).toBe('video/mp4')
  expect(new TextDecoder().decode((await initRes.bytes()).subarray(4, 8))).toBe('ftyp')
  const segmentUrl = new URL(segments[0]!, master.url)
  const whole = await (await fetch(segmentUrl)).bytes()
  expect(new TextDecoder().decode(whole.subarray(4, 8))).toBe('styp')
  const before = s3.requests.length
  const part = await fetch(segmentUrl, { headers: { range: 'bytes=1000-1999' } })
  expect(part.status).toBe(206)
  expect(part.headers.get('content-type')).toBe('video/mp4')
  expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${whole.length}`)
  expect(part.headers.get('content-length')).toBe('1000')
  expect(await part.bytes()).toEqual(whole.subarray(1000, 2000))
  // (Of this segment only: the worker's own jobs, screening the video's frames, read it meanwhile.)
  const segmentKey = segments[0]!.split('/').pop()!
  const sent = s3.requests
    .slice(before)
    .filter((r) => r.operation === 'GetObject' && r.path.endsWith(`/${segmentKey}`))
  expect(
    sent.map((r) => r.headers.range),
    `GetObject since: ${JSON.stringify(s3.requests.slice(before).map((r) => [r.path, r.headers.range]))}`,
  ).toEqual(['bytes=1000-1999'])
  const tail = await fetch(segmentUrl, { headers: { range: 'bytes=-100' } })
  expect(tail.headers.get('content-range')).toBe(
    `bytes ${whole.length - 100}-${whole.length - 1}/${whole.length}`,
  )
  expect(await tail.bytes()).toEqual(whole.subarray(whole.length - 100))
  // Past the end: S3 says InvalidRange, the size comes from HeadObject, the player gets 416.
  const outside = await fetch(segmentUrl, { headers: { range: `bytes=${whole.length}-` } })
  expect(outside.status).toBe(416)
  expect(outside.headers.get('content-range')).toBe(`bytes */${whole.length}`)
  const head = await fetch(segmentUrl, { method: 'HEAD' })
  expect(head.headers.get('content-length')).toBe(String(whole.length))
  // The audio track's segments are CMAF audio.
  const audio = masterText.split('\n').find((line) => line.endsWith('_audio.m3u8'))!
  const audioPlaylist = await (await fetch(new URL(audio, master.url))).text()
  const audioSegment = audioPlaylist.split('\n').find((line) => line.endsWith('.cmfa'))!
  expect((await fetch(new URL(audioSegment, master.url))).headers.get('content-type')).toBe('audio/mp4')
  expect(s3.refused).toEqual([])
  // Thumbnails were made locally and stored in S3 beside the encoding.
  const thumb = await fetch(playback.body.thumbnails[0].url.replace(/^https?:\/\/[^/]+/, node.url))
  expect(thumb.headers.get('content-type')).toBe('image/jpeg')

  // Deleting the video removes everything under its prefix from the bucket.
  expect((await call(node, 'DELETE', `/v1/videos/${video.body.id}`, { token })).status).toBe(204)
  expect([...s3.objects.keys()].filter((k) => k.startsWith(`media/videos/${video.body.id}/`))).toEqual([])
}, 60_000)
