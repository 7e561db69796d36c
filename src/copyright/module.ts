import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { videosModule } from '../videos/module.ts'
import { Claims } from './claims.ts'
import { fingerprintHandler, MATCH_JOB, matchHandler } from './jobs.ts'
import { References } from './references.ts'
import { copyrightRateLimits, copyrightRoutes } from './routes.ts'

/**
 * Copyright detection: rightsholders' references (fingerprinted by a job into an inverted index
 * in PostgreSQL), every encoded video matched before it may be public (`checking`), claims with
 * the holder's policy per territory, disputes (auto-released after COPYRIGHT_DISPUTE_DAYS) and
 * manual claims; the uploader and the holder are notified through `copyright.*` events.
 */
export const copyrightModule = defineModule({
  name: 'copyright',
  needs: { auth: authModule, jobs: jobsModule, videos: videosModule },
  build({ db, log, config, storage, rateLimits }, { auth, jobs, videos }) {
    const references = new References({ db, queue: jobs.queue })
    const claims = new Claims({ db, videos: videos.videos, disputeDays: config.copyright.disputeDays })
    const workDir = config.videos.workDir
    videos.videos.checkAfterEncode(async (trx, video) => {
      await jobs.queue.enqueue(trx, {
        kind: MATCH_JOB,
        payload: { videoId: video.id },
        ownerId: video.ownerId,
        maxAttempts: 3,
      })
    })
    jobs.runner.register(
      fingerprintHandler({ db, storage, uploads: videos.uploads, workDir }) as unknown as JobHandler,
    )
    jobs.runner.register(
      matchHandler({ db, storage, claims, videos: videos.videos, workDir }) as unknown as JobHandler,
    )
    return {
      services: { references, claims },
      api: {
        routes: () => [
          copyrightRoutes({
            references,
            claims,
            access: auth.access,
            authorize: auth.authorize,
            rateLimits: rateLimits(copyrightRateLimits),
          }),
        ],
      },
      worker: {
        // Disputes the holder left unanswered past COPYRIGHT_DISPUTE_DAYS are released.
        disputes: new WakeableLoop(
          'copyright dispute expiry',
          async () => (await claims.releaseOverdue()) === 100,
          60_000,
          log,
        ),
      },
    }
  },
})
