import { afterAll, beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadBytes } from '../support/media.ts'
import { type Deployment, killWithChildren, startDeployment } from '../support/process.ts'
import { NATS_URL } from '../support/services.ts'

/**
 * A worker killed (SIGKILL, with its ffmpeg) in the middle of an encoding: the job goes to the
 * other worker after the ack wait, the video becomes ready, and its outcome is recorded once.
 * Processes as deployed: one api, two workers, one data directory (UPLOADS_DIR, storage) shared.
 */
let deployment: Deployment

beforeAll(async () => {
  deployment = await startDeployment('vfail', {
    JOBS_ACK_WAIT_MS: '2000',
    VIDEO_FFMPEG_PRESET: 'medium',
  })
}, 60_000)

afterAll(() => deployment.stop(), 60_000)

test('a worker killed mid-encoding: the other finishes the job, recorded once', async () => {
  const { api, json, nodes, prefix } = deployment
  const bytes = await makeClip(join(deployment.dataDir, 'source.mp4'), {
    seconds: 12,
    size: '854x480',
    rate: 30,
  })
  const token = await deployment.signUp('failover_owner')
  const uploadId = await uploadBytes(api, token, bytes)
  const video = await json('POST', '/v1/videos', { uploadId, title: 'failover', visibility: 'public' }, token)
  expect(video.status).toBe(201)
  const jobId = video.body.jobId as string

  // Wait until one worker is encoding, then kill it and its ffmpeg at once (as a container dies).
  let holder = ''
  await eventually(async () => {
    holder =
      Object.entries(nodes).find(([, n]) =>
        n.lines.some((l) => l.msg === 'job started' && l.jobId === jobId),
      )?.[0] ?? ''
    if (!holder) return false
    const job = await json('GET', `/v1/jobs/${jobId}`, undefined, token)
    return job.body.state === 'running' && job.body.progress >= 5
  }, 30_000)
  await killWithChildren(nodes[holder]!)
  delete nodes[holder]

  let ready: { status: string } = { status: '' }
  await eventually(async () => {
    ready = (await json('GET', `/v1/videos/${video.body.id}`, undefined, token)).body
    return ready.status === 'ready' || ready.status === 'failed'
  }, 90_000)
  expect(ready.status).toBe('ready')
  const job = await json('GET', `/v1/jobs/${jobId}`, undefined, token)
  expect(job.body).toMatchObject({ state: 'succeeded', attempts: 2, progress: 100 })
  const survivor = Object.values(nodes).find((n) =>
    n.lines.some((l) => l.msg === 'job started' && l.attempt === 2),
  )
  expect(survivor).toBeDefined()

  // One video.ready event in the video events stream: the outcome was recorded once.
  const nc = await connect({ servers: NATS_URL })
  try {
    const jsm = await jetstreamManager(nc)
    const subject = `${prefix}.video_events.video.ready`
    await eventually(async () => {
      const info = await jsm.streams.info(`${prefix.toUpperCase()}_VIDEO_EVENTS`, {
        subjects_filter: subject,
      })
      return (info.state.subjects?.[subject] ?? 0) >= 1
    }, 10_000)
    await Bun.sleep(500)
    const info = await jsm.streams.info(`${prefix.toUpperCase()}_VIDEO_EVENTS`, { subjects_filter: subject })
    expect(info.state.subjects?.[subject]).toBe(1)
  } finally {
    await nc.close()
  }
}, 150_000)
