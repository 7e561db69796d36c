import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { recordingToVideo } from '../../src/live/recording-video.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { connectAs, type Frame, type WsClient } from '../support/ws.ts'

/**
 * A live stream's sensitive and age-restricted states (a policy's outcome for a moderator's label):
 * a sensitive stream shows `sensitive` and its label as `contentWarning` in every view of it (the
 * REST read, the lists, the room's `stream` event); an age-restricted one is listed, played and
 * chatted in only by signed-in adults and its owner (403 age_restricted for the others, their room
 * subscription dropped and refused). Reversing the action (a moderator, an appeal granted) undoes
 * it. Streams go live as a backend makes them (`signals`).
 */
let node: TestNode
let admin: Account
let mod1: Account
let mod2: Account
let owner: Account
let adult: Account
let minor: Account
let undated: Account
const opened: WsClient[] = []
const scratch = mkdtempSync(joinPath(tmpdir(), 'sf-stream-marks-'))
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation_stream_marks', {
    LIVE_IDLE_END_SECONDS: '600',
    LIVE_RTMP_PORT: '0',
  })
  admin = await promote(node, await register(node), 'admin')
  mod1 = await promote(node, await register(node), 'moderator')
  mod2 = await promote(node, await register(node), 'moderator')
  ;[owner, adult, minor, undated] = [
    await register(node),
    await register(node),
    await register(node),
    await register(node),
  ]
  const sixteen = new Date()
  sixteen.setUTCFullYear(sixteen.getUTCFullYear() - 16)
  for (const [who, birthDate] of [
    [adult, '1990-05-01'],
    [minor, sixteen.toISOString().slice(0, 10)],
  ] as const)
    expect((await call(node, 'PATCH', '/v1/me', { token: as(who), body: { birthDate } })).status).toBe(200)
  const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(admin),
    body: {
      rules: [
        { label: 'gore', minScore: 0.5, outcome: 'sensitive' },
        { label: 'violence', minScore: 0.5, outcome: 'age_restrict' },
      ],
    },
  })
  expect(policies.status).toBe(200)
}, 60_000)

afterAll(async () => {
  for (const c of opened) c.ws.close()
  await node?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

async function liveStream(title: string): Promise<string> {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title, visibility: 'public' },
  })
  expect(res.status).toBe(201)
  expect(res.body).toMatchObject({ sensitive: false, contentWarning: null, ageRestricted: false })
  const answer = await node.ctx.services.live.signals.started(res.body.id, crypto.randomUUID())
  expect(answer.accepted).toBe(true)
  return res.body.id
}

async function join(who: Account, streamId: string): Promise<{ client: WsClient; answer: Frame }> {
  const { client } = await connectAs(node.url, as(who))
  opened.push(client)
  client.send({ op: 'subscribe', channel: `live:${streamId}`, ref: 1 })
  const answer = await client.until((f) => f.op === 'subscribed' || f.op === 'error')
  return { client, answer }
}

/** A moderator's label under the policies above: an action of theirs on the stream. */
async function label(streamId: string, value: string): Promise<string> {
  const res = await call(node, 'POST', '/v1/moderation/labels', {
    token: as(mod1),
    body: { subject: `stream:${streamId}`, value, score: 0.9 },
  })
  expect(res.status).toBe(201)
  const action = await node.ctx.db
    .selectFrom('moderationActions')
    .select(['id', 'kind'])
    .where('subjectKind', '=', 'stream')
    .where('subjectId', '=', streamId)
    .where('reversedAt', 'is', null)
    .executeTakeFirstOrThrow()
  return action.id
}

const read = (id: string, who?: Account) =>
  call(node, 'GET', `/v1/live/streams/${id}`, who ? { token: as(who) } : {})
const listed = async (id: string, who?: Account) => {
  const res = await call(node, 'GET', '/v1/live/streams?state=live&limit=100', who ? { token: as(who) } : {})
  expect(res.status).toBe(200)
  return (res.body.items as { id: string; sensitive: boolean; contentWarning: string | null }[]).find(
    (s) => s.id === id,
  )
}
const playback = (id: string, who?: Account) =>
  call(node, 'GET', `/v1/live/streams/${id}/playback`, who ? { token: as(who) } : {})
