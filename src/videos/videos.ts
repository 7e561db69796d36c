import { type Kysely, sql, type Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import { type Audience, audienceColumns, creatorsOnly, type EntitlementCheck } from '../payments/audience.ts'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import type { PlaybackSigner } from './playback.ts'
import { type Playback, playbackFor } from './playback-access.ts'
import { videoProblems } from './problems.ts'
import { VIDEO_EVENTS } from './topology.ts'
import { checkInput, type VideoInput } from './video-input.ts'
import { LIST_COLUMNS, lockedView, posterOf, type VideoRow, type VideoView, viewOf } from './video-views.ts'
import { visibleTo } from './visibility.ts'
import { recordView, type ViewCount, type ViewWindow } from './watch-time.ts'

export const TRANSCODE_JOB = 'video.transcode'

/**
 * A module that checks every encoded video before it may be public (copyright): called in the
 * transaction that records the encode, with the video then in `checking`; it ends the check with
 * `VideoService.checked`.
 */
export type EncodedCheck = (trx: Transaction<DB>, video: { id: string; ownerId: string }) => Promise<void>
/** A check of a video being created, in its transaction (see `VideoService.checkCreates`). */
export type VideoCreateCheck = (trx: Transaction<DB>, video: { id: string; ownerId: string }) => Promise<void>
export const TRANSCODE_ATTEMPTS = 3

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

  /** Checks run before a video's playback is signed (payments' audiences); each may refuse. */
  private readonly playbackGates: ((viewer: string | null, row: VideoRow) => Promise<void>)[] = []
  gatePlayback(gate: (viewer: string | null, row: VideoRow) => Promise<void>): void {
    this.playbackGates.push(gate)
  }

  /** Who may see a video for subscribers in full (payments' entitlements; its owner until told). */
  private entitled: EntitlementCheck = creatorsOnly
  checkEntitlements(check: EntitlementCheck): void {
    this.entitled = check
  }

  /** The views of `rows` as `viewer` may see them: locked where the audience keeps them out. */
  private async viewsFor(viewer: string | null, rows: VideoRow[], progress: (number | null)[] = []) {
    const allowed = await this.entitled(
      viewer,
      rows.map((r) => ({ creatorId: r.ownerId, audience: r.audience, tierId: r.audienceTierId })),
    )
    return rows.map((r, i) => {
      const view = this.view(r, progress[i] ?? null)
      return allowed[i] ? view : lockedView(view)
    })
  }

  private check: EncodedCheck | undefined
  private readonly createChecks: VideoCreateCheck[] = []

  /**
   * Adds a check every new video runs in the transaction that creates it (moderation's hold of new
   * accounts' videos): what it does to the row is there before anyone can see the video.
   */
  checkCreates(check: VideoCreateCheck): void {
    this.createChecks.push(check)
  }

  /** Holds encoded videos in `checking` until `check`'s module calls `checked` (one module may). */
  checkAfterEncode(check: EncodedCheck): void {
    if (this.check) throw new Error('another module already checks encoded videos')
    this.check = check
  }

  /** Called by the transcode job once encoded: the check starts, or the video is ready now. */
  async encoded(trx: Transaction<DB>, video: { id: string; ownerId: string }): Promise<'checking' | 'ready'> {
    if (!this.check) return 'ready'
    await this.check(trx, video)
    return 'checking'
  }

  /**
   * The check's outcome (or a later change of it: a released claim): `ready`, or `blocked` (never
   * public; the owner still sees it), with `video.ready` / `video.blocked` in the same transaction.
   * Only an encoded video changes; false otherwise.
   */
  async checked(trx: Transaction<DB>, videoId: string, status: 'ready' | 'blocked'): Promise<boolean> {
    const before = await trx
      .selectFrom('videos')
      .select(['status', 'durationMs', 'outputs'])
      .where('id', '=', videoId)
      .where('status', 'in', ['checking', 'ready', 'blocked'])
      .where('status', '!=', status)
      .where('deletedAt', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return false
    const row = await trx
      .updateTable('videos')
      .set({ status, updatedAt: sql`now()` })
      .where('id', '=', videoId)
      .returning('ownerId')
      .executeTakeFirstOrThrow()
    // Ready for the first time: what `video.ready` says without a check (analytics counts it once).
    const renditions = (before.outputs as { renditions?: { name: string }[] } | null)?.renditions ?? []
    const data =
      before.status === 'checking' && status === 'ready'
        ? { durationMs: before.durationMs, renditions: renditions.map((r) => r.name) }
        : {}
    await appendEvents(
      trx,
      [
        domainEvent({
          type: status === 'ready' ? 'video.ready' : 'video.blocked',
          actorId: row.ownerId,
          subject: { kind: 'video', id: videoId },
          data,
        }),
      ],
      VIDEO_EVENTS.name,
    )
    return true
  }

  /** The API's view of a row, with its signed poster when it has one. */
  private view(row: VideoRow, progress: number | null = null): VideoView {
    return { ...viewOf(row, progress), poster: posterOf(row, this.deps.poster) }
  }

  /**
   * A video of `owner` from their upload, with its audience when made (`audienceColumns`): a video
   * for subscribers is one from its first row on.
   */
  async create(
    owner: string,
    input: VideoInput & { uploadId: string; audience?: Audience; audienceTierId?: string | null },
  ): Promise<VideoView> {
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
      const audience = await audienceColumns(
        trx,
        owner,
        { audience: input.audience, tierId: input.audienceTierId },
        'body.audienceTierId',
      )
      await trx
        .insertInto('videos')
        .values({
          ...values,
          id,
          ownerId: owner,
          uploadId: input.uploadId,
          title: values.title ?? '',
          visibility: values.visibility ?? input.visibility,
          ...audience,
          status: 'uploading',
        })
        .execute()
      for (const check of this.createChecks) await check(trx, { id, ownerId: owner })
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

  /**
   * Encodes the video again from its stored original (which the caller replaced: a copyright trim
   * cut claimed segments out), then checks it again; `processing` meanwhile.
   */
  async reprocess(trx: Transaction<DB>, videoId: string, owner: string): Promise<void> {
    await this.startProcessing(trx, videoId, owner)
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
    const [view] = await this.viewsFor(
      viewer,
      [row],
      [row.status === 'processing' ? await this.progressOf(id) : null],
    )
    return view!
  }

  /** The row, when `viewer` may see the video; 404 otherwise (whether it exists is not told). */
  async visibleRow(viewer: string | null, id: string): Promise<VideoRow> {
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
    // Not the outputs' list of files (thousands of segment names for a long video): the renditions
    // and thumbnails. Null, as the row has it, until the video is ready (uploading, processing,
    // failed): an object of nulls would read as outputs without renditions.
    const columns = Object.keys(LIST_COLUMNS).map((c) => `v.${c}` as const) as `v.${keyof VideoRow}`[]
    let q = this.deps.db
      .selectFrom('videos as v')
      .select(columns)
      .select(
        sql<Json | null>`case when v.outputs is null then null else jsonb_build_object(
          'renditions', v.outputs -> 'renditions', 'thumbnails', v.outputs -> 'thumbnails') end`.as(
          'outputs',
        ),
      )
      .where('v.ownerId', '=', ownerId)
      .where(visibleTo(viewer))
    if (viewer !== ownerId) q = q.where('v.visibility', '!=', 'unlisted')
    const rows = (await q
      .$call(newestFirst('v.createdAt', 'v.id', decodeCursor(cursor), limit))
      .execute()) as VideoRow[]
    const views = new Map((await this.viewsFor(viewer, rows.slice(0, limit))).map((v) => [v.id, v]))
    return page(
      rows,
      limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => views.get(r.id)!,
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

  /** Signed URLs to play the video, for a viewer who may see it (see playbackFor). */
  async playback(
    viewer: string | null,
    id: string,
    country: string | null,
    signer: PlaybackSigner,
    opts: { baseUrl: string; ttlSeconds: number },
  ): Promise<Playback> {
    const row = await this.visibleRow(viewer, id)
    for (const gate of this.playbackGates) await gate(viewer, row)
    return playbackFor(this.deps.db, viewer, row, country, signer, opts)
  }

  /** A report of watch time from a player, for a video the viewer may play (see watch-time.ts). */
  async recordView(
    viewer: string | null,
    anonymousKey: string,
    id: string,
    watchedSeconds: number,
    opts: ViewWindow,
  ): Promise<ViewCount> {
    const row = await this.visibleRow(viewer, id)
    // Watch time of a video one may not play (its audience) is not counted.
    for (const gate of this.playbackGates) await gate(viewer, row)
    return recordView(this.deps.db, row, id, { viewer, anonymousKey, watchedSeconds }, opts)
  }

  /** Tells the owner's connections (after the change committed). */
  announce(row: VideoRow): void {
    this.deps.live.publish(`user:${row.ownerId}`, 'video', this.view(row))
  }
}

/** Removes every stored file of a video. */
export function removeFiles(storage: Storage, videoId: string): Promise<number> {
  return storage.deletePrefix(`videos/${videoId}/`)
}
