import { streamActor } from '../../actors/stream.ts'
import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import { BootError } from '../platform/boot-error.ts'
import { defineModule } from '../platform/module.ts'
import { usersModule } from '../users/module.ts'
import { videosModule } from '../videos/module.ts'
import { type LiveBackend, StreamSignals } from './backend.ts'
import { LocalBackend } from './local-backend.ts'
import { liveRateLimits, liveRoutes } from './routes.ts'
import { backendStream, StreamService } from './streams.ts'
import { liveSweeper } from './sweeper.ts'

/**
 * Live streaming: streams set up over REST, pushed over RTMP to the configured backend (the local
 * ingest or AWS IVS), each stream's live state owned by its StreamActor (`stream/<id>`), which
 * ends it when media stops and announces its start to followers.
 */
export const liveModule = defineModule({
  name: 'live',
  needs: { auth: authModule, users: usersModule, videos: videosModule, jobs: jobsModule },
  build({ db, bus, live, log, config, actors, rateLimits }, { auth, users }) {
    const settings = config.live
    if (settings.backend !== 'local')
      throw new BootError(`LIVE_BACKEND=${settings.backend} is not available in this build: use local`)
    const rtmpUrl = () => settings.rtmpUrl || `rtmp://localhost:${settings.rtmpPort}/live`
    const backend: LiveBackend = new LocalBackend(bus, rtmpUrl)
    const streams = new StreamService({ db, backend, actors, live, log })
    const idleEndMs = settings.idleEndSeconds * 1000
    const maxLiveMs = settings.maxHours * 3_600_000
    return {
      services: { streams, backend, signals: new StreamSignals(actors) },
      api: {
        routes: () => [
          liveRoutes({
            streams,
            graph: users.graph,
            access: auth.access,
            rateLimits: rateLimits(liveRateLimits),
          }),
        ],
      },
      worker: { sweeper: liveSweeper({ db, actors, idleEndMs, maxLiveMs, log }) },
      actors: {
        stream: streamActor({
          db,
          live,
          idleEndMs,
          maxLiveMs,
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
