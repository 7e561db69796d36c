import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import {
  createTier,
  mySubscriptions,
  onboard,
  type PaymentsWorld,
  settled,
  startPaymentsWorld,
  submitForm,
  subscribe,
} from '../payments/support.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { writePost } from '../support/social.ts'

// Revenue reports from real ledger rows: a membership and a tip paid through the Stripe stand-in
// (checkout → signed webhooks → ledger), ad spend through the ads' SQL function, and the
// membership's end through the portal; members, MRR and churn from the payments' domain events.
let w: PaymentsWorld
let creator: Account
let fan: Account
let admin: Account
let tierId: string
const DAY = 86_400
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  w = await startPaymentsWorld('analytics-revenue')
  ;[creator, fan] = await Promise.all([register(w.node), register(w.node)])
  admin = await promote(w.node, await register(w.node), 'admin')
  await onboard(w, creator)
  tierId = (await createTier(w, creator, { monthlyAmount: 500 })).id
})
afterAll(() => w?.stop())

async function creatorRevenue(query = '') {
  const res = await call(w.node, 'GET', `/v1/analytics/creators/me${query}`, { token: as(creator) })
  expect(res.status).toBe(200)
  return res.body
}
async function platformRevenue(query = '') {
  const res = await call(w.node, 'GET', `/v1/analytics/platform${query}`, { token: as(admin) })
  expect(res.status).toBe(200)
  return res.body
}
const usd = (report: { revenue: { currencies: { currency: string }[] } }) =>
  // biome-ignore lint/suspicious/noExplicitAny: the route's JSON
  report.revenue.currencies.find((c) => c.currency === 'usd') as any

