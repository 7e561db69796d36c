import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Kysely, sql, type Transaction, type UpdateObject } from 'kysely'
import type { JobHandler } from '../jobs/runner.ts'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { Storage } from '../platform/storage.ts'
import type { EncodeBudget } from './encode-budget.ts'
import { encodeWork, tooMuchWork } from './encode-work.ts'
import { type Encoder, MediaRejected } from './encoders/encoder.ts'
import { planLadder, probe, storyboard, thumbnails } from './media-tools.ts'
import { VIDEO_EVENTS } from './topology.ts'
import type { UploadService } from './uploads.ts'
import type { VideoOutputs } from './video-views.ts'
import { removeFiles, TRANSCODE_JOB, type VideoService } from './videos.ts'

type Result = VideoOutputs & { durationMs: number; width: number; height: number; outputPrefix: string }

/** Where the original is kept once processing starts (the upload's bytes are then let go). */
export function originalKey(videoId: string): string {
  return `videos/${videoId}/original`
}

/**
 * The job that turns an upload into a playable video: ffprobe (a refused source fails the video at
 * once with the reason, and so does one over the work a video may take, VIDEO_MAX_WORK, or one whose
 * owner has used up their daily encoding budget; otherwise its work is charged to them), the original into storage, the ladder through the configured encoder,
 * poster thumbnails and the storyboard, all under `videos/<id>/<job id>/` (a retry overwrites the
 * same keys: the work is idempotent). The video turns ready, with its outputs, in the transaction
 * that records the job's success; its owner hears of it live.
 */
