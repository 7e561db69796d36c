import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Kysely } from 'kysely'
import type { JobHandler } from '../../jobs/runner.ts'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import type { UploadService } from '../../videos/uploads.ts'
import type { VideoService } from '../../videos/videos.ts'
import type { StreamSignals } from '../backend.ts'
import { recordingToVideo } from '../recording-video.ts'
import { fetchIvsRecording } from './recording.ts'

export const IVS_RECORDING_JOB = 'live.ivs-recording'

export type IvsRecordingPayload = { streamId: string; bucket: string; keyPrefix: string }

/**
 * An IVS recording, once IVS says it is complete in S3 ("Recording End"): fetched into one file
 * and made a video of the streamer like a local stream's recording.
 */
export function ivsRecordingHandler(deps: {
  db: Kysely<DB>
  s3: S3Client
  uploads: UploadService
  videos: VideoService
  signals: StreamSignals
  workDir: string
  log: Logger
}): JobHandler<IvsRecordingPayload> {
  return {
    kind: IVS_RECORDING_JOB,
    timeoutMs: 3_600_000,
    async run(job) {
      const { streamId, bucket, keyPrefix } = job.payload
      const scratch = join(deps.workDir, `ivs-record-${job.id}-${job.attempt}`)
      await mkdir(scratch, { recursive: true })
      try {
        job.progress(5, 'download')
        const file = join(scratch, 'recording')
        const fetched = await fetchIvsRecording(deps.s3, { bucket, keyPrefix }, file, job.signal)
        job.progress(90, 'video')
        const videoId = await recordingToVideo(deps, streamId, file)
        deps.log.info({ streamId, videoId, ...fetched }, 'IVS recording made a video')
        return { videoId }
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    },
  }
}
