import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import { WakeableLoop } from '../../platform/wakeable-loop.ts'
import type { StreamSignals } from '../backend.ts'
import type { IvsChannels } from './channels.ts'

/**
 * IVS tells the webhook when a stream starts and ends, but nothing while it goes on: this loop
 * asks IVS (GetStream) about each stream it carries that is live here, every IVS_POLL_SECONDS,
 * and tells the stream's actor that media still arrives, or that the pusher is gone (a lost
 * "Stream End" event, say). So the StreamActor's idle timer works for IVS as for the local ingest.
 */
export function ivsMonitor(deps: {
  db: Kysely<DB>
  channels: IvsChannels
  signals: StreamSignals
  pollMs: number
  log: Logger
}): WakeableLoop {
  return new WakeableLoop(
    'ivs monitor',
    async () => {
      const live = await deps.db
        .selectFrom('liveStreams')
        .select(['id', 'backendRef'])
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
        } catch (error) {
          deps.log.warn({ err: error, streamId: stream.id }, 'IVS stream state unknown')
        }
      }
      return false
    },
    deps.pollMs,
    deps.log,
  )
}