const say = (who: Account, id: string, text: string) =>
  call(node, 'POST', `/v1/live/streams/${id}/chat`, {
    token: as(who),
    body: { text, clientId: crypto.randomUUID() },
  })
const isStream = (f: Frame) => f.op === 'event' && f.type === 'stream'

describe('sensitive and age-restricted live streams', () => {
  test('sensitive: sensitive and the label as its warning in the read, the lists and the room; a reversal clears it', async () => {
    const id = await liveStream('Cooking with knives')
    const { client, answer } = await join(adult, id)
    expect(answer.op).toBe('subscribed')
    const actionId = await label(id, 'gore')
    const marked = { sensitive: true, contentWarning: 'gore', ageRestricted: false }
    expect((await read(id)).body).toMatchObject(marked)
    expect((await read(id, minor)).body).toMatchObject(marked)
    expect(await listed(id)).toMatchObject(marked)
    expect(await listed(id, adult)).toMatchObject(marked)
    const event = await client.until((f) => isStream(f) && (f.data as Frame).sensitive === true)
    expect(event.data).toMatchObject({ id, ...marked })
    // Still watched by all (only blurred).
    expect((await playback(id)).status).toBe(200)
    expect((await playback(id, minor)).status).toBe(200)

    const reversed = await call(node, 'POST', `/v1/moderation/actions/${actionId}/reverse`, {
      token: as(mod2),
      body: { reason: 'ketchup' },
    })
    expect(reversed.status).toBe(200)
    const clear = { sensitive: false, contentWarning: null, ageRestricted: false }
    expect((await read(id, adult)).body).toMatchObject(clear)
    expect(await listed(id)).toMatchObject(clear)
    const cleared = await client.until((f) => isStream(f) && (f.data as Frame).sensitive === false)
    expect(cleared.data).toMatchObject(clear)
  }, 60_000)

  test('age-restricted: signed-in adults and the owner only (lists, playback, chat, the room); an appeal granted undoes it', async () => {
    const id = await liveStream('Fight night')
    const minorRoom = await join(minor, id)
    expect(minorRoom.answer.op).toBe('subscribed')
    const adultRoom = await join(adult, id)
    expect(adultRoom.answer.op).toBe('subscribed')
    expect((await say(minor, id, 'hi before')).status).toBe(201)

    const actionId = await label(id, 'violence')
    // The minor's subscription is dropped; the adult's room hears the new view.
    const dropped = await minorRoom.client.until((f) => f.op === 'unsubscribed')
    expect(dropped).toMatchObject({ channel: `live:${id}`, reason: 'forbidden' })
    const event = await adultRoom.client.until((f) => isStream(f) && (f.data as Frame).ageRestricted === true)
    expect(event.data).toMatchObject({ id, sensitive: true, contentWarning: 'violence', ageRestricted: true })

    // Still found by its id (so a client can say why), marked; listed only to adults and its owner.
    const marked = { sensitive: true, contentWarning: 'violence', ageRestricted: true }
    expect((await read(id, minor)).body).toMatchObject(marked)
    expect((await read(id)).body).toMatchObject(marked)
    expect(await listed(id)).toBeUndefined()
    expect(await listed(id, minor)).toBeUndefined()
    expect(await listed(id, undated)).toBeUndefined()
    expect(await listed(id, adult)).toMatchObject(marked)
    expect(await listed(id, owner)).toMatchObject(marked)
    const ownList = await call(node, 'GET', `/v1/live/streams?owner=${owner.username}`, { token: as(minor) })
    expect(ownList.body.items.map((s: { id: string }) => s.id)).not.toContain(id)

    // Playback: 403 age_restricted but to signed-in adults and its owner.
    for (const who of [undefined, minor, undated]) {
      const refused = await playback(id, who)
      expect(refused.status).toBe(403)
      expect(refused.body.code).toBe('age_restricted')
    }
    expect((await playback(id, adult)).status).toBe(200)
    expect((await playback(id, owner)).status).toBe(200)

    // Chat: writing and reading back refused to the others; the room refuses them.
    const said = await say(minor, id, 'hi again')
    expect(said.status).toBe(403)
    expect(said.body.code).toBe('age_restricted')
    expect((await say(undated, id, 'hello')).body.code).toBe('age_restricted')
    expect((await say(adult, id, 'hello')).status).toBe(201)
    expect((await say(owner, id, 'welcome')).status).toBe(201)
    const replay = await call(node, 'GET', `/v1/live/streams/${id}/chat`, { token: as(minor) })
    expect(replay.status).toBe(403)
    expect(replay.body.code).toBe('age_restricted')
    expect((await call(node, 'GET', `/v1/live/streams/${id}/chat`)).body.code).toBe('age_restricted')
    expect((await call(node, 'GET', `/v1/live/streams/${id}/chat`, { token: as(adult) })).status).toBe(200)
    const again = await join(minor, id)
    expect(again.answer).toMatchObject({ op: 'error', code: 'forbidden' })
    expect((await join(owner, id)).answer.op).toBe('subscribed')

    // The owner appeals; another moderator grants it: everyone may watch it again.
    const appeal = await call(node, 'POST', '/v1/appeals', {
      token: as(owner),
      body: { actionId, text: 'a boxing match' },
    })
    expect(appeal.status).toBe(201)
    const decided = await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
      token: as(mod2),
      body: { outcome: 'reversed', reason: 'sport' },
    })
    expect(decided.status).toBe(200)
    const clear = { sensitive: false, contentWarning: null, ageRestricted: false }
    expect((await read(id, minor)).body).toMatchObject(clear)
    expect(await listed(id, minor)).toMatchObject(clear)
    expect(await listed(id)).toMatchObject(clear)
    expect((await playback(id, minor)).status).toBe(200)
    expect((await playback(id)).status).toBe(200)
    expect((await say(minor, id, 'back')).status).toBe(201)
    expect((await join(minor, id)).answer.op).toBe('subscribed')
    const restored = await adultRoom.client.until(
      (f) => isStream(f) && (f.data as Frame).ageRestricted === false,
    )
    expect(restored.data).toMatchObject(clear)
  }, 90_000)

  test("the recording, once a video, carries the stream's state and follows its changes", async () => {
    const id = await liveStream('Recorded fight')
    const actionId = await label(id, 'violence')
    // The stream ends and its recording becomes a video of the streamer (as the recording job does).
    const file = joinPath(scratch, 'recording.mp4')
    await makeClip(file, { seconds: 1, size: '320x180' })
    const { videos, uploads } = node.ctx.services.videos
    const videoId = await recordingToVideo(
      { db: node.ctx.db, uploads, videos, signals: node.ctx.services.live.signals },
      id,
      file,
    )
    expect(videoId).not.toBeNull()
    await eventually(async () => (await read(id, owner)).body.videoId === videoId)
    const video = async () => (await call(node, 'GET', `/v1/videos/${videoId}`, { token: as(owner) })).body
    const state = async () =>
      (
        await node.ctx.db
          .selectFrom('videos')
          .select(['moderation', 'moderationWarning'])
          .where('id', '=', videoId!)
          .executeTakeFirstOrThrow()
      ).moderation
    expect(await video()).toMatchObject({ sensitive: true, contentWarning: 'violence' })
    expect(await state()).toBe('age_restricted')
    // The stream's action reversed: the recording's state goes with it.
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${actionId}/reverse`, {
      token: as(mod2),
      body: { reason: 'sport' },
    })
    expect(reversed.status).toBe(200)
    expect(await video()).toMatchObject({ sensitive: false, contentWarning: null })
    expect(await state()).toBeNull()
    // Marked again, now that the recording exists: the video follows.
    await label(id, 'gore')
    expect(await video()).toMatchObject({ sensitive: true, contentWarning: 'gore' })
    expect(await state()).toBe('sensitive')
    // A hold of the stream leaves its recording as it was (the video is a subject of its own).
    const held = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'hold', subject: `stream:${id}`, rule: 'Rule 2', reason: 'r' },
    })
    expect(held.status).toBe(201)
    expect(await video()).toMatchObject({ sensitive: true, contentWarning: 'gore' })
  }, 60_000)
})
