import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import { WakeableLoop } from '../../platform/wakeable-loop.ts'

/**
 * Live streams are screened while they run: every `everyMs` each worker looks for live streams
 * and asks a screening job for each (its words, and a frame: of its newest HLS segment on the
 * local backend, the newest thumbnail IVS recorded on IVS: `streamSource`). The job's id is made of the stream and the period, so every worker
 * asking in the same period asks for the same job, which runs once.
 */
export function liveFrameSampler(deps: {
  db: Kysely<DB>
  everyMs: number
  /** Queues the stream's screening under `id` unless a job of that id exists. */
  screen(streamId: string, id: string): Promise<void>
  log: Logger
}): WakeableLoop {
  return new WakeableLoop(
    'live frame sampler',
    async () => {
      const live = await deps.db
        .selectFrom('liveStreams')
        .select('id')
        .where('state', '=', 'live')
        .where('backend', 'in', ['local', 'ivs'])
        .where('deletedAt', 'is', null)
        .where((eb) => eb.or([eb('moderation', 'is', null), eb('moderation', 'not in', ['held', 'removed'])]))
        .execute()
      const period = Math.floor(Date.now() / deps.everyMs)
      for (const { id } of live)
        await deps
          .screen(id, sampleJobId(id, period))
          .catch((error) => deps.log.warn({ err: error, streamId: id }, 'a live stream was not screened'))
      return false
    },
    deps.everyMs,
    deps.log,
  )
}

/** A UUID (version 8: made here) of the stream and the period. */
export function sampleJobId(streamId: string, period: number): string {
  const hex = createHash('sha256')
    .update(`live-frame:${streamId}:${period}`)
    .digest('hex')
    .slice(0, 32)
    .split('')
  hex[12] = '8'
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
