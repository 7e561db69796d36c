import { sql as kysql } from 'kysely'
import type { Database, Sql } from '../db/connect.ts'
import type { Logger } from '../logger.ts'
import { WakeableLoop } from '../wakeable-loop.ts'
import type { Bus } from './connect.ts'

/** Serialises relays across nodes: one publishes at a time, so events leave in `seq` order. */
const RELAY_LOCK_KEY = 7_301_946_002

export interface OutboxRelayOptions {
  batchSize: number
  pollMs: number
}

/**
 * Publishes outbox rows to JetStream, a batch at a time with the publishes pipelined (each
 * stream's subjects start with its own first token: `events.`, `jobs.`). Guarantees:
 * - at least once into the stream, and exactly once as seen by consumers: each message carries
 *   its event id as `Nats-Msg-Id`, so a re-publish after a crash or a lost ack is dropped by the
 *   stream's duplicate window;
 * - in `seq` order within each stream, one relay at a time across all nodes (a transaction-scoped
 *   advisory lock).
 *   Events of concurrent transactions may interleave, but an event is never published before one
 *   whose transaction committed before it began;
 * - nothing is lost while NATS is away: rows stay until JetStream acknowledged them.
 * It wakes on NOTIFY from the outbox trigger, and polls as a fallback.
 */
export class OutboxRelay {
  private readonly loop: WakeableLoop
  /** Events published since start, for metrics. */
  published = 0

  constructor(
    private readonly db: Database,
    sql: Sql,
    private readonly bus: Bus,
    log: Logger,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.loop = new WakeableLoop('outbox relay', () => this.round(), opts.pollMs, log, {
      sql,
      channel: 'outbox',
    })
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  /** Finishes the round in flight, then stops. */
  stop(): Promise<void> {
    return this.loop.stop()
  }

  /** Unpublished events and the age of the oldest, for /metrics. */
  async lag(): Promise<{ pending: number; oldestSeconds: number }> {
    const row = await this.db
      .selectFrom('outbox')
      .select([
        kysql<string>`count(*)`.as('pending'),
        kysql<number | null>`extract(epoch from now() - min(created_at))::float8`.as('oldest'),
      ])
      .executeTakeFirstOrThrow()
    return { pending: Number(row.pending), oldestSeconds: row.oldest ?? 0 }
  }

  /** Publishes one batch; true when the batch was full (more may be waiting). */
  async round(): Promise<boolean> {
    const outcome = await this.db.transaction().execute(async (trx) => {
      // The lock and the batch in one statement: no rows when another relay holds the lock (it
      // publishes them) or when nothing waits. The payload comes as its text, published as is.
      const { rows: batch } = await kysql<{ seq: string; eventId: string; subject: string; payload: string }>`
        select o.seq, o.event_id, o.subject, o.payload::text as payload
        from (select pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) as locked) l
        cross join lateral (select * from outbox where l.locked order by seq limit ${this.opts.batchSize}) o
        order by o.seq`.execute(trx)
      // Pipelined: every publish of the batch is sent at once, in order, and the acknowledgements
      // awaited together. Each carries the id of the one before it for the same stream as the
      // stream's expected last message id, so JetStream stores none after one it refused: the
      // order holds even when a publish in the middle fails (a repeat of a stored one is still
      // recognised as a duplicate first, before the expectation is checked).
      const before = new Map<string, string>()
      const acks = batch.map((row) => {
        const stream = row.subject.slice(0, row.subject.indexOf('.'))
        const lastMsgID = before.get(stream)
        before.set(stream, row.eventId)
        return this.bus.js
          .publish(this.bus.subject(row.subject), row.payload, {
            msgID: row.eventId,
            timeout: 5000,
            ...(lastMsgID ? { expect: { lastMsgID } } : {}),
          })
          .then(
            () => undefined,
            (error: unknown) => error ?? new Error('publish failed'),
          )
      })
      const outcomes = await Promise.all(acks)
      const failure = outcomes.find((o) => o !== undefined)
      // Commit what was acknowledged even when another publish failed: the next round resumes
      // with the refused one (and what its stream refused after it); another stream's stored
      // messages are not sent again.
      const acked = batch.filter((_, i) => outcomes[i] === undefined).map((row) => row.seq)
      if (acked.length > 0) await kysql`delete from outbox where seq = any(${acked}::bigint[])`.execute(trx)
      this.published += acked.length
      return { full: batch.length === this.opts.batchSize && !failure, failure }
    })
    if (outcome.failure) throw outcome.failure
    return outcome.full
  }
}
