import type { Transaction } from 'kysely'
import type Stripe from 'stripe'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { customerFor } from './customers.ts'
import { callStripe, paymentProblems } from './problems.ts'

export interface TipInput {
  creatorId: string
  amount: number
  currency: string
  subject?: { kind: 'post' | 'video' | 'stream'; id: string }
  message?: string
  /** `chat`: a paid message of the stream's chat (its text is `message`); `tip` by default. */
  kind?: 'tip' | 'chat'
}

/** Refunded or charged back: a paid chat message loses its highlight. */
export interface ReversedTip {
  id: string
  kind: string
  subjectKind: string | null
}

/**
 * Tips: a PaymentIntent to the creator's connected account (a destination charge) with the
 * platform's fee as the application fee; the payer confirms it with Stripe (Stripe.js, or the
 * stand-in's API), and the tip counts once `payment_intent.succeeded` arrives.
 */
/** A tip once paid, as announced (live chat shows tips on streams). */
export interface PaidTip {
  id: string
  senderId: string
  creatorId: string
  amount: number
  currency: string
  subjectKind: string | null
  subjectId: string | null
  message: string | null
  kind: string
  paidAt: Date
}

export class Tips {
  private readonly listeners: ((trx: Transaction<DB>, tip: PaidTip) => Promise<void>)[] = []
  private readonly reversalListeners: ((tip: ReversedTip) => Promise<void>)[] = []

  /** Called after a refund's or dispute's transaction commits, once per tip. */
  onReversed(listener: (tip: ReversedTip) => Promise<void>): void {
    this.reversalListeners.push(listener)
  }

  async announceReversal(tip: ReversedTip): Promise<void> {
    for (const listener of this.reversalListeners) await listener(tip)
  }

  /**
   * Called in the transaction that marks a tip paid, once per tip: what must follow the payment
   * goes in with it (a job, an outbox message), never after a commit that a crash could cut off.
   */
  onPaid(listener: (trx: Transaction<DB>, tip: PaidTip) => Promise<void>): void {
    this.listeners.push(listener)
  }

  constructor(
    private readonly db: Database,
    private readonly stripe: () => Stripe,
    private readonly feePercent: number,
  ) {}

