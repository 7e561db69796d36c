import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { writePost } from '../support/social.ts'
import {
  createTier,
  mySubscriptions,
  onboard,
  type PaymentsWorld,
  settled,
  startPaymentsWorld,
  subscribe,
} from './support.ts'

let w: PaymentsWorld
let creator: Account
let fan: Account
let admin: Account
const DAY = 86_400

beforeAll(async () => {
  w = await startPaymentsWorld('payments-money')
  ;[creator, fan, admin] = await Promise.all([register(w.node), register(w.node), register(w.node)])
  admin = await promote(w.node, admin, 'admin')
  await onboard(w, creator)
})
afterAll(() => w?.stop())

/** The entries booked for one Stripe object, by account (debits positive). */
async function entriesOf(reference: string) {
  const rows = await w.node.ctx.db
    .selectFrom('ledgerEntries as e')
    .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
    .select(['e.account', 'e.amount'])
    .where('t.reference', '=', reference)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.account.replace(creator.id, 'CREATOR'), Number(r.amount)]))
}

async function balance() {
  const res = await call(w.node, 'GET', '/v1/creators/me/balance', { token: creator.tokens.accessToken })
  return res.body.items.find((b: { currency: string }) => b.currency === 'usd')?.amount ?? 0
}

async function tip(amount: number, paymentMethod: string, key?: string) {
  const postId = await writePost(w.node, creator, { text: 'thanks for watching' })
  const res = await call(w.node, 'POST', '/v1/tips', {
    token: fan.tokens.accessToken,
    body: {
      creatorId: creator.id,
      amount,
      currency: 'usd',
      subject: { kind: 'post', id: postId },
      message: 'great stream',
    },
    headers: key ? { 'idempotency-key': key } : {},
  })
  expect(res.status).toBe(201)
  // What Stripe.js does in the payer's browser with the client secret.
  await w.sdk.paymentIntents
    .confirm(res.body.paymentIntentId, { payment_method: paymentMethod })
    .catch(() => {})
  return res.body as { id: string; paymentIntentId: string; fee: number }
}

async function tipStatus(id: string) {
  return (await call(w.node, 'GET', `/v1/tips/${id}`, { token: fan.tokens.accessToken })).body.status
}

/** A tip of `amount`, paid and booked. */
async function paidTip(amount: number) {
  const t = await tip(amount, 'pm_card_visa')
  await eventually(async () => (await tipStatus(t.id)) === 'paid', 10_000)
  await settled(w)
  return t
}

/** A day on the stand-in's clock; the amounts it paid out then. */
async function payoutDay() {
  const before = w.stripe.store.payouts.size
  w.stripe.advance(DAY)
  await settled(w)
  return [...w.stripe.store.payouts.values()].slice(before).map((p) => p.amount)
}

async function chargeOf(paymentIntentId: string) {
  return String(w.stripe.store.paymentIntents.get(paymentIntentId)?.latest_charge)
}

/** An event as Stripe would sign it (for replays, reordering and forgeries). */
async function signed(event: object, secret = w.webhookSecret) {
  const payload = JSON.stringify(event, null, 2)
  const signature = await w.sdk.webhooks.generateTestHeaderStringAsync({ payload, secret })
  return w.node.request('/v1/payments/webhooks/stripe', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signature,
      'x-forwarded-for': '10.7.7.7',
    },
    body: payload,
  })
}

