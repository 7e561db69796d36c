import type postgres from 'postgres'
import { arrayLiteral } from '../platform/db/array-literal.ts'
import type { Buckets } from './buckets.ts'
import { Hll } from './hll.ts'

type Tx = postgres.TransactionSql

const isoTimes = new Map<number, string>()

/** A bucket's time in ISO form (a batch's counters share a few dozen buckets). */
function isoOf(bucket: number): string {
  let iso = isoTimes.get(bucket)
  if (iso === undefined) {
    if (isoTimes.size > 10_000) isoTimes.clear()
    iso = new Date(bucket).toISOString()
    isoTimes.set(bucket, iso)
  }
  return iso
}

/**
 * Adds a batch's counters to `analytics_counters` and merges its sketches into
 * `analytics_sketches`, inside the writer's transaction. Rows are written in key order, so two
 * writers touching the same buckets take their row locks in the same order.
 */
export async function storeBuckets(tx: Tx, buckets: Buckets): Promise<void> {
  const counters = buckets.counters()
  if (counters.length > 0) {
    await tx`
      insert into analytics_counters (entity_kind, entity_id, grain, bucket, metric, dim, value)
      select k, i, g::"char", b, m, d, v
      from unnest(${arrayLiteral(counters.map((c) => c.key.kind))}::text[], ${arrayLiteral(counters.map((c) => c.key.id))}::uuid[],
        ${arrayLiteral(counters.map((c) => c.key.grain))}::text[], ${arrayLiteral(counters.map((c) => isoOf(c.key.bucket)))}::timestamptz[],
        ${arrayLiteral(counters.map((c) => c.key.metric))}::text[], ${arrayLiteral(counters.map((c) => c.key.dim))}::text[],
        ${arrayLiteral(counters.map((c) => String(c.value)))}::int8[]) as u(k, i, g, b, m, d, v)
      on conflict (entity_kind, entity_id, grain, bucket, metric, dim)
      do update set value = analytics_counters.value + excluded.value`
  }
  const sketches = buckets.sketches()
  if (sketches.length === 0) return
  const cols = (list: typeof sketches) => [
    list.map((s) => s.key.kind),
    list.map((s) => s.key.id),
    list.map((s) => s.key.grain),
    list.map((s) => isoOf(s.key.bucket)),
    list.map((s) => s.key.metric),
  ]
  const [k, i, g, b, m] = cols(sketches)
  // New buckets take the batch's sketch as it is; a conflict (the bucket exists, or another
  // writer just made it: the insert waits for it) leaves the row to be merged below, locked.
  const inserted = await tx<{ k: string; i: string; g: string; b: Date; m: string }[]>`
    insert into analytics_sketches (entity_kind, entity_id, grain, bucket, metric, sketch)
    select k, i, g::"char", b, m, decode(h, 'hex')
    from unnest(${arrayLiteral(k!)}::text[], ${arrayLiteral(i!)}::uuid[], ${arrayLiteral(g!)}::text[], ${arrayLiteral(b!)}::timestamptz[], ${arrayLiteral(m!)}::text[],
      ${arrayLiteral(sketches.map((s) => Buffer.from(s.hll.toBytes()).toString('hex')))}::text[]) as u(k, i, g, b, m, h)
    on conflict do nothing
    returning entity_kind as k, entity_id as i, grain as g, bucket as b, metric as m`
  const done = new Set(inserted.map((r) => `${r.k}|${r.i}|${r.g}|${r.b.getTime()}|${r.m}`))
  const rest = sketches.filter(
    (s) => !done.has(`${s.key.kind}|${s.key.id}|${s.key.grain}|${s.key.bucket}|${s.key.metric}`),
  )
  if (rest.length === 0) return
  const [k2, i2, g2, b2, m2] = cols(rest)
  const existing = await tx<{ k: string; i: string; g: string; b: Date; m: string; sketch: Buffer }[]>`
    select s.entity_kind as k, s.entity_id as i, s.grain as g, s.bucket as b, s.metric as m, s.sketch
    from analytics_sketches s
    join unnest(${arrayLiteral(k2!)}::text[], ${arrayLiteral(i2!)}::uuid[], ${arrayLiteral(g2!)}::text[], ${arrayLiteral(b2!)}::timestamptz[], ${arrayLiteral(m2!)}::text[]) as u(k, i, g, b, m)
      on s.entity_kind = u.k and s.entity_id = u.i and s.grain = u.g::"char" and s.bucket = u.b and s.metric = u.m
    order by 1, 2, 3, 4, 5
    for update of s`
  const stored = new Map(existing.map((r) => [`${r.k}|${r.i}|${r.g}|${r.b.getTime()}|${r.m}`, r.sketch]))
  const merged = rest.map((s) => {
    const before = stored.get(`${s.key.kind}|${s.key.id}|${s.key.grain}|${s.key.bucket}|${s.key.metric}`)
    const hll = before ? Hll.fromBytes(before) : new Hll()
    hll.merge(s.hll)
    return Buffer.from(hll.toBytes()).toString('hex')
  })
  await tx`
    update analytics_sketches s set sketch = decode(u.h, 'hex')
    from unnest(${arrayLiteral(k2!)}::text[], ${arrayLiteral(i2!)}::uuid[], ${arrayLiteral(g2!)}::text[], ${arrayLiteral(b2!)}::timestamptz[], ${arrayLiteral(m2!)}::text[], ${arrayLiteral(merged)}::text[])
      as u(k, i, g, b, m, h)
    where s.entity_kind = u.k and s.entity_id = u.i and s.grain = u.g::"char" and s.bucket = u.b and s.metric = u.m`
}
