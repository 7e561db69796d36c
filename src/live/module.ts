import { streamActor } from '../../actors/stream.ts'
import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import { BootError } from '../platform/boot-error.ts'
import { defineModule } from '../platform/module.ts'
import { usersModule } from '../users/module.ts'
import { videosModule } from '../videos/module.ts'
import { type LiveBackend, StreamSignals } from './backend.ts'
import { RtmpIngest } from './ingest.ts'
import { LocalBackend } from './local-backend.ts'
import { enqueueRecording, recordingHandler } from './recording.ts'
import { liveRateLimits, liveRoutes } from './routes.ts'
import { backendStream, StreamService } from './streams.ts'
import { liveSweeper } from './sweeper.ts'

/**
 * Live streaming: streams set up over REST, pushed over RTMP to the configured backend (the local
 * ingest of the worker role, or AWS IVS), each stream's live state owned by its StreamActor
 * (`stream/<id>`), which ends it when media stops and announces its start to followers; the
 * recording becomes a video of the streamer.
 */
export const liveModule = defineModule({
  name: 'live',
  needs: { auth: authModule, users: usersModule, videos: videosModule, jobs: jobsModule },
  build({ db, bus, live, log, config, actors, storage, rateLimits }, { auth, users, videos, jobs }) {
    const settings = config.live
    if (settings.backend !== 'local')
      throw new BootError(`LIVE_BACKEND=${settings.backend} is not available in this build: use local`)
    const signals = new StreamSignals(actors)
    const ingest = config.roles.has('worker')
      ? new RtmpIngest({
          db,
          bus,
          storage,
          signals,
          log,
          host: config.http.host,
          port: settings.rtmpPort,
          workDir: settings.workDir,
          transcode: settings.transcode,
        })
      : undefined
    // LIVE_RTMP_URL, or this node's ingest (its port once listening: LIVE_RTMP_PORT may be 0).
    const rtmpUrl = () => settings.rtmpUrl || `rtmp://localhost:${ingest?.port || settings.rtmpPort}/live`
    const backend: LiveBackend = new LocalBackend(bus, rtmpUrl)
    const playback = {
      signer: videos.signer,
      baseUrl: config.publicUrl,
      ttlSeconds: config.videos.playbackTtlSeconds,
    }
    const streams = new StreamService({ db, backend, actors, live, log, videos: videos.videos, playback })
    const idleEndMs = settings.idleEndSeconds * 1000
    const maxLiveMs = settings.maxHours * 3_600_000
    jobs.runner.register(
      recordingHandler({
        db,
        storage,
        uploads: videos.uploads,
        videos: videos.videos,
        signals,
        workDir: settings.workDir,
        // A push finishing its last segment on another node: ffmpeg's flush, with room to spare.
        flushMs: 15_000,
        log,
      }),
    )
    return {
      services: { streams, backend, signals, ingest },
      api: {
        routes: () => [
          liveRoutes({
            streams,
            graph: users.graph,
            countryHeader: config.http.trustProxy ? config.videos.countryHeader : '',
            access: auth.access,
            rateLimits: rateLimits(liveRateLimits),
          }),
        ],
      },
      worker: {
        ...(ingest ? { ingest } : {}),
        sweeper: liveSweeper({ db, actors, idleEndMs, maxLiveMs, log }),
      },
      actors: {
        stream: streamActor({
          db,
          live,
          idleEndMs,
          maxLiveMs,
          onEnd: (trx, ended) => enqueueRecording(trx, jobs.queue, ended),
          // The pusher is cut once the end is recorded (a pusher on another node included).
          afterEnd: async ({ stream }) => {
            await backend
              .stop(backendStream(stream))
              .catch((error) => log.warn({ err: error, streamId: stream.id }, 'pusher not cut'))
          },
        }),
      },
      close: () => backend.close(),
    }
  },
})
