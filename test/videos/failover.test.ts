import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { signupTokenIn } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadBytes } from '../support/media.ts'
import { deploymentEnv, type NodeProcess, spawnNode, stopProcesses } from '../support/process.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

/**
 * A worker killed (SIGKILL, with its ffmpeg) in the middle of an encoding: the job goes to the
 * other worker after the ack wait, the video becomes ready, and its outcome is recorded once.
 * Processes as deployed: one api, two workers, one data directory (UPLOADS_DIR, storage) shared.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>
const prefix = uniquePrefix('vfail')
const data = mkdtempSync(join(tmpdir(), 'sf-vfail-'))
const nodes: Record<string, NodeProcess> = {}
let api = ''

beforeAll(async () => {
  database = await createTestDatabase('vfail')
  const env = deploymentEnv(database.url, prefix, {
    JOBS_ACK_WAIT_MS: '2000',
    VIDEO_FFMPEG_PRESET: 'medium',
    STORAGE_DIR: join(data, 'storage'),
    UPLOADS_DIR: join(data, 'uploads'),
    VIDEO_WORK_DIR: join(data, 'work'),
    MAIL_DIR: join(data, 'mail'),
  })
  nodes.api = spawnNode({ ...env, ROLES: 'api' })
  api = await nodes.api.started
  nodes.worker1 = spawnNode({ ...env, ROLES: 'worker' })
  nodes.worker2 = spawnNode({ ...env, ROLES: 'worker' })
  await nodes.worker1.started
  await nodes.worker2.started
}, 60_000)

afterAll(async () => {
  await stopProcesses(Object.values(nodes))
  await removeNatsPrefix(prefix)
  await database.drop()
  rmSync(data, { recursive: true, force: true })
})

async function json(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answers
  return { status: res.status, body: (await res.json()) as any }
}

test('a worker killed mid-encoding: the other finishes the job, recorded once', async () => {
  const bytes = await makeClip(join(data, 'source.mp4'), { seconds: 12, size: '854x480', rate: 30 })
  const started = await fetch(`${api}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'failover_owner',
      email: 'failover@example.test',
      password: `Pw-${crypto.randomUUID()}`,
    }),
  })
  expect(started.status).toBe(202)
  const registered = await json('POST', '/v1/auth/register/confirm', {
    token: await signupTokenIn(database.url, 'failover@example.test'),
  })
  const token = registered.body.accessToken as string
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
  const victim = nodes[holder]!
  const children = (await Bun.$`pgrep -P ${victim.proc.pid}`.nothrow().text()).split('\n').filter(Boolean)
  victim.proc.kill('SIGKILL')
  for (const pid of children) process.kill(Number(pid), 'SIGKILL')
  await victim.exited
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
