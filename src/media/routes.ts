import { Elysia, t } from 'elysia'
import type { Authorizer, accessControl } from '../platform/http/access.ts'
import { Integer } from '../platform/http/integer.ts'
import { problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import { type Limit, readRateLimits } from '../platform/rate-limit.ts'
import type { ImageService } from './images.ts'

export const MediaSchema = t.Object({
  id: t.String(),
  type: t.Literal('image'),
  altText: t.Nullable(t.String()),
  width: Integer(),
  height: Integer(),
  urls: t.Record(t.String(), t.String(), {
    description: 'small (400 px) and large (1600 px) WebP renditions',
  }),
})

/** Per-user limit of image uploads (each decoded and resized: the costliest write; RATE_LIMITS may change it). */
export const mediaRateLimits = {
  ...readRateLimits,
  'media.upload': { limit: 100, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** POST /v1/media (images for posts) and the files themselves. */
export function mediaRoutes(deps: {
  images: ImageService
  access: ReturnType<typeof accessControl>
  authorize: Authorizer
  rateLimits: RateLimitPlugin<keyof typeof mediaRateLimits>
  maxBytes: number
}) {
  const { images } = deps
  return new Elysia({ name: 'media-routes', detail: { tags: ['media'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/media',
      async ({ principal, body, set }) => {
        set.status = 201
        return images.upload(
          principal.userId,
          new Uint8Array(await body.file.arrayBuffer()),
          body.altText ?? null,
        )
      },
      {
        permission: 'social:write',
        rateLimit: 'media.upload',
        body: t.Object({
          file: t.File({ maxSize: deps.maxBytes }),
          altText: t.Optional(
            t.String({ maxLength: 1500, description: 'Describe the image for people who cannot see it' }),
          ),
        }),
        response: { 201: MediaSchema },
        detail: {
          summary: 'Upload an image (multipart/form-data) to attach to a post with mediaIds',
          description:
            'The type is read from the bytes; EXIF (location included) is removed; 400 and 1600 px WebP renditions are made. ' +
            'At most 40 megapixels (413 with maxPixels). An image no post takes within MEDIA_UNATTACHED_HOURS is removed; ' +
            'past MEDIA_UNATTACHED_MAX unattached images, uploads get 429 (Retry-After: when the oldest expires).',
          responses: problemResponses(401, 413, 415, 422, 429),
        },
      },
    )
    .get(
      '/media/:id/:variant',
      async ({ params, set, viewer }) => {
        const who = viewer && { userId: viewer.userId, reviewer: deps.authorize(viewer, 'moderation:review') }
        const { blob, contentType, moderated } = await images.file(params.id, params.variant, who)
        set.headers['content-type'] = contentType
        // What moderation acted on may change again (held, then approved): not kept by caches.
        set.headers['cache-control'] = moderated ? 'private, no-store' : 'public, max-age=31536000, immutable'
        return blob
      },
      {
        rateLimit: 'api.files',
        viewer: true,
        params: t.Object({
          id: t.String({ format: 'uuid' }),
          variant: t.Union([t.Literal('small'), t.Literal('large')]),
        }),
        detail: {
          summary: 'An image rendition (cacheable forever: a new upload gets a new id)',
          description:
            'An image held or removed by moderation is served only to its owner and moderators (a token is then needed); others get 404.',
          responses: {
            200: {
              description: 'The image (WebP)',
              content: { 'image/webp': { schema: { type: 'string' as const, format: 'binary' } } },
            },
            ...problemResponses(404),
          },
        },
      },
    )
}
