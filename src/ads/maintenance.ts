import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/**
 * Campaigns that are over: past their end, or with less budget left than the reserve price of one
 * serving once every budget slice of theirs is settled. Active and paused ones become completed (with the reason); answers how many.
 */
export async function completeCampaigns(db: Kysely<DB>, reserveMilli: number): Promise<number> {
  const done = await db
    .updateTable('adCampaigns')
    .set({
      state: 'completed',
      stateReason: sql<string>`case when ends_at is not null and ends_at <= now() then 'The schedule ended'
        else 'The total budget is spent' end`,
      updatedAt: new Date(),
    })
    .where('state', 'in', ['active', 'paused'])
    .where(
      // Budget slices still out may come back (servings never viewed): not spent until settled.
      sql<boolean>`(ends_at is not null and ends_at <= now()) or (total_budget_minor * 1000 - spent_milli < ${reserveMilli}
        and not exists (select 1 from ad_budget_leases l where l.campaign_id = ad_campaigns.id and l.settled_at is null))`,
    )
    .executeTakeFirst()
  return Number(done.numUpdatedRows)
}
