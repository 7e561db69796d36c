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
  {
    name: 'DATABASE_READ_URL',
    default: '',
    description:
      'PostgreSQL URL of a read replica for reads that may lag a little (search, analytics reports); DATABASE_URL when empty',
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
  {
    name: 'PUBLIC_CACHE_SECONDS',
    default: '10',
    description:
      'Anonymous reads of public profiles, posts and timelines may be kept this long by shared caches (the balancer, a CDN): Cache-Control public with an ETag; 0: never',
  },
  { name: 'BODY_LIMIT_BYTES', default: '1048576', description: 'Largest request body accepted' },
  { name: 'MEDIA_MAX_BYTES', default: '8388608', description: 'Largest image accepted by POST /v1/media' },
  {
    name: 'MEDIA_UNATTACHED_HOURS',
    default: '24',
    description:
      'Images uploaded and not attached to a post are removed (row and files) this long after upload',
  },
  {
    name: 'MEDIA_UNATTACHED_MAX',
    default: '50',
    description:
      'Images one user may hold unattached to any post; more uploads get 429 until some are attached or expire',
  },
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
    name: 'JOBS_NOTIFICATIONS_CONCURRENCY',
    default: '4',
    description:
      'Notification delivery jobs (a batch of up to 200 deliveries each) and paid live-chat lines one worker process runs at once, beside JOBS_CONCURRENCY',
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
    name: 'JOBS_MAX_RUNNING_PER_OWNER',
    default: '1',
    description:
      "Jobs of one user running at once over the whole deployment; the user's others wait their turn",
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
  {
    name: 'VIDEO_MAX_FPS',
    default: '60',
    description: 'Highest frame rate encoded: a faster source is brought down to it',
  },
  {
    name: 'VIDEO_MAX_WORK',
    default: '7200',
    description:
      'Most encoding one video may take, in seconds of 1080p30 (length x pixels x frame rate): 2 hours of 1080p30',
  },
  {
    name: 'VIDEO_DAILY_WORK',
    default: '14400',
    description:
      "Encoding one user's videos may take in 24 hours, in seconds of 1080p30 (4 hours of 1080p30)",
  },
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
  {
    name: 'LIVE_BACKEND',
    default: 'local',
    description: 'Who carries live streams: local (RTMP ingest and ffmpeg on the worker) or ivs (AWS IVS)',
  },
  {
    name: 'LIVE_RTMP_PORT',
    default: '1935',
    description: 'Port of the RTMP ingest of the local backend (0: any free port)',
  },
  {
    name: 'LIVE_RTMP_URL',
    default: 'rtmp://localhost:<LIVE_RTMP_PORT>/live',
    description: 'The RTMP URL streamers push to (shown with the stream key)',
  },
  {
    name: 'LIVE_IDLE_END_SECONDS',
    default: '30',
    description: 'A live stream with no media for this long ends (the pusher stopped, or its node died)',
  },
  { name: 'LIVE_MAX_HOURS', default: '12', description: 'A live stream ends after this long at most' },
  {
    name: 'LIVE_TRANSCODE',
    default: 'false',
    description:
      'Encode a small ladder of live renditions (CPU per stream) instead of passing the pushed H.264/AAC through',
  },
  {
    name: 'LIVE_WORK_DIR',
    default: 'data/live',
    description: 'Scratch space of live segments and recordings',
  },
  {
    name: 'LIVE_VIEWERS_LEASE_SECONDS',
    default: '60',
    description:
      "A gateway's count of a stream's viewers holds this long without its refresh (sent every third of it, 20 s at most): a gateway that died counts out after it",
  },
  { name: 'IVS_REGION', default: 'us-east-1', description: 'Region of AWS IVS (LIVE_BACKEND=ivs)' },
  {
    name: 'IVS_ENDPOINT',
    default: '',
    description: "IVS endpoint URL instead of the region's (a local stand-in, a VPC endpoint)",
  },
  {
    name: 'IVS_CHANNEL_TYPE',
    default: 'STANDARD',
    description: 'IVS channel type: BASIC, STANDARD, ADVANCED_SD or ADVANCED_HD',
  },
  {
    name: 'IVS_RECORDING_CONFIGURATION_ARN',
    default: '',
    description:
      'IVS recording configuration of streams with record on (its S3 output becomes the video; needs STORAGE_DRIVER=s3)',
  },
  {
    name: 'IVS_WEBHOOK_SECRET',
    default: '',
    description:
      'Bearer token EventBridge sends to POST /v1/live/ivs/events (needed with LIVE_BACKEND=ivs; at least 32 characters)',
    secret: true,
  },
  {
    name: 'IVS_POLL_SECONDS',
    default: '10',
    description:
      'How often the worker asks IVS (GetStream) about each live IVS stream: whether the pusher is still on',
  },
  {
    name: 'IVS_RECORDING_LOCATE_SECONDS',
    default: '60',
    description:
      "How long a live IVS stream may go without its recording's place (the Recording Start event), or after a new IVS session (a pusher back, maybe a new recording), before the worker looks for the newest recording in S3 itself, to screen its thumbnails",
  },
  { name: 'CORS_ORIGINS', default: '', description: 'Allowed browser origins, comma-separated, or *' },
  { name: 'CORS_ALLOW_CREDENTIALS', default: 'false', description: 'Let browsers send cookies cross-origin' },
  {
    name: 'RATE_LIMITS',
    default: '',
    description:
      'Limits of rate-limit classes instead of their defaults: class=N/unit or class=off, comma-separated; * for every class',
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description:
      "Take the client address from X-Forwarded-For and the request id from the balancer's X-Request-Id",
  },
  {
    name: 'GATEWAY_RUNTIME',
    default: 'bun',
    description:
      "The gateway's WebSocket server: bun (Bun's, in the process) or node-uws (uWebSockets.js on Node 20; npm start runs the process under node; the gateway role alone)",
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
    name: 'GATEWAY_MAX_PENDING_PER_ADDRESS',
    default: '20',
    description:
      'Connections one client address may hold before they authenticate (more are refused with 429; behind a balancer needs TRUST_PROXY)',
  },
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
    name: 'METRICS_TOKEN',
    default: '',
    description:
      'Bearer token /metrics asks for (compared in constant time); when empty, /metrics answers only clients on the loopback address',
    secret: true,
  },
  {
    name: 'METRICS_CACHE_SECONDS',
    default: '10',
    description:
      'Gauges that cost queries (outbox lag, JetStream streams and consumers, jobs) are computed at most this often, whatever the scrape rate',
  },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:<PORT>',
    description: 'Where clients reach the API (mail, playback and sign-in links; the issuer of tokens)',
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
    name: 'LOGIN_KNOWN_CLIENT_DAYS',
    default: '90',
    description:
      'Days a device or address that signed in to an account can still sign in while failed attempts by others have paused it (0: none can)',
  },
  {
    name: 'LOGIN_TRUST_KNOWN_ADDRESSES',
    default: 'true',
    description:
      'Whether a client address the account signed in from counts as known, besides the device token handed out at sign-in',
  },
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
  {
    name: 'MODERATION_APPEAL_DAYS',
    default: '30',
    description: 'Days after a moderation action during which its target may appeal it (once)',
  },
  {
    name: 'MODERATION_TRANSPARENCY_MIN',
    default: '10',
    description: 'Counts of the public transparency report below this are shown as a range ("1-9")',
  },
  {
    name: 'MODERATION_SCREENING',
    default: 'true',
    description:
      "Screen what people publish (posts, profiles, images, videos, live chat, opted-in direct messages); false: only reports and moderators' actions",
  },
  {
    name: 'MODERATION_LIVE_FRAME_SECONDS',
    default: '30',
    description:
      'A live stream on the local backend is screened this often while live: its title, description and a frame of its newest segment (0: never)',
  },
  {
    name: 'MODERATION_PROVIDER',
    default: 'local',
    description:
      'Who classifies screened content: local (word lists, spam heuristics, nsfwjs) or aws (Comprehend DetectToxicContent for text, Rekognition for images and videos)',
  },
  {
    name: 'MODERATION_AWS_REGION',
    default: 'us-east-1',
    description: 'Region of Rekognition and Comprehend',
  },
  {
    name: 'MODERATION_REKOGNITION_ENDPOINT',
    default: '',
    description: 'Rekognition endpoint (the SDK default when empty)',
  },
  {
    name: 'MODERATION_COMPREHEND_ENDPOINT',
    default: '',
    description: 'Comprehend endpoint (the SDK default when empty)',
  },
  {
    name: 'MODERATION_AWS_POLL_SECONDS',
    default: '10',
    description: "How often a video's Rekognition content moderation job is asked for its result",
  },
  {
    name: 'COPYRIGHT_DISPUTE_DAYS',
    default: '30',
    description:
      'Days a rightsholder has to release or uphold a disputed copyright claim; unanswered, it is released',
  },
  {
    name: 'COPYRIGHT_LIVE_SECONDS',
    default: '10',
    description:
      'A live stream on the local backend has its newest 30 s matched against the references this often; a blocking claim warns the streamer, then cuts the stream if the match goes on (0: never)',
  },
  {
    name: 'ANALYTICS_RAW_DAYS',
    default: '90',
    description:
      'Days raw analytics events are kept (older day partitions are dropped); rollups are kept for good',
  },
  {
    name: 'ANALYTICS_MIN_AUDIENCE',
    default: '10',
    description: 'Breakdowns (sources, countries, devices) of fewer unique viewers than this are hidden',
  },
  {
    name: 'ADS_FEED_EVERY',
    default: '5',
    description: 'A sponsored entry among every this many posts of a timeline page',
  },
  {
    name: 'ADS_CREATOR_SHARE_PERCENT',
    default: '55',
    description: "Share of a pre-roll's spend that goes to the creator of the video it played before",
  },
  {
    name: 'ADS_RESERVE_CPM',
    default: '10',
    description: 'Lowest price of a thousand impressions (minor units) an ad is served for',
  },
  {
    name: 'ADS_OPT_OUT_COUNTRIES',
    default:
      'AT,BE,BG,HR,CY,CZ,DK,EE,FI,FR,DE,GR,HU,IE,IT,LV,LT,LU,MT,NL,PL,PT,RO,SK,SI,ES,SE,IS,LI,NO,GB,CH',
    description: 'Countries where a viewer who opted out of ads is never served one (* for everywhere)',
  },
  {
    name: 'ADS_TOKEN_TTL_SECONDS',
    default: '3600',
    description: "How long a serving's tracking token is good",
  },
  {
    name: 'ADS_TOKEN_KEY',
    default: '',
    description:
      "Key of the servings' tracking tokens (32+ characters); a generated one in the database when empty",
    secret: true,
  },
  {
    name: 'ADS_EVENTS_PER_HOUR',
    default: '600',
    description:
      'Tracking events per viewer and per address in an hour; more are filtered as invalid traffic',
  },
  {
    name: 'ADS_INDEX_REFRESH_MS',
    default: '2000',
    description: 'How often a node reloads the active campaigns it selects from',
  },
  {
    name: 'ADS_LEASE_SECONDS',
    default: '30',
    description: "How long a node serves from a slice of a campaign's budget before it gives the rest back",
  },
  {
    name: 'NOTIFY_CAPS_PER_HOUR',
    default: 'email=20,web_push=60,mobile_push=60,sms=5',
    description: 'Notification deliveries per account, channel and hour (security notices pass)',
  },
  {
    name: 'NOTIFY_GROUP_WINDOW_SECONDS',
    default: '900',
    description: 'Notifications of one group within this window make one push (updated) and one e-mail',
  },
  { name: 'VAPID_SUBJECT', default: 'mailto:admin@localhost', description: 'Web push VAPID contact' },
  {
    name: 'VAPID_PUBLIC_KEY',
    default: '',
    description: 'Web push VAPID public key; a pair made once and kept in the database when empty',
  },
  { name: 'VAPID_PRIVATE_KEY', default: '', description: 'Web push VAPID private key', secret: true },
  {
    name: 'FCM_SERVICE_ACCOUNT_FILE',
    default: '',
    description: 'Firebase service account JSON for mobile push (FCM HTTP v1); mobile push is off without it',
    secret: true,
  },
  {
    name: 'FCM_CONNECT_TO',
    default: '',
    description: "host:port FCM's SDK dials instead of Google (an emulator or a test service)",
  },
  { name: 'TWILIO_ACCOUNT_SID', default: '', description: 'Twilio account for SMS; SMS is off without it' },
  { name: 'TWILIO_AUTH_TOKEN', default: '', description: 'Twilio auth token', secret: true },
  { name: 'TWILIO_FROM', default: '', description: 'Sender number (E.164) or messaging service (MG...)' },
  {
    name: 'TWILIO_API_URL',
    default: '',
    description: "Twilio API base URL instead of Twilio's (a stand-in)",
  },
  {
    name: 'POSTMARK_WEBHOOK_TOKEN',
    default: '',
    description:
      'Basic-auth password Postmark sends to POST /v1/notifications/webhooks/postmark (bounces, complaints)',
    secret: true,
  },
  {
    name: 'WEB_PUSH_PRIVATE_ENDPOINTS',
    default: 'false',
    description:
      'Allow web push endpoints on loopback or private addresses (a local push service); refused otherwise',
  },
  {
    name: 'NOTIFY_EXTRA_CA_FILE',
    default: '',
    description: 'Extra CA certificates (PEM) trusted for push services and FCM (test services, proxies)',
  },
  {
    name: 'STRIPE_SECRET_KEY',
    default: '',
    description: 'Stripe secret key; payments answer 503 without it',
    secret: true,
  },
  {
    name: 'STRIPE_WEBHOOK_SECRET',
    default: '',
    description: 'Signing secret of the Stripe webhook endpoint (whsec_...)',
    secret: true,
  },
  {
    name: 'STRIPE_API_URL',
    default: 'https://api.stripe.com',
    description: "Stripe's API; another URL points the SDK at a local stand-in (npm run stripe:local)",
  },
  {
    name: 'PAYMENTS_PLATFORM_FEE_PERCENT',
    default: '10',
    description: "The platform's share of memberships and tips, in percent (a Connect application fee)",
  },
  {
    name: 'PAYMENTS_CREATOR_MIN_FOLLOWERS',
    default: '0',
    description: 'Followers an account needs before it may offer memberships',
  },
  {
    name: 'PAYMENTS_STRIPE_TAX',
    default: 'false',
    description:
      'Stripe Tax on memberships: Checkout and subscriptions collect tax automatically, booked apart from what creators earn',
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
