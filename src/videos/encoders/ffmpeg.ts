import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { Storage } from '../../platform/storage.ts'
import { FFMPEG, inputArgs, runTool } from '../media-tools.ts'
import { type EncodeRequest, type EncodeResult, type Encoder, outputFrameRate } from './encoder.ts'

/**
 * The ladder in one local ffmpeg run: the source is decoded once (autorotated upright), split and
 * brought down to the frame rate cap (VIDEO_MAX_FPS) when over it, scaled to every rung, each encoded with x264 on the same fixed 2 s GOP so that segments line up
 * across renditions, and muxed by the `dash` muxer with `hls_playlist`, so ONE set of fMP4
 * segments serves the DASH manifest and the HLS playlists alike. Output is written to a temporary
 * directory and uploaded to storage once ffmpeg has succeeded; nothing is left on disk either way.
 */

export const HLS_MASTER = 'master.m3u8'
export const DASH_MANIFEST = 'manifest.mpd'
/** Segments 4 s long, cut on keyframes every 2 s. */
const SEGMENT_SEC = 4
const GOP_SEC = 2
/** Parallel PutObject calls: a long video is thousands of segments. */
const UPLOADS_AT_ONCE = 8

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
}

export interface FfmpegOptions {
  /** Where temporary output directories are made; it needs room for one encoded video. */
  workDir: string
  /** x264 preset, `veryfast` unless told. */
  preset?: string
  /** Encoder threads (ffmpeg's own choice unless told). */
  threads?: number
  /** Highest output frame rate (DEFAULT_MAX_FPS unless told): a faster source drops frames. */
  maxFps?: number
}

/**
 * The complete ffmpeg command line (argv[0] is the binary) that encodes `request.ladder` into
 * `outDir`: the encoder runs exactly this, and a benchmark can run it bare.
 */
