import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import postgres from 'postgres'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import {
  type Attempt,
  makeCertificate,
  serviceAccountFile,
  startFakeFcm,
  startPushService,
} from './services.ts'

// How deliveries run: retried with back-off when a provider answers 5xx, and in a job lane of
// their own beside long jobs. The first retry waits RETRY_BASE_MS/2 to RETRY_BASE_MS, the second
// twice that (JOBS_RETRY_BASE_MS, equal jitter).
const RETRY_BASE_MS = 300
let node: TestNode
let db: postgres.Sql
const tls = makeCertificate()
const push = startPushService(tls)
const fcm = startFakeFcm(tls)
beforeAll(async () => {
  node = await startSocialNode('notify-delivery', {
    NOTIFY_EXTRA_CA_FILE: tls.certFile,
    // The test push service listens on loopback.
    WEB_PUSH_PRIVATE_ENDPOINTS: 'true',
    FCM_SERVICE_ACCOUNT_FILE: serviceAccountFile(tls.dir),
    FCM_CONNECT_TO: fcm.connectTo,
    PUBLIC_URL: 'https://sf.example',
    JOBS_RETRY_BASE_MS: String(RETRY_BASE_MS),
    JOBS_CONCURRENCY: '1',
  })
  db = postgres(node.databaseUrl, { max: 2, onnotice: () => {} })
})
afterAll(async () => {
  await db.end()
  await node.stop()
  push.stop()
  fcm.stop()
  rmSync(tls.dir, { recursive: true, force: true })
})

const as = (a: Account) => a.tokens.accessToken
const follow = (who: Account, whom: Account) =>
  call(node, 'POST', `/v1/users/${whom.username}/follow`, { token: as(who) })
const subscribe = async (a: Account) => {
  const sub = push.subscription()
  const res = await call(node, 'POST', '/v1/push/subscriptions', { token: as(a), body: sub.json })
  expect(res.status).toBe(201)
  return sub
}
const attemptsTo = (list: Attempt[], to: string) => list.filter((a) => a.to === to)
const gaps = (list: Attempt[]) => list.slice(1).map((a, i) => a.at - list[i]!.at)
type DeliveryRow = { targetId: string; state: string; reason: string | null; attempts: number; jobId: string }
const deliveries = (userId: string, channel: string) =>
  db<DeliveryRow[]>`
    select target_id as "targetId", state, reason, attempts, job_id as "jobId"
    from notification_deliveries where user_id = ${userId} and channel = ${channel} order by created_at`
const job = async (id: string) =>
  (
    await db<{ state: string; attempts: number; lastError: string | null }[]>`
    select state, attempts, last_error as "lastError" from jobs where id = ${id}`
  )[0]!