describe('tips, refunds, disputes and webhooks', () => {
  let first: { id: string; paymentIntentId: string; fee: number }
  let second: { id: string; paymentIntentId: string; fee: number }
  let lostDispute: string

  test('a tip is a destination charge: the platform fee and Stripe fee split in the ledger once paid', async () => {
    first = await tip(1000, 'pm_card_visa', 'tip-key-1')
    expect(first.fee).toBe(100)
    const pi = w.stripe.store.paymentIntents.get(first.paymentIntentId)
    expect(pi?.application_fee_amount).toBe(100)
    expect(pi?.transfer_data?.destination).toStartWith('acct_')
    await eventually(async () => (await tipStatus(first.id)) === 'paid', 10_000)
    expect(await entriesOf(`charge:${await chargeOf(first.paymentIntentId)}`)).toEqual({
      'stripe:clearing': 941,
      'stripe:fees': 59,
      'creator:CREATOR': -900,
      'platform:fees': -100,
    })
    expect(await balance()).toBe(900)
    // The same Idempotency-Key is the same tip, not a second payment.
    const again = await call(w.node, 'POST', '/v1/tips', {
      token: fan.tokens.accessToken,
      body: { creatorId: creator.id, amount: 1000, currency: 'usd' },
      headers: { 'idempotency-key': 'tip-key-1' },
    })
    expect(again.body.paymentIntentId).toBe(first.paymentIntentId)
  })

  test('a declined tip is marked failed and books nothing', async () => {
    const declined = await tip(700, 'pm_card_chargeDeclined')
    await eventually(async () => (await tipStatus(declined.id)) === 'failed', 10_000)
    expect(await balance()).toBe(900)
  })

  test("a refund takes back the creator's share and the platform's fee in proportion", async () => {
    const refund = await call(w.node, 'POST', '/v1/admin/payments/refunds', {
      token: admin.tokens.accessToken,
      body: { paymentIntentId: first.paymentIntentId, amount: 500 },
    })
    expect(refund.status).toBe(200)
    await settled(w)
    expect(await entriesOf(`refund:${refund.body.id}`)).toEqual({
      'creator:CREATOR': 450,
      refunds: 50,
      'stripe:clearing': -500,
    })
    expect(await balance()).toBe(450)
    const notAdmin = await call(w.node, 'POST', '/v1/admin/payments/refunds', {
      token: fan.tokens.accessToken,
      body: { paymentIntentId: first.paymentIntentId },
    })
    expect(notAdmin.status).toBe(403)
  })

  test('a chargeback after the payout leaves the creator owing (a negative balance)', async () => {
    second = await tip(1000, 'pm_card_visa')
    await eventually(async () => (await tipStatus(second.id)) === 'paid', 10_000)
    expect(await balance()).toBe(1350)
    w.stripe.advance(DAY) // the daily payout
    await settled(w)
    expect(await balance()).toBe(0)
    const dispute = w.stripe.openDispute(await chargeOf(second.paymentIntentId))
    await settled(w)
    expect(await entriesOf(`dispute:${dispute.id}`)).toEqual({
      'creator:CREATOR': 900,
      disputes: 100,
      'stripe:fees': 1500,
      'stripe:clearing': -2500,
    })
    expect(await balance()).toBe(-900)
    lostDispute = dispute.id
  })

  test('charge.dispute.closed: won gives the shares back (a new transaction), lost keeps the chargeback', async () => {
    const won = await call(w.node, 'POST', '/v1/tips', {
      token: fan.tokens.accessToken,
      body: { creatorId: creator.id, amount: 2000, currency: 'usd' },
    })
    await w.sdk.paymentIntents.confirm(won.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await eventually(async () => (await tipStatus(won.body.id)) === 'paid', 10_000)
    await settled(w)
    const start = await balance()
    const dispute = w.stripe.openDispute(await chargeOf(won.body.paymentIntentId))
    await settled(w)
    expect(await balance()).toBe(start - 1800)
    // Through the stand-in's control route, as a developer would.
    const closed = await fetch(`${w.stripe.url}/_local/disputes/${dispute.id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'won' }),
    })
    expect(closed.status).toBe(200)
    await settled(w)
    expect(await entriesOf(`dispute:${dispute.id}:won`)).toEqual({
      'creator:CREATOR': -1800,
      disputes: -200,
      'stripe:clearing': 2000,
    })
    // The chargeback's entries stay; the creator is owed the tip again (Stripe keeps its dispute fee).
    expect(await entriesOf(`dispute:${dispute.id}`)).toMatchObject({ 'creator:CREATOR': 1800 })
    expect(await balance()).toBe(start)
    const before = (await checkLedger(w.node.ctx.db)).transactions
    w.stripe.closeDispute(lostDispute, 'lost')
    await settled(w)
    expect((await checkLedger(w.node.ctx.db)).transactions).toBe(before)
    expect(await balance()).toBe(start)
    const outcome = await w.node.ctx.db
      .selectFrom('stripeEvents')
      .select('status')
      .where('type', '=', 'charge.dispute.closed')
      .execute()
    expect(outcome.map((o) => o.status).sort()).toEqual(['ignored', 'processed'])
  })

  test('a negative balance is recovered from later earnings: nothing is paid out until it is made good', async () => {
    // What earlier tests left is paid out first: Stripe's connected account and the ledger agree.
    await payoutDay()
    expect(await balance()).toBe(0)
    const owed = await paidTip(2000)
    expect(await payoutDay()).toEqual([1800])
    expect(await balance()).toBe(0)
    // Charged back after it was paid out: the creator owes their share.
    w.stripe.openDispute(await chargeOf(owed.paymentIntentId))
    await settled(w)
    expect(await balance()).toBe(-1800)
    // A later tip pays part of it back; no payout while the balance is not above zero.
    await paidTip(1000)
    expect(await balance()).toBe(-900)
    expect(await payoutDay()).toEqual([])
    expect(await balance()).toBe(-900)
    // The next one makes it good: only what is above the debt is paid out.
    await paidTip(2000)
    expect(await balance()).toBe(900)
    expect(await payoutDay()).toEqual([900])
    expect(await balance()).toBe(0)
  })

  test("payouts follow the creator's schedule: weekly on its weekday, manual never, daily again", async () => {
    const schedule = (who: Account, body: Record<string, unknown>) =>
      call(w.node, 'PUT', '/v1/creators/me/payouts/schedule', { token: who.tokens.accessToken, body })
    for (const body of [
      { interval: 'hourly' },
      { interval: 'weekly' },
      { interval: 'weekly', weeklyAnchor: 'someday' },
      { interval: 'monthly' },
      { interval: 'monthly', monthlyAnchor: 1.5 },
      { interval: 'monthly', monthlyAnchor: 32 },
      { interval: 'daily\u0000' },
    ])
      expect((await schedule(creator, body)).status).toBe(422)
    // Not set up for payouts: not found.
    expect((await schedule(fan, { interval: 'daily' })).status).toBe(404)
    const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']
    const inTwoDays = weekdays[new Date((w.stripe.now() + 2 * DAY) * 1000).getUTCDay()]
    const weekly = await schedule(creator, { interval: 'weekly', weeklyAnchor: inTwoDays })
    expect(weekly.status).toBe(200)
    expect(weekly.body.schedule).toEqual({ interval: 'weekly', weeklyAnchor: inTwoDays, monthlyAnchor: null })
    const account = w.stripe.store.accounts.get(weekly.body.accountId)
    expect(account?.settings?.payouts?.schedule).toMatchObject({
      interval: 'weekly',
      weekly_anchor: inTwoDays,
    })
    await paidTip(1000)
    expect(await balance()).toBe(900)
    expect(await payoutDay()).toEqual([])
    expect(await payoutDay()).toEqual([900])
    expect(await balance()).toBe(0)
    expect((await schedule(creator, { interval: 'manual' })).body.schedule.interval).toBe('manual')
    await paidTip(1000)
    for (let day = 0; day < 8; day++) expect(await payoutDay()).toEqual([])
    expect(await balance()).toBe(900)
    // account.updated mirrors what Stripe has (the stand-in sent one for each change).
    const mirrored = await call(w.node, 'GET', '/v1/creators/me/payouts', {
      token: creator.tokens.accessToken,
    })
    expect(mirrored.body.schedule.interval).toBe('manual')
    await schedule(creator, { interval: 'daily' })
    expect(await payoutDay()).toEqual([900])
  })

  test('a webhook replayed twice is handled once', async () => {
    const event = [...w.stripe.store.events.values()].find((e) => e.type === 'payment_intent.succeeded')!
    const before = await checkLedger(w.node.ctx.db)
    for (let i = 0; i < 2; i++) {
      expect(await w.stripe.sender.resend(event)).toBe(200)
    }
    const replay = (await (await signed(event)).json()) as { outcome: string }
    expect(replay.outcome).toBe('duplicate')
    expect((await checkLedger(w.node.ctx.db)).transactions).toBe(before.transactions)
  })

  test('a bad signature is refused and changes nothing', async () => {
    const count = async () => (await w.node.ctx.db.selectFrom('stripeEvents').select('id').execute()).length
    const before = await count()
    const forged = {
      id: 'evt_forged',
      object: 'event',
      type: 'invoice.paid',
      created: 1,
      data: { object: {} },
    }
    const wrongSecret = await signed(forged, 'whsec_not_ours')
    expect(wrongSecret.status).toBe(400)
    expect(((await wrongSecret.json()) as { code: string }).code).toBe('webhook_signature_invalid')
    const unsigned = await w.node.request('/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.7.7.8' },
      body: JSON.stringify(forged),
    })
    expect(unsigned.status).toBe(400)
    // The signed bytes changed in transit (re-serialised): refused too.
    const payload = JSON.stringify(forged)
    const signature = await w.sdk.webhooks.generateTestHeaderStringAsync({ payload, secret: w.webhookSecret })
    const tampered = await w.node.request('/v1/payments/webhooks/stripe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signature,
        'x-forwarded-for': '10.7.7.9',
      },
      body: payload.replace('invoice.paid', 'invoice.paid '),
    })
    expect(tampered.status).toBe(400)
    expect(await count()).toBe(before)
  })

  test('an older subscription event arriving after a newer one does not roll the state back', async () => {
    const tier = await createTier(w, creator, { name: 'Fan club' })
    await subscribe(w, fan, tier.id)
    const [sub] = await mySubscriptions(w, fan)
    const row = await w.node.ctx.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow()
    const current = w.stripe.store.subscriptions.get(row.stripeSubscriptionId)!
    // A "canceled" state stamped before the row's last write, delivered late.
    const stale = {
      id: 'evt_late_cancel',
      object: 'event',
      api_version: '2026-11-18.endive',
      type: 'customer.subscription.updated',
      created: Math.floor(row.stripeUpdated.getTime() / 1000) - 60,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: { ...structuredClone(current), status: 'canceled' } },
    }
    const res = await signed(stale)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { outcome: string }).outcome).toBe('processed')
    const [after] = await mySubscriptions(w, fan)
    expect(after).toMatchObject({ status: 'active', entitled: true })
  })

  test('a failing event is retried with back-off, listed for admins when it keeps failing, and retried on demand', async () => {
    const charge = w.stripe.store.charges.get(await chargeOf(second.paymentIntentId))!
    const event = {
      id: 'evt_dispute_unknown_charge',
      object: 'event',
      api_version: '2026-11-18.endive',
      type: 'charge.dispute.created',
      created: w.stripe.now(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: 'dp_retry',
          object: 'dispute',
          amount: 100,
          currency: 'usd',
          charge: 'ch_not_yet_known',
          reason: 'fraudulent',
          status: 'needs_response',
          balance_transactions: [{ id: 'txn_x', object: 'balance_transaction', fee: 1500, amount: -100 }],
        },
      },
    }
    const first = await signed(event)
    expect(((await first.json()) as { outcome: string }).outcome).toBe('pending')
    const row = await w.node.ctx.db
      .selectFrom('stripeEvents')
      .selectAll()
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow()
    expect(row.attempts).toBe(1)
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now())
    await w.node.ctx.db
      .updateTable('stripeEvents')
      .set({ attempts: 7, nextAttemptAt: new Date() })
      .where('id', '=', event.id)
      .execute()
    await w.node.ctx.services.payments.inbox.retryDue()
    const failed = await call(w.node, 'GET', '/v1/admin/payments/events/failed', {
      token: admin.tokens.accessToken,
    })
    expect(failed.status).toBe(200)
    expect(failed.body.items.map((e: { id: string }) => e.id)).toContain(event.id)
    expect(
      (await call(w.node, 'GET', '/v1/admin/payments/events/failed', { token: fan.tokens.accessToken }))
        .status,
    ).toBe(403)
    // The charge becomes known to Stripe; the administrator retries.
    w.stripe.store.charges.set('ch_not_yet_known', { ...structuredClone(charge), id: 'ch_not_yet_known' })
    const retried = await call(w.node, 'POST', `/v1/admin/payments/events/${event.id}/retry`, {
      token: admin.tokens.accessToken,
    })
    expect(retried.status).toBe(200)
    expect(retried.body.outcome).toBe('processed')
    expect(
      (
        await call(w.node, 'POST', `/v1/admin/payments/events/${event.id}/retry`, {
          token: admin.tokens.accessToken,
        })
      ).status,
    ).toBe(404)
  })

  test('bad input: someone else’s tip, fractional and huge amounts, self-tips', async () => {
    const other = await register(w.node)
    expect(
      (await call(w.node, 'GET', `/v1/tips/${first.id}`, { token: other.tokens.accessToken })).status,
    ).toBe(404)
    for (const amount of [10.5, 1e15, 0, '100'])
      expect(
        (
          await call(w.node, 'POST', '/v1/tips', {
            token: other.tokens.accessToken,
            body: { creatorId: creator.id, amount, currency: 'usd' },
          })
        ).status,
      ).toBe(422)
    const self = await call(w.node, 'POST', '/v1/tips', {
      token: creator.tokens.accessToken,
      body: { creatorId: creator.id, amount: 500, currency: 'usd' },
    })
    expect(self.status).toBe(409)
    const notCreator = await call(w.node, 'POST', '/v1/tips', {
      token: other.tokens.accessToken,
      body: { creatorId: fan.id, amount: 500, currency: 'usd' },
    })
    expect(notCreator.status).toBe(409)
    expect(notCreator.body.code).toBe('creator_payouts_not_ready')
  })

  test('the ledger invariant holds after all of it', async () => {
    await settled(w)
    const report = await checkLedger(w.node.ctx.db)
    expect(report.problems).toEqual([])
    const totals = await call(w.node, 'GET', '/v1/admin/payments/totals', { token: admin.tokens.accessToken })
    expect(totals.status).toBe(200)
    expect(totals.body.check.problems).toEqual([])
    const sum = totals.body.accounts
      .filter((a: { currency: string }) => a.currency === 'usd')
      .reduce((s: number, a: { balance: number }) => s + a.balance, 0)
    expect(sum).toBe(0)
  })
})
