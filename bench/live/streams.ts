/**
 * bench/live/streams: how many 720p30 streams this machine holds at once in copy-mode HLS (low
 * latency mode, no recording), and the CPU each costs, against bare `ffmpeg -listen 1 -i
 * rtmp://... -c copy -f hls` children doing the same, in the same run, steps alternating.
 *
 *   npm run bench:live-streams            (MAX_STREAMS=16 HOLD_SECONDS=15)
 *
 * One clip is encoded once (x264 ultrafast, 1 s keyframes, AAC, 20 s) and every pusher sends it
 * in a loop without encoding (`ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f flv`), so that
 * the pushers leave the cores to what is measured. The number of streams steps up (1, 2, 4, 8,
 * then by 4 up to MAX_STREAMS): each step, for the platform, makes that many streams over REST and
 * pushes each with its key to the node's RTMP ingest; for bare, one ffmpeg child per stream on its
 * own port writing its own folder. Each step is held HOLD_SECONDS once every stream has its first
 * segment (10 s at most), then the pushers stop.
 *
 * A stream keeps up when, at the end of the hold, its newest segment appeared at most LAG_SECONDS
 * (3) ago, and the segments that appeared during the hold add up to at least HOLD_SECONDS -
 * LAG_SECONDS of media: a stalled stream fails the first, one slowly falling behind the second.
 * Its playlist is read every second (the platform's by its signed playback URL, as a viewer would;
 * bare's from its folder). "Held" is the largest step at which every stream kept up; a side that
 * failed a step is not stepped further. CPU per stream: user + system time over the hold of the
 * node and all its descendants (the ingest's ffmpeg children), or of the bare ffmpeg children,
 * divided by the hold and the number of streams, in % of one core.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { cpuOfTree, cpuSeconds } from '../support.ts'
import { bareHls, freePort, startPlatform } from './support.ts'

const MAX_STREAMS = Number(process.env.MAX_STREAMS ?? 16)
const HOLD_SECONDS = Number(process.env.HOLD_SECONDS ?? 15)
const LAG_SECONDS = 3
const FIRST_SEGMENT_SECONDS = 10
const CLIP_SECONDS = 20

const steps = [1, 2, 4, 8]
for (let n = 12; n <= MAX_STREAMS; n += 4) steps.push(n)
const stepsRun = steps.filter((n) => n <= MAX_STREAMS)

const work = join(tmpdir(), 'sf-bench-live-streams')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const clip = join(work, 'clip.flv')

console.log(`making the clip: ${CLIP_SECONDS} s of 1280x720 at 30 fps, x264 ultrafast, 1 s keyframes, AAC`)
const made = Bun.spawn(
  [
    ...['ffmpeg', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=30:duration=${CLIP_SECONDS}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${CLIP_SECONDS}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv', clip],
  ],
  { stdout: 'ignore', stderr: 'inherit' },
)
if ((await made.exited) !== 0) throw new Error('the clip was not made')

function pusher(url: string): Subprocess {
  return Bun.spawn(
    [
      'ffmpeg',
      '-nostdin',
      '-v',
      'fatal',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip,
      '-c',
      'copy',
      '-f',
      'flv',
      url,
    ],
    { stdout: 'ignore', stderr: 'inherit' },
  )
}

/** When each segment of a playlist was first seen, and its duration. */
class Watched {
  readonly seen = new Map<string, { at: number; duration: number }>()

  constructor(readonly read: () => Promise<string | null>) {}

  async poll(): Promise<void> {
    const text = await this.read().catch(() => null)
    if (!text) return
    let duration = 0
    for (const line of text.split('\n')) {
      if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8))
      else if (line && !line.startsWith('#') && !this.seen.has(line))
        this.seen.set(line, { at: performance.now(), duration })
    }
  }

  /** Whether it kept up over [from, to] (see the criterion above), and its newest segment's age. */
  keptUp(from: number, to: number): { ok: boolean; age: number; media: number } {
    const during = [...this.seen.values()].filter((s) => s.at >= from && s.at <= to)
    const newest = Math.max(-Infinity, ...during.map((s) => s.at))
    const age = (to - newest) / 1000
    const media = during.reduce((sum, s) => sum + s.duration, 0)
    return { ok: age <= LAG_SECONDS && media >= HOLD_SECONDS - LAG_SECONDS, age, media }
  }
}

interface Step {
  n: number
  kept: number
  /** CPU per stream in % of one core. */
  cpu: number
  worstAge: number
  leastMedia: number
}

/** Waits for every first segment, holds, and judges: the streams are already being pushed. */
async function hold(n: number, watched: Watched[], cpu: () => Promise<number>): Promise<Step> {
  const deadline = performance.now() + FIRST_SEGMENT_SECONDS * 1000
  while (performance.now() < deadline && watched.some((w) => w.seen.size === 0)) {
    await Promise.all(watched.map((w) => w.poll()))
    await Bun.sleep(250)
  }
  const before = await cpu()
  const from = performance.now()
  while (performance.now() - from < HOLD_SECONDS * 1000) {
    const next = performance.now() + 1000
    await Promise.all(watched.map((w) => w.poll()))
    await Bun.sleep(Math.max(0, next - performance.now()))
  }
  const to = performance.now()
  const used = (await cpu()) - before
  const judged = watched.map((w) => w.keptUp(from, to))
  return {
    n,
    kept: judged.filter((j) => j.ok).length,
    cpu: (used / ((to - from) / 1000) / n) * 100,
    worstAge: Math.max(...judged.map((j) => j.age)),
    leastMedia: Math.min(...judged.map((j) => j.media)),
  }
}

