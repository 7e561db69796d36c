import { sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

/**
 * Moves the kept counts of a post's hashtags (`tag_counts`: published public posts per tag) by
 * `delta`, in the transaction that publishes, edits or deletes the post, while its `post_tags`
 * rows are there: +1 when it is published or gets new tags, -1 before it is deleted or loses
 * them. Rows are taken in tag order, so that two posts sharing tags lock them in the same order.
 */
export async function bumpTagCounts(trx: Transaction<DB>, postId: string, delta: 1 | -1): Promise<void> {
  if (delta > 0)
    await sql`insert into tag_counts (tag, posts)
      select t.tag, 1 from post_tags t join posts p on p.id = t.post_id
      where t.post_id = ${postId} and p.published_at is not null and p.visibility = 'public'
      order by t.tag
      on conflict (tag) do update set posts = tag_counts.posts + 1`.execute(trx)
  else {
    const used = sql`select t.tag from post_tags t join posts p on p.id = t.post_id
      where t.post_id = ${postId} and p.published_at is not null and p.visibility = 'public'`
    await sql`select tag from tag_counts where tag in (${used}) order by tag for update`.execute(trx)
    await sql`update tag_counts set posts = posts - 1 where tag in (${used})`.execute(trx)
  }
}
