import { sql } from 'kysely'
import type { StreamSignals } from '../live/backend.ts'
import { recordingMarks } from '../live/recording-video.ts'
import { visibleTo } from '../live/views.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { Json } from '../platform/db/schema.ts'
import { syncPostsOfVideo } from './post-media.ts'
import type { SubjectHandler } from './subjects.ts'

type Tx = Parameters<NonNullable<SubjectHandler['apply']>>[0]
type State = { moderation: string | null; moderationWarning: string | null }

/**
 * The stream's recording, once a video, shows what the stream shows (sensitive, age-restricted:
 * recordingToVideo copies it): it follows the stream's changes while it still shows the stream's
 * former state (a video moderated on its own keeps its own state). A hold or a removal of the
 * stream leaves it as it is (the video is a subject of its own).
 */
async function followRecording(trx: Tx, id: string, from: State, to: State): Promise<void> {
  if (to.moderation === 'held' || to.moderation === 'removed') return
  const { videoId } = await trx
    .selectFrom('liveStreams')
    .select('videoId')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  if (!videoId) return
  const was = recordingMarks(from)
  const followed = await trx
    .updateTable('videos')
    .set(recordingMarks(to))
    .where('id', '=', videoId)
    .where(sql<boolean>`moderation is not distinct from ${was.moderation}`)
    .where(sql<boolean>`moderation_warning is not distinct from ${was.moderationWarning}`)
    .executeTakeFirst()
  if (followed.numUpdatedRows > 0n) await syncPostsOfVideo(trx, videoId)
}

/**
 * Live streams as moderation subjects (`stream:<id>`): moderation's state is a column of the
 * stream, which live's rules read (src/live/views.ts). Sensitive and age-restricted streams show
 * `sensitive` and the label as `contentWarning` wherever the stream is shown (REST and the room's
 * `stream` event); an age-restricted one is listed, played and chatted in only by signed-in adults
 * and its owner. A hold takes the stream away from its viewers until a moderator decides; a
 * removal ends it too. Neither is recorded (its recording would be a video others see): a stream
 * that ends while held has no recording. A reversal puts back what was (visible again and
 * recorded as its owner chose; an ended stream stays ended). Each change is pushed to the room
 * (its view) and its subscriptions are checked again (who may still listen).
 */
export function streamSubject(deps: { signals: StreamSignals; live: LivePublisher }): SubjectHandler {
  const changed = (id: string, state: string | null) => async () => {
    deps.live.accessChanged({ channels: [`live:${id}`] })
    if (state === 'removed') await deps.signals.end(id, 'removed by moderation')
    else await deps.signals.changed(id)
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
    async apply(trx, id, state, warning) {
      const before = await trx
        .selectFrom('liveStreams')
        .select(['moderation', 'moderationWarning', 'record'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('liveStreams')
        // Held or removed, not recorded: its recording would be a video others see.
        .set({
          moderation: state,
          moderationWarning: warning,
          ...(state === 'held' || state === 'removed' ? { record: false } : {}),
        })
        .where('id', '=', id)
        .execute()
      await followRecording(trx, id, before, { moderation: state, moderationWarning: warning })
      return {
        previous: {
          moderation: before.moderation,
          moderationWarning: before.moderationWarning,
          record: before.record,
        } as Json,
        afterCommit: changed(id, state),
      }
    },
    async restore(trx, id, previous) {
      const p = previous as State & { record: boolean }
      const before = await trx
        .selectFrom('liveStreams')
        .select(['moderation', 'moderationWarning'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      await followRecording(trx, id, before, p)
      await trx
        .updateTable('liveStreams')
        .set({ moderation: p.moderation, moderationWarning: p.moderationWarning, record: p.record })
        .where('id', '=', id)
        .execute()
      return { previous: {}, afterCommit: changed(id, p.moderation) }
    },
  }
}
