import type { StreamSignals } from '../live/backend.ts'
import { visibleTo } from '../live/views.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { Json } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import type { SubjectHandler } from './subjects.ts'

/**
 * Live streams as moderation subjects (`stream:<id>`): moderation's state is a column of the
 * stream, which live's visibility rule reads (held and removed: its owner only). A hold takes the
 * stream away from its viewers (their subscriptions to the room are checked again) until a
 * moderator decides; a removal ends it too. Neither is recorded (its recording would be a video
 * others see): a stream that ends while held has no recording. A reversal makes it visible again
 * and recorded as its owner chose (an ended stream stays ended).
 */
export function streamSubject(deps: { signals: StreamSignals; live: LivePublisher }): SubjectHandler {
  const away = (id: string, state: string) => async () => {
    deps.live.accessChanged({ channels: [`live:${id}`] })
    if (state === 'removed') await deps.signals.end(id, 'removed by moderation')
  }
  return {
    async owner(db, id) {
      return (
        await db
          .selectFrom('liveStreams')
          .select('ownerId')
          .where('id', '=', id)
          .where('deletedAt', 'is', null)
          .executeTakeFirst()
      )?.ownerId
    },
    async seenBy(db, viewer, id) {
      const row = await db
        .selectFrom('liveStreams as s')
        .select('s.id')
        .where('s.id', '=', id)
        .where(visibleTo(viewer))
        .executeTakeFirst()
      return row !== undefined
    },
    states: ['held', 'removed'],
    async apply(trx, id, state, warning) {
      if (state !== 'held' && state !== 'removed')
        throw fieldError('body.kind', 'a live stream can only be held or removed')
      const before = await trx
        .selectFrom('liveStreams')
        .select(['moderation', 'moderationWarning', 'record'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('liveStreams')
        // Not recorded: its recording would be a video others see.
        .set({ moderation: state, moderationWarning: warning, record: false })
        .where('id', '=', id)
        .execute()
      return {
        previous: {
          moderation: before.moderation,
          moderationWarning: before.moderationWarning,
          record: before.record,
        } as Json,
        afterCommit: away(id, state),
      }
    },
    async restore(trx, id, previous) {
      const p = previous as { moderation: string | null; moderationWarning: string | null; record: boolean }
      await trx
        .updateTable('liveStreams')
        .set({ moderation: p.moderation, moderationWarning: p.moderationWarning, record: p.record })
        .where('id', '=', id)
        .execute()
      return { previous: {} }
    },
  }
}
