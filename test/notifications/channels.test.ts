import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { lookup } from 'node:dns'
import { rmSync } from 'node:fs'
import type { LookupFunction } from 'node:net'
import { Secret, TOTP } from 'otpauth'
import postgres from 'postgres'
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import {
  makeCertificate,
  serviceAccountFile,
  startFakeFcm,
  startFakeTwilio,
  startPushService,
} from './services.ts'

let node: TestNode
let db: postgres.Sql
// The node's resolver: push-service.test is the test push service (loopback); other names as usual.
const resolvedByName: string[] = []
const pushServiceByName: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'push-service.test') return lookup(hostname, options, callback)
  resolvedByName.push(hostname)
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }])
  else callback(null, '127.0.0.1', 4)
}
const tls = makeCertificate()
const push = startPushService(tls)
const fcm = startFakeFcm(tls)
const twilio = startFakeTwilio()
beforeAll(async () => {
  node = await startSocialNode(
    'notify-channels',
    {
      NOTIFY_EXTRA_CA_FILE: tls.certFile,
      // The test push service listens on loopback.
      WEB_PUSH_PRIVATE_ENDPOINTS: 'true',
      FCM_SERVICE_ACCOUNT_FILE: serviceAccountFile(tls.dir),
      FCM_CONNECT_TO: fcm.connectTo,
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000001',
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: twilio.url,
      PUBLIC_URL: 'https://sf.example',
    },
    { lookup: pushServiceByName },
  )
  db = postgres(node.databaseUrl, { max: 2, onnotice: () => {} })
})
afterAll(async () => {
  await db.end()
  await node.stop()
  push.stop()
  fcm.stop()
  twilio.stop()
  rmSync(tls.dir, { recursive: true, force: true })
})

const as = (a: Account) => a.tokens.accessToken
const prefs = async (a: Account, body: unknown) => {
  const res = await call(node, 'PUT', '/v1/notifications/preferences', { token: as(a), body })
  expect(res.status).toBe(200)
  return res.body
}
const subscribe = async (a: Account) => {
  const sub = push.subscription()
  const res = await call(node, 'POST', '/v1/push/subscriptions', { token: as(a), body: sub.json })
  expect(res.status).toBe(201)
  return sub
}
const pushesTo = (id: string) => push.received.filter((r) => r.id === id)
const deliveries = async (userId: string, channel?: string) =>
  db<{ channel: string; state: string; reason: string | null; runAfter: Date | null }[]>`
    select channel, state, reason, run_after as "runAfter" from notification_deliveries
    where user_id = ${userId} ${channel ? db`and channel = ${channel}` : db``} order by created_at`

