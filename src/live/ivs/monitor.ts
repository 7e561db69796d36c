import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import { WakeableLoop } from '../../platform/wakeable-loop.ts'
import type { StreamSignals } from '../backend.ts'
import type { IvsChannels } from './channels.ts'
import type { IvsRecordingLocator } from './recording-location.ts'

/**
 * IVS tells the webhook when a stream starts and ends, but nothing while it goes on: this loop
 * asks IVS (GetStream) about each stream it carries that is live here, every IVS_POLL_SECONDS,
 * and tells the stream's actor that media still arrives, or that the pusher is gone (a lost
 * "Stream End" event, say). So the StreamActor's idle timer works for IVS as for the local ingest.
 * With `locate`, a live stream that has gone `afterMs` since it started without the place of its
 * recording (its "Recording Start" event lost) has it looked up in S3 (recording-location.ts),
 * again every `afterMs` until found: moderation screens the thumbnails written there.
 */
export function ivsMonitor(deps: {
  db: Kysely<DB>
  channels: IvsChannels
  signals: StreamSignals
  pollMs: number
  log: Logger
  locate?: { locator: IvsRecordingLocator; afterMs: number }
}): WakeableLoop {
  /** When each stream still unlocated may be looked up next (this worker's). */
  const nextLook = new Map<string, number>()
  const locate = async (stream: {
    id: string
    backendRef: string | null
    startedAt: Date | null
    ivsRecordingPrefix: string | null
  }) => {
    if (!deps.locate || stream.ivsRecordingPrefix || !stream.backendRef) return
    const now = Date.now()
    const due = Math.max(
      (stream.startedAt?.getTime() ?? now) + deps.locate.afterMs,
      nextLook.get(stream.id) ?? 0,
    )
    if (now < due) return
    nextLook.set(stream.id, now + deps.locate.afterMs)
    const where = await deps.locate.locator.newest(stream.backendRef)
    if (!where) return
    // The event may have come meanwhile: it stands.
    const { numUpdatedRows } = await deps.db
      .updateTable('liveStreams')
      .set({ ivsRecordingBucket: where.bucket, ivsRecordingPrefix: where.prefix })
      .where('id', '=', stream.id)
      .where('ivsRecordingPrefix', 'is', null)
      .executeTakeFirst()
    nextLook.delete(stream.id)
    if (numUpdatedRows > 0n)
      deps.log.info(
        { streamId: stream.id, ...where },
        'IVS recording located without its Recording Start event',
      )
  }
  return new WakeableLoop(
    'ivs monitor',
    async () => {
      const live = await deps.db
        .selectFrom('liveStreams')
        .select(['id', 'backendRef', 'startedAt', 'ivsRecordingPrefix'])
        .where('backend', '=', 'ivs')
        .where('state', '=', 'live')
        .where('deletedAt', 'is', null)
        .where('backendRef', 'is not', null)
        .execute()
      for (const stream of live) {
        try {
          const state = await deps.channels.state(stream.backendRef!)
          if (state.live) await deps.signals.media(stream.id)
          else await deps.signals.unpublished(stream.id)
          if (!state.live) continue
        } catch (error) {
          deps.log.warn({ err: error, streamId: stream.id }, 'IVS stream state unknown')
          continue
        }
        await locate(stream).catch((error) =>
          deps.log.warn({ err: error, streamId: stream.id }, 'IVS recording not located'),
        )
      }
      for (const id of nextLook.keys()) if (!live.some((s) => s.id === id)) nextLook.delete(id)
      return false
    },
    deps.pollMs,
    deps.log,
  )
}
