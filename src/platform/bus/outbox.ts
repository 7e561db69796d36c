import type { Transaction } from 'kysely'
import type { DB, Json } from '../db/schema.ts'
import { type DomainEvent, eventSubject } from './events.ts'

/**
 * Records events in the outbox as part of the caller's transaction: they are published (to the
 * shared `events` stream, or to the feature's own `stream`) if and only if the transaction
 * commits. Refuses to run outside a transaction, where that promise would not hold.
 */
export async function appendEvents(
  trx: Transaction<DB>,
  events: DomainEvent[],
  stream?: string,
): Promise<void> {
  await appendMessages(
    trx,
    events.map((e) => ({ id: e.id, subject: eventSubject(e.type, stream), payload: e })),
  )
}

/**
 * The outbox under appendEvents, for messages that are not domain events (a job's, on
 * `jobs.<kind>`): same transaction, same relay, `id` their de-duplication id. A row may also hold
 * several messages of one subject, as a JSON array of objects each with its own `id` (the row's
 * `event_id` is the first's): the relay publishes each as its own message, in the array's order
 * (a batch of direct messages writes its events so: src/messages/send-batches.ts).
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
