import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, credit } from './support.ts'

let node: TestNode
let boss: Account
let cpm: string
let cpc: string
let owner: Account & { advertiserId: string }
const ads = () => node.ctx.services.ads

beforeAll(async () => {
  node = await startSocialNode('ads-events', { ADS_EVENTS_PER_HOUR: '5' })
  boss = await admin(node)
  owner = await advertiser(node)
  await credit(node, boss, owner.advertiserId, 1_000)
  cpm = await activeCampaign(node, owner, {
    bid: { kind: 'cpm', amount: 3000 },
    targeting: { countries: ['NZ'] },
  })
  cpc = await activeCampaign(node, owner, {
    objective: 'clicks',
    bid: { kind: 'cpc', amount: 50 },
    targeting: { countries: ['AU'] },
  })
  await ads().index.refresh()
})
afterAll(async () => {
  await node.stop()
})

/** A serving to a signed-in viewer in `country`: its token. */
async function servedTo(viewer: Account, country: string): Promise<string> {
  const v = await ads().viewers.resolve(
    { userId: viewer.id, address: '10.2.3.4', country, userAgent: null, acceptLanguage: null },
    new Date(),
  )
  const [served] = await ads().server.serve(v, { placement: 'feed', slots: 1 })
  if (!served) throw new Error('nothing served')
  return served.token
}

const send = (viewer: Account | null, body: Record<string, unknown>, ip?: string) =>
  call(node, 'POST', '/v1/ads/events', { token: viewer ? as(viewer) : undefined, body, ip })
const seen = { visibleShare: 0.6, visibleMs: 1200 }

