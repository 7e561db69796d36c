import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { connectAs, type Frame, type WsClient } from '../support/ws.ts'

/**
 * Live chat: the room `live:<id>` between viewers on two gateways (two nodes of one deployment),
 * its modes (slow, followers-only, subscribers-only, emote-only), moderation (delete, pin,
 * timeout, ban, banned terms) with its events and audit, history on subscribe and resume, and
 * viewer counts from both gateways. Streams go live as a backend makes them (`signals`).
 */
let a: TestNode
let b: TestNode
let owner: Account
let mod: Account
let fan: Account
let other: Account
let stranger: Account
const opened: WsClient[] = []

const as = (x: Account) => x.tokens.accessToken
const ENV = { LIVE_IDLE_END_SECONDS: '600', LIVE_RTMP_PORT: '0', LIVE_VIEWERS_LEASE_SECONDS: '6' }

beforeAll(async () => {
  a = await startSocialNode('live_chat', ENV)
  b = await startTestNode('live_chat_b', {
    join: a,
    // Another gateway: its own node id (the two nodes share a process here).
    env: {
      NODE_ID: 'live-chat-b',
      TRUST_PROXY: 'true',
      PASSWORD_MEMORY_KIB: '1024',
      PASSWORD_TIME_COST: '1',
      ...ENV,
    },
  })
  ;[owner, mod, fan, other, stranger] = await Promise.all([
    register(a),
    register(a),
    register(a),
    register(a),
    register(a),
  ])
}, 60_000)

afterAll(async () => {
  for (const n of [a, b])
    for (const l of n?.logs ?? [])
      if (Number(l.level) >= 40) console.log('LOG', JSON.stringify(l).slice(0, 1500))
  for (const c of opened) c.ws.close()
  await b?.stop()
  await a?.stop()
})

async function liveStream(body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(a, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title: 'Chat show', visibility: 'public', ...body },
  })
  expect(res.status).toBe(201)
  const answer = await a.ctx.services.live.signals.started(res.body.id, crypto.randomUUID())
  expect(answer.accepted).toBe(true)
  return res.body.id
}

async function join(node: TestNode, who: Account, streamId: string, since?: number) {
  const { client } = await connectAs(node.url, as(who))
  opened.push(client)
  client.send({
    op: 'subscribe',
    channel: `live:${streamId}`,
    ref: 1,
    ...(since !== undefined ? { since } : {}),
  })
  const answer = await client.until((f) => f.op === 'subscribed' || f.op === 'error')
  expect(answer.op).toBe('subscribed')
  return client
}

const isEvent = (type: string) => (f: Frame) => f.op === 'event' && f.type === type

function say(who: Account, streamId: string, text: string, clientId: string = crypto.randomUUID()) {
  return call(a, 'POST', `/v1/live/streams/${streamId}/chat`, { token: as(who), body: { text, clientId } })
}

