/**
 * bench/live: one pusher (ffmpeg, 720p30 test pattern with a tone, 1 s keyframes, real time) into
 * the local backend (RTMP ingest → ffmpeg copy to HLS → storage → signed playback URL, low latency
 * mode), against bare `ffmpeg -listen 1 -i rtmp://... -c copy -f hls` writing to a local folder,
 * in the same run, rounds alternating. For each: the time from the pusher's first byte to the first
 * segment a player can fetch, and the latency behind the pusher: when each segment became
 * available, minus when the pusher sent its last frame (the pusher paces in real time from its
 * first byte: a segment ending at media time t was pushed by then + t). Medians; aims: first
 * segment ≤ 2 s, latency ≤ 4 s.
 *
 *   npm run bench:live                    (ROUNDS=3 PUSH_SECONDS=20 HEIGHT=720)
 */
import { mkdirSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from '../support.ts'
import { bareHls, freePort, startPlatform } from './support.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const PUSH_SECONDS = Number(process.env.PUSH_SECONDS ?? 20)
const HEIGHT = Number(process.env.HEIGHT ?? 720)
const POLL_MS = 50

const work = join(tmpdir(), 'sf-bench-live')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const width = Math.round((HEIGHT * 16) / 9 / 2) * 2

/**
 * ffmpeg pushing the test pattern in real time to `port` through a relay that notes when its first
 * byte arrives (the RTMP handshake, a few ms before the first frame on loopback): the time the
 * measures count from, the pusher's own start-up left out.
 */
async function push(port: number, path: string) {
  let firstByteAt = 0
  type Pipe = { upstream?: import('bun').Socket<Pipe>; pending: Uint8Array[] }
  const relay = Bun.listen<Pipe>({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      async open(client) {
        client.data = { pending: [] }
        client.data.upstream = await Bun.connect<Pipe>({
          hostname: '127.0.0.1',
          port,
          socket: {
            data(_, bytes) {
              client.write(bytes)
            },
            close() {
              client.end()
            },
          },
        })
        for (const bytes of client.data.pending) client.data.upstream.write(bytes)
      },
      data(client, bytes) {
        firstByteAt ||= performance.now()
        if (client.data.upstream) client.data.upstream.write(bytes)
        else client.data.pending.push(new Uint8Array(bytes))
      },
      close(client) {
        client.data.upstream?.end()
      },
    },
  })
  const proc = spawnPusher(`rtmp://127.0.0.1:${relay.port}${path}`)
  void proc.exited.then(() => relay.stop(true))
  return { proc, startedAt: () => firstByteAt }
}

function spawnPusher(url: string) {
  return Bun.spawn(
    [
      ...['ffmpeg', '-nostdin', '-v', 'error', '-re'],
      ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${HEIGHT}:rate=30:duration=${PUSH_SECONDS}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${PUSH_SECONDS}`],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-g',
        '30',
        '-pix_fmt',
        'yuv420p',
      ],
      ...['-c:a', 'aac', '-f', 'flv', url],
    ],
    { stdout: 'ignore', stderr: 'inherit' },
  )
}

interface Run {
  firstSegment: number
  latencies: number[]
}

/**
 * Polls a playlist (by `read`) while the pusher runs: when each segment first appears, and its
 * duration (its end in media time is the sum of the durations up to it).
 */
async function watch(read: () => Promise<string | null>, pusher: Awaited<ReturnType<typeof push>>) {
  const seen = new Map<string, number>()
  const ends = new Map<string, number>()
  let done = false
  void pusher.proc.exited.then(() => {
    done = true
  })
  // A little after the pusher stops, for the last segment.
  for (let after = 0; !done || after < 40; after += done ? 1 : 0) {
    const text = await read()
    if (text) {
      let duration = 0
      for (const line of text.split('\n')) {
        if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8))
        if (line && !line.startsWith('#')) {
          if (!seen.has(line)) seen.set(line, performance.now())
          ends.set(line, duration)
        }
      }
    }
    await Bun.sleep(POLL_MS)
  }
  const started = pusher.startedAt()
  // Segment names end with their number: order by it, and add up durations for their end times.
  const names = [...seen.keys()].sort((a, b) => numberOf(a) - numberOf(b))
  let t = 0
  const latencies: number[] = []
  for (const name of names) {
    t += ends.get(name)!
    latencies.push((seen.get(name)! - (started + t * 1000)) / 1000)
  }
  const firstSegment = (Math.min(...seen.values()) - started) / 1000
  // The last segment is cut short when the pusher stops: left out of the latency.
  return { firstSegment, latencies: latencies.slice(0, -1) } satisfies Run
}

function numberOf(name: string): number {
  return Number(/(\d+)\.ts$/.exec(name)?.[1] ?? 0)
}

async function bare(round: number): Promise<Run> {
  const dir = join(work, `bare-${round}`)
  mkdirSync(dir, { recursive: true })
  const port = freePort()
  const server = await bareHls(port, dir)
  const pusher = await push(port, '/live/x')
  const run = await watch(() => readFile(join(dir, 'index.m3u8'), 'utf8').catch(() => null), pusher)
  await server.exited
  rmSync(dir, { recursive: true, force: true })
  return run
}

const platform = await startPlatform('bench_live', join(work, 'node'))

async function pipeline(): Promise<Run> {
  const stream = await platform.createStream()
  const pusher = await push(platform.rtmpPort, `/live/${stream.streamKey}`)
  // A viewer: asks for playback once live, then polls the signed playlist URL.
  const read = platform.playlist(stream.id)
  return watch(read, pusher)
}

const bares: Run[] = []
const pipes: Run[] = []
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const b = await bare(round)
    bares.push(b)
    const p = await pipeline()
    pipes.push(p)
    console.log(
      `round ${round}: bare first segment ${b.firstSegment.toFixed(2)} s, latency ${median(b.latencies).toFixed(2)} s | ` +
        `pipeline first segment ${p.firstSegment.toFixed(2)} s, latency ${median(p.latencies).toFixed(2)} s ` +
        `(max ${Math.max(...p.latencies).toFixed(2)})`,
    )
  }
} finally {
  await platform.stop()
  rmSync(work, { recursive: true, force: true })
}
const first = (runs: Run[]) => median(runs.map((r) => r.firstSegment))
const latency = (runs: Run[]) => median(runs.flatMap((r) => r.latencies))
console.log(`\n${width}x${HEIGHT}p30, 1 s keyframes, ${PUSH_SECONDS} s pushes, medians of ${ROUNDS} rounds:`)
console.log(
  `  bare ffmpeg -c copy -f hls:  first segment ${first(bares).toFixed(2)} s, latency ${latency(bares).toFixed(2)} s`,
)
console.log(
  `  pipeline (ingest → storage → signed URL): first segment ${first(pipes).toFixed(2)} s, latency ${latency(pipes).toFixed(2)} s`,
)
console.log('  aims: first segment ≤ 2 s, latency ≤ 4 s (low latency mode)')
