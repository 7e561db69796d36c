import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ece from 'http_ece'

/** A self-signed certificate for loopback and the provider host names (the test services' TLS). */
export function makeCertificate(): { dir: string; certFile: string; cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sf-notify-tls-'))
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  const made = Bun.spawnSync([
    'openssl',
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:push-service.test,DNS:fcm.googleapis.com,DNS:oauth2.googleapis.com,DNS:www.googleapis.com',
  ])
  if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`)
  return { dir, certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') }
}

export interface PushReceived {
  id: string
  ttl: string | null
  urgency: string | null
  topic: string | null
  encoding: string | null
  vapid: string | null
  payload: { id: string; type: string; title: string; body: string; url: string; count: number; tag: string }
}

/** One request a test service was sent: to whom, when, and what it answered. */
export interface Attempt {
  to: string
  at: number
  status: number
}

/**
 * A push service (RFC 8030) over HTTPS that decrypts what it is sent (aes128gcm, RFC 8291) with
 * the private keys of the subscriptions it made, as a browser would; `gone` ids answer 410, and
 * `failing` ids answer the given status (5xx, 429) that many more times, with a Retry-After
 * header when given (an outage of the service, or its rate limit).
 */
export function startPushService(tls: { cert: string; key: string }) {
  const keys = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>()
  const received: PushReceived[] = []
  const attempts: Attempt[] = []
  const gone = new Set<string>()
  const failing = new Map<string, { status: number; times: number; retryAfter?: string }>()
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    tls,
    async fetch(req) {
      const id = new URL(req.url).pathname.split('/').pop() ?? ''
      const fail = failing.get(id)
      if (fail && fail.times > 0) {
        fail.times--
        attempts.push({ to: id, at: Date.now(), status: fail.status })
        return new Response('the push service is overloaded', {
          status: fail.status,
          headers: fail.retryAfter ? { 'retry-after': fail.retryAfter } : {},
        })
      }
      attempts.push({ to: id, at: Date.now(), status: gone.has(id) ? 410 : 201 })
      if (gone.has(id)) return new Response('push subscription has unsubscribed or expired', { status: 410 })
      const k = keys.get(id)
      if (!k || req.method !== 'POST') return new Response('no such subscription', { status: 404 })
      const body = Buffer.from(await req.arrayBuffer())
      const plain = ece.decrypt(body, {
        version: 'aes128gcm',
        privateKey: k.ecdh,
        authSecret: k.auth.toString('base64url'),
      })
      received.push({
        id,
        ttl: req.headers.get('ttl'),
        urgency: req.headers.get('urgency'),
        topic: req.headers.get('topic'),
        encoding: req.headers.get('content-encoding'),
        vapid: req.headers.get('authorization'),
        payload: JSON.parse(plain.toString('utf8')),
      })
      return new Response(null, { status: 201, headers: { location: `/messages/${received.length}` } })
    },
  })
  return {
    received,
    attempts,
    gone,
    failing,
    /** A new browser subscription, as `PushSubscription.toJSON()` gives it; `host` names this service. */
    subscription(host = '127.0.0.1') {
      const id = randomBytes(8).toString('hex')
      const ecdh = createECDH('prime256v1')
      ecdh.generateKeys()
      const auth = randomBytes(16)
      keys.set(id, { ecdh, auth })
      return {
        id,
        json: {
          endpoint: `https://${host}:${server.port}/push/${id}`,
          expirationTime: null,
          keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
        },
      }
    },
    stop: () => server.stop(true),
  }
}

/** A service account file with a real RSA key (firebase-admin signs its token request with it). */
export function serviceAccountFile(dir: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const file = join(dir, 'service-account.json')
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'sf-test',
      private_key_id: 'k1',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      client_email: 'push@sf-test.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: 'https://oauth2.googleapis.com/token',
    }),
  )
  return file
}

export interface FcmReceived {
  path: string
  authorization: string | null
  // biome-ignore lint/suspicious/noExplicitAny: the FCM v1 message as sent
  message: any
}

/**
 * Google's OAuth token endpoint and FCM HTTP v1 over HTTPS (firebase-admin dials it through
 * FCM_CONNECT_TO): tokens listed in `unregistered` answer 404 UNREGISTERED, as FCM does; tokens
 * in `failing` answer 500 INTERNAL that many more times (FCM's "retry with back-off" error).
 */
export function startFakeFcm(tls: { cert: string; key: string }) {
  const received: FcmReceived[] = []
  const attempts: Attempt[] = []
  const tokenRequests: string[] = []
  const unregistered = new Set<string>()
  const failing = new Map<string, number>()
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    tls,
    async fetch(req) {
      const url = new URL(req.url)
      if (url.pathname === '/token') {
        tokenRequests.push(await req.text())
        return Response.json({ access_token: 'fake-access-token', expires_in: 3600, token_type: 'Bearer' })
      }
      const m = url.pathname.match(/^\/v1\/projects\/([^/]+)\/messages:send$/)
      if (!m || req.method !== 'POST') return new Response('not found', { status: 404 })
      const body = (await req.json()) as { message: { token: string } }
      const token = body.message.token
      const left = failing.get(token) ?? 0
      if (left > 0) {
        failing.set(token, left - 1)
        attempts.push({ to: token, at: Date.now(), status: 500 })
        return Response.json(
          { error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } },
          { status: 500 },
        )
      }
      attempts.push({ to: token, at: Date.now(), status: unregistered.has(token) ? 404 : 200 })
      received.push({
        path: url.pathname,
        authorization: req.headers.get('authorization'),
        message: body.message,
      })
      if (unregistered.has(body.message.token))
        return Response.json(
          {
            error: {
              code: 404,
              message: 'Requested entity was not found.',
              status: 'NOT_FOUND',
              details: [
                { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' },
              ],
            },
          },
          { status: 404 },
        )
      return Response.json({ name: `projects/${m[1]}/messages/${received.length}` })
    },
  })
  return {
    received,
    attempts,
    tokenRequests,
    unregistered,
    failing,
    connectTo: `127.0.0.1:${server.port}`,
    stop: () => server.stop(true),
  }
}

export interface TwilioReceived {
  path: string
  authorization: string | null
  form: Record<string, string>
}

/** Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded). */
export function startFakeTwilio() {
  const received: TwilioReceived[] = []
  const invalid = new Set<string>()
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const url = new URL(req.url)
      const m = url.pathname.match(/^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/)
      if (!m || req.method !== 'POST') return new Response('not found', { status: 404 })
      const form = Object.fromEntries(new URLSearchParams(await req.text())) as Record<string, string>
      received.push({ path: url.pathname, authorization: req.headers.get('authorization'), form })
      if (invalid.has(form.To ?? ''))
        return Response.json(
          { code: 21211, message: `The 'To' number ${form.To} is not a valid phone number.`, status: 400 },
          { status: 400 },
        )
      const sid = `SM${randomBytes(16).toString('hex')}`
      return Response.json(
        { sid, account_sid: m[1], to: form.To, from: form.From, body: form.Body, status: 'queued' },
        { status: 201 },
      )
    },
  })
  return { received, invalid, url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) }
}
