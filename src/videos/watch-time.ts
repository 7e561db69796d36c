import { type Kysely, sql } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { VIDEO_EVENTS } from './topology.ts'
import type { VideoRow } from './video-views.ts'

const WATCH_CAP_PER_WINDOW = 3

/** A view counts once per viewer per window of `windowHours`, after `minSeconds` of watching. */
export type ViewWindow = { minSeconds: number; windowHours: number }

/** The report's outcome: whether it counted a view, and the video's totals after it. */
export type ViewCount = { counted: boolean; viewCount: number; watchSeconds: number }

/**
 * A report of watch time from a player. Watch time always adds up (capped per report at the
 * video's length); a view counts once per viewer per window, when the viewer's watch time in
 * the window first reaches the minimum (the whole video when it is shorter). Row locks make
 * concurrent reports of one viewer count once.
 * `row` is the video as the viewer may see it; `id` is the video's id as the request named it.
 */
export async function recordView(
  db: Kysely<DB>,
  row: VideoRow,
  id: string,
  report: { viewer: string | null; anonymousKey: string; watchedSeconds: number },
  opts: ViewWindow,
): Promise<ViewCount> {
  const { viewer, anonymousKey, watchedSeconds } = report
  const durationMs = row.durationMs ?? 0
  const reported = Math.round(Math.min(watchedSeconds * 1000, durationMs, 600_000))
  // A viewer's watch time in a window counts up to three times the video's length.
  const capMs = durationMs * WATCH_CAP_PER_WINDOW
  const minMs = Math.min(opts.minSeconds * 1000, durationMs)
  const who = viewer ? `u:${viewer}` : `a:${anonymousKey}`
  const windowSeconds = opts.windowHours * 3600
  const windowStart = new Date(Math.floor(Date.now() / 1000 / windowSeconds) * windowSeconds * 1000)
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('videoViews')
      .values({ videoId: id, viewer: who, windowStart, watchMs: 0, counted: false })
      .onConflict((oc) => oc.doNothing())
      .execute()
    const before = await trx
      .selectFrom('videoViews')
      .select(['watchMs', 'counted'])
      .where('videoId', '=', id)
      .where('viewer', '=', who)
      .where('windowStart', '=', windowStart)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const had = Number(before.watchMs)
    const ms = Math.max(0, Math.min(reported, capMs - had))
    const newly = !before.counted && had + ms >= minMs
    await trx
      .updateTable('videoViews')
      .set({ watchMs: had + ms, counted: before.counted || newly })
      .where('videoId', '=', id)
      .where('viewer', '=', who)
      .where('windowStart', '=', windowStart)
      .execute()
    const totals = await trx
      .updateTable('videos')
      .set({ viewCount: sql`view_count + ${newly ? 1 : 0}`, watchMs: sql`watch_ms + ${ms}` })
      .where('id', '=', id)
      .returning(['viewCount', 'watchMs'])
      .executeTakeFirstOrThrow()
    if (newly)
      await appendEvents(
        trx,
        [
          domainEvent({
            type: 'video.viewed',
            actorId: viewer,
            subject: { kind: 'video', id },
            data: { ownerId: row.ownerId, watchMs: had + ms },
          }),
        ],
        VIDEO_EVENTS.name,
      )
    return {
      counted: newly,
      viewCount: Number(totals.viewCount),
      watchSeconds: Math.floor(Number(totals.watchMs) / 1000),
    }
  })
}
