import { type Kysely, sql, type Transaction } from 'kysely'
import sharp from 'sharp'
import type { DB, Json } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Storage } from '../platform/storage.ts'
import { deleteExpiredUnattached, lockOwnerUploads, unattachedOf } from './unattached.ts'

export const mediaProblems = {
  notAnImage: defineProblem(415, 'unsupported_image', 'Send a JPEG, PNG, WebP, GIF or AVIF image'),
  tooLarge: defineProblem(413, 'image_too_large', 'The image is too large'),
  tooManyUnattached: defineProblem(
    429,
    'unattached_media_limit',
    'Too many images not attached to a post: attach some, or wait for them to expire',
  ),
}

const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'])
export const MAX_PIXELS = 40_000_000
/** Renditions kept of every image; the largest stands in for the original (metadata removed). */
const VARIANTS = [
  { name: 'small', size: 400 },
  { name: 'large', size: 1600 },
] as const
/** Expired images removed per round of the expiry loop. */
const EXPIRY_BATCH = 200

export interface Variant {
  name: string
  width: number
  height: number
  key: string
  contentType: string
  sizeBytes: number
}

/** Who asks for an image's files: its owner and reviewers see held and removed images. */
export interface ImageViewer {
  userId: string
  reviewer: boolean
}

/**
 * A check every stored upload goes through (moderation's screening), in a transaction of its own
 * once the files are stored, before the id is handed to the uploader.
 */
export type ImageUploadCheck = (trx: Transaction<DB>, image: { id: string; ownerId: string }) => Promise<void>

/** Moderation states under which an image's files are kept from everyone but its owner and reviewers. */
const HIDDEN = new Set(['held', 'removed'])

export interface ImageLimits {
  /** Images not attached to a post are removed this long after their upload. */
  unattachedHours: number
  /** Images one user may hold unattached at once. */
  unattachedMax: number
}

/**
 * Images for posts: the type is read from the bytes (never the client's word), decoding is capped
 * in pixels, the picture is turned upright from its EXIF orientation and re-encoded as WebP in
 * two sizes, which drops every piece of metadata (GPS position included). An image attached to no
 * post counts against its owner's quota until it is attached, and is removed after
 * MEDIA_UNATTACHED_HOURS (`expireUnattached`, run by the worker).
 */
export class ImageService {
  /** Expired images removed per call of `expireUnattached`. */
  readonly expiryBatch = EXPIRY_BATCH
  private readonly checks: ImageUploadCheck[] = []

  constructor(
    private readonly db: Kysely<DB>,
    private readonly storage: Storage,
    private readonly limits: ImageLimits,
    private readonly log?: Logger,
  ) {}

  /** Adds a check every upload runs once stored (see ImageUploadCheck). */
  checkUploads(check: ImageUploadCheck): void {
    this.checks.push(check)
  }

  async upload(owner: string, bytes: Uint8Array, altText: string | null) {
    await readHeader(bytes)
    // Refused before the costly decoding, and again under the owner's lock before the insert.
    await this.checkQuota(this.db, owner)
    const id = newId()
    const renditions = await render(id, bytes)
    const variants = renditions.map((r) => r.variant)
    const large = variants.at(-1)!
    // The row before the files: an insert that fails leaves nothing in storage, and every file
    // stored belongs to a row, which the expiry removes if no post ever takes it.
    await this.db.transaction().execute(async (trx) => {
      await lockOwnerUploads(trx, owner)
      await this.checkQuota(trx, owner)
      await trx
        .insertInto('media')
        .values({
          id,
          ownerId: owner,
          contentType: 'image/webp',
          width: large.width,
          height: large.height,
          sizeBytes: bytes.length,
          altText: altText?.trim() || null,
          variants: sql<Json>`${JSON.stringify(variants)}::text::jsonb`,
        })
        .execute()
    })
    try {
      for (const r of renditions) await this.storage.put(r.variant.key, r.data, r.variant.contentType)
    } catch (error) {
      await this.db.deleteFrom('media').where('id', '=', id).where('postId', 'is', null).execute()
      await this.removeFiles(id)
      throw error
    }
    if (this.checks.length > 0)
      await this.db.transaction().execute(async (trx) => {
        for (const check of this.checks) await check(trx, { id, ownerId: owner })
      })
    return view({ id, altText: altText?.trim() || null, width: large.width, height: large.height, variants })
  }

