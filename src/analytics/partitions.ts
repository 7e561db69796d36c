import type { Sql } from '../platform/db/connect.ts'

const DAY_MS = 86_400_000
/** Serialises partition changes across workers (two creating one partition would collide). */
const PARTITION_LOCK_KEY = 7_301_946_045

/** `20261207` for the UTC day of `at`. */
export function dayKey(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 10).replaceAll('-', '')
}

/**
 * The day partitions of `analytics_events`, made by the project itself (PostgreSQL's native
 * partitioning; no extension needed): `analytics_events_YYYYMMDD`, made ahead of time for the
 * days to come and on demand for any day a batch holds, dropped once past the raw retention.
 * Dropping a partition is instant and leaves no bloat, unlike deleting rows.
 */
export class Partitions {
  private readonly known = new Set<string>()

  constructor(
    private readonly sql: Sql,
    private readonly rawDays: number,
  ) {}

  /** Makes sure a partition exists for each day of `days` (UTC day keys). */
  async ensure(days: Iterable<string>): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.known.has(d))
    if (missing.length === 0) return
    await this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`
      for (const day of missing) {
        const from = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
        await tx.unsafe(
          `create table if not exists analytics_events_${day} partition of analytics_events
           for values from ('${from} 00:00:00+00') to ('${to} 00:00:00+00')`,
        )
      }
    })
    for (const d of missing) this.known.add(d)
  }

  /** The partitions from two days back (late events) to `aheadDays` ahead. */
  async prepare(now = Date.now(), aheadDays = 3): Promise<void> {
    const days: string[] = []
    for (let d = -2; d <= aheadDays; d++) days.push(dayKey(now + d * DAY_MS))
    await this.ensure(days)
  }

  /** Drops the partitions of days older than the raw retention; returns their names. */
  async dropExpired(now = Date.now()): Promise<string[]> {
    const oldest = dayKey(now - this.rawDays * DAY_MS)
    const rows = await this.sql<{ name: string }[]>`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      where p.relname = 'analytics_events'`
    const expired = rows
      .map((r) => r.name)
      .filter((name) => /^analytics_events_\d{8}$/.test(name) && name.slice(-8) < oldest)
    for (const name of expired) {
      await this.sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`
        await tx.unsafe(`drop table if exists ${name}`)
      })
      this.known.delete(name.slice(-8))
    }
    return expired
  }
}
