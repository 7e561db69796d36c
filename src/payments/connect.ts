import type { Kysely } from 'kysely'
import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { callStripe } from './problems.ts'

/**
 * Stripe Connect (Express): a creator's connected account, made on first onboarding, and account
 * links to Stripe's hosted onboarding. The account's state is mirrored from `account.updated`.
 */
export class ConnectAccounts {
  constructor(
    private readonly db: Database,
    private readonly stripe: () => Stripe,
  ) {}

  async onboarding(creatorId: string, returnUrl: string, refreshUrl: string) {
    const stripe = this.stripe()
    let row = await this.db
      .selectFrom('connectAccounts')
      .selectAll()
      .where('creatorId', '=', creatorId)
      .executeTakeFirst()
    if (!row) {
      const user = await this.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', creatorId)
        .executeTakeFirstOrThrow()
      const account = await callStripe(() =>
        stripe.accounts.create(
          {
            type: 'express',
            email: user.email,
            capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
            metadata: { creatorId },
          },
          { idempotencyKey: `connect:${creatorId}` },
        ),
      )
      await this.db
        .insertInto('connectAccounts')
        .values({ creatorId, stripeAccountId: account.id })
        .onConflict((oc) => oc.column('creatorId').doNothing())
        .execute()
      row = await this.db
        .selectFrom('connectAccounts')
        .selectAll()
        .where('creatorId', '=', creatorId)
        .executeTakeFirstOrThrow()
    }
    const accountId = row.stripeAccountId
    const link = await callStripe(() =>
      stripe.accountLinks.create({
        account: accountId,
        type: 'account_onboarding',
        return_url: returnUrl,
        refresh_url: refreshUrl,
      }),
    )
    return { url: link.url, accountId, expiresAt: new Date(link.expires_at * 1000).toISOString() }
  }

  async status(creatorId: string) {
    const row = await this.own(creatorId)
    return {
      accountId: row.stripeAccountId,
      chargesEnabled: row.chargesEnabled,
      payoutsEnabled: row.payoutsEnabled,
      detailsSubmitted: row.detailsSubmitted,
      schedule: {
        interval: row.payoutInterval as PayoutSchedule['interval'],
        weeklyAnchor: row.payoutWeeklyAnchor,
        monthlyAnchor: row.payoutMonthlyAnchor,
      },
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  /**
   * When Stripe pays the creator's balance out: daily, weekly on a weekday, monthly on a day (the
   * month's last day when it has fewer), or only when asked (manual). Set on the connected account;
   * what Stripe answers is mirrored here, as `account.updated` mirrors it later.
   */
  async setSchedule(creatorId: string, input: PayoutSchedule) {
    const row = await this.own(creatorId)
    if (input.interval === 'weekly' && !input.weeklyAnchor)
      throw fieldError('body.weeklyAnchor', 'a weekly schedule needs a weekday')
    if (input.interval === 'monthly' && !input.monthlyAnchor)
      throw fieldError('body.monthlyAnchor', 'a monthly schedule needs a day of the month')
    const stripe = this.stripe()
    const account = await callStripe(() =>
      stripe.accounts.update(row.stripeAccountId, {
        settings: {
          payouts: {
            schedule: {
              interval: input.interval,
              ...(input.interval === 'weekly' ? { weekly_anchor: input.weeklyAnchor! } : {}),
              ...(input.interval === 'monthly' ? { monthly_anchor: input.monthlyAnchor! } : {}),
            },
          },
        },
      }),
    )
    await mirrorAccount(this.db, account)
    return this.status(creatorId)
  }

  private async own(creatorId: string) {
    const row = await this.db
      .selectFrom('connectAccounts')
      .selectAll()
      .where('creatorId', '=', creatorId)
      .executeTakeFirst()
    if (!row)
      throw new HttpError(
        problems.notFound,
        'Payouts are not set up (POST /v1/creators/me/payouts/onboarding)',
      )
    return row
  }
}

export interface PayoutSchedule {
  interval: 'daily' | 'weekly' | 'monthly' | 'manual'
  weeklyAnchor?: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday'
  monthlyAnchor?: number
}

/** Writes a connected account's state as Stripe has it now (capabilities, payout schedule). */
export async function mirrorAccount(db: Kysely<DB>, account: Stripe.Account) {
  const schedule = account.settings?.payouts?.schedule
  return db
    .updateTable('connectAccounts')
    .set({
      chargesEnabled: account.charges_enabled,
      payoutsEnabled: account.payouts_enabled,
      detailsSubmitted: account.details_submitted,
      ...(schedule
        ? {
            payoutInterval: schedule.interval,
            payoutWeeklyAnchor: schedule.interval === 'weekly' ? (schedule.weekly_anchor ?? null) : null,
            payoutMonthlyAnchor: schedule.interval === 'monthly' ? (schedule.monthly_anchor ?? null) : null,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where('stripeAccountId', '=', account.id)
    .executeTakeFirst()
}
