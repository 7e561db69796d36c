import { visibleTo } from '../videos/visibility.ts'
import { syncPostsOfVideo } from './post-media.ts'
import { moderationColumns, type SubjectHandler } from './subjects.ts'

/**
 * Videos as moderation subjects: moderation's state is a column of the video, which every read
 * of videos checks through `visibleTo` (held and removed: the owner only).
 */
export const videoSubject: SubjectHandler = {
  async owner(db, id) {
    return (
      await db
        .selectFrom('videos')
        .select('ownerId')
        .where('id', '=', id)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
    )?.ownerId
  },
  async seenBy(db, viewer, id) {
    const row = await db
      .selectFrom('videos as v')
      .select('v.id')
      .where('v.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    return row !== undefined
  },
  // The posts carrying the video show its state (post-media.ts).
  ...moderationColumns('videos', syncPostsOfVideo),
}
