import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { pinSeconds } from '../../src/payments/paid-chat.ts'
import { SAY_PAID_JOB } from '../../src/payments/paid-chat-delivery.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { writePost } from '../support/social.ts'
import { connectAs, type Frame, type WsClient } from '../support/ws.ts'
import { createTier, onboard, type PaymentsWorld, settled, startPaymentsWorld, subscribe } from './support.ts'

/**
 * Paid highlighted messages of live chat (through the Stripe stand-in and its verified webhooks)
 * and subscriber badges on chat messages and replies.
 */
let w: PaymentsWorld
let creator: Account
let fan: Account
let stranger: Account
let admin: Account
let streamId: string
let tierId: string
const opened: WsClient[] = []

beforeAll(async () => {
  w = await startPaymentsWorld('payments-paid-chat', {
    LIVE_IDLE_END_SECONDS: '600',
    LIVE_RTMP_PORT: '0',
    JOBS_RETRY_BASE_MS: '200',
  })
  ;[creator, fan, stranger, admin] = await Promise.all([
    register(w.node),
    register(w.node),
    register(w.node),
    register(w.node),
  ])
  admin = await promote(w.node, admin, 'admin')
  await onboard(w, creator)
  tierId = (await createTier(w, creator, { name: 'Gold', monthlyAmount: 900, yearlyAmount: null })).id
  await subscribe(w, fan, tierId)
  const stream = await call(w.node, 'POST', '/v1/live/streams', {
    token: creator.tokens.accessToken,
    body: { title: 'Paid chat show', visibility: 'public' },
  })
  expect(stream.status).toBe(201)
  streamId = stream.body.id
  expect((await w.node.ctx.services.live.signals.started(streamId, crypto.randomUUID())).accepted).toBe(true)
}, 120_000)
afterAll(async () => {
  for (const c of opened) c.ws.close()
  await w?.stop()
})

const as = (x: Account) => x.tokens.accessToken
interface Said {
  id: string
  text: string
  messageId: string
  paid: { amount: number; currency: string; pinnedUntil: string } | null
}
const dataOf = (f: Frame) => f.data as Said

async function join(who: Account) {
  const { client } = await connectAs(w.node.url, as(who))
  opened.push(client)
  client.send({ op: 'subscribe', channel: `live:${streamId}`, ref: 1 })
  expect((await client.until((f) => f.op === 'subscribed' || f.op === 'error')).op).toBe('subscribed')
  return client
}

function payForMessage(who: Account, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return call(w.node, 'POST', `/v1/live/streams/${streamId}/chat/paid`, { token: as(who), body, headers })
}

async function replay(who: Account | null = null) {
  const res = await call(w.node, 'GET', `/v1/live/streams/${streamId}/chat`, who ? { token: as(who) } : {})
  expect(res.status).toBe(200)
  return res.body
}

async function entriesOf(reference: string) {
  const rows = await w.node.ctx.db
    .selectFrom('ledgerEntries as e')
    .innerJoin('ledgerTransactions as t', 't.id', 'e.transactionId')
    .select(['e.account', 'e.amount', 't.kind'])
    .where('t.reference', '=', reference)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.account.replace(creator.id, 'CREATOR'), Number(r.amount)]))
}

const chargeOf = (paymentIntentId: string) =>
  String(w.stripe.store.paymentIntents.get(paymentIntentId)?.latest_charge)

