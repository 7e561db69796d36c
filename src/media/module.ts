import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { ImageService } from './images.ts'
import { mediaRateLimits, mediaRoutes } from './routes.ts'

/** How often the worker looks for images no post took (they expire after MEDIA_UNATTACHED_HOURS). */
const EXPIRY_POLL_MS = 10 * 60_000

/** Images attached to posts and profiles: checked, stripped of metadata, resized, stored. */
export const mediaModule = defineModule({
  name: 'media',
  needs: { auth: authModule },
  build({ db, storage, config, log, rateLimits }, { auth }) {
    const images = new ImageService(db, storage, config.media, log)
    const maxBytes = config.http.mediaMaxBytes
    // Uploads no post took within MEDIA_UNATTACHED_HOURS go: rows, then their files.
    const expiry = new WakeableLoop(
      'unattached media expiry',
      async () => {
        const removed = await images.expireUnattached()
        if (removed > 0) log.info({ removed }, 'unattached media expired')
        return removed > 0 && removed >= images.expiryBatch
      },
      EXPIRY_POLL_MS,
      log,
    )
    return {
      services: { images, expiry },
      api: {
        routes: () => [
          mediaRoutes({
            images,
            access: auth.access,
            authorize: auth.authorize,
            rateLimits: rateLimits(mediaRateLimits),
            maxBytes,
          }),
        ],
        bodyLimits: { '/v1/media': maxBytes },
      },
      worker: { expiry },
    }
  },
})
