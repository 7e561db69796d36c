import type { Kysely } from 'kysely'
import type { JobQueue } from '../../jobs/queue.ts'
import type { DB } from '../../platform/db/schema.ts'
import { newId } from '../../platform/ids.ts'
import type { Logger } from '../../platform/logger.ts'
import type { StreamSignals } from '../backend.ts'
import type { IvsChannels } from './channels.ts'
import type { IvsEvent } from './events.ts'
import { IVS_RECORDING_JOB, type IvsRecordingPayload } from './recording-job.ts'

export type IvsEventOutcome = 'started' | 'refused' | 'unpublished' | 'located' | 'recording' | 'ignored'

/**
 * What an IVS event does to the stream its channel carries: a start goes to the StreamActor (an
 * ended stream refuses it, and the pusher is cut), an end lets the actor's idle window run (the
 * pusher may come back), a recording's start says where its files and thumbnails are being
 * written (moderation screens the thumbnails while the stream is live), a finished recording is imported as a video by a job, when the stream
 * asked for one and no importer has one yet. Events for channels of no stream here are ignored.
 */
export class IvsEvents {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      signals: StreamSignals
      channels: IvsChannels
      jobs: JobQueue
      /** Whether recordings are imported (IVS_RECORDING_CONFIGURATION_ARN is set). */
      recording: boolean
      log: Logger
    },
  ) {}

  async handle(event: IvsEvent): Promise<IvsEventOutcome> {
    const { db, signals } = this.deps
    const stream = await db
      .selectFrom('liveStreams')
      .select(['id', 'ownerId', 'record', 'videoId'])
      .where('backend', '=', 'ivs')
      .where('backendRef', '=', event.channelArn)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    if (!stream) return 'ignored'
    switch (event.kind) {
      case 'started': {
        const answer = await signals.started(stream.id, newId())
        if (answer.accepted) return 'started'
        await this.deps.channels.stop(event.channelArn)
        this.deps.log.info({ streamId: stream.id, reason: answer.reason }, 'IVS push refused')
        return 'refused'
      }
      case 'ended':
        await signals.unpublished(stream.id)
        return 'unpublished'
      case 'recordingStarted':
        await db
          .updateTable('liveStreams')
          .set({ ivsRecordingBucket: event.bucket, ivsRecordingPrefix: event.keyPrefix })
          .where('id', '=', stream.id)
          .execute()
        return 'located'
      case 'recorded': {
        if (!this.deps.recording || !stream.record || stream.videoId) return 'ignored'
        const payload: IvsRecordingPayload = {
          streamId: stream.id,
          bucket: event.bucket,
          keyPrefix: event.keyPrefix,
        }
        await db.transaction().execute((trx) =>
          this.deps.jobs.enqueue(trx, {
            kind: IVS_RECORDING_JOB,
            payload,
            ownerId: stream.ownerId,
            maxAttempts: 3,
          }),
        )
        return 'recording'
      }
    }
  }
}
