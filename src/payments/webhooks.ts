import { sql } from 'kysely'
import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'
import type { Json } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import type { Logger } from '../platform/logger.ts'
import type { StripeEventHandlers } from './event-handlers.ts'
import { paymentProblems } from './problems.ts'

/** Attempts before an event is left `failed` for an administrator (back-off 2^n seconds, capped at 1 h). */
export const MAX_ATTEMPTS = 8
const backoffMs = (attempts: number) => Math.min(3_600_000, 1000 * 2 ** attempts)

/**
 * Stripe's webhook events: verified (`constructEventAsync`, the Web Crypto path Bun needs), stored
 * by id before anything else, and handled exactly once: the handling runs in the transaction that
 * marks the event handled, under a lock of its row, so a replay or a concurrent delivery finds it
 * done. A failure leaves it pending for the retry loop; after MAX_ATTEMPTS it is `failed` and an
 * administrator may retry it.
 */
export class WebhookInbox {
  constructor(
    private readonly deps: {
      db: Database
      stripe: () => Stripe
      secret: string | undefined
      handlers: StripeEventHandlers
      log: Logger
    },
  ) {}

  async receive(raw: string, signature: string | null) {
    const stripe = this.deps.stripe()
    let event: Stripe.Event
    try {
      event = await stripe.webhooks.constructEventAsync(raw, signature ?? '', this.deps.secret ?? '')
    } catch (error) {
      throw new HttpError(paymentProblems.badSignature, (error as Error).message)
    }
    const object = event.data.object as { id?: string }
    await this.deps.db
      .insertInto('stripeEvents')
      .values({
        id: event.id,
        type: event.type,
        objectId: typeof object.id === 'string' ? object.id : null,
        stripeCreated: new Date(event.created * 1000),
        payload: sql<Json>`${JSON.stringify(event)}::text::jsonb`,
        nextAttemptAt: new Date(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    return { id: event.id, outcome: await this.process(event.id) }
  }

  /** Handles one stored event unless it was handled already; never throws for the handler's failure. */
  async process(id: string): Promise<'processed' | 'ignored' | 'duplicate' | 'pending' | 'failed'> {
    const after: (() => Promise<void>)[] = []
    try {
      const outcome = await this.deps.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('stripeEvents')
          // As text: the camel-case plugin would rename the keys inside a JSON column.
          .select(['status', sql<string>`payload::text`.as('payload')])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!row) throw new HttpError(problems.notFound, 'No such event')
        if (row.status === 'processed' || row.status === 'ignored') return 'duplicate'
        const outcome = await this.deps.handlers.handle(trx, JSON.parse(row.payload) as Stripe.Event, (run) =>
          after.push(run),
        )
        await trx
          .updateTable('stripeEvents')
          .set((eb) => ({
            status: outcome,
            attempts: eb('attempts', '+', 1),
            processedAt: new Date(),
            nextAttemptAt: null,
            lastError: null,
          }))
          .where('id', '=', id)
          .execute()
        return outcome
      })
      for (const run of after)
        await run().catch((error: unknown) =>
          this.deps.log.warn({ err: error, eventId: id }, 'after a stripe event'),
        )
      return outcome
    } catch (error) {
      if (error instanceof HttpError) throw error
      const message = error instanceof Error ? error.message : String(error)
      const row = await this.deps.db
        .updateTable('stripeEvents')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastError: message.slice(0, 2000) }))
        .where('id', '=', id)
        .returning(['attempts', 'type'])
        .executeTakeFirstOrThrow()
      const failed = row.attempts >= MAX_ATTEMPTS
      await this.deps.db
        .updateTable('stripeEvents')
        .set({
          status: failed ? 'failed' : 'pending',
          nextAttemptAt: failed ? null : new Date(Date.now() + backoffMs(row.attempts)),
        })
        .where('id', '=', id)
        .execute()
      this.deps.log.warn(
        { eventId: id, type: row.type, attempts: row.attempts, err: message },
        'stripe event failed',
      )
      return failed ? 'failed' : 'pending'
    }
  }

  /** One round of the retry loop: pending events whose time has come; true when more are due. */
  readonly retryDue = async (): Promise<boolean> => {
    const due = await this.deps.db
      .selectFrom('stripeEvents')
      .select('id')
      .where('status', '=', 'pending')
      .where('nextAttemptAt', '<=', new Date())
      .orderBy('nextAttemptAt')
      .limit(20)
      .execute()
    for (const { id } of due) await this.process(id)
    return due.length === 20
  }

  async failed(limit: number, cursor?: string) {
    const rows = await this.deps.db
      .selectFrom('stripeEvents')
      .select(['id', 'type', 'objectId', 'attempts', 'lastError', 'receivedAt', 'stripeCreated'])
      .where('status', '=', 'failed')
      .$call(newestFirst('receivedAt', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.receivedAt, id: r.id }),
      (r) => ({
        id: r.id,
        type: r.type,
        objectId: r.objectId,
        attempts: r.attempts,
        lastError: r.lastError,
        receivedAt: r.receivedAt.toISOString(),
        occurredAt: r.stripeCreated.toISOString(),
      }),
    )
  }

  /** An administrator's retry of a failed event: handled now, and back in the loop if it fails again. */
  async retry(id: string) {
    const row = await this.deps.db
      .updateTable('stripeEvents')
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date() })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returning('id')
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No failed event with that id')
    return { id, outcome: await this.process(id) }
  }
}
