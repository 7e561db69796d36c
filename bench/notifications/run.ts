/**
 * bench/notifications: a post by an account with FOLLOWERS followers who all turned web push and
 * e-mail on for posts of accounts they follow (the `post` type). The author posts through the
 * API; the node (api + worker, a child process) makes the deliveries and runs them on the job
 * system: web push to a local HTTPS push service (every payload encrypted, aes128gcm, VAPID
 * signed), e-mail through the mail queue to a local SMTP server (smtp-server, pooled connection).
 *
 * Prints: deliveries fanned out per second, the time from the post until the last push and the
 * last mail arrived, and the node's CPU per delivery. Baseline, the same run: the bare work
 * alone, with no database, queue or job: `web-push` sendNotification to the same subscriptions
 * at the same concurrency, and nodemailer sending the same number of mails over one pooled
 * connection; the ratio is the platform's time over the bare time.
 *
 *   npm run bench:notifications
 *   FOLLOWERS=2000 PROFILE_DIR=/tmp/prof npm run bench:notifications
 */
import { createECDH, randomBytes } from 'node:crypto'
import { Agent } from 'node:https'
import nodemailer from 'nodemailer'
import postgres from 'postgres'
import { SMTPServer } from 'smtp-server'
import webpush from 'web-push'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { makeCertificate } from '../../test/notifications/services.ts'
import { NATS_URL, PG_BASE_URL, removeNatsPrefix, uniquePrefix } from '../../test/support/services.ts'
import { cpuSeconds, nodeScript, serve } from '../support.ts'

const FOLLOWERS = Number(process.env.FOLLOWERS ?? 10_000)
const PASSWORD = 'Bench-notify-password-1'
const DATABASE = `socialflow_bench_notify_${process.pid}`
const log = createLogger({ level: 'warn', nodeId: 'bench' })

// --- The local services: an HTTPS push service that counts (and checks a sample), an SMTP server.
const tls = makeCertificate()
const ecdh = createECDH('prime256v1')
ecdh.generateKeys()
const auth = randomBytes(16)
let pushes = 0
let lastPushAt = 0
const pushService = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  tls: { cert: tls.cert, key: tls.key },
  async fetch(req) {
    const body = await req.arrayBuffer()
    if (req.headers.get('content-encoding') !== 'aes128gcm' || body.byteLength < 86)
      return new Response('bad payload', { status: 400 })
    pushes++
    lastPushAt = performance.now()
    return new Response(null, { status: 201 })
  },
})
let mails = 0
let lastMailAt = 0
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, done) {
    stream.on('data', () => {})
    stream.on('end', () => {
      mails++
      lastMailAt = performance.now()
      done()
    })
  },
})
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
const smtpPort = (smtp.server.address() as { port: number }).port

