import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Subprocess } from 'bun'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import { whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * The local backend end to end: ffmpeg pushes RTMP to the worker's ingest (node-media-server),
 * the stream turns live, its HLS is stored segment by segment and plays by a signed URL (ffprobe
 * reads it); wrong and rotated keys are refused, a rotation cuts the pusher; when the pusher stops
 * the stream ends and its recording becomes a ready video of the streamer.
 */
let node: TestNode
let owner: Account
let viewer: Account
const pushers: Subprocess[] = []

const as = (a: Account) => a.tokens.accessToken
const rtmp = (key: string) => `rtmp://127.0.0.1:${node.ctx.services.live.ingest!.port}/live/${key}`
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, node.url)

/** A test pattern with sound pushed to the ingest, in real time, for `seconds`. */
function push(key: string, seconds: number) {
  const proc = pushTestPattern(rtmp(key), { seconds })
  pushers.push(proc)
  return proc
}

async function createStream(body: Record<string, unknown> = {}) {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title: 'Test pattern live', visibility: 'public', latencyMode: 'low', ...body },
  })
  expect(res.status).toBe(201)
  return res.body as { id: string; ingest: { rtmpUrl: string; streamKey: string } }
}

const stateOf = async (id: string) => (await call(node, 'GET', `/v1/live/streams/${id}`)).body.state

async function ffprobe(url: string): Promise<{ code: number; stdout: string }> {
  const proc = Bun.spawn(
    ['ffprobe', '-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', url],
    { stdout: 'pipe', stderr: 'ignore' },
  )
  const [code, stdout] = await Promise.all([proc.exited, new Response(proc.stdout).text()])
  return { code, stdout }
}

beforeAll(async () => {
  node = await startSocialNode('live_ingest', {
    LIVE_RTMP_PORT: '0',
    LIVE_IDLE_END_SECONDS: '3',
    VIDEO_FFMPEG_PRESET: 'ultrafast',
  })
  ;[owner, viewer] = await Promise.all([register(node), register(node)])
})

afterAll(async () => {
  for (const p of pushers) p.kill()
  await node?.stop()
})

describe('the RTMP ingest', () => {
  test('a push turns the stream live, its HLS plays by a signed URL, and when it stops the recording becomes a video', async () => {
    const stream = await createStream()
    expect(stream.ingest.rtmpUrl).toBe(`rtmp://localhost:${node.ctx.services.live.ingest!.port}/live`)
    const idle = await call(node, 'GET', `/v1/live/streams/${stream.id}/playback`)
    expect(idle.status).toBe(409)
    const pusher = push(stream.ingest.streamKey, 8)
    const wentLive = await eventually(async () => (await stateOf(stream.id)) === 'live', 5_000)
    expect(wentLive).toBeLessThan(5_000)

    const playback = await call(node, 'GET', `/v1/live/streams/${stream.id}/playback`, { token: as(viewer) })
    expect(playback.status).toBe(200)
    expect(playback.body).toMatchObject({ live: true, videoId: null })
    const hls = local(playback.body.hls)
    await eventually(async () => (await fetch(hls)).status === 200, 8_000)
    const playlist = await fetch(hls)
    expect(playlist.headers.get('cache-control')).toBe('no-cache')
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    const text = await playlist.text()
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME')
    expect(text).toContain('#EXT-X-INDEPENDENT-SEGMENTS')
    const segment = text.split('\n').find((l) => l.endsWith('.ts'))!
    const seg = await fetch(hls.replace('index.m3u8', segment))
    expect(seg.headers.get('content-type')).toBe('video/mp2t')
    expect(seg.headers.get('cache-control')).toContain('immutable')
    const probed = await ffprobe(hls)
    expect(probed.code).toBe(0)
    expect(probed.stdout).toContain('h264,640,360')
    expect(probed.stdout).toContain('aac')

    // Health from the ingest.
    await eventually(async () => {
      const s = (await call(node, 'GET', `/v1/live/streams/${stream.id}`)).body
      return s.health?.width === 640 && s.health?.videoCodec === 'h264'
    }, 6_000)
    const live = (await call(node, 'GET', `/v1/live/streams/${stream.id}`)).body
    expect(live.health).toMatchObject({ height: 360, audioCodec: 'aac', keyframeInterval: 1 })
    expect(live.health.bitrateKbps).toBeGreaterThan(0)

    // The pusher stops: LIVE_IDLE_END_SECONDS later the stream ends, and its recording is made.
    expect(await pusher.exited).toBe(0)
    await eventually(async () => (await stateOf(stream.id)) === 'ended', 10_000)
    let videoId: string | null = null
    await eventually(async () => {
      videoId = (await call(node, 'GET', `/v1/live/streams/${stream.id}`)).body.videoId
      return videoId !== null
    }, 60_000)
    const video = await whenProcessed(node, owner, videoId!)
    expect(video).toMatchObject({ status: 'ready', ownerId: owner.id, title: 'Test pattern live' })
    expect(Number(video.durationMs)).toBeGreaterThan(5_000)
    const recording = await call(node, 'GET', `/v1/live/streams/${stream.id}/playback`, { token: as(viewer) })
    expect(recording.status).toBe(200)
    expect(recording.body).toMatchObject({ live: false, videoId })
    expect((await ffprobe(local(recording.body.hls))).code).toBe(0)
    // The live files are gone; the old live URL opens nothing now.
    expect((await fetch(hls)).status).toBe(404)
  }, 120_000)

  test('a wrong key is refused before anything is stored; a rotated key is refused; a rotation cuts the pusher', async () => {
    const stream = await createStream({ record: false })
    const rotated = await call(node, 'POST', `/v1/live/streams/${stream.id}/key`, { token: as(owner) })
    expect(rotated.status).toBe(200)
    // At once (each refused push runs until ffmpeg notices): the current key with its secret
    // altered, something that is no key at all, and the key it had before the rotation.
    const current = rotated.body.ingest.streamKey as string
    const forged = `${current.slice(0, -4)}${current.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    const refused = [push(forged, 5), push('not-a-key', 5), push(stream.ingest.streamKey, 5)]
    for (const code of await Promise.all(refused.map((p) => p.exited))) expect(code).not.toBe(0)
    expect(await stateOf(stream.id)).toBe('idle')
    const row = await node.ctx.db
      .selectFrom('liveStreams')
      .select('sessionId')
      .where('id', '=', stream.id)
      .executeTakeFirstOrThrow()
    expect(row.sessionId).toBeNull()

    // The new key works; rotating it again cuts the push at once.
    const pusher = push(rotated.body.ingest.streamKey, 30)
    await eventually(async () => (await stateOf(stream.id)) === 'live', 5_000)
    const cutAt = Date.now()
    const again = await call(node, 'POST', `/v1/live/streams/${stream.id}/key`, { token: as(owner) })
    await pusher.exited
    expect(Date.now() - cutAt).toBeLessThan(5_000)
    // No media: it ends; without `record`, no video; an ended stream takes no push, even with its key.
    await eventually(async () => (await stateOf(stream.id)) === 'ended', 10_000)
    const ended = push(again.body.ingest.streamKey, 5)
    expect(await ended.exited).not.toBe(0)
    expect((await call(node, 'GET', `/v1/live/streams/${stream.id}`)).body.videoId).toBeNull()
  }, 60_000)
})
