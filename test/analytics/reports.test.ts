import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { ev, report, send, someStream, someVideo, watching } from './support.ts'

let node: TestNode
let creator: Account
let other: Account
let admin: Account
let video: string
let post: string
let stream: string
const as = (a: Account) => a.tokens.accessToken
const status = async (path: string, account?: Account) =>
  (await node.request(path, { headers: account ? { authorization: `Bearer ${as(account)}` } : {} })).status

beforeAll(async () => {
  node = await startSocialNode('analytics-reports', { ANALYTICS_MIN_AUDIENCE: '3' })
  creator = await register(node)
  other = await register(node)
  admin = await promote(node, await register(node), 'admin')
  video = await someVideo(node, creator)
  post = await writePost(node, creator, { text: 'look at this' })
  stream = await someStream(node, creator)
})
afterAll(async () => {
  await node.stop()
})

describe('creator reports', () => {
  test('only the owner reads them: 401 without a token, 403 for others, 404 for what does not exist', async () => {
    const missing = crypto.randomUUID()
    for (const [kind, id] of [
      ['videos', video],
      ['posts', post],
      ['streams', stream],
    ] as const) {
      for (const suffix of ['', '.csv']) {
        const path = `/v1/analytics/${kind}/${id}${suffix}`
        expect(await status(path)).toBe(401)
        expect(await status(path, other)).toBe(403)
        expect(await status(path, creator)).toBe(200)
        expect(await status(`/v1/analytics/${kind}/${missing}${suffix}`, creator)).toBe(404)
      }
      for (const bad of ['nope', `${id}.pdf`, `${id}%00`, `..%2F${id}`])
        expect([400, 404, 422]).toContain(await status(`/v1/analytics/${kind}/${bad}`, creator))
    }
    for (const path of ['/v1/analytics/creators/me', '/v1/analytics/creators/me.csv']) {
      expect(await status(path)).toBe(401)
      expect(await status(path, other)).toBe(200)
    }
    for (const path of [
      '/v1/analytics/platform',
      '/v1/analytics/platform.csv',
      '/v1/analytics/platform/cohorts',
    ]) {
      expect(await status(path)).toBe(401)
      expect(await status(path, creator)).toBe(403)
      expect(await status(path, admin)).toBe(200)
    }
  })

  test('ranges: bad or too long ones are 422, never 500', async () => {
    const base = `/v1/analytics/videos/${video}`
    for (const q of [
      '?from=yesterday',
      '?granularity=year',
      '?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z',
      '?from=2000-01-01T00:00:00Z&granularity=hour',
      '?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z',
      '?to=2026-02-30T00:00:00Z',
    ])
      expect({ q, status: (await call(node, 'GET', base + q, { token: as(creator) })).status }).toEqual({
        q,
        status: 422,
      })
    expect(
      (await call(node, 'GET', '/v1/analytics/platform/cohorts?weeks=1.5', { token: as(admin) })).status,
    ).toBe(422)
    expect(
      (
        await call(node, 'GET', '/v1/analytics/platform/cohorts?weeks=99999999999999999', {
          token: as(admin),
        })
      ).status,
    ).toBe(422)
  })

  test('the retention curve of a synthetic viewing pattern, and breakdowns hidden below the minimum audience', async () => {
    // Four viewers (one anonymous), watching the first 10, 20, 30 and 40 seconds.
    const viewers = [await register(node), await register(node), await register(node)]
    await send(node, watching(video, 'r1', 10), { token: as(viewers[0]!) })
    await send(node, watching(video, 'r2', 20), { token: as(viewers[1]!) })
    const first = `videos/${video}`
    await eventually(async () => (await report(node, as(creator), first)).body.totals.views === 2, 10_000)
    // Two viewers: below 3, no breakdowns.
    expect((await report(node, as(creator), first)).body.breakdowns).toBeNull()
    await send(node, watching(video, 'r3', 30), { token: as(viewers[2]!) })
    await send(node, watching(video, 'r4', 40), { ip: '10.1.2.3', userAgent: 'Mozilla/5.0 (iPhone; Mobile)' })
    await eventually(async () => (await report(node, as(creator), first)).body.totals.views === 4, 10_000)
    const r = (await report(node, as(creator), first)).body
    expect(r.totals).toMatchObject({ views: 4, uniqueViewers: 4, watchSeconds: 100, averageViewSeconds: 25 })
    const share = (second: number) =>
      r.retention.points.find(
        (p: { second: number }) => p.second <= second && second < p.second + r.retention.bucketSeconds,
      )?.share ?? 0
    expect(r.retention.views).toBe(4)
    expect(share(0)).toBe(1)
    expect(share(9)).toBe(1)
    expect(share(10)).toBe(0.75)
    expect(share(25)).toBe(0.5)
    expect(share(35)).toBe(0.25)
    expect(share(45)).toBe(0)
    // Four viewers: shown; the one mobile view is below 3 and folds into "other".
    expect(r.breakdowns.sources).toEqual([{ key: 'home', value: 4 }])
    expect(r.breakdowns.devices).toEqual([
      { key: 'desktop', value: 3 },
      { key: 'other', value: 1 },
    ])
    const csv = await node.request(`/v1/analytics/videos/${video}.csv`, {
      headers: { authorization: `Bearer ${as(creator)}` },
    })
    expect(csv.headers.get('content-type')).toStartWith('text/csv')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'start,views,uniqueViewers,watchSeconds,averageViewSeconds,impressions,clicks,newFollowers',
    )
    expect(lines.at(-1)).toContain(',4,4,100,25,')
  })

  test('server events roll up: follows (attributed to the video watched), likes, posts; the creator report adds up', async () => {
    const fan = await register(node)
    // The video has views from the tests before: wait for this viewer's own to be rolled up.
    const viewsBefore = (await report(node, as(creator), `videos/${video}`)).body.totals.views
    await send(node, watching(video, 'fan', 5), { token: as(fan) })
    await eventually(
      async () => (await report(node, as(creator), `videos/${video}`)).body.totals.views > viewsBefore,
      10_000,
    )
    const followed = await call(node, 'POST', `/v1/users/${creator.username}/follow`, { token: as(fan) })
    expect(followed.status).toBeLessThan(300)
    expect((await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })).status).toBeLessThan(300)
    await send(
      node,
      [ev('impression', { postId: post, source: 'home' }), ev('click', { postId: post, source: 'home' })],
      {
        token: as(fan),
      },
    )
    await eventually(async () => {
      const me = (await report(node, as(creator), 'creators/me')).body
      return me.totals.followersGained === 1 && me.totals.likes === 1 && me.totals.impressions === 1
    }, 15_000)
    const me = (await report(node, as(creator), 'creators/me')).body
    expect(me.totals).toMatchObject({
      followersGained: 1,
      followersLost: 0,
      netFollowers: 1,
      posts: 1,
      uploads: 1,
    })
    expect(me.totals.engagements).toBe(2)
    expect(me.topContent.videos[0]).toMatchObject({ id: video, title: 'Analytics clip' })
    expect(me.topContent.posts[0]).toEqual({ id: post, impressions: 1 })
    expect(me.revenue).toEqual({ currencies: [], series: [] })
    const v = (await report(node, as(creator), `videos/${video}`)).body
    expect(v.totals.newFollowers).toBe(1)
    const p = (await report(node, as(creator), `posts/${post}`)).body
    expect(p.totals).toMatchObject({
      impressions: 1,
      reach: 1,
      clicks: 1,
      likes: 1,
      engagements: 2,
      engagementRate: 2,
    })
    expect(p.breakdowns).toBeNull()
    await call(node, 'DELETE', `/v1/users/${creator.username}/follow`, { token: as(fan) })
    await eventually(
      async () => (await report(node, as(creator), 'creators/me')).body.totals.followersLost === 1,
      15_000,
    )
  })

  test('a follow whose heartbeats reach the server after it is still attributed to the video watched, once', async () => {
    const fan = await register(node)
    const before = (await report(node, as(creator), `videos/${video}`)).body.totals.newFollowers
    // Watched first; the player's batch of heartbeats is sent only after the follow is rolled up.
    const beats = watching(video, 'late-fan', 10)
    await Bun.sleep(20)
    const gained = (await report(node, as(creator), 'creators/me')).body.totals.followersGained
    expect(
      (await call(node, 'POST', `/v1/users/${creator.username}/follow`, { token: as(fan) })).status,
    ).toBe(200)
    await eventually(
      async () => (await report(node, as(creator), 'creators/me')).body.totals.followersGained === gained + 1,
      15_000,
    )
    expect((await report(node, as(creator), `videos/${video}`)).body.totals.newFollowers).toBe(before)
    await send(node, beats, { token: as(fan) })
    await eventually(
      async () =>
        (await report(node, as(creator), `videos/${video}`)).body.totals.newFollowers === before + 1,
      15_000,
    )
    // The same heartbeats again, and more of the session: counted once.
    await send(node, watching(video, 'late-fan', 15), { token: as(fan) })
    await Bun.sleep(1500)
    expect((await report(node, as(creator), `videos/${video}`)).body.totals.newFollowers).toBe(before + 1)
  })

  test('a live stream: peak and average viewers from heartbeats, unique viewers', async () => {
    const at = Date.now()
    const beat = (session: string) =>
      ev('live.heartbeat', { streamId: stream, sessionId: session, occurredAt: new Date(at).toISOString() })
    await send(node, [beat('l1'), beat('l1')], { ip: '10.0.0.1' })
    await send(node, [beat('l2')], { ip: '10.0.0.2' })
    await send(node, [beat('l3')], { token: as(other) })
    await eventually(
      async () => (await report(node, as(creator), `streams/${stream}`)).body.totals.peakViewers === 3,
      10_000,
    )
    const r = (await report(node, as(creator), `streams/${stream}`)).body
    expect(r.totals).toMatchObject({ peakViewers: 3, uniqueViewers: 3, viewerMinutes: 3, chatMessages: 0 })
  })
})

