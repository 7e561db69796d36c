import { Kvm } from '@nats-io/kv'
import { jobActor } from '../actors/job.ts'
import { ActorClient } from '../actors/runtime/client.ts'
import { type ActorBehavior, ActorSystem, LEASES_BUCKET, MEMBERS_BUCKET } from '../actors/runtime/system.ts'
import { actorsTopology } from '../actors/runtime/topology.ts'
import { userActor } from '../actors/user.ts'
import { accountStateSync } from './auth/account-sync.ts'
import {
  ACCOUNT_SYNC_CONSUMER,
  type AuthModule,
  authTopology,
  createAuth,
  REVOCATIONS_BUCKET,
} from './auth/module.ts'
import { OAUTH_BUCKET } from './auth/oauth/service.ts'
import { authorize as rolePermissions } from './auth/permissions.ts'
import { BookmarkService } from './bookmarks/bookmarks.ts'
import { HomeTimeline } from './feed/home.ts'
import { TimelineService } from './feed/timelines.ts'
import { FEED_CONSUMER, feedTopology } from './feed/topology.ts'
import { TrendingService } from './feed/trending.ts'
import type { ChannelKind, Command } from './gateway/core.ts'
import { JobQueue } from './jobs/queue.ts'
import { JobRunner } from './jobs/runner.ts'
import { jobsTopology } from './jobs/topology.ts'
import { ImageService } from './media/images.ts'
import { MessageService } from './messages/conversations.ts'
import { messagesTopology } from './messages/topology.ts'
import { NotificationService } from './notifications/notifications.ts'
import { NOTIFICATIONS_CONSUMER, notificationsTopology } from './notifications/topology.ts'
import { AccessLog, type LineSink, stdoutSink } from './platform/access-log.ts'
import { type Bus, connectBus } from './platform/bus/connect.ts'
import { EventConsumer } from './platform/bus/consumer.ts'
import { LivePublisher } from './platform/bus/live.ts'
import { OutboxRelay } from './platform/bus/outbox-relay.ts'
import { Rooms } from './platform/bus/rooms.ts'
import { ensureTopology, mergeTopology, platformTopology, type Topology } from './platform/bus/topology.ts'
import type { Config, Secrets } from './platform/config.ts'
import { connectDatabase, type Database, type DatabaseHandle } from './platform/db/connect.ts'
import { migrate } from './platform/db/migrate.ts'
import {
  type Authenticator,
  type Authorizer,
  accessControl,
  type TokenAuthenticator,
} from './platform/http/access.ts'
import { isUuid } from './platform/ids.ts'
import { Lifecycle } from './platform/lifecycle.ts'
import { createLogger, type Logger } from './platform/logger.ts'
import { MailSender } from './platform/mail/mail-queue.ts'
import { createMailer, type Mailer } from './platform/mail/mailer.ts'
import { Metrics } from './platform/metrics.ts'
import { RATE_LIMIT_BUCKET, RateLimiter } from './platform/rate-limit.ts'
import { type Storage, storageFor } from './platform/storage.ts'
import { WakeableLoop } from './platform/wakeable-loop.ts'
import { InteractionService } from './posts/interactions.ts'
import { PostService } from './posts/posts.ts'
import { PostReader } from './posts/reads.ts'
import { ScheduledPublisher } from './posts/scheduler.ts'
import { PresenceService } from './presence/presence.ts'
import { PRESENCE_BUCKET, presenceTopology } from './presence/topology.ts'
import { SearchService } from './search/search.ts'
import { GraphService } from './users/graph.ts'
import { ProfileService } from './users/profiles.ts'
import type { Encoder } from './videos/encoders/encoder.ts'
import { ffmpegEncoder } from './videos/encoders/ffmpeg.ts'
import { mediaConvertClient, mediaConvertEncoder } from './videos/encoders/mediaconvert.ts'
import { videoMaintenance } from './videos/maintenance.ts'
import { PlaybackSigner } from './videos/playback.ts'
import { transcodeHandler } from './videos/processing.ts'
import { videosTopology } from './videos/topology.ts'
import { NatsUploadLocker, UPLOAD_LOCKS_BUCKET } from './videos/upload-lock.ts'
import { UploadService } from './videos/uploads.ts'
import { VideoService } from './videos/videos.ts'

/**
 * Everything a node is made of, built in one place from the config. Features are handed the
 * parts they use; tests build a context of their own with their own database and NATS prefix.
 */