// --- The database: the author and the followers, each with a push subscription and the type on.
const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
await admin.unsafe(`create database ${DATABASE}`)
const url = `${PG_BASE_URL}/${DATABASE}`
const sql = postgres(url, { max: 2, onnotice: () => {} })
const prefix = uniquePrefix('bench-notify')
let node: Awaited<ReturnType<typeof serve>> | undefined
try {
  await migrate(sql, log)
  const hash = await Bun.password.hash(PASSWORD, { algorithm: 'argon2id', memoryCost: 8192, timeCost: 1 })
  const seedStarted = performance.now()
  await sql`insert into users (id, username, email, password_hash, email_verified_at)
    values (gen_random_uuid(), 'author', 'author@bench.test', ${hash}, now())`
  await sql`insert into users (id, username, email, password_hash, email_verified_at)
    select gen_random_uuid(), 'f' || n, 'f' || n || '@bench.test', ${hash}, now() from generate_series(1, ${FOLLOWERS}) n`
  await sql`insert into follows (follower_id, followee_id)
    select u.id, a.id from users u, users a where a.username = 'author' and u.username <> 'author'`
  await sql`insert into notification_preferences (user_id, type, channels)
    select id, 'post', '{"web_push": true, "email": true}'::jsonb from users where username <> 'author'`
  await sql`insert into push_subscriptions (id, user_id, endpoint, p256dh, auth)
    select gen_random_uuid(), id, ${`https://127.0.0.1:${pushService.port}/push/`} || id, ${ecdh.getPublicKey('base64url')},
      ${auth.toString('base64url')} from users where username <> 'author'`
  await sql`analyze`
  console.log(`seeded ${FOLLOWERS} followers in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

  // PROFILE_DIR: the node runs under Bun's CPU profiler (bench/support.ts nodeScript).
  node = await serve(nodeScript('node'), {
    DATABASE_URL: url,
    NATS_URL,
    NATS_PREFIX: prefix,
    ROLES: 'api,worker',
    LOG_LEVEL: 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}/?pool=true&maxConnections=1`,
    NOTIFY_EXTRA_CA_FILE: tls.certFile,
    // The local push service listens on loopback.
    WEB_PUSH_PRIVATE_ENDPOINTS: 'true',
    NOTIFY_CAPS_PER_HOUR: 'email=1000,web_push=1000',
    RATE_LIMITS: '*=off',
  })
  const login = await fetch(`${node.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'author', password: PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`sign-in: ${login.status} ${await login.text()}`)
  const token = ((await login.json()) as { accessToken: string }).accessToken

  // --- The platform: one post, fanned out.
  const cpuBefore = await cpuSeconds(node.proc.pid)
  const started = performance.now()
  const posted = await fetch(`${node.url}/v1/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ text: 'A post for every follower' }),
  })
  if (posted.status !== 201) throw new Error(`post: ${posted.status} ${await posted.text()}`)
  const deadline = Date.now() + 15 * 60_000
  let report = Date.now() + 5_000
  while ((pushes < FOLLOWERS || mails < FOLLOWERS) && Date.now() < deadline) {
    await Bun.sleep(50)
    if (Date.now() > report) {
      report = Date.now() + 5_000
      console.log(
        `  … ${pushes} pushes, ${mails} mails after ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
    }
  }
  const cpu = (await cpuSeconds(node.proc.pid)) - cpuBefore
  const pushDone = (lastPushAt - started) / 1000
  const mailDone = (lastMailAt - started) / 1000
  const total = Math.max(pushDone, mailDone)
  const [timing] = await sql`select
    extract(epoch from max(created_at) - min(created_at))::float as planned,
    extract(epoch from max(sent_at) filter (where channel = 'web_push') - min(created_at))::float as pushes_sent
    from notification_deliveries`
  const [states] = await sql`select
    count(*) filter (where channel = 'web_push' and state = 'sent')::int as push_sent,
    count(*) filter (where channel = 'email' and state = 'sent')::int as mail_sent,
    count(*) filter (where state not in ('sent'))::int as other from notification_deliveries`
  console.log(
    `platform: ${pushes} pushes (last at ${pushDone.toFixed(2)} s), ${mails} mails (last at ${mailDone.toFixed(2)} s); ` +
      `${Math.round((pushes + mails) / total)} deliveries/s; node CPU ${((cpu * 1e6) / (pushes + mails)).toFixed(0)} µs per delivery; ` +
      `tracked: ${states!.push_sent} pushes sent, ${states!.mail_sent} mails sent, ${states!.other} other; ` +
      `deliveries all planned ${timing!.planned.toFixed(2)} s after the first, pushes all sent ${timing!.pushes_sent.toFixed(2)} s after it`,
  )

  // --- The bare work: the same pushes and mails straight from a loop.
  pushes = 0
  mails = 0
  const vapid = webpush.generateVAPIDKeys()
  const agent = new Agent({ ca: tls.cert, keepAlive: true })
  const bareCpu0 = process.cpuUsage()
  const bareStarted = performance.now()
  const subs = Array.from({ length: FOLLOWERS }, (_, i) => ({
    endpoint: `https://127.0.0.1:${pushService.port}/push/${i}`,
    keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
  }))
  let next = 0
  const payload = JSON.stringify({
    title: 'author posted',
    body: 'A post for every follower',
    url: 'https://x/p',
  })
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < subs.length) {
        await webpush.sendNotification(subs[next++]!, payload, {
          vapidDetails: { subject: 'mailto:bench@localhost', ...vapid },
          TTL: 3600,
          contentEncoding: 'aes128gcm',
          agent,
        })
      }
    }),
  )
  const barePush = (performance.now() - bareStarted) / 1000
  const transport = nodemailer.createTransport(`smtp://127.0.0.1:${smtpPort}/?pool=true&maxConnections=1`)
  const mailStarted = performance.now()
  for (let i = 0; i < FOLLOWERS; i++)
    await transport.sendMail({
      from: 'bench@localhost',
      to: `f${i}@bench.test`,
      subject: 'author posted',
      text: 'A post for every follower',
      html: '<p>A post for every follower</p>',
    })
  transport.close()
  const bareMail = (performance.now() - mailStarted) / 1000
  const bareCpu = process.cpuUsage(bareCpu0)
  const bareTotal = Math.max(barePush, bareMail)
  console.log(
    `bare: ${FOLLOWERS} pushes in ${barePush.toFixed(2)} s, ${FOLLOWERS} mails in ${bareMail.toFixed(2)} s (one after the other; ` +
      `the platform runs both at once): CPU ${((bareCpu.user + bareCpu.system) / (2 * FOLLOWERS)) | 0} µs per delivery (bench process, services included)`,
  )
  console.log(
    `ratio (platform / bare): pushes ${(pushDone / barePush).toFixed(2)}, mails ${(mailDone / bareMail).toFixed(2)}, ` +
      `time to the last delivery ${(total / bareTotal).toFixed(2)} (bare: the slower of the two)`,
  )
} finally {
  node?.proc.kill()
  await node?.proc.exited
  await sql.end()
  await admin.unsafe(`drop database if exists ${DATABASE} with (force)`)
  await admin.end()
  await removeNatsPrefix(prefix)
  pushService.stop(true)
  smtp.close()
}
process.exit(0)
