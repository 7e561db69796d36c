import { type RawBuilder, sql, type Transaction } from 'kysely'
import type { DB, Json } from '../db/schema.ts'
import { type DomainEvent, eventSubject } from './events.ts'

/**
 * Records events in the outbox as part of the caller's transaction: they are published if and
 * only if the transaction commits. Refuses to run outside a transaction, where that promise
 * would not hold.
 */
export async function appendEvents(trx: Transaction<DB>, events: DomainEvent[]): Promise<void> {
  await appendMessages(
    trx,
    events.map((e) => ({ id: e.id, subject: eventSubject(e.type), payload: e })),
  )
}

/**
 * The outbox under appendEvents, for messages that are not domain events (a job's, on
 * `jobs.<kind>`): same transaction, same relay, `id` their de-duplication id.
 */
export async function appendMessages(
  trx: Transaction<DB>,
  messages: { id: string; subject: string; payload: unknown }[],
): Promise<void> {
  if (!trx.isTransaction)
    throw new Error('the outbox is written inside the transaction that makes the change')
  if (messages.length === 0) return
  await trx
    .insertInto('outbox')
    .values(messages.map((m) => ({ eventId: m.id, subject: m.subject, payload: m.payload as Json })))
    .execute()
}

/**
 * For a change made by one SQL statement (atomic without an explicit transaction): the part of
 * the statement, for a `WITH` list, that records the events, only when `when` (a subquery of the
 * same statement) has a row. Put in the statement as `..., ev as (${outboxInsertWhen(...)})`.
 */
export function outboxInsertWhen(events: DomainEvent[], when: RawBuilder<unknown>): RawBuilder<unknown> {
  const rows = events.map((e) => sql`(${e.id}::uuid, ${eventSubject(e.type)}, ${JSON.stringify(e)}::text)`)
  return sql`insert into outbox (event_id, subject, payload)
    select e.event_id, e.subject, e.payload::jsonb from (values ${sql.join(rows)}) as e(event_id, subject, payload)
    where exists (${when})`
}
