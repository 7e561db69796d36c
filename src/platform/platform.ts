import { lookup } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { type KV, Kvm } from '@nats-io/kv'
import { ActorClient } from '../../actors/runtime/client.ts'
import { AccessLog, type LineSink, stdoutSink } from './access-log.ts'
import { type Bus, connectBus } from './bus/connect.ts'
import { LivePublisher } from './bus/live.ts'
import { OutboxRelay } from './bus/outbox-relay.ts'
import { Rooms } from './bus/rooms.ts'
import { ensureTopology, type Topology } from './bus/topology.ts'
import type { Config, Secrets } from './config.ts'
import { connectDatabase, type Database, type DatabaseHandle } from './db/connect.ts'
import { migrate } from './db/migrate.ts'
import { rateLimiting } from './http/rate-limiting.ts'
import { Lifecycle } from './lifecycle.ts'
import { createLogger, type Logger } from './logger.ts'
import { MailSender } from './mail/mail-queue.ts'
import { createMailer, type Mailer } from './mail/mailer.ts'
import { Metrics } from './metrics.ts'
import { type Limit, RATE_LIMIT_BUCKET, RateLimiter } from './rate-limit.ts'
import { type Storage, storageFor } from './storage.ts'

/**
 * The parts every feature is built from, made once per process from the config: what a module's
 * `build` receives. Nothing here names a feature.
 */
export interface Platform {
  config: Config
  secrets: Secrets
  log: Logger
  /** The per-request log line, batched (see access-log.ts). */
  accessLog: AccessLog
  metrics: Metrics
  lifecycle: Lifecycle
  database: DatabaseHandle
  db: Database
  /**
   * For reads that may lag the primary a little (search, analytics reports): the pool of
   * DATABASE_READ_URL, a read replica, or `db` itself when it is unset. Never for writes, nor for
   * reads that must see what the same client just wrote.
   */
  readDb: Database
  bus: Bus
  /** Every stream, consumer and bucket of this deployment (the platform's and the modules'). */
  topology: Topology
  /** Opens one of the topology's KV buckets by its logical name. */
  bucket(name: string): Promise<KV>
  /** Publishes the outbox's events to JetStream (started by the worker role). */
  outbox: OutboxRelay
  mailer: Mailer
  /** Sends the mail queued in PostgreSQL (started by the worker role). */
  mailSender: MailSender
  limiter: RateLimiter
  /**
   * The plugin that gives a feature's routes `{ rateLimit: '<class>' }` over its classes and
   * their default limits (RATE_LIMITS may replace them). Every class is listed in `rateLimitClasses`.
   */
  rateLimits<C extends string>(
    classes: Record<C, Limit>,
    opts?: { byAddressToo?: boolean; refuseWhenUnreachable?: boolean },
  ): ReturnType<typeof rateLimiting<C>>
  rateLimitClasses: Set<string>
  storage: Storage
  /** Publishes events to live channels, which gateways pass to their connections. */
  live: LivePublisher
  rooms: Rooms
  /** Sends messages to actors (any role). */
  actors: ActorClient
  /**
   * Resolves host names for connections to addresses that accounts chose (web push services):
   * the system's resolver; tests hand their own (a name that answers differently each time).
   */
  lookup: LookupFunction
}

export interface PlatformOptions {
  /** Where log lines go (standard output by default); tests collect them. */
  logSink?: LineSink
  /** The resolver of `Platform.lookup` (the system's by default). */
  lookup?: LookupFunction
}

/**
 * Connects to PostgreSQL (applying migrations when configured) and NATS (creating `topology`),
 * and builds the platform's parts. A failure after the first connection closes what was opened.
 * `close` stops the outbox relay and the mail sender, then closes NATS and PostgreSQL.
 */
