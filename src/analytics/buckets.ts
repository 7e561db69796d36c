/**
 * Counters and sketches of one written batch, by entity, grain and bucket, before they are added
 * to `analytics_counters` and merged into `analytics_sketches` (rollup-store.ts). Every figure is
 * counted twice, in its hour and in its day (UTC), so reads of any range add up whole days and the
 * hours at its edges, never raw events.
 */
import { Hll, hashHalves } from './hll.ts'

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** The platform's own entity id in the rollups. */
export const PLATFORM_ID = '00000000-0000-0000-0000-000000000000'

export type EntityKind = 'video' | 'post' | 'creator' | 'stream' | 'platform'
export type Grain = 'h' | 'd'

export interface CounterKey {
  kind: EntityKind
  id: string
  grain: Grain
  bucket: number
  metric: string
  dim: string
}

export class Buckets {
  readonly counters = new Map<string, { key: CounterKey; value: number }>()
  readonly sketches = new Map<string, { key: Omit<CounterKey, 'dim'>; hll: Hll }>()

  /** Adds `n` to a metric (and to its `dim` split when given) in the hour and day of `at`. */
  add(kind: EntityKind, id: string, at: number, metric: string, n: number, dims: string[] = []): void {
    if (n === 0) return
    for (const grain of ['h', 'd'] as const) {
      const bucket = floorTo(at, grain)
      for (const dim of ['', ...dims]) {
        const k = `${kind}|${id}|${grain}|${bucket}|${metric}|${dim}`
        const entry = this.counters.get(k)
        if (entry) entry.value += n
        else this.counters.set(k, { key: { kind, id, grain, bucket, metric, dim }, value: n })
      }
    }
  }

  /** Counts `visitor` (16 hex digits) once in the unique `metric` of the hour and day of `at`. */
  unique(kind: EntityKind, id: string, at: number, metric: string, visitor: string): void {
    const [hi, lo] = hashHalves(visitor)
    for (const grain of ['h', 'd'] as const) {
      const bucket = floorTo(at, grain)
      const k = `${kind}|${id}|${grain}|${bucket}|${metric}`
      let entry = this.sketches.get(k)
      if (!entry) {
        entry = { key: { kind, id, grain, bucket, metric }, hll: new Hll() }
        this.sketches.set(k, entry)
      }
      entry.hll.add(hi, lo)
    }
  }
}

export function floorTo(at: number, grain: Grain): number {
  const size = grain === 'h' ? HOUR_MS : DAY_MS
  return Math.floor(at / size) * size
}

/** Monday 00:00 UTC of the week of `at`. */
export function weekOf(at: number): number {
  const day = floorTo(at, 'd')
  const weekday = (new Date(day).getUTCDay() + 6) % 7
  return day - weekday * DAY_MS
}
