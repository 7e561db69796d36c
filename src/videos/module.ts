import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import { defineModule } from '../platform/module.ts'
import { usersModule } from '../users/module.ts'
import { EncodeBudget } from './encode-budget.ts'
import { configuredEncoder } from './encoders/configured.ts'
import { videoMaintenance } from './maintenance.ts'
import { missingTools } from './media-tools.ts'
import { PLAY_PATH, PlaybackSigner, playbackKey } from './playback.ts'
import { Prerolls } from './preroll.ts'
import { transcodeHandler } from './processing.ts'
import { videoRateLimits, videoRoutes } from './routes.ts'
import { VIDEO_EVENTS } from './topology.ts'
import { NatsUploadLocker, UPLOAD_LOCKS_BUCKET, uploadLocksBucket } from './upload-lock.ts'
import { UploadService } from './uploads.ts'
import { VideoService } from './videos.ts'

/**
 * The video pipeline: resumable uploads (tus), the encoding ladder to HLS and DASH as a job (local
 * ffmpeg or MediaConvert), thumbnails and storyboards, signed playback, visibility, age and
 * country limits, view counting.
 */
export const videosModule = defineModule({
  name: 'videos',
  needs: { auth: authModule, users: usersModule, jobs: jobsModule },
  topology: () => ({ streams: [VIDEO_EVENTS], buckets: [uploadLocksBucket] }),
  async build({ db, bus, live, log, config, secrets, storage, bucket, rateLimits }, { auth, users, jobs }) {
    const { videos: settings } = config
    const signer = new PlaybackSigner(await playbackKey(db, secrets.playbackKey))
    const videos = new VideoService({
      db,
      jobs: jobs.queue,
      storage,
      live,
      log,
      poster: { signer, baseUrl: config.publicUrl, ttlSeconds: settings.playbackTtlSeconds },
    })
    const budget = new EncodeBudget(db, settings.dailyWork)
    // An ad before a video's playback, when the ads module provides one.
    const prerolls = new Prerolls(log)
    const uploads = new UploadService({
      db,
      authenticator: auth.authenticator,
      log,
      dir: settings.uploadsDir,
      limits: {
        maxBytes: settings.maxBytes,
        dailyBytes: settings.dailyBytes,
        totalBytes: settings.totalBytes,
      },
      expiryMs: settings.uploadExpiryHours * 3_600_000,
      locker: new NatsUploadLocker(bus, await bucket(UPLOAD_LOCKS_BUCKET)),
      cors: { origins: config.http.corsOrigins, allowCredentials: config.http.corsAllowCredentials },
      budget,
      onComplete: (trx, uploadId) => videos.onUploadComplete(trx, uploadId),
    })
    jobs.runner.register(
      transcodeHandler({
        db,
        storage,
        encoder: configuredEncoder(config, secrets, storage),
        uploads,
        videos,
        workDir: settings.workDir,
        maxDurationSec: settings.maxDurationSeconds,
        maxFps: settings.maxFps,
        maxWork: settings.maxWork,
        budget,
      }),
    )
    if (config.roles.has('worker')) {
      const missing = missingTools()
      if (missing.length)
        log.error({ missing }, 'this worker cannot process videos: install ffmpeg (apt-get install ffmpeg)')
    }
    return {
      services: { videos, uploads, signer, budget, prerolls },
      api: {
        routes: () => [
          videoRoutes({
            videos,
            uploads,
            graph: users.graph,
            signer,
            prerolls,
            storage,
            access: auth.access,
            rateLimits: rateLimits(videoRateLimits),
            publicUrl: config.publicUrl,
            playbackTtlSeconds: settings.playbackTtlSeconds,
            viewMinSeconds: settings.viewMinSeconds,
            viewWindowHours: settings.viewWindowHours,
            countryHeader: config.http.trustProxy ? settings.countryHeader : '',
          }),
        ],
        bodyLimits: { '/v1/uploads/': settings.maxBytes },
        // Signed playback files: players on any site read them (the signature is the permission).
        openCors: [`${PLAY_PATH}/`],
      },
      worker: {
        // Expires uploads, restarts stuck videos, sweeps scratch space.
        maintenance: videoMaintenance({ videos, uploads, workDir: settings.workDir, log }),
      },
    }
  },
})