describe('web push', () => {
  test('a follow is pushed encrypted (aes128gcm, VAPID); grouped likes update one topic; 410 removes the subscription', async () => {
    const [author, a, b] = [await register(node), await register(node), await register(node)]
    const sub = await subscribe(author)
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(a) })
    await eventually(async () => pushesTo(sub.id).length === 1, 15_000)
    const [first] = pushesTo(sub.id)
    expect(first!.encoding).toBe('aes128gcm')
    expect(first!.vapid).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/)
    expect(first!.payload.title).toBe(`@${a.username} followed you`)
    expect(first!.payload.url).toMatch(/^https:\/\/sf\.example\/v1\/notifications\/open\//)
    expect(Number(first!.ttl)).toBeGreaterThan(0)
    // The VAPID key is the one browsers are given.
    const key = await call(node, 'GET', '/v1/push/vapid-public-key')
    expect(first!.vapid).toContain(`k=${key.body.publicKey}`)

    // Two likes of one post: the second replaces the first (same topic), saying "and 1 others".
    const post = await writePost(node, author, { text: 'like me' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(a) })
    await eventually(async () => pushesTo(sub.id).length === 2, 15_000)
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(b) })
    await eventually(async () => pushesTo(sub.id).length === 3, 15_000)
    const [, like1, like2] = pushesTo(sub.id)
    expect(like1!.topic).toBeTruthy()
    expect(like2!.topic).toBe(like1!.topic)
    expect(like2!.payload.count).toBe(2)
    expect(like2!.payload.title).toContain('and 1 others liked your post')

    // The push service says the subscription is gone: it is removed.
    push.gone.add(sub.id)
    const c = await register(node)
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(c) })
    await eventually(async () => (await deliveries(author.id)).some((d) => d.state === 'failed'), 15_000)
    expect((await deliveries(author.id)).at(-1)!.reason).toMatch(/^gone: 410/)
    expect(
      (await db`select count(*)::int as n from push_subscriptions where user_id = ${author.id}`)[0]!.n,
    ).toBe(0)
  })

  test("a push service named by a host name is dialled at the address the node's resolver gave", async () => {
    const me = await register(node)
    const sub = push.subscription('push-service.test')
    const made = await call(node, 'POST', '/v1/push/subscriptions', { token: as(me), body: sub.json })
    expect(made.status).toBe(201)
    const fan = await register(node)
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(fan) })
    await eventually(async () => pushesTo(sub.id).length === 1, 15_000)
    expect(pushesTo(sub.id)[0]!.payload.title).toBe(`@${fan.username} followed you`)
    // No system resolver knows the name: the connection used the node's.
    expect(resolvedByName.length).toBeGreaterThan(0)
  })

  test('a post reaches the followers who turned the post type on (push and e-mail), nobody else', async () => {
    const [author, on, off] = [await register(node), await register(node), await register(node)]
    for (const f of [on, off])
      await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(f) })
    const subOn = await subscribe(on)
    const subOff = await subscribe(off)
    const set = await prefs(on, { types: { post: { channels: { web_push: true, email: true } } } })
    expect(set.types.find((t: { type: string }) => t.type === 'post').channels).toEqual({
      in_app: false,
      email: true,
      web_push: true,
      mobile_push: false,
      sms: false,
    })
    await writePost(node, author, { text: 'for my followers' })
    await eventually(async () => pushesTo(subOn.id).length === 1, 15_000)
    expect(pushesTo(subOn.id)[0]!.payload.title).toBe(`@${author.username} posted`)
    expect((await deliveries(on.id)).map((d) => d.channel).sort()).toEqual(['email', 'web_push'])
    await Bun.sleep(300)
    expect(pushesTo(subOff.id)).toHaveLength(0)
  })

  test("subscriptions: bad keys and URLs are 422, deleting another account's endpoint is 404", async () => {
    const [a, b] = [await register(node), await register(node)]
    const sub = push.subscription()
    for (const body of [
      { ...sub.json, endpoint: 'http://127.0.0.1/push/x' },
      { ...sub.json, keys: { p256dh: 'AAAA', auth: sub.json.keys.auth } },
      { ...sub.json, keys: { p256dh: sub.json.keys.p256dh, auth: 'x\u0000y' } },
      { endpoint: sub.json.endpoint },
    ]) {
      const res = await call(node, 'POST', '/v1/push/subscriptions', { token: as(a), body })
      expect(res.status).toBe(422)
    }
    expect(
      (await call(node, 'POST', '/v1/push/subscriptions', { token: as(a), body: sub.json })).status,
    ).toBe(201)
    const other = await call(node, 'DELETE', '/v1/push/subscriptions', {
      token: as(b),
      body: { endpoint: sub.json.endpoint },
    })
    expect(other.status).toBe(404)
    const mine = await call(node, 'DELETE', '/v1/push/subscriptions', {
      token: as(a),
      body: { endpoint: sub.json.endpoint },
    })
    expect(mine.status).toBe(204)
    // At most 20 browsers per account: the 21st replaces the oldest.
    const made = []
    for (let i = 0; i < 21; i++) made.push(await subscribe(b))
    const kept = await db<
      { endpoint: string }[]
    >`select endpoint from push_subscriptions where user_id = ${b.id}`
    expect(kept).toHaveLength(20)
    expect(kept.map((k) => k.endpoint)).not.toContain(made[0]!.json.endpoint)
    expect(kept.map((k) => k.endpoint)).toContain(made[20]!.json.endpoint)
  })

  test("quiet hours in the account's time zone defer a push until they end; it is released then", async () => {
    const [author, fan] = [await register(node), await register(node)]
    const sub = await subscribe(author)
    const dispatcher = node.ctx.services.notifications.dispatcher
    // Quiet from now (local) for two hours, in Tokyo.
    const local = new Date(Date.now() + 9 * 3_600_000)
    const hh = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    await prefs(author, {
      timeZone: 'Asia/Tokyo',
      quietHours: { start: hh(local), end: hh(new Date(local.getTime() + 2 * 3_600_000)) },
    })
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(fan) })
    await eventually(async () => (await deliveries(author.id)).length === 1, 15_000)
    const [deferred] = await deliveries(author.id)
    expect(deferred!.state).toBe('deferred')
    expect(Math.abs(deferred!.runAfter!.getTime() - (Date.now() + 2 * 3_600_000))).toBeLessThan(120_000)
    await dispatcher.release()
    expect((await deliveries(author.id))[0]!.state).toBe('deferred')
    // Two hours later (the clock moved), the release sends it.
    dispatcher.clock.offsetMs = 2 * 3_600_000 + 60_000
    try {
      await dispatcher.release()
      await eventually(async () => pushesTo(sub.id).length === 1, 15_000)
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    // A live stream's start deferred past its lifetime (an hour) is not sent at all.
    const streamer = await register(node)
    await call(node, 'POST', `/v1/users/${streamer.username}/follow`, { token: as(author) })
    await node.ctx.services.notifications.notifications.notify({
      type: 'live_started',
      recipients: [author.id],
      actorId: streamer.id,
      eventId: crypto.randomUUID(),
      groupKey: 'live_started:test',
    })
    await eventually(async () => (await deliveries(author.id)).length === 2, 10_000)
    expect((await deliveries(author.id))[1]!.state).toBe('deferred')
    dispatcher.clock.offsetMs = 2 * 3_600_000 + 60_000
    try {
      await dispatcher.release()
      await eventually(async () => (await deliveries(author.id))[1]!.state === 'skipped', 15_000)
    } finally {
      dispatcher.clock.offsetMs = 0
    }
    expect((await deliveries(author.id))[1]!.reason).toBe('expired')
    expect(pushesTo(sub.id)).toHaveLength(1)
    // A security notice passes quiet hours at once, urgent.
    await prefs(author, {
      quietHours: { start: hh(local), end: hh(new Date(local.getTime() + 2 * 3_600_000)) },
    })
    await node.ctx.services.notifications.notifications.security(author.id, 'new_sign_in')
    await eventually(async () => pushesTo(sub.id).length === 2, 15_000)
    expect(pushesTo(sub.id)[1]!.urgency).toBe('high')
    expect(pushesTo(sub.id)[1]!.payload.title).toBe('Security notice: a new sign-in to your account')
  })
})

