/**
 * bench:analytics — the analytics pipeline on this machine, in two parts.
 *
 * 1. Sustained ingestion, end to end: batches of 500 client events POSTed to
 *    `/v1/analytics/events` of a platform node (API and worker in one process, its own database and
 *    NATS prefix), timed from the first request until the last event is a row of the day-partitioned
 *    `analytics_events` with its rollups written (the writer's transaction does both). Beside it, in
 *    the same run and database: plain COPY of the same rows into a table of the same shape,
 *    partitioned the same way, without rollups. Alternating rounds; medians and the ratio.
 *
 * 2. Dashboard reads: rollups synthesised in SQL for EVENTS (100 million by default) view events
 *    over VIDEOS videos and DAYS days (hourly and daily counters with their source, country and
 *    device splits, hourly and daily unique-viewer sketches, the retention curve), then
 *    `GET /v1/analytics/videos/{id}` over random videos (28 days by day, and 48 hours by hour) as
 *    their owner: p50/p99 through the API. Beside it, the raw scan answering the same question
 *    (views per day of one video) from `analytics_events` holding RAW_EVENTS synthetic rows, and
 *    that time scaled linearly to EVENTS rows (a sequential scan is linear in the rows it reads).
 *
 *   npm run bench:analytics
 *   EVENTS_PER_ROUND=100000 ROUNDS=3 CONCURRENCY=8 VIDEOS=1000 DAYS=30 RAW_EVENTS=5000000 npm run bench:analytics
 */
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { PLATFORM_ID } from '../../src/analytics/buckets.ts'
import { Hll } from '../../src/analytics/hll.ts'
import { signupTokenIn } from '../../test/support/accounts.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuSeconds, nodeScript, serve } from '../support.ts'

const EVENTS_PER_ROUND = Number(process.env.EVENTS_PER_ROUND ?? 100_000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8)
const BATCH = 500
const VIDEOS = Number(process.env.VIDEOS ?? 1000)
const DAYS = Number(process.env.DAYS ?? 30)
const EVENTS = Number(process.env.EVENTS ?? 100_000_000)
const RAW_EVENTS = Number(process.env.RAW_EVENTS ?? 5_000_000)
const READS = Number(process.env.READS ?? 2000)
const SOURCES = ['home', 'profile', 'search', 'external', 'notification']
const COUNTRIES = ['US', 'DE', 'FR', 'BR', 'JP']
const DEVICES = ['desktop', 'mobile', 'tablet']

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

const dir = join(tmpdir(), `sf-bench-analytics-${process.pid}`)
const database = await createTestDatabase('bench_analytics')
const prefix = uniquePrefix('bench_analytics')
const nodeEnv = {
  DATABASE_URL: database.url,
  NATS_URL,
  NATS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
  STORAGE_DIR: join(dir, 'storage'),
  UPLOADS_DIR: join(dir, 'uploads'),
  VIDEO_WORK_DIR: join(dir, 'work'),
  LIVE_WORK_DIR: join(dir, 'live'),
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
  RATE_LIMITS: '*=off',
}
// As a deployment runs at volume: the API in one process, the worker (the writer) in another.
const server = await serve(nodeScript('api'), { ...nodeEnv, ROLES: 'api' })
const worker = await serve(nodeScript('worker'), { ...nodeEnv, ROLES: 'worker' })
const sql = postgres(database.url, { max: 4, onnotice: () => {} })

