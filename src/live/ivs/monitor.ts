import { type Kysely, sql } from 'kysely'
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
 * again every `afterMs` until found: moderation screens the thumbnails written there. A pusher
 * back after the recording configuration's reconnect window is a new IVS session with a new
 * recording, whose "Recording Start" may be lost too: a session (GetStream's `startTime`) newer
 * than the known recording has the newest recording looked up `afterMs` after it began, again
 * every `afterMs` while the known one has ended (`recording-ended.json`) and no newer one is
 * listed yet; a recording that goes on (back within the window) stays.
 */
export function ivsMonitor(deps: {
  db: Kysely<DB>
  channels: IvsChannels
  signals: StreamSignals
  pollMs: number
  log: Logger
  locate?: { locator: IvsRecordingLocator; afterMs: number }
}): WakeableLoop {
  /** When each stream to look up may be looked up next (this worker's). */
  const nextLook = new Map<string, number>()
  /** The IVS session (its start time) each located stream was last checked in (this worker's). */
  const checked = new Map<string, string>()
  const locate = async (
    stream: {
      id: string
      backendRef: string | null
      startedAt: Date | null
      ivsRecordingPrefix: string | null
    },
    session: string | undefined,
  ) => {
    if (!deps.locate || !stream.backendRef) return
    const { locator, afterMs } = deps.locate
    const known = stream.ivsRecordingPrefix
    let since = stream.startedAt?.getTime() ?? Date.now()
    if (known) {
      if (!session || checked.get(stream.id) === session) return
      // A session begun after the known recording's minute, or another than the one seen here last.
      const newer = Date.parse(session) >= minuteAfter(known) || checked.has(stream.id)
      if (!newer) {
        checked.set(stream.id, session)
        return
      }
      since = Date.parse(session)
    }
    const now = Date.now()
    if (now < Math.max(since + afterMs, nextLook.get(stream.id) ?? 0)) return
    nextLook.set(stream.id, now + afterMs)
    const where = await locator.newest(stream.backendRef)
    if (!where) return
    if (where.prefix === known) {
      // The same recording goes on, unless it ended and the new one is not in S3 yet (look again).
      if (!(await locator.ended(where))) {
        nextLook.delete(stream.id)
        checked.set(stream.id, session!)
      }
      return
    }
    // The event may have come meanwhile: it stands.
    const { numUpdatedRows } = await deps.db
      .updateTable('liveStreams')
      .set({ ivsRecordingBucket: where.bucket, ivsRecordingPrefix: where.prefix })
      .where('id', '=', stream.id)
      .where(
        known ? sql<boolean>`ivs_recording_prefix = ${known}` : sql<boolean>`ivs_recording_prefix is null`,
      )
      .executeTakeFirst()
    nextLook.delete(stream.id)
    if (session) checked.set(stream.id, session)
    if (numUpdatedRows > 0n)
      deps.log.info(
        { streamId: stream.id, ...where, previous: known },
        known
          ? 'newer IVS recording located without its Recording Start event'
          : 'IVS recording located without its Recording Start event',
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
        let session: string | undefined
        try {
          const state = await deps.channels.state(stream.backendRef!)
          if (state.live) await deps.signals.media(stream.id)
          else await deps.signals.unpublished(stream.id)
          if (!state.live) continue
          session = state.startTime
        } catch (error) {
          deps.log.warn({ err: error, streamId: stream.id }, 'IVS stream state unknown')
          continue
        }
        await locate(stream, session).catch((error) =>
          deps.log.warn({ err: error, streamId: stream.id }, 'IVS recording not located'),
        )
      }
      for (const map of [nextLook, checked])
        for (const id of map.keys()) if (!live.some((s) => s.id === id)) map.delete(id)
      return false
    },
    deps.pollMs,
    deps.log,
  )
}

/**
 * The end of the minute a recording began in, from its prefix in IVS's layout
 * (`ivs/v1/<account>/<channel>/<y>/<m>/<d>/<h>/<min>/<recording>`, UTC): a session begun then or
 * later came after it. NaN (never after) for a prefix of another shape.
 */
export function minuteAfter(prefix: string): number {
  const [y, m, d, h, min] = prefix.split('/').slice(4, 9).map(Number) as number[]
  return Date.UTC(y!, m! - 1, d!, h!, min!) + 60_000
}
