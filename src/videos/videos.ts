import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json, Videos } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import { blockedBetween } from '../users/queries.ts'
import { PLAY_PATH, type PlaybackSigner } from './playback.ts'
import { VIDEO_EVENTS } from './topology.ts'

export type Visibility = 'public' | 'unlisted' | 'followers' | 'private'
export type VideoStatus = 'uploading' | 'processing' | 'ready' | 'failed'

export const TRANSCODE_JOB = 'video.transcode'
export const TRANSCODE_ATTEMPTS = 3

export const videoProblems = {
  uploadUnusable: defineProblem(409, 'upload_unusable', 'This upload cannot be used for a video'),
  ageRestricted: defineProblem(403, 'age_restricted', 'This video is for older viewers'),
  regionBlocked: defineProblem(451, 'region_blocked', 'This video is not available in your country'),
  notReady: defineProblem(409, 'video_not_ready', 'The video is not ready to play yet'),
}

export interface VideoInput {
  title: string
  description?: string
  tags?: string[]
  visibility: Visibility
  publishAt?: string | null
  minAge?: 13 | 16 | 18 | null
  allowedCountries?: string[]
  blockedCountries?: string[]
  commentsEnabled?: boolean
}

/** What the worker writes when a video is ready (`videos.outputs`). */
export interface VideoOutputs {
  encoder: string
  hlsMaster: string
  dashManifest: string
  renditions: { name: string; width: number; height: number; videoBitrate: number; audioBitrate: number }[]
  thumbnails: { name: string; width: number; height: number; file: string }[]
  storyboard: { sprite: string; vtt: string; tiles: number; interval: number } | null
  files: string[]
  bytes: number
}

type Row = Selectable<Videos>

export interface VideoView {
  id: string
  ownerId: string
  title: string
  description: string
  tags: string[]
  visibility: Visibility
  publishAt: string | null
  minAge: number | null
  allowedCountries: string[]
  blockedCountries: string[]
  commentsEnabled: boolean
  status: VideoStatus
  /** 0-100 while processing. */
  progress: number | null
  failureReason: string | null
  jobId: string | null
  durationMs: number | null
  width: number | null
  height: number | null
  renditions: string[]
  viewCount: number
  watchSeconds: number
  /** A poster frame (640 px wide, or the nearest), by a signed URL, once the video is ready. */
  poster: { url: string; width: number; height: number } | null
  createdAt: string
  updatedAt: string
}

export interface Playback {
  hls: string
  dash: string
  thumbnails: { url: string; width: number; height: number }[]
  storyboard: { vtt: string; sprite: string } | null
  renditions: VideoOutputs['renditions']
  durationMs: number
  expiresAt: string
}

/** Whole years between a birth date and a day. */
export function ageOn(born: Date, day: Date): number {
  let age = day.getUTCFullYear() - born.getUTCFullYear()
  const m = day.getUTCMonth() - born.getUTCMonth()
  if (m < 0 || (m === 0 && day.getUTCDate() < born.getUTCDate())) age--
  return age
}

/** Every column but `outputs`, for lists. */
const LIST_COLUMNS: Record<Exclude<keyof Row, 'outputs'>, true> = {
  id: true,
  ownerId: true,
  uploadId: true,
  title: true,
  description: true,
  tags: true,
  visibility: true,
  publishAt: true,
  minAge: true,
  allowedCountries: true,
  blockedCountries: true,
  commentsEnabled: true,
  status: true,
  failureReason: true,
  jobId: true,
  durationMs: true,
  width: true,
  height: true,
  outputPrefix: true,
  viewCount: true,
  watchMs: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
}

const WATCH_CAP_PER_WINDOW = 3

const COUNTRY = /^[A-Z]{2}$/
const TAG = /^[\p{L}\p{N}_]{1,50}$/u

/**
 * Videos: metadata and rules here, bytes in storage, the encoding in a durable job. Created from
 * a tus upload of the owner's; processing starts as soon as the upload is complete (now, or when
 * its last byte arrives). Every read goes through `visibleTo`; playback adds age and country.
 */
