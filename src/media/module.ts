import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { ImageService } from './images.ts'
import { mediaRoutes } from './routes.ts'

/** Images attached to posts and profiles: checked, stripped of metadata, resized, stored. */
export const mediaModule = defineModule({
  name: 'media',
  needs: { auth: authModule },
  build({ db, storage, config }, { auth }) {
    const images = new ImageService(db, storage)
    const maxBytes = config.http.mediaMaxBytes
    return {
      services: { images },
      api: {
        routes: () => [mediaRoutes({ images, access: auth.access, maxBytes })],
        bodyLimits: { '/v1/media': maxBytes },
      },
    }
  },
})
