import { mkdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type Kysely, sql } from 'kysely'
import type { JobHandler } from '../jobs/runner.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import type { Storage } from '../platform/storage.ts'
import { MediaRejected } from '../videos/encoders/encoder.ts'
import { ToolFailed } from '../videos/media-tools.ts'
import { originalKey } from '../videos/processing.ts'
import type { UploadService } from '../videos/uploads.ts'
import type { VideoService } from '../videos/videos.ts'
import type { Claims } from './claims.ts'
import { AUDIO_STEP, audioVariants, type Fingerprints, FRAME_RATE, fingerprint } from './fingerprint.ts'
import { findMatches, indexReference, type Match, storedColumns } from './matcher.ts'
import { FINGERPRINT_JOB } from './references.ts'

export const MATCH_JOB = 'copyright.match'

/** Where a reference's source is kept once fingerprinted from an upload (the upload is then let go). */
function referenceSourceKey(id: string): string {
  return `copyright/references/${id}/source`
}

/** Fingerprints as a job's JSON result (int8 as strings). */
interface Stored {
  audio: number[]
  /** A reference's landmarks (hashes and anchor frames); a checked video's are not kept. */
  landmarks?: { hashes: number[]; times: number[] }
  video: string[]
  videoZoom?: string[]
  videoCentre?: string[]
}

const strings = (h: BigInt64Array) => [...h].map(String)
const hashes = (s: string[]) => BigInt64Array.from(s, (v) => BigInt(v))

function toStored(fp: Fingerprints): Stored {
  return {
    audio: [...fp.audio],
    video: strings(fp.video),
    ...(fp.landmarks
      ? { landmarks: { hashes: [...fp.landmarks.hashes], times: [...fp.landmarks.times] } }
      : {}),
    ...(fp.videoZoom ? { videoZoom: strings(fp.videoZoom) } : {}),
    ...(fp.videoCentre ? { videoCentre: strings(fp.videoCentre) } : {}),
  }
}

function fromStored(s: Stored): Fingerprints {
  return {
    audio: Int32Array.from(s.audio),
    video: hashes(s.video),
    ...(s.landmarks
      ? {
          landmarks: {
            hashes: Int32Array.from(s.landmarks.hashes),
            times: Int32Array.from(s.landmarks.times),
          },
        }
      : {}),
    ...(s.videoZoom ? { videoZoom: hashes(s.videoZoom) } : {}),
    ...(s.videoCentre ? { videoCentre: hashes(s.videoCentre) } : {}),
  }
}

/** The file on this machine: a local path if there, otherwise the stored key fetched into `scratch`. */
export async function localCopy(
  storage: Storage,
  path: string | null,
  key: string,
  scratch: string,
): Promise<string> {
  if (path && (await stat(path).catch(() => null))) return path
  const blob = await storage.get(key)
  if (!blob) throw new MediaRejected('The source file is gone')
  await mkdir(scratch, { recursive: true })
  const local = join(scratch, 'source')
  await Bun.write(local, blob)
  return local
}

export const permanent = (error: unknown) =>
  error instanceof MediaRejected || (error instanceof ToolFailed && error.exitCode !== null)

/**
 * Fingerprints a new reference (its upload's bytes, kept in storage, or its video's original);
 * the reference turns active with its index entries in the transaction that records the job.
 */
