import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { Logger } from '../../platform/logger.ts'
import { WakeableLoop } from '../../platform/wakeable-loop.ts'

export interface LiveSamplerDeps {
  db: Kysely<DB>
  everyMs: number
  /**
   * How often IVS writes a stream's thumbnail (the recording configuration's interval), when it
   * writes any: an IVS stream is not screened more often than its frame changes.
   */
  ivsEveryMs?: () => Promise<number | undefined>
  /** Queues the stream's screening under `id` unless a job of that id exists. */
  screen(streamId: string, id: string): Promise<void>
  log: Logger
}

/**
 * Live streams are screened while they run: every `everyMs` each worker looks for live streams
 * and asks a screening job for each (its words, and a frame: of its newest HLS segment on the
 * local backend, the newest thumbnail IVS recorded on IVS: `streamSource`). The job's id is made
 * of the stream and the period, so every worker asking in the same period asks for the same job,
 * which runs once. An IVS stream's period is the longer of `everyMs` and its thumbnails' interval.
 */
export function liveFrameSampler(deps: LiveSamplerDeps): WakeableLoop {
  const round = sampleLiveStreams(deps)
  return new WakeableLoop(
    'live frame sampler',
    async () => {
      await round()
      return false
    },
    deps.everyMs,
    deps.log,
  )
}

/** One round of the sampler: the job ids it asked for. */
export function sampleLiveStreams(deps: LiveSamplerDeps): () => Promise<string[]> {
  return async () => {
    const live = await deps.db
      .selectFrom('liveStreams')
      .select(['id', 'backend'])
      .where('state', '=', 'live')
      .where('backend', 'in', ['local', 'ivs'])
      .where('deletedAt', 'is', null)
      .where((eb) => eb.or([eb('moderation', 'is', null), eb('moderation', 'not in', ['held', 'removed'])]))
      .execute()
    const ivsEvery = live.some((s) => s.backend === 'ivs')
      ? Math.max(
          deps.everyMs,
          (await deps.ivsEveryMs?.().catch((error) => {
            deps.log.warn({ err: error }, 'the IVS thumbnail interval is unknown')
            return undefined
          })) ?? 0,
        )
      : deps.everyMs
    const now = Date.now()
    const asked: string[] = []
    for (const { id, backend } of live) {
      const job = sampleJobId(id, Math.floor(now / (backend === 'ivs' ? ivsEvery : deps.everyMs)))
      await deps
        .screen(id, job)
        .then(() => asked.push(job))
        .catch((error) => deps.log.warn({ err: error, streamId: id }, 'a live stream was not screened'))
    }
    return asked
  }
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
