import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { JobHandler } from '../jobs/runner.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { Storage } from '../platform/storage.ts'
import { MediaRejected } from '../videos/encoders/encoder.ts'
import { FFMPEG, inputArgs, probe, runTool } from '../videos/media-tools.ts'
import { originalKey } from '../videos/processing.ts'
import type { UploadService } from '../videos/uploads.ts'
import type { VideoService } from '../videos/videos.ts'
import type { Claims } from './claims.ts'
import { localCopy, permanent } from './jobs.ts'
import type { MatchSegment } from './matcher.ts'

export const TRIM_JOB = 'copyright.trim'

/** What stays of `[0, duration)` once `cut` (intervals, any order, overlapping) is taken out. */
export function keptIntervals(cut: { start: number; end: number }[], duration: number): [number, number][] {
  const sorted = cut
    .map((c) => ({ start: Math.max(0, c.start), end: Math.min(duration, c.end) }))
    .filter((c) => c.end > c.start)
    .sort((a, b) => a.start - b.start)
  const kept: [number, number][] = []
  let at = 0
  for (const c of sorted) {
    if (c.start > at) kept.push([at, c.start])
    at = Math.max(at, c.end)
  }
  if (at < duration) kept.push([at, duration])
  return kept.filter(([a, b]) => b - a >= 0.05)
}

/**
 * `source` with only the `kept` intervals (seconds), joined, written to `out` (MP4: H.264 and AAC,
 * re-encoded once by ffmpeg's trim/concat filters). Whichever of the two streams the source has is
 * kept (the same streams the pipeline encodes, 0:V:0 and 0:a:0: a cover picture is not a video);
 * a video without sound stays silent, an audio-only source stays audio-only.
 */
export async function trimMedia(
  source: string,
  kept: [number, number][],
  out: string,
  signal?: AbortSignal,
): Promise<void> {
  const info = await probe(source, { signal })
  const parts: string[] = []
  const joined: string[] = []
  kept.forEach(([a, b], i) => {
    const range = `start=${a.toFixed(3)}:end=${b.toFixed(3)}`
    if (info.hasVideo) {
      parts.push(`[0:V:0]trim=${range},setpts=PTS-STARTPTS[v${i}]`)
      joined.push(`[v${i}]`)
    }
    if (info.hasAudio) {
      parts.push(`[0:a:0]atrim=${range},asetpts=PTS-STARTPTS[a${i}]`)
      joined.push(`[a${i}]`)
    }
  })
  const v = info.hasVideo ? 1 : 0
  const a = info.hasAudio ? 1 : 0
  const outputs = `${v ? '[v]' : ''}${a ? '[a]' : ''}`
  await runTool(
    [
      ...[FFMPEG, '-nostdin', '-hide_banner', '-v', 'error', '-y', ...inputArgs(source)],
      ...[
        '-filter_complex',
        `${parts.join(';')};${joined.join('')}concat=n=${kept.length}:v=${v}:a=${a}${outputs}`,
      ],
      ...(v
        ? ['-map', '[v]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p']
        : []),
      ...(a ? ['-map', '[a]', '-c:a', 'aac', '-b:a', '192k'] : []),
      ...['-movflags', '+faststart', '-f', 'mp4', `file:${out}`],
    ],
    { signal },
  )
}

/**
 * The uploader's trim: the video's original with the claim's segments (both kinds, their union)
 * cut out, encoded once and stored as the new original; the claim is then released (`trimmed`)
 * and the video encoded again, which matches it again (a reference still found claims it anew).
 */
export function trimHandler(deps: {
  db: Kysely<DB>
  storage: Storage
  claims: Claims
  uploads: UploadService
  videos: VideoService
  workDir: string
}): JobHandler<{ claimId: string; videoId: string; actorId: string }> {
  const { db, storage } = deps
  return {
    kind: TRIM_JOB,
    timeoutMs: 3_600_000,
    permanent,
    async run(job) {
      const { claimId, videoId } = job.payload
      const row = await db
        .selectFrom('copyrightClaims as c')
        .innerJoin('videos as v', 'v.id', 'c.videoId')
        .select(['c.segments', 'c.state', 'v.durationMs', 'v.uploadId', 'v.deletedAt'])
        .where('c.id', '=', claimId)
        .executeTakeFirst()
      if (!row || row.deletedAt || row.state === 'released') return null
      const duration = (row.durationMs ?? 0) / 1000
      const segments = row.segments as unknown as MatchSegment[]
      const kept = keptIntervals(
        segments.map((s) => ({ start: s.videoStart, end: s.videoEnd })),
        duration,
      )
      if (!kept.length)
        throw new MediaRejected('Nothing would be left of the video once the claimed segments are cut')
      const scratch = join(deps.workDir, `copyright-trim-${job.id}-${job.attempt}`)
      try {
        job.progress(1, 'fetch')
        const source = await localCopy(storage, null, originalKey(videoId), scratch)
        job.progress(10, 'trim')
        const out = join(scratch, 'trimmed.mp4')
        await trimMedia(source, kept, out, job.signal)
        job.progress(90, 'store')
        await storage.putFile(originalKey(videoId), out, 'video/mp4')
        // The transcode reads the upload while it is on disk: the trimmed original replaces it.
        if (row.uploadId) await deps.uploads.discard(row.uploadId)
        return { kept } as unknown as Json
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
    async succeeded(trx, job, raw) {
      if (!raw) return
      const { claimId, videoId, actorId } = job.payload
      const video = await trx
        .selectFrom('videos')
        .select('ownerId')
        .where('id', '=', videoId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
      if (!video) return
      await deps.claims.trimmed(trx, claimId, actorId)
      await deps.videos.reprocess(trx, videoId, video.ownerId)
    },
  }
}
