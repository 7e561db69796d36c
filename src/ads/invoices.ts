import { type Selectable, sql, type Transaction } from 'kysely'
import type Stripe from 'stripe'
import { customerFor } from '../payments/customers.ts'
import type { Outcome, OwnPayment } from '../payments/event-handlers.ts'
import { ACCOUNTS, type Entry, type Ledger } from '../payments/ledger.ts'
import type { Database } from '../platform/db/connect.ts'
import type { AdInvoices, DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Advertisers } from './advertisers.ts'
import { advertiserAccount } from './top-ups.ts'

/** The metadata `kind` of the Stripe invoices of ads (payments hands their `invoice.paid` to ads). */
export const AD_INVOICE_KIND = 'ad_invoice'
/** An invoiced advertiser has this long to pay. */
const DAYS_UNTIL_DUE = 30

/** A month is invoiced this long after it ended: spend committed at its very end is in by then. */
const GRACE_MS = 3_600_000
/** Months looked back for ones not yet invoiced (a worker that was down for a while catches up). */
const MONTHS_BACK = 3

/** Milli to minor units, rounded half up: what an invoice states as due. */
const minor = (milli: number | bigint | string) => Math.floor((Number(milli) + 500) / 1000)

export interface InvoiceLine {
  campaignId: string
  campaignName: string
  impressions: number
  clicks: number
  amount: number
  amountMilli: number
}

function invoiceView(row: Selectable<AdInvoices>) {
  return {
    id: row.id,
    number: row.number,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    currency: row.currency,
    amount: Number(row.amountMinor),
    amountMilli: Number(row.amountMilli),
    credited: Number(row.creditedMinor),
    collection: row.collection as 'balance' | 'stripe',
    status: row.status as 'draft' | 'open' | 'paid',
    /** Stripe's page to pay an invoiced advertiser's invoice at (once sent). */
    payUrl: row.hostedUrl,
    paidAt: row.paidAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** The first instant (UTC) of the month `offset` months from `at`'s. */
function monthStart(at: Date, offset = 0): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1))
}

/**
 * Monthly invoices of advertisers: one per advertiser and calendar month (UTC) with billable spend,
 * made once the month is over (`issueDue`, the ads worker every hour) from that month's spend rows
 * (`ad_spend`: viewable CPM impressions and CPC clicks), one line per campaign, with the money put
 * on the balance during the month; never changed once made (numbers are consecutive: one worker
 * makes them at a time). A prepaid advertiser paid it from the balance as the spend was billed; an
 * advertiser approved for monthly invoicing (a credit limit) is sent it through Stripe (`sendDue`)
 * and its payment is credited to the balance (`paid`).
 */
export class Invoices {
  private readonly db: Database
  private readonly advertisers: Advertisers

  constructor(
    private readonly deps: {
      db: Database
      advertisers: Advertisers
      stripe: () => Stripe
      ledger: Ledger
    },
  ) {
    this.db = deps.db
    this.advertisers = deps.advertisers
  }