describe('paid highlighted chat messages', () => {
  let paid: { id: string; paymentIntentId: string; fee: number; pinSeconds: number }
  let messageId: string

  test('pinned time grows with the amount', () => {
    const amounts = [50, 199, 200, 500, 1000, 2000, 5000, 10_000, 1_000_000]
    const seconds = amounts.map(pinSeconds)
    expect(seconds).toEqual([30, 30, 120, 600, 1800, 3600, 7200, 18_000, 18_000])
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]!).toBeGreaterThanOrEqual(seconds[i - 1]!)
  })

  test('paid through a PaymentIntent, said live in the chat once the webhook reports it, highlighted and pinned by amount, the fee in the ledger', async () => {
    const viewer = await join(stranger)
    const res = await payForMessage(
      fan,
      { amount: 2000, currency: 'USD', text: '  Love this show!  ' },
      {
        'idempotency-key': 'sc-1',
      },
    )
    expect(res.status).toBe(201)
    paid = res.body
    expect(res.body).toMatchObject({
      amount: 2000,
      currency: 'usd',
      fee: 200,
      status: 'pending',
      pinSeconds: 3600,
    })
    const pi = w.stripe.store.paymentIntents.get(paid.paymentIntentId)!
    expect(pi.application_fee_amount).toBe(200)
    expect(pi.metadata).toMatchObject({ kind: 'paid_chat', creatorId: creator.id })
    // Nothing is said before Stripe reports the payment.
    expect((await replay()).items.some((m: { text: string }) => m.text === 'Love this show!')).toBe(false)
    // The same Idempotency-Key is the same payment.
    const again = await payForMessage(
      fan,
      { amount: 2000, currency: 'usd', text: 'Love this show!' },
      {
        'idempotency-key': 'sc-1',
      },
    )
    expect(again.body.paymentIntentId).toBe(paid.paymentIntentId)
    const before = Date.now()
    await w.sdk.paymentIntents.confirm(paid.paymentIntentId, { payment_method: 'pm_card_visa' })
    const event = await viewer.until(
      (f: Frame) => f.op === 'event' && f.type === 'chat.message' && dataOf(f).text === 'Love this show!',
      15_000,
    )
    expect(event.data).toMatchObject({
      author: { id: fan.id },
      paid: { amount: 2000, currency: 'usd' },
      badge: { tierId, tier: 'Gold', months: 1 },
    })
    messageId = dataOf(event).id
    const pinnedFor = new Date(dataOf(event).paid!.pinnedUntil).getTime() - before
    expect(pinnedFor).toBeGreaterThan(3500_000)
    expect(pinnedFor).toBeLessThan(3700_000)
    const chat = await replay()
    expect(chat.highlighted.map((m: { id: string }) => m.id)).toEqual([messageId])
    expect(chat.items.find((m: { id: string }) => m.id === messageId).paid.amount).toBe(2000)
    await settled(w)
    expect(await entriesOf(`charge:${chargeOf(paid.paymentIntentId)}`)).toEqual({
      'stripe:clearing': 1912,
      'stripe:fees': 88,
      'creator:CREATOR': -1800,
      'platform:fees': -200,
    })
    const kind = await w.node.ctx.db
      .selectFrom('ledgerTransactions')
      .select('kind')
      .where('reference', '=', `charge:${chargeOf(paid.paymentIntentId)}`)
      .executeTakeFirstOrThrow()
    expect(kind.kind).toBe('paid_chat.payment')
    const tip = await call(w.node, 'GET', `/v1/tips/${paid.id}`, { token: as(creator) })
    expect(tip.body).toMatchObject({
      kind: 'chat',
      status: 'paid',
      message: 'Love this show!',
      reversedAt: null,
    })
    // A resent webhook does not say it twice.
    const succeeded = [...w.stripe.store.events.values()].find(
      (e) =>
        e.type === 'payment_intent.succeeded' &&
        (e.data?.object as { id?: string } | undefined)?.id === paid.paymentIntentId,
    )!
    expect(await w.stripe.sender.resend(succeeded)).toBe(200)
    await settled(w)
    expect((await replay()).items.filter((m: { text: string }) => m.text === 'Love this show!')).toHaveLength(
      1,
    )
  })

  test('a small amount is pinned briefly; a tip on the stream is highlighted too', async () => {
    const small = await payForMessage(stranger, { amount: 100, currency: 'usd', text: 'small one' })
    expect(small.status).toBe(201)
    expect(small.body.pinSeconds).toBe(30)
    await w.sdk.paymentIntents.confirm(small.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await eventually(
      async () => (await replay()).items.some((m: { text: string }) => m.text === 'small one'),
      10_000,
    )
    const row = (await replay()).items.find((m: { text: string }) => m.text === 'small one')
    expect(row.paid).toMatchObject({ amount: 100, currency: 'usd' })
    // A stranger is no member: no badge.
    expect(row.badge).toBeNull()
    expect(new Date(row.paid.pinnedUntil).getTime() - new Date(row.createdAt).getTime()).toBeLessThan(31_000)
    // A tip naming the stream is said as a tip, highlighted for its amount.
    const tip = await call(w.node, 'POST', '/v1/tips', {
      token: as(stranger),
      body: {
        creatorId: creator.id,
        amount: 500,
        currency: 'usd',
        subject: { kind: 'stream', id: streamId },
      },
    })
    expect(tip.status).toBe(201)
    await w.sdk.paymentIntents.confirm(tip.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await eventually(
      async () =>
        (await replay()).highlighted.some(
          (m: Said) => m.text === 'Tipped 5.00 USD' && m.paid?.amount === 500,
        ),
      10_000,
    )
  })

  test('a declined payment says nothing', async () => {
    const res = await payForMessage(stranger, { amount: 700, currency: 'usd', text: 'declined one' })
    expect(res.status).toBe(201)
    await w.sdk.paymentIntents
      .confirm(res.body.paymentIntentId, { payment_method: 'pm_card_chargeDeclined' })
      .catch(() => {})
    await eventually(
      async () =>
        (await call(w.node, 'GET', `/v1/tips/${res.body.id}`, { token: as(stranger) })).body.status ===
        'failed',
      10_000,
    )
    expect((await replay()).items.some((m: { text: string }) => m.text === 'declined one')).toBe(false)
  })

  test('a refund reverses the entries and ends the highlight, live', async () => {
    const viewer = await join(stranger)
    const refund = await call(w.node, 'POST', '/v1/admin/payments/refunds', {
      token: as(admin),
      body: { paymentIntentId: paid.paymentIntentId },
    })
    expect(refund.status).toBe(200)
    const ended = await viewer.until(
      (f: Frame) =>
        f.op === 'event' && f.type === 'chat.highlight_ended' && dataOf(f).messageId === messageId,
      15_000,
    )
    expect(dataOf(ended).messageId).toBe(messageId)
    await settled(w)
    expect(await entriesOf(`refund:${refund.body.id}`)).toEqual({
      'creator:CREATOR': 1800,
      refunds: 200,
      'stripe:clearing': -2000,
    })
    const chat = await replay()
    expect(chat.highlighted.map((m: { id: string }) => m.id)).not.toContain(messageId)
    // The message stays in the chat, no longer pinned.
    const kept = chat.items.find((m: { id: string }) => m.id === messageId)
    expect(new Date(kept.paid.pinnedUntil).getTime()).toBeLessThanOrEqual(Date.now())
    const tip = await call(w.node, 'GET', `/v1/tips/${paid.id}`, { token: as(fan) })
    expect(tip.body.reversedAt).not.toBeNull()
  })

  test('a chargeback reverses its entries and ends the highlight', async () => {
    const res = await payForMessage(fan, { amount: 5000, currency: 'usd', text: 'big one' })
    await w.sdk.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' })
    await eventually(
      async () => (await replay()).highlighted.some((m: { text: string }) => m.text === 'big one'),
      10_000,
    )
    const dispute = w.stripe.openDispute(chargeOf(res.body.paymentIntentId))
    await settled(w)
    expect(await entriesOf(`dispute:${dispute.id}`)).toEqual({
      'creator:CREATOR': 4500,
      disputes: 500,
      'stripe:fees': 1500,
      'stripe:clearing': -6500,
    })
    await eventually(
      async () => !(await replay()).highlighted.some((m: { text: string }) => m.text === 'big one'),
      10_000,
    )
  })

  test("a paid message whose stream's actor is away when the payment is booked is said once it is back, once", async () => {
    const text = 'said when the room is back'
    const res = await payForMessage(fan, { amount: 300, currency: 'usd', text })
    expect(res.status).toBe(201)
    const line = () =>
      w.node.ctx.db
        .selectFrom('jobs')
        .select(['state', 'attempts', 'lastError'])
        .where('kind', '=', SAY_PAID_JOB)
        .where(sql<string>`payload->>'tipId'`, '=', res.body.id)
        .executeTakeFirst()
    // No worker holds any actor (the only one handed its partitions back): the stream's actor is
    // unreachable when the webhook's transaction commits.
    const actors = w.node.ctx.actorSystem
    await actors.stop()
    try {
      await w.sdk.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' })
      await eventually(
        async () =>
          (await call(w.node, 'GET', `/v1/tips/${res.body.id}`, { token: as(fan) })).body.status === 'paid',
        10_000,
      )
      // Booked, not said: its first attempt failed for want of the actor and waits for another.
      await eventually(async () => {
        const job = await line()
        return job !== undefined && job.lastError !== null && job.state !== 'succeeded'
      }, 20_000)
      expect((await replay()).items.some((m: { text: string }) => m.text === text)).toBe(false)
    } finally {
      await actors.start()
    }
    await eventually(async () => (await line())?.state === 'succeeded', 30_000)
    const chat = await replay()
    const said = chat.items.filter((m: Said) => m.text === text)
    expect(said).toHaveLength(1)
    expect(said[0].paid).toMatchObject({ amount: 300, currency: 'usd' })
    // Pinned from when it was said, for the time its amount buys.
    expect(chat.highlighted.map((m: Said) => m.id)).toContain(said[0].id)
    expect((await line())!.attempts).toBeGreaterThan(1)
  }, 90_000)

  test('refused before paying: banned, subscribers-only, bad input, no such stream, the streamer', async () => {
    // The streamer cannot pay themself.
    expect((await payForMessage(creator, { amount: 500, currency: 'usd', text: 'me' })).status).toBe(409)
    for (const body of [
      { amount: 10.5, currency: 'usd', text: 'x' },
      { amount: 1e15, currency: 'usd', text: 'x' },
      { amount: 49, currency: 'usd', text: 'x' },
      { amount: 500, currency: 'usd', text: 'nul\u0000here' },
      { amount: 500, currency: 'usd', text: '   ' },
      { amount: 500, currency: 'us', text: 'x' },
      { amount: 500, currency: 'usd', text: 'x'.repeat(501) },
    ])
      expect((await payForMessage(stranger, body)).status).toBe(422)
    const notAStream = await call(w.node, 'POST', `/v1/live/streams/${crypto.randomUUID()}/chat/paid`, {
      token: as(stranger),
      body: { amount: 500, currency: 'usd', text: 'hello' },
    })
    expect(notAStream.status).toBe(404)
    const forged = await call(w.node, 'POST', '/v1/live/streams/not-a-uuid/chat/paid', {
      token: as(stranger),
      body: { amount: 500, currency: 'usd', text: 'hello' },
    })
    expect(forged.status).toBe(422)
    expect(
      (
        await call(w.node, 'POST', `/v1/live/streams/${streamId}/chat/paid`, {
          body: { amount: 500, currency: 'usd', text: 'hello' },
        })
      ).status,
    ).toBe(401)
    const count = () => w.stripe.store.paymentIntents.size
    const before = count()
    const settings = await call(w.node, 'PATCH', `/v1/live/streams/${streamId}/chat/settings`, {
      token: as(creator),
      body: { subscribersOnly: true },
    })
    expect(settings.status).toBe(200)
    const refused = await payForMessage(stranger, { amount: 500, currency: 'usd', text: 'let me in' })
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe('subscribers_only')
    await call(w.node, 'PATCH', `/v1/live/streams/${streamId}/chat/settings`, {
      token: as(creator),
      body: { subscribersOnly: false },
    })
    const ban = await call(w.node, 'POST', `/v1/live/streams/${streamId}/chat/bans`, {
      token: as(creator),
      body: { userId: stranger.id },
    })
    expect(ban.status).toBeLessThan(300)
    expect((await payForMessage(stranger, { amount: 500, currency: 'usd', text: 'banned' })).status).toBe(403)
    // Nothing was charged for any of them.
    expect(count()).toBe(before)
  })
})

