import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { liveModule } from '../live/module.ts'
import { Ledger } from '../payments/ledger.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { videosModule } from '../videos/module.ts'
import { Claims } from './claims.ts'
import { fingerprintHandler, MATCH_JOB, matchHandler } from './jobs.ts'
import { LiveScanner } from './live.ts'
import { liveTerritoryGate } from './live-territories.ts'
import { References } from './references.ts'
import { CopyrightRevenue } from './revenue.ts'
import { copyrightRateLimits, copyrightRoutes } from './routes.ts'
import { TRIM_JOB, trimHandler } from './trim.ts'

/**
 * Copyright detection: rightsholders' references (fingerprinted by a job into an inverted index
 * in PostgreSQL), every encoded video matched before it may be public (`checking`), claims with
 * the holder's policy per territory, disputes (auto-released after COPYRIGHT_DISPUTE_DAYS) and
 * manual claims; live streams matched on rolling windows while live (a blocking claim warns the
 * streamer, then cuts the stream); the uploader and the holder are notified through `copyright.*`
 * events.
 */
export const copyrightModule = defineModule({
  name: 'copyright',
  needs: { auth: authModule, jobs: jobsModule, videos: videosModule, live: liveModule },
  build({ db, log, config, storage, rateLimits, actors }, { auth, jobs, videos, live }) {
    const references = new References({ db, queue: jobs.queue })
    // The payments ledger's postings (`monetize` shares), in the transactions that book earnings.
    const revenue = new CopyrightRevenue(new Ledger(db))
    const claims = new Claims({
      db,
      videos: videos.videos,
      disputeDays: config.copyright.disputeDays,
      revenue,
    })
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
    // Live claims' country blocks refuse those viewers while the stream is live, as a video's do.
    live.streams.gatePlayback(liveTerritoryGate(db))
    const liveScanner = new LiveScanner({
      db,
      storage,
      claims,
      signals: live.signals,
      actors,
      workDir,
      log,
    })
    jobs.runner.register(
      trimHandler({
        db,
        storage,
        claims,
        uploads: videos.uploads,
        videos: videos.videos,
        workDir,
      }) as unknown as JobHandler,
    )
    /** The uploader's trim of a claim's segments: a job (progress pushed like encodes). */
    const trim = async (actor: { id: string; admin: boolean }, claimId: string) => {
      const t = await claims.trimmable(actor, claimId)
      const jobId = await db.transaction().execute((trx) =>
        jobs.queue.enqueue(trx, {
          kind: TRIM_JOB,
          payload: { claimId: t.claimId, videoId: t.videoId, actorId: actor.id },
          ownerId: t.ownerId,
          maxAttempts: 2,
        }),
      )
      return { claimId: t.claimId, videoId: t.videoId, jobId }
    }
    return {
      services: { references, claims, liveScanner, revenue },
      api: {
        routes: () => [
          copyrightRoutes({
            references,
            claims,
            trim,
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
        // Live streams' newest windows, every COPYRIGHT_LIVE_SECONDS.
        ...(config.copyright.liveSeconds > 0
          ? { liveScanner: liveScanner.loop(config.copyright.liveSeconds * 1000) }
          : {}),
      },
    }
  },
})
