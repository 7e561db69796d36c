import { streamActor } from '../../actors/stream.ts'
import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import { countedLimit } from '../platform/http/rate-limiting.ts'
import { defineModule } from '../platform/module.ts'
import { usersModule } from '../users/module.ts'
import { videosModule } from '../videos/module.ts'
import { type LiveBackend, StreamSignals } from './backend.ts'
import { ChatService } from './chat.ts'
import { ChatAccess } from './chat-access.ts'
import { chatCommands } from './chat-commands.ts'
import { ModerationService } from './chat-moderation.ts'
import { ChatRoom } from './chat-room.ts'
import { chatRateLimits, chatRoutes } from './chat-routes.ts'
import { RtmpIngest } from './ingest.ts'
import { ivsLive } from './ivs/part.ts'
import { ivsRateLimits, ivsRoutes } from './ivs/routes.ts'
import { LocalBackend } from './local-backend.ts'
import { enqueueRecording, recordingHandler } from './recording.ts'
import { liveRateLimits, liveRoutes } from './routes.ts'
import { backendStream, StreamService } from './streams.ts'
import { liveSweeper } from './sweeper.ts'
import { ViewerTracker } from './viewers.ts'

/**
 * Live streaming: streams set up over REST, pushed over RTMP to the configured backend (the local
 * ingest of the worker role, or AWS IVS), each stream's live state owned by its StreamActor
 * (`stream/<id>`), which ends it when media stops and announces its start to followers; the
 * recording becomes a video of the streamer. Each stream has a chat room, `live:<id>` (ordered
 * and resumable), whose events the StreamActor numbers: messages, moderation, the viewer count
 * (from the gateways' subscriptions to the room) and the stream's own changes.
 */
export const liveModule = defineModule({
  name: 'live',
  needs: { auth: authModule, users: usersModule, videos: videosModule, jobs: jobsModule },
  topology: () => ({ rooms: ['live'] }),
  build(
    { db, bus, live, rooms, log, config, secrets, actors, storage, rateLimits, limiter },
    { auth, users, videos, jobs },
  ) {
    const settings = config.live
    const signals = new StreamSignals(actors)
    const ivs =
      settings.backend === 'ivs'
        ? ivsLive({
            config,
            secrets,
            db,
            storage,
            jobs,
            uploads: videos.uploads,
            videos: videos.videos,
            signals,
            log,
          })
        : undefined
    const ingest =
      !ivs && config.roles.has('worker')
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
    const backend: LiveBackend = ivs?.backend ?? new LocalBackend(bus, rtmpUrl)
    const playback = {
      signer: videos.signer,
      baseUrl: config.publicUrl,
      ttlSeconds: config.videos.playbackTtlSeconds,
    }
    const streams = new StreamService({ db, backend, actors, log, videos: videos.videos, playback })
    const access = new ChatAccess(db, (viewer, row) => streams.mayWatch(viewer, row))
    const chat = new ChatService({ db, access, actors, rooms, log })
    const moderation = new ModerationService({ db, access, chat, actors, live, log })
    const viewersLeaseMs = settings.viewersLeaseSeconds * 1000
    const viewers = new ViewerTracker(signals, config.nodeId, viewersLeaseMs, log)
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
      services: {
        streams,
        backend,
        signals,
        ingest,
        chat,
        moderation,
        viewers,
        ivsEvents: ivs?.events,
        ivsThumbnails: ivs?.thumbnails,
      },
      api: {
        routes: () => [
          liveRoutes({
            streams,
            graph: users.graph,
            countryHeader: config.http.trustProxy ? config.videos.countryHeader : '',
            access: auth.access,
            rateLimits: rateLimits(liveRateLimits),
          }),
          chatRoutes({ chat, moderation, access: auth.access, rateLimits: rateLimits(chatRateLimits) }),
          ...(ivs
            ? [
                ivsRoutes({
                  events: ivs.events,
                  secret: secrets.ivsWebhookSecret ?? '',
                  rateLimits: rateLimits(ivsRateLimits),
                }),
              ]
            : []),
        ],
      },
      gateway: {
        channels: {
          // A stream's room: whoever may see the stream and is not banned from it.
          live: {
            authorize: (principal, id) => access.mayWatch(principal.userId, id),
            history: (channel, since, epoch) =>
              chat.history(channel, channel.slice('live:'.length), since, epoch),
            joined: (principal, id) => viewers.joined(id, principal.userId),
            left: (principal, id) => viewers.left(id, principal.userId),
          },
        },
        commands: chatCommands({
          chat,
          limit: countedLimit(limiter, chatRateLimits, config.http.rateLimits, 'live.chat', 'chat messages'),
        }),
      },
      worker: {
        ...(ingest ? { ingest } : {}),
        sweeper: liveSweeper({ db, actors, idleEndMs, maxLiveMs, log }),
        ...(ivs ? { ivsMonitor: ivs.monitor } : {}),
      },
      actors: {
        stream: streamActor({
          db,
          live,
          idleEndMs,
          maxLiveMs,
          onEnd: (trx, ended) => enqueueRecording(trx, jobs.queue, ended),
          room: new ChatRoom({ db, rooms, log }),
          viewersLeaseMs,
          // The pusher is cut once the end is recorded (a pusher on another node included).
          afterEnd: async ({ stream }) => {
            await backend
              .stop(backendStream(stream))
              .catch((error) => log.warn({ err: error, streamId: stream.id }, 'pusher not cut'))
          },
        }),
      },
      close: async () => {
        viewers.close()
        await backend.close()
      },
    }
  },
})
