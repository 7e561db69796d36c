import type Stripe from 'stripe'
import type { Database } from '../platform/db/connect.ts'
import { HttpError, problems } from '../platform/errors.ts'
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
    return {
      accountId: row.stripeAccountId,
      chargesEnabled: row.chargesEnabled,
      payoutsEnabled: row.payoutsEnabled,
      detailsSubmitted: row.detailsSubmitted,
      updatedAt: row.updatedAt.toISOString(),
    }
  }
}
