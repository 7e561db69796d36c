import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import type { EntityKind } from './buckets.ts'
import { Hll } from './hll.ts'
import { type Range, startOf } from './range.ts'

export interface Counted {
  /** One value per bucket of the range. */
  series: number[]
  total: number
  /** Totals of each split (`source=home` → n) over the range. */
  dims: Map<string, number>
}

/** The counters of an entity over a range, by metric: read from the hourly or daily rollups only. */
export async function readCounters(
  db: Kysely<DB>,
  kind: EntityKind,
  id: string,
  range: Range,
  metrics: readonly string[],
): Promise<Map<string, Counted>> {
  const rows = await db
    .selectFrom('analyticsCounters')
    .select(['bucket', 'metric', 'dim', 'value'])
    .where('entityKind', '=', kind)
    .where('entityId', '=', id)
    .where('grain', '=', range.grain)
    .where('bucket', '>=', new Date(range.from))
    .where('bucket', '<', new Date(range.to))
    .where('metric', 'in', metrics)
    .execute()
  const index = indexOf(range)
  const out = new Map<string, Counted>(
    metrics.map((m) => [m, { series: range.starts.map(() => 0), total: 0, dims: new Map() }]),
  )
  for (const r of rows) {
    const c = out.get(r.metric)!
    const value = Number(r.value)
    if (r.dim === '') {
      const i = index.get(startOf(r.bucket.getTime(), range.granularity))
      if (i !== undefined) c.series[i]! += value
      c.total += value
    } else c.dims.set(r.dim, (c.dims.get(r.dim) ?? 0) + value)
  }
  return out
}

/** Unique counts of an entity over a range: per bucket, and over the whole range (sketches merged). */
export async function readUniques(
  db: Kysely<DB>,
  kind: EntityKind,
  id: string,
  range: Range,
  metrics: readonly string[],
): Promise<Map<string, { series: number[]; total: number }>> {
  const rows = await db
    .selectFrom('analyticsSketches')
    .select(['bucket', 'metric', 'sketch'])
    .where('entityKind', '=', kind)
    .where('entityId', '=', id)
    .where('grain', '=', range.grain)
    .where('bucket', '>=', new Date(range.from))
    .where('bucket', '<', new Date(range.to))
    .where('metric', 'in', metrics)
    .execute()
  const index = indexOf(range)
  const perBucket = new Map<string, Hll[]>(metrics.map((m) => [m, range.starts.map(() => new Hll())]))
  const whole = new Map<string, Hll>(metrics.map((m) => [m, new Hll()]))
  for (const r of rows) {
    const hll = Hll.fromBytes(r.sketch)
    const i = index.get(startOf(r.bucket.getTime(), range.granularity))
    if (i !== undefined) perBucket.get(r.metric)![i]!.merge(hll)
    whole.get(r.metric)!.merge(hll)
  }
  return new Map(
    metrics.map((m) => [
      m,
      { series: perBucket.get(m)!.map((h) => h.count()), total: whole.get(m)!.count() },
    ]),
  )
}

function indexOf(range: Range): Map<number, number> {
  return new Map(range.starts.map((s, i) => [s, i]))
}

/**
 * A breakdown (`source`, `country`, `device`) of a metric's splits, largest first. Hidden (null)
 * when the audience is below `minAudience`; rows of fewer than `minAudience` are folded into `other`.
 */
export function breakdown(
  counted: Counted,
  name: string,
  audience: number,
  minAudience: number,
): { key: string; value: number }[] | null {
  if (audience < minAudience) return null
  let other = 0
  const rows: { key: string; value: number }[] = []
  for (const [dim, value] of counted.dims) {
    if (!dim.startsWith(`${name}=`) || value <= 0) continue
    if (value < minAudience) other += value
    else rows.push({ key: dim.slice(name.length + 1), value })
  }
  rows.sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : 1))
  const existing = rows.find((r) => r.key === 'other')
  if (existing) existing.value += other
  else if (other > 0) rows.push({ key: 'other', value: other })
  return rows
}