try {
  const { token, userId } = await creator()
  const videoIds = await makeVideos(userId, VIDEOS)
  console.log(`API ${server.url} and a worker; ${VIDEOS} videos of one creator; ${CPU_NOTE()}`)

  console.log(
    `\n# Ingestion: ${fmt(EVENTS_PER_ROUND)} events a round in batches of ${BATCH}, ${CONCURRENCY} at once`,
  )
  const pipeline: number[] = []
  const accepted: number[] = []
  const copy: number[] = []
  const cpuPerEvent: number[] = []
  await sql.unsafe(
    'create table bench_copy (like analytics_events including defaults) partition by range (occurred_at)',
  )
  for (let round = 1; round <= ROUNDS; round++) {
    const events = makeEvents(videoIds, EVENTS_PER_ROUND)
    const p = await ingest(events)
    const c = await copyRows(events)
    pipeline.push(p.perSecond)
    accepted.push(p.acceptedPerSecond)
    cpuPerEvent.push(p.cpuUsPerEvent)
    copy.push(c)
    console.log(
      `round ${round}: pipeline ${fmt(p.perSecond)} events/s (HTTP 202s at ${fmt(p.acceptedPerSecond)}/s, CPU per event: API ${p.apiUsPerEvent.toFixed(1)} µs, worker ${p.workerUsPerEvent.toFixed(1)} µs, PostgreSQL ${p.pgUsPerEvent.toFixed(1)} µs)  |  plain COPY ${fmt(c)} rows/s  |  ratio ${(p.perSecond / c).toFixed(2)}`,
    )
  }
  console.log(
    `median: pipeline ${fmt(median(pipeline))} events/s end to end (aim ≥ 50,000), accepted ${fmt(median(accepted))}/s, ${median(cpuPerEvent).toFixed(1)} µs API + worker CPU/event; COPY ${fmt(median(copy))} rows/s; ratio ${(median(pipeline) / median(copy)).toFixed(2)} (aim ≥ 0.5)`,
  )

  // EVENTS=0: the ingestion part only.
  if (EVENTS > 0) {
    console.log(
      `\n# Dashboard reads: rollups of ${fmt(EVENTS)} view events over ${VIDEOS} videos and ${DAYS} days (synthesised)`,
    )
    const made = await synthesiseRollups(videoIds)
    console.log(
      `rollups: ${fmt(made.counters)} counter rows, ${fmt(made.sketches)} sketches, ${fmt(made.retention)} retention rows (${made.seconds.toFixed(0)} s to make)`,
    )
    for (const granularity of ['day', 'hour'] as const) {
      const times = await reads(videoIds, token, granularity)
      console.log(
        `GET /v1/analytics/videos/{id}?granularity=${granularity} (${granularity === 'day' ? '28 days' : '48 hours'}): ${READS} reads, 4 at once: p50 ${pct(times, 0.5).toFixed(1)} ms, p99 ${pct(times, 0.99).toFixed(1)} ms (aim < 100 ms)`,
      )
    }
    const raw = await rawScan(videoIds)
    console.log(
      `raw scan, views per day of one video over 28 days: ${raw.ms.toFixed(0)} ms over ${fmt(RAW_EVENTS)} rows (median of 3) → about ${fmt((raw.ms * EVENTS) / RAW_EVENTS)} ms at ${fmt(EVENTS)} rows, scaled linearly; the rollups answer ${fmt((raw.ms * EVENTS) / RAW_EVENTS / Math.max(1, raw.rollupMs))}× faster`,
    )
  }
} finally {
  await sql.end()
  for (const node of [server, worker]) {
    node.proc.kill('SIGTERM')
    await node.proc.exited
  }
  await removeNatsPrefix(prefix)
  await database.drop()
}

function CPU_NOTE() {
  return 'a 2-core machine shared with other work: compare the ratios, not the absolute figures'
}

async function creator() {
  const email = `bench-analytics-${process.pid}@example.test`
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Record<string, unknown>>)
  await post('/v1/auth/register', {
    username: `bench_an_${process.pid}`,
    email,
    password: `Pw-${crypto.randomUUID()}`,
  })
  const registered = await post('/v1/auth/register/confirm', {
    token: await signupTokenIn(database.url, email),
  })
  const token = String(registered.accessToken)
  const [me] = await sql<{ id: string }[]>`select id from users where email = ${email}`
  return { token, userId: me!.id }
}