async function stopAll(procs: Subprocess[]): Promise<void> {
  for (const p of procs) p.kill('SIGTERM')
  await Promise.all(procs.map((p) => p.exited))
}

async function bare(n: number): Promise<Step> {
  const servers: Subprocess[] = []
  const pushers: Subprocess[] = []
  const watched: Watched[] = []
  for (let i = 0; i < n; i++) {
    const dir = join(work, `bare-${n}-${i}`)
    mkdirSync(dir, { recursive: true })
    const port = freePort()
    servers.push(await bareHls(port, dir))
    watched.push(new Watched(() => readFile(join(dir, 'index.m3u8'), 'utf8')))
    pushers.push(pusher(`rtmp://127.0.0.1:${port}/live/x`))
  }
  try {
    return await hold(n, watched, async () => {
      const each = await Promise.all(servers.map((s) => cpuSeconds(s.pid).catch(() => 0)))
      return each.reduce((a, b) => a + b, 0)
    })
  } finally {
    await stopAll(pushers)
    await stopAll(servers)
    for (let i = 0; i < n; i++) rmSync(join(work, `bare-${n}-${i}`), { recursive: true, force: true })
  }
}

// Media reports reach a stream's actor every second; on a loaded machine they can come more than
// 2 s apart (the idle end the latency bench uses), which ends a stream still being pushed
// ("no-media"). Hence 10 s here: each step makes streams of its own, so those of a finished step
// lingering costs only their actors.
const platform = await startPlatform('bench_live_streams', join(work, 'node'), {
  LIVE_IDLE_END_SECONDS: '10',
})

async function pipeline(n: number): Promise<Step> {
  const streams = await Promise.all(Array.from({ length: n }, () => platform.createStream()))
  const pushers = streams.map((s) => pusher(`rtmp://127.0.0.1:${platform.rtmpPort}/live/${s.streamKey}`))
  const watched = streams.map((s) => new Watched(platform.playlist(s.id)))
  try {
    return await hold(n, watched, () => cpuOfTree(platform.server.proc.pid))
  } finally {
    await stopAll(pushers)
    // The pushes end with their pushers: their ffmpeg children finish and the uploads settle
    // before the next step.
    await Bun.sleep(3000)
  }
}

const row = (name: string, s: Step) =>
  `  ${name.padEnd(9)} ${String(s.n).padStart(3)} streams: ${String(s.kept).padStart(3)} kept up  ` +
  `CPU ${s.cpu.toFixed(1).padStart(5)} % of a core per stream  newest segment at most ${s.worstAge.toFixed(1)} s old, ` +
  `at least ${s.leastMedia.toFixed(0)} s of media in ${HOLD_SECONDS} s`

console.log(
  `steps ${stepsRun.join(', ')}, held ${HOLD_SECONDS} s each; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at start`,
)
const results = { bare: [] as Step[], platform: [] as Step[] }
let bareDone = false
let platformDone = false
try {
  for (const n of stepsRun) {
    if (bareDone && platformDone) break
    console.log(`step ${n}:`)
    if (!bareDone) {
      const s = await bare(n)
      results.bare.push(s)
      console.log(row('bare', s))
      bareDone = s.kept < n
    }
    if (!platformDone) {
      const s = await pipeline(n)
      results.platform.push(s)
      console.log(row('platform', s))
      platformDone = s.kept < n
    }
  }
} finally {
  await platform.stop()
  rmSync(work, { recursive: true, force: true })
}

const held = (xs: Step[]) => xs.filter((s) => s.kept === s.n).at(-1)
const b = held(results.bare)
const p = held(results.platform)
const capped = (xs: Step[]) =>
  xs.at(-1)?.kept === xs.at(-1)?.n ? ` (every step held: ${MAX_STREAMS} is the cap)` : ''
console.log(
  `\n720p30 copy-mode HLS, 1 s segments, steps held ${HOLD_SECONDS} s, load average ${loadavg()[0]!.toFixed(1)}:`,
)
console.log(
  `  bare ffmpeg -c copy -f hls: held ${b?.n ?? 0} streams${capped(results.bare)}, CPU ${b?.cpu.toFixed(1) ?? '-'} % of a core per stream`,
)
console.log(
  `  platform:                   held ${p?.n ?? 0} streams${capped(results.platform)}, CPU ${p?.cpu.toFixed(1) ?? '-'} % of a core per stream`,
)
console.log(`  ratio platform / bare held: ${((p?.n ?? 0) / (b?.n || 1)).toFixed(2)} (aim: >= 0.80)`)
// CPU per stream compared at the same number of streams: the largest both held.
const both = Math.min(b?.n ?? 0, p?.n ?? 0)
const at = (xs: Step[]) => xs.find((s) => s.n === both)
if (both > 0)
  console.log(
    `  CPU per stream at ${both} streams, platform / bare: ${(at(results.platform)!.cpu / at(results.bare)!.cpu).toFixed(2)} ` +
      `(${at(results.platform)!.cpu.toFixed(1)} vs ${at(results.bare)!.cpu.toFixed(1)} % of a core)`,
  )
