import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import sharp from 'sharp'
import type { DB, Json } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import type { Storage } from '../platform/storage.ts'

export const mediaProblems = {
  notAnImage: defineProblem(415, 'unsupported_image', 'Send a JPEG, PNG, WebP, GIF or AVIF image'),
  tooLarge: defineProblem(413, 'image_too_large', 'The image is too large'),
}

const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'])
const MAX_PIXELS = 40_000_000
/** Renditions kept of every image; the largest stands in for the original (metadata removed). */
const VARIANTS = [
  { name: 'small', size: 400 },
  { name: 'large', size: 1600 },
] as const

export interface Variant {
  name: string
  width: number
  height: number
  key: string
  contentType: string
  sizeBytes: number
}

/**
 * Images for posts: the type is read from the bytes (never the client's word), decoding is capped
 * in pixels, the picture is turned upright from its EXIF orientation and re-encoded as WebP in
 * two sizes, which drops every piece of metadata (GPS position included).
 */
export class ImageService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly storage: Storage,
  ) {}

  async upload(owner: string, bytes: Uint8Array, altText: string | null) {
    let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>
    try {
      meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata()
    } catch {
      throw new HttpError(mediaProblems.notAnImage, 'The file is not an image we can read')
    }
    if (!meta.format || !FORMATS.has(meta.format)) throw new HttpError(mediaProblems.notAnImage)
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_PIXELS) {
      throw new HttpError(mediaProblems.tooLarge, `At most ${MAX_PIXELS / 1e6} megapixels`)
    }
    const id = newId()
    const variants: Variant[] = []
    try {
      for (const v of VARIANTS) {
        const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
          .rotate()
          .resize({ width: v.size, height: v.size, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 82 })
          .toBuffer({ resolveWithObject: true })
        const key = `media/${id}/${v.name}.webp`
        await this.storage.put(key, data, 'image/webp')
        variants.push({
          name: v.name,
          width: info.width,
          height: info.height,
          key,
          contentType: 'image/webp',
          sizeBytes: data.length,
        })
      }
    } catch (error) {
      for (const v of variants) await this.storage.delete(v.key)
      if (error instanceof HttpError) throw error
      throw new HttpError(mediaProblems.notAnImage, 'The image could not be decoded')
    }
    const large = variants.at(-1)!
    await this.db
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
    return view({ id, altText: altText?.trim() || null, width: large.width, height: large.height, variants })
  }

  async file(id: string, variant: string): Promise<{ blob: Blob; contentType: string }> {
    const row = await this.db.selectFrom('media').select(['variants']).where('id', '=', id).executeTakeFirst()
    const found = (row?.variants as Variant[] | undefined)?.find((v) => v.name === variant)
    const blob = found ? await this.storage.get(found.key) : null
    if (!found || !blob) throw new HttpError(problems.notFound, 'No such image')
    return { blob, contentType: found.contentType }
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