/** Ready videos of `owner` (rows as the pipeline leaves them; the bench measures analytics, not encoding). */
async function makeVideos(owner: string, n: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    with u as (
      insert into uploads (id, owner_id, size_bytes, state, completed_at)
      select 'bench-' || g, ${owner}, 1000, 'complete', now() from generate_series(1, ${n}) g
      returning id
    )
    insert into videos (id, owner_id, upload_id, title, visibility, status, duration_ms)
    select gen_random_uuid(), ${owner}, u.id, 'Bench video', 'public', 'ready', 120000 from u
    returning id`
  return rows.map((r) => r.id)
}

interface BenchEvent {
  id: string
  type: 'view.heartbeat' | 'impression'
  occurredAt: string
  sessionId: string
  videoId: string
  positionSeconds?: number
  intervalSeconds?: number
  source: string
}

/** Viewing sessions (heartbeats every 5 s of 120 s videos, with an impression first) over the last hour. */
function makeEvents(videoIds: string[], n: number): BenchEvent[] {
  const events: BenchEvent[] = []
  const now = Date.now()
  while (events.length < n) {
    const videoId = videoIds[Math.floor(Math.random() * videoIds.length)]!
    const sessionId = `s${crypto.randomUUID().slice(0, 12)}`
    const source = SOURCES[events.length % SOURCES.length]!
    const start = now - Math.floor(Math.random() * 3_000_000)
    events.push({
      id: crypto.randomUUID(),
      type: 'impression',
      occurredAt: new Date(start).toISOString(),
      sessionId,
      videoId,
      source,
    })
    for (let p = 5; p <= 120 && events.length < n; p += 5)
      events.push({
        id: crypto.randomUUID(),
        type: 'view.heartbeat',
        occurredAt: new Date(start + p * 1000).toISOString(),
        sessionId,
        videoId,
        positionSeconds: p,
        intervalSeconds: 5,
        source,
      })
  }
  return events
}

/**
 * CPU seconds of the PostgreSQL processes working for this bench: the backends and autovacuum
 * workers of its database (their titles name it) and the server's own WAL writer, checkpointer and
 * background writer. Other databases' backends (other work on a shared machine) are left out.
 */
async function postgresCpu(): Promise<number> {
  let total = 0
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const stat = await Bun.file(`/proc/${pid}/stat`)
      .text()
      .catch(() => '')
    if (!stat.includes('(postgres)')) continue
    const title = await Bun.file(`/proc/${pid}/cmdline`)
      .text()
      .catch(() => '')
    if (!title.includes(` ${database.name}`) && !/walwriter|checkpointer|background writer/.test(title))
      continue
    const fields = stat.split(') ')[1]!.split(' ')
    total += (Number(fields[11]) + Number(fields[12])) / 100
  }
  return total
}

/**
 * Client events stored, as the platform's daily `client_events` counters say: the writer adds to
 * them in the transaction that stores the events, and reading a few counter rows every 50 ms costs
 * PostgreSQL nothing (a count(*) of the table did: a scan of every row so far, 20 times a second,
 * which took CPU from the pipeline it timed and was counted as its PostgreSQL time).
 */
async function storedCount(): Promise<number> {
  const [row] = await sql<{ n: string | null }[]>`
    select sum(value) as n from analytics_counters
    where entity_kind = 'platform' and entity_id = ${PLATFORM_ID} and grain = 'd' and metric = 'client_events' and dim = ''`
  return Number(row!.n ?? 0)
}

/** The bench's events stored as rows (counted once the clock has stopped). */
async function storedRows(): Promise<number> {
  const [row] = await sql<
    { n: string }[]
  >`select count(*) as n from analytics_events where type in ('view.heartbeat', 'impression')`
  return Number(row!.n)
}

async function ingest(events: BenchEvent[]) {
  const before = await storedCount()
  const rowsBefore = await storedRows()
  const cpuOf = async () =>
    [await cpuSeconds(server.proc.pid), await cpuSeconds(worker.proc.pid), await postgresCpu()] as const
  const cpuBefore = await cpuOf()
  // Bodies encoded before the clock starts, as plain COPY's lines are below: the client's own work
  // is not the pipeline's.
  const batches: string[] = []
  for (let i = 0; i < events.length; i += BATCH)
    batches.push(JSON.stringify({ events: events.slice(i, i + BATCH) }))
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, lane) => {
      while (next < batches.length) {
        const batch = batches[next++]!
        const res = await fetch(`${server.url}/v1/analytics/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': `bench-${lane}`,
            'x-forwarded-for': `10.0.${lane}.1`,
          },
          body: batch,
        })
        if (res.status !== 202) throw new Error(`ingestion answered ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
      }
    }),
  )
  const acceptedMs = performance.now() - started
  for (;;) {
    if ((await storedCount()) - before >= events.length) break
    if (performance.now() - started > 600_000) throw new Error('the writer did not catch up in 10 minutes')
    await Bun.sleep(50)
  }
  const ms = performance.now() - started
  const cpuAfter = await cpuOf()
  const apiCpu = cpuAfter[0] - cpuBefore[0]
  const workerCpu = cpuAfter[1] - cpuBefore[1]
  const pgCpu = cpuAfter[2] - cpuBefore[2]
  const rows = (await storedRows()) - rowsBefore
  if (rows !== events.length) throw new Error(`${rows} rows stored for ${events.length} events`)
  return {
    perSecond: (events.length / ms) * 1000,
    acceptedPerSecond: (events.length / acceptedMs) * 1000,
    cpuUsPerEvent: ((apiCpu + workerCpu) * 1e6) / events.length,
    apiUsPerEvent: (apiCpu * 1e6) / events.length,
    workerUsPerEvent: (workerCpu * 1e6) / events.length,
    pgUsPerEvent: (pgCpu * 1e6) / events.length,
  }
}

/** The same rows (the columns the writer fills for them) by COPY into `bench_copy`; rows per second. */
async function copyRows(events: BenchEvent[]): Promise<number> {
  const days = new Set(events.map((e) => e.occurredAt.slice(0, 10)))
  for (const day of days) {
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)
    await sql.unsafe(
      `create table if not exists bench_copy_${day.replaceAll('-', '')} partition of bench_copy for values from ('${day}') to ('${next}')`,
    )
  }
  const received = new Date().toISOString()
  const lines = events.map((e) =>
    [
      e.id,
      e.occurredAt,
      received,
      e.type,
      '\\N',
      String(BigInt.asIntN(64, BigInt(`0x${e.sessionId.slice(1, 9)}00000000`))),
      e.sessionId,
      'video',
      e.videoId,
      e.source,
      'US',
      'desktop',
      e.positionSeconds ?? '\\N',
      e.intervalSeconds ?? '\\N',
      '\\N',
      '\\N',
      '\\N',
    ].join('\t'),
  )
  const started = performance.now()
  const stream =
    await sql`copy bench_copy (id, occurred_at, received_at, type, user_id, visitor, session_id, subject_kind,
    subject_id, source, country, device, position_seconds, interval_seconds, quality, buffering, data) from stdin`.writable()
  const chunk = 5000
  for (let i = 0; i < lines.length; i += chunk) {
    const ok = stream.write(`${lines.slice(i, i + chunk).join('\n')}\n`)
    if (!ok) await new Promise((resolve) => stream.once('drain', resolve))
  }
  await new Promise<void>((resolve, reject) => stream.end(() => resolve()).once('error', reject))
  // The COPY is committed when the stream finishes; check every row is there.
  const [row] = await sql<
    { n: string }[]
  >`select count(*) as n from bench_copy where id = any(${events.slice(-100).map((e) => e.id)}::uuid[])`
  if (Number(row!.n) !== 100) throw new Error('COPY did not store the rows')
  return (events.length / (performance.now() - started)) * 1000
}

/** Sketches of a few sizes, made with the product's HLL (what the writer stores). */
function sketchBytes(viewers: number): Buffer {
  const h = new Hll()
  for (let i = 0; i < viewers; i++) {
    const x = crypto.getRandomValues(new Uint32Array(2))
    h.add(x[0]!, x[1]!)
  }
  return Buffer.from(h.toBytes())
}

/**
 * Rollups as the writer would have left them after EVENTS view events (views are one in 25 of
 * them, the rest heartbeats): per video, hourly and daily counters of views, watch time,
 * impressions and clicks, views split by source, country and device, unique-viewer sketches, and
 * the retention curve per day.
 */
async function synthesiseRollups(videoIds: string[]) {
  const started = performance.now()
  const hours = DAYS * 24
  const perHour = Math.max(1, Math.round(EVENTS / 25 / videoIds.length / hours))
  const sketches = [1, 2, 4, 8, 16, 32, 64, 256].map((n) => sketchBytes(Math.min(n, perHour * 4)))
  const dailySketches = [1, 2, 4, 8].map((n) => sketchBytes(Math.min(perHour * 24 * n, 20_000)))
  const now = Date.now()
  const firstHour = new Date(Math.floor(now / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000)
  const firstDay = new Date(Math.floor(now / 86_400_000) * 86_400_000 - (DAYS - 1) * 86_400_000)
  await sql`set maintenance_work_mem = '256MB'`
  for (const [grain, first, n, step] of [
    ['h', firstHour, hours, '1 hour'],
    ['d', firstDay, DAYS, '1 day'],
  ] as const) {
    const scale = grain === 'h' ? 1 : 24
    await sql`
      insert into analytics_counters (entity_kind, entity_id, grain, bucket, metric, dim, value)
      select 'video', v.id, ${grain}, ${first}::timestamptz + (b * ${step}::interval), m.metric, m.dim,
        greatest(1, round(${perHour * scale} * m.share * (0.5 + random())))
      from unnest(${videoIds}::uuid[]) as v(id)
      cross join generate_series(0, ${n - 1}) b
      cross join (values ('views', '', 1.0), ('watch_ms', '', 60000.0), ('impressions', '', 3.0), ('clicks', '', 0.5),
        ${sql.unsafe(
          [
            ...SOURCES.map((s) => `('views', 'source=${s}', 0.2)`),
            ...COUNTRIES.map((c) => `('views', 'country=${c}', 0.2)`),
            ...DEVICES.map((d) => `('views', 'device=${d}', 0.33)`),
          ].join(', '),
        )}) as m(metric, dim, share)
      on conflict do nothing`
    const pool = grain === 'h' ? sketches : dailySketches
    await sql`
      insert into analytics_sketches (entity_kind, entity_id, grain, bucket, metric, sketch)
      select 'video', v.id, ${grain}, ${first}::timestamptz + (b * ${step}::interval), 'viewers',
        decode((${pool.map((b) => b.toString('hex'))}::text[])[1 + floor(random() * ${pool.length})::int], 'hex')
      from unnest(${videoIds}::uuid[]) as v(id) cross join generate_series(0, ${n - 1}) b
      on conflict do nothing`
  }
  // The curve f(s) = max(1, B - s K) for s < 120 (0 after), as its changes f(s) - f(s - 5).
  const B = perHour * 24
  const K = Math.max(1, Math.floor((perHour * 24) / 200))
  await sql`
    insert into analytics_retention_changes (video_id, day, second, change)
    select v.id, (${firstDay}::timestamptz + d * interval '1 day')::date, s,
      (case when s < 120 then greatest(1, ${B} - s * ${K}) else 0 end)
        - (case when s = 0 then 0 else greatest(1, ${B} - (s - 5) * ${K}) end)
    from unnest(${videoIds}::uuid[]) as v(id) cross join generate_series(0, ${DAYS - 1}) d cross join generate_series(0, 120, 5) s
    on conflict do nothing`
  await sql`analyze analytics_counters`
  await sql`analyze analytics_sketches`
  await sql`analyze analytics_retention_changes`
  const count = async (table: string) =>
    Number((await sql.unsafe(`select count(*) as n from ${table}`))[0]!.n)
  return {
    counters: await count('analytics_counters'),
    sketches: await count('analytics_sketches'),
    retention: await count('analytics_retention_changes'),
    seconds: (performance.now() - started) / 1000,
  }
}

async function reads(videoIds: string[], token: string, granularity: 'day' | 'hour'): Promise<number[]> {
  const times: number[] = []
  let left = READS
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (left-- > 0) {
        const id = videoIds[Math.floor(Math.random() * videoIds.length)]!
        const started = performance.now()
        const res = await fetch(`${server.url}/v1/analytics/videos/${id}?granularity=${granularity}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        const body = (await res.json()) as { totals?: { views: number } }
        if (res.status !== 200 || !body.totals?.views) throw new Error(`report answered ${res.status}`)
        times.push(performance.now() - started)
      }
    }),
  )
  return times
}