export interface AppContext {
  config: Config
  log: Logger
  /** The per-request log line, batched (see access-log.ts). */
  accessLog: AccessLog
  metrics: Metrics
  lifecycle: Lifecycle
  database: DatabaseHandle
  db: Database
  bus: Bus
  outbox: OutboxRelay
  mailer: Mailer
  mailSender: MailSender
  limiter: RateLimiter
  topology: Topology
  auth: AuthModule
  users: { graph: GraphService; profiles: ProfileService }
  posts: {
    posts: PostService
    reader: PostReader
    interactions: InteractionService
    scheduler: ScheduledPublisher
  }
  timelines: TimelineService
  home: HomeTimeline
  search: SearchService
  bookmarks: BookmarkService
  trending: TrendingService
  images: ImageService
  /** Keeps home timelines up to date from domain events (worker role). */
  feedConsumer: EventConsumer
  /** Trims home timelines to HOME_TIMELINE_MAX rows (worker role). */
  homeTrimmer: WakeableLoop
  notifications: NotificationService
  /** Makes notifications from domain events (worker role). */
  notificationsConsumer: EventConsumer
  /** Writes account changes into the revocation list should their node have died (worker role). */
  accountSyncConsumer: EventConsumer
  /** Publishes events to live channels, which gateways pass to their connections. */
  live: LivePublisher
  /** Kinds of channel gateway clients may subscribe to, each with its authorisation hook. */
  channelKinds: Record<string, ChannelKind>
  /** Ops features serve over the gateway. */
  gatewayCommands: Record<string, Command>
  rooms: Rooms
  messages: MessageService
  /** Sends messages to actors (any role). */
  actors: ActorClient
  /** The actors of this node (started by the worker role). */
  actorSystem: ActorSystem
  presence: PresenceService
  jobs: { queue: JobQueue /** Runs jobs (worker role). */; runner: JobRunner }
  videos: {
    service: VideoService
    uploads: UploadService
    signer: PlaybackSigner
    storage: Storage
    /** Expires uploads, restarts stuck videos, sweeps scratch space (worker role). */
    maintenance: WakeableLoop
  }
  /** Checks the access token a gateway connection presents in-band. */
  tokenAuthenticator: TokenAuthenticator
  authenticator: Authenticator
  authorize: Authorizer
  /** The plugin that gives routes `{ permission }`; features `.use()` it. */
  access: ReturnType<typeof accessControl>
  /** Stops the background loops and closes NATS and PostgreSQL. */
  close(): Promise<void>
}

export interface ContextOverrides {
  /** Where log lines go (standard output by default); tests collect them. */
  logSink?: LineSink
  authenticator?: Authenticator
  authorize?: Authorizer
}

/** The streams, consumers and buckets of every feature. */
export function topologyFor(config: Config): Topology {
  return mergeTopology(
    platformTopology,
    authTopology(config),
    feedTopology,
    notificationsTopology,
    actorsTopology,
    presenceTopology,
    jobsTopology(config.jobs.ackWaitMs),
    messagesTopology,
    videosTopology,
  )
}

