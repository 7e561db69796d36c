import type { Kysely } from 'kysely'
import type { JobQueue } from '../../jobs/queue.ts'
import type { JobRunner } from '../../jobs/runner.ts'
import type { Config, Secrets } from '../../platform/config.ts'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import { type Storage, s3ClientOf } from '../../platform/storage.ts'
import type { UploadService } from '../../videos/uploads.ts'
import type { VideoService } from '../../videos/videos.ts'
import type { StreamSignals } from '../backend.ts'
import { IvsBackend } from './backend.ts'
import { IvsChannels, ivsClient } from './channels.ts'
import { ivsMonitor } from './monitor.ts'
import { ivsRecordingHandler } from './recording-job.ts'
import { IvsRecordingLocator } from './recording-location.ts'
import { IvsThumbnails } from './thumbnails.ts'
import { IvsEvents } from './webhook.ts'

/**
 * The pieces of LIVE_BACKEND=ivs: the backend over the IVS SDK, the webhook's event handling, the
 * monitor (a worker part) and, with a recording configuration, the job importing recordings and
 * the reader of its thumbnails.
 */
export function ivsLive(deps: {
  config: Config
  secrets: Secrets
  db: Kysely<DB>
  storage: Storage
  jobs: { queue: JobQueue; runner: JobRunner }
  uploads: UploadService
  videos: VideoService
  signals: StreamSignals
  log: Logger
}) {
  const { ivs, workDir } = deps.config.live
  // The account's keys given for S3 (IVS records to it), or the SDK's default chain.
  const { accessKeyId, secretAccessKey } = deps.secrets.s3
  const client = ivsClient({
    region: ivs.region,
    endpoint: ivs.endpoint,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  })
  const channels = new IvsChannels(client, {
    recordingConfigurationArn: ivs.recordingConfigurationArn,
    channelType: ivs.channelType,
  })
  const s3 = s3ClientOf(deps.storage)
  const recording = Boolean(ivs.recordingConfigurationArn && s3)
  if (recording && s3)
    deps.jobs.runner.register(
      ivsRecordingHandler({
        db: deps.db,
        s3,
        uploads: deps.uploads,
        videos: deps.videos,
        signals: deps.signals,
        workDir,
        log: deps.log,
      }),
    )
  return {
    backend: new IvsBackend(channels),
    // The recording configuration's thumbnails, for moderation's screening of live frames.
    thumbnails:
      ivs.recordingConfigurationArn && s3
        ? new IvsThumbnails({
            ivs: client,
            s3,
            recordingConfigurationArn: ivs.recordingConfigurationArn,
            log: deps.log,
          })
        : undefined,
    events: new IvsEvents({
      db: deps.db,
      signals: deps.signals,
      channels,
      jobs: deps.jobs.queue,
      recording,
      log: deps.log,
    }),
    monitor: ivsMonitor({
      db: deps.db,
      channels,
      signals: deps.signals,
      pollMs: ivs.pollSeconds * 1000,
      log: deps.log,
      // Recordings whose "Recording Start" event was lost, found in S3 (their thumbnails screened).
      ...(ivs.recordingConfigurationArn && s3
        ? {
            locate: {
              locator: new IvsRecordingLocator({ ivs: client, s3 }),
              afterMs: ivs.recordingLocateSeconds * 1000,
            },
          }
        : {}),
    }),
  }
}
