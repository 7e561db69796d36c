import { fieldError } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'
import { DAY_MS, floorTo, HOUR_MS, weekOf } from './buckets.ts'

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const
export type Granularity = (typeof GRANULARITIES)[number]

/** A report's range: aligned to whole buckets, `to` exclusive, and the buckets' starts. */
export interface Range {
  from: number
  to: number
  granularity: Granularity
  /** The grain of the rollups read: hours for `hour`, days otherwise. */
  grain: 'h' | 'd'
  starts: number[]
}

const MAX_BUCKETS: Record<Granularity, number> = {
  hour: 24 * 31,
  day: 366 * 5,
  week: 53 * 10,
  month: 12 * 10,
}

/**
 * The range of `?from=&to=&granularity=`: by default the last 28 days by day (the last 48 hours by
 * hour), the current bucket included, so what was just ingested shows. Too many buckets is a 422.
 */
export function rangeOf(
  query: { from?: string; to?: string; granularity?: string },
  now = Date.now(),
): Range {
  const granularity = (query.granularity ?? 'day') as Granularity
  const to = query.to ? dateTimeField('query.to', query.to).getTime() : now
  const from = query.from
    ? dateTimeField('query.from', query.from).getTime()
    : to - (granularity === 'hour' ? 48 * HOUR_MS : 28 * DAY_MS)
  if (from >= to) throw fieldError('query.from', 'must be before to')
  const starts: number[] = []
  let at = startOf(from, granularity)
  while (at < to) {
    starts.push(at)
    if (starts.length > MAX_BUCKETS[granularity])
      throw fieldError('query.from', `the range holds more than ${MAX_BUCKETS[granularity]} ${granularity}s`)
    at = next(at, granularity)
  }
  return { from: starts[0]!, to: at, granularity, grain: granularity === 'hour' ? 'h' : 'd', starts }
}

export function startOf(at: number, granularity: Granularity): number {
  if (granularity === 'hour') return floorTo(at, 'h')
  if (granularity === 'day') return floorTo(at, 'd')
  if (granularity === 'week') return weekOf(at)
  const d = new Date(at)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function next(at: number, granularity: Granularity): number {
  if (granularity === 'hour') return at + HOUR_MS
  if (granularity === 'day') return at + DAY_MS
  if (granularity === 'week') return at + 7 * DAY_MS
  const d = new Date(at)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}