describe('platform reports', () => {
  test('admins see sign-ups, active users, content volume and cohorts', async () => {
    await eventually(async () => {
      const r = (await report(node, as(admin), 'platform')).body
      return r.totals.signups >= 3 && r.totals.posts >= 1 && r.totals.uploads >= 1
    }, 15_000)
    const r = (await report(node, as(admin), 'platform')).body
    expect(r.active.dau).toBeGreaterThanOrEqual(3)
    expect(r.active.mau).toBeGreaterThanOrEqual(r.active.dau)
    expect(r.totals.views).toBeGreaterThanOrEqual(1)
    expect(r.revenue).toEqual({ currencies: [], series: [] })
    const cohorts = (await report(node, as(admin), 'platform/cohorts?weeks=2')).body
    expect(cohorts.cohorts).toHaveLength(2)
    const thisWeek = cohorts.cohorts.at(-1)
    expect(thisWeek.users).toBeGreaterThanOrEqual(3)
    expect(thisWeek.retention[0]).toBeGreaterThan(0)
    const csv = await node.request('/v1/analytics/platform.csv', {
      headers: { authorization: `Bearer ${as(admin)}` },
    })
    expect((await csv.text()).split('\r\n')[0]).toStartWith('start,activeUsers,visitors,signups')
  })
})
