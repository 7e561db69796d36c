import { afterAll, beforeAll, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signupTokenIn } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import { deploymentEnv, type NodeProcess, spawnNode, stopProcesses } from '../support/process.ts'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

/**
 * A worker killed (SIGKILL, with its ffmpeg) in the middle of a live stream it ingests: no media
 * arrives any more, the stream's actor (on the other worker, woken there by the sweeper if it
 * lived on the dead one) ends it, and what was stored of the recording becomes a video. Processes
 * as deployed: one api, two workers, one data directory shared.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>
const prefix = uniquePrefix('lfail')
const data = mkdtempSync(join(tmpdir(), 'sf-lfail-'))
const nodes: Record<string, NodeProcess> = {}
let api = ''

beforeAll(async () => {
  database = await createTestDatabase('lfail')
  const env = deploymentEnv(database.url, prefix, {
    LIVE_RTMP_PORT: '0',
    LIVE_IDLE_END_SECONDS: '3',
    VIDEO_FFMPEG_PRESET: 'ultrafast',
    STORAGE_DIR: join(data, 'storage'),
    UPLOADS_DIR: join(data, 'uploads'),
    VIDEO_WORK_DIR: join(data, 'work'),
    LIVE_WORK_DIR: join(data, 'live'),
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
}, 60_000)

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

test('a worker killed mid-stream: the stream ends, never stays live, and its recording is a video', async () => {
  const started = await json('POST', '/v1/auth/register', {
    username: 'live_failover',
    email: 'live-failover@example.test',
    password: `Pw-${crypto.randomUUID()}`,
  })
  expect(started.status).toBe(202)
  const registered = await json('POST', '/v1/auth/register/confirm', {
    token: await signupTokenIn(database.url, 'live-failover@example.test'),
  })
  const token = registered.body.accessToken as string
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

  const victim = nodes.worker1!
  const children = (await Bun.$`pgrep -P ${victim.proc.pid}`.nothrow().text()).split('\n').filter(Boolean)
  victim.proc.kill('SIGKILL')
  for (const pid of children) process.kill(Number(pid), 'SIGKILL')
  await victim.exited
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