export async function createPlatform(
  config: Config,
  secrets: Secrets,
  topology: Topology,
  opts: PlatformOptions = {},
): Promise<{ platform: Platform; close(): Promise<void> }> {
  const sink = opts.logSink ?? stdoutSink
  const log = createLogger({ level: config.log.level, nodeId: config.nodeId, destination: { write: sink } })
  const database = await connectDatabase(config.database, secrets.databaseUrl)
  let readDatabase: DatabaseHandle | undefined
  let bus: Bus | undefined
  let limiter: RateLimiter
  try {
    if (secrets.databaseReadUrl && config.database.read) {
      readDatabase = await connectDatabase(
        { ...config.database, ...config.database.read, createIfMissing: false },
        secrets.databaseReadUrl,
        'DATABASE_READ_URL',
      )
    }
    if (config.database.migrateOnStart) await migrate(database.sql, log)
    bus = await connectBus(config, secrets, log)
    await ensureTopology(bus, topology, config.nats.replicas, log)
    limiter = new RateLimiter(await openBucket(bus, RATE_LIMIT_BUCKET), bus)
  } catch (error) {
    await bus?.close()
    await readDatabase?.close()
    await database.close()
    throw error
  }
  const connected = bus
  const metrics = new Metrics({ node: config.nodeId }, { cacheMs: config.metrics.cacheSeconds * 1000 })
  const outbox = new OutboxRelay(database.db, database.sql, bus, log, config.outbox)
  const mailer = createMailer(config, secrets)
  const mailSender = new MailSender(database.db, database.sql, mailer, log)
  registerBusMetrics(metrics, bus, outbox, topology)
  const rateLimitClasses = new Set<string>()
  const rooms = new Rooms(bus, log)
  const platform: Platform = {
    config,
    secrets,
    log,
    accessLog: new AccessLog(config.nodeId, log.isLevelEnabled('info'), sink),
    metrics,
    lifecycle: new Lifecycle(),
    database,
    db: database.db,
    readDb: readDatabase?.db ?? database.db,
    bus,
    topology,
    bucket: (name) => openBucket(connected, name),
    outbox,
    mailer,
    mailSender,
    limiter,
    rateLimits: (classes, opts) => {
      for (const name of Object.keys(classes)) rateLimitClasses.add(name)
      return rateLimiting(limiter, classes, config.http.rateLimits, opts)
    },
    rateLimitClasses,
    storage: storageFor(config.storage, secrets.s3),
    live: new LivePublisher(bus),
    rooms,
    actors: new ActorClient(bus),
    lookup: opts.lookup ?? lookup,
  }
  return {
    platform,
    close: async () => {
      await outbox.stop()
      rooms.close()
      await mailSender.stop()
      mailer.close()
      await connected.close()
      await readDatabase?.close()
      await database.close()
    },
  }
}

function openBucket(bus: Bus, name: string): Promise<KV> {
  return new Kvm(bus.js).open(bus.streamName(name).toLowerCase())
}

/**
 * The outbox's and JetStream's gauges: a query and one JetStream request per stream and consumer,
 * so computed at most once per METRICS_CACHE_SECONDS (`metrics.cached`).
 */
function registerBusMetrics(metrics: Metrics, bus: Bus, outbox: OutboxRelay, topology: Topology): void {
  const lag = metrics.cached('outbox', () => outbox.lag())
  metrics.gaugeFrom('sf_outbox_pending_events', 'Events written but not yet published', [], async (set) => {
    set({}, (await lag()).pending)
  })
  metrics.gaugeFrom('sf_outbox_lag_seconds', 'Age of the oldest unpublished event', [], async (set) => {
    set({}, (await lag()).oldestSeconds)
  })
  const streams = metrics.cached('jetstream_streams', () =>
    Promise.all(
      topology.streams.map((s) => bus.jsm.streams.info(bus.streamName(s.name)).catch(() => undefined)),
    ),
  )
  metrics.gaugeFrom(
    'sf_jetstream_stream_messages',
    'Messages held by each JetStream stream of this deployment',
    ['stream'],
    async (set) => {
      for (const info of await streams()) if (info) set({ stream: info.config.name }, info.state.messages)
    },
  )
  const consumers = metrics.cached('jetstream_consumers', () =>
    Promise.all(
      topology.consumers.map((c) =>
        bus.jsm.consumers.info(bus.streamName(c.stream), c.durable).catch(() => undefined),
      ),
    ),
  )
  metrics.gaugeFrom(
    'sf_jetstream_consumer_pending',
    'Messages waiting for (pending) or being processed by (ack_pending) each durable consumer',
    ['stream', 'consumer', 'state'],
    async (set) => {
      for (const info of await consumers()) {
        if (!info) continue
        const labels = { stream: info.stream_name, consumer: info.name }
        set({ ...labels, state: 'pending' }, info.num_pending)
        set({ ...labels, state: 'ack_pending' }, info.num_ack_pending)
      }
    },
  )
}
