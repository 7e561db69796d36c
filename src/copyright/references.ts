import { type Kysely, type Selectable, sql } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import type { CopyrightReferences, DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { unindexReference } from './matcher.ts'
import { checkPolicies, type Policies } from './policies.ts'

export const FINGERPRINT_JOB = 'copyright.fingerprint'

export type ReferenceKind = 'audio' | 'video' | 'both'

export interface ReferenceInput {
  title?: string
  kind?: ReferenceKind
  policies?: Policies
  minMatchSeconds?: number
}

export interface ReferenceView {
  id: string
  holderId: string
  title: string
  kind: ReferenceKind
  policies: Policies
  minMatchSeconds: number
  source: { uploadId: string | null; videoId: string | null }
  status: 'fingerprinting' | 'active' | 'failed'
  failureReason: string | null
  jobId: string | null
  durationMs: number | null
  audioFrames: number
  videoFrames: number
  createdAt: string
  updatedAt: string
}

type Row = Selectable<CopyrightReferences>
const COLUMNS = [
  'id',
  'holderId',
  'title',
  'kind',
  'policies',
  'minMatchSeconds',
  'sourceUploadId',
  'sourceVideoId',
  'status',
  'failureReason',
  'jobId',
  'durationMs',
  'createdAt',
  'updatedAt',
] as const
type Listed = Pick<Row, (typeof COLUMNS)[number]> & { audioFrames: number | null; videoFrames: number | null }

function viewOf(r: Listed): ReferenceView {
  return {
    id: r.id,
    holderId: r.holderId,
    title: r.title,
    kind: r.kind as ReferenceKind,
    policies: r.policies as Policies,
    minMatchSeconds: r.minMatchSeconds,
    source: { uploadId: r.sourceUploadId, videoId: r.sourceVideoId },
    status: r.status as ReferenceView['status'],
    failureReason: r.failureReason,
    jobId: r.jobId,
    durationMs: r.durationMs,
    audioFrames: r.audioFrames ?? 0,
    videoFrames: r.videoFrames ?? 0,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

function checkTitle(title: string | undefined): string | undefined {
  if (title === undefined) return undefined
  const t = title.trim()
  if (!t) throw fieldError('body.title', 'must not be empty')
  return t
}

/**
 * A rightsholder's references: made from a finished upload of theirs or one of their videos,
 * fingerprinted by a job (FINGERPRINT_JOB), then matched against every video checked. Holders
 * see and change their own; admins (`admin:copyright`) anyone's.
 */
export class References {
  constructor(private readonly deps: { db: Kysely<DB>; queue: JobQueue }) {}

  private select(db: Kysely<DB>) {
    return db
      .selectFrom('copyrightReferences')
      .select(COLUMNS)
      .select([
        sql<number | null>`cardinality(audio_fp)`.as('audioFrames'),
        sql<number | null>`cardinality(video_fp)`.as('videoFrames'),
      ])
      .where('deletedAt', 'is', null)
  }

  async create(
    holder: string,
    input: ReferenceInput & { uploadId?: string; videoId?: string },
  ): Promise<ReferenceView> {
    if (!input.uploadId === !input.videoId)
      throw fieldError('body.uploadId', 'give exactly one of uploadId and videoId')
    const title = checkTitle(input.title)
    if (!title) throw fieldError('body.title', 'is required')
    const policies = checkPolicies(input.policies ?? { '*': 'track' })
    const id = newId()
    return this.deps.db.transaction().execute(async (trx) => {
      if (input.uploadId) {
        const upload = await trx
          .selectFrom('uploads')
          .select(['ownerId', 'state'])
          .where('id', '=', input.uploadId)
          .executeTakeFirst()
        if (!upload || upload.ownerId !== holder)
          throw fieldError('body.uploadId', 'no upload of yours has this id')
        if (upload.state !== 'complete')
          throw new HttpError(problems.conflict, `The upload is ${upload.state}, not complete`)
      } else {
        const video = await trx
          .selectFrom('videos')
          .select(['ownerId', 'status'])
          .where('id', '=', input.videoId!)
          .where('deletedAt', 'is', null)
          .executeTakeFirst()
        if (!video || video.ownerId !== holder)
          throw fieldError('body.videoId', 'no video of yours has this id')
        if (!['checking', 'ready', 'blocked'].includes(video.status))
          throw new HttpError(problems.conflict, `The video is ${video.status}: wait until it is encoded`)
      }
      const jobId = await this.deps.queue.enqueue(trx, {
        kind: FINGERPRINT_JOB,
        payload: { referenceId: id },
        ownerId: holder,
        maxAttempts: 3,
      })
      await trx
        .insertInto('copyrightReferences')
        .values({
          id,
          holderId: holder,
          title,
          kind: input.kind ?? 'both',
          policies: sql<Json>`${JSON.stringify(policies)}::text::jsonb`,
          minMatchSeconds: input.minMatchSeconds ?? 10,
          sourceUploadId: input.uploadId ?? null,
          sourceVideoId: input.videoId ?? null,
          status: 'fingerprinting',
          jobId,
        })
        .execute()
      return viewOf(await this.select(trx).where('id', '=', id).executeTakeFirstOrThrow())
    })
  }

  /** One reference, for its holder or an admin (404 for anyone else). */
  async get(viewer: { id: string; admin: boolean }, id: string): Promise<ReferenceView> {
    let q = this.select(this.deps.db).where('id', '=', id)
    if (!viewer.admin) q = q.where('holderId', '=', viewer.id)
    const row = await q.executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such reference of yours')
    return viewOf(row)
  }

  async list(holder: string, cursor: string | undefined, limit: number) {
    const rows = await this.select(this.deps.db)
      .where('holderId', '=', holder)
      .$call(newestFirst('createdAt', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), viewOf)
  }

  async update(
    viewer: { id: string; admin: boolean },
    id: string,
    patch: ReferenceInput,
  ): Promise<ReferenceView> {
    const title = checkTitle(patch.title)
    const policies = patch.policies && checkPolicies(patch.policies)
    await this.get(viewer, id)
    await this.deps.db
      .updateTable('copyrightReferences')
      .set({
        ...(title ? { title } : {}),
        ...(policies ? { policies: sql<Json>`${JSON.stringify(policies)}::text::jsonb` } : {}),
        ...(patch.minMatchSeconds !== undefined ? { minMatchSeconds: patch.minMatchSeconds } : {}),
        updatedAt: sql`now()`,
      })
      .where('id', '=', id)
      .execute()
    return this.get(viewer, id)
  }

  /** Deleted: out of the index at once; claims already made stay as they are. */
  async delete(viewer: { id: string; admin: boolean }, id: string): Promise<void> {
    await this.get(viewer, id)
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('copyrightReferences')
        .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
        .where('id', '=', id)
        .execute()
      await unindexReference(trx, id)
    })
  }
}
