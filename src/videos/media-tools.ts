import { mkdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import sharp from 'sharp'
import { MediaRejected, type Rendition, type SourceInfo } from './encoders/encoder.ts'

/**
 * What the video pipeline asks of ffprobe and ffmpeg besides the ladder encode: reading a source
 * (probe), choosing its ladder, its poster frames and its seek-preview storyboard. Every source is
 * an upload, so every run opens it through `inputArgs`: only the container formats people upload
 * and only the local file protocol, which keeps a playlist disguised as a video (HLS, concat) from
 * making ffmpeg read other files of this machine or fetch URLs.
 */

export const FFMPEG = 'ffmpeg'
export const FFPROBE = 'ffprobe'

/** Demuxers an upload may use (mp4/mov/m4a, Matroska/WebM, AVI, FLV, MPEG-TS/PS, WMV, Ogg, audio). */
const FORMATS = 'mov,mp4,m4a,3gp,3g2,matroska,webm,avi,flv,mpegts,mpeg,asf,ogg,mp3,wav,aac,flac,aiff'

/** The options that open an uploaded file, and nothing but it, as ffmpeg's or ffprobe's input. */
export function inputArgs(path: string): string[] {
  return ['-format_whitelist', FORMATS, '-protocol_whitelist', 'file', '-i', `file:${path}`]
}

/** The tools this machine lacks (empty when ffmpeg and ffprobe are both on the PATH). */
export function missingTools(): string[] {
  return [FFMPEG, FFPROBE].filter((tool) => !Bun.which(tool))
}

/** A tool that exited with an error; the message ends with the last lines it wrote to stderr. */
export class ToolFailed extends Error {
  override name = 'ToolFailed'
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderrTail: string[],
  ) {
    super(`${tool} exited with code ${exitCode}${stderrTail.length ? `: ${stderrTail.join('\n')}` : ''}`)
  }
}

const STDERR_LINES = 12
const MAX_STDOUT = 32 * 1024 * 1024

/**
 * Runs a command to its end and returns its stdout, or hands each stdout line to `onLine` (then
 * returns ''). Only the last lines of stderr are kept (a broken file can make ffmpeg warn for
 * hours), for the error. `signal` kills the process at once; the promise then rejects with the
 * signal's reason.
 */
