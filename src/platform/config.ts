import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'

/**
 * Configuration is read once at boot, in two stages: the raw environment is parsed setting by
 * setting (each error names its variable), then cross-field rules are checked. Secrets (passwords
 * and tokens) are kept apart from the config so that the config can be logged as it is.
 */

export const ROLES = ['api', 'gateway', 'worker'] as const
export type Role = (typeof ROLES)[number]

export interface Config {
  nodeId: string
  roles: ReadonlySet<Role>
  http: {
    host: string
    port: number
    bodyLimitBytes: number
    mediaMaxBytes: number
    corsOrigins: readonly string[]
    corsAllowCredentials: boolean
    trustProxy: boolean
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
  }
  nats: { servers: readonly string[]; prefix: string; replicas: number }
  gateway: {
    maxConnections: number
    maxPayloadBytes: number
    maxConnectionsPerUser: number
    authTimeoutMs: number
    messagesPerSecond: number
    maxChannels: number
    idleTimeoutMs: number
  }
  outbox: { batchSize: number; pollMs: number }
  shutdown: { drainDelayMs: number; timeoutMs: number }
  log: { level: LogLevel }
  /** Where clients reach the API (links in mail, OAuth redirects). */
  publicUrl: string
  auth: {
    accessTokenTtlSeconds: number
    refreshTokenTtlDays: number
    sessionTtlDays: number
    signingKeyRotationHours: number
    passwordMemoryKib: number
    passwordTimeCost: number
  }
  mail: { from: string; dir: string; transport: 'smtp' | 'folder' }
  /** Authors with more followers are read at home-timeline time instead of pushed to each follower. */
  feed: { fanoutMaxFollowers: number; homeMaxRows: number }
  /** How much memory (MiB) an API node gives to post contents (what only an edit changes). */
  posts: { cacheMb: number }
  storage: {
    driver: 'local' | 's3'
    dir: string
    s3: { bucket: string; region: string; endpoint?: string; forcePathStyle: boolean }
  }
  jobs: { concurrency: number; ackWaitMs: number; retryBaseMs: number }
  videos: {
    encoder: 'ffmpeg' | 'mediaconvert'
    uploadsDir: string
    uploadExpiryHours: number
    workDir: string
    maxBytes: number
    dailyBytes: number
    totalBytes: number
    maxDurationSeconds: number
    ffmpegPreset: string
    playbackTtlSeconds: number
    viewMinSeconds: number
    viewWindowHours: number
    /** Request header carrying the viewer's ISO country, set by the edge (read only with TRUST_PROXY). */
    countryHeader: string
    mediaConvert: { region: string; endpoint?: string; role: string; queue?: string }
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
  playbackKey?: string
  smtpUrl?: string
  oauth: { googleSecret?: string; applePrivateKey?: string; facebookSecret?: string }
  nats: { token?: string; user?: string; pass?: string }
  s3: { accessKeyId?: string; secretAccessKey?: string }
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']

export interface Setting {
  name: string
  default: string
  description: string
  secret?: boolean
}

/** Every setting, its default and what it does. The README's table is checked against this list. */
export const SETTINGS: readonly Setting[] = [
  { name: 'PORT', default: '3000', description: 'HTTP and WebSocket port' },
  { name: 'HOST', default: '0.0.0.0', description: 'Address to listen on' },
  { name: 'ROLES', default: 'api,gateway,worker', description: 'Roles this process runs' },
  { name: 'NODE_ID', default: '<hostname>-<pid>', description: 'Name of this node in logs and metrics' },
  {
    name: 'DATABASE_URL',
    default: 'postgres://postgres@127.0.0.1:5432/socialflow',
    description: 'PostgreSQL connection URL',
    secret: true,
  },
  { name: 'DATABASE_POOL_MAX', default: '10', description: 'Connections in the pool of this process' },
  { name: 'DATABASE_CREATE', default: 'true', description: 'Create the database if it is missing' },
  { name: 'MIGRATE_ON_START', default: 'true', description: 'Apply pending migrations at start' },
  { name: 'NATS_URL', default: 'nats://127.0.0.1:4222', description: 'NATS servers, comma-separated' },
  { name: 'NATS_PREFIX', default: 'sf', description: 'Prefix of subjects, streams and buckets' },
  {
    name: 'NATS_REPLICAS',
    default: '1',
    description: 'Replicas of each JetStream stream and bucket (3 in a cluster)',
  },
  { name: 'NATS_TOKEN', default: '', description: 'NATS token', secret: true },
  { name: 'NATS_USER', default: '', description: 'NATS user (with NATS_PASSWORD)', secret: true },
  { name: 'NATS_PASSWORD', default: '', description: 'NATS password (with NATS_USER)', secret: true },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', description: 'Largest request body accepted' },
  { name: 'MEDIA_MAX_BYTES', default: '8388608', description: 'Largest image accepted by POST /v1/media' },
  {
    name: 'STORAGE_DRIVER',
    default: 'local',
    description: 'Where media bytes are kept: local (STORAGE_DIR) or s3',
  },
  { name: 'STORAGE_DIR', default: 'data/storage', description: 'Where media bytes are kept (local storage)' },
  { name: 'S3_BUCKET', default: '', description: 'Bucket for STORAGE_DRIVER=s3' },
  { name: 'S3_REGION', default: 'us-east-1', description: 'Region of the bucket' },
  {
    name: 'S3_ENDPOINT',
    default: '',
    description: 'An S3-compatible endpoint (MinIO, R2...); AWS when empty',
  },
  {
    name: 'S3_FORCE_PATH_STYLE',
    default: 'false',
    description: 'Path-style requests (most S3-compatible servers)',
  },
  {
    name: 'S3_ACCESS_KEY_ID',
    default: '',
    description: "Access key (with S3_SECRET_ACCESS_KEY); the SDK's default credential chain when empty",
    secret: true,
  },
  { name: 'S3_SECRET_ACCESS_KEY', default: '', description: 'Secret key', secret: true },
  {
    name: 'JOBS_CONCURRENCY',
    default: '1',
    description: 'Jobs (encodings...) one worker process runs at once',
  },
  {
    name: 'JOBS_ACK_WAIT_MS',
    default: '30000',
    description: "Time without a worker's heartbeat after which its job goes to another worker",
  },
  {
    name: 'JOBS_RETRY_BASE_MS',
    default: '5000',
    description: 'First retry delay of a failed job; doubled per attempt, with jitter',
  },
  {
    name: 'VIDEO_ENCODER',
    default: 'ffmpeg',
    description: 'ffmpeg (on the worker) or mediaconvert (AWS; needs STORAGE_DRIVER=s3)',
  },
  { name: 'UPLOADS_DIR', default: 'data/uploads', description: 'Where resumable uploads are received' },
  {
    name: 'UPLOAD_EXPIRY_HOURS',
    default: '24',
    description: 'Unfinished uploads are removed this long after they began',
  },
  { name: 'VIDEO_WORK_DIR', default: 'data/work', description: 'Scratch space of encodings' },
  { name: 'VIDEO_MAX_BYTES', default: '4294967296', description: 'Largest upload' },
  { name: 'UPLOAD_DAILY_BYTES', default: '10737418240', description: 'Bytes one user may upload per day' },
  {
    name: 'UPLOAD_TOTAL_BYTES',
    default: '107374182400',
    description: "Bytes of uploads one user's videos may hold in all",
  },
  { name: 'VIDEO_MAX_DURATION_SECONDS', default: '21600', description: 'Longest video accepted' },
  { name: 'VIDEO_FFMPEG_PRESET', default: 'veryfast', description: 'x264 preset of the ffmpeg encoder' },
  { name: 'PLAYBACK_URL_TTL_SECONDS', default: '3600', description: 'Lifetime of signed playback URLs' },
  {
    name: 'PLAYBACK_SIGNING_KEY',
    default: '',
    description: 'HMAC key of playback URLs (32+ chars); a key kept in the database when empty',
    secret: true,
  },
  {
    name: 'VIEW_MIN_SECONDS',
    default: '10',
    description: 'Watch time before a view counts (the whole video when shorter)',
  },
  { name: 'VIEW_WINDOW_HOURS', default: '24', description: 'A viewer counts once per video per window' },
  {
    name: 'GEO_COUNTRY_HEADER',
    default: '',
    description:
      "Header with the viewer's country code set by the edge (e.g. cf-ipcountry; needs TRUST_PROXY)",
  },
  { name: 'MEDIACONVERT_REGION', default: 'us-east-1', description: 'Region of AWS MediaConvert' },
  {
    name: 'MEDIACONVERT_ENDPOINT',
    default: '',
    description: 'MediaConvert endpoint (the SDK default when empty)',
  },
  { name: 'MEDIACONVERT_ROLE_ARN', default: '', description: 'IAM role MediaConvert jobs run as' },
  {
    name: 'MEDIACONVERT_QUEUE',
    default: '',
    description: 'MediaConvert queue ARN (the default queue when empty)',
  },
  { name: 'CORS_ORIGINS', default: '', description: 'Allowed browser origins, comma-separated, or *' },
  { name: 'CORS_ALLOW_CREDENTIALS', default: 'false', description: 'Let browsers send cookies cross-origin' },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description:
      "Take the client address from X-Forwarded-For and the request id from the balancer's X-Request-Id",
  },
  { name: 'GATEWAY_MAX_CONNECTIONS', default: '16000', description: 'WebSocket connections per process' },
  { name: 'GATEWAY_MAX_PAYLOAD_BYTES', default: '65536', description: 'Largest WebSocket frame accepted' },
  {
    name: 'GATEWAY_MAX_CONNECTIONS_PER_USER',
    default: '20',
    description: 'WebSocket connections one user may hold (at once on a node; across nodes within moments)',
  },
  {
    name: 'GATEWAY_AUTH_TIMEOUT_MS',
    default: '10000',
    description: 'Time a new connection has to send auth',
  },
  {
    name: 'GATEWAY_MESSAGES_PER_SECOND',
    default: '20',
    description: 'Frames a connection may send per second (bursts of twice that)',
  },
  { name: 'GATEWAY_MAX_CHANNELS', default: '100', description: 'Channels one connection may subscribe to' },
  {
    name: 'GATEWAY_IDLE_TIMEOUT_MS',
    default: '60000',
    description: 'A connection silent this long (heartbeats are every 25 s) is closed',
  },
  { name: 'OUTBOX_BATCH_SIZE', default: '500', description: 'Events the relay publishes per round' },
  { name: 'OUTBOX_POLL_MS', default: '1000', description: 'Relay poll interval besides LISTEN/NOTIFY' },
  { name: 'DRAIN_DELAY_MS', default: '0', description: 'Time unready before the listener closes on SIGTERM' },
  { name: 'SHUTDOWN_TIMEOUT_MS', default: '20000', description: 'Longest a SIGTERM drain may take' },
  { name: 'LOG_LEVEL', default: 'info', description: 'trace, debug, info, warn, error, fatal or silent' },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:3000',
    description: 'Where clients reach the API (mail links)',
  },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', default: '900', description: 'Lifetime of an access token' },
  { name: 'REFRESH_TOKEN_TTL_DAYS', default: '30', description: 'Lifetime of an unused refresh token' },
  { name: 'SESSION_TTL_DAYS', default: '90', description: 'Longest a session lives, refreshed or not' },
  {
    name: 'SIGNING_KEY_ROTATION_HOURS',
    default: '168',
    description: 'Age at which a new token signing key is made',
  },
  { name: 'PASSWORD_MEMORY_KIB', default: '19456', description: 'argon2id memory per hash (OWASP: 19 MiB)' },
  { name: 'PASSWORD_TIME_COST', default: '2', description: 'argon2id iterations (OWASP: 2)' },
  {
    name: 'FANOUT_MAX_FOLLOWERS',
    default: '10000',
    description: 'Above this many followers, posts are pulled into home timelines, not pushed',
  },
  {
    name: 'HOME_TIMELINE_MAX',
    default: '800',
    description: 'Rows kept per home timeline; older pages are read from posts',
  },
  {
    name: 'POST_CACHE_MB',
    default: '64',
    description:
      'Memory each API node gives to post contents (text, mentions, tags, media) for reads; 0: none',
  },
  { name: 'MAIL_FROM', default: 'SocialFlow <no-reply@localhost>', description: 'Sender of every mail' },
  { name: 'MAIL_DIR', default: 'data/mail', description: 'Where mail is kept when SMTP_URL is not set' },
  { name: 'OAUTH_GOOGLE_CLIENT_ID', default: '', description: 'Google sign-in (OpenID Connect) client id' },
  { name: 'OAUTH_GOOGLE_CLIENT_SECRET', default: '', description: 'Google client secret', secret: true },
  {
    name: 'OAUTH_GOOGLE_ISSUER',
    default: 'https://accounts.google.com',
    description: 'Google OpenID issuer',
  },
  { name: 'OAUTH_APPLE_CLIENT_ID', default: '', description: 'Sign in with Apple service id' },
  { name: 'OAUTH_APPLE_TEAM_ID', default: '', description: 'Apple developer team id' },
  { name: 'OAUTH_APPLE_KEY_ID', default: '', description: 'Id of the Apple sign-in key' },
  {
    name: 'OAUTH_APPLE_PRIVATE_KEY',
    default: '',
    description: 'The Apple sign-in key (PKCS#8 PEM)',
    secret: true,
  },
  { name: 'OAUTH_APPLE_ISSUER', default: 'https://appleid.apple.com', description: 'Apple OpenID issuer' },
  { name: 'OAUTH_FACEBOOK_CLIENT_ID', default: '', description: 'Facebook Login app id' },
  { name: 'OAUTH_FACEBOOK_CLIENT_SECRET', default: '', description: 'Facebook app secret', secret: true },
  {
    name: 'OAUTH_FACEBOOK_AUTHORIZE_URL',
    default: 'https://www.facebook.com/v19.0/dialog/oauth',
    description: 'Facebook authorization endpoint',
  },
  {
    name: 'OAUTH_FACEBOOK_TOKEN_URL',
    default: 'https://graph.facebook.com/v19.0/oauth/access_token',
    description: 'Facebook token endpoint',
  },
  {
    name: 'OAUTH_FACEBOOK_USERINFO_URL',
    default: 'https://graph.facebook.com/v19.0/me?fields=id,name,email',
    description: 'Facebook profile endpoint',
  },
  {
    name: 'SMTP_URL',
    default: '',
    description: 'smtp(s)://user:pass@host:port; mail goes to MAIL_DIR without it',
    secret: true,
  },
]

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

