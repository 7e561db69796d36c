import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * Streams over REST (set up, read, edit, list, rotate the key, delete) and their StreamActor
 * driven as a backend drives it (`signals`): idle → live → ended when media stops, followers
 * notified of the start. The RTMP ingest itself is tested in ingest.test.ts.
 */
let node: TestNode
let owner: Account
let fan: Account
let stranger: Account

const as = (a: Account) => a.tokens.accessToken
const signals = () => node.ctx.services.live.signals

beforeAll(async () => {
  node = await startSocialNode('live_streams', { LIVE_IDLE_END_SECONDS: '2', LIVE_RTMP_PORT: '0' })
  ;[owner, fan, stranger] = await Promise.all([register(node), register(node), register(node)])
  await call(node, 'POST', `/v1/users/${owner.username}/follow`, { token: as(fan) })
})

afterAll(async () => {
  await node?.stop()
})

async function createStream(by: Account, body: Record<string, unknown> = {}) {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(by),
    body: { title: 'Live now', visibility: 'public', ...body },
  })
  expect(res.status).toBe(201)
  return res.body
}

describe('streams over REST', () => {
  test('a new stream is idle, with its ingest and a key shown once and stored only hashed', async () => {
    const s = await createStream(owner, {
      description: 'd',
      category: 'Music',
      latencyMode: 'low',
      chat: { slowSeconds: 5, followersOnlyMinutes: 10 },
    })
    expect(s).toMatchObject({
      state: 'idle',
      owner: { id: owner.id, username: owner.username },
      title: 'Live now',
      category: 'Music',
      record: true,
      latencyMode: 'low',
      chat: { slowSeconds: 5, followersOnlyMinutes: 10, subscribersOnly: false, emoteOnly: false },
      viewers: 0,
      videoId: null,
    })
    expect(s.ingest.rtmpUrl).toMatch(/^rtmp:\/\/localhost:\d+\/live$/)
    expect(s.ingest.streamKey).toMatch(/^sk_[0-9a-f]{16}_[A-Za-z0-9_-]{32}$/)
    const again = await call(node, 'GET', `/v1/live/streams/${s.id}`, { token: as(owner) })
    expect(again.status).toBe(200)
    expect(again.body.ingest).toBeUndefined()
    const row = await node.ctx.db
      .selectFrom('liveStreams')
      .select(['keyHash', 'keyPrefix'])
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow()
    // The key's secret part (after `sk_<16 hex>_`; it may hold `_` itself) is stored nowhere.
    const secret = /^sk_[0-9a-f]{16}_(.{32})$/.exec(s.ingest.streamKey)![1]!
    expect(JSON.stringify(row)).not.toContain(secret)
    expect(s.ingest.streamKey.startsWith(`${row.keyPrefix}_`)).toBe(true)
  })

  test('only the owner edits, rotates or deletes; others get 404', async () => {
    const s = await createStream(owner)
    for (const [method, path, body] of [
      ['PATCH', `/v1/live/streams/${s.id}`, { title: 'mine now' }],
      ['POST', `/v1/live/streams/${s.id}/key`, undefined],
      ['DELETE', `/v1/live/streams/${s.id}`, undefined],
    ] as const) {
      const res = await call(node, method, path, { token: as(stranger), body })
      expect(res.status).toBe(404)
    }
    const edited = await call(node, 'PATCH', `/v1/live/streams/${s.id}`, {
      token: as(owner),
      body: { title: 'Edited', chat: { emoteOnly: true }, category: null },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({
      title: 'Edited',
      category: null,
      chat: { emoteOnly: true, slowSeconds: 0 },
    })
    const rotated = await call(node, 'POST', `/v1/live/streams/${s.id}/key`, { token: as(owner) })
    expect(rotated.status).toBe(200)
    expect(rotated.body.ingest.streamKey).not.toBe(s.ingest.streamKey)
    expect((await call(node, 'DELETE', `/v1/live/streams/${s.id}`, { token: as(owner) })).status).toBe(204)
    expect((await call(node, 'GET', `/v1/live/streams/${s.id}`, { token: as(owner) })).status).toBe(404)
  })

  test('visibility: followers-only streams to followers, unlisted ones by link only, blocks hide', async () => {
    const followersOnly = await createStream(owner, { visibility: 'followers' })
    const unlisted = await createStream(owner, { visibility: 'unlisted' })
    expect((await call(node, 'GET', `/v1/live/streams/${followersOnly.id}`, { token: as(fan) })).status).toBe(
      200,
    )
    expect(
      (await call(node, 'GET', `/v1/live/streams/${followersOnly.id}`, { token: as(stranger) })).status,
    ).toBe(404)
    expect((await call(node, 'GET', `/v1/live/streams/${followersOnly.id}`)).status).toBe(404)
    expect((await call(node, 'GET', `/v1/live/streams/${unlisted.id}`)).status).toBe(200)
    const listed = async (by: Account | null, query: string) => {
      const res = await call(node, 'GET', `/v1/live/streams${query}`, { token: by ? as(by) : undefined })
      expect(res.status).toBe(200)
      return res.body.items.map((s: { id: string }) => s.id)
    }
    expect(await listed(fan, '?state=idle&limit=100')).toContain(followersOnly.id)
    expect(await listed(fan, '?state=idle&limit=100')).not.toContain(unlisted.id)
    expect(await listed(stranger, '?state=idle&limit=100')).not.toContain(followersOnly.id)
    expect(await listed(owner, `?owner=${owner.username}&limit=100`)).toContain(unlisted.id)
    expect(await listed(fan, `?owner=${owner.username}&limit=100`)).not.toContain(unlisted.id)
    await call(node, 'POST', `/v1/users/${stranger.username}/block`, { token: as(owner) })
    const pub = await createStream(owner)
    expect((await call(node, 'GET', `/v1/live/streams/${pub.id}`, { token: as(stranger) })).status).toBe(404)
    expect(await listed(stranger, '?limit=100')).not.toContain(pub.id)
  })

  test('lists page with cursors, newest first', async () => {
    const mine = await register(node)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await createStream(mine)).id)
    const first = await call(node, 'GET', `/v1/live/streams?owner=${mine.username}&limit=2`)
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]])
    const second = await call(
      node,
      'GET',
      `/v1/live/streams?owner=${mine.username}&limit=2&cursor=${first.body.nextCursor}`,
    )
    expect(second.body.items.map((s: { id: string }) => s.id)).toEqual([ids[0]])
    expect(second.body.nextCursor).toBeNull()
  })

  test('bad input is a 4xx problem', async () => {
    const nul = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: 'a\u0000b', visibility: 'public' },
    })
    expect(nul.status).toBe(422)
    const blank = await call(node, 'POST', '/v1/live/streams', {
      token: as(owner),
      body: { title: '   ', visibility: 'public' },
    })
    expect(blank.status).toBe(422)
    const cursor = await call(node, 'GET', '/v1/live/streams?cursor=bm90LWEtY3Vyc29y')
    expect(cursor.status).toBe(422)
    expect((await call(node, 'GET', '/v1/live/streams/not-a-uuid')).status).toBe(422)
    expect((await call(node, 'GET', '/v1/live/streams?state=gone')).status).toBe(422)
    expect(
      (await call(node, 'POST', '/v1/live/streams', { body: { title: 'x', visibility: 'public' } })).status,
    ).toBe(401)
  })
})

