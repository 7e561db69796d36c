import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/** What the quota of unattached images is checked against: how many, and when the oldest expires. */
export async function unattachedOf(
  db: Kysely<DB> | Transaction<DB>,
  owner: string,
  hours: number,
): Promise<{ count: number; oldestExpiresInSeconds: number }> {
  const row = await db
    .selectFrom('media')
    .select([sql<string>`count(*)`.as('count'), sql<Date | null>`min(created_at)`.as('oldest')])
    .where('ownerId', '=', owner)
    .where('postId', 'is', null)
    .where(notShownByAProfile)
    .executeTakeFirstOrThrow()
  const expiresAt = row.oldest ? new Date(row.oldest).getTime() + hours * 3_600_000 : Date.now()
  return { count: Number(row.count), oldestExpiresInSeconds: Math.max(0, (expiresAt - Date.now()) / 1000) }
}

/** Serialises one owner's uploads until the transaction ends, so that the quota holds under concurrency. */
export async function lockOwnerUploads(trx: Transaction<DB>, owner: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`media:${owner}`}, 0))`.execute(trx)
}

/**
 * Deletes up to `limit` images uploaded more than `hours` ago and still attached to no post, and
 * returns their ids (for the caller to remove their files from storage). A post attaching one at the
 * same moment either wins the row (the image stays) or finds it gone (its post is refused).
 */
export async function deleteExpiredUnattached(
  db: Kysely<DB>,
  hours: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .deleteFrom('media')
    .where(
      'id',
      'in',
      db
        .selectFrom('media')
        .select('id')
        .where('postId', 'is', null)
        .where(notShownByAProfile)
        .where('createdAt', '<', sql<Date>`now() - make_interval(hours => ${hours})`)
        .orderBy('createdAt')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .where('postId', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/**
 * An image a profile shows (avatar, banner) or an ad's card shows is in use, like one a post
 * shows: neither counted nor expired.
 */
function notShownByAProfile(eb: ExpressionBuilder<DB, 'media'>) {
  return eb.and([
    eb.not(
      eb.exists(
        eb
          .selectFrom('users')
          .select(sql`1`.as('one'))
          .where((u) =>
            u.or([
              u('users.avatarMediaId', '=', u.ref('media.id')),
              u('users.bannerMediaId', '=', u.ref('media.id')),
            ]),
          ),
      ),
    ),
    eb.not(
      eb.exists(
        eb
          .selectFrom('adCreatives')
          .select(sql`1`.as('one'))
          .whereRef('adCreatives.mediaId', '=', 'media.id'),
      ),
    ),
  ])
}
