import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'

/** What IVS writes beside a finished recording (`<prefix>/events/recording-ended.json`), as far as it is read here. */
interface RecordingEnded {
  media?: {
    hls?: {
      path?: string
      renditions?: { path?: string; playlist?: string; resolution_height?: number }[]
    }
  }
}

/**
 * Fetches an IVS recording from S3 into one local file the video pipeline can take as a source:
 * the best rendition of the recording's HLS (the tallest), its init segment (fMP4 recordings) and
 * its segments in playlist order, appended as they come, never held in memory whole. MPEG-TS and
 * fMP4 segments both make a playable file when joined so; the pipeline's ffprobe judges the rest.
 */
export async function fetchIvsRecording(
  s3: S3Client,
  recording: { bucket: string; keyPrefix: string },
  to: string,
  signal?: AbortSignal,
): Promise<{ bytes: number; segments: number }> {
  const text = async (key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: recording.bucket, Key: key }), {
      abortSignal: signal,
    })
    if (!object.Body) throw new Error(`IVS recording: ${key} is empty`)
    return object.Body.transformToString()
  }
  const ended = JSON.parse(await text(`${recording.keyPrefix}/events/recording-ended.json`)) as RecordingEnded
  const hls = ended.media?.hls
  const renditions = (hls?.renditions ?? []).filter((r) => r.path && r.playlist)
  if (!hls?.path || renditions.length === 0)
    throw new Error('IVS recording: recording-ended.json names no HLS rendition')
  const best = renditions.reduce((a, b) => ((b.resolution_height ?? 0) > (a.resolution_height ?? 0) ? b : a))
  const dir = `${recording.keyPrefix}/${hls.path}/${best.path}`
  const playlist = await text(`${dir}/${best.playlist}`)
  const files = playlistFiles(playlist)
  if (files.length === 0) throw new Error('IVS recording: the playlist lists no segment')

  const out = createWriteStream(to)
  let bytes = 0
  try {
    for (const file of files) {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: recording.bucket, Key: `${dir}/${file}` }),
        {
          abortSignal: signal,
        },
      )
      if (!object.Body) throw new Error(`IVS recording: segment ${file} is empty`)
      for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
        bytes += chunk.length
        if (!out.write(chunk)) await once(out, 'drain')
      }
    }
  } finally {
    out.end()
    await once(out, 'close')
  }
  return { bytes, segments: files.length }
}

/** The init segment (EXT-X-MAP) then the media segments of a media playlist, relative names only. */
export function playlistFiles(playlist: string): string[] {
  const files: string[] = []
  for (const raw of playlist.split('\n')) {
    const line = raw.trim()
    const map = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line)
    const name = map ? map[1]! : line && !line.startsWith('#') ? line : undefined
    if (!name) continue
    // Only files beside the playlist: a URL or a path out of the recording is not followed.
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) || name.split('/').includes('..'))
      throw new Error(`IVS recording: the playlist names ${name}, outside the recording`)
    if (!files.includes(name)) files.push(name)
  }
  return files
}