describe('chat between viewers', () => {
  test('viewers on two gateways chat in order, over REST and the gateway op; a resend is stored once', async () => {
    const id = await liveStream()
    const onA = await join(a, fan, id)
    const onB = await join(b, other, id)
    const first = await say(fan, id, '  hello  everyone ', 'c-1')
    expect(first.status).toBe(201)
    expect(first.body.message).toMatchObject({
      text: 'hello  everyone',
      clientId: 'c-1',
      author: { id: fan.id, username: fan.username },
    })
    const again = await say(fan, id, 'hello everyone', 'c-1')
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ created: false, message: { id: first.body.message.id } })
    onB.send({ op: 'chat.send', streamId: id, text: 'hi from b', clientId: 'c-2', ref: 'r' })
    for (const c of [onA, onB]) {
      const messages: Frame[] = []
      let sent: Frame | undefined
      while (messages.length < 2 || (c === onB && !sent)) {
        const f = await c.until((x) => isEvent('chat.message')(x) || x.op === 'chat.sent')
        if (f.op === 'chat.sent') sent = f
        else messages.push(f)
      }
      if (c === onB) expect(sent).toMatchObject({ ref: 'r', created: true, message: { text: 'hi from b' } })
      expect(messages.map((m) => (m.data as Frame).text)).toEqual(['hello  everyone', 'hi from b'])
      expect(messages[1]!.seq).toBe((messages[0]!.seq as number) + 1)
    }
    const replay = await call(a, 'GET', `/v1/live/streams/${id}/chat`, { token: as(stranger) })
    expect(replay.status).toBe(200)
    expect(replay.body.items.map((m: Frame) => m.text)).toEqual(['hello  everyone', 'hi from b'])
  })

  test('live.chat counts REST and the gateway op together: past 20 in 10 s the op is refused', async () => {
    const id = await liveStream()
    const chatty = await register(a)
    const ws = await join(b, chatty, id)
    for (let i = 0; i < 15; i++) expect((await say(chatty, id, `rest ${i}`)).status).toBe(201)
    const viaOp = async (i: number) => {
      ws.send({ op: 'chat.send', streamId: id, text: `op ${i}`, clientId: `op-${i}`, ref: `r${i}` })
      return ws.until((f) => f.ref === `r${i}`)
    }
    // The limit is a cell rate (20 at once, then one every 0.5 s): a few more come in while this runs.
    let accepted = 0
    for (;;) {
      const answer = await viaOp(accepted)
      if (answer.op === 'error') {
        expect(answer.code).toBe('rate_limited')
        break
      }
      accepted++
    }
    expect(accepted).toBeGreaterThanOrEqual(5)
    expect(accepted).toBeLessThan(12)
  })

  test('history on subscribe (since 0: the recent chat), and resume after a seq on the other gateway', async () => {
    const id = await liveStream()
    for (let i = 1; i <= 3; i++) expect((await say(fan, id, `m${i}`)).status).toBe(201)
    const late = await join(b, other, id, 0)
    const texts: string[] = []
    let lastSeq = 0
    while (texts.length < 3) {
      const f = await late.until(isEvent('chat.message'))
      texts.push((f.data as Frame).text as string)
      lastSeq = f.seq as number
    }
    expect(texts).toEqual(['m1', 'm2', 'm3'])
    late.ws.close()
    expect((await say(fan, id, 'm4')).status).toBe(201)
    expect((await say(fan, id, 'm5')).status).toBe(201)
    const back = await join(a, other, id, lastSeq)
    const m4 = await back.until(isEvent('chat.message'))
    const m5 = await back.until(isEvent('chat.message'))
    expect([m4.seq, m5.seq]).toEqual([lastSeq + 1, lastSeq + 2])
    expect([(m4.data as Frame).text, (m5.data as Frame).text]).toEqual(['m4', 'm5'])
    // The PostgreSQL history answers the same when JetStream's is asked for what it does not hold.
    const fromPg = await a.ctx.services.live.chat.history(`live:${id}`, id, lastSeq, 'another-epoch')
    expect(fromPg).not.toBe('refetch')
    const frames = (fromPg as { frames: string[] }).frames.map((f) => JSON.parse(f))
    expect(frames.map((f) => f.data.text)).toEqual(['m4', 'm5'])
    // A seq the room never reached is not answered with silence.
    expect(await a.ctx.services.live.chat.history(`live:${id}`, id, 10_000, 'another-epoch')).toBe('refetch')
  })

  test('the chat of an ended stream is closed; its replay stays', async () => {
    const id = await liveStream()
    expect((await say(fan, id, 'before the end')).status).toBe(201)
    await a.ctx.services.live.signals.end(id, 'test')
    const res = await say(fan, id, 'too late')
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('stream_ended')
    const replay = await call(a, 'GET', `/v1/live/streams/${id}/chat`)
    expect(replay.body.items.map((m: Frame) => m.text)).toEqual(['before the end'])
  })
})

