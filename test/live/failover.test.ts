import { afterAll, beforeAll, expect, test } from 'bun:test'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import { type Deployment, killWithChildren, startDeployment } from '../support/process.ts'

/**
 * A worker killed (SIGKILL, with its ffmpeg) in the middle of a live stream it ingests: no media
 * arrives any more, the stream's actor (on the other worker, woken there by the sweeper if it
 * lived on the dead one) ends it, and what was stored of the recording becomes a video. Processes
 * as deployed: one api, two workers, one data directory shared.
 */
let deployment: Deployment

beforeAll(async () => {
  deployment = await startDeployment('lfail', {
    LIVE_RTMP_PORT: '0',
    LIVE_IDLE_END_SECONDS: '3',
    VIDEO_FFMPEG_PRESET: 'ultrafast',
  })
}, 60_000)

afterAll(() => deployment.stop(), 60_000)

test('a worker killed mid-stream: the stream ends, never stays live, and its recording is a video', async () => {
  const { json, nodes } = deployment
  const token = await deployment.signUp('live_failover')
  const stream = await json('POST', '/v1/live/streams', { title: 'failover', visibility: 'public' }, token)
  expect(stream.status).toBe(201)
  const port = nodes.worker1!.lines.find((l) => l.msg === 'RTMP ingest listening')?.port
  expect(port).toBeNumber()
  const pusher = pushTestPattern(`rtmp://127.0.0.1:${port}/live/${stream.body.ingest.streamKey}`, {
    seconds: 120,
    audio: false,
  })
  const state = async () => (await json('GET', `/v1/live/streams/${stream.body.id}`)).body.state
  await eventually(async () => (await state()) === 'live', 10_000)
  // Long enough for segments and the recording's list to be stored.
  await Bun.sleep(14_000)

  await killWithChildren(nodes.worker1!)
  delete nodes.worker1
  pusher.kill()

  // Leases lapse in 6 s, the sweeper runs every LIVE_IDLE_END_SECONDS: ended well within 20 s.
  const endedIn = await eventually(async () => (await state()) === 'ended', 30_000)
  expect(endedIn).toBeLessThan(30_000)
  let videoId: string | null = null
  await eventually(async () => {
    videoId = (await json('GET', `/v1/live/streams/${stream.body.id}`)).body.videoId
    return videoId !== null
  }, 60_000)
  let video: { status: string; durationMs: number } = { status: '', durationMs: 0 }
  await eventually(async () => {
    video = (await json('GET', `/v1/videos/${videoId}`, undefined, token)).body
    return video.status === 'ready' || video.status === 'failed'
  }, 60_000)
  expect(video.status).toBe('ready')
  expect(video.durationMs).toBeGreaterThan(8_000)
}, 180_000)