describe('retries with back-off after a provider 5xx', () => {
  test('web push: a 503 twice, then accepted; the other subscription of the batch is pushed once', async () => {
    const [author, fan] = [await register(node), await register(node)]
    const flaky = await subscribe(author)
    const steady = await subscribe(author)
    push.failing.set(flaky.id, { status: 503, times: 2 })
    await follow(fan, author)
    await eventually(async () => push.received.some((r) => r.id === flaky.id), 20_000)
    const tries = attemptsTo(push.attempts, flaky.id)
    expect(tries.map((t) => t.status)).toEqual([503, 503, 201])
    // Exponential back-off: the second wait is at least the first one's ceiling.
    const [first, second] = gaps(tries)
    expect(first!).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2 - 20)
    expect(second!).toBeGreaterThanOrEqual(RETRY_BASE_MS - 20)
    // The subscription that answered at once is not pushed again by the retries of its batch.
    expect(attemptsTo(push.attempts, steady.id).map((t) => t.status)).toEqual([201])
    expect(push.received.filter((r) => r.id === steady.id)).toHaveLength(1)
    const rows = await deliveries(author.id, 'web_push')
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent'])
    const flakyRow = rows.find((r) => r.attempts === 3)!
    expect(flakyRow.reason).toBeNull()
    expect(rows.find((r) => r.attempts === 1)).toBeDefined()
    // One job for the batch, retried twice, then done.
    expect(rows[0]!.jobId).toBe(rows[1]!.jobId)
    await eventually(async () => (await job(flakyRow.jobId)).state === 'succeeded', 5_000)
    expect((await job(flakyRow.jobId)).attempts).toBe(3)
  })

  test('web push: a 429 with Retry-After is not retried sooner than the push service asked', async () => {
    const [author, fan] = [await register(node), await register(node)]
    const sub = await subscribe(author)
    push.failing.set(sub.id, { status: 429, times: 1, retryAfter: '2' })
    await follow(fan, author)
    await eventually(async () => push.received.some((r) => r.id === sub.id), 20_000)
    const tries = attemptsTo(push.attempts, sub.id)
    expect(tries.map((t) => t.status)).toEqual([429, 201])
    // The job's own back-off would have come back within RETRY_BASE_MS.
    expect(gaps(tries)[0]!).toBeGreaterThanOrEqual(1_950)
    await eventually(async () => (await deliveries(author.id, 'web_push'))[0]?.state === 'sent', 5_000)
    expect((await deliveries(author.id, 'web_push'))[0]!.attempts).toBe(2)
  })

  test('FCM (an iOS device, APNs headers): 500 INTERNAL twice, then sent; a token that keeps failing ends failed with the reason', async () => {
    const [me, fan, other] = [await register(node), await register(node), await register(node)]
    const token = `fcm-ios-${crypto.randomUUID()}`
    const dev = await call(node, 'POST', '/v1/devices', {
      token: as(me),
      body: { token, platform: 'ios', appVersion: '5.0.1' },
    })
    expect(dev.status).toBe(201)
    fcm.failing.set(token, 2)
    const post = await writePost(node, me, { text: 'retry me' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await eventually(async () => fcm.received.some((r) => r.message.token === token), 20_000)
    const tries = attemptsTo(fcm.attempts, token)
    expect(tries.map((t) => t.status)).toEqual([500, 500, 200])
    const [first, second] = gaps(tries)
    expect(first!).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2 - 20)
    expect(second!).toBeGreaterThanOrEqual(RETRY_BASE_MS - 20)
    const sent = fcm.received.find((r) => r.message.token === token)!
    expect(sent.message.apns.headers['apns-collapse-id']).toBeTruthy()
    expect(sent.message.apns.headers['apns-priority']).toBe('5')
    expect(Number(sent.message.apns.headers['apns-expiration'])).toBeGreaterThan(Date.now() / 1000)
    await eventually(async () => (await deliveries(me.id, 'mobile_push'))[0]?.state === 'sent', 5_000)
    expect((await deliveries(me.id, 'mobile_push'))[0]!.attempts).toBe(3)

    // FCM keeps failing: after the job's last attempt (6) the delivery is failed with FCM's answer,
    // the job is a dead letter, and the device is kept (an outage says nothing of the token).
    fcm.failing.set(token, 1_000)
    await follow(other, me)
    await eventually(async () => (await deliveries(me.id, 'mobile_push')).at(-1)?.state === 'failed', 30_000)
    const dead = (await deliveries(me.id, 'mobile_push')).at(-1)!
    expect(dead.reason).toContain('internal-error')
    expect(dead.attempts).toBe(6)
    expect(attemptsTo(fcm.attempts, token).filter((t) => t.status === 500)).toHaveLength(2 + 6)
    const gave = gaps(attemptsTo(fcm.attempts, token).slice(-6))
    expect(gave.at(-1)!).toBeGreaterThan(gave[0]!)
    expect(await job(dead.jobId)).toMatchObject({ state: 'failed', attempts: 6 })
    expect((await db`select count(*)::int as n from devices where user_id = ${me.id}`)[0]!.n).toBe(1)
    fcm.failing.delete(token)
  }, 40_000)
})

