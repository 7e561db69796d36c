import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import type postgres from 'postgres'
import type { Bus } from '../platform/bus/connect.ts'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { Sql } from '../platform/db/connect.ts'
import type { Logger } from '../platform/logger.ts'
import type { Runnable } from '../platform/module.ts'
import { DAY_MS } from './buckets.ts'
import type { ClientBatch } from './ingest.ts'
import { dayKey, type Partitions } from './partitions.ts'
import { rollUp } from './rollup.ts'
import { clientRows, type EventRow, serverRow } from './rows.ts'
import { ANALYTICS_CLIENT_SUBJECT, WRITER_CONSUMER } from './topology.ts'
import { visitorBigint } from './visitors.ts'

export interface WriterOptions {
  /** Messages held at most (JetStream's pull); a client message holds up to 500 events. */
  maxMessages: number
  /** Messages written at most per transaction. */
  perTransaction: number
  /** Transactions in flight at once: one is built while PostgreSQL runs another. */
  concurrency: number
}

/**
 * The worker's writer: takes the analytics stream's messages as they come and, in one transaction
 * per batch (what arrived while the previous one was being written, up to `perTransaction`, with
 * `concurrency` transactions in flight, so that the next batch is built while PostgreSQL writes
 * one; the rollups take their row locks in key order, so concurrent batches never deadlock), stores
 * their events in the day partitions (one multi-row insert; an event already stored, by its id
 * and day, is skipped) and folds those that are new into the rollups. Messages are acknowledged
 * after the commit; a failed batch is redelivered whole (at least once into JetStream, exactly
 * once into the tables). A message that cannot be read is terminated and logged, never retried.
 */
export class AnalyticsWriter implements Runnable {
  private messages: ConsumerMessages | undefined
  private buffer: JsMsg[] = []
  private wakers: (() => void)[] = []
  private room: (() => void) | undefined
  private loops: Promise<unknown> | undefined
  private running = false
  /** Events stored since start (new ones only), for metrics and benches. */
  written = 0
  /** How raw events go in: COPY through a staging table (the default), or multi-row inserts (benches compare). */
  insertMode: 'copy' | 'insert' = 'copy'

  constructor(
    private readonly deps: { bus: Bus; sql: Sql; partitions: Partitions; log: Logger },
    private readonly opts: WriterOptions = { maxMessages: 200, perTransaction: 100, concurrency: 2 },
  ) {}

  async start(): Promise<void> {
    if (this.running) return
    await this.deps.partitions.prepare()
    const { bus } = this.deps
    const consumer = await bus.js.consumers.get(
      bus.streamName(WRITER_CONSUMER.stream),
      WRITER_CONSUMER.durable,
    )
    this.messages = await consumer.consume({ max_messages: this.opts.maxMessages })
    this.running = true
    this.loops = Promise.all([
      this.take(this.messages),
      ...Array.from({ length: this.opts.concurrency }, () => this.flush()),
    ])
  }

  /** Stops taking messages, writes those in hand, then resolves. */
  async stop(): Promise<void> {
    if (!this.running) return
    await this.messages?.close().catch(() => {})
    this.running = false
    this.wakeAll()
    this.room?.()
    await this.loops
  }

  private wakeAll(): void {
    const wakers = this.wakers
    this.wakers = []
    for (const wake of wakers) wake()
  }

  private async take(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      this.buffer.push(m)
      this.wakeAll()
      // Full: wait for the writer (JetStream stops sending past the consumer's pull).
      while (this.running && this.buffer.length >= this.opts.maxMessages)
        await new Promise<void>((resolve) => {
          this.room = resolve
        })
    }
  }

  private async flush(): Promise<void> {
    let failures = 0
    while (this.running || this.buffer.length > 0) {
      if (this.buffer.length === 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            this.wakers.push(resolve)
          }),
          Bun.sleep(1000),
        ])
        continue
      }
      const batch = this.buffer.splice(0, this.opts.perTransaction)
      this.room?.()
      try {
        await this.write(batch)
        for (const m of batch) m.ack()
        failures = 0
      } catch (error) {
        failures++
        this.deps.log.warn({ err: error, messages: batch.length }, 'analytics batch failed; will retry')
        for (const m of batch) m.nak(Math.min(30_000, 500 * 2 ** failures))
        if (!this.running) return
        await Bun.sleep(Math.min(5000, 100 * 2 ** failures))
      }
    }
  }

  /** Stores the events of `messages` and rolls them up; returns how many were new. */
  async write(messages: JsMsg[]): Promise<number> {
    const receivedAt = Date.now()
    const rows: EventRow[] = []
    for (const m of messages) {
      try {
        if (m.subject === this.deps.bus.subject(ANALYTICS_CLIENT_SUBJECT))
          rows.push(...clientRows(m.json<ClientBatch>()))
        else rows.push(serverRow(m.json<DomainEvent>(), receivedAt))
      } catch (error) {
        this.deps.log.error(
          { err: error, seq: m.seq, subject: m.subject },
          'unreadable analytics message; dropped',
        )
        m.term('unreadable')
      }
    }
    const n = await this.store(rows)
    this.written += n
    return n
  }

  async store(input: EventRow[]): Promise<number> {
    // One row per id: a batch may hold an event twice (a client that resent within one round).
    const ids = new Set<string>()
    const rows: EventRow[] = []
    const days = new Set<number>()
    let clamped = 0
    for (const r of input) {
      if (ids.has(r.id)) continue
      ids.add(r.id)
      rows.push(r)
      days.add(Math.floor(r.occurredAt / DAY_MS))
      if (r.clamped) clamped++
    }
    if (rows.length === 0) return 0
    const { sql, partitions } = this.deps
    // Partitions first, outside the transaction (their DDL locks the parent table briefly).
    await partitions.ensure([...days].map((d) => dayKey(d * DAY_MS)))
    return sql.begin(async (tx) => {
      if (clamped > 0) await keepClampedTimes(tx, rows)
      const fresh = this.insertMode === 'copy' ? await copyEvents(tx, rows) : await insertEvents(tx, rows)
      await rollUp(tx, fresh)
      return fresh.length
    })
  }
}

