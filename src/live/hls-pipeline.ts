import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import type { LatencyMode } from './backend.ts'

/** How the pushed stream becomes HLS: passed through, encoded once, or a small ladder. */
export type EncodeMode = 'copy' | 'single' | 'ladder'

/** The rungs of the ladder (LIVE_TRANSCODE), never above the source's height. */
const LADDER = [
  { height: 720, videoKbps: 2800 },
  { height: 360, videoKbps: 800 },
]

/** Segment length in seconds per latency mode (a segment starts at a keyframe: the pusher's GOP counts too). */
const SEGMENT_SECONDS: Record<LatencyMode, number> = { low: 1, normal: 4 }
/** Segments a live media playlist lists. */
const LIST_SIZE = 10
/** Segments per part of the recording's list (a part is rewritten as segments join it). */
export const RECORD_PART_SEGMENTS = 100
const POLL_MS = 150

export interface PipelineOptions {
  streamId: string
  /** This push's id: its segment names start with it, so a pusher coming back does not overwrite. */
  run: string
  /** Local scratch directory of this run. */
  dir: string
  /** Storage prefix of the session: `live/<streamId>/<sessionId>/`. */
  prefix: string
  storage: Storage
  latencyMode: LatencyMode
  mode: EncodeMode
  hasAudio: boolean
  sourceHeight: number
  log: Logger
  /** Told when ffmpeg stops before it was asked to (the push should be cut). */
  onFailure(reason: string): void
}

/** The storage prefix of a live session's files. */
export function sessionPrefix(streamId: string, sessionId: string): string {
  return `live/${streamId}/${sessionId}/`
}

/**
 * A part of a run's recording list in the session's prefix: its segments in order, RECORD_PART_SEGMENTS
 * a part, `#end` after the last once the run is complete. Parts keep each write small however
 * long the stream, and a list that is current with every stored segment.
 */
export function recordListName(run: string, part: number): string {
  return `rec-${run}-${part}.txt`
}

/**
 * One ffmpeg child per push: FLV in on stdin (what the ingest receives), HLS out into a scratch
 * directory (short segments, independent segments, program date-time), and an uploader that puts
 * each finished segment into storage, then the playlist that lists it (a playlist never names a
 * file storage does not have yet), and removes the local copy. The segments of the primary
 * rendition are also listed for the recording as they are stored (`rec-<run>-<part>.txt`), which
 * the recording job reads.
 */
export class HlsPipeline {
  private child: Subprocess<'pipe', 'ignore', 'pipe'> | undefined
  private readonly uploaded = new Set<string>()
  private readonly recorded: string[] = []
  /** Segments of `recorded` whose part of the list is stored. */
  private listed = 0
  private readonly playlistMtimes = new Map<string, number>()
  private timer: Timer | undefined
  private syncing: Promise<void> = Promise.resolve()
  private finishing = false
  private stderr = ''
  /** When the first segment was stored (epoch ms), for the benchmark and logs. */
  firstSegmentAt: number | undefined

  constructor(private readonly opts: PipelineOptions) {}

  private get playlists(): string[] {
    return this.opts.mode === 'ladder' ? this.rungs().map((_, i) => `v${i}.m3u8`) : ['index.m3u8']
  }

  private rungs() {
    const fitting = LADDER.filter((r) => r.height <= this.opts.sourceHeight)
    return fitting.length ? fitting : [LADDER.at(-1)!]
  }

  async start(): Promise<void> {
    await mkdir(this.opts.dir, { recursive: true })
    this.child = Bun.spawn(['ffmpeg', '-nostdin', '-hide_banner', '-loglevel', 'error', ...this.args()], {
      stdin: 'pipe',
      stdout: 'ignore',
      stderr: 'pipe',
    })
    const child = this.child
    void new Response(child.stderr).text().then((text) => {
      this.stderr = text.slice(-2000)
    })
    void child.exited.then((code) => {
      if (!this.finishing) {
        this.opts.log.error(
          { code, stderr: this.stderr, streamId: this.opts.streamId },
          'live ffmpeg stopped',
        )
        this.opts.onFailure(`ffmpeg exited with ${code}`)
      }
    })
    this.timer = setInterval(() => this.kick(), POLL_MS)
  }

  /** FLV bytes of the push. */
  write(buffer: Uint8Array): void {
    if (this.finishing || !this.child) return
    try {
      this.child.stdin.write(buffer)
      this.child.stdin.flush()
    } catch (error) {
      if (!this.finishing) this.opts.onFailure((error as Error).message)
    }
  }