describe('the StreamActor', () => {
  test('started → live (followers notified, state pushed), then no media → ended, and never live again', async () => {
    const s = await createStream(owner)
    const session = crypto.randomUUID()
    expect(await signals().started(s.id, session)).toEqual({ accepted: true, sessionId: session })
    // Twice (a resent message, or the pusher back): the same session.
    expect(await signals().started(s.id, crypto.randomUUID())).toEqual({ accepted: true, sessionId: session })
    const live = await call(node, 'GET', `/v1/live/streams/${s.id}`)
    expect(live.body.state).toBe('live')
    expect(live.body.startedAt).not.toBeNull()
    await signals().media(s.id, {
      bitrateKbps: 2500,
      fps: 30,
      keyframeInterval: 1,
      width: 640,
      height: 360,
      videoCodec: 'h264',
      audioCodec: 'aac',
    })
    await signals().viewers(s.id, 3, ['a', 'b', 'c'])
    await signals().viewers(s.id, 1, ['a'])
    const watched = await call(node, 'GET', `/v1/live/streams/${s.id}`)
    expect(watched.body).toMatchObject({
      viewers: 1,
      peakViewers: 3,
      uniqueViewers: 3,
      health: { fps: 30, width: 640, videoCodec: 'h264' },
    })
    expect(
      (await call(node, 'GET', '/v1/live/streams?state=live&limit=100')).body.items.map(
        (x: { id: string }) => x.id,
      ),
    ).toContain(s.id)

    await eventually(async () => {
      const res = await call(node, 'GET', '/v1/notifications?types=live_started', { token: as(fan) })
      return res.body.items.some((n: { stream: { id: string } | null }) => n.stream?.id === s.id)
    }, 10_000)
    const note = (await call(node, 'GET', '/v1/notifications?types=live_started', { token: as(fan) })).body
      .items[0]
    expect(note).toMatchObject({
      type: 'live_started',
      actor: { id: owner.id },
      stream: { id: s.id, title: 'Live now' },
    })

    // LIVE_IDLE_END_SECONDS=2 without media: ended.
    await eventually(
      async () => (await call(node, 'GET', `/v1/live/streams/${s.id}`)).body.state === 'ended',
      8_000,
    )
    const ended = (await call(node, 'GET', `/v1/live/streams/${s.id}`)).body
    expect(ended.endedAt).not.toBeNull()
    expect(ended.viewers).toBe(0)
    expect(await signals().started(s.id, crypto.randomUUID())).toEqual({
      accepted: false,
      reason: 'the stream has ended',
    })
    const rotate = await call(node, 'POST', `/v1/live/streams/${s.id}/key`, { token: as(owner) })
    expect(rotate.status).toBe(409)
  })

  test('media keeps a stream live; deleting a live stream ends it', async () => {
    const s = await createStream(owner, { visibility: 'unlisted' })
    await signals().started(s.id, crypto.randomUUID())
    for (let i = 0; i < 6; i++) {
      await signals().media(s.id)
      await Bun.sleep(500)
    }
    expect((await call(node, 'GET', `/v1/live/streams/${s.id}`)).body.state).toBe('live')
    expect((await call(node, 'DELETE', `/v1/live/streams/${s.id}`, { token: as(owner) })).status).toBe(204)
    const row = await node.ctx.db
      .selectFrom('liveStreams')
      .select(['state', 'deletedAt'])
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow()
    expect(row.state).toBe('ended')
    expect(row.deletedAt).not.toBeNull()
    // Unlisted streams are not announced.
    const notes = (
      await call(node, 'GET', '/v1/notifications?types=live_started&limit=100', { token: as(fan) })
    ).body
    expect(notes.items.some((n: { stream: { id: string } | null }) => n.stream?.id === s.id)).toBe(false)
  })
})