/**
 * The first time kept for a clamped event is its time for good (a resend was clamped to another
 * now): each clamped row takes the time stored for its id, if any.
 */
async function keepClampedTimes(tx: postgres.TransactionSql, rows: EventRow[]): Promise<void> {
  const clamped = rows.filter((r) => r.clamped)
  const kept = await tx<{ id: string; at: Date }[]>`
    insert into analytics_clamped_ids (id, occurred_at)
    select * from unnest(${clamped.map((r) => r.id)}::uuid[], ${clamped.map((r) => new Date(r.occurredAt).toISOString())}::timestamptz[])
    on conflict (id) do update set occurred_at = analytics_clamped_ids.occurred_at
    returning id, occurred_at as at`
  const at = new Map(kept.map((k) => [k.id, k.at.getTime()]))
  for (const r of clamped) {
    const time = at.get(r.id)
    if (time !== undefined && time !== r.occurredAt) {
      r.occurredAt = time
      r.occurredAtText = undefined
    }
  }
}

/**
 * Rows per insert statement. One statement for a whole batch (up to 100,000 events) made a
 * message of tens of megabytes that the socket took in small pieces: chunks of a few thousand
 * rows keep each write short and let PostgreSQL parse one while the next is built.
 */
const INSERT_CHUNK = 5000

const COLUMNS =
  'id, occurred_at, received_at, type, user_id, visitor, session_id, subject_kind, subject_id, source, country, ' +
  'device, position_seconds, interval_seconds, quality, buffering, data'

const SPECIAL = /[\\\t\n\r]/

/** A text field of COPY's text format: \N for null, backslash, tab and line ends escaped. */
function copyText(v: string | null): string {
  if (v === null) return '\\N'
  return SPECIAL.test(v)
    ? v.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : v
}

/**
 * The rows in COPY's text format, one line each. What many rows share (a batch's receipt time
 * and viewer) is formatted once.
 */
function copyLines(rows: EventRow[], from: number, to: number): string {
  const isoOf = new Map<number, string>()
  const bigintOf = new Map<string, string>()
  let text = ''
  for (let i = from; i < to; i++) {
    const r = rows[i]!
    let received = isoOf.get(r.receivedAt)
    if (received === undefined) {
      received = new Date(r.receivedAt).toISOString()
      isoOf.set(r.receivedAt, received)
    }
    let visitor = bigintOf.get(r.visitor)
    if (visitor === undefined) {
      visitor = visitorBigint(r.visitor)
      bigintOf.set(r.visitor, visitor)
    }
    text +=
      `${copyText(r.id)}\t${r.occurredAtText ?? new Date(r.occurredAt).toISOString()}\t${received}\t${copyText(r.type)}\t` +
      `${r.userId ?? '\\N'}\t${visitor}\t${copyText(r.sessionId)}\t${copyText(r.subjectKind)}\t${r.subjectId ?? '\\N'}\t` +
      `${copyText(r.source)}\t${copyText(r.country)}\t${copyText(r.device)}\t${r.positionSeconds ?? '\\N'}\t` +
      `${r.intervalSeconds ?? '\\N'}\t${copyText(r.quality)}\t${r.buffering ?? '\\N'}\t` +
      `${copyText(r.data ? JSON.stringify(r.data) : null)}\n`
  }
  return text
}

