import { readFileSync } from 'node:fs'
import type { Env } from './reader.ts'
import type { Config, Secrets } from './types.ts'

/** Headroom of descriptors kept for database, NATS, files and HTTP clients beside WebSockets. */
const DESCRIPTOR_HEADROOM = 1000

/**
 * The second stage of loading: rules between settings, checked once each setting has been read.
 * Each problem names the variables involved and is added to `problems`.
 */
export function checkCrossFieldRules(config: Config, secrets: Secrets, env: Env, problems: string[]): void {
  if (config.gateway.runtime === 'node-uws' && [...config.roles].join(',') !== 'gateway')
    problems.push(
      'GATEWAY_RUNTIME: node-uws runs the gateway role alone on Node (ROLES=gateway); run api and worker in processes of their own',
    )
  if (config.videos.encoder === 'mediaconvert') {
    if (config.storage.driver !== 's3')
      problems.push('VIDEO_ENCODER: mediaconvert reads and writes S3, so it needs STORAGE_DRIVER=s3')
    if (!config.videos.mediaConvert.role)
      problems.push('MEDIACONVERT_ROLE_ARN: needed when VIDEO_ENCODER is mediaconvert')
  }
  if (config.live.backend === 'ivs') {
    if (!secrets.ivsWebhookSecret || secrets.ivsWebhookSecret.length < 32)
      problems.push('IVS_WEBHOOK_SECRET: needed (at least 32 characters) when LIVE_BACKEND is ivs')
    if (config.live.ivs.recordingConfigurationArn && config.storage.driver !== 's3')
      problems.push('IVS_RECORDING_CONFIGURATION_ARN: IVS records to S3, so it needs STORAGE_DRIVER=s3')
  }
  const twilio = config.notifications.twilio
  if (twilio.accountSid && (!secrets.notifications.twilioAuthToken || !twilio.from))
    problems.push('TWILIO_ACCOUNT_SID: needs TWILIO_AUTH_TOKEN and TWILIO_FROM')
  if (Boolean(config.notifications.vapidPublicKey) !== Boolean(secrets.notifications.vapidPrivateKey))
    problems.push('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: give both or neither')
  if (config.videos.countryHeader && !config.http.trustProxy) {
    problems.push('GEO_COUNTRY_HEADER: needs TRUST_PROXY=true (otherwise any client could claim a country)')
  }
  if (secrets.adsTokenKey && secrets.adsTokenKey.length < 32)
    problems.push('ADS_TOKEN_KEY: at least 32 characters')
  if (secrets.playbackKey && secrets.playbackKey.length < 32) {
    problems.push('PLAYBACK_SIGNING_KEY: at least 32 characters')
  }
  if (config.storage.driver === 's3' && !config.storage.s3.bucket) {
    problems.push('S3_BUCKET: needed when STORAGE_DRIVER is s3')
  }
  if (secrets.metricsToken && secrets.metricsToken.length < 16) {
    problems.push('METRICS_TOKEN: at least 16 characters')
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
  const corsOrigins = config.http.corsOrigins
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
