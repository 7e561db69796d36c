import { syncPostsOfImage } from './post-media.ts'
import { moderationColumns, type SubjectHandler } from './subjects.ts'

/**
 * Images of /v1/media as moderation subjects: moderation's state is a column of the image, which
 * the media module reads before serving its files (held and removed images to their owner and
 * moderators only) and profiles read before showing it as an avatar or banner. The post it is
 * attached to takes its state (post-media.ts).
 */
export const imageSubject: SubjectHandler = {
  async owner(db, id) {
    return (await db.selectFrom('media').select('ownerId').where('id', '=', id).executeTakeFirst())?.ownerId
  },
  async seenBy(db, viewer, id) {
    const row = await db
      .selectFrom('media')
      .select(['ownerId', 'moderation'])
      .where('id', '=', id)
      .executeTakeFirst()
    return !!row && (row.ownerId === viewer || (row.moderation !== 'held' && row.moderation !== 'removed'))
  },
  // The post carrying the image shows its state (post-media.ts).
  ...moderationColumns('media', syncPostsOfImage),
}