export function fingerprintHandler(deps: {
  db: Kysely<DB>
  storage: Storage
  uploads: UploadService
  workDir: string
}): JobHandler<{ referenceId: string }> {
  const { db, storage } = deps
  return {
    kind: FINGERPRINT_JOB,
    timeoutMs: 3_600_000,
    permanent,
    async run(job) {
      const ref = await db
        .selectFrom('copyrightReferences')
        .select(['kind', 'sourceUploadId', 'sourceVideoId', 'deletedAt'])
        .where('id', '=', job.payload.referenceId)
        .executeTakeFirst()
      if (!ref || ref.deletedAt) return null
      const scratch = join(deps.workDir, `copyright-${job.id}-${job.attempt}`)
      try {
        job.progress(1, 'fetch')
        let source: string
        if (ref.sourceUploadId) {
          const key = referenceSourceKey(job.payload.referenceId)
          const uploaded = deps.uploads.path(ref.sourceUploadId)
          if (await stat(uploaded).catch(() => null))
            await storage.putFile(key, uploaded, 'application/octet-stream')
          source = await localCopy(storage, null, key, scratch)
        } else source = await localCopy(storage, null, originalKey(ref.sourceVideoId!), scratch)
        job.progress(10, 'fingerprint')
        const fp = await fingerprint(source, ref.kind as 'audio' | 'video' | 'both', job.signal, 'reference')
        if (!fp.audio.length && !fp.video.length)
          throw new MediaRejected(
            'Nothing to fingerprint: the source has no audio or video of the kind asked',
          )
        job.progress(95, 'index')
        return toStored(fp) as unknown as Json
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
    async succeeded(trx, job, raw) {
      if (!raw) return
      const fp = fromStored(raw as unknown as Stored)
      const id = job.payload.referenceId
      const updated = await trx
        .updateTable('copyrightReferences')
        .set({
          status: 'active',
          failureReason: null,
          ...storedColumns(fp),
          // Kept as empty arrays, as before, where the source has none of a kind.
          audioFp: [...fp.audio],
          videoFp: strings(fp.video),
          durationMs: Math.round(Math.max(fp.audio.length * AUDIO_STEP, fp.video.length / FRAME_RATE) * 1000),
          updatedAt: sql`now()`,
        })
        .where('id', '=', id)
        .where('deletedAt', 'is', null)
        .returning('id')
        .executeTakeFirst()
      if (updated) await indexReference(trx, id, fp)
    },
    async failed(trx, job, error) {
      const reason =
        error instanceof MediaRejected
          ? error.message
          : `Fingerprinting failed (job ${job.id}); an administrator can retry it`
      await trx
        .updateTable('copyrightReferences')
        .set({ status: 'failed', failureReason: reason.slice(0, 1000), updatedAt: sql`now()` })
        .where('id', '=', job.payload.referenceId)
        .execute()
    },
    async committed(job, outcome) {
      if (outcome !== 'succeeded') return
      const ref = await db
        .selectFrom('copyrightReferences')
        .select('sourceUploadId')
        .where('id', '=', job.payload.referenceId)
        .executeTakeFirst()
      if (ref?.sourceUploadId) await deps.uploads.discard(ref.sourceUploadId)
    },
  }
}

interface MatchResult {
  fingerprints: Stored
  matches: Match[]
  queryMs: number
}

/**
 * Checks an encoded video: its fingerprints (kept in `copyright_scans`), matched against every
 * active reference; the claims and the video's outcome (ready or blocked) land with the job's
 * success. A video that cannot be fingerprinted is not held back: it is ready without claims.
 */
export function matchHandler(deps: {
  db: Kysely<DB>
  storage: Storage
  claims: Claims
  videos: VideoService
  workDir: string
}): JobHandler<{ videoId: string }> {
  const { db, storage } = deps
  return {
    kind: MATCH_JOB,
    timeoutMs: 3_600_000,
    async run(job) {
      const video = await db
        .selectFrom('videos')
        .select(['id', 'deletedAt'])
        .where('id', '=', job.payload.videoId)
        .executeTakeFirst()
      if (!video || video.deletedAt) return null
      const scratch = join(deps.workDir, `copyright-${job.id}-${job.attempt}`)
      try {
        job.progress(1, 'fetch')
        const source = await localCopy(storage, null, originalKey(video.id), scratch)
        job.progress(10, 'fingerprint')
        const fp: Fingerprints = await fingerprint(source, 'both', job.signal).catch((error) => {
          if (error instanceof ToolFailed && error.exitCode !== null)
            return { audio: new Int32Array(0), video: new BigInt64Array(0) }
          throw error
        })
        if (fp.audio.length) fp.audioVariants = await audioVariants(source, job.signal)
        job.progress(70, 'match')
        const started = performance.now()
        const matches = await findMatches(db, fp)
        const result: MatchResult = {
          fingerprints: toStored({ ...fp, landmarks: undefined }),
          matches,
          queryMs: Math.round(performance.now() - started),
        }
        return result as unknown as Json
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
    async succeeded(trx, job, raw) {
      const videoId = job.payload.videoId
      if (!raw) return
      const result = raw as unknown as MatchResult
      const scan = {
        audioFp: result.fingerprints.audio,
        videoFp: result.fingerprints.video,
        videoFpCentre: result.fingerprints.videoCentre ?? null,
        queryMs: result.queryMs,
        matchedAt: sql<Date>`now()`,
      }
      await trx
        .insertInto('copyrightScans')
        .values({ videoId, ...scan })
        .onConflict((oc) => oc.column('videoId').doUpdateSet(scan))
        .execute()
      await deps.claims.recordMatches(trx, videoId, result.matches)
    },
    // A check that fails for good leaves the video in `checking` (never public unchecked): the job's
    // error is for administrators, who retry it (POST /v1/admin/jobs/{id}/retry).
    async committed(job) {
      const row = await db
        .selectFrom('videos')
        .selectAll()
        .where('id', '=', job.payload.videoId)
        .executeTakeFirst()
      if (row && !row.deletedAt) deps.videos.announce(row)
    },
  }
}