  async create(senderId: string, input: TipInput, idempotencyKey?: string) {
    const stripe = this.stripe()
    if (input.creatorId === senderId) throw new HttpError(paymentProblems.ownMembership)
    const payee = await this.db
      .selectFrom('connectAccounts')
      .select(['stripeAccountId', 'chargesEnabled'])
      .where('creatorId', '=', input.creatorId)
      .executeTakeFirst()
    if (!payee?.chargesEnabled) throw new HttpError(paymentProblems.payoutsNotReady)
    if (input.subject) await this.checkSubject(input.creatorId, input.subject)
    const currency = input.currency.toLowerCase()
    const fee = Math.floor((input.amount * this.feePercent) / 100)
    const id = newId()
    const customer = await customerFor(this.db, stripe, senderId)
    const pi = await callStripe(() =>
      stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency,
          customer,
          application_fee_amount: fee,
          transfer_data: { destination: payee.stripeAccountId },
          description: input.kind === 'chat' ? 'Paid chat message' : 'Tip',
          metadata: {
            kind: input.kind === 'chat' ? 'paid_chat' : 'tip',
            tipId: id,
            senderId,
            creatorId: input.creatorId,
          },
        },
        idempotencyKey ? { idempotencyKey: `tip:${senderId}:${idempotencyKey}` } : undefined,
      ),
    )
    await this.db
      .insertInto('tips')
      .values({
        id: pi.metadata.tipId ?? id,
        stripePaymentIntentId: pi.id,
        senderId,
        creatorId: input.creatorId,
        amount: input.amount,
        currency,
        fee: pi.application_fee_amount ?? fee,
        subjectKind: input.subject?.kind ?? null,
        subjectId: input.subject?.id ?? null,
        message: input.message ?? null,
        kind: input.kind ?? 'tip',
      })
      .onConflict((oc) => oc.column('stripePaymentIntentId').doNothing())
      .execute()
    return {
      id: pi.metadata.tipId ?? id,
      paymentIntentId: pi.id,
      clientSecret: pi.client_secret ?? '',
      amount: input.amount,
      currency,
      fee: pi.application_fee_amount ?? fee,
      status: 'pending' as const,
    }
  }

  /** The video or stream a tip is on (null for a tip on a post or on nothing), without marking it. */
  async subjectOf(
    trx: Transaction<DB>,
    paymentIntentId: string,
  ): Promise<{ kind: 'video' | 'stream'; id: string } | null> {
    const tip = await trx
      .selectFrom('tips')
      .select(['subjectKind', 'subjectId'])
      .where('stripePaymentIntentId', '=', paymentIntentId)
      .executeTakeFirst()
    if (!tip?.subjectId || (tip.subjectKind !== 'video' && tip.subjectKind !== 'stream')) return null
    return { kind: tip.subjectKind, id: tip.subjectId }
  }

  /** Marks the tip paid; the tip as announced, or null when it was paid before (or is not ours). */
  async paid(trx: Transaction<DB>, paymentIntentId: string): Promise<PaidTip | null> {
    const tip = await trx
      .updateTable('tips')
      .set({ status: 'paid', paidAt: new Date() })
      .where('stripePaymentIntentId', '=', paymentIntentId)
      .where('status', '!=', 'paid')
      .returning([
        'id',
        'senderId',
        'creatorId',
        'amount',
        'currency',
        'subjectKind',
        'subjectId',
        'message',
        'kind',
        'paidAt',
      ])
      .executeTakeFirst()
    if (!tip) return null
    await appendEvents(trx, [
      domainEvent({
        type: 'tip.paid',
        actorId: tip.senderId,
        subject: { kind: 'tip', id: tip.id },
        data: {
          creatorId: tip.creatorId,
          amount: Number(tip.amount),
          currency: tip.currency,
          on: tip.subjectKind && tip.subjectId ? { kind: tip.subjectKind, id: tip.subjectId } : null,
        },
      }),
    ])
    const paid = { ...tip, amount: Number(tip.amount), paidAt: tip.paidAt ?? new Date() }
    for (const listener of this.listeners) await listener(trx, paid)
    return paid
  }

  /** Marks a paid tip refunded or charged back; the tip, or null when it was before (or is not ours). */
  async reversed(trx: Transaction<DB>, paymentIntentId: string): Promise<ReversedTip | null> {
    const tip = await trx
      .updateTable('tips')
      .set({ reversedAt: new Date() })
      .where('stripePaymentIntentId', '=', paymentIntentId)
      .where('status', '=', 'paid')
      .where('reversedAt', 'is', null)
      .returning(['id', 'kind', 'subjectKind'])
      .executeTakeFirst()
    return tip ?? null
  }

  async failed(trx: Transaction<DB>, paymentIntentId: string) {
    const r = await trx
      .updateTable('tips')
      .set({ status: 'failed' })
      .where('stripePaymentIntentId', '=', paymentIntentId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    return r.numUpdatedRows > 0n
  }

  async get(userId: string, id: string) {
    const tip = await this.db.selectFrom('tips').selectAll().where('id', '=', id).executeTakeFirst()
    if (!tip || (tip.senderId !== userId && tip.creatorId !== userId))
      throw new HttpError(problems.notFound, 'No such tip')
    return {
      id: tip.id,
      senderId: tip.senderId,
      creatorId: tip.creatorId,
      amount: Number(tip.amount),
      currency: tip.currency,
      fee: Number(tip.fee),
      status: tip.status,
      subject: tip.subjectKind && tip.subjectId ? { kind: tip.subjectKind, id: tip.subjectId } : null,
      message: tip.message,
      kind: tip.kind,
      createdAt: tip.createdAt.toISOString(),
      paidAt: tip.paidAt?.toISOString() ?? null,
      reversedAt: tip.reversedAt?.toISOString() ?? null,
    }
  }

  private async checkSubject(creatorId: string, subject: { kind: 'post' | 'video' | 'stream'; id: string }) {
    const row =
      subject.kind === 'post'
        ? await this.db
            .selectFrom('posts')
            .select('id')
            .where('id', '=', subject.id)
            .where('authorId', '=', creatorId)
            .executeTakeFirst()
        : subject.kind === 'video'
          ? await this.db
              .selectFrom('videos')
              .select('id')
              .where('id', '=', subject.id)
              .where('ownerId', '=', creatorId)
              .executeTakeFirst()
          : await this.db
              .selectFrom('liveStreams')
              .select('id')
              .where('id', '=', subject.id)
              .where('ownerId', '=', creatorId)
              .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, `No such ${subject.kind} of this creator`)
  }
}