/** Headroom of descriptors kept for database, NATS, files and HTTP clients beside WebSockets. */
const DESCRIPTOR_HEADROOM = 1000

export function loadConfig(env: Env = process.env): { config: Config; secrets: Secrets } {
  const problems: string[] = []
  const read = new Reader(env, problems)

  const roles = read.list('ROLES', (v) => (ROLES as readonly string[]).includes(v), ROLES.join(', '))
  if (roles.length === 0 && !problems.some((p) => p.startsWith('ROLES'))) {
    problems.push('ROLES: at least one role is needed (api, gateway, worker)')
  }
  const databaseUrl = read.string('DATABASE_URL')
  const db = parseDatabaseUrl(databaseUrl, problems)
  const natsServers = read.list(
    'NATS_URL',
    (v) => /^(nats|tls|ws|wss):\/\/[^\s]+$/.test(v),
    'nats://host:port',
  )
  const prefix = read.string('NATS_PREFIX')
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) {
    problems.push(`NATS_PREFIX: "${prefix}" must be lower-case letters, digits or _, starting with a letter`)
  }
  const corsOrigins = read.list(
    'CORS_ORIGINS',
    (v) => v === '*' || /^https?:\/\/[^/\s]+$/.test(v),
    'an origin',
  )
  const config: Config = {
    nodeId: env.NODE_ID || `${hostname()}-${process.pid}`,
    roles: new Set(roles as Role[]),
    http: {
      host: read.string('HOST'),
      port: read.int('PORT', 0, 65535),
      bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024, 1024 ** 3),
      mediaMaxBytes: read.int('MEDIA_MAX_BYTES', 1024, 1024 ** 3),
      corsOrigins,
      corsAllowCredentials: read.bool('CORS_ALLOW_CREDENTIALS'),
      trustProxy: read.bool('TRUST_PROXY'),
    },
    database: {
      ...db,
      poolMax: read.int('DATABASE_POOL_MAX', 1, 1000),
      createIfMissing: read.bool('DATABASE_CREATE'),
      migrateOnStart: read.bool('MIGRATE_ON_START'),
    },
    nats: { servers: natsServers, prefix, replicas: read.int('NATS_REPLICAS', 1, 5) },
    gateway: {
      maxConnections: read.int('GATEWAY_MAX_CONNECTIONS', 1, 1_000_000),
      maxPayloadBytes: read.int('GATEWAY_MAX_PAYLOAD_BYTES', 128, 16 * 1024 * 1024),
      maxConnectionsPerUser: read.int('GATEWAY_MAX_CONNECTIONS_PER_USER', 1, 10_000),
      authTimeoutMs: read.int('GATEWAY_AUTH_TIMEOUT_MS', 100, 600_000),
      messagesPerSecond: read.int('GATEWAY_MESSAGES_PER_SECOND', 1, 100_000),
      maxChannels: read.int('GATEWAY_MAX_CHANNELS', 1, 10_000),
      idleTimeoutMs: read.int('GATEWAY_IDLE_TIMEOUT_MS', 200, 3_600_000),
    },
    outbox: {
      batchSize: read.int('OUTBOX_BATCH_SIZE', 1, 10_000),
      pollMs: read.int('OUTBOX_POLL_MS', 10, 60_000),
    },
    shutdown: {
      drainDelayMs: read.int('DRAIN_DELAY_MS', 0, 600_000),
      timeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 100, 3_600_000),
    },
    log: { level: read.oneOf('LOG_LEVEL', LOG_LEVELS) },
    publicUrl: read.url('PUBLIC_URL'),
    auth: {
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 30, 86_400),
      refreshTokenTtlDays: read.int('REFRESH_TOKEN_TTL_DAYS', 1, 365),
      sessionTtlDays: read.int('SESSION_TTL_DAYS', 1, 3650),
      signingKeyRotationHours: read.int('SIGNING_KEY_ROTATION_HOURS', 1, 24 * 365),
      passwordMemoryKib: read.int('PASSWORD_MEMORY_KIB', 1024, 4 * 1024 * 1024),
      passwordTimeCost: read.int('PASSWORD_TIME_COST', 1, 100),
    },
    oauth: {
      google: env.OAUTH_GOOGLE_CLIENT_ID
        ? { clientId: read.string('OAUTH_GOOGLE_CLIENT_ID'), issuer: read.url('OAUTH_GOOGLE_ISSUER') }
        : undefined,
      apple: env.OAUTH_APPLE_CLIENT_ID
        ? {
            clientId: read.string('OAUTH_APPLE_CLIENT_ID'),
            issuer: read.url('OAUTH_APPLE_ISSUER'),
            teamId: read.string('OAUTH_APPLE_TEAM_ID'),
            keyId: read.string('OAUTH_APPLE_KEY_ID'),
          }
        : undefined,
      facebook: env.OAUTH_FACEBOOK_CLIENT_ID
        ? {
            clientId: read.string('OAUTH_FACEBOOK_CLIENT_ID'),
            authorizeUrl: read.url('OAUTH_FACEBOOK_AUTHORIZE_URL'),
            tokenUrl: read.url('OAUTH_FACEBOOK_TOKEN_URL'),
            userinfoUrl: read.url('OAUTH_FACEBOOK_USERINFO_URL'),
          }
        : undefined,
    },
    feed: {
      fanoutMaxFollowers: read.int('FANOUT_MAX_FOLLOWERS', 0, 100_000_000),
      homeMaxRows: read.int('HOME_TIMELINE_MAX', 1, 1_000_000),
    },
    posts: { cacheMb: read.int('POST_CACHE_MB', 0, 65_536) },
    storage: {
      driver: read.oneOf('STORAGE_DRIVER', ['local', 's3'] as const),
      dir: read.string('STORAGE_DIR'),
      s3: {
        bucket: read.string('S3_BUCKET'),
        region: read.string('S3_REGION'),
        endpoint: read.string('S3_ENDPOINT') || undefined,
        forcePathStyle: read.bool('S3_FORCE_PATH_STYLE'),
      },
    },
    jobs: {
      concurrency: read.int('JOBS_CONCURRENCY', 1, 64),
      ackWaitMs: read.int('JOBS_ACK_WAIT_MS', 1_000, 3_600_000),
      retryBaseMs: read.int('JOBS_RETRY_BASE_MS', 10, 3_600_000),
    },
    videos: {
      encoder: read.oneOf('VIDEO_ENCODER', ['ffmpeg', 'mediaconvert'] as const),
      uploadsDir: read.string('UPLOADS_DIR'),
      uploadExpiryHours: read.int('UPLOAD_EXPIRY_HOURS', 1, 24 * 365),
      workDir: read.string('VIDEO_WORK_DIR'),
      maxBytes: read.int('VIDEO_MAX_BYTES', 1024, 2 ** 42),
      dailyBytes: read.int('UPLOAD_DAILY_BYTES', 1024, 2 ** 50),
      totalBytes: read.int('UPLOAD_TOTAL_BYTES', 1024, 2 ** 50),
      maxDurationSeconds: read.int('VIDEO_MAX_DURATION_SECONDS', 1, 7 * 86_400),
      ffmpegPreset: read.oneOf('VIDEO_FFMPEG_PRESET', [
        'ultrafast',
        'superfast',
        'veryfast',
        'faster',
        'fast',
        'medium',
        'slow',
        'slower',
        'veryslow',
      ] as const),
      playbackTtlSeconds: read.int('PLAYBACK_URL_TTL_SECONDS', 10, 7 * 86_400),
      viewMinSeconds: read.int('VIEW_MIN_SECONDS', 0, 3_600),
      viewWindowHours: read.int('VIEW_WINDOW_HOURS', 1, 24 * 365),
      countryHeader: read.string('GEO_COUNTRY_HEADER').toLowerCase(),
      mediaConvert: {
        region: read.string('MEDIACONVERT_REGION'),
        endpoint: read.string('MEDIACONVERT_ENDPOINT') || undefined,
        role: read.string('MEDIACONVERT_ROLE_ARN'),
        queue: read.string('MEDIACONVERT_QUEUE') || undefined,
      },
    },
    mail: {
      from: read.string('MAIL_FROM'),
      dir: read.string('MAIL_DIR'),
      transport: env.SMTP_URL ? 'smtp' : 'folder',
    },
  }
  const secrets: Secrets = {
    databaseUrl,
    playbackKey: env.PLAYBACK_SIGNING_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    oauth: {
      googleSecret: env.OAUTH_GOOGLE_CLIENT_SECRET || undefined,
      applePrivateKey: env.OAUTH_APPLE_PRIVATE_KEY || undefined,
      facebookSecret: env.OAUTH_FACEBOOK_CLIENT_SECRET || undefined,
    },
    s3: {
      accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    },
    nats: {
      token: env.NATS_TOKEN || undefined,
      user: env.NATS_USER || undefined,
      pass: env.NATS_PASSWORD || undefined,
    },
  }

  // Cross-field rules.
  if (config.videos.encoder === 'mediaconvert') {
    if (config.storage.driver !== 's3')
      problems.push('VIDEO_ENCODER: mediaconvert reads and writes S3, so it needs STORAGE_DRIVER=s3')
    if (!config.videos.mediaConvert.role)
      problems.push('MEDIACONVERT_ROLE_ARN: needed when VIDEO_ENCODER is mediaconvert')
  }
  if (config.videos.countryHeader && !config.http.trustProxy) {
    problems.push('GEO_COUNTRY_HEADER: needs TRUST_PROXY=true (otherwise any client could claim a country)')
  }
  if (secrets.playbackKey && secrets.playbackKey.length < 32) {
    problems.push('PLAYBACK_SIGNING_KEY: at least 32 characters')
  }
  if (config.storage.driver === 's3' && !config.storage.s3.bucket) {
    problems.push('S3_BUCKET: needed when STORAGE_DRIVER is s3')
  }
  if (Boolean(secrets.s3.accessKeyId) !== Boolean(secrets.s3.secretAccessKey)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither')
  }
  if (Boolean(secrets.nats.user) !== Boolean(secrets.nats.pass)) {
    problems.push('NATS_USER and NATS_PASSWORD: set both or neither')
  }
  if (secrets.nats.token && secrets.nats.user) {
    problems.push('NATS_TOKEN and NATS_USER: choose token or user/password authentication, not both')
  }
  if (corsOrigins.includes('*') && corsOrigins.length > 1) {
    problems.push('CORS_ORIGINS: "*" cannot be combined with named origins')
  }
  if (corsOrigins.includes('*') && config.http.corsAllowCredentials) {
    problems.push('CORS_ALLOW_CREDENTIALS: cannot be true while CORS_ORIGINS is "*" (browsers refuse it)')
  }
  if (secrets.smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(secrets.smtpUrl)) {
    problems.push('SMTP_URL: expected smtp://user:pass@host:port or smtps://...')
  }
  if (config.oauth.google && !secrets.oauth.googleSecret) {
    problems.push('OAUTH_GOOGLE_CLIENT_SECRET: needed with OAUTH_GOOGLE_CLIENT_ID')
  }
  if (config.oauth.facebook && !secrets.oauth.facebookSecret) {
    problems.push('OAUTH_FACEBOOK_CLIENT_SECRET: needed with OAUTH_FACEBOOK_CLIENT_ID')
  }
  if (config.oauth.apple) {
    for (const name of ['OAUTH_APPLE_TEAM_ID', 'OAUTH_APPLE_KEY_ID', 'OAUTH_APPLE_PRIVATE_KEY']) {
      if (!env[name]) problems.push(`${name}: needed with OAUTH_APPLE_CLIENT_ID`)
    }
  }
  if (config.auth.refreshTokenTtlDays > config.auth.sessionTtlDays) {
    problems.push('REFRESH_TOKEN_TTL_DAYS: must not be longer than SESSION_TTL_DAYS')
  }
  if (config.shutdown.drainDelayMs >= config.shutdown.timeoutMs) {
    problems.push('DRAIN_DELAY_MS: must be shorter than SHUTDOWN_TIMEOUT_MS')
  }
  const fdLimit = openFileLimit()
  if (
    config.roles.has('gateway') &&
    fdLimit &&
    config.gateway.maxConnections > fdLimit - DESCRIPTOR_HEADROOM
  ) {
    problems.push(
      `GATEWAY_MAX_CONNECTIONS: ${config.gateway.maxConnections} leaves too few of this process's ` +
        `${fdLimit} file descriptors; use at most ${fdLimit - DESCRIPTOR_HEADROOM} or run more processes`,
    )
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return { config, secrets }
}

