import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { sql } from 'kysely'
import { Billing } from '../../src/ads/billing.ts'
import { BudgetLeases } from '../../src/ads/budget-leases.ts'
import { CampaignIndex } from '../../src/ads/campaign-index.ts'
import { ADS_FREQUENCY_BUCKET, ServingFrequency } from '../../src/ads/frequency.ts'
import { AdServer, type Served } from '../../src/ads/serving.ts'
import type { ViewerRequest } from '../../src/ads/viewers.ts'
import { connectBus } from '../../src/platform/bus/connect.ts'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, credit } from './support.ts'

let node: TestNode
let boss: Account
const ads = () => node.ctx.services.ads

beforeAll(async () => {
  // A lone bidder pays the reserve: 1000 milli an impression (a CPM of 1000 minor units).
  node = await startSocialNode('ads-selection', { ADS_RESERVE_CPM: '1000' })
  boss = await admin(node)
})
afterAll(async () => {
  await node.stop()
})

/** A funded advertiser. */
async function funded(minor = 1_000_000) {
  const a = await advertiser(node)
  await credit(node, boss, a.advertiserId, minor)
  return a
}

function anonymous(country: string, extra: Partial<ViewerRequest> = {}): ViewerRequest {
  return {
    userId: null,
    address: `10.1.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
    country,
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148',
    acceptLanguage: 'fr-FR,fr;q=0.9,en;q=0.5',
    ...extra,
  }
}

async function serve(
  req: ViewerRequest,
  opts: { at?: Date; slots?: number; placement?: 'feed' | 'preroll' } = {},
) {
  const at = opts.at ?? new Date()
  const viewer = await ads().viewers.resolve(req, at)
  return ads().server.serve(viewer, { placement: opts.placement ?? 'feed', slots: opts.slots ?? 1, at })
}

const campaignsOf = (served: Served[]) => served.map((s) => s.campaignId)

/** The viewer reports the served ads viewable (what bills a CPM serving). */
async function viewed(served: Served[]) {
  for (const s of served) {
    const res = await call(node, 'POST', '/v1/ads/events', {
      body: { token: s.token, kind: 'impression', visibleShare: 1, visibleMs: 1000 },
    })
    expect(res.status).toBe(200)
  }
}

describe('targeting', () => {
  test('country, device, language, age band, interests and hours in the viewer’s time zone', async () => {
    const a = await funded()
    const mobileFr = await activeCampaign(node, a, {
      targeting: { countries: ['AR'], devices: ['mobile'], languages: ['fr'] },
    })
    const desktop = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1500 },
      targeting: { countries: ['AR'], devices: ['desktop'] },
    })
    await ads().index.refresh()
    expect(campaignsOf(await serve(anonymous('AR')))).toEqual([mobileFr])
    expect(
      campaignsOf(await serve(anonymous('AR', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120' }))),
    ).toEqual([desktop])
    expect(
      campaignsOf(await serve(anonymous('AR', { acceptLanguage: 'de', userAgent: 'Mobile Safari iPhone' }))),
    ).toEqual([])
    expect(campaignsOf(await serve(anonymous('UY')))).toEqual([])
    // A signed-in viewer's language is also their account's (its locale), whatever the browser says.
    const francophone = await register(node)
    const setLocale = await call(node, 'PATCH', '/v1/me', {
      token: as(francophone),
      body: { locale: 'fr-CA' },
    })
    expect(setLocale.status).toBe(200)
    const germanPhone = { acceptLanguage: 'de', userAgent: 'Mobile Safari iPhone' }
    expect(campaignsOf(await serve({ ...anonymous('AR', germanPhone), userId: francophone.id }))).toEqual([
      mobileFr,
    ])

    // Age bands from the birth date, interests from the tags a viewer writes or likes.
    const young = await activeCampaign(node, a, { targeting: { countries: ['BO'], ageBands: ['18-24'] } })
    const hikers = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1000 },
      targeting: { countries: ['BO'], interests: ['hiking'] },
    })
    await ads().index.refresh()
    const v = await register(node)
    const year = new Date().getUTCFullYear() - 20
    await node.ctx.db
      .updateTable('users')
      .set({ birthDate: new Date(`${year}-01-01T00:00:00Z`) })
      .where('id', '=', v.id)
      .execute()
    const w = await register(node)
    const post = await writePost(node, v, { text: 'a walk #Hiking' })
    expect((await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(w) })).status).toBeLessThan(300)
    expect(campaignsOf(await serve({ ...anonymous('BO'), userId: v.id }, { slots: 2 })).sort()).toEqual(
      [young, hikers].sort(),
    )
    expect(campaignsOf(await serve({ ...anonymous('BO'), userId: w.id }, { slots: 2 }))).toEqual([hikers])
    // Reposting or replying to a tagged post is engaging with its tags too.
    const r = await register(node)
    expect((await call(node, 'POST', `/v1/posts/${post}/repost`, { token: as(r) })).status).toBeLessThan(300)
    expect(campaignsOf(await serve({ ...anonymous('BO'), userId: r.id }, { slots: 2 }))).toEqual([hikers])
    const y = await register(node)
    await writePost(node, y, { text: 'which trail?', replyTo: post })
    expect(campaignsOf(await serve({ ...anonymous('BO'), userId: y.id }, { slots: 2 }))).toEqual([hikers])
    expect(campaignsOf(await serve(anonymous('BO'), { slots: 2 }))).toEqual([])

    // Hours: 09:00-09:59 in the viewer's zone (Tokyo is UTC+9: 00:xx UTC).
    const morning = await activeCampaign(node, a, {
      schedule: { startsAt: '2020-01-01T00:00:00Z', hours: [9] },
      targeting: { countries: ['PY'] },
    })
    await ads().index.refresh()
    const t = await register(node)
    expect(
      (await call(node, 'PUT', '/v1/me/ad-preferences', { token: as(t), body: { timeZone: 'Asia/Tokyo' } }))
        .status,
    ).toBe(200)
    const today = new Date().toISOString().slice(0, 10)
    const at0030 = new Date(`${today}T00:30:00Z`)
    const at0930 = new Date(`${today}T09:30:00Z`)
    expect(campaignsOf(await serve({ ...anonymous('PY'), userId: t.id }, { at: at0030 }))).toEqual([morning])
    expect(campaignsOf(await serve({ ...anonymous('PY'), userId: t.id }, { at: at0930 }))).toEqual([])
    expect(campaignsOf(await serve(anonymous('PY'), { at: at0930 }))).toEqual([morning])
  }, 60_000)

  test('opted-out viewers get none where the law requires it, and the advertiser never its own', async () => {
    const a = await funded()
    const id = await activeCampaign(node, a, { targeting: { countries: ['FR', 'US'] } })
    await ads().index.refresh()
    const v = await register(node)
    expect(
      (await call(node, 'PUT', '/v1/me/ad-preferences', { token: as(v), body: { optedOut: true } })).status,
    ).toBe(200)
    expect(campaignsOf(await serve({ ...anonymous('FR'), userId: v.id }))).toEqual([])
    expect(campaignsOf(await serve({ ...anonymous('US'), userId: v.id }))).toEqual([id])
    expect(campaignsOf(await serve({ ...anonymous('FR'), userId: a.id }))).toEqual([])
  })
})

describe('auction and money', () => {
  test('ranked by expected value, the winner pays the second price (a lone bidder the reserve)', async () => {
    const a = await funded()
    const high = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 3000 },
      targeting: { countries: ['CL'] },
    })
    const low = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 2000 },
      targeting: { countries: ['CL'] },
    })
    // CPC 100 (100,000 milli a click) × 1% predicted = 1000 milli per serving: third, at the reserve.
    const clicks = await activeCampaign(node, a, {
      objective: 'clicks',
      bid: { kind: 'cpc', amount: 100 },
      targeting: { countries: ['CL'] },
    })
    await ads().index.refresh()
    const [first, second, third] = await serve(anonymous('CL'), { slots: 3 })
    expect([first?.campaignId, second?.campaignId, third?.campaignId]).toEqual([high, low, clicks])
    expect(first?.priceMilli).toBe(2000)
    expect(second?.priceMilli).toBe(1000)
    // The CPC campaign pays per click: the reserve over its predicted rate (1000 / 0.01).
    expect(third?.billing).toBe('cpc')
    expect(third?.priceMilli).toBe(100_000)
    await viewed([first!, second!, third!])
    const spent = await node.ctx.db
      .selectFrom('adSpend')
      .select(['campaignId', 'amountMilli'])
      .where('servingId', 'in', [first!.servingId, second!.servingId, third!.servingId])
      .execute()
    expect(spent.map((s) => [s.campaignId, Number(s.amountMilli)]).sort()).toEqual(
      [
        [high, 2000],
        [low, 1000],
      ].sort(),
    )
  })

  test('frequency cap per viewer per day', async () => {
    const a = await funded()
    const capped = await activeCampaign(node, a, { frequencyCap: 2, targeting: { countries: ['PE'] } })
    const other = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1500 },
      targeting: { countries: ['PE'] },
    })
    await ads().index.refresh()
    const viewer = anonymous('PE')
    const seen = []
    for (let i = 0; i < 4; i++) seen.push(...campaignsOf(await serve(viewer)))
    expect(seen).toEqual([capped, capped, other, other])
    // Another viewer still gets it.
    expect(campaignsOf(await serve(anonymous('PE')))).toEqual([capped])
  })

  test('budgets and the balance are never exceeded under 50 concurrent servings; the ledger balances', async () => {
    // Budget 10.00 at 1000 milli a serving: exactly 10 servings, whoever asks at once.
    const a = await funded(1_000)
    const id = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1000 },
      budget: { total: 10, daily: 10 },
      targeting: { countries: ['EC'] },
    })
    await ads().index.refresh()
    const results = await Promise.all(Array.from({ length: 50 }, () => serve(anonymous('EC'))))
    expect(results.flat().length).toBe(10)
    await viewed(results.flat())
    const row = await node.ctx.db
      .selectFrom('adCampaigns')
      .select(['spentMilli', 'spentDayMilli'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(row.spentMilli)).toBe(10_000)
    expect(Number(row.spentDayMilli)).toBe(10_000)

    // Two campaigns of one advertiser whose balance (7.00) is less than their budgets.
    const b = await funded(7)
    const one = await activeCampaign(node, b, {
      bid: { kind: 'cpm', amount: 1000 },
      targeting: { countries: ['VE'] },
    })
    const two = await activeCampaign(node, b, {
      bid: { kind: 'cpm', amount: 1000 },
      targeting: { countries: ['VE'] },
    })
    await ads().index.refresh()
    const both = await Promise.all(Array.from({ length: 50 }, () => serve(anonymous('VE'), { slots: 2 })))
    expect(both.flat().length).toBe(7)
    await viewed(both.flat())
    const spend = await node.ctx.db
      .selectFrom('adSpend')
      .select([
        sql<string>`sum(amount_milli)`.as('amount'),
        sql<string>`sum(platform_milli + creator_milli)`.as('split'),
      ])
      .where('campaignId', 'in', [one, two])
      .executeTakeFirstOrThrow()
    const balance = (await call(node, 'GET', '/v1/ads/advertisers/me', { token: as(b) })).body.balance
    const left = await node.ctx.db
      .selectFrom('advertisers')
      .select('balanceMilli')
      .where('id', '=', b.advertiserId)
      .executeTakeFirstOrThrow()
    // Ledger: credited = spent + left, and every amount split between platform and creator.
    expect(Number(spend.amount) + Number(left.balanceMilli)).toBe(7_000)
    expect(Number(spend.split)).toBe(Number(spend.amount))
    expect(Number(left.balanceMilli)).toBeGreaterThanOrEqual(0)
    expect(Number(left.balanceMilli)).toBeLessThan(1000)
    expect(balance).toBe(0)
    expect(both.flat().length).toBe(7)
    const campaigns = await node.ctx.db
      .selectFrom('adCampaigns')
      .select(['id', 'spentMilli'])
      .where('id', 'in', [one, two])
      .execute()
    const byCampaign = await node.ctx.db
      .selectFrom('adSpend')
      .select(['campaignId', sql<string>`sum(amount_milli)`.as('sum')])
      .where('campaignId', 'in', [one, two])
      .groupBy('campaignId')
      .execute()
    for (const c of campaigns)
      expect(Number(c.spentMilli)).toBe(Number(byCampaign.find((s) => s.campaignId === c.id)?.sum ?? 0))
  }, 60_000)

  test('two nodes serving one campaign at once: their budget slices never exceed its budget', async () => {
    // A second serving node on the same database: its own campaign index, slices and frequency counts.
    const index = new CampaignIndex(node.ctx.db, 3_600_000, node.ctx.log)
    const leases = new BudgetLeases({
      billing: new Billing(node.ctx.db, 55, 'node-b', 3600),
      index,
      leaseSeconds: 30,
      log: node.ctx.log,
    })
    const b = new AdServer({
      index,
      leases,
      frequency: new ServingFrequency(),
      tokens: ads().tokens,
      reserveMilli: 1000,
      tokenTtlSeconds: 3600,
      optOutCountries: [],
    })
    const a = await funded()
    // 25.00 at 1000 milli a serving: 25 servings between the two nodes, whoever asks.
    const id = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1000 },
      budget: { total: 25, daily: 25 },
      targeting: { countries: ['BZ'] },
    })
    await ads().index.refresh()
    await index.refresh()
    const results = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const viewer = await ads().viewers.resolve(anonymous('BZ'), new Date())
        return (i % 2 === 0 ? ads().server : b).serve(viewer, { placement: 'feed', slots: 1 })
      }),
    )
    const served = results.flat()
    expect(served.length).toBe(25)
    const byNode = await node.ctx.db
      .selectFrom('adBudgetLeases')
      .select(['node', sql<string>`sum(amount_milli)`.as('sum')])
      .where('campaignId', '=', id)
      .groupBy('node')
      .execute()
    expect(byNode.length).toBe(2)
    expect(byNode.reduce((sum, r) => sum + Number(r.sum), 0)).toBe(25_000)
    await viewed(served)
    await leases.close()
    const row = await node.ctx.db
      .selectFrom('adCampaigns')
      .select('spentMilli')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const billed = await node.ctx.db
      .selectFrom('adSpend')
      .select(sql<string>`sum(amount_milli)`.as('sum'))
      .where('campaignId', '=', id)
      .executeTakeFirstOrThrow()
    expect([Number(row.spentMilli), Number(billed.sum)]).toEqual([25_000, 25_000])
  }, 60_000)

  test('a frequency cap holds across two nodes (counted in NATS KV); with NATS away each node caps alone, and billing never past the cap', async () => {
    // A second serving node: its own NATS connection, campaign index, slices and frequency counts.
    const bus = await connectBus(node.ctx.config, node.ctx.secrets, node.ctx.log)
    const kv = await new Kvm(bus.js).open(bus.streamName(ADS_FREQUENCY_BUCKET).toLowerCase())
    const index = new CampaignIndex(node.ctx.db, 3_600_000, node.ctx.log)
    const leases = new BudgetLeases({
      billing: new Billing(node.ctx.db, 55, 'node-b', 3600),
      index,
      leaseSeconds: 30,
      log: node.ctx.log,
    })
    const b = new AdServer({
      index,
      leases,
      frequency: new ServingFrequency({ kv, bus, log: node.ctx.log }),
      tokens: ads().tokens,
      reserveMilli: 1000,
      tokenTtlSeconds: 3600,
      optOutCountries: [],
    })
    try {
      const a = await funded()
      const capped = await activeCampaign(node, a, { frequencyCap: 3, targeting: { countries: ['BS'] } })
      const other = await activeCampaign(node, a, {
        bid: { kind: 'cpm', amount: 1500 },
        targeting: { countries: ['BS'] },
      })
      await ads().index.refresh()
      await index.refresh()
      const nodes = [ads().server, b]
      const serveOn = async (i: number, req: ViewerRequest) =>
        nodes[i % 2]!.serve(await ads().viewers.resolve(req, new Date()), { placement: 'feed', slots: 1 })

      // One after another, alternating nodes: three of the capped campaign in all, then the other.
      const one = anonymous('BS')
      const seen: string[] = []
      for (let i = 0; i < 6; i++) seen.push(...campaignsOf(await serveOn(i, one)))
      expect(seen).toEqual([capped, capped, capped, other, other, other])

      // Twenty pages of one viewer at once, half on each node: still three.
      const two = anonymous('BS')
      const burst = (await Promise.all(Array.from({ length: 20 }, (_, i) => serveOn(i, two)))).flat()
      expect(burst.filter((s) => s.campaignId === capped).length).toBe(3)
      expect(burst.length).toBe(20)

      // NATS away from node B: it counts alone (the cap per node), node A goes on counting in KV.
      await bus.close()
      const three = anonymous('BS')
      const onB: Served[] = []
      for (let i = 0; i < 4; i++)
        onB.push(
          ...(await b.serve(await ads().viewers.resolve(three, new Date()), { placement: 'feed', slots: 1 })),
        )
      expect(campaignsOf(onB)).toEqual([capped, capped, capped, other])
      const onA: Served[] = []
      for (let i = 0; i < 2; i++) onA.push(...(await serveOn(0, three)))
      expect(campaignsOf(onA)).toEqual([capped, capped])
      // Five servings of the capped campaign to that viewer, all seen: three are billed.
      const shown = [...onB, ...onA].filter((s) => s.campaignId === capped)
      await viewed(shown)
      const billed = await node.ctx.db
        .selectFrom('adSpend')
        .select(sql<string>`count(*)`.as('n'))
        .where(
          'servingId',
          'in',
          shown.map((s) => s.servingId),
        )
        .executeTakeFirstOrThrow()
      expect(Number(billed.n)).toBe(3)
    } finally {
      await leases.close()
      await bus.close()
    }
  }, 60_000)

  test('a campaign reports as spent what was billed, and what its budget slices hold as reserved', async () => {
    const a = await funded()
    // 10,000.00 a day: a slice is 1% of it (100.00), a serving 1000 milli (the reserve).
    const id = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1000 },
      budget: { total: 20_000, daily: 10_000 },
      targeting: { countries: ['BM'] },
    })
    await ads().index.refresh()
    const budget = async () => {
      const one = await call(node, 'GET', `/v1/ads/campaigns/${id}`, { token: as(a) })
      expect(one.status).toBe(200)
      const list = await call(node, 'GET', '/v1/ads/campaigns?limit=100', { token: as(a) })
      expect(list.body.items.find((c: { id: string }) => c.id === id).budget).toEqual(one.body.budget)
      const { spent, spentToday, reserved, reservedToday } = one.body.budget
      // The advertiser's balance is what is left: credited = balance + reserved + spent.
      const me = await call(node, 'GET', '/v1/ads/advertisers/me', { token: as(a) })
      expect(me.body.reserved).toBe(reserved)
      expect(me.body.balance + me.body.reserved + spent).toBe(1_000_000)
      return { spent, spentToday, reserved, reservedToday }
    }
    const served = (await Promise.all(Array.from({ length: 5 }, () => serve(anonymous('BM'))))).flat()
    expect(served.length).toBe(5)
    // One slice leased, nothing billed yet: all of it reserved (and committed against the budgets).
    expect(await budget()).toEqual({ spent: 0, spentToday: 0, reserved: 100, reservedToday: 100 })
    const committed = await node.ctx.db
      .selectFrom('adCampaigns')
      .select('spentMilli')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(Number(committed.spentMilli)).toBe(100_000)

    await viewed(served.slice(0, 3))
    expect(await budget()).toEqual({ spent: 3, spentToday: 3, reserved: 97, reservedToday: 97 })
    // The slice given up (expired): the part never served comes back; the two served unseen stay reserved.
    await ads().leases.sweep(Date.now() + 3_600_000)
    expect(await budget()).toEqual({ spent: 3, spentToday: 3, reserved: 2, reservedToday: 2 })
    // Their tokens expired: settled, nothing reserved, the spend as billed.
    await node.ctx.db
      .updateTable('adBudgetLeases')
      .set({ settleAfter: new Date(Date.now() - 1000) })
      .where('campaignId', '=', id)
      .execute()
    await ads().billing.settle()
    expect(await budget()).toEqual({ spent: 3, spentToday: 3, reserved: 0, reservedToday: 0 })
  })

  test('a daily budget paced across a simulated day', async () => {
    // 100.00 a day at 1000 milli a serving (the reserve): 100 servings; demand is twenty times that.
    const a = await funded()
    const id = await activeCampaign(node, a, {
      bid: { kind: 'cpm', amount: 1000 },
      budget: { total: 10_000, daily: 100 },
      schedule: { startsAt: '2020-01-01T00:00:00Z' },
      targeting: { countries: ['CO'] },
    })
    await ads().index.refresh()
    const today = new Date().toISOString().slice(0, 10)
    const start = new Date(`${today}T00:00:00Z`).getTime()
    const daily = 100_000
    const curve: string[] = []
    let served = 0
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      const at = new Date(start + minute * 60_000)
      for (let i = 0; i < 14; i++) served += (await serve(anonymous('CO'), { at })).length
      if ((minute + 10) % 60 === 0) {
        const hour = (minute + 10) / 60
        const row = await node.ctx.db
          .selectFrom('adCampaigns')
          .select('spentDayMilli')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        const spent = Number(row.spentDayMilli)
        curve.push(
          `${String(hour).padStart(2)}h ${'#'.repeat(Math.round((spent / daily) * 50)).padEnd(50)} ${((spent / daily) * 100).toFixed(1)}%`,
        )
        // Never ahead of the day's clock by more than the lead (a quarter of an hour) and one serving.
        expect(spent).toBeLessThanOrEqual(daily * (hour / 24 + 1 / 96) + 1000)
        // And not far behind it: demand is there all day.
        expect(spent).toBeGreaterThanOrEqual(daily * (hour / 24) - 2 * 1000)
      }
    }
    console.log(
      `spend of a 100.00 daily budget across a simulated day (${served} servings):\n${curve.join('\n')}`,
    )
    expect(served).toBe(100)
  }, 120_000)
})