describe('tracking events', () => {
  test('an impression and a click count once each; a replay is refused', async () => {
    const v = await register(node)
    const token = await servedTo(v, 'NZ')
    expect((await send(v, { token, kind: 'impression', ...seen })).body).toEqual({
      counted: true,
      charged: true,
    })
    const replay = await send(v, { token, kind: 'impression', ...seen })
    expect(replay.status).toBe(409)
    expect(replay.body.code).toBe('ad_event_replayed')
    expect((await send(v, { token, kind: 'click' })).body).toEqual({ counted: true, charged: false })
    expect((await send(v, { token, kind: 'click' })).status).toBe(409)
    const counts = await node.ctx.db
      .selectFrom('adCampaignCounts')
      .selectAll()
      .where('campaignId', '=', cpm)
      .executeTakeFirstOrThrow()
    expect([Number(counts.impressions), Number(counts.clicks)]).toEqual([1, 1])
  })

  test('a click of a CPC campaign is charged once, at its second price', async () => {
    const v = await register(node)
    const token = await servedTo(v, 'AU')
    const before = await node.ctx.db
      .selectFrom('advertisers')
      .select('balanceMilli')
      .where('id', '=', owner.advertiserId)
      .executeTakeFirstOrThrow()
    expect((await send(v, { token, kind: 'impression', ...seen })).body.charged).toBe(false)
    expect((await send(v, { token, kind: 'click' })).body).toEqual({ counted: true, charged: true })
    expect((await send(v, { token, kind: 'click' })).status).toBe(409)
    const after = await node.ctx.db
      .selectFrom('advertisers')
      .select('balanceMilli')
      .where('id', '=', owner.advertiserId)
      .executeTakeFirstOrThrow()
    const clicks = await node.ctx.db
      .selectFrom('adSpend')
      .selectAll()
      .where('campaignId', '=', cpc)
      .where('kind', '=', 'click')
      .execute()
    expect(clicks.length).toBe(1)
    // The reserve (10 milli a serving) over the 1% predicted click rate: 1000 milli a click.
    expect(Number(clicks[0]!.amountMilli)).toBe(1000)
    expect(Number(before.balanceMilli) - Number(after.balanceMilli)).toBe(1000)
  })

  test('a CPM serving is billed on its viewable impression only, once, from its budget slice; forged tokens bill nothing', async () => {
    const db = node.ctx.db
    const balance = async () =>
      Number(
        (
          await db
            .selectFrom('advertisers')
            .select('balanceMilli')
            .where('id', '=', owner.advertiserId)
            .executeTakeFirstOrThrow()
        ).balanceMilli,
      )
    const spendOf = (servingId: string) =>
      db.selectFrom('adSpend').selectAll().where('servingId', '=', servingId).execute()
    const v = await register(node)
    const token = await servedTo(v, 'NZ')
    const [body, mac] = token.split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString())
    // Served from a slice this node leased: reserved there, nothing billed yet.
    expect(claims.b).toBe('cpm')
    const lease = await db
      .selectFrom('adBudgetLeases')
      .selectAll()
      .where('id', '=', claims.l)
      .executeTakeFirstOrThrow()
    expect(lease.campaignId).toBe(cpm)
    expect(Number(lease.amountMilli)).toBeGreaterThanOrEqual(claims.p)
    expect(await spendOf(claims.s)).toEqual([])
    const before = await balance()

    // Not viewable (IAB/MRC: half the pixels in view for a second in a row): refused, not billed.
    for (const view of [
      { visibleShare: 0.49, visibleMs: 60_000 },
      { visibleShare: 1, visibleMs: 999 },
    ])
      expect((await send(v, { token, kind: 'impression', ...view })).status).toBe(422)
    // Forged: another price, lease or serving under the real signature.
    for (const change of [{ p: 1 }, { l: crypto.randomUUID() }, { s: crypto.randomUUID() }]) {
      const forged = `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${mac}`
      expect((await send(v, { token: forged, kind: 'impression', ...seen })).status).toBe(403)
    }
    expect(await spendOf(claims.s)).toEqual([])

    // Viewable: billed once, at the serving's price, against its slice; a replay bills nothing.
    expect((await send(v, { token, kind: 'impression', ...seen })).body).toEqual({
      counted: true,
      charged: true,
    })
    for (let i = 0; i < 3; i++)
      expect((await send(v, { token, kind: 'impression', ...seen })).status).toBe(409)
    const spend = await spendOf(claims.s)
    expect(spend.map((r) => [r.kind, Number(r.amountMilli), r.leaseId])).toEqual([
      ['impression', claims.p, claims.l],
    ])
    const billed = await db
      .selectFrom('adBudgetLeases')
      .select('billedMilli')
      .where('id', '=', claims.l)
      .executeTakeFirstOrThrow()
    expect(Number(billed.billedMilli)).toBeGreaterThanOrEqual(claims.p)
    // The balance paid for the slice when it was leased, not again per impression.
    expect(await balance()).toBe(before)
  })

  test('what a slice did not bill comes back: unserved when given up, unviewed once its tokens expire', async () => {
    const db = node.ctx.db
    const b = await advertiser(node)
    await credit(node, boss, b.advertiserId, 100)
    // 50.00 a day: slices of 1% (500 milli), servings at the reserve (10 milli).
    const id = await activeCampaign(node, b, {
      bid: { kind: 'cpm', amount: 2000 },
      budget: { total: 50, daily: 50 },
      targeting: { countries: ['FJ'] },
    })
    await ads().index.refresh()
    const state = async () => {
      const a = await db
        .selectFrom('advertisers')
        .select('balanceMilli')
        .where('id', '=', b.advertiserId)
        .executeTakeFirstOrThrow()
      const c = await db
        .selectFrom('adCampaigns')
        .select(['spentMilli', 'spentDayMilli'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      const s = await db
        .selectFrom('adSpend')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountMilli'), eb.val('0')).as('sum'))
        .where('campaignId', '=', id)
        .executeTakeFirstOrThrow()
      return [Number(a.balanceMilli), Number(c.spentMilli), Number(c.spentDayMilli), Number(s.sum)]
    }
    const viewers = await Promise.all(Array.from({ length: 5 }, () => register(node)))
    const tokens = []
    for (const v of viewers) tokens.push(await servedTo(v, 'FJ'))
    expect(await state()).toEqual([100_000 - 500, 500, 500, 0])
    for (const i of [0, 1])
      expect((await send(viewers[i]!, { token: tokens[i], kind: 'impression', ...seen })).body.charged).toBe(
        true,
      )
    expect(await state()).toEqual([100_000 - 500, 500, 500, 20])
    // The node's slice expires: what it did not serve (450) goes back at once.
    await ads().leases.sweep(Date.now() + 3_600_000)
    expect(await state()).toEqual([100_000 - 50, 50, 50, 20])
    // The servings' tokens expire (the lease's settlement time, brought forward): the unviewed come back.
    await db
      .updateTable('adBudgetLeases')
      .set({ settleAfter: new Date() })
      .where('campaignId', '=', id)
      .execute()
    expect(await ads().billing.settle()).toBeGreaterThanOrEqual(1)
    expect(await state()).toEqual([100_000 - 20, 20, 20, 20])
    // An impression after the settlement bills nothing (the slice is closed).
    expect((await send(viewers[2]!, { token: tokens[2], kind: 'impression', ...seen })).body).toEqual({
      counted: true,
      charged: false,
    })
    expect(await state()).toEqual([100_000 - 20, 20, 20, 20])
  })

  test('forged, altered and expired tokens are refused', async () => {
    const v = await register(node)
    const token = await servedTo(v, 'NZ')
    const [body, mac] = token.split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString())
    const cheaper = Buffer.from(JSON.stringify({ ...claims, p: 1 })).toString('base64url')
    for (const forged of [
      `${cheaper}.${mac}`,
      `${body}.${mac.slice(0, -2)}xx`,
      `${body}x.${mac}`,
      'a'.repeat(40),
      `${token}.extra`,
    ]) {
      const res = await send(v, { token: forged, kind: 'click' })
      expect(res.status, forged).toBe(403)
      expect(res.body.code).toBe('ad_token_invalid')
    }
    const expired = ads().tokens.sign({ ...claims, e: Math.floor(Date.now() / 1000) - 1 })
    expect((await send(v, { token: expired, kind: 'click' })).status).toBe(403)
  })

  test('bad input: video events of a card, unseen impressions, NUL, huge and fractional numbers', async () => {
    const v = await register(node)
    const token = await servedTo(v, 'NZ')
    const bad = [
      { token, kind: 'midpoint' },
      { token, kind: 'impression' },
      { token, kind: 'impression', visibleShare: 0.4, visibleMs: 5000 },
      { token, kind: 'impression', visibleShare: 0.9, visibleMs: 999 },
      { token, kind: 'impression', visibleShare: 0.9, visibleMs: 1500.5 },
      { token, kind: 'impression', visibleShare: 2, visibleMs: 1500 },
      { token, kind: 'impression', visibleShare: 0.9, visibleMs: 1e300 },
      { token, kind: 'view' },
      { token: `${token}\u0000`, kind: 'click' },
      { kind: 'click' },
    ]
    for (const body of bad) {
      const res = await send(v, body)
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
      expect(res.status, JSON.stringify(body)).toBeLessThan(500)
    }
  })

  test('invalid traffic is filtered: too many events from a viewer or an address, a token used by someone else', async () => {
    const v = await register(node)
    const tokens = []
    for (let i = 0; i < 7; i++) tokens.push(await servedTo(v, 'NZ'))
    const outcomes = []
    for (const token of tokens)
      outcomes.push((await send(v, { token, kind: 'impression', ...seen })).body.counted)
    // ADS_EVENTS_PER_HOUR=5 per viewer.
    expect(outcomes).toEqual([true, true, true, true, true, false, false])
    const other = await register(node)
    const theirs = await servedTo(other, 'NZ')
    expect((await send(v, { token: theirs, kind: 'click' })).body.counted).toBe(false)
    // The same address for many viewers.
    const ip = '10.77.77.77'
    const fromOneAddress = []
    for (let i = 0; i < 6; i++) {
      const w = await register(node)
      fromOneAddress.push(
        (await send(w, { token: await servedTo(w, 'NZ'), kind: 'impression', ...seen }, ip)).body.counted,
      )
    }
    expect(fromOneAddress).toEqual([true, true, true, true, true, false])
    const invalid = await node.ctx.db
      .selectFrom('adInvalidEvents')
      .select(['reason', 'count'])
      .where('campaignId', '=', cpm)
      .execute()
    expect(Object.fromEntries(invalid.map((r) => [r.reason, Number(r.count)]))).toEqual({
      viewer_rate: 2,
      viewer_mismatch: 1,
      address_rate: 1,
    })
  }, 60_000)
})

