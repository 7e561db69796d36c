import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import type postgres from 'postgres'
import type { Bus } from '../platform/bus/connect.ts'
import { PULL_EXPIRES_MS } from '../platform/bus/consumer.ts'
import type { DomainEvent } from '../platform/bus/events.ts'
import { arrayLiteral } from '../platform/db/array-literal.ts'
import type { Sql } from '../platform/db/connect.ts'
import type { Logger } from '../platform/logger.ts'
import type { Runnable } from '../platform/module.ts'
import { DAY_MS } from './buckets.ts'
import type { ClientBatch, CompactBatch } from './ingest.ts'
import { dayKey, type Partitions } from './partitions.ts'
import { copyEvents, insertEvents } from './raw-events.ts'
import { rollUp } from './rollup.ts'
import { clientRows, type EventRow, serverRow } from './rows.ts'
import { ANALYTICS_CLIENT_SUBJECT, WRITER_CONSUMER } from './topology.ts'

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
 * their events in the day partitions (by COPY, raw-events.ts; an event already stored, by its id
 * and time, is skipped) and folds those that are new into the rollups. Messages are acknowledged
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
    this.messages = await consumer.consume({ max_messages: this.opts.maxMessages, expires: PULL_EXPIRES_MS })
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
          rows.push(...clientRows(m.json<CompactBatch | ClientBatch>()))
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
    select * from unnest(${arrayLiteral(clamped.map((r) => r.id))}::uuid[], ${arrayLiteral(clamped.map((r) => new Date(r.occurredAt).toISOString()))}::timestamptz[])
    on conflict (id) do update set occurred_at = analytics_clamped_ids.occurred_at
    returning id, occurred_at as at`
  const at = new Map(kept.map((k) => [k.id, k.at.getTime()]))
  for (const r of clamped) {
    const time = at.get(r.id)
    if (time !== undefined) r.occurredAt = time
  }
}
