import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { Subprocess } from 'bun'
import { sql } from 'kysely'
import sharp from 'sharp'
import { sessionPrefix } from '../../src/live/hls-pipeline.ts'
import { sampleJobId } from '../../src/moderation/screening/live-frames.ts'
import { NSFW_SOURCE } from '../../src/moderation/screening/nsfw.ts'
import { liveFrame } from '../../src/moderation/screening/sources.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { pushTestPattern } from '../support/live.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * Live streams under screening: while a stream is live on the local backend, a worker screens it
 * every MODERATION_LIVE_FRAME_SECONDS (its words, and the first frame of its newest HLS segment
 * through the image classifier), one job per stream and period; a hold takes it away from everyone
 * but its owner, a reversal gives it back, a removal ends it. Streams are reported as `stream:<id>`.
 */
let node: TestNode
let admin: Account
let moderator: Account
let owner: Account
let viewer: Account
const pushers: Subprocess[] = []
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation_live_streams', {
    LIVE_RTMP_PORT: '0',
    LIVE_IDLE_END_SECONDS: '5',
    MODERATION_LIVE_FRAME_SECONDS: '1',
  })
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
  ;[owner, viewer] = [await register(node), await register(node)]
})

afterAll(async () => {
  for (const p of pushers) p.kill()
  await node?.stop()
})

async function setPolicies(rules: unknown[]) {
  const res = await call(node, 'PUT', '/v1/admin/moderation/policies', { token: as(admin), body: { rules } })
  expect(res.status).toBe(200)
}

async function goLive(title: string) {
  const res = await call(node, 'POST', '/v1/live/streams', {
    token: as(owner),
    body: { title, visibility: 'public', latencyMode: 'low' },
  })
  expect(res.status).toBe(201)
  const port = node.ctx.services.live.ingest!.port
  pushers.push(pushTestPattern(`rtmp://127.0.0.1:${port}/live/${res.body.ingest.streamKey}`, { seconds: 60 }))
  const id = res.body.id as string
  await eventually(
    async () =>
      (await call(node, 'GET', `/v1/live/streams/${id}`, { token: as(owner) })).body.state === 'live',
    20_000,
  )
  return id
}

const streamFor = (id: string, who?: Account) =>
  call(node, 'GET', `/v1/live/streams/${id}`, who ? { token: as(who) } : {})
const labelsOf = async (subject: string) =>
  (await call(node, 'GET', `/v1/moderation/labels?subject=${subject}`, { token: as(moderator) })).body
    .items as { value: string; source: string }[]

