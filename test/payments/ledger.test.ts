import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { ACCOUNTS, Ledger, LedgerError } from '../../src/payments/ledger.ts'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
let ledger: Ledger
const creator = '01a25000-0000-7000-8000-000000000001'

beforeAll(async () => {
  // No Stripe keys: the books and entitlements work, Stripe's routes answer 503.
  node = await startSocialNode('payments-ledger')
  ledger = new Ledger(node.ctx.db)
})
afterAll(() => node?.stop())

async function ledgerCheckCli(): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn([process.execPath, 'src/payments/cli/ledger-check.ts'], {
    env: { ...process.env, DATABASE_URL: node.databaseUrl },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const code = await proc.exited
  return { code, out: (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text()) }
}

describe('the ledger', () => {
  test('a balanced transaction moves the balances once, however often its reference is posted', async () => {
    const posting = {
      kind: 'ad.spend',
      reference: 'test:ad-1',
      entries: [
        { account: ACCOUNTS.stripeClearing, amount: 1000, currency: 'usd' },
        { account: ACCOUNTS.platformRevenue, amount: -1000, currency: 'usd' },
      ],
    }
    expect((await ledger.post(posting)).created).toBe(true)
    expect((await ledger.post(posting)).created).toBe(false)
    expect(await ledger.balances(ACCOUNTS.platformRevenue)).toEqual([{ currency: 'usd', balance: -1000 }])
    await ledger.post({
      kind: 'test',
      reference: 'test:multi',
      entries: [
        { account: ACCOUNTS.stripeClearing, amount: 300, currency: 'eur' },
        { account: ACCOUNTS.creator(creator), amount: -300, currency: 'eur' },
        { account: ACCOUNTS.stripeClearing, amount: 5, currency: 'usd' },
        { account: ACCOUNTS.stripeClearing, amount: -5, currency: 'usd' },
      ],
    })
    expect(await ledger.balances(ACCOUNTS.stripeClearing)).toEqual([
      { currency: 'eur', balance: 300 },
      { currency: 'usd', balance: 1000 },
    ])
    expect((await checkLedger(node.ctx.db)).problems).toEqual([])
    const cli = await ledgerCheckCli()
    expect(cli.code).toBe(0)
    expect(cli.out).toContain('2 transactions, 6 entries, balanced')
  })

  test('unbalanced, fractional, zero, unsafe or badly named postings are refused before anything is written', async () => {
    const bad = [
      [
        { account: 'a', amount: 10, currency: 'usd' },
        { account: 'b', amount: -9, currency: 'usd' },
      ],
      [
        { account: 'a', amount: 1.5, currency: 'usd' },
        { account: 'b', amount: -1.5, currency: 'usd' },
      ],
      [
        { account: 'a', amount: 0, currency: 'usd' },
        { account: 'b', amount: 0, currency: 'usd' },
      ],
      [
        { account: 'a', amount: 2 ** 60, currency: 'usd' },
        { account: 'b', amount: -(2 ** 60), currency: 'usd' },
      ],
      [
        { account: 'A B', amount: 1, currency: 'usd' },
        { account: 'b', amount: -1, currency: 'usd' },
      ],
      [
        { account: 'a', amount: 1, currency: 'usd' },
        { account: 'b', amount: -1, currency: 'eur' },
      ],
      [
        { account: 'a', amount: 1, currency: 'US' },
        { account: 'b', amount: -1, currency: 'US' },
      ],
      [{ account: 'a', amount: 0, currency: 'usd' }],
    ]
    for (const [i, entries] of bad.entries())
      await expect(ledger.post({ kind: 'test', reference: `bad:${i}`, entries })).rejects.toBeInstanceOf(
        LedgerError,
      )
    const written = await node.ctx.db
      .selectFrom('ledgerTransactions')
      .select('id')
      .where('reference', 'like', 'bad:%')
      .execute()
    expect(written).toHaveLength(0)
  })

  test('entries are never updated nor deleted', async () => {
    await expect(sql`update ledger_entries set amount = amount + 1`.execute(node.ctx.db)).rejects.toThrow(
      /never updated/,
    )
    await expect(sql`delete from ledger_entries`.execute(node.ctx.db)).rejects.toThrow(/never updated/)
    await expect(sql`delete from ledger_transactions`.execute(node.ctx.db)).rejects.toThrow(/never updated/)
  })

  test('the invariant check finds an unbalanced transaction and a balance that drifted from its entries', async () => {
    const id = '01a25000-0000-7000-8000-0000000000aa'
    await sql`insert into ledger_transactions (id, kind, reference) values (${id}, 'broken', 'test:broken')`.execute(
      node.ctx.db,
    )
    await sql`insert into ledger_entries (transaction_id, account, currency, amount) values (${id}, 'stripe:clearing', 'usd', 7)`.execute(
      node.ctx.db,
    )
    await sql`update ledger_balances set balance = balance + 1 where account = 'platform:revenue'`.execute(
      node.ctx.db,
    )
    const report = await checkLedger(node.ctx.db)
    expect(report.problems.some((p) => p.includes(id) && p.includes('not zero'))).toBe(true)
    expect(report.problems.some((p) => p.includes('1 entries'))).toBe(true)
    expect(report.problems.some((p) => p.startsWith('balance of stripe:clearing in usd'))).toBe(true)
    expect(report.problems.some((p) => p.startsWith('balance of platform:revenue in usd'))).toBe(true)
    const cli = await ledgerCheckCli()
    expect(cli.code).toBe(1)
    expect(cli.out).toContain('not zero')
  })
})

describe('without Stripe keys', () => {
  test('Stripe routes answer 503 payments_not_configured naming the variables; the rest runs', async () => {
    const account = await register(node)
    const token = account.tokens.accessToken
    const tier = await call(node, 'POST', '/v1/creators/me/tiers', {
      token,
      body: { name: 'Gold', monthlyAmount: 500, currency: 'usd' },
    })
    expect(tier.status).toBe(503)
    expect(tier.body.code).toBe('payments_not_configured')
    expect(tier.body.detail).toContain('STRIPE_SECRET_KEY')
    expect(tier.body.detail).toContain('STRIPE_WEBHOOK_SECRET')
    const webhook = await node.request('/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: JSON.stringify({ id: 'evt_1', type: 'invoice.paid' }),
    })
    expect(webhook.status).toBe(503)
    expect((await call(node, 'GET', `/v1/creators/${account.id}/tiers`)).status).toBe(200)
    expect((await call(node, 'GET', '/v1/creators/me/balance', { token })).body).toEqual({ items: [] })
    expect(
      (await call(node, 'GET', '/v1/posts/01a25000-0000-7000-8000-0000000000ff', { token })).status,
    ).toBe(404)
  })
})
