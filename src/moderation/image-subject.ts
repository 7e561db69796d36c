import type { SubjectHandler } from './subjects.ts'

/**
 * Images of /v1/media as moderation subjects: moderation's state is a column of the image, which
 * the media module reads before serving its files (held and removed images to their owner and
 * moderators only) and profiles read before showing it as an avatar or banner.
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
  async apply(trx, id, state, warning) {
    const before = await trx
      .selectFrom('media')
      .select(['moderation', 'moderationWarning'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('media')
      .set({ moderation: state, moderationWarning: warning })
      .where('id', '=', id)
      .execute()
    return { previous: { moderation: before.moderation, moderationWarning: before.moderationWarning } }
  },
  async restore(trx, id, previous) {
    const p = previous as { moderation: string | null; moderationWarning: string | null }
    await trx
      .updateTable('media')
      .set({ moderation: p.moderation, moderationWarning: p.moderationWarning })
      .where('id', '=', id)
      .execute()
    return { previous: {} }
  },
}
