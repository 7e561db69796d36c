import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FileStore } from '@tus/file-store'
import { Server } from '@tus/server'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, type ProblemKind, problemResponse, problems, toProblem } from '../platform/errors.ts'
import type { Authenticator } from '../platform/http/access.ts'
import { allowedOrigin, type CorsPolicy } from '../platform/http/cors.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { EncodeBudget } from './encode-budget.ts'
import { SNIFF_BYTES, sniffMediaType } from './sniff.ts'
import type { NatsUploadLocker } from './upload-lock.ts'

export const UPLOADS_PATH = '/v1/uploads'

export const uploadProblems = {
  quota: defineProblem(413, 'upload_quota_exceeded', 'The upload would exceed your quota'),
  notMedia: defineProblem(415, 'unsupported_media', 'The file is not a video or audio file we can read'),
  inUse: defineProblem(409, 'upload_in_use', 'A video uses this upload'),
  encodeBudget: defineProblem(429, 'encode_budget_exceeded', 'Your daily encoding budget is used up'),
}

/** The header through which the authenticated owner reaches tus's hooks (a client's copy is dropped). */
const OWNER_HEADER = 'x-socialflow-upload-owner'
const UPLOAD_ID = /^[0-9a-f-]{36}$/

export interface UploadLimits {
  maxBytes: number
  dailyBytes: number
  totalBytes: number
}

class Refusal {
  constructor(
    readonly status_code: number,
    readonly body: string,
  ) {}
}

function refuse(kind: ProblemKind, detail: string): Refusal {
  return new Refusal(kind.status, JSON.stringify(toProblem(kind, detail)))
}

/**
 * Resumable uploads, tus 1.0 (creation, termination, expiration... as @tus/server implements
 * them) under /v1/uploads, for signed-in users only. On top of the protocol: each upload is a row
 * (its owner, declared size, the type read from its bytes); the daily and total quotas are
 * checked on creation under a per-owner lock, and a user past their daily encoding budget may not
 * begin one (429 with Retry-After: it could not be encoded); only the owner may resume, read or end an upload;
 * the type is read from the first bytes as soon as they are on disk (a later PATCH, or the end)
 * and a file that is not media is refused and removed. Bytes land in UPLOADS_DIR, which every API
 * node must share (or uploads must stick to one node); the worker reads them from there.
 */
export class UploadService {
  private readonly tus: Server

  constructor(
    private readonly deps: {
      db: Kysely<DB>
      authenticator: Authenticator
      log: Logger
      dir: string
      limits: UploadLimits
      /** Unfinished uploads are removed this long after they were created. */
      expiryMs: number
      /** Serialises the requests of one upload across nodes. */
      locker: NatsUploadLocker
      /** CORS_ORIGINS: tus answers browsers from these origins only, like every other route. */
      cors: CorsPolicy
      /** Where each user stands against the daily encoding budget. */
      budget: Pick<EncodeBudget, 'standing'>
      /** Called, in the transaction that marks it complete, once an upload has all its bytes. */
      onComplete(trx: Transaction<DB>, uploadId: string): Promise<void>
    },
  ) {
    this.tus = new Server({
      path: UPLOADS_PATH,
      datastore: new FileStore({ directory: deps.dir, expirationPeriodInMilliseconds: deps.expiryMs }),
      maxSize: deps.limits.maxBytes,
      locker: deps.locker,
      relativeLocation: true,
      // tus's own CORS headers follow CORS_ORIGINS (left alone it answers `*` to every origin).
      allowedOrigins: (origin: string) => allowedOrigin(deps.cors, origin) !== undefined,
      allowedCredentials: deps.cors.allowCredentials,
      namingFunction: () => newId(),
      onUploadCreate: async (req, upload) => {
        await this.reserve(ownerOf(req), upload.id, upload.size, upload.metadata?.filename ?? null)
        return {}
      },
      onIncomingRequest: async (req, uploadId) => {
        if (req.method === 'POST' || req.method === 'OPTIONS') return
        if (req.method === 'DELETE') return this.terminate(ownerOf(req), uploadId)
        const row = await this.checkAccess(ownerOf(req), uploadId)
        if (req.method === 'PATCH') await this.sniff(uploadId, false, row)
      },
      onUploadFinish: async (_req, upload) => {
        await this.sniff(upload.id, true)
        // Complete and, when a video waits for it, processing: both or neither.
        await deps.db.transaction().execute(async (trx) => {
          const done = await trx
            .updateTable('uploads')
            .set({ state: 'complete', completedAt: sql`now()` })
            .where('id', '=', upload.id)
            .where('state', '=', 'receiving')
            .returning('id')
            .executeTakeFirst()
          if (done) await deps.onComplete(trx, upload.id)
        })
        return {}
      },
      onResponseError: (_req, error) => {
        if (error instanceof Refusal) return undefined
        if ('status_code' in error && error.status_code < 500) return undefined
        // Not the client's doing: logged here, told in general terms (no paths or internals).
        deps.log.error({ err: error }, 'upload request failed')
        return {
          status_code: 500,
          body: JSON.stringify(toProblem(problems.internal, 'The upload could not be stored; try again')),
        }
      },
    })
  }

