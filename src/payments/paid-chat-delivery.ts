import type { Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobHandler } from '../jobs/runner.ts'
import type { ChatService } from '../live/chat.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { HttpError } from '../platform/errors.ts'
import { paidChatText, pinSeconds } from './paid-chat.ts'
import type { PaidTip } from './tips.ts'

export const SAY_PAID_JOB = 'payments.chat.say'

/**
 * Attempts of a paid line (JOBS_RETRY_BASE_MS doubled per attempt, at most an hour apart): with
 * the default 5 s, about eight hours of a stream's actor being away before the dead letter, which
 * an admin may retry (POST /v1/admin/jobs/{id}/retry).
 */
const ATTEMPTS = 16

/**
 * Paid lines of live chat (a paid message, or a tip on a stream) are said by a job that the
 * payment's transaction writes (the webhook event's): the line reaches the chat if and only if
 * the payment is booked, however long the stream's actor is away (no worker holds it, one died,
 * NATS is down) when the event commits; attempts are retried with back-off until it is back. The
 * tip's id is the message's client id, so an attempt repeated after the line was stored says it
 * once. The pin runs from the moment the line is said (the payer gets the time they paid for).
 */
export class PaidChatDelivery {
  constructor(
    private readonly deps: {
      db: Database
      queue: JobQueue
      chat: Pick<ChatService, 'sendPaid' | 'endHighlight'>
    },
  ) {}

  /** In the transaction that marks the tip paid: a tip on a stream gets its line said. */
  readonly paid = async (trx: Transaction<DB>, tip: PaidTip): Promise<void> => {
    if (tip.subjectKind !== 'stream' || !tip.subjectId) return
    await this.deps.queue.enqueue(trx, {
      kind: SAY_PAID_JOB,
      payload: { tipId: tip.id },
      maxAttempts: ATTEMPTS,
    })
  }

  readonly handler: JobHandler<{ tipId: string }> = {
    kind: SAY_PAID_JOB,
    // An attempt waits up to the chat's 5 s for the stream's actor.
    timeoutMs: 30_000,
    run: async (job) => this.say(job.payload.tipId),
    // The stream is gone, or the payer may no longer see it: no attempt will say it.
    permanent: (error) => error instanceof HttpError && error.status < 500,
  }

  /** Says the line of a paid tip in its stream's chat (unless refunded or charged back first). */
  private async say(tipId: string): Promise<Json> {
    const { db, chat } = this.deps
    const tip = await db.selectFrom('tips').selectAll().where('id', '=', tipId).executeTakeFirst()
    if (tip?.status !== 'paid' || tip.subjectKind !== 'stream' || !tip.subjectId)
      return { said: false, reason: 'not a paid tip on a stream' }
    if (tip.reversedAt) return { said: false, reason: 'refunded or charged back before it was said' }
    const amount = Number(tip.amount)
    const answer = await chat.sendPaid(tip.senderId, tip.subjectId, {
      text: paidChatText({ kind: tip.kind, message: tip.message, amount, currency: tip.currency }),
      paid: {
        tipId,
        amount,
        currency: tip.currency,
        pinnedUntil: new Date(Date.now() + pinSeconds(amount) * 1000).toISOString(),
      },
    })
    // A reversal that came while the line was on its way found no highlight to end.
    const reversed = await db
      .selectFrom('tips')
      .select('reversedAt')
      .where('id', '=', tipId)
      .executeTakeFirst()
    if (reversed?.reversedAt) await chat.endHighlight(tipId)
    return { said: true, messageId: answer.message.id }
  }
}
