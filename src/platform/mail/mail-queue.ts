import type { Selectable, Transaction } from 'kysely'
import { sql as kysql } from 'kysely'
import type { Database, Sql } from '../db/connect.ts'
import type { DB, Json, MailQueue } from '../db/schema.ts'
import { newId } from '../ids.ts'
import type { Logger } from '../logger.ts'
import { WakeableLoop } from '../wakeable-loop.ts'
import type { Mailer, MailMessage } from './mailer.ts'

const MAX_ATTEMPTS = 8
const BATCH = 50
/** Messages of a round sent at once. */
const SENDERS = 4

/** Queues a message as part of the caller's transaction: it is sent if and only if that commits. */
export async function enqueueMail(trx: Transaction<DB>, kind: string, message: MailMessage): Promise<string> {
  return (await enqueueMails(trx, kind, [message]))[0]!
}

/** Queues messages (one statement per 500) as part of the caller's transaction; their ids, in order. */
export async function enqueueMails(
  trx: Transaction<DB>,
  kind: string,
  messages: MailMessage[],
): Promise<string[]> {
  if (!trx.isTransaction) throw new Error('enqueueMail must run inside the transaction that causes the mail')
  const ids = messages.map(() => newId())
  for (let i = 0; i < messages.length; i += 500) {
    await trx
      .insertInto('mailQueue')
      .values(
        messages.slice(i, i + 500).map((message, j) => ({
          id: ids[i + j]!,
          kind,
          toAddress: message.to,
          subject: message.subject,
          textBody: message.text,
          htmlBody: message.html ?? null,
          headers: message.headers ? kysql<Json>`${JSON.stringify(message.headers)}::text::jsonb` : null,
        })),
      )
      .execute()
  }
  return ids
}

/**
 * Sends queued mail (worker role). Rows are claimed with SKIP LOCKED, so several workers share
 * the queue; a failure is retried with exponential back-off up to MAX_ATTEMPTS (a refusal the
 * server says is final, at once), then the message is marked failed and logged as an error:
 * never dropped in silence. A final refusal of the address itself is marked `refused_recipient`
 * (the notifications' suppression list takes the address, see sql/0087).
 */
export class MailSender {
  private readonly loop: WakeableLoop

  constructor(
    private readonly db: Database,
    sql: Sql,
    private readonly mailer: Mailer,
    private readonly log: Logger,
    pollMs = 5000,
  ) {
    this.loop = new WakeableLoop('mail sender', () => this.round(), pollMs, log, {
      sql,
      channel: 'mail_queue',
    })
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  /** Finishes the round in flight, then stops. */
  stop(): Promise<void> {
    return this.loop.stop()
  }

  /**
   * Sends what is due; true when a full batch was taken (more may be waiting). Messages are
   * claimed in a short transaction (a five-minute lease), then sent outside any transaction: a
   * slow SMTP server holds no database connection. Those sent are marked together at the end of
   * the round (one statement, not one per message), failures one by one; a crash re-sends at most
   * the round's messages once their lease ends (delivery is at least once).
   */
  async round(): Promise<boolean> {
    const claimed = await this.db
      .updateTable('mailQueue')
      .set({ nextAttemptAt: kysql<Date>`now() + interval '5 minutes'` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('mailQueue')
          .select('id')
          .where('sentAt', 'is', null)
          .where('failedAt', 'is', null)
          .where('nextAttemptAt', '<=', new Date())
          .orderBy('nextAttemptAt')
          .limit(BATCH)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute()
    // A few at once: one message's SMTP round trips overlap another's database write.
    let next = 0
    const sent: { id: string; attempts: number }[] = []
    await Promise.all(
      Array.from({ length: Math.min(SENDERS, claimed.length) }, async () => {
        while (next < claimed.length) {
          const mail = claimed[next++]!
          if (await this.send(mail)) sent.push({ id: mail.id, attempts: mail.attempts + 1 })
        }
      }),
    )
    if (sent.length)
      await kysql`update mail_queue m set sent_at = now(), attempts = v.attempts
        from unnest(${sent.map((s) => s.id)}::uuid[], ${sent.map((s) => s.attempts)}::int[]) as v (id, attempts)
        where m.id = v.id`.execute(this.db)
    return claimed.length === BATCH
  }

  /** Sends one message; true when sent (marked by the round), false when its failure was recorded. */
  private async send(mail: Selectable<MailQueue>): Promise<boolean> {
    const attempts = mail.attempts + 1
    try {
      await this.mailer.send({
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody ?? undefined,
        headers: (mail.headers as Record<string, string> | null) ?? undefined,
      })
      return true
    } catch (error) {
      const message = (error as Error).message
      const final = refusedForGood(error)
      if (final || attempts >= MAX_ATTEMPTS) {
        this.log.error(
          { mailId: mail.id, kind: mail.kind, attempts, err: error },
          final ? 'mail refused for good by the server' : 'mail could not be sent; giving up',
        )
        await this.db
          .updateTable('mailQueue')
          .set({
            attempts,
            lastError: message,
            failedAt: new Date(),
            refusedRecipient: final && addressRefused(error),
          })
          .where('id', '=', mail.id)
          .execute()
      } else {
        const delaySeconds = Math.min(3600, 2 ** attempts * 15) * (0.5 + Math.random() / 2)
        this.log.warn({ mailId: mail.id, attempts, err: error }, 'mail not sent; will retry')
        await this.db
          .updateTable('mailQueue')
          .set({
            attempts,
            lastError: message,
            nextAttemptAt: kysql<Date>`now() + make_interval(secs => ${delaySeconds})`,
          })
          .where('id', '=', mail.id)
          .execute()
      }
      return false
    }
  }
}

/**
 * Whether the server refused this recipient or this message for good (an RFC 5321 5yz reply to
 * RCPT or DATA: no such mailbox, message rejected): retrying cannot help, and the queue's outcome
 * (a notification delivery's) should say so now, not hours later. A 5yz on connecting or signing
 * in is a setting to fix: those are retried.
 */
function refusedForGood(error: unknown): boolean {
  const { code, responseCode } = error as { code?: string; responseCode?: number }
  return (
    (code === 'EENVELOPE' || code === 'EMESSAGE') &&
    responseCode !== undefined &&
    responseCode >= 500 &&
    responseCode < 600
  )
}

/**
 * Whether a final refusal (see `refusedForGood`) is about the recipient's address, so that mail to
 * it should stop: an RFC 3463 status of class 5.1 (no such mailbox, bad domain) or 5.2.1 (mailbox
 * disabled), or, from a server that gives no status, a bare 550/551/553 to RCPT TO. A policy
 * refusal (5.7.x: relaying denied, spam) or a system one (5.3, 5.4, 5.5, 5.6) is about the sender
 * or the message: that mail fails, but the address stays (a misconfigured relay refusing every
 * recipient must not suppress them all).
 */
export function addressRefused(error: unknown): boolean {
  const { command, responseCode, response } = error as {
    command?: string
    responseCode?: number
    response?: string
  }
  if (responseCode === undefined || responseCode < 500 || responseCode >= 600) return false
  const status = (response ?? '').match(/^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/)
  if (status) return status[1] === '5' && (status[2] === '1' || (status[2] === '2' && status[3] === '1'))
  return command === 'RCPT TO' && [550, 551, 553].includes(responseCode)
}