describe('subscriber badges', () => {
  test("a member's chat messages carry the tier and the month of the membership; others' none", async () => {
    const mine = await call(w.node, 'POST', `/v1/live/streams/${streamId}/chat`, {
      token: as(fan),
      body: { text: 'from a member', clientId: crypto.randomUUID() },
    })
    expect(mine.status).toBe(201)
    expect(mine.body.message.badge).toEqual({ tierId, tier: 'Gold', months: 1 })
    // Three months into the membership.
    await w.node.ctx.db
      .updateTable('subscriptions')
      .set({ createdAt: new Date(Date.now() - 75 * 86_400_000) })
      .where('subscriberId', '=', fan.id)
      .execute()
    const later = await call(w.node, 'POST', `/v1/live/streams/${streamId}/chat`, {
      token: as(fan),
      body: { text: 'still a member', clientId: crypto.randomUUID() },
    })
    expect(later.body.message.badge).toEqual({ tierId, tier: 'Gold', months: 3 })
    const owner = await call(w.node, 'POST', `/v1/live/streams/${streamId}/chat`, {
      token: as(creator),
      body: { text: 'from the streamer', clientId: crypto.randomUUID() },
    })
    expect(owner.body.message.badge).toBeNull()
    const items = (await replay()).items
    expect(items.find((m: { text: string }) => m.text === 'from a member').badge).toMatchObject({
      tier: 'Gold',
    })
  })

  test('replies (comments) to the creator carry their author’s badge; not on others’ posts', async () => {
    const postId = await writePost(w.node, creator, { text: 'what did you think?' })
    const memberReply = await writePost(w.node, fan, { text: 'loved it', replyTo: postId })
    const strangerReply = await writePost(w.node, stranger, { text: 'meh', replyTo: postId })
    const strangerPost = await writePost(w.node, stranger, { text: 'my own post' })
    const replyElsewhere = await writePost(w.node, fan, { text: 'hi', replyTo: strangerPost })
    const get = async (id: string) =>
      (await call(w.node, 'GET', `/v1/posts/${id}`, { token: as(stranger) })).body
    expect((await get(memberReply)).badge).toEqual({ tierId, tier: 'Gold', months: 3 })
    expect((await get(strangerReply)).badge).toBeNull()
    expect((await get(replyElsewhere)).badge).toBeNull()
    expect((await get(postId)).badge).toBeNull()
  })

  test('the ledger invariant holds after all of it', async () => {
    await settled(w)
    expect((await checkLedger(w.node.ctx.db)).problems).toEqual([])
  })
})