export class VideoService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      jobs: JobQueue
      storage: Storage
      live: LivePublisher
      log: Logger
      /** Signs the poster URL a ready video's view carries (see `posterOf`). */
      poster: { signer: PlaybackSigner; baseUrl: string; ttlSeconds: number }
    },
  ) {}

  /** The API's view of a row, with its signed poster when it has one. */
  private view(row: Row, progress: number | null = null): VideoView {
    return { ...viewOf(row, progress), poster: posterOf(row, this.deps.poster) }
  }

  async create(owner: string, input: VideoInput & { uploadId: string }): Promise<VideoView> {
    const values = checkInput(input)
    const { db } = this.deps
    const id = newId()
    return db.transaction().execute(async (trx) => {
      const upload = await trx
        .selectFrom('uploads')
        .select(['ownerId', 'state'])
        .where('id', '=', input.uploadId)
        .forUpdate()
        .executeTakeFirst()
      if (!upload || upload.ownerId !== owner)
        throw fieldError('body.uploadId', 'no upload of yours has this id')
      if (upload.state === 'refused' || upload.state === 'deleted')
        throw new HttpError(videoProblems.uploadUnusable, `The upload was ${upload.state}`)
      const taken = await trx
        .selectFrom('videos')
        .select('id')
        .where('uploadId', '=', input.uploadId)
        .executeTakeFirst()
      if (taken)
        throw new HttpError(videoProblems.uploadUnusable, `Video ${taken.id} already uses this upload`)
      await trx
        .insertInto('videos')
        .values({
          ...values,
          id,
          ownerId: owner,
          uploadId: input.uploadId,
          title: values.title ?? '',
          visibility: values.visibility ?? input.visibility,
          status: 'uploading',
        })
        .execute()
      await appendEvents(
        trx,
        [domainEvent({ type: 'video.created', actorId: owner, subject: { kind: 'video', id }, data: {} })],
        VIDEO_EVENTS.name,
      )
      if (upload.state === 'complete') await this.startProcessing(trx, id, owner)
      return this.view(
        await trx.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      )
    })
  }

  /** The upload has all its bytes (in `trx`, which marks it so): the video waiting for it starts processing. */
  async onUploadComplete(trx: Transaction<DB>, uploadId: string): Promise<void> {
    const video = await trx
      .selectFrom('videos')
      .select(['id', 'ownerId'])
      .where('uploadId', '=', uploadId)
      .where('status', '=', 'uploading')
      .where('deletedAt', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (video) await this.startProcessing(trx, video.id, video.ownerId)
  }

  /**
   * Videos still waiting for an upload that is complete (the two are set in one transaction, so
   * this only catches what a bug or a manual change left behind): processing starts.
   */
  async startStuck(): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const stuck = await trx
        .selectFrom('videos')
        .innerJoin('uploads', 'uploads.id', 'videos.uploadId')
        .select(['videos.id', 'videos.ownerId'])
        .where('videos.status', '=', 'uploading')
        .where('videos.deletedAt', 'is', null)
        .where('uploads.state', '=', 'complete')
        .where('videos.updatedAt', '<', new Date(Date.now() - 60_000))
        .limit(100)
        .forUpdate()
        .skipLocked()
        .execute()
      for (const v of stuck) await this.startProcessing(trx, v.id, v.ownerId)
      return stuck.length
    })
  }

  private async startProcessing(trx: Transaction<DB>, videoId: string, owner: string): Promise<void> {
    const jobId = await this.deps.jobs.enqueue(trx, {
      kind: TRANSCODE_JOB,
      payload: { videoId },
      ownerId: owner,
      maxAttempts: TRANSCODE_ATTEMPTS,
    })
    await trx
      .updateTable('videos')
      .set({ status: 'processing', jobId, updatedAt: sql`now()` })
      .where('id', '=', videoId)
      .execute()
  }

  async get(viewer: string | null, id: string): Promise<VideoView> {
    const row = await this.visibleRow(viewer, id)
    return this.view(row, row.status === 'processing' ? await this.progressOf(id) : null)
  }

  /** The row, when `viewer` may see the video; 404 otherwise (whether it exists is not told). */
  async visibleRow(viewer: string | null, id: string): Promise<Row> {
    const row = await this.deps.db
      .selectFrom('videos as v')
      .selectAll('v')
      .where('v.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such video')
    return row
  }

  async update(owner: string, id: string, patch: Partial<VideoInput>): Promise<VideoView> {
    const values = checkInput(patch)
    const { db } = this.deps
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('videos')
        .set({ ...values, updatedAt: sql`now()` })
        .where('id', '=', id)
        .where('ownerId', '=', owner)
        .where('deletedAt', 'is', null)
        .returningAll()
        .executeTakeFirst()
      if (!row) throw new HttpError(problems.notFound, 'No such video of yours')
      await appendEvents(
        trx,
        [domainEvent({ type: 'video.edited', actorId: owner, subject: { kind: 'video', id }, data: {} })],
        VIDEO_EVENTS.name,
      )
      return this.view(row)
    })
  }

  /** Soft-deletes the video, frees the upload's quota and removes the stored files. */
  async delete(owner: string, id: string): Promise<{ removedFiles: number; uploadId: string }> {
    const { db, storage, log } = this.deps
    const row = await db.transaction().execute(async (trx) => {
      const deleted = await trx
        .updateTable('videos')
        .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
        .where('id', '=', id)
        .where('ownerId', '=', owner)
        .where('deletedAt', 'is', null)
        .returningAll()
        .executeTakeFirst()
      if (!deleted) throw new HttpError(problems.notFound, 'No such video of yours')
      await trx.updateTable('uploads').set({ state: 'deleted' }).where('id', '=', deleted.uploadId).execute()
      await trx.updateTable('posts').set({ videoId: null }).where('videoId', '=', id).execute()
      await appendEvents(
        trx,
        [domainEvent({ type: 'video.deleted', actorId: owner, subject: { kind: 'video', id }, data: {} })],
        VIDEO_EVENTS.name,
      )
      return deleted
    })
    // Everything under the video's prefix: the original and every encoding (whichever encoder wrote
    // it). A job still running finds the video deleted when it ends and removes what it wrote then.
    const removedFiles = await removeFiles(storage, id).catch((error) => {
      log.warn({ err: error, videoId: id }, 'video files not removed')
      return 0
    })
    return { removedFiles, uploadId: row.uploadId }
  }

  /** A user's videos that `viewer` may see, newest first (unlisted ones only to the owner). */
  async listByUser(viewer: string | null, ownerId: string, cursor: string | undefined, limit: number) {
    // Not the outputs' list of files (thousands of segment names for a long video): the renditions.
    const columns = Object.keys(LIST_COLUMNS).map((c) => `v.${c}` as const) as `v.${keyof Row}`[]
    let q = this.deps.db
      .selectFrom('videos as v')
      .select(columns)
      .select(
        sql<Json>`jsonb_build_object('renditions', v.outputs -> 'renditions', 'thumbnails', v.outputs -> 'thumbnails')`.as(
          'outputs',
        ),
      )
      .where('v.ownerId', '=', ownerId)
      .where(visibleTo(viewer))
    if (viewer !== ownerId) q = q.where('v.visibility', '!=', 'unlisted')
    const rows = await q.$call(newestFirst('v.createdAt', 'v.id', decodeCursor(cursor), limit)).execute()
    return page(
      rows as Row[],
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => this.view(r),
    )
  }

  private async progressOf(id: string): Promise<number | null> {
    const row = await this.deps.db
      .selectFrom('videos')
      .innerJoin('jobs', 'jobs.id', 'videos.jobId')
      .select('jobs.progress')
      .where('videos.id', '=', id)
      .where('videos.status', '=', 'processing')
      .executeTakeFirst()
    return row?.progress ?? null
  }

  /**
   * Signed URLs to play the video: the rules of `visibleTo`, then age (a viewer old enough by the
   * birth date they gave; anonymous viewers never) and country (from the edge's header; unknown
   * fails an allow list) for everyone but the owner.
   */
  async playback(
    viewer: string | null,
    id: string,
    country: string | null,
    signer: PlaybackSigner,
    opts: { baseUrl: string; ttlSeconds: number },
  ): Promise<Playback> {
    const row = await this.visibleRow(viewer, id)
    if (row.status !== 'ready' || !row.outputs || !row.outputPrefix)
      throw new HttpError(videoProblems.notReady, `The video is ${row.status}`)
    if (viewer !== row.ownerId) {
      if (row.minAge) {
        const user = viewer
          ? await this.deps.db
              .selectFrom('users')
              .select('birthDate')
              .where('id', '=', viewer)
              .executeTakeFirst()
          : undefined
        const born = user?.birthDate ? new Date(user.birthDate) : null
        if (!born || ageOn(born, new Date()) < row.minAge)
          throw new HttpError(
            videoProblems.ageRestricted,
            viewer
              ? `For viewers aged ${row.minAge} or more (set your birth date with PATCH /v1/me)`
              : `For viewers aged ${row.minAge} or more: sign in`,
          )
      }
      const c = country?.toUpperCase() ?? null
      const blocked = c ? row.blockedCountries.includes(c) : false
      const notAllowed = row.allowedCountries.length > 0 && (!c || !row.allowedCountries.includes(c))
      if (blocked || notAllowed) throw new HttpError(videoProblems.regionBlocked)
    }
    const outputs = row.outputs as unknown as VideoOutputs
    const expiresAt = Math.floor(Date.now() / 1000) + opts.ttlSeconds
    const base = `${opts.baseUrl}${PLAY_PATH}/${signer.sign(row.id, row.outputPrefix, expiresAt)}/`
    return {
      hls: base + outputs.hlsMaster,
      dash: base + outputs.dashManifest,
      thumbnails: outputs.thumbnails.map((t) => ({ url: base + t.file, width: t.width, height: t.height })),
      storyboard: outputs.storyboard && {
        vtt: base + outputs.storyboard.vtt,
        sprite: base + outputs.storyboard.sprite,
      },
      renditions: outputs.renditions,
      durationMs: row.durationMs ?? 0,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    }
  }

  /**
   * A report of watch time from a player. Watch time always adds up (capped per report at the
   * video's length); a view counts once per viewer per window, when the viewer's watch time in
   * the window first reaches the minimum (the whole video when it is shorter). Row locks make
   * concurrent reports of one viewer count once.
   */
  async recordView(
    viewer: string | null,
    anonymousKey: string,
    id: string,
    watchedSeconds: number,
    opts: { minSeconds: number; windowHours: number },
  ): Promise<{ counted: boolean; viewCount: number; watchSeconds: number }> {
    const row = await this.visibleRow(viewer, id)
    const durationMs = row.durationMs ?? 0
    const reported = Math.round(Math.min(watchedSeconds * 1000, durationMs, 600_000))
    // A viewer's watch time in a window counts up to three times the video's length.
    const capMs = durationMs * WATCH_CAP_PER_WINDOW
    const minMs = Math.min(opts.minSeconds * 1000, durationMs)
    const who = viewer ? `u:${viewer}` : `a:${anonymousKey}`
    const windowSeconds = opts.windowHours * 3600
    const windowStart = new Date(Math.floor(Date.now() / 1000 / windowSeconds) * windowSeconds * 1000)
    const { db } = this.deps
    return db.transaction().execute(async (trx) => {
      await trx
        .insertInto('videoViews')
        .values({ videoId: id, viewer: who, windowStart, watchMs: 0, counted: false })
        .onConflict((oc) => oc.doNothing())
        .execute()
      const before = await trx
        .selectFrom('videoViews')
        .select(['watchMs', 'counted'])
        .where('videoId', '=', id)
        .where('viewer', '=', who)
        .where('windowStart', '=', windowStart)
        .forUpdate()
        .executeTakeFirstOrThrow()
      const had = Number(before.watchMs)
      const ms = Math.max(0, Math.min(reported, capMs - had))
      const newly = !before.counted && had + ms >= minMs
      await trx
        .updateTable('videoViews')
        .set({ watchMs: had + ms, counted: before.counted || newly })
        .where('videoId', '=', id)
        .where('viewer', '=', who)
        .where('windowStart', '=', windowStart)
        .execute()
      const totals = await trx
        .updateTable('videos')
        .set({ viewCount: sql`view_count + ${newly ? 1 : 0}`, watchMs: sql`watch_ms + ${ms}` })
        .where('id', '=', id)
        .returning(['viewCount', 'watchMs'])
        .executeTakeFirstOrThrow()
      if (newly)
        await appendEvents(
          trx,
          [
            domainEvent({
              type: 'video.viewed',
              actorId: viewer,
              subject: { kind: 'video', id },
              data: { ownerId: row.ownerId, watchMs: had + ms },
            }),
          ],
          VIDEO_EVENTS.name,
        )
      return {
        counted: newly,
        viewCount: Number(totals.viewCount),
        watchSeconds: Math.floor(Number(totals.watchMs) / 1000),
      }
    })
  }

  /** Tells the owner's connections (after the change committed). */
  announce(row: Row): void {
    this.deps.live.publish(`user:${row.ownerId}`, 'video', this.view(row))
  }
}

