import { type Kysely, sql } from 'kysely'
import type { ActorClient } from '../../actors/runtime/client.ts'
import type { DB } from '../platform/db/schema.ts'
import type { Logger } from '../platform/logger.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { streamRef } from './backend.ts'

/**
 * A stream's timers live in its actor's memory: when the worker holding the actor dies and no
 * message comes (its pusher was on that node too), nothing would wake the actor on another
 * worker. Every LIVE_IDLE_END_SECONDS the worker looks for live streams whose last media (as the
 * actor last wrote it) or start is past due, and wakes their actors, which end them.
 */
export function liveSweeper(deps: {
  db: Kysely<DB>
  actors: ActorClient
  idleEndMs: number
  maxLiveMs: number
  log: Logger
}): WakeableLoop {
  return new WakeableLoop(
    'live sweeper',
    async () => {
      const now = Date.now()
      const due = await deps.db
        .selectFrom('liveStreams as s')
        .leftJoin('actorState as a', (j) => j.on('a.kind', '=', 'stream').on(sql`a.id`, '=', sql`s.id::text`))
        .select('s.id')
        .where('s.state', '=', 'live')
        .where((eb) =>
          eb.or([
            eb('s.startedAt', '<', new Date(now - deps.maxLiveMs)),
            sql<boolean>`coalesce((a.state ->> 'lastMediaAt')::bigint, 0) < ${now - deps.idleEndMs}`,
          ]),
        )
        .limit(100)
        .execute()
      for (const { id } of due)
        await deps.actors
          .tell(streamRef(id), { type: 'idle' }, 10_000)
          .catch((error) => deps.log.warn({ err: error, streamId: id }, 'a stream past due did not answer'))
      return false
    },
    deps.idleEndMs,
    deps.log,
  )
}