  /**
   * Removes a batch of images attached to no post for MEDIA_UNATTACHED_HOURS: the rows first, then
   * their files. Resolves with how many went (a full batch means more may be waiting).
   */
  async expireUnattached(limit = EXPIRY_BATCH): Promise<number> {
    const expired = await deleteExpiredUnattached(this.db, this.limits.unattachedHours, limit)
    for (const id of expired) await this.removeFiles(id)
    return expired.length
  }

  private async checkQuota(db: Kysely<DB> | Transaction<DB>, owner: string): Promise<void> {
    const { unattachedHours, unattachedMax } = this.limits
    const held = await unattachedOf(db, owner, unattachedHours)
    if (held.count < unattachedMax) return
    throw new HttpError(
      mediaProblems.tooManyUnattached,
      `At most ${unattachedMax} images may wait unattached to a post; attach one, or wait: unattached images are removed ${unattachedHours} h after their upload`,
      {
        limit: unattachedMax,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(held.oldestExpiresInSeconds))) },
      },
    )
  }

  /** Every file of an image (under `media/<id>/`); best effort: one left behind is logged, not in the way. */
  private async removeFiles(id: string): Promise<void> {
    await this.storage
      .deletePrefix(mediaPrefix(id))
      .catch((error) => this.log?.warn({ err: error, mediaId: id }, 'media files not removed'))
  }

  /**
   * An image's file. Held and removed images (moderation) are served to their owner and reviewers
   * only, and then not for caching (`moderated`).
   */
  async file(
    id: string,
    variant: string,
    viewer: ImageViewer | null,
  ): Promise<{ blob: Blob; contentType: string; moderated: boolean }> {
    const row = await this.db
      .selectFrom('media')
      .select(['variants', 'ownerId', 'moderation'])
      .where('id', '=', id)
      .executeTakeFirst()
    const hidden = !!row?.moderation && HIDDEN.has(row.moderation)
    const allowed = !hidden || (!!viewer && (viewer.reviewer || viewer.userId === row?.ownerId))
    const found = allowed
      ? (row?.variants as Variant[] | undefined)?.find((v) => v.name === variant)
      : undefined
    const blob = found ? await this.storage.get(found.key) : null
    if (!found || !blob) throw new HttpError(problems.notFound, 'No such image')
    return { blob, contentType: found.contentType, moderated: row?.moderation !== null }
  }
}

export function view(m: {
  id: string
  altText: string | null
  width: number
  height: number
  variants: Variant[]
}) {
  return {
    id: m.id,
    type: 'image' as const,
    altText: m.altText,
    width: m.width,
    height: m.height,
    urls: Object.fromEntries(m.variants.map((v) => [v.name, `/v1/media/${m.id}/${v.name}`])) as Record<
      string,
      string
    >,
  }
}

/**
 * Reads the type and size from the header alone (nothing is decoded, so no pixel cap is needed
 * here): what is not an image is a 415, an image past MAX_PIXELS a 413 naming the limit.
 */
async function readHeader(bytes: Uint8Array): Promise<void> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch {
    throw new HttpError(mediaProblems.notAnImage, 'The file is not an image we can read')
  }
  if (!meta.format || !FORMATS.has(meta.format)) throw new HttpError(mediaProblems.notAnImage)
  const pixels = (meta.width ?? 0) * (meta.height ?? 0)
  if (pixels > MAX_PIXELS) {
    throw new HttpError(
      mediaProblems.tooLarge,
      `At most ${MAX_PIXELS / 1e6} megapixels (${MAX_PIXELS} pixels); this image has ${pixels} (${meta.width} × ${meta.height})`,
      { maxPixels: MAX_PIXELS },
    )
  }
}

/** The renditions, made in memory (nothing is stored yet); a 415 when the image cannot be decoded. */
async function render(id: string, bytes: Uint8Array): Promise<{ variant: Variant; data: Buffer }[]> {
  const out: { variant: Variant; data: Buffer }[] = []
  try {
    for (const v of VARIANTS) {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize({ width: v.size, height: v.size, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true })
      const variant = {
        name: v.name,
        width: info.width,
        height: info.height,
        key: `${mediaPrefix(id)}${v.name}.webp`,
        contentType: 'image/webp',
        sizeBytes: data.length,
      }
      out.push({ variant, data })
    }
  } catch {
    throw new HttpError(mediaProblems.notAnImage, 'The image could not be decoded')
  }
  return out
}

/** Where an image's files are kept: all of them under one prefix, removed together. */
function mediaPrefix(id: string): string {
  return `media/${id}/`
}
