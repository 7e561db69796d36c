import { MediaRejected, outputFrameRate, type SourceInfo } from './encoders/encoder.ts'

/**
 * How much encoding a source costs, known as soon as ffprobe has read it: its length × its pixels
 * × the frames per second that will really be encoded (the source's, at most VIDEO_MAX_FPS),
 * counted in **seconds of 1080p30** (one second of 1920x1080 at 30 fps is 1). The ladder's cost
 * follows the source's pixels (a 1080p source gets five rungs, a 480p one three, about in
 * proportion), so the figure tracks the encoder's CPU time: on this project's 2-core machine one
 * unit is about 1.8 CPU-seconds of the ffmpeg ladder (`npm run bench:encode`: 60 s of 1080p30,
 * 107 CPU-s).
 *
 * Nothing costs less than the lowest rung (240p at 30 fps): an audio-only file, or a tiny video,
 * still takes a worker's time (audio, thumbnails, the storyboard).
 */

const UNIT_PIXEL_RATE = 1920 * 1080 * 30
const FLOOR_PIXEL_RATE = 426 * 240 * 30

export function encodeWork(source: SourceInfo, maxFps: number): number {
  const fps = outputFrameRate(source, maxFps).fps
  const pixelRate = source.hasVideo ? source.width * source.height * fps : 0
  return (source.durationSec * Math.max(pixelRate, FLOOR_PIXEL_RATE)) / UNIT_PIXEL_RATE
}

/** The reason a source over VIDEO_MAX_WORK is refused; the code is the start, for machines too. */
export function tooMuchWork(
  source: SourceInfo,
  work: number,
  maxWork: number,
  maxFps: number,
): MediaRejected {
  const fps = outputFrameRate(source, maxFps).fps
  const what = source.hasVideo ? `${source.width}x${source.height} at ${fps} fps` : 'audio'
  return new MediaRejected(
    `too_much_work: ${duration(source.durationSec)} of ${what} is ${Math.ceil(work)} s of encoding ` +
      `counted at 1080p30; one video may take at most ${maxWork} (${duration(maxWork)} of 1080p30, ` +
      'less at higher resolutions or frame rates)',
  )
}

/** `6 h`, `1 h 30 min`, `45 s`: for people. */
export function duration(seconds: number): string {
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const parts = [h && `${h} h`, m && `${m} min`, !h && s % 60 && `${s % 60} s`].filter(Boolean)
  return parts.join(' ') || '0 s'
}