/**
 * Streams `rows` by COPY into `table`, in chunks of INSERT_CHUNK rows; rejects with PostgreSQL's
 * error when the COPY fails. postgres.js hands the COPY's stream over when it starts and reports an
 * error that comes after the stream's end (as a key refused at the last rows) only to the query
 * (its `reject`, an instance property), whose promise is settled by then: the stream would wait for
 * its end forever. Hence the query's `reject` is listened to as well.
 */
async function copyInto(tx: postgres.TransactionSql, table: string, rows: EventRow[]): Promise<void> {
  const query = tx`copy ${tx.unsafe(table)} (${tx.unsafe(COLUMNS)}) from stdin`
  const failed = new Promise<never>((_, reject) => {
    const own = query as unknown as { reject: (e: unknown) => unknown }
    const settle = own.reject
    own.reject = (error) => {
      reject(error)
      return settle(error)
    }
  })
  const stream = await query.writable()
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve)
    stream.once('error', reject)
  })
  const outcome = Promise.race([done, failed])
  outcome.catch(() => {})
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    if (!stream.write(copyLines(rows, i, Math.min(rows.length, i + INSERT_CHUNK))))
      await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), outcome])
  stream.end()
  await outcome
}

/**
 * Inserts `rows` (one per id) into their day partitions, skipping those stored already; returns the
 * new ones. Mostly none is stored yet (JetStream drops a batch sent again within its duplicate
 * window): the rows go by COPY straight into `analytics_events`, under a savepoint. Should one be
 * there already (a batch redelivered after its commit, or sent again later), its key refuses the
 * COPY; then the rows are streamed into a temporary table of the connection (emptied at commit)
 * and moved by one insert-select whose key skips those stored before, returning the new ones.
 */
async function copyEvents(tx: postgres.TransactionSql, rows: EventRow[]): Promise<EventRow[]> {
  try {
    await tx.savepoint((sp) => copyInto(sp, 'analytics_events', rows))
    return rows
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
  }
  await tx.unsafe(
    `set local client_min_messages = warning;
     create temp table if not exists analytics_stage (like analytics_events) on commit delete rows`,
  )
  await copyInto(tx, 'analytics_stage', rows)
  const fresh = await tx<{ id: string }[]>`
    insert into analytics_events (${tx.unsafe(COLUMNS)}) select ${tx.unsafe(COLUMNS)} from analytics_stage
    on conflict do nothing
    returning id`
  return only(rows, fresh)
}

const UNIQUE_VIOLATION = '23505'

/** The rows whose ids are among `fresh`. */
function only(rows: EventRow[], fresh: { id: string }[]): EventRow[] {
  const ids = new Set(fresh.map((r) => r.id))
  return rows.filter((r) => ids.has(r.id))
}

/** Inserts `rows` (one per id) by multi-row inserts, skipping those stored already; returns the new ones. */
async function insertEvents(tx: postgres.TransactionSql, rows: EventRow[]): Promise<EventRow[]> {
  const fresh: { id: string }[] = []
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    fresh.push(...(await insertChunk(tx, rows.slice(i, i + INSERT_CHUNK))))
  return only(rows, fresh)
}

function insertChunk(tx: postgres.TransactionSql, rows: EventRow[]) {
  // Every column as text (postgres.js types an array by its first element), cast in SQL.
  const col = (f: (r: EventRow) => string | number | boolean | null) =>
    rows.map((r) => {
      const v = f(r)
      return v === null ? null : String(v)
    })
  return tx<{ id: string }[]>`
        insert into analytics_events (id, occurred_at, received_at, type, user_id, visitor, session_id, subject_kind,
          subject_id, source, country, device, position_seconds, interval_seconds, quality, buffering, data)
        select id::uuid, oc::timestamptz, rc::timestamptz, ty, us::uuid, vi::int8, se, sk, si::uuid, so, co, de,
          po::real, iv::real, qu, bu::boolean, da::jsonb
        from unnest(${col((r) => r.id)}::text[], ${col((r) => new Date(r.occurredAt).toISOString())}::text[],
          ${col((r) => new Date(r.receivedAt).toISOString())}::text[], ${col((r) => r.type)}::text[],
          ${col((r) => r.userId)}::text[], ${col((r) => visitorBigint(r.visitor))}::text[], ${col((r) => r.sessionId)}::text[],
          ${col((r) => r.subjectKind)}::text[], ${col((r) => r.subjectId)}::text[], ${col((r) => r.source)}::text[],
          ${col((r) => r.country)}::text[], ${col((r) => r.device)}::text[], ${col((r) => r.positionSeconds)}::text[],
          ${col((r) => r.intervalSeconds)}::text[], ${col((r) => r.quality)}::text[], ${col((r) => r.buffering)}::text[],
          ${col((r) => (r.data ? JSON.stringify(r.data) : null))}::text[])
          as u(id, oc, rc, ty, us, vi, se, sk, si, so, co, de, po, iv, qu, bu, da)
        on conflict do nothing
        returning id`
}
