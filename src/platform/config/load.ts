import { hostname } from 'node:os'
import { parseRateLimits } from '../rate-limit.ts'
import { checkCrossFieldRules } from './cross-field-rules.ts'
import { type Env, parseDatabaseUrl, Reader } from './reader.ts'
import { type Config, GATEWAY_RUNTIMES, LOG_LEVELS, ROLES, type Role, type Secrets } from './types.ts'

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

export function loadConfig(env: Env = process.env): { config: Config; secrets: Secrets } {
  const problems: string[] = []
  const read = new Reader(env, problems)

  const roles = read.list('ROLES', (v) => (ROLES as readonly string[]).includes(v), ROLES.join(', '))
  if (roles.length === 0 && !problems.some((p) => p.startsWith('ROLES'))) {
    problems.push('ROLES: at least one role is needed (api, gateway, worker)')
  }
  const databaseUrl = read.string('DATABASE_URL')
  const db = parseDatabaseUrl(databaseUrl, problems)
  const databaseReadUrl = read.string('DATABASE_READ_URL') || undefined
  const readDb = databaseReadUrl
    ? parseDatabaseUrl(databaseReadUrl, problems, 'DATABASE_READ_URL')
    : undefined
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
  const rateLimits = parseRateLimits(read.string('RATE_LIMITS'))
  if ('error' in rateLimits)
    problems.push(`RATE_LIMITS: "${rateLimits.error}" is not class=N/unit (s, m, h, d) or class=off`)
  const config: Config = {
    nodeId: env.NODE_ID || `${hostname()}-${process.pid}`,
    roles: new Set(roles as Role[]),
    http: {
      host: read.string('HOST'),
      port: read.int('PORT', 0, 65535),
      bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1024, 1024 ** 3),
      publicCacheSeconds: read.int('PUBLIC_CACHE_SECONDS', 0, 86_400),
      mediaMaxBytes: read.int('MEDIA_MAX_BYTES', 1024, 1024 ** 3),
      corsOrigins,
      corsAllowCredentials: read.bool('CORS_ALLOW_CREDENTIALS'),
      trustProxy: read.bool('TRUST_PROXY'),
      rateLimits: 'error' in rateLimits ? {} : rateLimits,
    },
    database: {
      ...db,
      poolMax: read.int('DATABASE_POOL_MAX', 1, 1000),
      createIfMissing: read.bool('DATABASE_CREATE'),
      migrateOnStart: read.bool('MIGRATE_ON_START'),
      read: readDb,
    },
    nats: { servers: natsServers, prefix, replicas: read.int('NATS_REPLICAS', 1, 5) },
    gateway: {
      runtime: read.oneOf('GATEWAY_RUNTIME', GATEWAY_RUNTIMES),
      maxConnections: read.int('GATEWAY_MAX_CONNECTIONS', 1, 1_000_000),
      maxPayloadBytes: read.int('GATEWAY_MAX_PAYLOAD_BYTES', 128, 16 * 1024 * 1024),
      maxConnectionsPerUser: read.int('GATEWAY_MAX_CONNECTIONS_PER_USER', 1, 10_000),
      authTimeoutMs: read.int('GATEWAY_AUTH_TIMEOUT_MS', 100, 600_000),
      messagesPerSecond: read.int('GATEWAY_MESSAGES_PER_SECOND', 1, 100_000),
      maxChannels: read.int('GATEWAY_MAX_CHANNELS', 1, 10_000),
      idleTimeoutMs: read.int('GATEWAY_IDLE_TIMEOUT_MS', 200, 3_600_000),
      maxPendingPerAddress: read.int('GATEWAY_MAX_PENDING_PER_ADDRESS', 1, 100_000),
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
    metrics: { cacheSeconds: read.int('METRICS_CACHE_SECONDS', 0, 3_600) },
    // Follows PORT unless set: links and the token issuer point where this node listens.
    publicUrl: env.PUBLIC_URL ? read.url('PUBLIC_URL') : `http://localhost:${env.PORT?.trim() || '3000'}`,
    auth: {
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', 30, 86_400),
      refreshTokenTtlDays: read.int('REFRESH_TOKEN_TTL_DAYS', 1, 365),
      sessionTtlDays: read.int('SESSION_TTL_DAYS', 1, 3650),
      signingKeyRotationHours: read.int('SIGNING_KEY_ROTATION_HOURS', 1, 24 * 365),
      passwordMemoryKib: read.int('PASSWORD_MEMORY_KIB', 1024, 4 * 1024 * 1024),
      passwordTimeCost: read.int('PASSWORD_TIME_COST', 1, 100),
      knownClientDays: read.int('LOGIN_KNOWN_CLIENT_DAYS', 0, 3650),
      trustKnownAddresses: read.bool('LOGIN_TRUST_KNOWN_ADDRESSES'),
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
    moderation: {
      appealDays: read.int('MODERATION_APPEAL_DAYS', 1, 3650),
      transparencyMin: read.int('MODERATION_TRANSPARENCY_MIN', 1, 1_000_000),
      screening: read.bool('MODERATION_SCREENING'),
      liveFrameSeconds: read.int('MODERATION_LIVE_FRAME_SECONDS', 0, 3600),
      provider: read.oneOf('MODERATION_PROVIDER', ['local', 'aws'] as const),
      aws: {
        region: read.string('MODERATION_AWS_REGION'),
        rekognitionEndpoint: read.string('MODERATION_REKOGNITION_ENDPOINT') || undefined,
        comprehendEndpoint: read.string('MODERATION_COMPREHEND_ENDPOINT') || undefined,
        pollSeconds: read.int('MODERATION_AWS_POLL_SECONDS', 1, 300),
      },
    },
    copyright: {
      disputeDays: read.int('COPYRIGHT_DISPUTE_DAYS', 1, 3650),
      liveSeconds: read.int('COPYRIGHT_LIVE_SECONDS', 0, 3600),
    },
    analytics: {
      rawDays: read.int('ANALYTICS_RAW_DAYS', 3, 36_500),
      minAudience: read.int('ANALYTICS_MIN_AUDIENCE', 1, 1_000_000),
    },
    ads: {
      feedEvery: read.int('ADS_FEED_EVERY', 1, 100),
      creatorSharePercent: read.int('ADS_CREATOR_SHARE_PERCENT', 0, 100),
      reserveCpm: read.int('ADS_RESERVE_CPM', 1, 1_000_000_000),
      optOutCountries: read
        .string('ADS_OPT_OUT_COUNTRIES')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
      tokenTtlSeconds: read.int('ADS_TOKEN_TTL_SECONDS', 10, 7 * 86_400),
      eventsPerHour: read.int('ADS_EVENTS_PER_HOUR', 1, 1_000_000),
      indexRefreshMs: read.int('ADS_INDEX_REFRESH_MS', 100, 3_600_000),
      leaseSeconds: read.int('ADS_LEASE_SECONDS', 5, 3600),
    },
    payments: {
      stripeApiUrl: read.url('STRIPE_API_URL'),
      platformFeePercent: read.int('PAYMENTS_PLATFORM_FEE_PERCENT', 0, 100),
      creatorMinFollowers: read.int('PAYMENTS_CREATOR_MIN_FOLLOWERS', 0, 1_000_000_000),
      stripeTax: read.bool('PAYMENTS_STRIPE_TAX'),
    },
    media: {
      unattachedHours: read.int('MEDIA_UNATTACHED_HOURS', 1, 24 * 365),
      unattachedMax: read.int('MEDIA_UNATTACHED_MAX', 1, 100_000),
    },
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
      lanes: { notifications: read.int('JOBS_NOTIFICATIONS_CONCURRENCY', 1, 64) },
      ackWaitMs: read.int('JOBS_ACK_WAIT_MS', 1_000, 3_600_000),
      retryBaseMs: read.int('JOBS_RETRY_BASE_MS', 10, 3_600_000),
      maxRunningPerOwner: read.int('JOBS_MAX_RUNNING_PER_OWNER', 1, 1_000),
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
      maxFps: read.int('VIDEO_MAX_FPS', 1, 240),
      maxWork: read.int('VIDEO_MAX_WORK', 1, 100_000_000),
      dailyWork: read.int('VIDEO_DAILY_WORK', 1, 1_000_000_000),
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
    live: {
      backend: read.oneOf('LIVE_BACKEND', ['local', 'ivs'] as const),
      rtmpPort: read.int('LIVE_RTMP_PORT', 0, 65535),
      // Empty: the ingest's own address, rtmp://localhost:<the port it listens on>/live.
      rtmpUrl: env.LIVE_RTMP_URL ? read.rtmpUrl('LIVE_RTMP_URL') : '',
      idleEndSeconds: read.int('LIVE_IDLE_END_SECONDS', 1, 3_600),
      maxHours: read.int('LIVE_MAX_HOURS', 1, 168),
      transcode: read.bool('LIVE_TRANSCODE'),
      workDir: read.string('LIVE_WORK_DIR'),
      viewersLeaseSeconds: read.int('LIVE_VIEWERS_LEASE_SECONDS', 3, 3_600),
      ivs: {
        region: read.string('IVS_REGION'),
        endpoint: read.string('IVS_ENDPOINT') || undefined,
        channelType: read.oneOf('IVS_CHANNEL_TYPE', [
          'BASIC',
          'STANDARD',
          'ADVANCED_SD',
          'ADVANCED_HD',
        ] as const),
        recordingConfigurationArn: read.string('IVS_RECORDING_CONFIGURATION_ARN') || undefined,
        pollSeconds: read.int('IVS_POLL_SECONDS', 1, 300),
        recordingLocateSeconds: read.int('IVS_RECORDING_LOCATE_SECONDS', 1, 3_600),
      },
    },
    notifications: {
      capsPerHour: readCaps(read.string('NOTIFY_CAPS_PER_HOUR'), problems),
      groupWindowSeconds: read.int('NOTIFY_GROUP_WINDOW_SECONDS', 1, 86_400),
      vapidSubject: read.string('VAPID_SUBJECT'),
      vapidPublicKey: read.string('VAPID_PUBLIC_KEY') || undefined,
      fcmConnectTo: read.string('FCM_CONNECT_TO') || undefined,
      twilio: {
        accountSid: read.string('TWILIO_ACCOUNT_SID') || undefined,
        from: read.string('TWILIO_FROM'),
        apiUrl: read.string('TWILIO_API_URL') || undefined,
      },
      extraCaFile: read.string('NOTIFY_EXTRA_CA_FILE') || undefined,
      webPushPrivateEndpoints: read.bool('WEB_PUSH_PRIVATE_ENDPOINTS'),
    },
    mail: {
      from: read.string('MAIL_FROM'),
      dir: read.string('MAIL_DIR'),
      transport: env.SMTP_URL ? 'smtp' : 'folder',
    },
  }
  const secrets: Secrets = {
    databaseUrl,
    databaseReadUrl,
    playbackKey: env.PLAYBACK_SIGNING_KEY || undefined,
    adsTokenKey: env.ADS_TOKEN_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    oauth: {
      googleSecret: env.OAUTH_GOOGLE_CLIENT_SECRET || undefined,
      applePrivateKey: env.OAUTH_APPLE_PRIVATE_KEY || undefined,
      facebookSecret: env.OAUTH_FACEBOOK_CLIENT_SECRET || undefined,
    },
    ivsWebhookSecret: env.IVS_WEBHOOK_SECRET || undefined,
    notifications: {
      vapidPrivateKey: env.VAPID_PRIVATE_KEY || undefined,
      fcmServiceAccountFile: env.FCM_SERVICE_ACCOUNT_FILE || undefined,
      twilioAuthToken: env.TWILIO_AUTH_TOKEN || undefined,
      postmarkWebhookToken: env.POSTMARK_WEBHOOK_TOKEN || undefined,
    },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY || undefined,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
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
  checkCrossFieldRules(config, secrets, env, problems)
  if (problems.length > 0) throw new ConfigError(problems)
  return { config, secrets }
}

/** NOTIFY_CAPS_PER_HOUR: `channel=n` pairs, comma-separated; channels not named keep their default. */
function readCaps(value: string, problems: string[]) {
  const caps = { email: 20, web_push: 60, mobile_push: 60, sms: 5 }
  for (const part of value.split(',').filter(Boolean)) {
    const [name, n] = part.split('=').map((x) => x.trim())
    if (!name || !(name in caps) || !/^\d{1,6}$/.test(n ?? ''))
      problems.push(`NOTIFY_CAPS_PER_HOUR: "${part}" is not channel=n (email, web_push, mobile_push, sms)`)
    else caps[name as keyof typeof caps] = Number(n)
  }
  return caps
}
