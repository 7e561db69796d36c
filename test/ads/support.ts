import { expect } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'

export const as = (a: Account) => a.tokens.accessToken

/** A campaign's body: CPM 2000 (2.00 per impression... per thousand), budgets large, starting now. */
export function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Winter boots',
    objective: 'impressions',
    bid: { kind: 'cpm', amount: 2000 },
    budget: { total: 100_000, daily: 50_000 },
    schedule: { startsAt: new Date(Date.now() - 60_000).toISOString() },
    ...overrides,
  }
}

/** A user who opened an advertiser account; its tokens are fresh (the new role in them). */
export async function advertiser(node: TestNode, name = 'Acme'): Promise<Account & { advertiserId: string }> {
  const a = await register(node)
  const res = await call(node, 'POST', '/v1/ads/advertisers', { token: as(a), body: { name } })
  expect(res.status).toBe(201)
  return Object.assign(a, { advertiserId: res.body.id as string })
}

export async function admin(node: TestNode): Promise<Account> {
  return promote(node, await register(node), 'admin')
}

export async function credit(node: TestNode, by: Account, advertiserId: string, amount: number) {
  const res = await call(node, 'POST', `/v1/admin/ads/advertisers/${advertiserId}/credits`, {
    token: as(by),
    body: { amount },
  })
  expect(res.status).toBe(200)
  return res.body
}

/** A campaign with one card creative, submitted and active once screened. */
export async function activeCampaign(
  node: TestNode,
  owner: Account,
  body: Record<string, unknown> = {},
  creative: Record<string, unknown> = {},
): Promise<string> {
  const created = await call(node, 'POST', '/v1/ads/campaigns', {
    token: as(owner),
    body: campaignBody(body),
  })
  expect(created.status).toBe(201)
  const id = created.body.id as string
  const card = await call(node, 'POST', `/v1/ads/campaigns/${id}/creatives`, {
    token: as(owner),
    body: {
      kind: 'card',
      headline: 'Warm feet',
      body: 'Boots for the snow',
      linkUrl: 'https://example.test/boots',
      ...creative,
    },
  })
  expect(card.status).toBe(201)
  expect((await call(node, 'POST', `/v1/ads/campaigns/${id}/submit`, { token: as(owner) })).status).toBe(200)
  try {
    await eventually(async () => {
      const res = await call(node, 'GET', `/v1/ads/campaigns/${id}`, { token: as(owner) })
      return res.body.state === 'active'
    }, 60_000)
  } catch (error) {
    const creatives = await call(node, 'GET', `/v1/ads/campaigns/${id}/creatives`, { token: as(owner) })
    const jobs = await node.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'ads.screen_creative')
      .execute()
    throw new Error(`campaign not active: ${JSON.stringify(creatives.body)} ${JSON.stringify(jobs)}`, {
      cause: error,
    })
  }
  return id
}
