import { type RawBuilder, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'

type Tx = Transaction<DB>

/**
 * A post shows what moderation did to what it carries: its images (/v1/media) and its video. The
 * strongest of their states (and the label behind it) is kept on the post as `media_moderation`,
 * which every read path takes with the post's own state (posts/visibility.ts, posts/reads.ts): an
 * image labelled nudity under a "sensitive" policy shows the post sensitive with a "nudity"
 * warning; a held image holds the post (its author and moderators only); a removed one removes it.
 * Bluesky's labels on a post's blobs act on the post the same way.
 *
 * Kept on the post's row (not in the cached contents, posts/reads.ts PostContents), so a label that
 * lands later from a job shows on every node's next read, with no cache to invalidate.
 */
export async function syncPostsOfImage(trx: Tx, imageId: string): Promise<void> {
  await syncPosts(trx, sql`select post_id from media where id = ${imageId} and post_id is not null`)
}

/** As syncPostsOfImage, for the posts carrying a video. */
export async function syncPostsOfVideo(trx: Tx, videoId: string): Promise<void> {
  await syncPosts(trx, sql`select id from posts where video_id = ${videoId}`)
}

/** For a post just written (its images and video attached in the same transaction). */
export async function syncPost(trx: Tx, postId: string): Promise<void> {
  await syncPosts(trx, sql`select ${postId}::uuid`)
}

/** Writes only the posts whose state changes (a post without moderated images or video: no write). */
async function syncPosts(trx: Tx, ids: RawBuilder<unknown>): Promise<void> {
  await sql`update posts p set media_moderation = n.moderation, media_moderation_warning = n.warning
    from (
      select q.id, s.moderation, s.moderation_warning as warning from posts q left join lateral (
        select u.moderation, u.moderation_warning from (
          select m.moderation, m.moderation_warning from media m where m.post_id = q.id and m.moderation is not null
          union all
          select v.moderation, v.moderation_warning from videos v
            where v.id = q.video_id and v.deleted_at is null and v.moderation is not null
        ) u order by array_position(array['sensitive', 'age_restricted', 'held', 'removed'], u.moderation) desc
        limit 1
      ) s on true where q.id in (${ids})
    ) n
    where p.id = n.id
      and (p.media_moderation, p.media_moderation_warning) is distinct from (n.moderation, n.warning)`.execute(
    trx,
  )
}
