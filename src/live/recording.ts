import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import type { StreamEnded } from '../../actors/stream.ts'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobHandler } from '../jobs/runner.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import type { UploadService } from '../videos/uploads.ts'
import type { VideoService } from '../videos/videos.ts'
import type { StreamSignals } from './backend.ts'
import { recordListName, sessionPrefix } from './hls-pipeline.ts'
import { recordingToVideo } from './recording-video.ts'

export const RECORDING_JOB = 'live.recording'

type Payload = {
  streamId: string
  sessionId: string
  runs: string[]
}

/** Enqueues the recording job in the transaction that ends a stream of the local backend. */
export async function enqueueRecording(
  trx: Transaction<DB>,
  jobs: JobQueue,
  ended: StreamEnded,
): Promise<void> {
  if (ended.stream.backend !== 'local' || !ended.sessionId) return
  const payload: Payload = { streamId: ended.stream.id, sessionId: ended.sessionId, runs: ended.runs }
  await jobs.enqueue(trx, {
    kind: RECORDING_JOB,
    payload,
    ownerId: ended.stream.ownerId,
    maxAttempts: 3,
  })
}

/**
 * After a local stream ends: with `record` on, its stored segments (each push's, in order, as
 * its recording list names them) are joined into one MP4 without re-encoding, which becomes a new
 * video of the streamer through the video pipeline (an upload of theirs, then `VideoService.create`,
 * which starts the transcode job), linked by `videoId`; then the session's live files go. A push
 * whose node died never closed its list: what it stored is kept (all but the segment in the making). Waits up
 * to `flushMs` for the pushes still finishing their last segments.
 */
export function recordingHandler(deps: {
  db: Kysely<DB>
  storage: Storage
  uploads: UploadService
  videos: VideoService
  signals: StreamSignals
  workDir: string
  flushMs: number
  log: Logger
}): JobHandler<Payload> {
  const { db, storage } = deps
  return {
    kind: RECORDING_JOB,
    timeoutMs: 3_600_000,
    async run(job) {
      const { streamId, sessionId, runs } = job.payload
      const prefix = sessionPrefix(streamId, sessionId)
      const stream = await db
        .selectFrom('liveStreams')
        .select(['ownerId', 'title', 'description', 'visibility', 'record', 'videoId'])
        .where('id', '=', streamId)
        .executeTakeFirst()
      if (!stream?.record || stream.videoId) {
        await storage.deletePrefix(prefix)
        return { videoId: stream?.videoId ?? null }
      }
      const segments = await segmentsOfRuns(storage, prefix, runs, deps.flushMs, job.signal)
      if (segments.length === 0) {
        await storage.deletePrefix(prefix)
        return { videoId: null }
      }
      const scratch = join(deps.workDir, `record-${job.id}-${job.attempt}`)
      await mkdir(scratch, { recursive: true })
      try {
        job.progress(5, 'download')
        const list: string[] = []
        for (const [i, segment] of segments.entries()) {
          const blob = await storage.get(`${prefix}${segment}`)
          if (!blob) continue
          // Named relative to the list (the concat demuxer reads them from its folder).
          const name = `${String(i).padStart(6, '0')}.ts`
          await Bun.write(join(scratch, name), blob)
          list.push(`file '${name}'`)
          job.progress(5 + (80 * (i + 1)) / segments.length, 'download')
        }
        await Bun.write(join(scratch, 'list.txt'), `${list.join('\n')}\n`)
        const out = join(scratch, 'recording.mp4')
        const ffmpeg = Bun.spawn(
          [
            'ffmpeg',
            '-nostdin',
            '-hide_banner',
            '-loglevel',
            'error',
            '-f',
            'concat',
            '-safe',
            '0',
            '-i',
            join(scratch, 'list.txt'),
            '-c',
            'copy',
            '-movflags',
            '+faststart',
            out,
          ],
          { stdout: 'ignore', stderr: 'pipe' },
        )
        job.signal.addEventListener('abort', () => ffmpeg.kill())
        const [code, stderr] = await Promise.all([ffmpeg.exited, new Response(ffmpeg.stderr).text()])
        if (code !== 0) throw new Error(`joining the live segments failed: ${stderr.slice(-500)}`)
        job.progress(90, 'video')
        const videoId = await recordingToVideo(deps, streamId, out)
        await storage.deletePrefix(prefix)
        deps.log.info({ streamId, videoId, segments: segments.length }, 'live recording made a video')
        return { videoId }
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
  }
}

/** The segments of every push, in order, once each push closed its list (or `flushMs` passed). */
async function segmentsOfRuns(
  storage: Storage,
  prefix: string,
  runs: string[],
  flushMs: number,
  signal: AbortSignal,
): Promise<string[]> {
  const deadline = Date.now() + flushMs
  const lists = new Map<string, string[]>()
  for (;;) {
    for (const run of runs) {
      if (lists.get(run)?.at(-1) === '#end') continue
      const lines: string[] = []
      for (let part = 0; ; part++) {
        const blob = await storage.get(`${prefix}${recordListName(run, part)}`)
        if (!blob) break
        lines.push(...(await blob.text()).split('\n').filter(Boolean))
      }
      lists.set(run, lines)
    }
    const open = runs.filter((run) => lists.get(run)?.at(-1) !== '#end')
    if (open.length === 0 || Date.now() >= deadline || signal.aborted) break
    await Bun.sleep(500)
  }
  return runs.flatMap((run) => (lists.get(run) ?? []).filter((line) => line !== '#end'))
}
