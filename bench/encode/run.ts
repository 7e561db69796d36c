/**
 * bench/encode: a 60-second 1080p30 source through the whole pipeline (tus upload → video → job on
 * the worker → ffprobe, ladder 240p-1080p to HLS + DASH over one set of fMP4 segments, thumbnails,
 * storyboard, everything into storage → ready), against the bare commands that make the same
 * outputs (bare.ts), in the same run, rounds alternating. Wall time and CPU time (the node and its
 * ffmpeg children; the bare script and its children), medians, and the ratios. Aim: the pipeline
 * adds at most 10%.
 *
 *   npm run bench:encode                 (ROUNDS=3 SOURCE_SECONDS=60 HEIGHT=1080 PRESET=veryfast)
 */
import { mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuSeconds, median, serve } from '../support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SOURCE_SECONDS ?? 60)
const HEIGHT = Number(process.env.HEIGHT ?? 1080)
const PRESET = process.env.PRESET ?? 'veryfast'
const CHUNK = 16 * 1024 * 1024

const work = join(tmpdir(), 'sf-bench-encode')
mkdirSync(work, { recursive: true })
const width = Math.round((HEIGHT * 16) / 9 / 2) * 2
const source = join(work, `source-${SECONDS}s-${HEIGHT}p30.mp4`)
if (!(await Bun.file(source).exists())) {
  console.log(`making the source: ${SECONDS} s of ${width}x${HEIGHT} at 30 fps with a tone`)
  const made = Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-v', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${HEIGHT}:rate=30:duration=${SECONDS}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${SECONDS}`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-b:a', '192k', '-shortest', source],
    ],
    { stderr: 'inherit' },
  )
  if ((await made.exited) !== 0) throw new Error('could not make the source')
}
const bytes = new Uint8Array(await Bun.file(source).arrayBuffer())
console.log(`source: ${(bytes.length / 1e6).toFixed(1)} MB, preset ${PRESET}, ${ROUNDS} rounds`)

/** CPU seconds of this process's waited-for children (and theirs). */
async function childrenCpu(): Promise<number> {
  const fields = (await Bun.file('/proc/self/stat').text()).split(') ')[1]!.split(' ')
  return (Number(fields[13]) + Number(fields[14])) / 100
}

async function bare(round: number) {
  const out = join(work, `bare-${round}`)
  rmSync(out, { recursive: true, force: true })
  const cpu0 = await childrenCpu()
  const started = performance.now()
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, 'bare.ts'), source, out, PRESET], {
    stderr: 'inherit',
  })
  if ((await proc.exited) !== 0) throw new Error('bare run failed')
  const wall = (performance.now() - started) / 1000
  const cpu = (await childrenCpu()) - cpu0
  rmSync(out, { recursive: true, force: true })
  return { wall, cpu }
}

const database = await createTestDatabase('bench_encode')
const prefix = uniquePrefix('bench_encode')
const data = join(work, 'node')
rmSync(data, { recursive: true, force: true })
const server = await serve('src/main.ts', {
  DATABASE_URL: database.url,
  NATS_URL,
  NATS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  STORAGE_DIR: join(data, 'storage'),
  UPLOADS_DIR: join(data, 'uploads'),
  VIDEO_WORK_DIR: join(data, 'work'),
  VIDEO_FFMPEG_PRESET: PRESET,
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
})
const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> }
}
await api('POST', '/v1/auth/register', {
  username: 'bench_encoder',
  email: 'bench@example.test',
  password: `Pw-${crypto.randomUUID()}`,
})
const registered = await api('POST', '/v1/auth/register/confirm', {
  token: await signupTokenIn(database.url, 'bench@example.test'),
})
const token = String(registered.body.accessToken)

async function pipeline() {
  const pid = server.proc.pid
  const cpu0 = await cpuSeconds(pid, true)
  const started = performance.now()
  const tus = { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` }
  const created = await fetch(`${server.url}/v1/uploads`, {
    method: 'POST',
    headers: {
      ...tus,
      'upload-length': String(bytes.length),
      'upload-metadata': `filename ${btoa('bench.mp4')}`,
    },
  })
  const uploadId = created.headers.get('location')!.split('/').pop()!
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const res = await fetch(`${server.url}/v1/uploads/${uploadId}`, {
      method: 'PATCH',
      headers: { ...tus, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
      body: bytes.subarray(offset, offset + CHUNK),
    })
    if (res.status !== 204) throw new Error(`PATCH answered ${res.status}`)
  }
  const uploaded = performance.now()
  const video = await api('POST', '/v1/videos', { uploadId, title: 'bench', visibility: 'public' }, token)
  // When each stage of the job was first seen: where the time goes.
  const stages: Record<string, number> = { upload: (uploaded - started) / 1000 }
  let status = ''
  // The job turns succeeded in the transaction that makes the video ready. Polled 4 times a
  // second: the polls cost the server a little CPU, which counts against the pipeline.
  while (status !== 'succeeded') {
    await Bun.sleep(250)
    const job = await api('GET', `/v1/jobs/${video.body.jobId}`, undefined, token)
    status = String(job.body.state)
    if (status === 'failed') throw new Error(`processing failed: ${job.body.lastError}`)
    const stage = String(job.body.state === 'running' ? job.body.stage : job.body.state)
    stages[stage] ??= (performance.now() - started) / 1000
  }
  const wall = (performance.now() - started) / 1000
  console.log(
    `  pipeline stages (s from the first byte): ${Object.entries(stages)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}, ready ${wall.toFixed(1)}`,
  )
  // The worker reaps its ffmpeg runs before the job is recorded: their CPU is in the node's now.
  const cpu = (await cpuSeconds(pid, true)) - cpu0
  await api('DELETE', `/v1/videos/${video.body.id}`, undefined, token)
  return { wall, cpu }
}

const bares: { wall: number; cpu: number }[] = []
const pipes: { wall: number; cpu: number }[] = []
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const b = await bare(round)
    bares.push(b)
    const p = await pipeline()
    pipes.push(p)
    console.log(
      `round ${round}: bare ${b.wall.toFixed(1)} s wall, ${b.cpu.toFixed(1)} s CPU | ` +
        `pipeline ${p.wall.toFixed(1)} s wall, ${p.cpu.toFixed(1)} s CPU`,
    )
  }
} finally {
  server.proc.kill('SIGTERM')
  await server.proc.exited
  await removeNatsPrefix(prefix)
  await database.drop()
  rmSync(data, { recursive: true, force: true })
}
const med = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu') => median(xs.map((x) => x[k]))
const [bw, bc, pw, pc] = [med(bares, 'wall'), med(bares, 'cpu'), med(pipes, 'wall'), med(pipes, 'cpu')]
console.log(`\nmedians of ${ROUNDS}: bare ${bw.toFixed(1)} s wall, ${bc.toFixed(1)} s CPU`)
console.log(`                pipeline ${pw.toFixed(1)} s wall, ${pc.toFixed(1)} s CPU`)
console.log(`ratio pipeline/bare: wall ${(pw / bw).toFixed(3)}, CPU ${(pc / bc).toFixed(3)} (aim ≤ 1.10)`)