  /** The push ended: ffmpeg finishes its last segment, everything is uploaded, the recording list closed. */
  async finish(): Promise<void> {
    if (this.finishing) return
    this.finishing = true
    const child = this.child
    if (child) {
      try {
        await child.stdin.end()
      } catch {
        // ffmpeg already gone
      }
      const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(10_000).then(() => false)])
      if (!exited) child.kill('SIGKILL')
    }
    clearInterval(this.timer)
    await this.syncing
    await this.sync(true).catch((error) =>
      this.opts.log.warn({ err: error, streamId: this.opts.streamId }, 'last live segments not stored'),
    )
    await rm(this.opts.dir, { recursive: true, force: true })
  }

  private kick(): void {
    this.syncing = this.syncing
      .then(() => this.sync(false))
      .catch((error) =>
        this.opts.log.warn({ err: error, streamId: this.opts.streamId }, 'live upload failed'),
      )
  }

  /** Uploads what ffmpeg finished since the last pass: segments, then the playlists that list them. */
  private async sync(final: boolean): Promise<void> {
    const { storage, prefix, dir } = this.opts
    for (const [i, name] of this.playlists.entries()) {
      const path = join(dir, name)
      const info = await stat(path).catch(() => null)
      if (!info || this.playlistMtimes.get(name) === info.mtimeMs) continue
      this.playlistMtimes.set(name, info.mtimeMs)
      const text = await readFile(path, 'utf8')
      for (const segment of segmentsOf(text)) {
        if (this.uploaded.has(segment)) continue
        const file = join(dir, segment)
        if (!(await stat(file).catch(() => null))) continue
        await storage.putFile(`${prefix}${segment}`, file, 'video/mp2t')
        await rm(file, { force: true })
        this.uploaded.add(segment)
        if (i === 0) this.recorded.push(segment)
        this.firstSegmentAt ??= Date.now()
      }
      await storage.put(`${prefix}${name}`, new TextEncoder().encode(text), 'application/vnd.apple.mpegurl')
    }
    if (this.opts.mode === 'ladder' && this.firstSegmentAt) {
      const master = join(dir, 'index.m3u8')
      const info = await stat(master).catch(() => null)
      if (info && this.playlistMtimes.get('index.m3u8') !== info.mtimeMs) {
        this.playlistMtimes.set('index.m3u8', info.mtimeMs)
        await storage.put(
          `${prefix}index.m3u8`,
          await Bun.file(master).bytes(),
          'application/vnd.apple.mpegurl',
        )
      }
    }
    if (!final && this.listed === this.recorded.length) return
    const last = Math.floor(Math.max(0, this.recorded.length - 1) / RECORD_PART_SEGMENTS)
    for (let part = Math.floor(this.listed / RECORD_PART_SEGMENTS); part <= last; part++) {
      const lines = this.recorded.slice(part * RECORD_PART_SEGMENTS, (part + 1) * RECORD_PART_SEGMENTS)
      if (final && part === last) lines.push('#end')
      await storage.put(
        `${prefix}${recordListName(this.opts.run, part)}`,
        new TextEncoder().encode(`${lines.join('\n')}\n`),
        'text/plain',
      )
    }
    this.listed = this.recorded.length
  }

  private args(): string[] {
    const { dir, run, latencyMode, mode, hasAudio } = this.opts
    const seconds = SEGMENT_SECONDS[latencyMode]
    const hls = [
      '-f',
      'hls',
      '-hls_time',
      String(seconds),
      '-hls_list_size',
      String(LIST_SIZE),
      '-hls_flags',
      'independent_segments+program_date_time+temp_file',
      '-hls_segment_type',
      'mpegts',
    ]
    const input = ['-f', 'flv', '-i', 'pipe:0']
    if (mode === 'copy')
      return [
        ...input,
        '-map',
        '0:v:0',
        ...(hasAudio ? ['-map', '0:a:0'] : []),
        '-c',
        'copy',
        ...hls,
        '-hls_segment_filename',
        join(dir, `${run}-%05d.ts`),
        join(dir, 'index.m3u8'),
      ]
    const x264 = [
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'zerolatency',
      '-sc_threshold',
      '0',
      '-force_key_frames',
      `expr:gte(t,n_forced*${seconds})`,
      ...(hasAudio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : []),
    ]
    if (mode === 'single')
      return [
        ...input,
        '-map',
        '0:v:0',
        ...(hasAudio ? ['-map', '0:a:0'] : []),
        ...x264,
        ...hls,
        '-hls_segment_filename',
        join(dir, `${run}-%05d.ts`),
        join(dir, 'index.m3u8'),
      ]
    const rungs = this.rungs()
    const split = `[0:v]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join('')}`
    const scales = rungs.map((r, i) => `[s${i}]scale=-2:${r.height}[v${i}]`)
    return [
      ...input,
      '-filter_complex',
      [split, ...scales].join(';'),
      ...rungs.flatMap((_, i) => ['-map', `[v${i}]`, ...(hasAudio ? ['-map', '0:a:0'] : [])]),
      ...x264,
      ...rungs.flatMap((r, i) => [`-b:v:${i}`, `${r.videoKbps}k`, `-maxrate:v:${i}`, `${r.videoKbps}k`]),
      '-bufsize',
      '2M',
      '-var_stream_map',
      rungs.map((_, i) => (hasAudio ? `v:${i},a:${i}` : `v:${i}`)).join(' '),
      '-master_pl_name',
      'index.m3u8',
      ...hls,
      '-hls_segment_filename',
      join(dir, `${run}-v%v-%05d.ts`),
      join(dir, 'v%v.m3u8'),
    ]
  }
}

/** The segment names a media playlist lists. */
export function segmentsOf(playlist: string): string[] {
  return playlist
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}