describe('revenue from the ledger', () => {
  test('no money yet: empty lists, not nulls', async () => {
    expect((await creatorRevenue()).revenue).toEqual({ currencies: [], series: [] })
    expect((await platformRevenue()).revenue).toEqual({ currencies: [], series: [] })
  })

  test('a membership and a tip: the creator’s net, the platform’s fees, members, MRR and ARPU', async () => {
    await subscribe(w, fan, tierId)
    const post = await writePost(w.node, creator, { text: 'thanks' })
    const tip = await call(w.node, 'POST', '/v1/tips', {
      token: as(fan),
      body: { creatorId: creator.id, amount: 1000, currency: 'usd', subject: { kind: 'post', id: post } },
    })
    expect(tip.status).toBe(201)
    await w.sdk.paymentIntents.confirm(tip.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await settled(w)
    // The ledger holds what the creator earned: 500 less 10% and 1000 less 10%.
    await eventually(async () => {
      const r = await creatorRevenue()
      return usd(r)?.tips === 900 && usd(r)?.members === 1 && r.totals.tips === 1
    }, 15_000)
    const r = await creatorRevenue()
    expect(usd(r)).toEqual({
      currency: 'usd',
      memberships: 450,
      tips: 900,
      ads: 0,
      refunds: 0,
      copyright: 0,
      net: 1350,
      members: 1,
      mrr: 500,
      arpu: 500,
      membersAtStart: 0,
      newMembers: 1,
      endedMembers: 0,
      churn: 0,
    })
    // The series adds up to the totals, and its last bucket (today) holds it all.
    const last = r.revenue.series.at(-1)
    expect(last).toMatchObject({
      currency: 'usd',
      memberships: 450,
      tips: 900,
      net: 1350,
      members: 1,
      mrr: 500,
    })
    expect(r.revenue.series).toHaveLength(r.series.length)
    // Before today: no member yet.
    expect(r.revenue.series.at(-2)).toMatchObject({ members: 0, mrr: 0, net: 0 })

    const p = await platformRevenue()
    expect(usd(p)).toMatchObject({ memberships: 50, tips: 100, ads: 0, net: 150, members: 1, mrr: 500 })
    expect(p.totals.tips).toBe(1)
    // Hourly: the same money in the current hour.
    const hourly = await creatorRevenue('?granularity=hour')
    expect(hourly.revenue.series.at(-1)).toMatchObject({ memberships: 450, tips: 900 })
    // A range before any of it: nothing.
    const before = await creatorRevenue('?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z')
    expect(usd(before)).toBeUndefined()
  })

  test('ad revenue: the creator’s share of their pre-rolls, the platform’s of all spend', async () => {
    const db = w.node.ctx.db
    const advertiser = crypto.randomUUID()
    const campaign = crypto.randomUUID()
    await sql`insert into advertisers (id, user_id, name, currency) values (${advertiser}, ${admin.id}, 'Ads Inc', 'USD')`.execute(
      db,
    )
    await sql`insert into ad_campaigns (id, advertiser_id, name, objective, bid_kind, bid_minor, total_budget_minor,
        daily_budget_minor, starts_at)
      values (${campaign}, ${advertiser}, 'Spring', 'impressions', 'cpm', 2000, 100000, 10000, now())`.execute(
      db,
    )
    // 1,000 impressions at 2,000 milli each (a CPM of $20), 30% to the creator whose video carried them.
    await sql`select ad_record_billable_spend(gen_random_uuid(), 'impression', ${advertiser}::uuid, ${campaign}::uuid,
        2000, ${creator.id}::uuid, 30, 'US') from generate_series(1, 1000)`.execute(db)
    // And 500 shown elsewhere (no creator).
    await sql`select ad_record_billable_spend(gen_random_uuid(), 'impression', ${advertiser}::uuid, ${campaign}::uuid,
        2000, null, 30, 'US') from generate_series(1, 500)`.execute(db)
    const r = usd(await creatorRevenue())
    expect(r).toMatchObject({ ads: 600, net: 1950 })
    const p = usd(await platformRevenue())
    // Platform: 1,400 of the creator's pre-rolls and 1,000 of the rest.
    expect(p).toMatchObject({ ads: 2400, net: 2550 })
  })

  test('a membership cancelled in the portal ends at its period end: churn, and the CSV of it', async () => {
    const active = (await mySubscriptions(w, fan)).find((s) => s.entitled)
    const { stripeSubscriptionId } = await w.node.ctx.db
      .selectFrom('subscriptions')
      .select('stripeSubscriptionId')
      .where('id', '=', active.id)
      .executeTakeFirstOrThrow()
    const portal = await call(w.node, 'POST', '/v1/subscriptions/portal', {
      token: as(fan),
      body: { returnUrl: 'https://app.example/account' },
    })
    expect(
      (await submitForm(portal.body.url, { subscription: stripeSubscriptionId, action: 'cancel' })).status,
    ).toBe(303)
    w.stripe.advance(32 * DAY)
    await settled(w)
    await eventually(async () => usd(await creatorRevenue())?.endedMembers === 1, 15_000)
    const r = usd(await creatorRevenue())
    expect(r).toMatchObject({ members: 0, mrr: 0, arpu: 0, newMembers: 1, endedMembers: 1, churn: 1 })
    expect(usd(await platformRevenue())).toMatchObject({ members: 0, endedMembers: 1, churn: 1 })
    const csv = await w.node.request('/v1/analytics/creators/me/revenue.csv', {
      headers: { authorization: `Bearer ${as(creator)}` },
    })
    expect(csv.headers.get('content-type')).toStartWith('text/csv')
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toBe(
      'start,currency,memberships,tips,ads,refunds,copyright,net,members,mrr,newMembers,endedMembers',
    )
    expect(lines.at(-1)).toContain(',usd,450,900,600,0,0,1950,0,0,1,1')
  })

  test('revenue CSVs: the owner’s own only, the platform’s for admins; bad ranges are 422', async () => {
    const status = async (path: string, a?: Account) =>
      (await w.node.request(path, { headers: a ? { authorization: `Bearer ${as(a)}` } : {} })).status
    expect(await status('/v1/analytics/creators/me/revenue.csv')).toBe(401)
    expect(await status('/v1/analytics/creators/me/revenue.csv', fan)).toBe(200)
    expect(await status('/v1/analytics/platform/revenue.csv', creator)).toBe(403)
    expect(await status('/v1/analytics/platform/revenue.csv', admin)).toBe(200)
    // The fan has no revenue: an empty file, not the creator's.
    const mine = await w.node.request('/v1/analytics/creators/me/revenue.csv', {
      headers: { authorization: `Bearer ${as(fan)}` },
    })
    expect(await mine.text()).toBe('')
    for (const q of ['?from=%00', '?granularity=year', '?from=0001-01-01T00:00:00Z&granularity=hour'])
      expect(await status(`/v1/analytics/creators/me/revenue.csv${q}`, creator)).toBe(422)
  })
})