describe('pruning', () => {
  test('a subscription its push service no longer knows (404) is removed; its delivery failed as gone', async () => {
    const [author, fan] = [await register(node), await register(node)]
    // Keys of a real subscription, at an endpoint the push service never made.
    const real = push.subscription()
    const body = { ...real.json, endpoint: real.json.endpoint.replace(real.id, 'never-made') }
    expect((await call(node, 'POST', '/v1/push/subscriptions', { token: as(author), body })).status).toBe(201)
    await follow(fan, author)
    await eventually(async () => (await deliveries(author.id, 'web_push'))[0]?.state === 'failed', 15_000)
    expect((await deliveries(author.id, 'web_push'))[0]!.reason).toMatch(/^gone: 404/)
    expect(
      (await db`select count(*)::int as n from push_subscriptions where user_id = ${author.id}`)[0]!.n,
    ).toBe(0)
  })
})

describe('grouping', () => {
  test('likes deferred by quiet hours are released as one push with the count; the older ones superseded', async () => {
    const [author, ...fans] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const sub = await subscribe(author)
    const hhmm = (d: Date) => d.toISOString().slice(11, 16)
    const now = new Date()
    const set = await call(node, 'PUT', '/v1/notifications/preferences', {
      token: as(author),
      body: {
        timeZone: 'UTC',
        quietHours: { start: hhmm(now), end: hhmm(new Date(now.getTime() + 2 * 3_600_000)) },
      },
    })
    expect(set.status).toBe(200)
    const post = await writePost(node, author, { text: 'liked at night' })
    for (const fan of fans) {
      await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
      await eventually(
        async () => (await deliveries(author.id, 'web_push')).length === fans.indexOf(fan) + 1,
        10_000,
      )
    }
    expect((await deliveries(author.id, 'web_push')).map((d) => d.state)).toEqual([
      'deferred',
      'deferred',
      'deferred',
    ])
    const { dispatcher } = node.ctx.services.notifications
    dispatcher.clock.offsetMs = 2 * 3_600_000 + 60_000
    try {
      await dispatcher.release()
      await eventually(
        async () => (await deliveries(author.id, 'web_push')).every((d) => d.state !== 'queued'),
        15_000,
      )
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    const rows = await deliveries(author.id, 'web_push')
    expect(rows.map((d) => `${d.state}:${d.reason}`)).toEqual([
      'skipped:superseded',
      'skipped:superseded',
      'sent:null',
    ])
    const pushed = push.received.filter((r) => r.id === sub.id)
    expect(pushed).toHaveLength(1)
    expect(pushed[0]!.payload.count).toBe(3)
    expect(pushed[0]!.payload.title).toContain('and 2 others liked your post')
  })
})

describe('a lane of their own', () => {
  test('a notification is pushed while a long job holds the only slot of the default lane', async () => {
    const { runner, queue } = node.ctx.services.jobs
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    runner.register({
      kind: 'test.long',
      timeoutMs: 60_000,
      async run() {
        await released
        return { done: true }
      },
    })
    const long = await node.ctx.db
      .transaction()
      .execute((trx) => queue.enqueue(trx, { kind: 'test.long', payload: {}, maxAttempts: 1 }))
    try {
      await eventually(async () => (await job(long)).state === 'running', 10_000)
      const [author, fan] = [await register(node), await register(node)]
      const sub = await subscribe(author)
      await follow(fan, author)
      await eventually(async () => push.received.some((r) => r.id === sub.id), 15_000)
      expect(push.received.find((r) => r.id === sub.id)!.payload.title).toBe(`@${fan.username} followed you`)
      // The long job still holds its slot (JOBS_CONCURRENCY=1): the delivery did not wait for it.
      expect((await job(long)).state).toBe('running')
      // The push's click (its tracked link) marks the delivery opened and leads to the page.
      const click = await node.request(
        new URL(push.received.find((r) => r.id === sub.id)!.payload.url).pathname,
      )
      expect(click.status).toBe(302)
      expect(click.headers.get('location')).toBe('https://sf.example/notifications')
      expect((await deliveries(author.id, 'web_push'))[0]!.state).toBe('opened')
    } finally {
      release()
    }
    await eventually(async () => (await job(long)).state === 'succeeded', 10_000)
  })
})
