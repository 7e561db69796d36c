import type { Kysely } from 'kysely'
import { segmentsOf, sessionPrefix } from '../../live/hls-pipeline.ts'
import type { Variant } from '../../media/images.ts'
import type { DB } from '../../platform/db/schema.ts'
import type { Storage } from '../../platform/storage.ts'
import { originalKey } from '../../videos/processing.ts'
import type { SubjectKind } from '../screener.ts'
import type { StoredVideo } from './aws.ts'
import { firstFrameOf, framesOfStored } from './frames.ts'

/** What the screening job looks at in one subject: its texts and its images (fetched when needed). */
export interface Screenable {
  authorId: string
  language: string | null
  texts: string[]
  images(): AsyncIterable<Uint8Array>
  /** The whole video where storage keeps it (S3), for screeners that read videos themselves. */
  video?: StoredVideo
}

/**
 * The subject's current content; undefined when it is gone or is not to be screened. `media`
 * false: its words changed, not its pictures (a video's edit), which are then not looked at again.
 */
export type ScreenSource = (id: string, opts?: { media?: boolean }) => Promise<Screenable | undefined>

const noImages = async function* (): AsyncIterable<Uint8Array> {}

/** Posts and replies: their text. */
export function postSource(db: Kysely<DB>): ScreenSource {
  return async (id) => {
    const post = await db
      .selectFrom('posts')
      .select(['text', 'authorId', 'language'])
      .where('id', '=', id)
      .executeTakeFirst()
    return post && { authorId: post.authorId, language: post.language, texts: [post.text], images: noImages }
  }
}

