import type { LimitSetting } from '../rate-limit.ts'
/** The shape of the configuration, and of the secrets kept apart from it so that it can be logged. */

export const ROLES = ['api', 'gateway', 'worker'] as const
export type Role = (typeof ROLES)[number]
export const GATEWAY_RUNTIMES = ['bun', 'node-uws'] as const
export type GatewayRuntime = (typeof GATEWAY_RUNTIMES)[number]

export interface Config {
  nodeId: string
  roles: ReadonlySet<Role>
  http: {
    host: string
    port: number
    bodyLimitBytes: number
    /** PUBLIC_CACHE_SECONDS: how long shared caches may keep anonymous public reads; 0 never. */
    publicCacheSeconds: number
    mediaMaxBytes: number
    corsOrigins: readonly string[]
    corsAllowCredentials: boolean
    trustProxy: boolean
    /** RATE_LIMITS: limits of rate-limit classes instead of their defaults (`*`: every class). */
    rateLimits: Readonly<Record<string, LimitSetting>>
  }
  database: {
    /** The URL without its password, for messages and logs. */
    displayUrl: string
    host: string
    port: number
    name: string
    poolMax: number
    createIfMissing: boolean
    migrateOnStart: boolean
    /** The read replica of DATABASE_READ_URL (host, port, name for messages); none when unset. */
    read?: { displayUrl: string; host: string; port: number; name: string }
  }
  nats: { servers: readonly string[]; prefix: string; replicas: number }
  gateway: {
    /** GATEWAY_RUNTIME: Bun's WebSocket server, or uWebSockets.js on Node (the gateway role alone). */
    runtime: GatewayRuntime
    maxConnections: number
    maxPayloadBytes: number
    maxConnectionsPerUser: number
    authTimeoutMs: number
    messagesPerSecond: number
    maxChannels: number
    idleTimeoutMs: number
    maxPendingPerAddress: number
  }
  outbox: { batchSize: number; pollMs: number }
  shutdown: { drainDelayMs: number; timeoutMs: number }
  log: { level: LogLevel }
  /** Gauges that cost queries are computed at most once per this period. */
  metrics: { cacheSeconds: number }
  /** Where clients reach the API (links in mail, OAuth redirects). */
  publicUrl: string
  auth: {
    accessTokenTtlSeconds: number
    refreshTokenTtlDays: number
    sessionTtlDays: number
    signingKeyRotationHours: number
    passwordMemoryKib: number
    passwordTimeCost: number
    /** Days a device or address that signed in stays known, passing a lockout by strangers (0: none). */
    knownClientDays: number
    /** Whether an address the account signed in from counts as known, besides a device token. */
    trustKnownAddresses: boolean
  }
  mail: { from: string; dir: string; transport: 'smtp' | 'folder' }
  /** Notification channels (src/notifications). */
  notifications: {
    capsPerHour: { email: number; web_push: number; mobile_push: number; sms: number }
    groupWindowSeconds: number
    vapidSubject: string
    vapidPublicKey?: string
    fcmConnectTo?: string
    twilio: { accountSid?: string; from: string; apiUrl?: string }
    extraCaFile?: string
    /** Web push endpoints may be on loopback or private addresses (a local push service). */
    webPushPrivateEndpoints: boolean
  }
  /** Authors with more followers are read at home-timeline time instead of pushed to each follower. */
  feed: { fanoutMaxFollowers: number; homeMaxRows: number }
  /** Images not attached to a post: removed after `unattachedHours`; at most `unattachedMax` per user. */
  media: { unattachedHours: number; unattachedMax: number }
  /** How much memory (MiB) an API node gives to post contents (what only an edit changes). */
  posts: { cacheMb: number }
  /** Days an action stays appealable; counts of the transparency report below `transparencyMin` are ranges. */
  moderation: {
    appealDays: number
    transparencyMin: number
    /** Whether what people publish is screened at all. */
    screening: boolean
    /** A live stream is screened (its words and a frame) this often; 0: never while live. */
    liveFrameSeconds: number
    /** Who classifies: the local models and lists, or AWS Rekognition and Comprehend. */
    provider: 'local' | 'aws'
    aws: { region: string; rekognitionEndpoint?: string; comprehendEndpoint?: string; pollSeconds: number }
  }
  /** Days a holder has to answer a dispute before the claim is released. */
  copyright: {
    disputeDays: number
    /** A live stream's newest window is matched this often (seconds); 0: never while live. */
    liveSeconds: number
  }
  /** Raw events kept `rawDays` (day partitions); breakdowns of fewer viewers than `minAudience` hidden. */
  analytics: { rawDays: number; minAudience: number }
  /** Ads: a sponsored entry per `feedEvery` posts, creators' share of pre-rolls, reserve price, opt-out law, tracking. */
  ads: {
    feedEvery: number
    creatorSharePercent: number
    reserveCpm: number
    optOutCountries: string[]
    tokenTtlSeconds: number
    eventsPerHour: number
    indexRefreshMs: number
    leaseSeconds: number
  }
  /** Stripe (src/payments): where its API is, the platform's fee, who may offer memberships. */
  payments: {
    stripeApiUrl: string
    platformFeePercent: number
    creatorMinFollowers: number
    /** Stripe Tax on memberships (automatic tax on Checkout and its subscriptions). */
    stripeTax: boolean
  }
  storage: {
    driver: 'local' | 's3'
    dir: string
    s3: { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean }
  }
  jobs: {
    concurrency: number
    /** Slots of the job lanes of their own (JOB_LANES), per worker process. */
    lanes: { notifications: number }
    ackWaitMs: number
    retryBaseMs: number
    maxRunningPerOwner: number
  }
  videos: {
    encoder: 'ffmpeg' | 'mediaconvert'
    uploadsDir: string
    uploadExpiryHours: number
    workDir: string
    maxBytes: number
    dailyBytes: number
    totalBytes: number
    maxDurationSeconds: number
    /** Highest output frame rate of an encoding. */
    maxFps: number
    /** Most encoding one video may take, in seconds of 1080p30 (src/videos/encode-work.ts). */
    maxWork: number
    /** Encoding one user's videos may take in 24 hours, in the same unit (encode-budget.ts). */
    dailyWork: number
    ffmpegPreset: string
    playbackTtlSeconds: number
    viewMinSeconds: number
    viewWindowHours: number
    /** Request header carrying the viewer's ISO country, set by the edge (read only with TRUST_PROXY). */
    countryHeader: string
    mediaConvert: { region: string; endpoint?: string; role: string; queue?: string }
  }
  /** Live streaming (src/live). */
  live: {
    backend: 'local' | 'ivs'
    rtmpPort: number
    /** What streamers push to (the key is appended); '' for the ingest's own address. */
    rtmpUrl: string
    idleEndSeconds: number
    maxHours: number
    transcode: boolean
    workDir: string
    /** How long a gateway's viewer count holds without its refresh (a gateway that died counts out). */
    viewersLeaseSeconds: number
    /** AWS IVS (LIVE_BACKEND=ivs). */
    ivs: {
      region: string
      endpoint?: string
      channelType: 'BASIC' | 'STANDARD' | 'ADVANCED_SD' | 'ADVANCED_HD'
      recordingConfigurationArn?: string
      pollSeconds: number
      /** A live stream without its recording's place this long: the worker finds it in S3 (recording-location.ts). */
      recordingLocateSeconds: number
    }
  }
  /** Social sign-in providers; a provider is on when its client id is set. */
  oauth: {
    google?: { clientId: string; issuer: string }
    apple?: { clientId: string; issuer: string; teamId: string; keyId: string }
    facebook?: { clientId: string; authorizeUrl: string; tokenUrl: string; userinfoUrl: string }
  }
}

export interface Secrets {
  databaseUrl: string
  /** DATABASE_READ_URL: a read replica's URL, when one is set. */
  databaseReadUrl?: string
  playbackKey?: string
  adsTokenKey?: string
  smtpUrl?: string
  /** Bearer token /metrics asks for; without it only loopback clients are served. */
  metricsToken?: string
  oauth: { googleSecret?: string; applePrivateKey?: string; facebookSecret?: string }
  nats: { token?: string; user?: string; pass?: string }
  /** Bearer token of the IVS EventBridge webhook. */
  ivsWebhookSecret?: string
  stripe: { secretKey?: string; webhookSecret?: string }
  s3: { accessKeyId?: string; secretAccessKey?: string }
  notifications: {
    vapidPrivateKey?: string
    fcmServiceAccountFile?: string
    twilioAuthToken?: string
    postmarkWebhookToken?: string
  }
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']
