import { sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/** What each interaction weighs in a post's activity (trending posts rank by it). */
export const ACTIVITY_WEIGHTS = { likes: 1, reposts: 2, replies: 1, quotes: 1 } as const

export type ActivityDelta = Partial<Record<keyof typeof ACTIVITY_WEIGHTS, number>>

/**
 * Records interactions with a post in its hourly activity bucket (`post_activity`), in the
 * transaction that changes its counts: the hour is when the interaction happened (`at`; now for a
 * new one), so what is taken back (an unlike, a deleted reply) comes off the hour it was added
 * to. Trending reads these buckets and decays each by its hour, so a post trends by when people
 * interacted with it, not by when it was written. A bucket already pruned has nothing to take back.
 */
export async function recordActivity(
  trx: Transaction<DB>,
  postId: string,
  delta: ActivityDelta,
  at?: Date,
): Promise<void> {
  let weight = 0
  for (const [kind, n] of Object.entries(delta))
    weight += ACTIVITY_WEIGHTS[kind as keyof ActivityDelta] * (n ?? 0)
  const hour = at ? sql`date_trunc('hour', ${at}::timestamptz)` : sql`date_trunc('hour', now())`
  if (weight > 0)
    await sql`insert into post_activity (post_id, hour, weight) values (${postId}, ${hour}, ${weight})
      on conflict (post_id, hour) do update set weight = post_activity.weight + excluded.weight`.execute(trx)
  else if (weight < 0)
    await sql`update post_activity set weight = greatest(0, weight + ${weight})
      where post_id = ${postId} and hour = ${hour}`.execute(trx)
}
