import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { WORDS_SOURCE } from '../../src/moderation/screening/words.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { connectAs, type Frame, type WsClient } from '../support/ws.ts'

/**
 * Live chat under the platform's moderation: the administrators' literal terms are checked before
 * a line is stored (a line the policies would hold or remove is refused and never shown); every
 * stored line is screened by job (the word list), whose removal takes it out of the room live;
 * a line is reported as `message:<id>` by a viewer, and a moderator's removal and its reversal
 * reach the room as `chat.deleted` and `chat.restored`.
 */
let node: TestNode
let admin: Account
let moderator: Account
let owner: Account
let viewer: Account
let outsider: Account
const opened: WsClient[] = []
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation_live_chat', { LIVE_IDLE_END_SECONDS: '600', LIVE_RTMP_PORT: '0' })
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
  ;[owner, viewer, outsider] = [await register(node), await register(node), await register(node)]
  const term = await call(node, 'POST', '/v1/admin/moderation/terms', {
    token: as(admin),
    body: { pattern: 'forbiddenword', regex: false, severity: 3, label: 'hate' },
  })
  expect(term.status).toBe(201)
  const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(admin),
    body: {
      rules: [
        { label: 'hate', minScore: 0.9, outcome: 'remove' },
        { label: 'harassment', minScore: 0.5, outcome: 'remove' },
      ],
    },
  })
  expect(policies.status).toBe(200)
}, 60_000)

afterAll(async () => {
  for (const c of opened) c.ws.close()
  await node?.stop()
})

async function liveStream(visibility = 'public'): Promise<string> {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title: 'Moderated chat', visibility },
  })
  expect(res.status).toBe(201)
  const answer = await node.ctx.services.live.signals.started(res.body.id, crypto.randomUUID())
  expect(answer.accepted).toBe(true)
  return res.body.id
}

async function join(who: Account, streamId: string) {
  const { client } = await connectAs(node.url, as(who))
  opened.push(client)
  client.send({ op: 'subscribe', channel: `live:${streamId}`, ref: 1 })
  expect((await client.until((f) => f.op === 'subscribed' || f.op === 'error')).op).toBe('subscribed')
  return client
}

const say = (who: Account, streamId: string, text: string) =>
  call(node, 'POST', `/v1/live/streams/${streamId}/chat`, {
    token: as(who),
    body: { text, clientId: crypto.randomUUID() },
  })
const replay = async (streamId: string) =>
  (await call(node, 'GET', `/v1/live/streams/${streamId}/chat`, { token: as(viewer) })).body.items.map(
    (m: Frame) => m.text,
  )
const isEvent = (type: string) => (f: Frame) => f.op === 'event' && f.type === type

