import type { Kysely } from 'kysely'
import { contentMarks } from '../moderation/marks.ts'
import type { DB } from '../platform/db/schema.ts'
import type { UploadService } from '../videos/uploads.ts'
import type { VideoService } from '../videos/videos.ts'
import type { StreamSignals } from './backend.ts'

/**
 * A stream's recording, joined into one file on this machine, becomes a new video of the streamer
 * through the video pipeline (an upload of theirs, then `VideoService.create`, which starts the
 * transcode job), linked to the stream by `videoId`. Null when the stream asks for no recording
 * (record off, or deleted) or already has its video. It keeps the stream's audience, and what
 * moderation marked the stream (`recordingMarks`).
 */
export async function recordingToVideo(
  deps: { db: Kysely<DB>; uploads: UploadService; videos: VideoService; signals: StreamSignals },
  streamId: string,
  file: string,
): Promise<string | null> {
  const stream = await deps.db
    .selectFrom('liveStreams')
    .select([
      'ownerId',
      'title',
      'description',
      'visibility',
      'record',
      'videoId',
      'deletedAt',
      'audience',
      'audienceTierId',
      'moderation',
      'moderationWarning',
    ])
    .where('id', '=', streamId)
    .executeTakeFirst()
  if (!stream?.record || stream.videoId || stream.deletedAt) return null
  const uploadId = await deps.uploads.adopt(stream.ownerId, file, `live-${streamId}.mp4`)
  const video = await deps.videos.create(stream.ownerId, {
    uploadId,
    title: stream.title,
    description: stream.description,
    visibility: stream.visibility as 'public' | 'followers' | 'unlisted',
    // A stream for subscribers makes a video for the same subscribers, never a public one.
    audience: stream.audience as 'public' | 'subscribers',
    audienceTierId: stream.audienceTierId,
  })
  // Shown as the stream was (sensitive, age-restricted: see recordingMarks), before it is ready.
  const marks = recordingMarks(stream)
  if (marks.moderation) await deps.db.updateTable('videos').set(marks).where('id', '=', video.id).execute()
  await deps.signals.recorded(streamId, video.id)
  return video.id
}

/**
 * What moderation's state of a stream makes of its recording's: a sensitive or age-restricted
 * stream's recording is too (with the same label as its warning); a held or removed stream is not
 * recorded, so nothing else carries over.
 */
export function recordingMarks(stream: { moderation: string | null; moderationWarning: string | null }) {
  const { sensitive, contentWarning } = contentMarks(stream.moderation, stream.moderationWarning)
  return { moderation: sensitive ? stream.moderation : null, moderationWarning: contentWarning }
}
