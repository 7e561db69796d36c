import { FFMPEG, inputArgs, ToolFailed } from '../videos/media-tools.ts'
import {
  DENSE_PEAKS,
  type Density,
  LANDMARK_RATE,
  type Landmarks,
  landmarks,
  noLandmarks,
  type Peaks,
  peaks,
  QUERY,
  REFERENCE,
  spectrogram,
} from './landmarks.ts'
import { framePhash, inner, letterbox } from './phash.ts'

/**
 * Fingerprints of a media file, made once (a reference when it is added, a video when it is
 * checked) and stored: Chromaprint's 32-bit sub-fingerprints of the audio, and 64-bit perceptual
 * hashes of video frames sampled at FRAME_RATE after letterbox removal: of the whole picture, and
 * of its centre (ZOOM, CENTRE), which a cropped copy or one with a logo in a corner keeps.
 */
export interface Fingerprints {
  /** Chromaprint sub-fingerprints, one per AUDIO_STEP seconds (empty without audio). */
  audio: Int32Array
  /** Frame pHashes, one per 1/FRAME_RATE seconds (empty without video). */
  video: BigInt64Array
  /**
   * The same frames' hashes of the central ZOOM of the picture (matched against a query's whole
   * frames: a copy cropped by 10% shows that part whole) and of its central CENTRE (matched
   * against a query's own centre: clear of corner logos and captions). Absent: none.
   */
  videoZoom?: BigInt64Array
  videoCentre?: BigInt64Array
  /**
   * The audio also fingerprinted played at other speeds (`speed` × faster), for queries only:
   * matched as well, their times × `speed` on the upload's timeline. Never stored.
   */
  audioVariants?: { speed: number; audio: Int32Array }[]
  /**
   * Spectral-peak landmarks of the audio (landmarks.ts), which survive speech over the music;
   * absent: none (references fingerprinted before migration 0090, or no audio).
   */
  landmarks?: Landmarks
  /**
   * An upload's denser constellation (DENSE_PEAKS a block), for checking how far a landmark
   * match extends where a voice masked its votes (matcher.ts). Queries only, never stored.
   */
  peaks?: Peaks
}

/** Speeds an upload's audio is also matched at: a copy sped up or slowed down by 2%. */
export const QUERY_SPEEDS = [1 / 1.02, 1.02]

/** Seconds between Chromaprint sub-fingerprints (1365 samples at 11025 Hz). */
export const AUDIO_STEP = 1365 / 11025
/** Seconds between the start of the audio and its first sub-fingerprint's window centre, about. */
export const AUDIO_LAG = 0
/** Frames hashed per second of video. */
export const FRAME_RATE = 2
/** Parts of the picture (after letterbox removal) hashed besides the whole. */
export const ZOOM = 0.9
export const CENTRE = 0.6
/** Side of the square greyscale frame ffmpeg hands over (stretched; letterbox removed here). */
export const FRAME_SIDE = 96