describe('modes', () => {
  test('slow mode: a viewer waits between messages, the streamer does not', async () => {
    const id = await liveStream({ chat: { slowSeconds: 30 } })
    expect((await say(fan, id, 'one')).status).toBe(201)
    const second = await say(fan, id, 'two')
    expect(second.status).toBe(429)
    expect(second.body.code).toBe('slow_mode')
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(25)
    expect((await say(owner, id, 'one')).status).toBe(201)
    expect((await say(owner, id, 'two')).status).toBe(201)
  })

  test('followers-only: followed for at least N minutes', async () => {
    const id = await liveStream({ chat: { followersOnlyMinutes: 10 } })
    const refused = await say(stranger, id, 'hi')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('followers_only')
    await call(a, 'POST', `/v1/users/${owner.username}/follow`, { token: as(stranger) })
    expect((await say(stranger, id, 'hi')).body.code).toBe('followers_only')
    // Time passes (the follow is eleven minutes old).
    await a.ctx.db
      .updateTable('follows')
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where('followerId', '=', stranger.id)
      .where('followeeId', '=', owner.id)
      .execute()
    expect((await say(stranger, id, 'hi')).status).toBe(201)
  })

  test('subscribers-only refuses everyone but the streamer; emote-only takes emotes and emoji', async () => {
    const id = await liveStream({ chat: { subscribersOnly: true } })
    const refused = await say(fan, id, 'hi')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('subscribers_only')
    expect((await say(owner, id, 'hi')).status).toBe(201)
    const patched = await call(a, 'PATCH', `/v1/live/streams/${id}/chat/settings`, {
      token: as(owner),
      body: { subscribersOnly: false, emoteOnly: true },
    })
    expect(patched.body).toMatchObject({ subscribersOnly: false, emoteOnly: true })
    expect((await say(fan, id, 'words')).body.code).toBe('emote_only')
    expect((await say(fan, id, ':kappa: 👍🏽 ❤️')).status).toBe(201)
  })
})