describe('preferences', () => {
  test('from whom: only people I follow; strangers filtered into requests, accepted later', async () => {
    const [me, friend, stranger, other] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    await call(node, 'POST', `/v1/users/${friend.username}/follow`, { token: as(me) })
    await prefs(me, { types: { mention: { fromWhom: 'following' } }, filterStrangers: true })
    const got = await call(node, 'GET', '/v1/notifications/preferences', { token: as(me) })
    expect(got.body.types.find((t: { type: string }) => t.type === 'mention').fromWhom).toBe('following')
    expect(got.body.filterStrangers).toBe(true)
    await writePost(node, stranger, { text: `hi @${me.username}` })
    await writePost(node, friend, { text: `hello @${me.username}` })
    // A stranger's follow is held in requests (filtered), the friend's mention shows.
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(other) })
    const list = async () =>
      (await call(node, 'GET', '/v1/notifications', { token: as(me) })).body.items.map(
        (n: { type: string; actor: { username: string } }) => `${n.type}:${n.actor.username}`,
      )
    await eventually(async () => (await list()).length === 1, 10_000)
    await eventually(
      async () =>
        (await call(node, 'GET', '/v1/notifications/requests', { token: as(me) })).body.items.length === 1,
      10_000,
    )
    await Bun.sleep(300)
    expect(await list()).toEqual([`mention:${friend.username}`])
    const requests = await call(node, 'GET', '/v1/notifications/requests', { token: as(me) })
    expect(requests.body.items.map((r: { actor: { id: string } }) => r.actor.id)).toEqual([other.id])
    expect((await call(node, 'GET', '/v1/notifications/unread-count', { token: as(me) })).body.count).toBe(1)
    // Accepting: the follow joins the list, unread.
    const accept = await call(node, 'POST', `/v1/notifications/requests/${other.id}/accept`, {
      token: as(me),
    })
    expect(accept.body.count).toBe(1)
    expect(await list()).toContain(`follow:${other.username}`)
    expect((await call(node, 'GET', '/v1/notifications/unread-count', { token: as(me) })).body.count).toBe(2)
    // Nothing held any more: 404; someone else's forged id, 404; a malformed one, 422.
    expect(
      (await call(node, 'POST', `/v1/notifications/requests/${other.id}/dismiss`, { token: as(me) })).status,
    ).toBe(404)
    expect(
      (await call(node, 'POST', '/v1/notifications/requests/not-a-uuid/accept', { token: as(me) })).status,
    ).toBe(422)
  })

  test('from whom: my followers, mutuals, nobody (in-app list, pushes and deliveries alike)', async () => {
    const [me, follower, followee, mutual, stranger] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const sub = await subscribe(me)
    for (const a of [follower, mutual])
      await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(a) })
    for (const a of [followee, mutual])
      await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(me) })
    const likesOf = async (post: string) =>
      (await call(node, 'GET', '/v1/notifications?types=like', { token: as(me) })).body.items
        .filter((n: { post: { id: string } }) => n.post.id === post)
        .map((n: { actor: { username: string } }) => n.actor.username)
        .sort()
    const likeDeliveries = () =>
      db<{ state: string }[]>`
        select state from notification_deliveries where user_id = ${me.id} and type = 'like' order by created_at`
    const likePushes = () => pushesTo(sub.id).filter((p) => p.payload.type === 'like')
    /** Once the like deliveries are all settled: how many, and the last push's group count. */
    const settled = async (rows: number) => {
      await eventually(async () => {
        const all = await likeDeliveries()
        return all.length === rows && all.every((d) => d.state !== 'queued')
      }, 15_000)
      // A grouped push replaces the earlier ones of its group: those not sent yet are superseded.
      const sent = (await likeDeliveries()).filter((d) => d.state === 'sent').length
      expect(likePushes()).toHaveLength(sent)
      return likePushes().at(-1)!.payload.count
    }
    // Everyone likes a post; those the setting refuses go first, so that when the allowed ones
    // have arrived the refused ones were handled too (one consumer, in order).
    const round = async (fromWhom: string, allowed: Account[]) => {
      await prefs(me, { types: { like: { fromWhom } } })
      const post = await writePost(node, me, { text: `from ${fromWhom}` })
      const everyone = [stranger, followee, follower, mutual]
      const refused = everyone.filter((a) => !allowed.includes(a))
      for (const a of [...refused, ...allowed])
        await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(a) })
      return post
    }
    const names = (list: Account[]) => list.map((a) => a.username).sort()

    const p1 = await round('followers', [follower, mutual])
    await eventually(async () => (await likesOf(p1)).length === 2, 10_000)
    expect(await settled(2)).toBe(2)
    expect(await likesOf(p1)).toEqual(names([follower, mutual]))

    const p2 = await round('mutuals', [mutual])
    await eventually(async () => (await likesOf(p2)).length === 1, 10_000)
    expect(await settled(3)).toBe(1)
    expect(await likesOf(p2)).toEqual(names([mutual]))

    const p3 = await round('nobody', [])
    // A follow (still from anyone) after the likes: once it is there, the likes were handled.
    const late = await register(node)
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(late) })
    await eventually(
      async () =>
        (await call(node, 'GET', '/v1/notifications?types=follow', { token: as(me) })).body.items.some(
          (n: { actor: { id: string } }) => n.actor.id === late.id,
        ),
      10_000,
    )
    expect(await likesOf(p3)).toEqual([])
    expect(await likeDeliveries()).toHaveLength(3)
    expect(await settled(3)).toBe(1)
    // Nothing held for later either: refused is not filtered.
    expect((await call(node, 'GET', '/v1/notifications/requests', { token: as(me) })).body.items).toEqual([])
  })

  test('bad preference input is 422, never 500', async () => {
    const me = await register(node)
    for (const body of [
      { types: { hug: { channels: { email: true } } } },
      { types: { like: { fromWhom: 'aliens' } } },
      { types: { moderation: { fromWhom: 'anyone' } } },
      { types: { like: { channels: { sms: true } } } },
      { quietHours: { start: '25:00', end: '07:00' } },
      { timeZone: 'Mars/Olympus' },
      { timeZone: 'Europe/Paris\u0000' },
      { digest: { hour: 7.5 } },
      { digest: { hour: 1e20 } },
    ]) {
      const res = await call(node, 'PUT', '/v1/notifications/preferences', { token: as(me), body })
      expect(res.status).toBe(422)
    }
    expect((await call(node, 'GET', '/v1/notifications/preferences')).status).toBe(401)
    // The time zone is a profile setting too (PATCH /v1/me), the same one.
    expect(
      (await call(node, 'PATCH', '/v1/me', { token: as(me), body: { timeZone: 'Nowhere/Atlantis' } })).status,
    ).toBe(422)
    expect(
      (await call(node, 'PATCH', '/v1/me', { token: as(me), body: { timeZone: 'Asia/Tokyo' } })).status,
    ).toBe(200)
    expect((await call(node, 'GET', '/v1/me', { token: as(me) })).body.profile.settings.timeZone).toBe(
      'Asia/Tokyo',
    )
    expect((await call(node, 'GET', '/v1/notifications/preferences', { token: as(me) })).body.timeZone).toBe(
      'Asia/Tokyo',
    )
  })
})

