import type { Database, Sql } from '../platform/db/connect.ts'
import type { Logger } from '../platform/logger.ts'
import type { Runnable } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import type { Partitions } from './partitions.ts'
import { Visitors } from './visitors.ts'

/**
 * Every few minutes on the worker: day partitions made three days ahead, those past
 * ANALYTICS_RAW_DAYS dropped with the view sessions and clamped ids of that age, live viewers'
 * per-minute sessions and follows waiting for their video past the late window deleted (their
 * counts stay), old salts forgotten.
 * Idempotent: any number of workers may run it.
 */
export function analyticsMaintenance(deps: {
  db: Database
  sql: Sql
  partitions: Partitions
  rawDays: number
  log: Logger
  intervalMs?: number
}): Runnable {
  const { db, sql, partitions, rawDays, log } = deps
  const round = async () => {
    await partitions.prepare()
    const dropped = await partitions.dropExpired()
    if (dropped.length > 0) log.info({ partitions: dropped }, 'analytics partitions past retention dropped')
    const cutoff = new Date(Date.now() - rawDays * 86_400_000)
    await sql`delete from analytics_view_sessions where last_at < ${cutoff}`
    await sql`delete from analytics_clamped_ids where occurred_at < ${cutoff}`
    await sql`delete from analytics_live_minutes where minute < now() - interval '3 days'`
    // Follows past the late window: their heartbeats will not come any more.
    await sql`delete from analytics_follow_attribution where followed_at < now() - interval '3 days'`
    await Visitors.forgetOldSalts(db)
    return false
  }
  const loop = new WakeableLoop('analytics maintenance', round, deps.intervalMs ?? 5 * 60_000, log)
  return { start: () => loop.start(), stop: () => loop.stop() }
}
