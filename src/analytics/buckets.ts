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

/** The figures of one entity, by a number naming the bucket and the metric (Buckets.code). */
interface Entity {
  kind: EntityKind
  id: string
  counters: Map<number, number>
  sketches: Map<number, Hll>
}

const NO_DIMS: readonly string[] = []
/** Metric and dim pairs a batch may name (their index is the low part of a code). */
const METRICS = 65_536

/**
 * Kept flat on purpose: a batch of 50,000 events makes several hundred thousand additions, so an
 * addition allocates nothing. Entities are found by kind and id in nested maps, and within one a
 * figure by a number made of its hour (or day), grain and metric-and-dim index.
 */
export class Buckets {
  private readonly entities = new Map<EntityKind, Map<string, Entity>>()
  private readonly metricIndex = new Map<string, Map<string, number>>()
  private readonly metrics: [metric: string, dim: string][] = []
  private readonly halves = new Map<string, [number, number]>()
  private readonly lastUnique = { kind: '', id: '', hour: Number.NaN, metric: '', visitor: '' }

  /** Adds `n` to a metric (and to its `dim` splits when given) in the hour and day of `at`. */
  add(
    kind: EntityKind,
    id: string,
    at: number,
    metric: string,
    n: number,
    dims: readonly string[] = NO_DIMS,
  ): void {
    if (n === 0) return
    const { counters } = this.entity(kind, id)
    const hour = Math.floor(at / HOUR_MS)
    const day = Math.floor(at / DAY_MS) * 24
    for (let i = -1; i < dims.length; i++) {
      const m = this.metricOf(metric, i < 0 ? '' : dims[i]!)
      const h = code(hour, 1, m)
      counters.set(h, (counters.get(h) ?? 0) + n)
      const d = code(day, 0, m)
      counters.set(d, (counters.get(d) ?? 0) + n)
    }
  }

  /** Counts `visitor` (16 hex digits) once in the unique `metric` of the hour and day of `at`. */
  unique(kind: EntityKind, id: string, at: number, metric: string, visitor: string): void {
    // The same viewer in the same hour as the call before (a batch's events are one viewer's):
    // counted already.
    const hour = Math.floor(at / HOUR_MS)
    const l = this.lastUnique
    if (l.hour === hour && l.visitor === visitor && l.id === id && l.metric === metric && l.kind === kind)
      return
    l.kind = kind
    l.id = id
    l.hour = hour
    l.metric = metric
    l.visitor = visitor
    let halves = this.halves.get(visitor)
    if (!halves) {
      halves = hashHalves(visitor)
      this.halves.set(visitor, halves)
    }
    const { sketches } = this.entity(kind, id)
    const m = this.metricOf(metric, '')
    sketchOf(sketches, code(hour, 1, m)).add(halves[0], halves[1])
    sketchOf(sketches, code(Math.floor(at / DAY_MS) * 24, 0, m)).add(halves[0], halves[1])
  }

  /** The counters, in key order (kind, id, grain, bucket, metric, dim): the order their rows are locked in. */
  counters(): { key: CounterKey; value: number }[] {
    return this.inOrder((e) => e.counters).map(([e, c, value]) => ({ key: this.keyOf(e, c), value }))
  }

  /** The sketches, in key order. */
  sketches(): { key: Omit<CounterKey, 'dim'>; hll: Hll }[] {
    return this.inOrder((e) => e.sketches).map(([e, c, hll]) => ({ key: this.keyOf(e, c), hll }))
  }

  private inOrder<T>(of: (e: Entity) => Map<number, T>): [Entity, number, T][] {
    // Metric indices ranked by name, so a code's order is that of its grain, bucket and names.
    const rank = this.metrics
      .map((m, i) => [m, i] as const)
      .sort(([a], [b]) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .reduce((r, [, i], k) => {
        r[i] = k
        return r
      }, new Array<number>(this.metrics.length))
    const order = (c: number) => {
      const { bucket, grain, metric } = decode(c)
      return (grain * 2 ** 24 + bucket) * METRICS + rank[metric]!
    }
    const out: [Entity, number, T][] = []
    const kinds = [...this.entities.keys()].sort()
    for (const kind of kinds) {
      const byId = this.entities.get(kind)!
      for (const id of [...byId.keys()].sort()) {
        const e = byId.get(id)!
        const entries = [...of(e)].map(([c, v]) => [order(c), c, v] as const).sort((a, b) => a[0] - b[0])
        for (const [, c, v] of entries) out.push([e, c, v])
      }
    }
    return out
  }

  private keyOf(e: Entity, c: number): CounterKey {
    const { bucket, grain, metric } = decode(c)
    const [name, dim] = this.metrics[metric]!
    return { kind: e.kind, id: e.id, grain: grain ? 'h' : 'd', bucket: bucket * HOUR_MS, metric: name, dim }
  }

  private entity(kind: EntityKind, id: string): Entity {
    let byId = this.entities.get(kind)
    if (!byId) {
      byId = new Map()
      this.entities.set(kind, byId)
    }
    let e = byId.get(id)
    if (!e) {
      e = { kind, id, counters: new Map(), sketches: new Map() }
      byId.set(id, e)
    }
    return e
  }

  private metricOf(metric: string, dim: string): number {
    let dims = this.metricIndex.get(metric)
    if (!dims) {
      dims = new Map()
      this.metricIndex.set(metric, dims)
    }
    let m = dims.get(dim)
    if (m === undefined) {
      m = this.metrics.length
      if (m >= METRICS) throw new Error('too many metrics in one batch')
      this.metrics.push([metric, dim])
      dims.set(dim, m)
    }
    return m
  }
}

function sketchOf(sketches: Map<number, Hll>, c: number): Hll {
  let hll = sketches.get(c)
  if (!hll) {
    hll = new Hll()
    sketches.set(c, hll)
  }
  return hll
}

/** A figure's number: its bucket (in hours since the epoch), grain (1: hour) and metric index. */
function code(hour: number, grain: 0 | 1, metric: number): number {
  return (hour * 2 + grain) * METRICS + metric
}

function decode(c: number): { bucket: number; grain: number; metric: number } {
  const high = Math.floor(c / METRICS)
  const bucket = Math.floor(high / 2)
  return { bucket, grain: high - bucket * 2, metric: c - high * METRICS }
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
