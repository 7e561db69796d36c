/**
 * The ladder encoders behind one interface: local ffmpeg (the default) and AWS MediaConvert.
 * Probing, thumbnails and the storyboard are done locally with ffmpeg for either (media-tools.ts);
 * an encoder only turns the source into the renditions, written as fMP4 segments that one HLS
 * master playlist and one DASH manifest share, under `outputPrefix` in storage.
 */

/** What ffprobe says of a source. */
export interface SourceInfo {
  durationSec: number
  /** 0 when there is no video stream (an audio-only source). */
  width: number
  height: number
  fps: number
  hasVideo: boolean
  hasAudio: boolean
  videoCodec: string | null
  audioCodec: string | null
  /** Display rotation in degrees (phones record portrait as rotated landscape). */
  rotation: number
}

/** One rung of the ladder. `name` is `240p`...`1080p` (the short side), or `audio`. */
export interface Rendition {
  name: string
  /** 0 for the audio rendition. */
  width: number
  height: number
  /** bits per second; 0 for the audio rendition. */
  videoBitrate: number
  /** bits per second; 0 when the source has no audio. */
  audioBitrate: number
}

export interface EncodeRequest {
  videoId: string
  /** The job's attempt (1, 2...): a retry is a new encode for services that deduplicate requests. */
  attempt: number
  /** The source on this machine's disk. */
  sourcePath: string
  /** The source's key in storage (where MediaConvert reads it). */
  sourceKey: string
  source: SourceInfo
  ladder: Rendition[]
  /** Storage key prefix ending in `/`, e.g. `videos/<id>/r1/`. */
  outputPrefix: string
  /** 0 to 100, called as the encode advances. */
  onProgress(percent: number): void
  signal: AbortSignal
}

export interface EncodeResult {
  renditions: Rendition[]
  /** Keys relative to `outputPrefix`. */
  hlsMaster: string
  dashManifest: string
  /** Every key written, relative to `outputPrefix`, and the bytes in all. */
  files: string[]
  bytes: number
}

/** The highest output frame rate unless VIDEO_MAX_FPS says otherwise. */
export const DEFAULT_MAX_FPS = 60

/**
 * The frame rate a source is encoded at: its own when ffprobe read a sensible one at or under the
 * cap, else the cap, and then `convert` says the encoder must drop frames to it. A rate ffprobe
 * could not read (0, some variable-rate files) is converted too: what is unknown is not trusted to
 * be under the cap. The cap bounds the frames encoded per second of video, hence the work.
 */
export function outputFrameRate(
  source: SourceInfo,
  maxFps = DEFAULT_MAX_FPS,
): { fps: number; convert: boolean } {
  if (source.fps >= 1 && source.fps <= maxFps) return { fps: source.fps, convert: false }
  return { fps: maxFps, convert: true }
}

export interface Encoder {
  readonly name: 'ffmpeg' | 'mediaconvert'
  encode(request: EncodeRequest): Promise<EncodeResult>
}

/** A source the pipeline refuses (not a video, no duration, absurd dimensions...): not retried. */
export class MediaRejected extends Error {
  override name = 'MediaRejected'
}