export function transcodeHandler(deps: {
  db: Kysely<DB>
  storage: Storage
  encoder: Encoder
  uploads: UploadService
  videos: VideoService
  workDir: string
  maxDurationSec: number
  /** Highest frame rate encoded (the encoder's cap; the work is counted at it). */
  maxFps: number
  /** Most work one video may take, in seconds of 1080p30 (encode-work.ts). */
  maxWork: number
  /** Each owner's daily work, charged here once the source is probed. */
  budget: EncodeBudget
}): JobHandler<{ videoId: string }> {
  const { db, storage } = deps
  return {
    kind: TRANSCODE_JOB,
    timeoutMs: 6 * 3_600_000,
    permanent: (error) => error instanceof MediaRejected,
    async run(job) {
      const { videoId } = job.payload
      const video = await db
        .selectFrom('videos')
        .innerJoin('uploads', 'uploads.id', 'videos.uploadId')
        .select(['videos.uploadId', 'videos.ownerId', 'videos.deletedAt', 'uploads.detectedType'])
        .where('videos.id', '=', videoId)
        .executeTakeFirst()
      if (!video || video.deletedAt) return null
      // Processing again (an admin's retry of a failed job): the video says so.
      await db
        .updateTable('videos')
        .set({ status: 'processing', failureReason: null, updatedAt: sql`now()` })
        .where('id', '=', videoId)
        .where('jobId', '=', job.id)
        .where('status', '=', 'failed')
        .execute()
      const scratch = join(deps.workDir, `job-${job.id}-${job.attempt}`)
      await mkdir(scratch, { recursive: true })
      try {
        job.progress(1, 'probe')
        const source = await localSource(deps, videoId, video.uploadId, scratch)
        const info = await probe(source, { maxDurationSec: deps.maxDurationSec, signal: job.signal })
        const work = encodeWork(info, deps.maxFps)
        if (work > deps.maxWork) throw tooMuchWork(info, work, deps.maxWork, deps.maxFps)
        await deps.budget.charge({ jobId: job.id, ownerId: video.ownerId, videoId, work })
        const ladder = planLadder(info)
        await storage.putFile(originalKey(videoId), source, video.detectedType ?? 'application/octet-stream')
        const outputPrefix = `videos/${videoId}/${job.id}/`
        job.progress(3, 'encode')
        const encoded = await deps.encoder.encode({
          videoId,
          attempt: job.attempt,
          sourcePath: source,
          sourceKey: originalKey(videoId),
          source: info,
          ladder,
          outputPrefix,
          onProgress: (p) => job.progress(3 + p * 0.87, 'encode'),
          signal: job.signal,
        })
        job.progress(90, 'thumbnails')
        const extras = join(scratch, 'extras')
        const thumbs = await thumbnails(source, info, extras, { signal: job.signal })
        const board = await storyboard(source, info, extras, { signal: job.signal })
        job.progress(96, 'store')
        const files = [...encoded.files]
        const put = async (path: string, contentType: string) => {
          const name = path.slice(path.lastIndexOf('/') + 1)
          await storage.putFile(`${outputPrefix}${name}`, path, contentType)
          files.push(name)
          return name
        }
        const thumbnailsOut: VideoOutputs['thumbnails'] = []
        for (const t of thumbs) thumbnailsOut.push({ ...t, file: await put(t.file, 'image/jpeg') })
        const storyboardOut = board && {
          sprite: await put(board.sprite, 'image/jpeg'),
          vtt: await put(board.vtt, 'text/vtt'),
          tiles: board.tiles,
          interval: board.interval,
        }
        const result: Result = {
          encoder: deps.encoder.name,
          hlsMaster: encoded.hlsMaster,
          dashManifest: encoded.dashManifest,
          renditions: encoded.renditions,
          thumbnails: thumbnailsOut,
          storyboard: storyboardOut,
          files,
          bytes: encoded.bytes,
          durationMs: Math.round(info.durationSec * 1000),
          width: info.width,
          height: info.height,
          outputPrefix,
        }
        return result as unknown as Json
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
    async succeeded(trx, job, raw) {
      if (!raw) return
      const result = raw as unknown as Result
      const video = await trx
        .selectFrom('videos')
        .select(['id', 'ownerId'])
        .where('id', '=', job.payload.videoId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
      // Checked before it may be public (copyright) when a module asks: `checking` until then.
      const status = video ? await deps.videos.encoded(trx, video) : 'ready'
      await settle(
        trx,
        job.payload.videoId,
        {
          status,
          failureReason: null,
          outputPrefix: result.outputPrefix,
          outputs: sql<Json>`${JSON.stringify(result)}::text::jsonb`,
          durationMs: result.durationMs,
          width: result.width || null,
          height: result.height || null,
        },
        status === 'ready' ? 'video.ready' : 'video.encoded',
        { durationMs: result.durationMs, renditions: result.renditions.map((r) => r.name) },
      )
    },
    async failed(trx, job, error) {
      // The reason a person can act on when the source is refused; otherwise not the tools' output
      // (paths, internals), which is in the log and the job's lastError for administrators.
      const reason =
        error instanceof MediaRejected
          ? error.message.slice(0, 1000)
          : `Processing failed (job ${job.id}); an administrator can retry it`
      await settle(trx, job.payload.videoId, { status: 'failed', failureReason: reason }, 'video.failed', {
        reason,
      })
    },
    async committed(job, outcome) {
      const row = await db
        .selectFrom('videos')
        .selectAll()
        .where('id', '=', job.payload.videoId)
        .executeTakeFirst()
      if (!row) return
      if (row.deletedAt) {
        // Deleted while it was being processed: what this job stored goes too.
        await removeFiles(storage, row.id)
        return
      }
      deps.videos.announce(row)
      // The original is in storage now; the upload's copy is no longer needed.
      if (outcome === 'succeeded') await deps.uploads.discard(row.uploadId)
    },
  }
}

/** The video's outcome and its event, in the job's transaction; nothing for a deleted video. */
async function settle(
  trx: Transaction<DB>,
  videoId: string,
  set: UpdateObject<DB, 'videos'>,
  type: 'video.ready' | 'video.encoded' | 'video.failed',
  data: Record<string, unknown>,
): Promise<void> {
  const updated = await trx
    .updateTable('videos')
    .set({ ...set, updatedAt: sql`now()` })
    .where('id', '=', videoId)
    .where('deletedAt', 'is', null)
    .returning('ownerId')
    .executeTakeFirst()
  if (!updated) return
  await appendEvents(
    trx,
    [domainEvent({ type, actorId: updated.ownerId, subject: { kind: 'video', id: videoId }, data })],
    VIDEO_EVENTS.name,
  )
}

/**
 * The source on this machine: the upload's bytes, or (when an earlier attempt already moved them
 * to storage and they were discarded) the kept original, fetched into the scratch directory.
 */
async function localSource(
  deps: { storage: Storage; uploads: UploadService },
  videoId: string,
  uploadId: string,
  scratch: string,
): Promise<string> {
  const uploaded = deps.uploads.path(uploadId)
  if (await stat(uploaded).catch(() => null)) return uploaded
  const kept = await deps.storage.get(originalKey(videoId))
  if (!kept) throw new MediaRejected('The uploaded file is gone')
  const path = join(scratch, 'original')
  await Bun.write(path, kept)
  return path
}
