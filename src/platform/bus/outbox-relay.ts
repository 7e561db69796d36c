import { sql as kysql } from 'kysely'
import type { Database, Sql } from '../db/connect.ts'
import type { Logger } from '../logger.ts'
import { WakeableLoop } from '../wakeable-loop.ts'
import type { Bus } from './connect.ts'
import { publishUnconfirmed } from './unconfirmed.ts'

/** An outbox row as the relay reads it: the payload as its JSON text, published as is. */
interface OutboxRow {
  seq: string
  eventId: string
  subject: string
  payload: string
}

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
 * - in `seq` order within each stream, one relay at a time across all nodes: a round holds an
 *   advisory lock from the statement that reads its batch until what was published is deleted
 *   (a session lock on one connection, so a round costs two round trips to PostgreSQL, not four
 *   with BEGIN and COMMIT; a connection that dies takes the lock with it).
 *   Events of concurrent transactions may interleave, but an event is never published before one
 *   whose transaction committed before it began;
 * - nothing is lost while NATS is away: rows stay until JetStream acknowledged them.
 * It wakes on NOTIFY from the outbox trigger, and polls as a fallback. A row holding an array
 * of messages (appendMessages) is published as one message each, and deleted once all are stored.
 */
export class OutboxRelay {
  private readonly loop: WakeableLoop
  /** Events published since start, for metrics. */
  published = 0

  constructor(
    private readonly db: Database,
    private readonly sql: Sql,
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
        // A row holding an array of events counts each of them.
        kysql<string>`coalesce(sum(case when jsonb_typeof(payload) = 'array' then jsonb_array_length(payload) else 1 end), 0)`.as(
          'pending',
        ),
        kysql<number | null>`extract(epoch from now() - min(created_at))::float8`.as('oldest'),
      ])
      .executeTakeFirstOrThrow()
    return { pending: Number(row.pending), oldestSeconds: row.oldest ?? 0 }
  }

  /** Publishes one batch; true when the batch was full (more may be waiting). */
  async round(): Promise<boolean> {
    const conn = await this.sql.reserve()
    // A session lock outlives a failed statement: should one fail on a live connection, the lock
    // must go before the connection returns to the pool (a dead connection took it with it).
    const unlockAfter = async (error: unknown): Promise<never> => {
      await conn`select pg_advisory_unlock(${RELAY_LOCK_KEY})`.catch(() => {})
      throw error
    }
    try {
      // The lock and the batch in one statement: a row with `locked` false when another relay
      // holds the lock (it publishes them), with no event when nothing waits. The payload comes
      // as its text, published as is.
      // A row holding several messages (an array: see appendMessages) comes as one row each, and
      // a round takes rows while fewer than batchSize messages came before them (so one of
      // several messages can go past it, by less than the row's size).
      const rows = await conn<
        ({ locked: boolean } & (OutboxRow | { seq: null }))[]
      >`select l.locked, o.seq, coalesce(e.message ->> 'id', o.event_id::text) as "eventId", o.subject,
          coalesce(e.message::text, o.payload::text) as payload
        from (select pg_try_advisory_lock(${RELAY_LOCK_KEY}) as locked) l
        left join lateral (select * from (
            select w.*, sum(w.messages) over (order by w.seq) - w.messages as before
            from (select *, case when jsonb_typeof(payload) = 'array' then jsonb_array_length(payload) else 1 end as messages
              from outbox where l.locked order by seq limit ${this.opts.batchSize}) w
          ) w where w.before < ${this.opts.batchSize}) o on true
        left join lateral jsonb_array_elements(case when jsonb_typeof(o.payload) = 'array' then o.payload end)
          with ordinality e(message, n) on true
        order by o.seq, e.n`.catch(unlockAfter)
      if (!rows[0]?.locked) return false
      const batch = rows.filter((r): r is { locked: boolean } & OutboxRow => r.seq !== null)
      const { acked, failure } = await this.publish(batch).then(
        (streams) => ({
          // Delete the streams whose last publish was acknowledged, even when another stream's
          // failed: the next round resumes with that stream's rows (those it stored are
          // recognised as duplicates); another stream's stored messages are not sent again.
          acked: [...streams.values()].filter((s) => !s.failure).flatMap((s) => s.seqs),
          failure: [...streams.values()].find((s) => s.failure)?.failure,
        }),
        (error: unknown) => ({ acked: [] as string[], failure: error ?? new Error('publish failed') }),
      )
      // The published rows go, then the lock, whatever happened: two statements sent together
      // (one round trip), so the delete has committed before another relay can take the lock
      // and read the batch, and the unlock runs even when the delete failed.
      const [deleted, unlocked] = await Promise.allSettled([
        acked.length > 0 ? conn`delete from outbox where seq = any(${acked}::bigint[])` : undefined,
        conn`select pg_advisory_unlock(${RELAY_LOCK_KEY})`,
      ])
      if (unlocked.status === 'rejected') await unlockAfter(unlocked.reason)
      if (deleted.status === 'rejected') throw deleted.reason
      this.published += acked.length
      if (failure) throw failure
      return batch.length >= this.opts.batchSize
    } finally {
      conn.release()
    }
  }

  /**
   * Publishes a batch, in order, all at once. Each message carries its event id (`Nats-Msg-Id`)
   * and the id of the one before it in the same stream as the expected last message id, so
   * JetStream stores none after one it refused (a repeat of a stored one is still recognised as
   * a duplicate first, before the expectation is checked). So one acknowledgement per stream is
   * enough: when the stream's last message of the batch is stored, every one before it is. The
   * others go out unconfirmed (`publishUnconfirmed`).
   */
  private async publish(batch: OutboxRow[]) {
    const streams = new Map<string, { seqs: string[]; lastId?: string; last?: number; failure?: unknown }>()
    batch.forEach((row, i) => {
      const key = row.subject.slice(0, row.subject.indexOf('.'))
      const stream = streams.get(key) ?? { seqs: [] }
      stream.last = i
      streams.set(key, stream)
    })
    const acks: Promise<void>[] = []
    batch.forEach((row, i) => {
      const stream = streams.get(row.subject.slice(0, row.subject.indexOf('.')))!
      if (stream.failure) return // nothing after a refused message could be stored
      const lastMsgID = stream.lastId
      stream.lastId = row.eventId
      stream.seqs.push(row.seq)
      const subject = this.bus.subject(row.subject)
      try {
        if (i === stream.last) {
          acks.push(
            this.bus.js
              .publish(subject, row.payload, {
                msgID: row.eventId,
                timeout: 5000,
                ...(lastMsgID ? { expect: { lastMsgID } } : {}),
              })
              .then(
                () => {},
                (error: unknown) => {
                  stream.failure = error ?? new Error('publish failed')
                },
              ),
          )
        } else {
          publishUnconfirmed(this.bus, subject, row.payload, { msgID: row.eventId, lastMsgID })
        }
      } catch (error) {
        // Refused before it left (too large, connection closed): the stream stops here.
        stream.failure = error ?? new Error('publish failed')
      }
    })
    await Promise.all(acks)
    return streams
  }
}