export function ffmpegLadderArgs(
  request: Pick<EncodeRequest, 'sourcePath' | 'source' | 'ladder'>,
  outDir: string,
  opts: Pick<FfmpegOptions, 'preset' | 'threads' | 'maxFps'> = {},
): string[] {
  const { source } = request
  const rungs = request.ladder.filter((r) => r.videoBitrate > 0)
  if (source.hasVideo !== rungs.length > 0) throw new Error('the ladder does not match the source')
  if (!source.hasVideo && !source.hasAudio) throw new Error('nothing to encode')
  const rate = outputFrameRate(source, opts.maxFps)
  const args = [FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', '-y', ...inputArgs(request.sourcePath)]

  if (rungs.length) {
    // Keep the source's display aspect: `scale` to a fixed size adjusts the sample aspect ratio by
    // the rounding, and the dash muxer refuses an adaptation set whose renditions disagree on it.
    const outputs = rungs.map((_, i) => `[s${i}]`).join('')
    const scales = rungs.map((r, i) => `[s${i}]scale=w=${r.width}:h=${r.height},format=yuv420p[v${i}]`)
    // The cap applies before the split, once: every rung gets the same frames (and keyframes).
    const fps = rate.convert ? `fps=fps=${rate.fps},` : ''
    args.push('-filter_complex', [`[0:V:0]${fps}split=${rungs.length}${outputs}`, ...scales].join(';'))
    for (let i = 0; i < rungs.length; i++) args.push('-map', `[v${i}]`)
  }
  if (source.hasAudio) args.push('-map', '0:a:0')
  // No title, location, camera... of the upload in the output.
  args.push('-map_metadata', '-1', '-map_chapters', '-1')

  if (rungs.length) {
    const gop = String(Math.max(1, Math.round(rate.fps * GOP_SEC)))
    args.push('-c:v', 'libx264', '-preset', opts.preset ?? 'veryfast')
    args.push('-g', gop, '-keyint_min', gop, '-sc_threshold', '0')
    for (const [i, r] of rungs.entries()) {
      args.push(`-profile:v:${i}`, Math.min(r.width, r.height) >= 720 ? 'high' : 'main')
      args.push(`-b:v:${i}`, String(r.videoBitrate))
      args.push(`-maxrate:v:${i}`, String(Math.round(r.videoBitrate * 1.07)))
      args.push(`-bufsize:v:${i}`, String(Math.round(r.videoBitrate * 1.5)))
    }
  }
  if (source.hasAudio) {
    const bitrate = request.ladder.find((r) => r.audioBitrate > 0)?.audioBitrate ?? 128_000
    args.push('-c:a', 'aac', '-b:a', String(bitrate), '-ac', '2')
  }
  if (opts.threads) args.push('-threads', String(opts.threads))

  const sets = rungs.length
    ? ['id=0,streams=v', ...(source.hasAudio ? ['id=1,streams=a'] : [])]
    : ['id=0,streams=a']
  args.push(
    ...['-f', 'dash', '-seg_duration', String(SEGMENT_SEC), '-use_template', '1', '-use_timeline', '1'],
    ...['-hls_playlist', '1', '-hls_master_name', HLS_MASTER, '-adaptation_sets', sets.join(' ')],
    // Names made here, never from the upload: they become storage keys.
    ...['-init_seg_name', 'init-$RepresentationID$.m4s'],
    ...['-media_seg_name', 'chunk-$RepresentationID$-$Number%05d$.m4s'],
    ...['-progress', 'pipe:1', '-nostats'],
    join(outDir, DASH_MANIFEST),
  )
  return args
}

export function ffmpegEncoder(storage: Storage, opts: FfmpegOptions): Encoder {
  return {
    name: 'ffmpeg',
    async encode(request) {
      await mkdir(opts.workDir, { recursive: true })
      const outDir = await mkdtemp(join(opts.workDir, 'encode-'))
      try {
        const progress = progressReporter(request)
        await runTool(ffmpegLadderArgs(request, outDir, opts), {
          signal: request.signal,
          onLine: progress.line,
        })
        const files = (await readdir(outDir)).sort()
        checkOutput(request, files, await Bun.file(join(outDir, HLS_MASTER)).text())
        const bytes = await upload(storage, request, outDir, files)
        progress.done()
        return {
          renditions: request.ladder,
          hlsMaster: HLS_MASTER,
          dashManifest: DASH_MANIFEST,
          files,
          bytes,
        } satisfies EncodeResult
      } finally {
        await rm(outDir, { recursive: true, force: true })
      }
    },
  }
}

/**
 * `-progress pipe:1` reports `out_time_us` (and `out_time_ms`, in microseconds too despite its
 * name); against the source's duration that is the percentage, reported only when it grows. It
 * stops at 99 until the upload is over.
 */
function progressReporter(request: EncodeRequest) {
  let last = -1
  const report = (percent: number) => {
    if (percent <= last) return
    last = percent
    request.onProgress(percent)
  }
  report(0)
  return {
    line(line: string) {
      const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line)
      if (!match || !(request.source.durationSec > 0)) return
      const seconds = Number(match[1]) / 1e6
      report(Math.min(99, Math.floor((seconds / request.source.durationSec) * 100)))
    },
    done: () => report(100),
  }
}

/** The playlists must name every rendition before anything is published. */
function checkOutput(request: EncodeRequest, files: string[], master: string) {
  if (!files.includes(DASH_MANIFEST)) throw new Error('ffmpeg wrote no DASH manifest')
  const videoRungs = request.ladder.filter((r) => r.videoBitrate > 0).length
  const variants = master.match(/^#EXT-X-STREAM-INF:/gm)?.length ?? 0
  if (variants !== Math.max(1, videoRungs))
    throw new Error(`the HLS master lists ${variants} variants for ${videoRungs} renditions`)
}

/**
 * Segments first, a few at a time; playlists and manifest last, so that a player never finds one
 * naming a file not stored yet. Returns the bytes uploaded.
 */
async function upload(storage: Storage, request: EncodeRequest, dir: string, files: string[]) {
  const isIndex = (f: string) => f.endsWith('.m3u8') || f.endsWith('.mpd')
  let bytes = 0
  const put = async (file: string) => {
    request.signal.throwIfAborted()
    const path = join(dir, file)
    const { size } = await stat(path)
    bytes += size
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    await storage.putFile(`${request.outputPrefix}${file}`, path, type)
  }
  const segments = files.filter((f) => !isIndex(f))
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < segments.length) {
      try {
        await put(segments[next++]!)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  // Every upload under way ends before this does: none lands after the caller heard of a failure.
  const workers = Array.from({ length: Math.min(UPLOADS_AT_ONCE, segments.length) }, worker)
  const failure = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected')
  if (failure) throw failure.reason
  for (const file of files.filter(isIndex)) await put(file)
  return bytes
}