  /**
   * Termination (DELETE) of an upload of the owner's that no video uses: recorded first, under
   * the row's lock (a video created at the same moment waits, then finds it deleted); tus then
   * removes the bytes. The id is the one tus decoded from the path.
   */
  private async terminate(owner: string, uploadId: string): Promise<void> {
    if (!UPLOAD_ID.test(uploadId)) throw refuse(problems.notFound, 'No such upload')
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('uploads')
        .select(['ownerId', 'state'])
        .where('id', '=', uploadId)
        .forUpdate()
        .executeTakeFirst()
      if (!row || row.ownerId !== owner || row.state === 'deleted')
        throw refuse(problems.notFound, 'No such upload')
      const used = await trx
        .selectFrom('videos')
        .select('id')
        .where('uploadId', '=', uploadId)
        .executeTakeFirst()
      if (used) throw refuse(uploadProblems.inUse, 'Delete the video instead')
      await trx.updateTable('uploads').set({ state: 'deleted' }).where('id', '=', uploadId).execute()
    })
  }

  /**
   * Removes unfinished uploads past their expiry (bytes and rows), so that they stop counting
   * against the total quota and the disk. Run by the worker (UPLOADS_DIR is shared).
   */
  async expire(): Promise<number> {
    await this.tus.cleanUpExpiredUploads().catch((error) => {
      this.deps.log.warn({ err: error }, 'expired uploads not all removed')
    })
    const expired = await this.deps.db
      .updateTable('uploads')
      .set({ state: 'deleted' })
      .where('state', '=', 'receiving')
      .where('createdAt', '<', new Date(Date.now() - this.deps.expiryMs))
      .returning('id')
      .execute()
    for (const { id } of expired) await this.discard(id)
    return expired.length
  }

  /** The local file of a complete upload. */
  path(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new Error(`not an upload id: ${uploadId}`)
    return join(this.deps.dir, uploadId)
  }

  /**
   * A complete upload of `owner`'s made of a file already on this machine (a live stream's
   * recording): the file is moved into UPLOADS_DIR under a new id and its type read from its bytes,
   * as a tus upload's would be. Returns the upload's id, for `VideoService.create`.
   */
  async adopt(owner: string, file: string, filename: string): Promise<string> {
    const id = newId()
    const path = this.path(id)
    await mkdir(this.deps.dir, { recursive: true })
    await rename(file, path).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error
      await copyFile(file, path)
      await rm(file, { force: true })
    })
    const { size } = await stat(path)
    const detectedType = sniffMediaType(await readHead(path, SNIFF_BYTES))
    await this.deps.db
      .insertInto('uploads')
      .values({
        id,
        ownerId: owner,
        sizeBytes: size,
        filename: filename.slice(0, 255),
        detectedType,
        state: 'complete',
        completedAt: new Date(),
      })
      .execute()
    return id
  }

  /** Removes the bytes (after processing moved them to storage, or when the video is deleted). */
  async discard(uploadId: string): Promise<void> {
    await rm(this.path(uploadId), { force: true })
    await rm(`${this.path(uploadId)}.json`, { force: true })
  }

  async handle(request: Request): Promise<Response> {
    const headers = new Headers(request.headers)
    headers.delete(OWNER_HEADER)
    if (request.method !== 'OPTIONS') {
      const principal = await this.deps.authenticator.authenticate(request)
      if (!principal)
        return problemResponse(toProblem(problems.unauthenticated, 'Sign in to upload'), {
          'www-authenticate': 'Bearer',
        })
      headers.set(OWNER_HEADER, principal.userId)
      if (request.method === 'POST') {
        const refused = await this.overBudget(principal.userId)
        if (refused) return refused
      }
    }
    const forwarded = new Request(request.url, {
      method: request.method,
      headers,
      body: endWhenCutOff(request.body),
      duplex: 'half',
    } as RequestInit)
    const response = await this.tus.handleWeb(forwarded)
    return asProblem(response)
  }

  /** The refusal of a new upload while its owner is past the daily encoding budget. */
  private async overBudget(owner: string): Promise<Response | undefined> {
    const standing = await this.deps.budget.standing(owner)
    if (!standing.underAgainAt) return undefined
    const seconds = Math.max(1, Math.ceil((standing.underAgainAt.getTime() - Date.now()) / 1000))
    const detail =
      `Your videos of the last 24 hours used ${Math.ceil(standing.used)} s of encoding (counted at ` +
      `1080p30) of your ${standing.daily} a day; new uploads are accepted again after ` +
      standing.underAgainAt.toISOString()
    return problemResponse(toProblem(uploadProblems.encodeBudget, detail), {
      'retry-after': String(seconds),
      'tus-resumable': '1.0.0',
    })
  }

  /** Creation: quotas under a per-owner lock, then the row. */
  private async reserve(owner: string, id: string, size: number | undefined, filename: string | null) {
    const { db, limits } = this.deps
    if (size === undefined)
      throw refuse(problems.validation, 'Upload-Length is required (deferred lengths are not accepted)')
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`uploads:${owner}`}, 0))`.execute(trx)
      const used = await trx
        .selectFrom('uploads')
        .select([
          sql<string>`coalesce(sum(size_bytes) filter (where created_at > now() - interval '1 day'), 0)`.as(
            'day',
          ),
          sql<string>`coalesce(sum(size_bytes) filter (where state in ('receiving', 'complete')), 0)`.as(
            'total',
          ),
        ])
        // Every upload of the day counts, refused and deleted ones too (their bytes were sent).
        .where('ownerId', '=', owner)
        .executeTakeFirstOrThrow()
      const day = Number(used.day)
      const total = Number(used.total)
      if (day + size > limits.dailyBytes)
        throw refuse(
          uploadProblems.quota,
          `Daily quota: ${Math.max(0, limits.dailyBytes - day)} bytes left today`,
        )
      if (total + size > limits.totalBytes)
        throw refuse(
          uploadProblems.quota,
          `Total quota: ${Math.max(0, limits.totalBytes - total)} bytes left`,
        )
      await trx
        .insertInto('uploads')
        .values({ id, ownerId: owner, sizeBytes: size, filename: filename?.slice(0, 255) ?? null })
        .execute()
    })
  }

  private async checkAccess(owner: string, uploadId: string) {
    const row = UPLOAD_ID.test(uploadId)
      ? await this.deps.db
          .selectFrom('uploads')
          .select(['ownerId', 'state', 'refusal', 'detectedType', 'sizeBytes'])
          .where('id', '=', uploadId)
          .executeTakeFirst()
      : undefined
    if (!row || row.ownerId !== owner || row.state === 'deleted')
      throw refuse(problems.notFound, 'No such upload')
    if (row.state === 'refused') throw refuse(uploadProblems.notMedia, row.refusal ?? 'Refused')
    return row
  }

  /**
   * Reads the type from the first bytes once they are there (`final`: all bytes are). A file
   * that is not media is refused: its bytes are removed and every later request says why.
   */
  private async sniff(
    uploadId: string,
    final: boolean,
    known?: { detectedType: string | null; sizeBytes: string | number | bigint },
  ): Promise<void> {
    const row =
      known ??
      (await this.deps.db
        .selectFrom('uploads')
        .select(['detectedType', 'sizeBytes'])
        .where('id', '=', uploadId)
        .executeTakeFirst())
    if (!row || row.detectedType) return
    const head = await readHead(this.path(uploadId), SNIFF_BYTES)
    if (!final && head.length < Math.min(SNIFF_BYTES, Number(row.sizeBytes))) return
    const type = sniffMediaType(head)
    if (type) {
      await this.deps.db
        .updateTable('uploads')
        .set({ detectedType: type })
        .where('id', '=', uploadId)
        .execute()
      return
    }
    const reason = 'The file is not a video or audio file we can read (checked from its first bytes)'
    await this.deps.db
      .updateTable('uploads')
      .set({ state: 'refused', refusal: reason })
      .where('id', '=', uploadId)
      .execute()
    await this.discard(uploadId)
    throw refuse(uploadProblems.notMedia, reason)
  }
}

/**
 * The body, ended (not failed) when the client's connection drops: tus then stores the bytes that
 * arrived and the client resumes from there. (@tus/server does this itself only on Node's http
 * module; through `handleWeb` a failed body stream would discard the chunk in flight.)
 */
function endWhenCutOff(body: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | null {
  if (!body) return null
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      } catch {
        controller.close()
      }
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}

function ownerOf(req: { headers: Headers }): string {
  const owner = req.headers.get(OWNER_HEADER)
  if (!owner) throw refuse(problems.unauthenticated, 'Sign in to upload')
  return owner
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const file = await open(path, 'r').catch(() => null)
  if (!file) return new Uint8Array()
  try {
    const buffer = new Uint8Array(bytes)
    const { bytesRead } = await file.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

/** tus answers errors in plain text; the API answers RFC 9457 problems everywhere. */
async function asProblem(response: Response): Promise<Response> {
  if (response.status < 400) return response
  const text = await response.text()
  if (text.startsWith('{')) {
    return new Response(text, { status: response.status, headers: withType(response.headers) })
  }
  const kind: ProblemKind =
    response.status === 404
      ? problems.notFound
      : response.status === 413
        ? problems.payloadTooLarge
        : response.status === 409
          ? {
              status: 409,
              code: 'upload_offset_conflict',
              title: 'Upload-Offset does not match the bytes received',
            }
          : {
              status: response.status,
              code: 'upload_protocol_error',
              title: 'The upload request was refused',
            }
  const problem = toProblem(kind, text.trim() || kind.title)
  return new Response(JSON.stringify(problem), {
    status: response.status,
    headers: withType(response.headers),
  })
}

function withType(headers: Headers): Headers {
  const h = new Headers(headers)
  h.set('content-type', 'application/problem+json')
  h.delete('content-length')
  return h
}