export async function createContext(
  config: Config,
  secrets: Secrets,
  overrides: ContextOverrides = {},
): Promise<AppContext> {
  const sink = overrides.logSink ?? stdoutSink
  const log = createLogger({ level: config.log.level, nodeId: config.nodeId, destination: { write: sink } })
  const metrics = new Metrics({ node: config.nodeId })
  const lifecycle = new Lifecycle()
  const topology = topologyFor(config)
  const database = await connectDatabase(config.database, secrets.databaseUrl)
  let bus: Bus | undefined
  try {
    if (config.database.migrateOnStart) await migrate(database.sql, log)
    bus = await connectBus(config, secrets, log)
    await ensureTopology(bus, topology, config.nats.replicas, log)
  } catch (error) {
    await bus?.close()
    await database.close()
    throw error
  }
  const kvm = new Kvm(bus.js)
  const bucket = (name: string) => kvm.open(bus.streamName(name).toLowerCase())
  const limiter = new RateLimiter(await bucket(RATE_LIMIT_BUCKET))
  const auth = createAuth({
    db: database.db,
    config,
    secrets,
    log,
    limiter,
    revocationsKv: await bucket(REVOCATIONS_BUCKET),
    oauthKv: await bucket(OAUTH_BUCKET),
    lifecycle,
  })
  await auth.start()

  const outbox = new OutboxRelay(database.db, database.sql, bus, log, config.outbox)
  const mailer = createMailer(config, secrets)
  const mailSender = new MailSender(database.db, database.sql, mailer, log)
  registerBusMetrics(metrics, bus, outbox, topology)
  const connectedBus = bus
  const graph = new GraphService(database.db)
  const postReader = new PostReader(database.db, config.posts.cacheMb)
  metrics.gaugeFrom(
    'sf_post_content_reads',
    "Post contents this node's reads asked for since start, by result: hit (from memory) or miss",
    ['result'],
    (set) => {
      set({ result: 'hit' }, postReader.contents.reads.hit)
      set({ result: 'miss' }, postReader.contents.reads.miss)
    },
  )
  metrics.gaugeFrom(
    'sf_post_content_cached',
    'Post versions held in memory, and their reckoned bytes',
    ['unit'],
    (set) => {
      const { entries, bytes } = postReader.contents.held
      set({ unit: 'entries' }, entries)
      set({ unit: 'bytes' }, bytes)
    },
  )
  const home = new HomeTimeline(
    database.db,
    postReader,
    config.feed.fanoutMaxFollowers,
    config.feed.homeMaxRows,
  )
  const homeTrimmer = new WakeableLoop('home timeline trim', () => home.trim(), 60_000, log)
  const usersModule = { graph, profiles: new ProfileService(database.db, graph) }
  const live = new LivePublisher(bus)
  const postService = new PostService(database.db, live)
  const postsModule = {
    posts: postService,
    reader: postReader,
    interactions: new InteractionService(database.db, live),
    scheduler: new ScheduledPublisher(postService, log),
  }
  const authenticator = overrides.authenticator ?? auth.authenticator
  const actors = new ActorClient(bus)
  const presenceKv = await bucket(PRESENCE_BUCKET)
  const actorSystem = new ActorSystem({
    bus,
    db: database.db,
    leases: await bucket(LEASES_BUCKET),
    members: await bucket(MEMBERS_BUCKET),
    nodeId: config.nodeId,
    behaviors: {
      user: userActor({ db: database.db, live, presence: presenceKv }),
      job: jobActor({ live }),
    } as unknown as Record<string, ActorBehavior<unknown>>,
    log,
    metrics,
  })
  const presence = new PresenceService(database.db, graph, presenceKv)
  const notifications = new NotificationService(database.db, postReader, live, actors, log)
  const rooms = new Rooms(bus)
  const messages = new MessageService(database.db, rooms, live, log, config.database.poolMax)
  const authorize = overrides.authorize ?? rolePermissions
  const storage = storageFor(config.storage, secrets.s3)
  const jobQueue = new JobQueue(database.db)
  const signer = new PlaybackSigner(await playbackKey(database.db, secrets))
  const videoService = new VideoService({
    db: database.db,
    jobs: jobQueue,
    storage,
    live,
    log,
    poster: { signer, baseUrl: config.publicUrl, ttlSeconds: config.videos.playbackTtlSeconds },
  })
  const uploads = new UploadService({
    db: database.db,
    authenticator,
    log,
    dir: config.videos.uploadsDir,
    limits: {
      maxBytes: config.videos.maxBytes,
      dailyBytes: config.videos.dailyBytes,
      totalBytes: config.videos.totalBytes,
    },
    expiryMs: config.videos.uploadExpiryHours * 3_600_000,
    locker: new NatsUploadLocker(bus, await bucket(UPLOAD_LOCKS_BUCKET)),
    onComplete: (trx, uploadId) => videoService.onUploadComplete(trx, uploadId),
  })
  const jobRunner = new JobRunner(
    { db: database.db, bus, actors, log, metrics },
    [
      transcodeHandler({
        db: database.db,
        storage,
        encoder: encoderFor(config, secrets, storage),
        uploads,
        videos: videoService,
        workDir: config.videos.workDir,
        maxDurationSec: config.videos.maxDurationSeconds,
      }),
    ],
    config.jobs,
  )
  return {
    config,
    log,
    accessLog: new AccessLog(config.nodeId, log.isLevelEnabled('info'), sink),
    metrics,
    lifecycle,
    database,
    db: database.db,
    bus,
    outbox,
    mailer,
    mailSender,
    limiter,
    topology,
    auth,
    users: usersModule,
    posts: postsModule,
    timelines: new TimelineService(database.db, postsModule.reader, usersModule.graph),
    home,
    homeTrimmer,
    search: new SearchService(database.db, postReader),
    bookmarks: new BookmarkService(database.db, postReader),
    trending: new TrendingService(database.db, postReader),
    images: new ImageService(database.db, storage),
    jobs: { queue: jobQueue, runner: jobRunner },
    videos: {
      service: videoService,
      uploads,
      signer,
      storage,
      maintenance: videoMaintenance({ videos: videoService, uploads, workDir: config.videos.workDir, log }),
    },
    feedConsumer: new EventConsumer(connectedBus, FEED_CONSUMER, (event) => home.onEvent(event), log),
    notifications,
    accountSyncConsumer: new EventConsumer(
      connectedBus,
      ACCOUNT_SYNC_CONSUMER,
      accountStateSync({ db: database.db, revocations: auth.revocations, sessions: auth.sessions }),
      log,
    ),
    notificationsConsumer: new EventConsumer(
      connectedBus,
      NOTIFICATIONS_CONSUMER,
      (event) => notifications.onEvent(event),
      log,
    ),
    live,
    rooms,
    messages,
    actors,
    actorSystem,
    presence,
    gatewayCommands: {
      'message.send': async (principal, frame) => {
        const sent = await messages.send(principal.userId, String(frame.conversationId ?? ''), {
          text: String(frame.text ?? ''),
          clientId: String(frame.clientId ?? ''),
        })
        return { op: 'message.sent', message: sent.message, created: sent.created }
      },
      typing: async (principal, frame) => {
        await messages.typing(principal.userId, String(frame.conversationId ?? ''))
        return undefined
      },
    },
    channelKinds: {
      // Whether an account is online, for those it shares its presence with.
      presence: {
        authorize: (principal, id) =>
          isUuid(id) ? presence.mayWatch(principal.userId, id) : Promise.resolve(false),
      },
      // A conversation's room: its members only; resumable from its history.
      dm: {
        authorize: (principal, id) => messages.isMember(id, principal.userId),
        history: (channel, since, epoch) => rooms.since(channel, since, epoch),
      },
      // A post's live events (its counts as they change), for whoever may see the post.
      post: {
        authorize: (principal, id) =>
          isUuid(id) ? postReader.canSee(principal.userId, id) : Promise.resolve(false),
      },
    },
    tokenAuthenticator: auth.authenticator,
    authenticator,
    authorize,
    access: accessControl(authenticator, authorize),
    close: async () => {
      await outbox.stop()
      await mailSender.stop()
      await postsModule.scheduler.stop()
      await auth.stop()
      mailer.close()
      await connectedBus.close()
      await database.close()
    },
  }
}