describe('screening of live streams', () => {
  test('one job id per stream and period', () => {
    const a = crypto.randomUUID()
    expect(sampleJobId(a, 7)).toBe(sampleJobId(a, 7))
    expect(sampleJobId(a, 7)).not.toBe(sampleJobId(a, 8))
    expect(sampleJobId(a, 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  test('a frame of the live HLS is screened while live; a hold hides the stream, a reversal shows it, a removal ends it', async () => {
    await setPolicies([])
    const id = await goLive('Morning show')
    // The newest segment's first frame, as the screening reads it from storage.
    const session = (
      await node.ctx.db
        .selectFrom('liveStreams')
        .select('sessionId')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).sessionId!
    let frame: Uint8Array | undefined
    await eventually(async () => {
      frame = await liveFrame(node.ctx.storage, sessionPrefix(id, session))
      return frame !== undefined
    }, 20_000)
    expect(await sharp(frame!).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 180 })
    // Screened by the sampler's jobs: the image classifier's labels on the stream.
    await eventually(
      async () => (await labelsOf(`stream:${id}`)).some((l) => l.source === NSFW_SOURCE),
      40_000,
    )
    expect((await streamFor(id, viewer)).status).toBe(200)
    // A policy that holds: the next sample holds the stream; its owner still sees it.
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'hold' }])
    await eventually(async () => (await streamFor(id, viewer)).status === 404, 40_000)
    expect((await streamFor(id)).status).toBe(404)
    expect((await streamFor(id, owner)).status).toBe(200)
    const listed = await call(node, 'GET', `/v1/live/streams/${id}/chat`, { token: as(viewer) })
    expect(listed.status).toBe(404)
    // The hold is an automated action on a case; a moderator reverses it.
    await setPolicies([])
    const actions = await node.ctx.db
      .selectFrom('moderationActions')
      .select(['id', 'kind', 'moderatorId'])
      .where('subjectKind', '=', 'stream')
      .where('subjectId', '=', id)
      .execute()
    expect(actions).toMatchObject([{ kind: 'hold', moderatorId: null }])
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${actions[0]!.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'a test pattern' },
    })
    expect(reversed.status).toBe(200)
    expect((await streamFor(id, viewer)).status).toBe(200)
    // A viewer reports it; a moderator removes it: it ends, and only its owner sees it.
    const report = await call(node, 'POST', '/v1/reports', {
      token: as(viewer),
      body: { subject: `stream:${id}`, category: 'other', comment: 'not what the title says' },
    })
    expect(report.status).toBe(201)
    const removed = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: {
        kind: 'remove',
        subject: `stream:${id}`,
        rule: 'Rule 3',
        reason: 'r',
        caseId: report.body.caseId,
      },
    })
    expect(removed.status).toBe(201)
    await eventually(async () => (await streamFor(id, owner)).body.state === 'ended', 20_000)
    expect((await streamFor(id, viewer)).status).toBe(404)
    // Not recorded: no video of it, its segments let go.
    expect((await streamFor(id, owner)).body.record).toBe(false)
    await eventually(async () => {
      const job = await node.ctx.db
        .selectFrom('jobs')
        .select('state')
        .where('kind', '=', 'live.recording')
        .where(sql<boolean>`payload->>'streamId' = ${id}`)
        .executeTakeFirst()
      return job?.state === 'succeeded'
    }, 30_000)
    expect((await streamFor(id, owner)).body.videoId).toBeNull()
  }, 120_000)

  test('every sample refreshes the same labels instead of adding them again; a reversed hold stays reversed', async () => {
    await setPolicies([])
    const id = await goLive('Evening show')
    type Row = {
      value: string
      source: string
      score: number
      createdAt: string
      lastSeenAt: string
      seenCount: number
    }
    const labels = async () =>
      (
        await call(node, 'GET', `/v1/moderation/labels?subject=stream:${id}&limit=100`, {
          token: as(moderator),
        })
      ).body.items as Row[]
    const nsfwSeen = async () =>
      Math.min(...(await labels()).filter((l) => l.source === NSFW_SOURCE).map((l) => l.seenCount))
    const screened = async () =>
      (
        await node.ctx.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('kind', '=', 'moderation.screen')
          .where('state', '=', 'succeeded')
          .where(sql<boolean>`payload->'subject'->>'id' = ${id}`)
          .executeTakeFirstOrThrow()
      ).n
    // Sampled at least three times, each sample finding the classifier's two labels again.
    await eventually(
      async () => (await labels()).some((l) => l.source === NSFW_SOURCE) && (await nsfwSeen()) >= 3,
      60_000,
    )
    expect(Number(await screened())).toBeGreaterThanOrEqual(3)
    const after = await labels()
    const pairs = after.map((l) => `${l.value} ${l.source}`)
    expect(new Set(pairs).size).toBe(pairs.length)
    expect(
      after
        .filter((l) => l.source === NSFW_SOURCE)
        .map((l) => l.value)
        .sort(),
    ).toEqual(['nudity', 'sexual'])
    for (const l of after.filter((x) => x.source === NSFW_SOURCE)) {
      expect(Date.parse(l.lastSeenAt)).toBeGreaterThan(Date.parse(l.createdAt))
      expect(l.score).toBeGreaterThanOrEqual(0)
    }
    const rows = await node.ctx.db
      .selectFrom('moderationLabels')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('subjectKind', '=', 'stream')
      .where('subjectId', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(after.length)

    // A policy that holds: one automated hold; a moderator reverses it, and the samples after
    // (which refresh the same labels) do not hold it again.
    await setPolicies([{ label: 'nudity', minScore: 0, outcome: 'hold' }])
    await eventually(async () => (await streamFor(id, viewer)).status === 404, 40_000)
    const [hold] = await node.ctx.db
      .selectFrom('moderationActions')
      .select('id')
      .where('subjectKind', '=', 'stream')
      .where('subjectId', '=', id)
      .execute()
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${hold!.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'a test pattern' },
    })
    expect(reversed.status).toBe(200)
    const seen = await nsfwSeen()
    await eventually(async () => (await nsfwSeen()) >= seen + 2, 40_000)
    expect((await streamFor(id, viewer)).status).toBe(200)
    const actions = await node.ctx.db
      .selectFrom('moderationActions')
      .select('kind')
      .where('subjectKind', '=', 'stream')
      .where('subjectId', '=', id)
      .execute()
    expect(actions).toEqual([{ kind: 'hold' }])
    expect(new Set((await labels()).map((l) => `${l.value} ${l.source}`)).size).toBe((await labels()).length)
    await setPolicies([])

    // A moderator's label said again is one label too, with the score they gave last.
    for (const score of [0.8, 0.3]) {
      const labelled = await call(node, 'POST', '/v1/moderation/labels', {
        token: as(moderator),
        body: { subject: `stream:${id}`, value: 'violence', score },
      })
      expect(labelled.status).toBe(201)
    }
    const violence = (await labels()).filter((l) => l.value === 'violence')
    expect(violence).toMatchObject([{ source: `moderator:${moderator.id}`, seenCount: 2 }])
    expect(violence[0]!.score).toBeCloseTo(0.3, 5)
  }, 150_000)
})
