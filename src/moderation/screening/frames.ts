import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FFMPEG, inputArgs, runTool } from '../../videos/media-tools.ts'

/** Frames a video's screening looks at, spread over its length. */
export const VIDEO_FRAMES = 6
/** Frame width: the image classifier scales to 224 px anyway. */
const FRAME_WIDTH = 320

/**
 * Frames of a video file, `count` of them evenly spread over `durationSec` (the middle of each
 * stretch, so neither a fade-in nor the credits), as JPEG, one ffmpeg seek each. A frame past the
 * end of the video stream is skipped.
 */
export async function* sampleFrames(
  path: string,
  durationSec: number,
  count = VIDEO_FRAMES,
  signal?: AbortSignal,
): AsyncIterable<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-frames-'))
  try {
    for (let i = 0; i < count; i++) {
      const at = (durationSec * (i + 0.5)) / count
      const file = join(dir, `frame-${i}.jpg`)
      await runTool(
        [
          ...[FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', '-y', '-ss', at.toFixed(3)],
          ...inputArgs(path),
          ...['-map', '0:V:0', '-frames:v', '1', '-an', '-sn', '-dn'],
          ...['-vf', `scale=${FRAME_WIDTH}:-2`, '-q:v', '4', file],
        ],
        { signal },
      )
      const frame = Bun.file(file)
      if (await frame.exists()) yield new Uint8Array(await frame.arrayBuffer())
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Frames of a stored video (copied to this machine's disk for ffmpeg, removed after). */
export async function* framesOfStored(
  body: ReadableStream<Uint8Array>,
  durationSec: number,
  count = VIDEO_FRAMES,
): AsyncIterable<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-screen-'))
  try {
    const path = join(dir, 'source')
    await Bun.write(path, new Response(body))
    yield* sampleFrames(path, durationSec, count)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The first frame of a media segment (a live HLS segment starts at a keyframe), as JPEG; undefined when it has none. */
export async function firstFrameOf(
  segment: Uint8Array,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'sf-live-frame-'))
  try {
    const source = join(dir, 'segment.ts')
    const file = join(dir, 'frame.jpg')
    await Bun.write(source, segment)
    await runTool(
      [
        ...[FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', '-y'],
        ...inputArgs(source),
        ...['-map', '0:V:0', '-frames:v', '1', '-an', '-sn', '-dn'],
        ...['-vf', `scale=${FRAME_WIDTH}:-2`, '-q:v', '4', file],
      ],
      { signal },
    )
    const frame = Bun.file(file)
    return (await frame.exists()) ? new Uint8Array(await frame.arrayBuffer()) : undefined
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