describe('moderation', () => {
  test('moderators delete and pin; the room hears it; the audit keeps it', async () => {
    const id = await liveStream()
    const appointed = await call(a, 'POST', `/v1/live/streams/${id}/moderators`, {
      token: as(owner),
      body: { userId: mod.id },
    })
    expect(appointed.status).toBe(201)
    const watcher = await join(b, other, id)
    const msg = (await say(fan, id, 'spam spam')).body.message
    const pinned = await call(a, 'PUT', `/v1/live/streams/${id}/chat/pin`, {
      token: as(mod),
      body: { messageId: msg.id },
    })
    expect(pinned.status).toBe(200)
    expect((await watcher.until(isEvent('chat.pinned'))).data).toMatchObject({ message: { id: msg.id } })
    const del = await call(a, 'DELETE', `/v1/live/streams/${id}/chat/${msg.id}`, { token: as(mod) })
    expect(del.status).toBe(204)
    expect((await watcher.until(isEvent('chat.deleted'))).data).toMatchObject({
      messageId: msg.id,
      by: mod.id,
    })
    expect((await watcher.until(isEvent('chat.pinned'))).data).toMatchObject({ message: null })
    const replay = await call(a, 'GET', `/v1/live/streams/${id}/chat`)
    expect(replay.body).toMatchObject({ items: [], pinned: null })
    // A viewer cannot moderate.
    const notMod = await call(a, 'DELETE', `/v1/live/streams/${id}/chat/${msg.id}`, { token: as(fan) })
    expect(notMod.status).toBe(403)
    const audit = await call(a, 'GET', `/v1/live/streams/${id}/chat/audit`, { token: as(owner) })
    expect(audit.body.items.map((e: Frame) => e.action)).toEqual([
      'message.deleted',
      'message.pinned',
      'moderator.added',
    ])
    expect((await call(a, 'GET', `/v1/live/streams/${id}/chat/audit`, { token: as(fan) })).status).toBe(403)
  })

  test('a timeout stops the chat for its minutes; the moderators cannot be timed out', async () => {
    const id = await liveStream()
    const watcher = await join(a, other, id)
    const res = await call(a, 'POST', `/v1/live/streams/${id}/chat/timeouts`, {
      token: as(owner),
      body: { userId: fan.id, minutes: 5 },
    })
    expect(res.status).toBe(200)
    expect((await watcher.until(isEvent('user.timedout'))).data).toMatchObject({ userId: fan.id })
    const refused = await say(fan, id, 'let me talk')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('chat_timed_out')
    // A timed-out viewer still watches.
    await join(b, fan, id)
    const lifted = await call(a, 'POST', `/v1/live/streams/${id}/chat/timeouts`, {
      token: as(owner),
      body: { userId: fan.id, minutes: 0 },
    })
    expect(lifted.body.until).toBeNull()
    expect((await say(fan, id, 'thanks')).status).toBe(201)
    const ownerTimeout = await call(a, 'POST', `/v1/live/streams/${id}/chat/timeouts`, {
      token: as(owner),
      body: { userId: owner.id, minutes: 5 },
    })
    expect(ownerTimeout.body.code).toBe('cannot_moderate')
  })

  test('a ban (all the owner streams) drops the subscription on the other gateway and refuses chat and joins', async () => {
    const id = await liveStream()
    const banned = await register(a)
    const victim = await join(b, banned, id)
    const ban = await call(a, 'POST', `/v1/live/streams/${id}/chat/bans`, {
      token: as(owner),
      body: { userId: banned.id, scope: 'channel' },
    })
    expect(ban.status).toBe(204)
    const dropped = await victim.until((f) => f.op === 'unsubscribed')
    expect(dropped).toMatchObject({ channel: `live:${id}`, reason: 'forbidden' })
    expect((await say(banned, id, 'hello?')).body.code).toBe('chat_banned')
    // Another stream of the same owner: banned there too.
    const next = await liveStream()
    const { client } = await connectAs(a.url, as(banned))
    opened.push(client)
    client.send({ op: 'subscribe', channel: `live:${next}` })
    expect(await client.until((f) => f.op === 'error')).toMatchObject({ code: 'forbidden' })
    // A stream moderator cannot ban from all the owner's streams.
    await call(a, 'POST', `/v1/live/streams/${next}/moderators`, {
      token: as(owner),
      body: { userId: mod.id },
    })
    const wide = await call(a, 'POST', `/v1/live/streams/${next}/chat/bans`, {
      token: as(mod),
      body: { userId: fan.id, scope: 'channel' },
    })
    expect(wide.status).toBe(403)
  })

  test('a user the streamer blocked cannot join; banned terms are refused before they are stored', async () => {
    const id = await liveStream()
    const blocked = await register(a)
    await call(a, 'POST', `/v1/users/${blocked.username}/block`, { token: as(owner) })
    const { client } = await connectAs(a.url, as(blocked))
    opened.push(client)
    client.send({ op: 'subscribe', channel: `live:${id}` })
    expect(await client.until((f) => f.op === 'error')).toMatchObject({ code: 'forbidden' })
    const terms = await call(a, 'PUT', '/v1/live/chat/terms', {
      token: as(owner),
      body: { terms: ['BadWord', 'ｓｐｏｉｌｅｒ'] },
    })
    expect(terms.body.terms).toEqual(['badword', 'spoiler'])
    const refused = await say(fan, id, 'this is a BADWORD here')
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('banned_term')
    expect((await say(fan, id, 'spoiler alert')).body.code).toBe('banned_term')
    expect((await say(fan, id, 'all fine')).status).toBe(201)
    const stored = await a.ctx.db
      .selectFrom('liveChatMessages')
      .select('text')
      .where('streamId', '=', id)
      .execute()
    expect(stored.map((r) => r.text)).toEqual(['all fine'])
  })

  test('a suspended account cannot chat: its connection on the other gateway is closed, REST refuses it', async () => {
    const id = await liveStream()
    const speaker = await register(a)
    const moderator = await promote(a, await register(a), 'moderator')
    const viewer = await join(b, speaker, id)
    expect((await say(speaker, id, 'before')).status).toBe(201)
    const until = new Date(Date.now() + 86_400_000).toISOString()
    const suspended = await call(a, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'suspend', subject: `user:${speaker.id}`, rule: 'Spam', reason: 'chat flood', until },
    })
    expect(suspended.status).toBe(201)
    expect((await viewer.closed).code).toBe(4009)
    const refused = await say(speaker, id, 'after')
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('account_suspended')
    const stored = await a.ctx.db
      .selectFrom('liveChatMessages')
      .select('text')
      .where('streamId', '=', id)
      .execute()
    expect(stored.map((r) => r.text)).toEqual(['before'])
  })
})