/** Raw events (heartbeats and impressions of the same videos) in day partitions, then the raw query. */
async function rawScan(videoIds: string[]) {
  await sql`truncate analytics_events`
  const now = Date.now()
  const firstDay = Math.floor(now / 86_400_000) * 86_400_000 - 27 * 86_400_000
  for (let d = 0; d <= 28; d++) {
    const day = new Date(firstDay + d * 86_400_000).toISOString().slice(0, 10)
    const next = new Date(firstDay + (d + 1) * 86_400_000).toISOString().slice(0, 10)
    await sql.unsafe(
      `create table if not exists analytics_events_${day.replaceAll('-', '')} partition of analytics_events for values from ('${day}') to ('${next}')`,
    )
  }
  await sql`
    insert into analytics_events (id, occurred_at, received_at, type, visitor, session_id, subject_kind, subject_id,
      source, country, device, position_seconds, interval_seconds)
    select gen_random_uuid(), ts, ts, case when g % 25 = 0 then 'impression' else 'view.heartbeat' end,
      (random() * 1e15)::int8, 's' || (g / 25), 'video', (${videoIds}::uuid[])[1 + (g / 25) % ${videoIds.length}],
      'home', 'US', 'desktop', (g % 25) * 5, 5
    from generate_series(1, ${RAW_EVENTS}) g,
      lateral (select ${new Date(firstDay)}::timestamptz + random() * (${new Date(now)}::timestamptz - ${new Date(firstDay)}::timestamptz) as ts) t`
  await sql`analyze analytics_events`
  const times: number[] = []
  const rollupTimes: number[] = []
  for (let i = 0; i < 3; i++) {
    const id = videoIds[Math.floor(Math.random() * videoIds.length)]!
    let started = performance.now()
    await sql`
      select date_trunc('day', occurred_at) as day, count(*) filter (where position_seconds = 5) as views,
        sum(interval_seconds) as watch
      from analytics_events
      where subject_kind = 'video' and subject_id = ${id} and type = 'view.heartbeat'
        and occurred_at >= ${new Date(firstDay)}
      group by 1`
    times.push(performance.now() - started)
    started = performance.now()
    await sql`
      select bucket, metric, dim, value from analytics_counters
      where entity_kind = 'video' and entity_id = ${id} and grain = 'd' and bucket >= ${new Date(firstDay)}
        and metric in ('views', 'watch_ms')`
    rollupTimes.push(performance.now() - started)
  }
  return { ms: median(times), rollupMs: median(rollupTimes) }
}