/** Profiles: the name and the bio (the avatar is an image of its own, screened when uploaded). */
export function profileSource(db: Kysely<DB>): ScreenSource {
  return async (id) => {
    const user = await db
      .selectFrom('users')
      .select(['displayName', 'bio'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!user) return undefined
    const texts = [user.displayName, user.bio].filter((t): t is string => !!t)
    return { authorId: id, language: null, texts, images: noImages }
  }
}

/** Images of /v1/media: the largest rendition (the original is not kept). */
export function imageSource(db: Kysely<DB>, storage: Storage): ScreenSource {
  return async (id) => {
    const media = await db
      .selectFrom('media')
      .select(['ownerId', 'variants', 'altText'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!media) return undefined
    const largest = (media.variants as unknown as Variant[]).at(-1)
    return {
      authorId: media.ownerId,
      language: null,
      texts: media.altText ? [media.altText] : [],
      images: async function* () {
        const blob = largest && (await storage.get(largest.key))
        if (!blob) throw new Error(`the files of image ${id} are not stored`)
        yield new Uint8Array(await blob.arrayBuffer())
      },
    }
  }
}

/**
 * Videos: the title and the description, and frames sampled from the kept original once it is
 * encoded (ready); with storage on S3 (`bucket`), the original's place too, for Rekognition Video.
 */
export function videoSource(db: Kysely<DB>, storage: Storage, bucket?: string): ScreenSource {
  return async (id, opts) => {
    const frames = opts?.media ?? true
    const video = await db
      .selectFrom('videos')
      .select(['ownerId', 'title', 'description', 'status', 'durationMs'])
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    if (!video) return undefined
    const durationSec = (video.durationMs ?? 0) / 1000
    return {
      authorId: video.ownerId,
      language: null,
      texts: [video.title, video.description].filter((t) => t.trim() !== ''),
      video: bucket && frames && video.status === 'ready' ? { bucket, key: originalKey(id) } : undefined,
      images: async function* () {
        if (!frames || video.status !== 'ready' || durationSec <= 0) return
        const stored = await storage.read(originalKey(id))
        if (!stored || !('body' in stored)) throw new Error(`the original of video ${id} is not stored`)
        yield* framesOfStored(stored.body, durationSec)
      },
    }
  }
}

/**
 * Direct messages: screened only when a recipient (a member of the conversation other than the
 * sender) opted in (`screenMessages` on PATCH /v1/me); a message already taken down is not.
 */
export function messageSource(db: Kysely<DB>): ScreenSource {
  return async (id) => {
    const message = await db
      .selectFrom('messages as m')
      .select(['m.text', 'm.senderId'])
      .where('m.id', '=', id)
      .where('m.deletedAt', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('conversationMembers as c')
            .innerJoin('users as u', 'u.id', 'c.userId')
            .select('c.userId')
            .whereRef('c.conversationId', '=', 'm.conversationId')
            .whereRef('c.userId', '!=', 'm.senderId')
            .where('u.screenMessages', '=', true),
        ),
      )
      .executeTakeFirst()
    if (!message?.text) return undefined
    return { authorId: message.senderId, language: null, texts: [message.text], images: noImages }
  }
}

/**
 * Live streams: the title and the description, and while the stream is live, a frame as viewers
 * see it now: on the local backend the first frame of its newest HLS segment (in storage); on IVS
 * the newest thumbnail the recording configuration wrote to S3 (`ivsFrames`: where the stream's
 * recording started, from its "Recording Start" event, or found in S3 by the IVS monitor when that
 * event is lost: src/live/ivs/recording-location.ts). An IVS stream with no thumbnails (no
 * recording configuration, thumbnails disabled, not yet written) is screened by its words.
 */
export function streamSource(
  db: Kysely<DB>,
  storage: Storage,
  ivsFrames?: { latest(where: { bucket: string; prefix: string }): Promise<Uint8Array | undefined> },
): ScreenSource {
  return async (id, opts) => {
    const stream = await db
      .selectFrom('liveStreams')
      .select([
        'ownerId',
        'title',
        'description',
        'state',
        'sessionId',
        'backend',
        'ivsRecordingBucket',
        'ivsRecordingPrefix',
      ])
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    if (!stream) return undefined
    const frames = (opts?.media ?? true) && stream.state === 'live'
    const session = frames && stream.backend === 'local' ? stream.sessionId : null
    const recording =
      frames && stream.backend === 'ivs' && stream.ivsRecordingBucket && stream.ivsRecordingPrefix
        ? { bucket: stream.ivsRecordingBucket, prefix: stream.ivsRecordingPrefix }
        : undefined
    return {
      authorId: stream.ownerId,
      language: null,
      texts: [stream.title, stream.description].filter((t) => t.trim() !== ''),
      images: async function* () {
        const frame = session
          ? await liveFrame(storage, sessionPrefix(id, session))
          : recording && (await ivsFrames?.latest(recording))
        if (frame) yield frame
      },
    }
  }
}

/** The first frame of the newest segment a live session's playlist lists (a ladder: its first rendition's). */
export async function liveFrame(storage: Storage, prefix: string): Promise<Uint8Array | undefined> {
  const read = async (name: string) => (await storage.get(`${prefix}${name}`))?.text()
  let names = segmentsOf((await read('index.m3u8')) ?? '')
  if (names[0]?.endsWith('.m3u8')) names = segmentsOf((await read(names[0])) ?? '')
  const newest = names.at(-1)
  const segment = newest && (await storage.get(`${prefix}${newest}`))
  return segment ? firstFrameOf(new Uint8Array(await segment.arrayBuffer())) : undefined
}

/** Live-chat lines: always screened (the room is public to its viewers); one taken down already is not. */
export function chatLineSource(db: Kysely<DB>): ScreenSource {
  return async (id) => {
    const line = await db
      .selectFrom('liveChatMessages')
      .select(['text', 'authorId'])
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst()
    return line && { authorId: line.authorId, language: null, texts: [line.text], images: noImages }
  }
}

/** Either source, in turn: the first that knows the id answers (ids are unique over both). */
export function eitherSource(first: ScreenSource, second: ScreenSource): ScreenSource {
  return async (id, opts) => (await first(id, opts)) ?? (await second(id, opts))
}

/** The sources by subject kind (other kinds join with `register`). */
export class ScreenSources {
  private readonly sources = new Map<SubjectKind, ScreenSource>()

  register(kind: SubjectKind, source: ScreenSource): void {
    if (this.sources.has(kind)) throw new Error(`a screening source for ${kind} is already registered`)
    this.sources.set(kind, source)
  }

  get(kind: SubjectKind): ScreenSource | undefined {
    return this.sources.get(kind)
  }
}
