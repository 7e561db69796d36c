import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import { writePost } from '../support/social.ts'
import { createTier, onboard, type PaymentsWorld, startPaymentsWorld, subscribe } from './support.ts'

let w: PaymentsWorld
let creator: Account
let fan: Account
let stranger: Account
let basic: string
let premium: string
let videoId: string
let streamId: string
const dir = mkdtempSync(join(tmpdir(), 'sf-pay-'))

beforeAll(async () => {
  w = await startPaymentsWorld('payments-audience')
  ;[creator, fan, stranger] = await Promise.all([register(w.node), register(w.node), register(w.node)])
  await onboard(w, creator)
  basic = (await createTier(w, creator, { name: 'Basic', monthlyAmount: 300, yearlyAmount: null })).id
  premium = (await createTier(w, creator, { name: 'Premium', monthlyAmount: 1500, yearlyAmount: null })).id
  const clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 1, size: '320x180' })
  videoId = (await uploadVideo(w.node, creator, clip, { title: 'Members clip' })).id
  expect((await whenProcessed(w.node, creator, videoId)).status).toBe('ready')
  const stream = await call(w.node, 'POST', '/v1/live/streams', {
    token: creator.tokens.accessToken,
    body: { title: 'Members stream', visibility: 'public' },
  })
  expect(stream.status).toBe(201)
  streamId = stream.body.id
}, 120_000)
afterAll(async () => {
  await w?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const playback = (path: string, who: Account | null) =>
  call(w.node, 'GET', path, who ? { token: who.tokens.accessToken } : {})

describe('audience: subscribers-only posts, videos and live streams', () => {
  test('videos and streams for subscribers refuse playback to others, naming who to subscribe to', async () => {
    for (const [path, body] of [
      [`/v1/videos/${videoId}/audience`, { audience: 'subscribers' }],
      [`/v1/live/streams/${streamId}/audience`, { audience: 'subscribers', tierId: basic }],
    ] as const) {
      const res = await call(w.node, 'PUT', path, { token: creator.tokens.accessToken, body })
      expect(res.status).toBe(200)
    }
    const refused = await playback(`/v1/videos/${videoId}/playback`, stranger)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'subscription_required', creatorId: creator.id })
    expect((await playback(`/v1/videos/${videoId}/playback`, null)).status).toBe(403)
    expect((await playback(`/v1/videos/${videoId}/playback`, creator)).status).toBe(200)
    expect((await playback(`/v1/live/streams/${streamId}/playback`, stranger)).status).toBe(403)
    // The owner passes the gate (the idle stream has nothing to play yet).
    expect((await playback(`/v1/live/streams/${streamId}/playback`, creator)).status).not.toBe(403)
    // Someone else's video: not found, not changed.
    const other = await call(w.node, 'PUT', `/v1/videos/${videoId}/audience`, {
      token: stranger.tokens.accessToken,
      body: { audience: 'public' },
    })
    expect(other.status).toBe(404)
    // Another creator's tier cannot be named.
    const foreignTier = await call(w.node, 'PUT', `/v1/live/streams/${streamId}/audience`, {
      token: stranger.tokens.accessToken,
      body: { audience: 'subscribers', tierId: basic },
    })
    expect(foreignTier.status).toBe(404)
  })

  test('a tier and above: a basic subscriber sees basic posts, not premium ones; the timeline page says which', async () => {
    const forBasic = await writePost(w.node, creator, { text: 'basic and up' })
    const forPremium = await writePost(w.node, creator, { text: 'premium only' })
    const open = await writePost(w.node, creator, { text: 'for everyone' })
    // Or at once, when written (no moment public).
    const atOnce = await writePost(w.node, creator, {
      text: 'members from the start',
      audience: 'subscribers',
      audienceTierId: basic,
    })
    const foreign = await call(w.node, 'POST', '/v1/posts', {
      token: stranger.tokens.accessToken,
      body: { text: 'with your tier', audience: 'subscribers', audienceTierId: basic },
    })
    expect(foreign.status).toBe(422)
    for (const [id, tierId] of [
      [forBasic, basic],
      [forPremium, premium],
    ])
      expect(
        (
          await call(w.node, 'PUT', `/v1/posts/${id}/audience`, {
            token: creator.tokens.accessToken,
            body: { audience: 'subscribers', tierId },
          })
        ).status,
      ).toBe(200)
    await subscribe(w, fan, basic)
    const page = await call(w.node, 'GET', `/v1/users/${creator.username}/posts`, {
      token: fan.tokens.accessToken,
    })
    expect(page.status).toBe(200)
    const byId = new Map(page.body.items.map((p: { id: string }) => [p.id, p]))
    expect(byId.get(forBasic)).toMatchObject({ locked: false, text: 'basic and up' })
    expect(byId.get(forPremium)).toMatchObject({ locked: true, text: '', audienceTierId: premium })
    expect(byId.get(open)).toMatchObject({ locked: false, text: 'for everyone', audience: 'public' })
    expect(byId.get(atOnce)).toMatchObject({ locked: false, audience: 'subscribers', audienceTierId: basic })
    const strangers = await call(w.node, 'GET', `/v1/users/${creator.username}/posts`, {
      token: stranger.tokens.accessToken,
    })
    const locked = strangers.body.items
      .filter((p: { locked: boolean }) => p.locked)
      .map((p: { id: string }) => p.id)
    expect(locked.sort()).toEqual([forBasic, forPremium, atOnce].sort())
    // The video needs any tier; the stream the basic tier and above: both play for the fan now.
    expect((await playback(`/v1/videos/${videoId}/playback`, fan)).status).toBe(200)
    expect((await playback(`/v1/live/streams/${streamId}/playback`, fan)).status).not.toBe(403)
  })

  test('search: words inside a locked post match only for those entitled to it (and tags of locked posts stay hidden)', async () => {
    const secret = await writePost(w.node, creator, {
      text: 'zanzibarquokka behind the scenes #membersecretstag',
      audience: 'subscribers',
      audienceTierId: basic,
    })
    const premiumOnly = await writePost(w.node, creator, {
      text: 'zanzibarquokka premium cut',
      audience: 'subscribers',
      audienceTierId: premium,
    })
    const find = async (who: Account | null, q: string, type = 'posts') => {
      const res = await call(
        w.node,
        'GET',
        `/v1/search?q=${encodeURIComponent(q)}&type=${type}`,
        who ? { token: who.tokens.accessToken } : {},
      )
      expect(res.status).toBe(200)
      return res.body.items.map((i: { id?: string; tag?: string }) => i.id ?? i.tag)
    }
    await eventually(async () => (await find(creator, 'zanzibarquokka')).length === 2, 10_000)
    expect((await find(creator, 'zanzibarquokka')).sort()).toEqual([secret, premiumOnly].sort())
    // The basic subscriber finds the basic post, not the premium one.
    expect(await find(fan, 'zanzibarquokka')).toEqual([secret])
    expect(await find(stranger, 'zanzibarquokka')).toEqual([])
    expect(await find(null, 'zanzibarquokka')).toEqual([])
    expect(await find(stranger, 'membersecretst', 'tags')).toEqual([])
    expect(await find(fan, 'membersecretst', 'tags')).toEqual(['membersecretstag'])
  })

  test("a subscribers-only chat takes the streamer's subscribers' messages, not others'", async () => {
    const res = await call(w.node, 'POST', '/v1/live/streams', {
      token: creator.tokens.accessToken,
      body: { title: 'Members chat', visibility: 'public', chat: { subscribersOnly: true } },
    })
    expect(res.status).toBe(201)
    const answer = await w.node.ctx.services.live.signals.started(res.body.id, crypto.randomUUID())
    expect(answer.accepted).toBe(true)
    const say = (who: Account, text: string) =>
      call(w.node, 'POST', `/v1/live/streams/${res.body.id}/chat`, {
        token: who.tokens.accessToken,
        body: { text, clientId: crypto.randomUUID() },
      })
    const refused = await say(stranger, 'let me in')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('subscribers_only')
    expect((await say(fan, 'hello from a subscriber')).status).toBe(201)
    // A tip on the stream is said in its chat by the tipper once Stripe reports the payment.
    const tip = await call(w.node, 'POST', '/v1/tips', {
      token: fan.tokens.accessToken,
      body: {
        creatorId: creator.id,
        amount: 500,
        currency: 'usd',
        subject: { kind: 'stream', id: res.body.id },
        message: 'great show',
      },
    })
    expect(tip.status).toBe(201)
    await w.sdk.paymentIntents.confirm(tip.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await eventually(async () => {
      const chat = await call(w.node, 'GET', `/v1/live/streams/${res.body.id}/chat`, {
        token: fan.tokens.accessToken,
      })
      return chat.body.items.some((m: { text: string }) => m.text === 'Tipped 5.00 USD: great show')
    }, 10_000)
  })
})