describe('mobile push (FCM) and SMS (Twilio)', () => {
  test('a device gets an FCM v1 message with a collapse key; UNREGISTERED removes it', async () => {
    const [me, fan] = [await register(node), await register(node)]
    const token = `fcm-token-${crypto.randomUUID()}`
    const dev = await call(node, 'POST', '/v1/devices', {
      token: as(me),
      body: { token, platform: 'android', appVersion: '2.1.0' },
    })
    expect(dev.status).toBe(201)
    const post = await writePost(node, me, { text: 'fcm' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await eventually(async () => fcm.received.some((r) => r.message.token === token), 15_000)
    const sent = fcm.received.find((r) => r.message.token === token)!
    expect(sent.path).toBe('/v1/projects/sf-test/messages:send')
    expect(sent.authorization).toBe('Bearer fake-access-token')
    expect(sent.message.notification.title).toBe(`@${fan.username} liked your post`)
    expect(sent.message.android.collapse_key).toBeTruthy()
    expect(sent.message.data.url).toMatch(/^https:\/\/sf\.example\/v1\/notifications\/open\//)
    expect(fcm.tokenRequests.length).toBeGreaterThan(0)
    await eventually(async () => (await deliveries(me.id, 'mobile_push'))[0]?.state === 'sent', 5000)

    fcm.unregistered.add(token)
    const other = await register(node)
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(other) })
    await eventually(
      async () => (await deliveries(me.id, 'mobile_push')).some((d) => d.state === 'failed'),
      15_000,
    )
    expect((await deliveries(me.id, 'mobile_push')).at(-1)!.reason).toContain('gone')
    expect((await db`select count(*)::int as n from devices where user_id = ${me.id}`)[0]!.n).toBe(0)
    // Removing someone else's device, or a malformed id: 404 / 422.
    expect((await call(node, 'DELETE', `/v1/devices/${crypto.randomUUID()}`, { token: as(me) })).status).toBe(
      404,
    )
    expect((await call(node, 'DELETE', '/v1/devices/1.5', { token: as(me) })).status).toBe(422)
  })

  test('a phone number is verified by a texted code; security notices then go by SMS', async () => {
    const me = await register(node)
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    expect(
      (await call(node, 'POST', '/v1/me/phone', { token: as(me), body: { phone: '0123' } })).status,
    ).toBe(422)
    const started = await call(node, 'POST', '/v1/me/phone', { token: as(me), body: { phone } })
    expect(started.status).toBe(202)
    const text = twilio.received.find((r) => r.form.To === phone)!
    expect(text.path).toBe('/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json')
    expect(text.authorization).toBe(
      `Basic ${Buffer.from('AC00000000000000000000000000000001:twilio-token').toString('base64')}`,
    )
    expect(text.form.From).toBe('+15550000000')
    const code = text.form.Body!.match(/(\d{6})/)![1]!
    const wrong = code === '000000' ? '111111' : '000000'
    expect(
      (await call(node, 'POST', '/v1/me/phone/verify', { token: as(me), body: { code: wrong } })).status,
    ).toBe(422)
    expect((await call(node, 'POST', '/v1/me/phone/verify', { token: as(me), body: { code } })).body).toEqual(
      {
        phone,
        verified: true,
      },
    )
    // Auth reports the change (account.security_changed): the notice goes by SMS.
    const changed = await call(node, 'POST', '/v1/auth/password/change', {
      token: as(me),
      body: { currentPassword: me.password, newPassword: `${me.password}-2` },
    })
    expect(changed.status).toBeLessThan(300)
    await eventually(async () => twilio.received.filter((r) => r.form.To === phone).length === 2, 15_000)
    expect(twilio.received.filter((r) => r.form.To === phone)[1]!.form.Body).toContain(
      'Security notice: your password was changed',
    )
    await eventually(async () => (await deliveries(me.id, 'sms'))[0]?.state === 'sent', 5000)
    // Twilio's status callback, signed: the delivery is delivered; unsigned, 401.
    const notice = twilio.received.filter((r) => r.form.To === phone)[1]!
    expect(notice.form.StatusCallback).toBe('https://sf.example/v1/notifications/webhooks/twilio')
    const [row] = await db<{ providerId: string }[]>`
      select provider_id as "providerId" from notification_deliveries where user_id = ${me.id} and channel = 'sms'`
    const form = { MessageSid: row!.providerId, MessageStatus: 'delivered', To: phone }
    const callback = (signature: string) =>
      node.request('/v1/notifications/webhooks/twilio', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(form).toString(),
      })
    expect((await callback('forged')).status).toBe(401)
    const signature = getExpectedTwilioSignature('twilio-token', notice.form.StatusCallback!, form)
    const ok = await callback(signature)
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ outcome: 'delivered' })
    expect((await deliveries(me.id, 'sms'))[0]!.state).toBe('delivered')
    // A sign-in from a device never seen: another notice.
    const login = await call(node, 'POST', '/v1/auth/login', {
      body: { login: me.username, password: `${me.password}-2` },
    })
    expect(login.status).toBe(200)
    await eventually(async () => twilio.received.filter((r) => r.form.To === phone).length === 3, 15_000)
    expect(twilio.received.filter((r) => r.form.To === phone)[2]!.form.Body).toContain(
      'Security notice: a new sign-in to your account',
    )
    // Two-factor sign-in turned on, then off: a notice each.
    const token = login.body.accessToken as string
    const texts = () => twilio.received.filter((r) => r.form.To === phone).map((r) => r.form.Body!)
    const setup = await call(node, 'POST', '/v1/auth/2fa/setup', {
      token,
      body: { password: `${me.password}-2` },
    })
    const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), digits: 6, period: 30 })
    const enabled = await call(node, 'POST', '/v1/auth/2fa/enable', {
      token,
      body: { code: totp.generate() },
    })
    expect(enabled.status).toBe(200)
    await eventually(async () => texts().length === 4, 15_000)
    expect(texts()[3]).toContain('Security notice: two-factor sign-in was turned on')
    const disabled = await call(node, 'POST', '/v1/auth/2fa/disable', {
      token,
      body: { password: `${me.password}-2`, code: enabled.body.recoveryCodes[0] },
    })
    expect(disabled.status).toBe(204)
    await eventually(async () => texts().length === 5, 15_000)
    expect(texts()[4]).toContain('Security notice: two-factor sign-in was turned off')
    // A social type the account turned on for SMS (it has a verified number) goes by SMS too.
    await prefs(
      { ...me, tokens: { ...me.tokens, accessToken: token } },
      {
        types: { mention: { channels: { sms: true } } },
      },
    )
    const fan = await register(node)
    await writePost(node, fan, { text: `texting @${me.username}` })
    await eventually(async () => texts().length === 6, 15_000)
    expect(texts()[5]).toBe(`SocialFlow: @${fan.username} mentioned you: texting @${me.username}`)
    // A number Twilio refuses: the code cannot be sent (502), and nothing is left waiting.
    twilio.invalid.add('+15559999999')
    expect(
      (await call(node, 'POST', '/v1/me/phone', { token: as(me), body: { phone: '+15559999999' } })).status,
    ).toBe(502)
  })
})