/** The ladder encoder the configuration names. */
function encoderFor(config: Config, secrets: Secrets, storage: Storage): Encoder {
  const { videos } = config
  if (videos.encoder === 'ffmpeg')
    return ffmpegEncoder(storage, { workDir: videos.workDir, preset: videos.ffmpegPreset })
  // The account's keys given for S3 (MediaConvert works on that bucket), or the SDK's default chain.
  const { accessKeyId, secretAccessKey } = secrets.s3
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined
  return mediaConvertEncoder({
    client: mediaConvertClient({
      region: videos.mediaConvert.region,
      endpoint: videos.mediaConvert.endpoint,
      credentials,
    }),
    role: videos.mediaConvert.role,
    queue: videos.mediaConvert.queue,
    bucket: config.storage.s3.bucket,
    storage,
  })
}

/** PLAYBACK_SIGNING_KEY, or the key the database made once for all nodes. */
async function playbackKey(db: Database, secrets: Secrets): Promise<Uint8Array> {
  if (secrets.playbackKey) return new TextEncoder().encode(secrets.playbackKey)
  const row = await db
    .selectFrom('playbackKeys')
    .select('secret')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  return new Uint8Array(row.secret)
}

function registerBusMetrics(metrics: Metrics, bus: Bus, outbox: OutboxRelay, topology: Topology): void {
  metrics.gaugeFrom('sf_outbox_pending_events', 'Events written but not yet published', [], async (set) => {
    set({}, (await outbox.lag()).pending)
  })
  metrics.gaugeFrom('sf_outbox_lag_seconds', 'Age of the oldest unpublished event', [], async (set) => {
    set({}, (await outbox.lag()).oldestSeconds)
  })
  metrics.gaugeFrom(
    'sf_jetstream_stream_messages',
    'Messages held by each JetStream stream of this deployment',
    ['stream'],
    async (set) => {
      for (const s of topology.streams) {
        const info = await bus.jsm.streams.info(bus.streamName(s.name)).catch(() => undefined)
        if (info) set({ stream: info.config.name }, info.state.messages)
      }
    },
  )
  metrics.gaugeFrom(
    'sf_jetstream_consumer_pending',
    'Messages waiting for (pending) or being processed by (ack_pending) each durable consumer',
    ['stream', 'consumer', 'state'],
    async (set) => {
      for (const c of topology.consumers) {
        const stream = bus.streamName(c.stream)
        const info = await bus.jsm.consumers.info(stream, c.durable).catch(() => undefined)
        if (!info) continue
        set({ stream, consumer: c.durable, state: 'pending' }, info.num_pending)
        set({ stream, consumer: c.durable, state: 'ack_pending' }, info.num_ack_pending)
      }
    },
  )
}