/**
 * The signed URL of a ready video's poster (the 640 px thumbnail, or the nearest). Its expiry is
 * rounded up to the hour, so that every view within the hour carries the same URL (cacheable).
 * Posters are shown wherever the video is listed; age and country rules apply to playing it.
 */
export function posterOf(
  row: Row,
  opts: { signer: PlaybackSigner; baseUrl: string; ttlSeconds: number },
): VideoView['poster'] {
  const thumbnails = (row.outputs as VideoOutputs | null)?.thumbnails ?? []
  if (row.status !== 'ready' || !row.outputPrefix || thumbnails.length === 0) return null
  const best = [...thumbnails].sort((a, b) => Math.abs(a.width - 640) - Math.abs(b.width - 640))[0]!
  const expiresAt = Math.ceil((Date.now() / 1000 + opts.ttlSeconds) / 3600) * 3600
  const token = opts.signer.sign(row.id, row.outputPrefix, expiresAt)
  return { url: `${opts.baseUrl}${PLAY_PATH}/${token}/${best.file}`, width: best.width, height: best.height }
}

/** Removes every stored file of a video. */
export function removeFiles(storage: Storage, videoId: string): Promise<number> {
  return storage.deletePrefix(`videos/${videoId}/`)
}

/**
 * Whether `viewer` may see the video in `v`: the owner always (unless deleted); others when it
 * is ready and published, nobody is blocked either way, and its visibility admits them (public
 * and unlisted: anyone with the link; followers: accepted followers; private: the owner only).
 * Age and country are checked at playback, where they apply.
 */