export async function runTool(
  argv: string[],
  opts: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<string> {
  const { signal, onLine } = opts
  signal?.throwIfAborted()
  let proc: ReturnType<typeof Bun.spawn<'ignore', 'pipe', 'pipe'>>
  try {
    proc = Bun.spawn(argv, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  } catch (error) {
    // Not the file's fault: the worker lacks the tool (the job is retried, maybe on another one).
    if ((error as { code?: string }).code === 'ENOENT')
      throw new Error(`${basename(argv[0]!)} is not installed on this worker (apt-get install ffmpeg)`)
    throw error
  }
  const kill = () => proc.kill('SIGKILL')
  signal?.addEventListener('abort', kill, { once: true })
  try {
    const tail: string[] = []
    let stdout = ''
    let tooLong = false
    await Promise.all([
      eachLine(proc.stdout, (line) => {
        if (onLine) return onLine(line)
        stdout += `${line}\n`
        if (stdout.length > MAX_STDOUT && !tooLong) {
          tooLong = true
          kill()
        }
      }),
      eachLine(proc.stderr, (line) => {
        if (!line.trim()) return
        tail.push(line.length > 400 ? `${line.slice(0, 400)}…` : line)
        if (tail.length > STDERR_LINES) tail.shift()
      }),
    ])
    const code = await proc.exited
    signal?.throwIfAborted()
    if (tooLong) throw new ToolFailed(basename(argv[0]!), code, ['more output than expected'])
    if (code !== 0) throw new ToolFailed(basename(argv[0]!), code, tail)
    return stdout
  } finally {
    signal?.removeEventListener('abort', kill)
  }
}

async function eachLine(stream: ReadableStream<Uint8Array>, fn: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder()
  let rest = ''
  for await (const chunk of stream) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split(/\r\n|\n|\r/)
    rest = lines.pop()!
    for (const line of lines) fn(line)
  }
  rest += decoder.decode()
  if (rest) fn(rest)
}

// ---------------------------------------------------------------------------------------------
// probe

/** The part of `ffprobe -print_format json -show_format -show_streams` read here. */
interface ProbeStream {
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  sample_aspect_ratio?: string
  avg_frame_rate?: string
  r_frame_rate?: string
  duration?: string
  disposition?: { attached_pic?: number; timed_thumbnails?: number }
  tags?: { rotate?: string }
  side_data_list?: { rotation?: number }[]
}
interface ProbeOutput {
  streams?: ProbeStream[]
  format?: { duration?: string }
}

export const DEFAULT_MAX_DURATION_SEC = 6 * 3600
const MIN_SIDE = 16
const MAX_SIDE = 7680
const MAX_PIXELS = 8192 * 4320

/**
 * What the source holds, with the display size (sample aspect ratio applied, sides swapped when a
 * phone recorded it rotated). Throws MediaRejected, with a reason a person can act on, for
 * anything the pipeline cannot turn into a video or audio stream; an audio-only file is accepted.
 */
export async function probe(
  path: string,
  opts: { maxDurationSec?: number; signal?: AbortSignal } = {},
): Promise<SourceInfo> {
  const maxDuration = opts.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC
  let output: ProbeOutput
  try {
    const json = await runTool(
      [FFPROBE, '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...inputArgs(path)],
      { signal: opts.signal },
    )
    output = JSON.parse(json) as ProbeOutput
  } catch (error) {
    if (error instanceof ToolFailed || error instanceof SyntaxError)
      throw new MediaRejected('not a media file we can read')
    throw error
  }
  const streams = (output.streams ?? []).filter((s) => s.codec_name)
  // The same streams ffmpeg maps as 0:V:0 and 0:a:0: a cover picture is not a video.
  const video = streams.find(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic && !s.disposition?.timed_thumbnails,
  )
  const audio = streams.find((s) => s.codec_type === 'audio')
  if (!video && !audio) throw new MediaRejected('the file has neither video nor audio')

  // The container's duration when it has one, else the longest stream's.
  const positive = (d: number) => Number.isFinite(d) && d > 0
  const formatDuration = Number(output.format?.duration)
  const durationSec = positive(formatDuration)
    ? formatDuration
    : Math.max(0, ...streams.map((s) => Number(s.duration)).filter(positive))
  if (!(durationSec > 0)) throw new MediaRejected('the file has no duration')
  if (durationSec > maxDuration)
    throw new MediaRejected(`the file is longer than ${formatLimit(maxDuration)}, the most we accept`)

  let width = 0
  let height = 0
  let rotation = 0
  if (video) {
    const coded = { width: video.width ?? 0, height: video.height ?? 0 }
    if (!sensibleSize(coded.width, coded.height))
      throw new MediaRejected(`a ${coded.width}x${coded.height} video is not a size we accept`)
    width = Math.round(coded.width * ratio(video.sample_aspect_ratio, 1))
    height = coded.height
    rotation = rotationOf(video)
    if (rotation === 90 || rotation === 270) [width, height] = [height, width]
    if (!sensibleSize(width, height))
      throw new MediaRejected(`a video displayed at ${width}x${height} is not a size we accept`)
  }
  const fps = video ? ratio(video.avg_frame_rate, 0) || ratio(video.r_frame_rate, 0) : 0
  return {
    durationSec,
    width,
    height,
    fps: Math.round(fps * 1000) / 1000,
    hasVideo: !!video,
    hasAudio: !!audio,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    rotation,
  }
}

function sensibleSize(width: number, height: number): boolean {
  return (
    Math.min(width, height) >= MIN_SIDE && Math.max(width, height) <= MAX_SIDE && width * height <= MAX_PIXELS
  )
}

/** `30000/1001`, `16:9`... as a number; `fallback` for `0/0`, `N/A` and the like. */
function ratio(text: string | undefined, fallback: number): number {
  const [num, den] = (text ?? '').split(/[/:]/).map(Number)
  const value = num! / den!
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/**
 * Clockwise degrees to turn the picture upright (0, 90, 180, 270), as ffmpeg's autorotate reads
 * them: the display matrix (whose `rotation` ffprobe gives counterclockwise), else the old
 * `rotate` tag (clockwise).
 */
function rotationOf(stream: ProbeStream): number {
  const matrix = stream.side_data_list?.find((d) => typeof d.rotation === 'number')
  const degrees = matrix ? -matrix.rotation! : Number(stream.tags?.rotate ?? 0)
  if (!Number.isFinite(degrees)) return 0
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360
}

function formatLimit(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`
  if (seconds % 60 === 0) return `${seconds / 60} minutes`
  return `${seconds} seconds`
}

// ---------------------------------------------------------------------------------------------
// ladder

/** H.264 rungs, named by the short side; the audio stream they share is 128 kb/s AAC. */
const RUNGS = [
  { short: 240, videoBitrate: 400_000 },
  { short: 360, videoBitrate: 800_000 },
  { short: 480, videoBitrate: 1_400_000 },
  { short: 720, videoBitrate: 2_800_000 },
  { short: 1080, videoBitrate: 5_000_000 },
] as const
export const AUDIO_BITRATE = 128_000

const LOWEST_RUNG_PIXELS = 426 * 240
const even = (n: number) => Math.max(2, Math.round(n / 2) * 2)
const evenDown = (n: number) => n - (n % 2)

/**
 * The renditions to make: every rung up to the source's short side (never upscaled), the source's
 * aspect kept with even sides (H.264 4:2:0 needs them). A source under 240 lines gets one rung at
 * its own size; an audio-only source one `audio` rendition.
 */
export function planLadder(info: SourceInfo): Rendition[] {
  const audioBitrate = info.hasAudio ? AUDIO_BITRATE : 0
  if (!info.hasVideo) return [{ name: 'audio', width: 0, height: 0, videoBitrate: 0, audioBitrate }]
  const short = Math.min(info.width, info.height)
  const long = Math.max(info.width, info.height)
  const landscape = info.width >= info.height
  const rendition = (shortSide: number, longSide: number, videoBitrate: number): Rendition => ({
    name: `${shortSide}p`,
    width: landscape ? longSide : shortSide,
    height: landscape ? shortSide : longSide,
    videoBitrate,
    audioBitrate,
  })
  const rungs = RUNGS.filter((r) => r.short <= short)
  if (rungs.length) {
    return rungs.map((r) =>
      rendition(r.short, Math.min(even((r.short * long) / short), evenDown(long)), r.videoBitrate),
    )
  }
  // Smaller than the lowest rung: its own size, at about the lowest rung's bits per pixel.
  const pixels = evenDown(short) * evenDown(long)
  const bitrate = Math.round((RUNGS[0].videoBitrate * pixels) / LOWEST_RUNG_PIXELS / 1000) * 1000
  return [rendition(evenDown(short), evenDown(long), Math.max(64_000, bitrate))]
}

// ---------------------------------------------------------------------------------------------
// pictures

const THUMB_WIDTHS = [1280, 640, 320] as const

/** 10% in, at most 10 s in: past a fade-in or a title card, and cheap to seek to on long files. */
function posterTime(info: SourceInfo): number {
  return Math.min(10, Math.max(0, info.durationSec * 0.1))
}

/**
 * Poster frames `thumb-1280.jpg`, `thumb-640.jpg`, `thumb-320.jpg` in `outDir` (the frame ~10% in,
 * upright, never enlarged). None for an audio-only source.
 */
export async function thumbnails(
  path: string,
  info: SourceInfo,
  outDir: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ name: string; width: number; height: number; file: string }[]> {
  if (!info.hasVideo) return []
  await mkdir(outDir, { recursive: true })
  const frame = join(outDir, 'poster-frame.png')
  try {
    await grabFrame(path, info, posterTime(info), frame, opts.signal)
    // A stream that ends before the container does has no frame at that time: take the first.
    if (!(await Bun.file(frame).exists()) || Bun.file(frame).size === 0)
      await grabFrame(path, info, 0, frame, opts.signal)
    if (!(await Bun.file(frame).exists())) throw new Error('ffmpeg produced no frame for the thumbnails')
    const results: { name: string; width: number; height: number; file: string }[] = []
    for (const width of THUMB_WIDTHS) {
      const file = join(outDir, `thumb-${width}.jpg`)
      const out = await sharp(frame)
        .resize({ width, withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toFile(file)
      results.push({ name: `thumb-${width}`, width: out.width, height: out.height, file })
    }
    return results
  } finally {
    await rm(frame, { force: true })
  }
}

/** One frame at `at` seconds, upright and at display size (square pixels), as PNG. */
async function grabFrame(path: string, info: SourceInfo, at: number, file: string, signal?: AbortSignal) {
  await runTool(
    [
      FFMPEG,
      ...['-nostdin', '-hide_banner', '-v', 'error', '-y', '-ss', at.toFixed(3)],
      ...inputArgs(path),
      ...['-map', '0:V:0', '-frames:v', '1', '-an', '-sn', '-dn', '-map_metadata', '-1'],
      ...['-vf', `scale=${info.width}:${info.height},setsar=1`, file],
    ],
    { signal },
  )
}

export const STORYBOARD_TILE_WIDTH = 160
const STORYBOARD_MAX_TILES = 100
const STORYBOARD_COLUMNS = 10

export interface Storyboard {
  /** `storyboard.jpg` and `storyboard.vtt` in `outDir`. */
  sprite: string
  vtt: string
  tiles: number
  /** Seconds between tiles. */
  interval: number
  tileWidth: number
  tileHeight: number
}

/**
 * The seek-bar preview: one 160 px wide tile every `interval` seconds (at most 100), in one
 * sprite made by a single ffmpeg run, and the WebVTT file players read it with
 * (`storyboard.jpg#xywh=x,y,w,h` per cue). Null for an audio-only source.
 */
export async function storyboard(
  path: string,
  info: SourceInfo,
  outDir: string,
  opts: { signal?: AbortSignal } = {},
): Promise<Storyboard | null> {
  if (!info.hasVideo) return null
  await mkdir(outDir, { recursive: true })
  const duration = info.durationSec
  const interval = Math.max(1, Math.ceil(duration / STORYBOARD_MAX_TILES))
  // A tail shorter than half an interval gets no tile of its own (ffmpeg may make none for it):
  // the last cue runs to the end instead.
  const tiles = Math.min(STORYBOARD_MAX_TILES, Math.max(1, Math.ceil(duration / interval - 0.5)))
  const columns = Math.min(STORYBOARD_COLUMNS, tiles)
  const rows = Math.ceil(tiles / columns)
  const tileWidth = STORYBOARD_TILE_WIDTH
  const tileHeight = even((tileWidth * info.height) / info.width)
  const sprite = join(outDir, 'storyboard.jpg')
  const vtt = join(outDir, 'storyboard.vtt')
  await runTool(
    [
      FFMPEG,
      ...['-nostdin', '-hide_banner', '-v', 'error', '-y'],
      ...inputArgs(path),
      ...['-map', '0:V:0', '-an', '-sn', '-dn', '-map_metadata', '-1'],
      ...['-vf', `fps=1/${interval},scale=${tileWidth}:${tileHeight},setsar=1,tile=${columns}x${rows}`],
      // One sprite: a frame past the grid would start a second one.
      ...['-frames:v', '1', '-q:v', '4', '-update', '1', sprite],
    ],
    { signal: opts.signal },
  )
  const cues = ['WEBVTT', '']
  for (let i = 0; i < tiles; i++) {
    const start = i * interval
    const end = i === tiles - 1 ? duration : Math.min(duration, (i + 1) * interval)
    const x = (i % columns) * tileWidth
    const y = Math.floor(i / columns) * tileHeight
    cues.push(
      `${vttTime(start)} --> ${vttTime(end)}`,
      `storyboard.jpg#xywh=${x},${y},${tileWidth},${tileHeight}`,
      '',
    )
  }
  await Bun.write(vtt, cues.join('\n'))
  return { sprite, vtt, tiles, interval, tileWidth, tileHeight }
}

/** `HH:MM:SS.mmm`, as WebVTT wants it. */
export function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000)
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const [h, m, s] = [Math.floor(ms / 3_600_000), Math.floor(ms / 60_000) % 60, Math.floor(ms / 1000) % 60]
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`
}
