import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import sharp from 'sharp'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { activeCampaign, admin, advertiser, as, campaignBody, credit } from './support.ts'

let node: TestNode
let boss: Account

beforeAll(async () => {
  node = await startSocialNode('ads-campaigns')
  boss = await admin(node)
  const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(boss),
    body: { rules: [{ label: 'hate', minScore: 0.5, outcome: 'hold' }] },
  })
  expect(policies.status).toBe(200)
  const term = await call(node, 'POST', '/v1/admin/moderation/terms', {
    token: as(boss),
    body: { pattern: 'hateword', regex: false, severity: 3, label: 'hate' },
  })
  expect(term.status).toBe(201)
})
afterAll(async () => {
  await node.stop()
})

async function uploadImage(a: Account): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer()
  const form = new FormData()
  form.append('file', new File([png], 'boots.png'))
  const res = await node.request('/v1/media', {
    method: 'POST',
    headers: { authorization: `Bearer ${as(a)}`, 'x-forwarded-for': '10.9.9.9' },
    body: form,
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

describe('advertisers', () => {
  test('any user opens one and becomes an advertiser; once only; admins credit the balance', async () => {
    const a = await register(node)
    // A plain user holds no ads:manage yet.
    expect(
      (await call(node, 'POST', '/v1/ads/campaigns', { token: as(a), body: campaignBody() })).status,
    ).toBe(403)
    const opened = await call(node, 'POST', '/v1/ads/advertisers', {
      token: as(a),
      body: { name: 'Acme', currency: 'EUR' },
    })
    expect(opened.status).toBe(201)
    expect(opened.body).toMatchObject({ userId: a.id, name: 'Acme', currency: 'EUR', balance: 0 })
    expect(
      (await call(node, 'POST', '/v1/ads/advertisers', { token: as(a), body: { name: 'Again' } })).body.code,
    ).toBe('advertiser_exists')
    // The role is in force at once, with the same token.
    const me = await call(node, 'GET', '/v1/ads/advertisers/me', { token: as(a) })
    expect(me.status).toBe(200)
    expect((await call(node, 'GET', '/v1/me', { token: as(a) })).body.role).toBe('advertiser')
    // Only administrators credit; amounts are whole minor units.
    const path = `/v1/admin/ads/advertisers/${opened.body.id}/credits`
    expect((await call(node, 'POST', path, { token: as(a), body: { amount: 100 } })).status).toBe(403)
    expect((await call(node, 'POST', path, { token: as(boss), body: { amount: 1.5 } })).status).toBe(422)
    expect((await call(node, 'POST', path, { token: as(boss), body: { amount: 1e30 } })).status).toBe(422)
    expect((await call(node, 'POST', path, { token: as(boss), body: { amount: -5 } })).status).toBe(422)
    const other = `/v1/admin/ads/advertisers/${crypto.randomUUID()}/credits`
    expect((await call(node, 'POST', other, { token: as(boss), body: { amount: 5 } })).status).toBe(404)
    const credited = await credit(node, boss, opened.body.id, 12_345)
    expect(credited.balance).toBe(12_345)
    // Top-ups need Stripe (test/ads/money.test.ts): without it a clear 503.
    const topUp = await call(node, 'POST', '/v1/ads/advertisers/me/top-ups', {
      token: as(a),
      body: { amount: 1000, successUrl: 'https://app.example/ok', cancelUrl: 'https://app.example/no' },
    })
    expect(topUp.status).toBe(503)
    expect(topUp.body.code).toBe('payments_not_configured')
  })

  test('a creator keeps their role and may advertise too', async () => {
    const c = await promote(node, await register(node), 'creator')
    expect(
      (await call(node, 'POST', '/v1/ads/campaigns', { token: as(c), body: campaignBody() })).body.code,
    ).toBe('advertiser_required')
    expect(
      (await call(node, 'POST', '/v1/ads/advertisers', { token: as(c), body: { name: 'Studio' } })).status,
    ).toBe(201)
    expect((await call(node, 'GET', '/v1/me', { token: as(c) })).body.role).toBe('creator')
    expect(
      (await call(node, 'POST', '/v1/ads/campaigns', { token: as(c), body: campaignBody() })).status,
    ).toBe(201)
  })
})

describe('campaigns', () => {
  test('created as a draft, read and changed by their owner only, listed newest first', async () => {
    const a = await advertiser(node)
    const b = await advertiser(node)
    const body = campaignBody({
      schedule: { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-02-01T00:00:00Z', hours: [20, 8, 8] },
      targeting: {
        countries: ['fr', 'DE'],
        ageBands: ['18-24'],
        interests: ['#Boots'],
        languages: ['FR'],
        devices: ['mobile'],
      },
      frequencyCap: 3,
    })
    const created = await call(node, 'POST', '/v1/ads/campaigns', { token: as(a), body })
    expect(created.status).toBe(201)
    const c = created.body
    expect(c).toMatchObject({
      state: 'draft',
      objective: 'impressions',
      bid: { kind: 'cpm', amount: 2000 },
      budget: {
        currency: 'USD',
        total: 100_000,
        daily: 50_000,
        spent: 0,
        spentToday: 0,
        reserved: 0,
        reservedToday: 0,
      },
      schedule: { startsAt: '2030-01-01T00:00:00.000Z', endsAt: '2030-02-01T00:00:00.000Z', hours: [8, 20] },
      targeting: {
        countries: ['FR', 'DE'],
        ageBands: ['18-24'],
        interests: ['boots'],
        languages: ['fr'],
        devices: ['mobile'],
      },
      frequencyCap: 3,
    })
    expect((await call(node, 'GET', `/v1/ads/campaigns/${c.id}`, { token: as(a) })).body.id).toBe(c.id)
    expect((await call(node, 'GET', `/v1/ads/campaigns/${c.id}`, { token: as(b) })).status).toBe(404)
    expect(
      (await call(node, 'PATCH', `/v1/ads/campaigns/${c.id}`, { token: as(b), body: { name: 'Mine' } }))
        .status,
    ).toBe(404)
    expect((await call(node, 'POST', `/v1/ads/campaigns/${c.id}/pause`, { token: as(b) })).status).toBe(404)
    const patched = await call(node, 'PATCH', `/v1/ads/campaigns/${c.id}`, {
      token: as(a),
      body: { name: 'Spring boots', bid: { kind: 'cpc', amount: 50 }, frequencyCap: null },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      name: 'Spring boots',
      bid: { kind: 'cpc', amount: 50 },
      frequencyCap: null,
    })
    const second = await call(node, 'POST', '/v1/ads/campaigns', {
      token: as(a),
      body: campaignBody({ name: 'Second' }),
    })
    const page1 = await call(node, 'GET', '/v1/ads/campaigns?limit=1', { token: as(a) })
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id])
    const page2 = await call(node, 'GET', `/v1/ads/campaigns?limit=1&cursor=${page1.body.nextCursor}`, {
      token: as(a),
    })
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([c.id])
    expect(page2.body.nextCursor).toBeNull()
    expect((await call(node, 'GET', '/v1/ads/campaigns', { token: as(b) })).body.items).toEqual([])
  })

  test('bad input is a 4xx, never a 5xx', async () => {
    const a = await advertiser(node)
    const bad: Record<string, unknown>[] = [
      { budget: { total: 100, daily: 200 } },
      { budget: { total: 100.5, daily: 10 } },
      { budget: { total: 1e300, daily: 10 } },
      { bid: { kind: 'cpm', amount: 0 } },
      { bid: { kind: 'cpx', amount: 10 } },
      { schedule: { startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' } },
      { schedule: { startsAt: 'tomorrow' } },
      { schedule: { startsAt: '2030-01-01T00:00:00Z', hours: [24] } },
      { name: 'nul\u0000name' },
      { name: 'x'.repeat(101) },
      { targeting: { countries: ['FRA'] } },
      { targeting: { ageBands: ['12-13'] } },
      { frequencyCap: 0 },
      { frequencyCap: 2.5 },
    ]
    for (const override of bad) {
      const res = await call(node, 'POST', '/v1/ads/campaigns', {
        token: as(a),
        body: campaignBody(override),
      })
      expect(res.status, JSON.stringify(override)).toBeGreaterThanOrEqual(400)
      expect(res.status, JSON.stringify(override)).toBeLessThan(500)
    }
    expect((await call(node, 'GET', '/v1/ads/campaigns?cursor=forged', { token: as(a) })).status).toBe(422)
    expect((await call(node, 'GET', '/v1/ads/campaigns/not-a-uuid', { token: as(a) })).status).toBe(422)
    expect(
      (await call(node, 'PATCH', `/v1/ads/campaigns/${crypto.randomUUID()}`, { token: as(a), body: {} }))
        .status,
    ).toBe(422)
    expect((await call(node, 'POST', '/v1/ads/campaigns', { body: campaignBody() })).status).toBe(401)
  })

  test('a card is screened; the submitted campaign goes active, pauses and resumes; drafts without creatives are not submitted', async () => {
    const a = await advertiser(node)
    const empty = await call(node, 'POST', '/v1/ads/campaigns', { token: as(a), body: campaignBody() })
    expect(
      (await call(node, 'POST', `/v1/ads/campaigns/${empty.body.id}/submit`, { token: as(a) })).body.code,
    ).toBe('campaign_state')
    const image = await uploadImage(a)
    const id = await activeCampaign(node, a, {}, { mediaId: image })
    const creatives = await call(node, 'GET', `/v1/ads/campaigns/${id}/creatives`, { token: as(a) })
    expect(creatives.body.items[0]).toMatchObject({
      kind: 'card',
      review: 'approved',
      mediaId: image,
      reviewReason: null,
    })
    expect((await call(node, 'POST', `/v1/ads/campaigns/${id}/resume`, { token: as(a) })).status).toBe(409)
    expect((await call(node, 'POST', `/v1/ads/campaigns/${id}/pause`, { token: as(a) })).body.state).toBe(
      'paused',
    )
    expect((await call(node, 'POST', `/v1/ads/campaigns/${id}/pause`, { token: as(a) })).status).toBe(409)
    // Resuming re-checks the creatives: one is approved, so at once active.
    expect((await call(node, 'POST', `/v1/ads/campaigns/${id}/resume`, { token: as(a) })).body.state).toBe(
      'active',
    )
  })

  test("creatives: someone else's image or video refused; a card moderation would hold is rejected, and so is its campaign", async () => {
    const a = await advertiser(node)
    const b = await advertiser(node)
    const created = await call(node, 'POST', '/v1/ads/campaigns', { token: as(a), body: campaignBody() })
    const path = `/v1/ads/campaigns/${created.body.id}/creatives`
    const theirs = await uploadImage(b)
    const refused = [
      { kind: 'card', headline: 'x', linkUrl: 'https://example.test', mediaId: theirs },
      { kind: 'video', headline: 'x', linkUrl: 'https://example.test', videoId: crypto.randomUUID() },
      { kind: 'card', headline: 'x', linkUrl: 'javascript:alert(1)' },
      { kind: 'card', headline: 'x', linkUrl: 'https://example.test', mediaId: 'nope' },
      { kind: 'banner', headline: 'x', linkUrl: 'https://example.test' },
    ]
    for (const body of refused) {
      const res = await call(node, 'POST', path, { token: as(a), body })
      expect(res.status, JSON.stringify(body)).toBe(422)
    }
    expect(
      (
        await call(node, 'POST', path, {
          token: as(b),
          body: { kind: 'card', headline: 'x', linkUrl: 'https://example.test' },
        })
      ).status,
    ).toBe(404)
    const bad = await call(node, 'POST', path, {
      token: as(a),
      body: { kind: 'card', headline: 'Buy HATEWORD now', linkUrl: 'https://example.test/x' },
    })
    expect(bad.status).toBe(201)
    expect(
      (await call(node, 'POST', `/v1/ads/campaigns/${created.body.id}/submit`, { token: as(a) })).body.state,
    ).toBe('in_review')
    await eventually(async () => {
      const res = await call(node, 'GET', `/v1/ads/campaigns/${created.body.id}`, { token: as(a) })
      return res.body.state === 'rejected'
    }, 20_000)
    const list = await call(node, 'GET', path, { token: as(a) })
    expect(list.body.items[0]).toMatchObject({
      review: 'rejected',
      reviewReason: 'Screening found hate (hold)',
    })
  })
})

describe('ad preferences', () => {
  test('a viewer opts out and names a time zone; unknown zones refused', async () => {
    const v = await register(node)
    expect((await call(node, 'GET', '/v1/me/ad-preferences', { token: as(v) })).body).toEqual({
      optedOut: false,
      timeZone: null,
    })
    const set = await call(node, 'PUT', '/v1/me/ad-preferences', {
      token: as(v),
      body: { optedOut: true, timeZone: 'Europe/Paris' },
    })
    expect(set.body).toEqual({ optedOut: true, timeZone: 'Europe/Paris' })
    expect(
      (await call(node, 'PUT', '/v1/me/ad-preferences', { token: as(v), body: { timeZone: 'Mars/Olympus' } }))
        .status,
    ).toBe(422)
    expect(
      (await call(node, 'PUT', '/v1/me/ad-preferences', { token: as(v), body: { optedOut: 'yes' } })).status,
    ).toBe(422)
    expect((await call(node, 'GET', '/v1/me/ad-preferences', { token: as(v) })).body).toEqual({
      optedOut: true,
      timeZone: 'Europe/Paris',
    })
  })
})
