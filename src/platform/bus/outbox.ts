import type { Transaction } from 'kysely'
import type { DB, Json } from '../db/schema.ts'
import { type DomainEvent, eventSubject } from './events.ts'

/**
 * Records events in the outbox as part of the caller's transaction: they are published if and
 * only if the transaction commits. Refuses to run outside a transaction, where that promise
 * would not hold.
 */
export async function appendEvents(trx: Transaction<DB>, events: DomainEvent[]): Promise<void> {
  if (!trx.isTransaction)
    throw new Error('appendEvents must run inside the transaction that makes the change')
  if (events.length === 0) return
  await trx
    .insertInto('outbox')
    .values(
      events.map((e) => ({ eventId: e.id, subject: eventSubject(e.type), payload: e as unknown as Json })),
    )
    .execute()
}