describe('reports', () => {
  test('impressions, clicks, CTR, spend, reach, frequency and quartiles by day and by country; CSV; owner only', async () => {
    const report = await activeCampaign(node, owner, {
      bid: { kind: 'cpm', amount: 4000 },
      targeting: { countries: ['JP', 'KR'] },
    })
    await ads().index.refresh()
    const [v, w] = [await register(node), await register(node)]
    const t1 = await servedTo(v, 'JP')
    const t2 = await servedTo(v, 'JP')
    const t3 = await servedTo(w, 'KR')
    for (const [who, token] of [
      [v, t1],
      [v, t2],
      [w, t3],
    ] as const)
      expect((await send(who, { token, kind: 'impression', ...seen })).body.counted).toBe(true)
    expect((await send(v, { token: t1, kind: 'click' })).body.counted).toBe(true)
    // A pre-roll's quartiles (a token as a pre-roll serving carries).
    const claims = JSON.parse(Buffer.from(t3.split('.')[0]!, 'base64url').toString())
    const video = ads().tokens.sign({ ...claims, s: crypto.randomUUID(), k: 'preroll' })
    for (const kind of ['first_quartile', 'midpoint', 'skip'])
      expect((await send(w, { token: video, kind })).body.counted).toBe(true)

    const res = await call(node, 'GET', `/v1/ads/campaigns/${report}/report`, { token: as(owner) })
    expect(res.status).toBe(200)
    expect(res.body.totals).toMatchObject({
      impressions: 3,
      clicks: 1,
      ctr: 0.3333,
      reach: 2,
      frequency: 1.5,
      firstQuartile: 1,
      midpoint: 1,
      thirdQuartile: 0,
      skips: 1,
      invalidEvents: 0,
    })
    // Three servings at the reserve (10 milli).
    expect(res.body.totals.spendMilli).toBe(30)
    // The last 28 days, today's bucket included.
    expect(res.body.series.length).toBe(29)
    const today = res.body.series.at(-1)
    expect(today).toMatchObject({ impressions: 3, clicks: 1, spendMilli: 30 })
    expect(
      res.body.countries.map((c: { country: string; impressions: number }) => [c.country, c.impressions]),
    ).toEqual([
      ['JP', 2],
      ['KR', 1],
    ])
    const byHour = await call(node, 'GET', `/v1/ads/campaigns/${report}/report?granularity=hour`, {
      token: as(owner),
    })
    expect(byHour.body.series.length).toBe(49)

    const csv = await node.request(`/v1/ads/campaigns/${report}/report.csv`, {
      headers: { authorization: `Bearer ${as(owner)}` },
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toStartWith('start,impressions,clicks,ctr,spend,spendMilli,reach,frequency')
    expect(lines.length).toBe(30)
    const countries = await node.request(`/v1/ads/campaigns/${report}/report.csv?breakdown=country`, {
      headers: { authorization: `Bearer ${as(owner)}` },
    })
    expect((await countries.text()).split('\r\n')[1]).toStartWith('JP,2,1,0.5,')

    const stranger = await advertiser(node)
    expect(
      (await call(node, 'GET', `/v1/ads/campaigns/${report}/report`, { token: as(stranger) })).status,
    ).toBe(404)
    expect((await call(node, 'GET', `/v1/ads/campaigns/${report}/report`, { token: as(v) })).status).toBe(403)
    for (const query of [
      '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      '?granularity=minute',
      '?from=yesterday',
      '?granularity=hour&from=2020-01-01T00:00:00Z',
    ])
      expect(
        (await call(node, 'GET', `/v1/ads/campaigns/${report}/report${query}`, { token: as(owner) })).status,
      ).toBe(422)
  }, 60_000)
})
