/**
 * bench:analytics-store — the writer's transaction alone (no HTTP, no JetStream): batches of
 * synthetic client events (viewing sessions of 120 s videos, as bench:analytics sends) stored with
 * their rollups by `AnalyticsWriter.store`, the raw events going in by COPY through the staging
 * table or by multi-row inserts, alternated in the same run, beside plain COPY of the same rows.
 *
 *   BATCH=50000 ROUNDS=5 VIDEOS=1000 bun bench/analytics/store.ts
 */
import postgres from 'postgres'
import { Partitions } from '../../src/analytics/partitions.ts'
import type { EventRow } from '../../src/analytics/rows.ts'
import { Visitors } from '../../src/analytics/visitors.ts'
import { AnalyticsWriter } from '../../src/analytics/writer.ts'
import type { Bus } from '../../src/platform/bus/connect.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createTestDatabase } from '../../test/support/services.ts'

const BATCH = Number(process.env.BATCH ?? 50_000)
const ROUNDS = Number(process.env.ROUNDS ?? 5)
const VIDEOS = Number(process.env.VIDEOS ?? 1000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

const database = await createTestDatabase('bench_analytics_store')
const sql = postgres(database.url, { max: 4, onnotice: () => {} })
const log = createLogger({ level: 'warn', nodeId: 'bench' })
try {
  await migrate(sql, log)
  const [user] = await sql<{ id: string }[]>`
    insert into users (id, username, email, password_hash) values (gen_random_uuid(), 'bench', 'b@example.test', 'x')
    returning id`
  const videos = (
    await sql<{ id: string }[]>`
      with u as (
        insert into uploads (id, owner_id, size_bytes, state, completed_at)
        select 'bench-' || g, ${user!.id}, 1000, 'complete', now() from generate_series(1, ${VIDEOS}) g returning id)
      insert into videos (id, owner_id, upload_id, title, visibility, status, duration_ms)
      select gen_random_uuid(), ${user!.id}, u.id, 'Bench video', 'public', 'ready', 120000 from u returning id`
  ).map((r) => r.id)
  const writer = new AnalyticsWriter({ bus: {} as Bus, sql, partitions: new Partitions(sql, 90), log })
  await sql.unsafe('create table bench_copy (like analytics_events) partition by range (occurred_at)')
  const results: Record<string, number[]> = { copy: [], insert: [], plain: [] }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of round % 2 ? (['copy', 'insert'] as const) : (['insert', 'copy'] as const)) {
      const rows = makeRows(videos, BATCH)
      writer.insertMode = mode
      const started = performance.now()
      const n = await writer.store(rows)
      if (n !== rows.length) throw new Error(`${mode}: stored ${n} of ${rows.length}`)
      results[mode]!.push((rows.length / (performance.now() - started)) * 1000)
    }
    results.plain!.push(await plainCopy(makeRows(videos, BATCH)))
    console.log(
      `round ${round}: store with COPY ${fmt(results.copy!.at(-1)!)} events/s, with inserts ${fmt(results.insert!.at(-1)!)} events/s, plain COPY ${fmt(results.plain!.at(-1)!)} rows/s`,
    )
  }
  const [c, i, p] = [median(results.copy!), median(results.insert!), median(results.plain!)]
  console.log(
    `median: store with COPY ${fmt(c)} events/s (ratio to plain COPY ${(c / p).toFixed(2)}), with inserts ${fmt(i)} events/s (${(i / p).toFixed(2)}); COPY over inserts ${(c / i).toFixed(2)}×`,
  )
} finally {
  await sql.end()
  await database.drop()
}

function makeRows(videos: string[], n: number): EventRow[] {
  const rows: EventRow[] = []
  const now = Date.now()
  while (rows.length < n) {
    const videoId = videos[Math.floor(Math.random() * videos.length)]!
    const sessionId = `s${crypto.randomUUID().slice(0, 12)}`
    const visitor = Visitors.ofUser(crypto.randomUUID())
    const start = now - Math.floor(Math.random() * 3_000_000)
    const base = {
      receivedAt: now,
      userId: null,
      visitor,
      sessionId,
      subjectKind: 'video',
      subjectId: videoId,
      source: 'home',
      country: 'US',
      device: 'desktop',
      quality: null,
      data: null,
      clamped: false,
      client: true,
    }
    rows.push({
      ...base,
      id: crypto.randomUUID(),
      occurredAt: start,
      type: 'impression',
      positionSeconds: null,
      intervalSeconds: null,
      buffering: null,
    })
    for (let p = 5; p <= 120 && rows.length < n; p += 5)
      rows.push({
        ...base,
        id: crypto.randomUUID(),
        occurredAt: start + p * 1000,
        type: 'view.heartbeat',
        positionSeconds: p,
        intervalSeconds: 5,
        buffering: false,
      })
  }
  return rows
}

async function plainCopy(rows: EventRow[]): Promise<number> {
  for (const day of new Set(rows.map((r) => new Date(r.occurredAt).toISOString().slice(0, 10)))) {
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)
    await sql.unsafe(
      `create table if not exists bench_copy_${day.replaceAll('-', '')} partition of bench_copy for values from ('${day}') to ('${next}')`,
    )
  }
  const started = performance.now()
  const stream =
    await sql`copy bench_copy (id, occurred_at, received_at, type, visitor, session_id, subject_kind, subject_id,
    source, country, device, position_seconds, interval_seconds, buffering) from stdin`.writable()
  const done = new Promise<void>((resolve, reject) => stream.once('finish', resolve).once('error', reject))
  for (let i = 0; i < rows.length; i += 5000) {
    const text = rows
      .slice(i, i + 5000)
      .map((r) =>
        [
          r.id,
          new Date(r.occurredAt).toISOString(),
          new Date(r.receivedAt).toISOString(),
          r.type,
          '1',
          r.sessionId,
          'video',
          r.subjectId,
          r.source,
          r.country,
          r.device,
          r.positionSeconds ?? '\\N',
          r.intervalSeconds ?? '\\N',
          r.buffering ?? '\\N',
        ].join('\t'),
      )
      .join('\n')
    if (!stream.write(`${text}\n`)) await new Promise((resolve) => stream.once('drain', resolve))
  }
  stream.end()
  await done
  return (rows.length / (performance.now() - started)) * 1000
}