describe('live chat and the platform’s moderation', () => {
  test('a line with a term the policies remove is refused before it is stored, over REST and the gateway op', async () => {
    const id = await liveStream()
    const room = await join(viewer, id)
    const refused = await say(viewer, id, 'you FORBIDDENWORD')
    expect(refused.status).toBe(422)
    expect(refused.body.type).toContain('content-refused')
    // The streamer too: the platform's rules are not the streamer's banned terms.
    expect((await say(owner, id, 'forbiddenword!')).status).toBe(422)
    room.send({ op: 'chat.send', streamId: id, text: 'forbiddenword', clientId: 'g-1', ref: 'r1' })
    const error = await room.until((f) => f.op === 'error' && f.ref === 'r1')
    expect(JSON.stringify(error)).toContain('content')
    const fine = await say(viewer, id, 'forbidden words are fine when apart')
    expect(fine.status).toBe(201)
    expect(await replay(id)).toEqual(['forbidden words are fine when apart'])
  })

  test('the screening job removes a line the word list finds: the room hears chat.deleted', async () => {
    const id = await liveStream()
    const room = await join(viewer, id)
    const sent = await say(outsider, id, 'you are a b1tch')
    expect(sent.status).toBe(201)
    const deleted = await room.until(isEvent('chat.deleted'), 20_000)
    expect(deleted.data).toMatchObject({ messageId: sent.body.message.id, authorId: outsider.id, by: null })
    expect(await replay(id)).toEqual([])
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=message:${sent.body.message.id}`, {
      token: as(moderator),
    })
    expect(labels.body.items.map((l: { value: string; source: string }) => [l.value, l.source])).toEqual([
      ['harassment', WORDS_SOURCE],
    ])
    // The author is told, with a statement of reasons.
    await eventually(async () => {
      const n = await call(node, 'GET', '/v1/notifications', { token: as(outsider) })
      return n.body.items.some((x: { type: string }) => x.type === 'moderation')
    })
  }, 30_000)

  test("a stream's lines of a few seconds are screened by one job; each line found is taken down", async () => {
    const jobs = async (kind: string) =>
      (await call(node, 'GET', `/v1/admin/jobs?kind=${kind}&limit=100`, { token: as(admin) })).body.items
        .length as number
    const [batchesBefore, singleBefore] = [
      await jobs('moderation.screen_batch'),
      await jobs('moderation.screen'),
    ]
    const id = await liveStream()
    const room = await join(viewer, id)
    const texts = ['hello all', 'you are a b1tch', 'nice stream', 'what a b1tch', 'gg', 'lol', 'hi', 'wow']
    const sent = await Promise.all(texts.map((t) => say(viewer, id, t)))
    for (const r of sent) expect(r.status).toBe(201)
    const deleted = new Set<string>()
    const messageOf = (f: Frame) => (f.data as { messageId: string }).messageId
    for (let i = 0; i < 2; i++)
      deleted.add(
        messageOf(await room.until((f) => isEvent('chat.deleted')(f) && !deleted.has(messageOf(f)), 20_000)),
      )
    expect([...deleted].sort()).toEqual([sent[1]!.body.message.id, sent[3]!.body.message.id].sort())
    expect((await replay(id)).sort()).toEqual(['gg', 'hello all', 'hi', 'lol', 'nice stream', 'wow'])
    // Eight lines sent at once: one batch (two if they straddled a window), no job per line.
    const batches = (await jobs('moderation.screen_batch')) - batchesBefore
    expect(batches).toBeGreaterThanOrEqual(1)
    expect(batches).toBeLessThanOrEqual(2)
    expect(await jobs('moderation.screen')).toBe(singleBefore)
  }, 40_000)

  test('a reported line removed by a moderator leaves the room live; the reversal gives it back', async () => {
    const id = await liveStream()
    const room = await join(viewer, id)
    const sent = await say(outsider, id, 'a rude but listless line')
    expect(sent.status).toBe(201)
    const subject = `message:${sent.body.message.id}`
    // Only someone who may watch the stream reports it.
    const hidden = await liveStream('followers')
    const privateLine = await say(owner, hidden, 'for followers')
    expect(privateLine.status).toBe(201)
    const notSeen = await call(node, 'POST', '/v1/reports', {
      token: as(viewer),
      body: { subject: `message:${privateLine.body.message.id}`, category: 'harassment' },
    })
    expect(notSeen.status).toBe(404)
    const report = await call(node, 'POST', '/v1/reports', {
      token: as(viewer),
      body: { subject, category: 'harassment' },
    })
    expect(report.status).toBe(201)
    // A user is not a moderator.
    const refused = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(viewer),
      body: { kind: 'remove', subject, rule: 'r', reason: 'r' },
    })
    expect(refused.status).toBe(403)
    const removed = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'remove', subject, rule: 'Be kind', reason: 'rude', caseId: report.body.caseId },
    })
    expect(removed.status).toBe(201)
    const deleted = await room.until(isEvent('chat.deleted'))
    expect(deleted.data).toMatchObject({ messageId: sent.body.message.id, by: null })
    expect(await replay(id)).toEqual([])
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${removed.body.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'on second thought' },
    })
    expect(reversed.status).toBe(200)
    const restored = await room.until(isEvent('chat.restored'))
    expect(restored.data).toMatchObject({
      message: { id: sent.body.message.id, text: 'a rude but listless line' },
    })
    expect(await replay(id)).toEqual(['a rude but listless line'])
  }, 30_000)
})
