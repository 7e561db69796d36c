import { type Kysely, sql } from 'kysely'
import type { AuthServices } from '../auth/module.ts'
import type { Ledger } from '../payments/ledger.ts'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { checkName } from '../platform/text.ts'
import { adsProblems } from './problems.ts'
import { ADMIN_CREDITS_ACCOUNT, advertiserAccount } from './top-ups.ts'

export interface AdvertiserView {
  id: string
  userId: string
  name: string
  currency: string
  /** What is left to spend, in minor units (rounded down; below zero when spent on credit). */
  balance: number
  /** Taken from the balance by budget slices for servings not billed yet, minor units (rounded down). */
  reserved: number
  /** What an invoiced advertiser may spend beyond the balance, minor units. */
  creditLimit: number
  createdAt: string
}

type AdvertiserRow = {
  id: string
  userId: string
  name: string
  currency: string
  balanceMilli: string | number | bigint
  creditLimitMilli: string | number | bigint
  reservedMilli: string | number | bigint
  createdAt: Date
}

/**
 * What the advertiser's unsettled budget slices (sql/0074) hold unbilled, milli: taken from the
 * balance when leased, billed as their impressions are viewable or given back. Read through its
 * campaigns (indexed by advertiser, and slices by campaign).
 */
const reservedColumn = sql<string>`(select coalesce(sum(l.amount_milli - l.billed_milli), 0)
  from ad_campaigns c join ad_budget_leases l on l.campaign_id = c.id and l.settled_at is null
  where c.advertiser_id = advertisers.id)`.as('reservedMilli')

export function advertiserView(row: AdvertiserRow): AdvertiserView {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    currency: row.currency,
    balance: Math.floor(Number(row.balanceMilli) / 1000),
    reserved: Math.floor(Number(row.reservedMilli) / 1000),
    creditLimit: Math.floor(Number(row.creditLimitMilli) / 1000),
    createdAt: row.createdAt.toISOString(),
  }
}

/**
 * Advertiser accounts: one per user, who gets the role `advertiser` (when a plain user: creators,
 * moderators and administrators keep theirs, which also hold `ads:manage`), and a prepaid balance.
 * Balances are topped up through Stripe Checkout (top-ups.ts); an administrator may also credit
 * one (`credit`), booked in the ledger as the platform's expense (`ads:credits`).
 */
export class Advertisers {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly auth: AuthServices,
    private readonly ledger: Ledger,
  ) {}

  async create(userId: string, input: { name: string; currency?: string }): Promise<AdvertiserView> {
    checkName('body.name', input.name)
    const { row, promoted } = await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('advertisers')
        .select('id')
        .where('userId', '=', userId)
        .executeTakeFirst()
      if (existing) throw new HttpError(adsProblems.advertiserExists)
      const row = await trx
        .insertInto('advertisers')
        .values({ id: newId(), userId, name: input.name, currency: input.currency ?? 'USD' })
        .returningAll()
        .executeTakeFirstOrThrow()
      const promoted = await trx
        .updateTable('users')
        .set({ role: 'advertiser', updatedAt: new Date() })
        .where('id', '=', userId)
        .where('role', '=', 'user')
        .executeTakeFirst()
      if (promoted.numUpdatedRows > 0n)
        await appendEvents(trx, [
          domainEvent({
            type: 'user.role_changed',
            actorId: userId,
            subject: { kind: 'user', id: userId },
            data: { role: 'advertiser' },
          }),
        ])
      return { row, promoted: promoted.numUpdatedRows > 0n }
    })
    // Every node sees the new role at once (as an administrator's change).
    if (promoted) await this.auth.revocations.changeRole(userId, 'advertiser')
    return advertiserView({ ...row, reservedMilli: 0 })
  }

  /** The caller's advertiser account, or 403 advertiser_required. */
  async of(userId: string): Promise<AdvertiserView> {
    const row = await this.db
      .selectFrom('advertisers')
      .selectAll()
      .select(reservedColumn)
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (!row) throw new HttpError(adsProblems.noAdvertiser)
    return advertiserView(row)
  }

  /** An administrator's credit to an advertiser's balance (a promotion, goodwill), with its ledger entries. */
  async credit(
    actorId: string,
    advertiserId: string,
    amountMinor: number,
    reference: string | null,
  ): Promise<AdvertiserView> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('advertisers')
        .set((eb) => ({ balanceMilli: eb('balanceMilli', '+', String(BigInt(amountMinor) * 1000n)) }))
        .where('id', '=', advertiserId)
        .returningAll()
        .returning(reservedColumn)
        .executeTakeFirst()
      if (!row) throw new HttpError(problems.notFound, 'No such advertiser')
      const id = newId()
      await trx
        .insertInto('adCredits')
        .values({
          id,
          advertiserId,
          amountMinor: String(amountMinor),
          source: 'admin',
          reference,
          actorId,
        })
        .execute()
      const currency = row.currency.toLowerCase()
      await this.ledger.post(
        {
          kind: 'ad.credit',
          reference: `ad-credit:${id}`,
          memo: reference ?? undefined,
          entries: [
            { account: ADMIN_CREDITS_ACCOUNT, amount: amountMinor, currency },
            { account: advertiserAccount(advertiserId), amount: -amountMinor, currency },
          ],
        },
        trx,
      )
      return advertiserView(row)
    })
  }

  /**
   * Approves an advertiser for monthly invoicing (administrators): it may spend `creditMinor`
   * beyond its balance, and each month's invoice is sent through Stripe; 0 makes it prepaid again.
   * Never below what it has already spent on credit (409).
   */
  async setCreditLimit(advertiserId: string, creditMinor: number): Promise<AdvertiserView> {
    const row = await this.db
      .updateTable('advertisers')
      .set({ creditLimitMilli: String(BigInt(creditMinor) * 1000n) })
      .where('id', '=', advertiserId)
      .where(sql<boolean>`balance_milli + ${String(BigInt(creditMinor) * 1000n)}::bigint >= 0`)
      .returningAll()
      .returning(reservedColumn)
      .executeTakeFirst()
    if (row) return advertiserView(row)
    const known = await this.db
      .selectFrom('advertisers')
      .select('id')
      .where('id', '=', advertiserId)
      .executeTakeFirst()
    throw known
      ? new HttpError(adsProblems.creditInUse)
      : new HttpError(problems.notFound, 'No such advertiser')
  }
}
