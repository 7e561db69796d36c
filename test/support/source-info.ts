import type { SourceInfo } from '../../src/videos/encoders/encoder.ts'

/**
 * What probe says of a source, for tests: by default a 30 s 1080p30 H.264 video with an AAC
 * track, upright. A test names only the fields it is about, so they stand out from the rest.
 */
export function sourceInfo(over: Partial<SourceInfo> = {}): SourceInfo {
  return {
    durationSec: 30,
    width: 1920,
    height: 1080,
    fps: 30,
    hasVideo: true,
    hasAudio: true,
    videoCodec: 'h264',
    audioCodec: 'aac',
    rotation: 0,
    ...over,
  }
}

/** What probe says of a source without a picture (an audio file). */
export const withoutVideo = {
  width: 0,
  height: 0,
  fps: 0,
  hasVideo: false,
  videoCodec: null,
} as const satisfies Partial<SourceInfo>

/** What probe says of a source without sound. */
export const withoutAudio = { hasAudio: false, audioCodec: null } as const satisfies Partial<SourceInfo>