describe('viewers', () => {
  test('counted over both gateways (distinct users per gateway), pushed to the room, and a dead gateway counts out', async () => {
    const id = await liveStream()
    const c = await register(a)
    const watcher = await join(a, fan, id)
    await join(a, fan, id) // the same user twice on one gateway counts once
    const onB = await join(b, other, id)
    await join(b, c, id)
    const pushed = async (n: number) => {
      for (;;) {
        const f = await watcher.until(isEvent('viewers'), 15_000)
        if ((f.data as Frame).viewers === n) return f
      }
    }
    expect((await pushed(3)).data).toMatchObject({ viewers: 3, peakViewers: 3 })
    onB.ws.close()
    await pushed(2)
    const stream = await call(a, 'GET', `/v1/live/streams/${id}`)
    expect(stream.body).toMatchObject({ viewers: 2, peakViewers: 3, uniqueViewers: 3 })
    // Gateway b dies without a word: its viewer counts out when its lease (6 s) ends.
    b.ctx.services.live.viewers.close()
    await pushed(1)
  }, 40_000)
})

describe('bad input', () => {
  test('NUL, control characters, huge numbers, someone else’s stream, forged cursors → 4xx', async () => {
    const id = await liveStream()
    for (const text of ['a\u0000b', 'two\nlines', '', 'x'.repeat(501)]) {
      const res = await say(fan, id, text)
      expect(res.status).toBe(422)
    }
    const badClient = await call(a, 'POST', `/v1/live/streams/${id}/chat`, {
      token: as(fan),
      body: { text: 'ok', clientId: 'a\u0000' },
    })
    expect(badClient.status).toBe(422)
    for (const body of [{ slowSeconds: 1e20 }, { slowSeconds: -1 }, { followersOnlyMinutes: 9_999_999 }]) {
      const res = await call(a, 'PATCH', `/v1/live/streams/${id}/chat/settings`, { token: as(owner), body })
      expect(res.status).toBe(422)
    }
    const timeout = await call(a, 'POST', `/v1/live/streams/${id}/chat/timeouts`, {
      token: as(owner),
      body: { userId: fan.id, minutes: 1e15 },
    })
    expect(timeout.status).toBe(422)
    // Someone else's stream: not a moderator, not its owner.
    const settings = await call(a, 'PATCH', `/v1/live/streams/${id}/chat/settings`, {
      token: as(stranger),
      body: { slowSeconds: 5 },
    })
    expect(settings.status).toBe(403)
    const appoint = await call(a, 'POST', `/v1/live/streams/${id}/moderators`, {
      token: as(fan),
      body: { userId: fan.id },
    })
    expect(appoint.status).toBe(404)
    for (const q of [
      'cursor=forged',
      'cursor=WyJzIiwiMSIsIngiXQ',
      'since=-1',
      'since=99999999999999999999',
    ]) {
      const res = await call(a, 'GET', `/v1/live/streams/${id}/chat?${q}`)
      expect(res.status).toBe(422)
    }
    const other = await liveStream()
    const page = await call(a, 'GET', `/v1/live/streams/${other}/chat?limit=1`)
    expect(page.status).toBe(200)
    for (let i = 0; i < 2; i++) await say(owner, other, `x${i}`)
    const first = await call(a, 'GET', `/v1/live/streams/${other}/chat?limit=1`)
    const crossed = await call(a, 'GET', `/v1/live/streams/${id}/chat?cursor=${first.body.nextCursor}`)
    expect(crossed.status).toBe(422)
    const { client } = await connectAs(a.url, as(fan))
    opened.push(client)
    client.send({ op: 'chat.send', streamId: 'nope', text: 'x', clientId: 'y', ref: 1 })
    expect(await client.until((f) => f.op === 'error')).toMatchObject({ code: 'not_found' })
    client.send({ op: 'subscribe', channel: `live:${id}`, since: -3 })
    expect(await client.until((f) => f.op === 'error')).toMatchObject({ code: 'invalid_frame' })
  })
})

test("the stream's REST view shows its viewers now", async () => {
  const id = await liveStream()
  await join(a, fan, id)
  await eventually(async () => (await call(a, 'GET', `/v1/live/streams/${id}`)).body.viewers === 1, 10_000)
})