export function visibleTo(viewer: string | null) {
  const base = sql<boolean>`(v.deleted_at is null)`
  const published = sql<boolean>`(v.status = 'ready' and (v.publish_at is null or v.publish_at <= now()))`
  if (!viewer) return sql<boolean>`(${base} and ${published} and v.visibility in ('public', 'unlisted'))`
  return sql<boolean>`(${base} and (v.owner_id = ${viewer} or (
    ${published}
    and not ${blockedBetween(sql.ref('v.owner_id'), viewer)}
    and (v.visibility in ('public', 'unlisted')
      or (v.visibility = 'followers' and exists (select 1 from follows f where f.follower_id = ${viewer} and f.followee_id = v.owner_id)))
  )))`
}

function checkInput(input: Partial<VideoInput>) {
  const out: Partial<{
    title: string
    description: string
    tags: string[]
    visibility: Visibility
    publishAt: Date | null
    minAge: number | null
    allowedCountries: string[]
    blockedCountries: string[]
    commentsEnabled: boolean
  }> = {}
  if (input.title !== undefined) {
    const title = input.title.trim()
    if (!title) throw fieldError('body.title', 'must not be blank')
    out.title = title
  }
  if (input.description !== undefined) out.description = input.description
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags.map((t) => t.replace(/^#/, '').toLowerCase()))]
    const bad = tags.find((t) => !TAG.test(t))
    if (bad !== undefined) throw fieldError('body.tags', `"${bad}" is not a tag (letters, digits, _)`)
    out.tags = tags
  }
  if (input.visibility !== undefined) out.visibility = input.visibility
  if (input.publishAt !== undefined) {
    const at = input.publishAt === null ? null : new Date(input.publishAt)
    if (at && Number.isNaN(at.getTime())) throw fieldError('body.publishAt', 'not a date-time')
    out.publishAt = at
  }
  if (input.minAge !== undefined) out.minAge = input.minAge
  for (const field of ['allowedCountries', 'blockedCountries'] as const) {
    const list = input[field]
    if (list === undefined) continue
    const codes = [...new Set(list.map((c) => c.toUpperCase()))]
    const bad = codes.find((c) => !COUNTRY.test(c))
    if (bad !== undefined) throw fieldError(`body.${field}`, `"${bad}" is not an ISO 3166-1 alpha-2 code`)
    out[field] = codes
  }
  if (input.commentsEnabled !== undefined) out.commentsEnabled = input.commentsEnabled
  return out
}

export function viewOf(row: Row, progress: number | null = null): VideoView {
  const outputs = row.outputs as VideoOutputs | null
  return {
    id: row.id,
    ownerId: row.ownerId,
    title: row.title,
    description: row.description,
    tags: row.tags,
    visibility: row.visibility as Visibility,
    publishAt: row.publishAt?.toISOString() ?? null,
    minAge: row.minAge,
    allowedCountries: row.allowedCountries,
    blockedCountries: row.blockedCountries,
    commentsEnabled: row.commentsEnabled,
    status: row.status as VideoStatus,
    progress: row.status === 'processing' ? (progress ?? 0) : row.status === 'ready' ? 100 : null,
    failureReason: row.failureReason,
    jobId: row.jobId,
    durationMs: row.durationMs,
    width: row.width,
    height: row.height,
    renditions: outputs?.renditions.map((r) => r.name) ?? [],
    viewCount: Number(row.viewCount),
    watchSeconds: Math.floor(Number(row.watchMs) / 1000),
    poster: null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