  /** Makes the invoices of the months over by `now` not made yet; answers how many were made. */
  async issueDue(now = new Date()): Promise<number> {
    const closed = monthStart(new Date(now.getTime() - GRACE_MS))
    return this.db.transaction().execute(async (trx) => {
      // One worker at a time: numbers follow each other without gaps.
      const { rows: lock } = await sql<{ ok: boolean }>`
        select pg_try_advisory_xact_lock(hashtext('ads.invoices')) as ok`.execute(trx)
      if (!lock[0]?.ok) return 0
      let made = 0
      for (let back = MONTHS_BACK; back >= 1; back--) {
        const from = monthStart(closed, -back)
        const to = monthStart(closed, -back + 1)
        const due = await trx
          .selectFrom('advertisers as a')
          .select(['a.id', 'a.currency', 'a.creditLimitMilli'])
          .where(({ exists, not, selectFrom }) =>
            not(
              exists(
                selectFrom('adInvoices as i')
                  .select('i.id')
                  .whereRef('i.advertiserId', '=', 'a.id')
                  .where('i.periodStart', '=', from),
              ),
            ),
          )
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('adSpend as s')
                .select('s.id')
                .whereRef('s.advertiserId', '=', 'a.id')
                .where('s.occurredAt', '>=', from)
                .where('s.occurredAt', '<', to),
            ),
          )
          .orderBy('a.id')
          .execute()
        for (const a of due) {
          const lines = await trx
            .selectFrom('adSpend as s')
            .innerJoin('adCampaigns as c', 'c.id', 's.campaignId')
            .select([
              's.campaignId',
              'c.name',
              sql<string>`count(*) filter (where s.kind = 'impression')`.as('impressions'),
              sql<string>`count(*) filter (where s.kind = 'click')`.as('clicks'),
              sql<string>`sum(s.amount_milli)`.as('amountMilli'),
            ])
            .where('s.advertiserId', '=', a.id)
            .where('s.occurredAt', '>=', from)
            .where('s.occurredAt', '<', to)
            .groupBy(['s.campaignId', 'c.name'])
            .orderBy('c.name')
            .orderBy('s.campaignId')
            .execute()
          const credited = await trx
            .selectFrom('adCredits')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountMinor'), eb.val('0')).as('sum'))
            .where('advertiserId', '=', a.id)
            .where('createdAt', '>=', from)
            .where('createdAt', '<', to)
            .executeTakeFirstOrThrow()
          const totalMilli = lines.reduce((sum, l) => sum + BigInt(l.amountMilli), 0n)
          const id = newId()
          await trx
            .insertInto('adInvoices')
            .values({
              id,
              advertiserId: a.id,
              periodStart: from,
              periodEnd: to,
              number: sql<string>`'ADS-' || ${from.toISOString().slice(0, 7).replace('-', '')} || '-' ||
                lpad(nextval('ad_invoice_numbers')::text, 6, '0')`,
              currency: a.currency,
              amountMilli: String(totalMilli),
              amountMinor: String(minor(totalMilli)),
              creditedMinor: credited.sum,
              // Invoiced advertisers are sent it through Stripe (`send`); the others paid as they spent.
              ...(BigInt(a.creditLimitMilli) > 0n
                ? { collection: 'stripe', status: 'draft' }
                : { collection: 'balance', status: 'paid', paidAt: new Date() }),
            })
            .execute()
          await trx
            .insertInto('adInvoiceLines')
            .values(
              lines.map((l) => ({
                invoiceId: id,
                campaignId: l.campaignId,
                campaignName: l.name,
                impressions: l.impressions,
                clicks: l.clicks,
                amountMilli: l.amountMilli,
              })),
            )
            .execute()
          made++
        }
      }
      return made
    })
  }

  /**
   * Sends the invoices of invoiced advertisers through Stripe (the SDK): a one-off invoice to the
   * advertiser's customer, its amount as one item, finalized (open, with Stripe's page to pay).
   * Idempotency keys per invoice make a retry after a crash find the same Stripe objects.
   */
  async sendDue(limit = 20): Promise<number> {
    const rows = await this.db
      .selectFrom('adInvoices as i')
      .innerJoin('advertisers as a', 'a.id', 'i.advertiserId')
      .select([
        'i.id',
        'i.number',
        'i.amountMinor',
        'i.currency',
        'i.periodStart',
        'a.userId',
        'a.id as advertiserId',
      ])
      .where('i.status', '=', 'draft')
      .orderBy('i.createdAt')
      .limit(limit)
      .execute()
    if (rows.length === 0) return 0
    // Without Stripe configured this throws (503 payments_not_configured): the drafts wait.
    const stripe = this.deps.stripe()
    for (const r of rows) {
      const customer = await customerFor(this.db, stripe, r.userId)
      const currency = r.currency.toLowerCase()
      const key = `ads-invoice:${r.id}`
      const invoice = await stripe.invoices.create(
        {
          customer,
          currency,
          collection_method: 'send_invoice',
          days_until_due: DAYS_UNTIL_DUE,
          description: `Advertising, ${r.periodStart.toISOString().slice(0, 7)} (invoice ${r.number})`,
          metadata: { kind: AD_INVOICE_KIND, adInvoiceId: r.id, advertiserId: r.advertiserId },
        },
        { idempotencyKey: `${key}:create` },
      )
      await stripe.invoiceItems.create(
        {
          customer,
          invoice: invoice.id,
          amount: Number(r.amountMinor),
          currency,
          description: `Advertising ${r.periodStart.toISOString().slice(0, 7)}: ${r.number}`,
        },
        { idempotencyKey: `${key}:item` },
      )
      const open = await stripe.invoices.finalizeInvoice(
        invoice.id,
        {},
        { idempotencyKey: `${key}:finalize` },
      )
      await this.db
        .updateTable('adInvoices')
        .set({ status: 'open', stripeInvoiceId: open.id, hostedUrl: open.hosted_invoice_url ?? null })
        .where('id', '=', r.id)
        .where('status', '=', 'draft')
        .execute()
    }
    return rows.length
  }

  /**
   * An invoice's payment, from Stripe's verified `invoice.paid` (payments' inbox, once per event):
   * the invoice paid, what was paid credited to the balance (once per Stripe invoice) with the
   * ledger entries of a payment (Stripe's clearing and fee against the advertiser's account).
   */
  readonly paid = async (
    trx: Transaction<DB>,
    invoice: Stripe.Invoice,
    payment: OwnPayment,
  ): Promise<Outcome> => {
    const row = await trx
      .updateTable('adInvoices')
      .set({ status: 'paid', paidAt: new Date() })
      .where('stripeInvoiceId', '=', invoice.id)
      .where('status', '=', 'open')
      .returning(['id', 'advertiserId', 'number'])
      .executeTakeFirst()
    if (!row) return 'ignored'
    const { charge, stripeFee } = payment
    await trx
      .updateTable('advertisers')
      .set((eb) => ({ balanceMilli: eb('balanceMilli', '+', String(BigInt(charge.amount) * 1000n)) }))
      .where('id', '=', row.advertiserId)
      .execute()
    await trx
      .insertInto('adCredits')
      .values({
        id: newId(),
        advertiserId: row.advertiserId,
        amountMinor: String(charge.amount),
        source: 'invoice',
        reference: invoice.id,
        actorId: null,
      })
      .execute()
    const entries: Entry[] = [
      { account: ACCOUNTS.stripeClearing, amount: charge.amount - stripeFee, currency: charge.currency },
      { account: ACCOUNTS.stripeFees, amount: stripeFee, currency: charge.currency },
      { account: advertiserAccount(row.advertiserId), amount: -charge.amount, currency: charge.currency },
    ]
    await this.deps.ledger.post(
      {
        kind: 'ad.invoice_payment',
        reference: `charge:${charge.id}`,
        memo: `invoice ${row.number}`,
        entries: entries.filter((e) => e.amount !== 0),
      },
      trx,
    )
    return 'processed'
  }

  async list(userId: string, limit: number, cursor?: string) {
    const advertiser = await this.advertisers.of(userId)
    const rows = await this.db
      .selectFrom('adInvoices')
      .selectAll()
      .where('advertiserId', '=', advertiser.id)
      .$call(newestFirst('period_start', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.periodStart, id: r.id }), invoiceView)
  }

  /** One of the caller's invoices with its lines (someone else's: 404). */
  async get(userId: string, id: string) {
    const advertiser = await this.advertisers.of(userId)
    const row = await this.db
      .selectFrom('adInvoices')
      .selectAll()
      .where('id', '=', id)
      .where('advertiserId', '=', advertiser.id)
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such invoice')
    const lines = await this.db
      .selectFrom('adInvoiceLines')
      .selectAll()
      .where('invoiceId', '=', id)
      .orderBy('campaignName')
      .orderBy('campaignId')
      .execute()
    return {
      ...invoiceView(row),
      advertiser: { id: advertiser.id, name: advertiser.name },
      lines: lines.map(
        (l): InvoiceLine => ({
          campaignId: l.campaignId,
          campaignName: l.campaignName,
          impressions: Number(l.impressions),
          clicks: Number(l.clicks),
          amount: minor(l.amountMilli),
          amountMilli: Number(l.amountMilli),
        }),
      ),
    }
  }

  /** An invoice's lines as rows of a CSV file, each with the invoice's number, period and currency. */
  async csvRows(userId: string, id: string) {
    const invoice = await this.get(userId, id)
    return invoice.lines.map((l) => ({
      invoice: invoice.number,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      currency: invoice.currency,
      ...l,
    }))
  }
}
