import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recordingToVideo } from '../../src/live/recording-video.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadBytes, uploadVideo, whenProcessed } from '../support/media.ts'
import { writePost } from '../support/social.ts'
import { connectAs } from '../support/ws.ts'
import { createTier, onboard, type PaymentsWorld, startPaymentsWorld, subscribe } from './support.ts'

let w: PaymentsWorld
let creator: Account
let fan: Account
let stranger: Account
let basic: string
let premium: string
let videoId: string
let streamId: string
let clip: Uint8Array
const dir = mkdtempSync(join(tmpdir(), 'sf-pay-'))

beforeAll(async () => {
  w = await startPaymentsWorld('payments-audience')
  ;[creator, fan, stranger] = await Promise.all([register(w.node), register(w.node), register(w.node)])
  await onboard(w, creator)
  basic = (await createTier(w, creator, { name: 'Basic', monthlyAmount: 300, yearlyAmount: null })).id
  premium = (await createTier(w, creator, { name: 'Premium', monthlyAmount: 1500, yearlyAmount: null })).id
  clip = await makeClip(join(dir, 'clip.mp4'), { seconds: 1, size: '320x180' })
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

  test('a video and a stream made for subscribers are theirs from their first moment: others see that they exist, never what they hold', async () => {
    const as = (who: Account | null) => (who ? { token: who.tokens.accessToken } : {})
    // Another creator's tier, or no tier at all: 422 on the field, nothing made.
    const notYours = { title: 'Mine', visibility: 'public', audience: 'subscribers', audienceTierId: basic }
    const foreignStream = await call(w.node, 'POST', '/v1/live/streams', { ...as(stranger), body: notYours })
    expect(foreignStream.status).toBe(422)
    expect(foreignStream.body.errors[0].field).toBe('body.audienceTierId')
    const upload = await uploadBytes(w.node.url, stranger.tokens.accessToken, clip)
    for (const audienceTierId of [basic, crypto.randomUUID(), 'not-a-tier', 'basic\u0000']) {
      const refused = await call(w.node, 'POST', '/v1/videos', {
        ...as(stranger),
        body: { ...notYours, uploadId: upload, audienceTierId },
      })
      expect(refused.status).toBe(422)
    }
    const theirs = await call(w.node, 'GET', `/v1/users/${stranger.username}/videos`, as(stranger))
    expect(theirs.body.items).toEqual([])

    const made = await uploadVideo(w.node, creator, clip, {
      title: 'Premium cut',
      description: 'what premium members get',
      tags: ['backstage'],
      audience: 'subscribers',
      audienceTierId: premium,
    })
    expect(made).toMatchObject({ audience: 'subscribers', audienceTierId: premium, locked: false })
    // Looked at from the start (processing: not found) until ready (locked), by the fan of a lower
    // tier, a stranger and an anonymous reader: never its description, tags or poster, never played.
    const lockedFor = async (who: Account | null) => {
      const res = await call(w.node, 'GET', `/v1/videos/${made.id}`, as(who))
      if (res.status === 404) return false
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ locked: true, description: '', tags: [], poster: null })
      expect(res.body.title).toBe('Premium cut')
      expect(res.body.audienceTierId).toBe(premium)
      expect((await playback(`/v1/videos/${made.id}/playback`, who)).status).toBe(403)
      // Nor is watch time of it counted.
      const view = await call(w.node, 'POST', `/v1/videos/${made.id}/views`, {
        ...as(who),
        body: { watchedSeconds: 30 },
      })
      expect(view.status).toBe(403)
      return true
    }
    const others = [fan, stranger, null]
    for (const who of others) await lockedFor(who)
    expect((await whenProcessed(w.node, creator, made.id)).status).toBe('ready')
    for (const who of others) expect(await lockedFor(who)).toBe(true)
    const own = await call(w.node, 'GET', `/v1/videos/${made.id}`, as(creator))
    expect(own.body).toMatchObject({
      locked: false,
      description: 'what premium members get',
      tags: ['backstage'],
    })
    expect(own.body.poster).not.toBeNull()
    expect((await playback(`/v1/videos/${made.id}/playback`, creator)).status).toBe(200)
    const listed = await call(w.node, 'GET', `/v1/users/${creator.username}/videos`, as(stranger))
    expect(listed.body.items.find((v: { id: string }) => v.id === made.id)).toMatchObject({
      locked: true,
      description: '',
      poster: null,
    })
    // A public post that carries it: the post reads, the video in it says locked.
    const post = await writePost(w.node, creator, { text: 'the premium cut is out', videoId: made.id })
    const read = await call(w.node, 'GET', `/v1/posts/${post}`, as(stranger))
    expect(read.body).toMatchObject({
      locked: false,
      video: { id: made.id, locked: true, audience: 'subscribers' },
    })
    const mine = await call(w.node, 'GET', `/v1/posts/${post}`, as(creator))
    expect(mine.body.video).toMatchObject({ id: made.id, locked: false })

    const stream = await call(w.node, 'POST', '/v1/live/streams', {
      ...as(creator),
      body: {
        title: 'Premium live',
        description: 'the set list',
        visibility: 'public',
        audience: 'subscribers',
        audienceTierId: premium,
      },
    })
    expect(stream.status).toBe(201)
    expect(stream.body).toMatchObject({ audience: 'subscribers', audienceTierId: premium, locked: false })
    const id = stream.body.id
    expect((await w.node.ctx.services.live.signals.started(id, crypto.randomUUID())).accepted).toBe(true)
    for (const who of others) {
      const seen = await call(w.node, 'GET', `/v1/live/streams/${id}`, as(who))
      expect(seen.body).toMatchObject({ locked: true, description: '', title: 'Premium live' })
      const live = await call(w.node, 'GET', `/v1/live/streams?owner=${creator.username}&state=live`, as(who))
      expect(live.body.items.find((s: { id: string }) => s.id === id)).toMatchObject({
        locked: true,
        description: '',
      })
      expect((await playback(`/v1/live/streams/${id}/playback`, who)).status).toBe(403)
      // Nor its chat: read, written or listened to.
      const chat = await call(w.node, 'GET', `/v1/live/streams/${id}/chat`, as(who))
      expect(chat.status).toBe(403)
      expect(chat.body.code).toBe('subscribers_only')
      if (!who) continue
      const said = await call(w.node, 'POST', `/v1/live/streams/${id}/chat`, {
        ...as(who),
        body: { text: 'let me in', clientId: crypto.randomUUID() },
      })
      expect(said.status).toBe(403)
      const { client } = await connectAs(w.node.url, who.tokens.accessToken)
      client.send({ op: 'subscribe', channel: `live:${id}`, ref: 1 })
      expect((await client.until((f) => f.op === 'subscribed' || f.op === 'error')).op).toBe('error')
      client.ws.close()
    }
    expect((await call(w.node, 'GET', `/v1/live/streams/${id}`, as(creator))).body.description).toBe(
      'the set list',
    )
    const hello = await call(w.node, 'POST', `/v1/live/streams/${id}/chat`, {
      ...as(creator),
      body: { text: 'welcome, premium members', clientId: crypto.randomUUID() },
    })
    expect(hello.status).toBe(201)
    // Its recording, once a video, is for the same subscribers.
    const file = join(dir, 'recording.mp4')
    await Bun.write(file, clip)
    const { videos, uploads } = w.node.ctx.services.videos
    const recorded = await recordingToVideo(
      { db: w.node.ctx.db, uploads, videos, signals: w.node.ctx.services.live.signals },
      id,
      file,
    )
    const recording = await call(w.node, 'GET', `/v1/videos/${recorded}`, as(creator))
    expect(recording.body).toMatchObject({ audience: 'subscribers', audienceTierId: premium })
  }, 120_000)

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
    // Nor do they trend for others.
    const trending = async (who: Account | null) =>
      (
        await call(w.node, 'GET', '/v1/trending/tags?limit=50', who ? { token: who.tokens.accessToken } : {})
      ).body.items.map((t: { tag: string }) => t.tag)
    expect(await trending(fan)).toContain('membersecretstag')
    expect(await trending(stranger)).not.toContain('membersecretstag')
    expect(await trending(null)).not.toContain('membersecretstag')
  })

  test('a post for subscribers says nothing of itself in mails and pushes (a mention made for one who does not subscribe)', async () => {
    const secret = 'quokkasecretrecipe'
    const post = await writePost(w.node, creator, {
      text: `${secret} for members, hi @${stranger.username}`,
      audience: 'subscribers',
    })
    let content: unknown
    await eventually(async () => {
      const row = await w.node.ctx.db
        .selectFrom('notificationDeliveries')
        .select('content')
        .where('userId', '=', stranger.id)
        .where('type', '=', 'mention')
        .where('channel', '=', 'email')
        .executeTakeFirst()
      content = row?.content
      return row !== undefined
    }, 15_000)
    expect(JSON.stringify(content)).toContain(creator.username)
    expect(JSON.stringify(content)).not.toContain(secret)
    // In the app the mention shows the post locked.
    const inbox = await call(w.node, 'GET', '/v1/notifications', { token: stranger.tokens.accessToken })
    const mention = inbox.body.items.find((n: { post?: { id: string } }) => n.post?.id === post)
    expect(mention?.post).toMatchObject({ locked: true, text: '' })
  })

  test("listeners of a stream's room who may not watch it once it is for subscribers are let go", async () => {
    const res = await call(w.node, 'POST', '/v1/live/streams', {
      token: creator.tokens.accessToken,
      body: { title: 'Open, then for members', visibility: 'public' },
    })
    expect(res.status).toBe(201)
    const channel = `live:${res.body.id}`
    const listen = async (who: Account) => {
      const { client } = await connectAs(w.node.url, who.tokens.accessToken)
      client.send({ op: 'subscribe', channel, ref: 1 })
      expect((await client.until((f) => f.op === 'subscribed' || f.op === 'error')).op).toBe('subscribed')
      return client
    }
    const [outsider, member] = [await listen(stranger), await listen(fan)]
    const put = await call(w.node, 'PUT', `/v1/live/streams/${res.body.id}/audience`, {
      token: creator.tokens.accessToken,
      body: { audience: 'subscribers', tierId: basic },
    })
    expect(put.status).toBe(200)
    const gone = await outsider.until((f) => f.op === 'unsubscribed' && f.channel === channel, 10_000)
    expect(gone.reason).toBe('forbidden')
    // The basic subscriber stays: the stream's chat still reaches them.
    await w.node.ctx.services.live.signals.started(res.body.id, crypto.randomUUID())
    const said = await call(w.node, 'POST', `/v1/live/streams/${res.body.id}/chat`, {
      token: creator.tokens.accessToken,
      body: { text: 'members, welcome', clientId: crypto.randomUUID() },
    })
    expect(said.status).toBe(201)
    await member.until((f) => f.op === 'event' && f.type === 'chat.message', 10_000)
    outsider.ws.close()
    member.ws.close()
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
