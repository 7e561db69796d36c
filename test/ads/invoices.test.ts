import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import type { Served } from '../../src/ads/serving.ts'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, credit } from './support.ts'

let node: TestNode
let boss: Account
const ads = () => node.ctx.services.ads

beforeAll(async () => {
  // A lone bidder pays the reserve: 1500 milli an impression (1.5 minor units: invoices round).
  node = await startSocialNode('ads-invoices', { ADS_RESERVE_CPM: '1500' })
  boss = await admin(node)
})
afterAll(async () => {
  await node.stop()
})

async function serveIn(country: string): Promise<Served> {
  const viewer = await ads().viewers.resolve(
    {
      userId: null,
      address: `10.9.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
      country,
      userAgent: null,
      acceptLanguage: null,
    },
    new Date(),
  )
  const [served] = await ads().server.serve(viewer, { placement: 'feed', slots: 1 })
  if (!served) throw new Error(`nothing served in ${country}`)
  return served
}

const event = (served: Served, kind: 'impression' | 'click') =>
  call(node, 'POST', '/v1/ads/events', {
    body: {
      token: served.token,
      kind,
      ...(kind === 'impression' ? { visibleShare: 1, visibleMs: 1000 } : {}),
    },
  })

/** The first instant of the month after this one: the current month is over then (and an hour). */
function nextMonth(hours = 2): Date {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) + hours * 3_600_000)
}

describe('monthly invoices', () => {
  test('one per advertiser and month, from the billable spend, a line per campaign; JSON and CSV; made once', async () => {
    const a = await advertiser(node, 'Invoiced Ltd')
    await credit(node, boss, a.advertiserId, 2_000)
    const boots = await activeCampaign(node, a, {
      name: 'Boots',
      bid: { kind: 'cpm', amount: 3000 },
      targeting: { countries: ['KE'] },
    })
    const hats = await activeCampaign(node, a, {
      name: 'Hats',
      objective: 'clicks',
      bid: { kind: 'cpc', amount: 500 },
      targeting: { countries: ['TZ'] },
    })
    await ads().index.refresh()
    // Boots: 3 servings, 2 viewable (billed 1500 milli each). Hats: 2 servings, one clicked.
    const shown = [await serveIn('KE'), await serveIn('KE'), await serveIn('KE')]
    for (const s of shown.slice(0, 2)) expect((await event(s, 'impression')).body.charged).toBe(true)
    const clicked = await serveIn('TZ')
    await serveIn('TZ')
    expect((await event(clicked, 'click')).body.charged).toBe(true)
    const clickMilli = clicked.priceMilli

    // The month is not over: nothing yet.
    expect(await ads().invoices.issueDue(new Date())).toBe(0)
    expect((await call(node, 'GET', '/v1/ads/advertisers/me/invoices', { token: as(a) })).body).toEqual({
      items: [],
      nextCursor: null,
    })
    // Once it is: one invoice; made once, however often the worker runs.
    expect(await ads().invoices.issueDue(nextMonth())).toBeGreaterThanOrEqual(1)
    expect(
      await Promise.all([ads().invoices.issueDue(nextMonth()), ads().invoices.issueDue(nextMonth(5))]),
    ).toEqual([0, 0])

    const list = await call(node, 'GET', '/v1/ads/advertisers/me/invoices', { token: as(a) })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    const now = new Date()
    const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString()
    const totalMilli = 2 * 1500 + clickMilli
    expect(list.body.items[0]).toMatchObject({
      periodStart,
      periodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      currency: 'USD',
      amountMilli: totalMilli,
      amount: Math.floor((totalMilli + 500) / 1000),
      credited: 2_000,
    })
    expect(list.body.items[0].number).toMatch(/^ADS-\d{6}-\d{6}$/)
    const id = list.body.items[0].id
    const one = await call(node, 'GET', `/v1/ads/advertisers/me/invoices/${id}`, { token: as(a) })
    expect(one.status).toBe(200)
    expect(one.body.advertiser).toEqual({ id: a.advertiserId, name: 'Invoiced Ltd' })
    expect(one.body.lines).toEqual([
      { campaignId: boots, campaignName: 'Boots', impressions: 2, clicks: 0, amount: 3, amountMilli: 3000 },
      {
        campaignId: hats,
        campaignName: 'Hats',
        impressions: 0,
        clicks: 1,
        amount: Math.floor((clickMilli + 500) / 1000),
        amountMilli: clickMilli,
      },
    ])
    // The lines add up to the month's spend rows, and the total to the lines.
    const spent = await node.ctx.db
      .selectFrom('adSpend')
      .select(sql<string>`sum(amount_milli)`.as('sum'))
      .where('advertiserId', '=', a.advertiserId)
      .executeTakeFirstOrThrow()
    expect(Number(spent.sum)).toBe(totalMilli)

    const csv = await node.request(`/v1/ads/advertisers/me/invoices/${id}/lines.csv`, {
      headers: { authorization: `Bearer ${as(a)}` },
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toContain(one.body.number)
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'invoice,periodStart,periodEnd,currency,campaignId,campaignName,impressions,clicks,amount,amountMilli',
    )
    expect(lines.slice(1)).toEqual([
      `${one.body.number},${periodStart},${one.body.periodEnd},USD,${boots},Boots,2,0,3,3000`,
      `${one.body.number},${periodStart},${one.body.periodEnd},USD,${hats},Hats,0,1,${Math.floor((clickMilli + 500) / 1000)},${clickMilli}`,
    ])

    // Others: another advertiser does not see it (404), a user without an account is refused (403).
    const other = await advertiser(node, 'Nosy')
    for (const path of [
      `/v1/ads/advertisers/me/invoices/${id}`,
      `/v1/ads/advertisers/me/invoices/${id}/lines.csv`,
    ])
      expect((await call(node, 'GET', path, { token: as(other) })).status).toBe(404)
    expect(
      (await call(node, 'GET', '/v1/ads/advertisers/me/invoices', { token: as(other) })).body.items,
    ).toEqual([])
    const plain = await register(node)
    expect((await call(node, 'GET', '/v1/ads/advertisers/me/invoices', { token: as(plain) })).status).toBe(
      403,
    )
    expect((await call(node, 'GET', '/v1/ads/advertisers/me/invoices')).status).toBe(401)
  }, 60_000)

  test('bad input: ids, NUL, forged cursors, huge and fractional limits are 4xx', async () => {
    const a = await advertiser(node, 'Careful')
    for (const path of [
      '/v1/ads/advertisers/me/invoices/not-a-uuid',
      '/v1/ads/advertisers/me/invoices/%00',
      '/v1/ads/advertisers/me/invoices/not-a-uuid/lines.csv',
      '/v1/ads/advertisers/me/invoices?cursor=forged',
      '/v1/ads/advertisers/me/invoices?cursor=%00',
      `/v1/ads/advertisers/me/invoices?cursor=${Buffer.from('{"at":"99999-01-01","id":"x"}').toString('base64url')}`,
      '/v1/ads/advertisers/me/invoices?limit=1e300',
      '/v1/ads/advertisers/me/invoices?limit=2.5',
      '/v1/ads/advertisers/me/invoices?limit=0',
      '/v1/ads/advertisers/me/invoices?limit=101',
    ]) {
      const res = await call(node, 'GET', path, { token: as(a) })
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.status, path).toBeLessThan(500)
    }
    expect(
      (await call(node, 'GET', `/v1/ads/advertisers/me/invoices/${crypto.randomUUID()}`, { token: as(a) }))
        .status,
    ).toBe(404)
  })

  test('pages newest month first with a cursor', async () => {
    const a = await advertiser(node, 'Months')
    await credit(node, boss, a.advertiserId, 100)
    await activeCampaign(node, a, { bid: { kind: 'cpm', amount: 3000 }, targeting: { countries: ['UG'] } })
    await ads().index.refresh()
    expect((await event(await serveIn('UG'), 'impression')).body.charged).toBe(true)
    // Spend of the two months before (the rows moved back in time, as if billed then).
    for (const back of [1, 2]) {
      expect((await event(await serveIn('UG'), 'impression')).body.charged).toBe(true)
      await sql`update ad_spend set occurred_at = now() - make_interval(months => ${back})
        where id = (select max(id) from ad_spend where advertiser_id = ${a.advertiserId})`.execute(
        node.ctx.db,
      )
    }
    await ads().invoices.issueDue(nextMonth())
    const first = await call(node, 'GET', '/v1/ads/advertisers/me/invoices?limit=2', { token: as(a) })
    expect(first.body.items).toHaveLength(2)
    expect(first.body.nextCursor).toBeString()
    const second = await call(
      node,
      'GET',
      `/v1/ads/advertisers/me/invoices?limit=2&cursor=${first.body.nextCursor}`,
      {
        token: as(a),
      },
    )
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    const starts = [...first.body.items, ...second.body.items].map(
      (i: { periodStart: string }) => i.periodStart,
    )
    expect(starts).toEqual([...starts].sort().reverse())
    expect(new Set(starts).size).toBe(3)
    // Numbers follow the order they were made in, without gaps.
    const numbers = (
      await node.ctx.db
        .selectFrom('adInvoices')
        .select('number')
        .orderBy('createdAt')
        .orderBy('number')
        .execute()
    ).map((r) => Number(r.number.slice(-6)))
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i))
  }, 60_000)
})
