import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { ANALYTICS_CLIENT_SUBJECT } from '../../src/analytics/topology.ts'
import { Visitors } from '../../src/analytics/visitors.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { ev, report, send, someVideo, watching } from './support.ts'

let node: TestNode
let creator: Account
let viewer: Account
let db: postgres.Sql
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('analytics-ingest', { ANALYTICS_MIN_AUDIENCE: '3' })
  creator = await register(node)
  viewer = await register(node)
  db = postgres(node.databaseUrl, { max: 2, onnotice: () => {} })
})
afterAll(async () => {
  await db.end()
  await node.stop()
})

const videoReport = async (id: string, query = '') =>
  (await report(node, as(creator), `videos/${id}${query}`)).body

describe('ingestion', () => {
  test('a batch is answered 202 and shows in the video report within seconds, anonymous viewers hashed', async () => {
    const video = await someVideo(node, creator)
    const signedIn = await send(node, watching(video, 'a', 20), { token: as(viewer) })
    expect(signedIn.status).toBe(202)
    expect(signedIn.body).toEqual({ accepted: 4, dropped: 0 })
    const anonymous = await send(node, watching(video, 'b', 10), { ip: '10.9.8.7' })
    expect(anonymous.status).toBe(202)
    const took = await eventually(async () => (await videoReport(video)).totals.views === 2, 10_000)
    expect(took).toBeLessThan(10_000)
    const r = await videoReport(video)
    expect(r.totals).toMatchObject({ views: 2, uniqueViewers: 2, watchSeconds: 30, averageViewSeconds: 15 })
    // The current day's bucket holds it (the current hour too).
    expect(r.series.at(-1).views).toBe(2)
    const hourly = await videoReport(video, '?granularity=hour')
    expect(hourly.series.at(-1).views).toBe(2)
    // Stored raw: the user's id for the signed-in viewer; for the anonymous one, neither address nor agent.
    const rows =
      await db`select user_id, visitor::text, session_id, data from analytics_events where subject_id = ${video} and session_id is not null`
    expect(rows.length).toBe(6)
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([viewer.id, null]))
    const raw = JSON.stringify(
      await db`select * from analytics_events where subject_id = ${video} and user_id is null`,
    )
    expect(raw).not.toContain('10.9.8.7')
    expect(raw).not.toContain('Mozilla')
  })

  test('a resent batch counts once, whether JetStream or the table drops it', async () => {
    const video = await someVideo(node, creator)
    const batch = watching(video, 's', 15)
    expect((await send(node, batch, { token: as(viewer) })).status).toBe(202)
    expect((await send(node, batch, { token: as(viewer) })).status).toBe(202)
    // The same events with one more: another message, so the table's key must drop the three.
    const more = [...batch, ...watching(video, 's2', 5)]
    expect((await send(node, more, { token: as(viewer) })).status).toBe(202)
    await eventually(async () => (await videoReport(video)).totals.views === 2, 10_000)
    await Bun.sleep(1000)
    const r = await videoReport(video)
    expect(r.totals).toMatchObject({ views: 2, uniqueViewers: 1, watchSeconds: 20 })
    const [row] =
      await db`select count(*)::int as n from analytics_events where subject_id = ${video} and session_id is not null`
    expect(row?.n).toBe(4)
  })

  test('late events fold into their hour; too late ones are dropped; future ones are clamped once', async () => {
    const video = await someVideo(node, creator)
    const hourMs = 3_600_000
    const lateAt = Date.now() - 30 * hourMs
    const late = watching(video, 'late', 10, lateAt)
    const tooLate = watching(video, 'old', 5, Date.now() - 50 * hourMs)
    const res = await send(node, [...late, ...tooLate], { token: as(viewer) })
    expect(res.body).toEqual({ accepted: 2, dropped: 1 })
    const future = ev('impression', {
      videoId: video,
      source: 'search',
      occurredAt: new Date(Date.now() + 3 * hourMs).toISOString(),
    })
    await send(node, [future], { token: as(viewer) })
    await Bun.sleep(50)
    // Sent again beside another event: clamped to another now, yet the same event.
    await send(node, [future, ev('impression', { videoId: video, source: 'home' })], { token: as(viewer) })
    const query = `?granularity=hour&from=${new Date(Date.now() - 40 * hourMs).toISOString()}`
    await eventually(async () => {
      const r = await videoReport(video, query)
      return r.totals.views === 1 && r.totals.impressions === 2
    }, 10_000)
    const r = await videoReport(video, query)
    const lateBucket = new Date(Math.floor((lateAt - 1000) / hourMs) * hourMs).toISOString()
    const lateRow = r.series.find((s: { start: string }) => s.start === lateBucket)
    expect(lateRow.views).toBe(1)
    expect(r.series.at(-1).impressions).toBe(2)
  })

  test('a batch in the older message form (events as objects) still in the stream is written', async () => {
    const video = await someVideo(node, creator)
    const { bus } = node.ctx
    const events = watching(video, 'old-form', 15)
    // As the API published a batch before the column form (ClientBatch in src/analytics/ingest.ts).
    const old = {
      receivedAt: new Date().toISOString(),
      userId: viewer.id,
      visitor: Visitors.ofUser(viewer.id),
      country: 'DE',
      device: 'desktop',
      events: [...events, { ...ev('impression', { videoId: video, source: 'search' }), clamped: true }],
    }
    await bus.js.publish(bus.subject(ANALYTICS_CLIENT_SUBJECT), JSON.stringify(old))
    await eventually(async () => (await videoReport(video)).totals.views === 1, 10_000)
    const r = await videoReport(video)
    expect(r.totals).toMatchObject({ views: 1, uniqueViewers: 1, watchSeconds: 15, impressions: 1 })
    const rows = await db<
      { id: string; session_id: string; position_seconds: number | null; country: string }[]
    >`
      select id, session_id, position_seconds, country from analytics_events where subject_id = ${video} and session_id is not null
      order by position_seconds`
    expect(rows.map((x) => [x.id, x.session_id, x.position_seconds, x.country])).toEqual([
      ...events.map((e, i) => [e.id, 'old-form', 5 * (i + 1), 'DE']),
      [old.events[3]!.id, 's1', null, 'DE'],
    ])
    // Its clamped event's time is kept for its id, as a new-form batch's is.
    const [kept] =
      await db`select count(*)::int as n from analytics_clamped_ids where id = ${old.events[3]!.id}`
    expect(kept?.n).toBe(1)
  })

  test('a time with an offset is stored as the same instant', async () => {
    const video = await someVideo(node, creator)
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000)
    const local = new Date(at.getTime() + 2 * 3_600_000).toISOString().replace('.000Z', '+02:00')
    const e = ev('impression', { videoId: video, source: 'home', occurredAt: local })
    expect((await send(node, [e], { token: as(viewer) })).status).toBe(202)
    await eventually(
      async () => (await db`select 1 from analytics_events where id = ${e.id}`).length === 1,
      10_000,
    )
    const [row] = await db<
      { occurred_at: Date }[]
    >`select occurred_at from analytics_events where id = ${e.id}`
    expect(row!.occurred_at.toISOString()).toBe(at.toISOString())
  })

  test('bad input is refused with 4xx naming the field', async () => {
    const video = crypto.randomUUID()
    const hb = (f: Record<string, unknown>) =>
      ev('view.heartbeat', { videoId: video, positionSeconds: 1, ...f })
    const cases: [unknown, number][] = [
      [{ events: [] }, 422],
      [{ events: Array.from({ length: 501 }, () => hb({})) }, 422],
      [{ events: [ev('nonsense', { videoId: video })] }, 422],
      [{ events: [hb({ sessionId: 'a\u0000b' })] }, 422],
      [{ events: [hb({ positionSeconds: 1e300 })] }, 422],
      [{ events: [hb({ positionSeconds: -1 })] }, 422],
      [{ events: [hb({ id: 'not-a-uuid' })] }, 422],
      [{ events: [hb({ occurredAt: '2026-02-30T00:00:00Z' })] }, 422],
      [{ events: [hb({ extra: 1 })] }, 422],
      [{ events: [ev('impression', { postId: video, videoId: video, source: 'home' })] }, 422],
      [{ events: [ev('impression', { source: 'home' })] }, 422],
      [{ events: [ev('click', { postId: video, source: 'nowhere' })] }, 422],
      [{ events: [ev('profile.visit', {})] }, 422],
      [{ events: 'x' }, 422],
    ]
    for (const [body, status] of cases) {
      const res = await call(node, 'POST', '/v1/analytics/events', { body })
      expect({ body: JSON.stringify(body).slice(0, 120), status: res.status }).toEqual({
        body: JSON.stringify(body).slice(0, 120),
        status,
      })
      expect(res.body.code).toBe('validation_failed')
    }
    // A refusal names the event (an event matches one branch of the union of types, or none), or
    // the body itself when it is not an object, as Elysia's own check did (the body of this route
    // is checked once: src/platform/http/checked-once.ts).
    const badId = await call(node, 'POST', '/v1/analytics/events', {
      body: { events: [hb({}), hb({ id: 'not-a-uuid' })] },
    })
    expect(badId.status).toBe(422)
    expect(badId.body.errors[0]).toEqual({
      field: 'body.events.1',
      message: expect.stringContaining('one of'),
    })
    expect(badId.body.detail).toStartWith('body.events.1: ')
    const notObject = await call(node, 'POST', '/v1/analytics/events', { body: [1] })
    expect(notObject.status).toBe(422)
    expect(notObject.body.errors[0].field).toBe('body')
    // A field of another type of event is named, in the event that carries it (the union's
    // branch is the one its `type` names).
    const mixed = await call(node, 'POST', '/v1/analytics/events', {
      body: { events: [hb({}), ev('click', { postId: video, source: 'home', positionSeconds: 3 })] },
    })
    expect(mixed.status).toBe(422)
    expect(mixed.body.errors).toEqual([
      { field: 'body.events.1.positionSeconds', message: expect.stringContaining('unknown') },
    ])
    const extraTop = await call(node, 'POST', '/v1/analytics/events', {
      body: { events: [hb({})], more: true },
    })
    expect(extraTop.status).toBe(422)
    expect(extraTop.body.errors).toEqual([
      { field: 'body.more', message: expect.stringContaining('unknown') },
    ])
    const malformed = await node.request('/v1/analytics/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events": [',
    })
    expect(malformed.status).toBe(400)
  })
})