function parseDatabaseUrl(raw: string, problems: string[]) {
  try {
    const url = new URL(raw)
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error('not postgres')
    const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
    if (!name) throw new Error('no database name')
    const display = new URL(raw)
    if (display.password) display.password = '***'
    return { displayUrl: display.toString(), host: url.hostname, port: Number(url.port || 5432), name }
  } catch (error) {
    problems.push(
      `DATABASE_URL: expected postgres://user[:password]@host[:port]/database (${(error as Error).message})`,
    )
    return { displayUrl: '', host: '', port: 0, name: '' }
  }
}

/** The soft limit on open files of this process, or undefined where /proc does not tell. */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'))
    const soft = line?.split(/\s{2,}/)[1]
    return soft && /^\d+$/.test(soft) ? Number(soft) : undefined
  } catch {
    return undefined
  }
}

class Reader {
  private readonly defaults = new Map(SETTINGS.map((s) => [s.name, s.default]))

  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string): string {
    const value = this.env[name]
    return value === undefined || value === '' ? (this.defaults.get(name) ?? '') : value.trim()
  }

  int(name: string, min: number, max: number): number {
    const raw = this.string(name)
    const value = Number(raw)
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name}: "${raw}" is not a whole number between ${min} and ${max}`)
      return min
    }
    return value
  }

  bool(name: string): boolean {
    const raw = this.string(name).toLowerCase()
    if (['true', '1', 'yes'].includes(raw)) return true
    if (['false', '0', 'no'].includes(raw)) return false
    this.problems.push(`${name}: "${raw}" is not true or false`)
    return false
  }

  url(name: string): string {
    const raw = this.string(name)
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) {
      this.problems.push(`${name}: "${raw}" is not an http(s) URL`)
    }
    return raw.replace(/\/+$/, '')
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const raw = this.string(name)
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    this.problems.push(`${name}: "${raw}" is not one of ${allowed.join(', ')}`)
    return allowed[0]!
  }

  list(name: string, valid: (v: string) => boolean, expected: string): string[] {
    const items = this.string(name)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const bad = items.filter((v) => !valid(v))
    if (bad.length > 0) this.problems.push(`${name}: "${bad.join(', ')}" is not valid (expected ${expected})`)
    return [...new Set(items)]
  }
}
