import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import type { Database } from '../platform/db/connect.ts'
import type { AdInvoices } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Advertisers } from './advertisers.ts'

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
 * on the balance during the month. Paid from the prepaid balance as the spend was billed; never
 * changed once made (numbers are consecutive: one worker makes them at a time).
 */
export class Invoices {
  constructor(
    private readonly db: Database,
    private readonly advertisers: Advertisers,
  ) {}

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
          .select(['a.id', 'a.currency'])
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