async function run(argv: string[], signal?: AbortSignal): Promise<Uint8Array> {
  signal?.throwIfAborted()
  const proc = Bun.spawn(argv, { stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' })
  const kill = () => proc.kill('SIGKILL')
  signal?.addEventListener('abort', kill, { once: true })
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).arrayBuffer(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    signal?.throwIfAborted()
    if (code !== 0) throw new ToolFailed(argv[0]!, code, err.trim().split('\n').slice(-6))
    return new Uint8Array(out)
  } finally {
    signal?.removeEventListener('abort', kill)
  }
}

/** ffmpeg's complaint when the input has no audio stream to map. */
const noAudio = (error: unknown) =>
  error instanceof ToolFailed &&
  /does not contain any stream|Output file .* does not contain/i.test(error.message)

/** The audio decoded to mono float PCM at LANDMARK_RATE (empty without audio). */
export async function audioPcm(path: string, signal?: AbortSignal): Promise<Float32Array> {
  const out = await run(
    [
      ...[FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', ...inputArgs(path)],
      ...['-map', '0:a:0?', '-vn', '-ac', '1', '-ar', String(LANDMARK_RATE), '-f', 'f32le', '-'],
    ],
    signal,
  ).catch((error) => {
    if (noAudio(error)) return new Uint8Array(0)
    throw error
  })
  return new Float32Array(out.buffer, out.byteOffset, Math.floor(out.byteLength / 4)).slice()
}

/** The audio's spectral-peak landmarks (none without audio). */
export async function audioLandmarks(
  path: string,
  density: Density,
  signal?: AbortSignal,
): Promise<Landmarks> {
  const pcm = await audioPcm(path, signal)
  return pcm.length ? landmarks(pcm, density) : noLandmarks()
}

/** An upload's landmarks (QUERY density) and dense constellation, from one spectrogram (none without audio). */
export async function queryLandmarks(
  path: string,
  signal?: AbortSignal,
): Promise<Pick<Fingerprints, 'landmarks' | 'peaks'>> {
  const pcm = await audioPcm(path, signal)
  if (!pcm.length) return { landmarks: noLandmarks() }
  const spectrum = spectrogram(pcm)
  return { landmarks: landmarks(spectrum, QUERY), peaks: peaks(spectrum, DENSE_PEAKS) }
}

/** The audio's Chromaprint sub-fingerprints (ffmpeg's chromaprint muxer, raw); empty without audio. */
export async function audioFingerprint(path: string, signal?: AbortSignal, speed = 1): Promise<Int32Array> {
  const args = [FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', ...inputArgs(path)]
  // Played `speed` × faster (pitch and tempo, as a resampled copy is) by relabelling the rate.
  const tempo =
    speed === 1 ? [] : ['-af', `aresample=44100,asetrate=${Math.round(44100 * speed)},aresample=44100`]
  const out = await run(
    [...args, '-map', '0:a:0?', '-vn', ...tempo, '-ac', '1', '-f', 'chromaprint', '-fp_format', 'raw', '-'],
    signal,
  ).catch((error) => {
    // No audio stream: the muxer has nothing to write and ffmpeg says so.
    if (noAudio(error)) return new Uint8Array(0)
    throw error
  })
  return new Int32Array(out.buffer, out.byteOffset, Math.floor(out.byteLength / 4)).slice()
}

type VideoPrints = Pick<Fingerprints, 'video' | 'videoZoom' | 'videoCentre'>

/**
 * The frames' pHashes at FRAME_RATE (letterbox found over the whole video and cut), of the whole
 * picture, its ZOOM and its CENTRE; empty without video.
 */
export async function videoFingerprint(path: string, signal?: AbortSignal): Promise<VideoPrints> {
  const side = FRAME_SIDE
  const out = await run(
    [
      ...[FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', ...inputArgs(path)],
      ...['-map', '0:v:0?', '-an', '-vf', `fps=${FRAME_RATE},scale=${side}:${side}:flags=area,format=gray`],
      ...['-f', 'rawvideo', '-'],
    ],
    signal,
  )
  const size = side * side
  const count = Math.floor(out.byteLength / size)
  const frames = Array.from({ length: count }, (_, i) => out.subarray(i * size, (i + 1) * size))
  const box = letterbox(frames, side)
  const of = (part: number) => {
    const b = inner(box, part)
    return BigInt64Array.from(frames, (f) => framePhash(f, side, b))
  }
  return { video: of(1), videoZoom: of(ZOOM), videoCentre: of(CENTRE) }
}

/** The audio at QUERY_SPEEDS (none without audio). */
export async function audioVariants(
  path: string,
  signal?: AbortSignal,
): Promise<Fingerprints['audioVariants']> {
  const out: NonNullable<Fingerprints['audioVariants']> = []
  for (const speed of QUERY_SPEEDS) {
    const audio = await audioFingerprint(path, signal, speed)
    if (audio.length) out.push({ speed, audio })
  }
  return out
}

/**
 * Both kinds, as `kind` asks, with the audio's landmarks at the density of `as` (a reference's
 * sparse, indexed; a query's denser, looked up).
 */
export async function fingerprint(
  path: string,
  kind: 'audio' | 'video' | 'both',
  signal?: AbortSignal,
  as: 'reference' | 'query' = 'query',
): Promise<Fingerprints> {
  const audio = kind === 'video' ? new Int32Array(0) : await audioFingerprint(path, signal)
  return {
    audio,
    ...(kind === 'audio' ? { video: new BigInt64Array(0) } : await videoFingerprint(path, signal)),
    ...(!audio.length
      ? {}
      : as === 'reference'
        ? { landmarks: await audioLandmarks(path, REFERENCE, signal) }
        : await queryLandmarks(path, signal)),
  }
}
