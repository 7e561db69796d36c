import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { checkLedger } from '../../src/payments/ledger-check.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { writePost } from '../support/social.ts'
import { connectAs } from '../support/ws.ts'
import {
  createTier,
  mySubscriptions,
  onboard,
  type PaymentsWorld,
  settled,
  startPaymentsWorld,
  submitForm,
  subscribe,
} from './support.ts'

let w: PaymentsWorld
let creator: Account
let fan: Account
let stranger: Account
let tierId: string
const DAY = 86_400

beforeAll(async () => {
  w = await startPaymentsWorld('payments-memberships')
  ;[creator, fan, stranger] = await Promise.all([register(w.node), register(w.node), register(w.node)])
  await onboard(w, creator)
  tierId = (await createTier(w, creator)).id
})
afterAll(() => w?.stop())

async function balance(account: Account) {
  const res = await call(w.node, 'GET', '/v1/creators/me/balance', { token: account.tokens.accessToken })
  expect(res.status).toBe(200)
  return res.body.items.find((b: { currency: string }) => b.currency === 'usd')?.amount ?? 0
}

describe('memberships on the Stripe stand-in', () => {
  test('a tier is a Stripe product with prices, made through the SDK at the pinned API version', async () => {
    const tiers = await call(w.node, 'GET', `/v1/creators/${creator.id}/tiers`)
    expect(tiers.status).toBe(200)
    expect(tiers.body.items).toHaveLength(1)
    const productCall = w.stripe.requests.find((r) => r.path === '/v1/products')
    expect(productCall?.version).toBe('2026-11-18.endive')
    expect(productCall?.idempotencyKey).toStartWith('tier:')
    const prices = w.stripe.requests.filter((r) => r.path === '/v1/prices')
    expect(
      prices.map((p) => [p.form.unit_amount, (p.form.recurring as { interval: string }).interval]),
    ).toEqual([
      ['500', 'month'],
      ['5000', 'year'],
    ])
    const role = await w.node.ctx.db
      .selectFrom('users')
      .select('role')
      .where('id', '=', creator.id)
      .executeTakeFirstOrThrow()
    expect(role.role).toBe('creator')
  })

  test('a subscribers-only post is locked until checkout → webhook → subscription, then readable', async () => {
    const postId = await writePost(w.node, creator, { text: 'for my supporters only' })
    const set = await call(w.node, 'PUT', `/v1/posts/${postId}/audience`, {
      token: creator.tokens.accessToken,
      body: { audience: 'subscribers', tierId },
    })
    expect(set.status).toBe(200)
    const locked = await call(w.node, 'GET', `/v1/posts/${postId}`, { token: fan.tokens.accessToken })
    expect(locked.status).toBe(200)
    expect(locked.body).toMatchObject({
      locked: true,
      text: '',
      audience: 'subscribers',
      audienceTierId: tierId,
    })
    const anonymous = await call(w.node, 'GET', `/v1/posts/${postId}`)
    expect(anonymous.body.locked).toBe(true)
    const own = await call(w.node, 'GET', `/v1/posts/${postId}`, { token: creator.tokens.accessToken })
    expect(own.body).toMatchObject({ locked: false, text: 'for my supporters only' })

    // The redirect alone grants nothing: only the verified webhook does.
    const checkout = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token: fan.tokens.accessToken,
      body: {
        tierId,
        interval: 'month',
        successUrl: 'https://app.example/ok',
        cancelUrl: 'https://app.example/no',
      },
    })
    expect(checkout.status).toBe(200)
    expect(await mySubscriptions(w, fan)).toHaveLength(0)
    const declined = await submitForm(checkout.body.url, { card: '4000000000000002' })
    expect(declined.status).toBe(200)
    expect(await declined.text()).toContain('declined')
    const paid = await submitForm(checkout.body.url, { card: '4242424242424242' })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe('https://app.example/ok')
    await eventually(async () => (await mySubscriptions(w, fan)).some((s) => s.entitled), 10_000)
    await settled(w)
    const [sub] = await mySubscriptions(w, fan)
    expect(sub).toMatchObject({
      status: 'active',
      interval: 'month',
      cancelAtPeriodEnd: false,
      tier: { id: tierId },
    })
    const open = await call(w.node, 'GET', `/v1/posts/${postId}`, { token: fan.tokens.accessToken })
    expect(open.body).toMatchObject({ locked: false, text: 'for my supporters only' })
    // Others still see that it exists, and how to subscribe.
    const still = await call(w.node, 'GET', `/v1/posts/${postId}`, { token: stranger.tokens.accessToken })
    expect(still.body).toMatchObject({ locked: true, text: '' })
    await call(w.node, 'PATCH', `/v1/posts/${postId}`, {
      token: creator.tokens.accessToken,
      body: { text: 'for my supporters only (edited)' },
    })
    const history = await call(w.node, 'GET', `/v1/posts/${postId}/history`, {
      token: stranger.tokens.accessToken,
    })
    expect(history.body.items.map((v: { text: string }) => v.text)).toEqual([''])
    const fansHistory = await call(w.node, 'GET', `/v1/posts/${postId}/history`, {
      token: fan.tokens.accessToken,
    })
    expect(fansHistory.body.items).toHaveLength(2)

    // The books: 500 paid, 10% fee to the platform, 450 owed to the creator, Stripe's fee 45.
    expect(await balance(creator)).toBe(450)
    const subscribers = await call(w.node, 'GET', '/v1/creators/me/subscribers', {
      token: creator.tokens.accessToken,
    })
    expect(subscribers.body.items).toHaveLength(1)
    expect(subscribers.body.items[0].subscriber.id).toBe(fan.id)
    const again = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token: fan.tokens.accessToken,
      body: {
        tierId,
        interval: 'month',
        successUrl: 'https://app.example/ok',
        cancelUrl: 'https://app.example/no',
      },
    })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('already_subscribed')
  })

  test('renewal on the clock pays another period into the ledger; the daily payout takes the balance', async () => {
    const before = (await mySubscriptions(w, fan))[0].currentPeriodEnd
    w.stripe.advance(32 * DAY)
    await settled(w)
    const [sub] = await mySubscriptions(w, fan)
    expect(sub.status).toBe('active')
    expect(new Date(sub.currentPeriodEnd).getTime()).toBeGreaterThan(new Date(before).getTime())
    // Both periods earned 450; the connected account's payout of 900 left the balance at zero.
    expect(await balance(creator)).toBe(0)
    const month = new Date().toISOString().slice(0, 7)
    const statement = await call(w.node, 'GET', `/v1/creators/me/statements?month=${month}`, {
      token: creator.tokens.accessToken,
    })
    expect(statement.status).toBe(200)
    // Events come in any order: the payout may be booked before the renewal's payment.
    const lines = statement.body.lines.map((l: { kind: string; amount: number }) => [l.kind, l.amount])
    expect(lines.sort()).toEqual([
      ['membership.payment', 450],
      ['membership.payment', 450],
      ['payout.created', -900],
    ])
    const csv = await w.node.request(`/v1/creators/me/statements?month=${month}&format=csv`, {
      headers: { authorization: `Bearer ${creator.tokens.accessToken}`, 'x-forwarded-for': '10.9.9.9' },
    })
    expect(csv.headers.get('content-type')).toStartWith('text/csv')
    const rows = (await csv.text()).trim().split('\r\n')
    expect(rows[0]).toBe('at,kind,reference,memo,amount,currency')
    expect(rows).toHaveLength(4)
  })

  test('a failed renewal makes it past due (still entitled through the dunning), then canceled', async () => {
    const customer = await w.node.ctx.db
      .selectFrom('paymentCustomers')
      .select('stripeCustomerId')
      .where('userId', '=', fan.id)
      .executeTakeFirstOrThrow()
    w.stripe.store.decliningCustomers.add(customer.stripeCustomerId)
    w.stripe.advance(31 * DAY)
    await settled(w)
    let [sub] = await mySubscriptions(w, fan)
    expect(sub.status).toBe('past_due')
    expect(sub.entitled).toBe(true)
    expect(await balance(creator)).toBe(0)
    // Two more failed attempts three days apart, and Stripe cancels it.
    w.stripe.advance(3 * DAY)
    w.stripe.advance(3 * DAY)
    await settled(w)
    ;[sub] = await mySubscriptions(w, fan)
    expect(sub.status).toBe('canceled')
    expect(sub.entitled).toBe(false)
    w.stripe.store.decliningCustomers.delete(customer.stripeCustomerId)
  })

  test('cancel at period end in the portal: access holds until the period ends, then goes', async () => {
    await subscribe(w, fan, tierId)
    const portal = await call(w.node, 'POST', '/v1/subscriptions/portal', {
      token: fan.tokens.accessToken,
      body: { returnUrl: 'https://app.example/account' },
    })
    expect(portal.status).toBe(200)
    const active = (await mySubscriptions(w, fan)).find((s) => s.entitled)
    const stripeId = (
      await w.node.ctx.db
        .selectFrom('subscriptions')
        .select('stripeSubscriptionId')
        .where('id', '=', active.id)
        .executeTakeFirstOrThrow()
    ).stripeSubscriptionId
    const cancelled = await submitForm(portal.body.url, { subscription: stripeId, action: 'cancel' })
    expect(cancelled.status).toBe(303)
    await eventually(
      async () => (await mySubscriptions(w, fan)).some((s) => s.id === active.id && s.cancelAtPeriodEnd),
      10_000,
    )
    expect((await mySubscriptions(w, fan)).find((s) => s.id === active.id).entitled).toBe(true)
    // Meanwhile the fan listens to the room of a stream for subscribers.
    const stream = await call(w.node, 'POST', '/v1/live/streams', {
      token: creator.tokens.accessToken,
      body: { title: 'Members live', visibility: 'public', audience: 'subscribers' },
    })
    expect(stream.status).toBe(201)
    const channel = `live:${stream.body.id}`
    const { client } = await connectAs(w.node.url, fan.tokens.accessToken)
    client.send({ op: 'subscribe', channel, ref: 1 })
    expect((await client.until((f) => f.op === 'subscribed' || f.op === 'error')).op).toBe('subscribed')
    w.stripe.advance(32 * DAY)
    await settled(w)
    const ended = (await mySubscriptions(w, fan)).find((s) => s.id === active.id)
    expect(ended).toMatchObject({ status: 'canceled', entitled: false })
    // Lapsed: the room lets them go.
    const gone = await client.until((f) => f.op === 'unsubscribed' && f.channel === channel, 10_000)
    expect(gone.reason).toBe('forbidden')
    client.ws.close()
  })

  test('an offer is a Stripe coupon applied at checkout: the discounted amount is what the ledger books', async () => {
    const other = await register(w.node)
    const offer = await call(w.node, 'POST', `/v1/creators/me/tiers/${tierId}/offers`, {
      token: creator.tokens.accessToken,
      body: { percentOff: 20, duration: 'once', maxRedemptions: 1 },
    })
    expect(offer.status).toBe(201)
    const before = await balance(creator)
    await subscribe(w, other, tierId, { offerId: offer.body.id })
    await settled(w)
    expect(await balance(creator)).toBe(before + 360) // 500 less 20%, less the 10% fee
    // Its one redemption is spent: Stripe refuses the next checkout with it.
    const spent = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token: stranger.tokens.accessToken,
      body: {
        tierId,
        interval: 'month',
        offerId: offer.body.id,
        successUrl: 'https://a.example',
        cancelUrl: 'https://a.example',
      },
    })
    expect(spent.status).toBe(422)
    expect(spent.body.code).toBe('payment_refused')
    const both = await call(w.node, 'POST', `/v1/creators/me/tiers/${tierId}/offers`, {
      token: creator.tokens.accessToken,
      body: { percentOff: 20, amountOff: 100, duration: 'once' },
    })
    expect(both.status).toBe(422)
  })

  test('a price change makes new prices and keeps the old ones for existing subscribers', async () => {
    const before = await w.node.ctx.db
      .selectFrom('membershipTiers')
      .select('monthlyPriceId')
      .where('id', '=', tierId)
      .executeTakeFirstOrThrow()
    const res = await call(w.node, 'PATCH', `/v1/creators/me/tiers/${tierId}`, {
      token: creator.tokens.accessToken,
      body: { monthlyAmount: 700 },
    })
    expect(res.status).toBe(200)
    expect(res.body.monthlyAmount).toBe(700)
    const after = await w.node.ctx.db
      .selectFrom('membershipTiers')
      .select('monthlyPriceId')
      .where('id', '=', tierId)
      .executeTakeFirstOrThrow()
    expect(after.monthlyPriceId).not.toBe(before.monthlyPriceId)
    expect(w.stripe.store.prices.get(before.monthlyPriceId)?.active).toBe(false)
  })

  test('bad input is refused with 4xx: someone else’s tier, fractional and huge amounts, bad ids', async () => {
    const token = stranger.tokens.accessToken
    const other = await call(w.node, 'PATCH', `/v1/creators/me/tiers/${tierId}`, {
      token,
      body: { name: 'mine now' },
    })
    expect(other.status).toBe(404)
    for (const monthlyAmount of [4.5, 1e12, -5, '500'])
      expect(
        (
          await call(w.node, 'POST', '/v1/creators/me/tiers', {
            token,
            body: { name: 'x', monthlyAmount, currency: 'usd' },
          })
        ).status,
      ).toBe(422)
    const notUuid = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token,
      body: {
        tierId: 'nope',
        interval: 'month',
        successUrl: 'https://a.example',
        cancelUrl: 'https://a.example',
      },
    })
    expect(notUuid.status).toBe(422)
    const ownTier = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token: creator.tokens.accessToken,
      body: { tierId, interval: 'month', successUrl: 'https://a.example', cancelUrl: 'https://a.example' },
    })
    expect(ownTier.status).toBe(409)
    const otherPost = await writePost(w.node, creator, { text: 'not yours' })
    const audience = await call(w.node, 'PUT', `/v1/posts/${otherPost}/audience`, {
      token,
      body: { audience: 'subscribers' },
    })
    expect(audience.status).toBe(404)
    // Lists page by cursor; a forged cursor is refused.
    for (const path of ['/v1/creators/me/subscribers', '/v1/subscriptions'])
      for (const cursor of ['forged', 'W10', '%00'])
        expect(
          (await call(w.node, 'GET', `${path}?cursor=${cursor}`, { token: creator.tokens.accessToken }))
            .status,
        ).toBe(422)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await call(w.node, 'GET', `/v1/creators/me/subscribers?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
          token: creator.tokens.accessToken,
        })
      expect(page.status).toBe(200)
      expect(page.body.items.length).toBeLessThanOrEqual(1)
      seen.push(...page.body.items.map((i) => i.id))
      cursor = page.body.nextCursor
    } while (cursor)
    const all = await call(w.node, 'GET', '/v1/creators/me/subscribers?limit=100', {
      token: creator.tokens.accessToken,
    })
    expect(seen).toEqual(all.body.items.map((i: { id: string }) => i.id))
    expect(seen.length).toBeGreaterThan(1)
  })

  test('an archived tier leaves the public list and Stripe, takes no checkout nor offer; its members keep it', async () => {
    const member = await register(w.node)
    const old = await createTier(w, creator, { name: 'Founders', monthlyAmount: 700, yearlyAmount: null })
    await subscribe(w, member, old.id)
    // Offers: an amount off for some months is a Stripe coupon; half-made offers are refused.
    const offers = (body: Record<string, unknown>) =>
      call(w.node, 'POST', `/v1/creators/me/tiers/${old.id}/offers`, {
        token: creator.tokens.accessToken,
        body,
      })
    const amountOff = await offers({
      amountOff: 100,
      duration: 'repeating',
      durationInMonths: 3,
      maxRedemptions: 5,
    })
    expect(amountOff.status).toBe(201)
    expect(amountOff.body).toMatchObject({
      amountOff: 100,
      percentOff: null,
      duration: 'repeating',
      durationInMonths: 3,
    })
    const coupon = [...w.stripe.store.coupons.values()].at(-1)
    expect(coupon).toMatchObject({
      amount_off: 100,
      currency: 'usd',
      duration_in_months: 3,
      max_redemptions: 5,
    })
    for (const body of [
      { amountOff: 100, percentOff: 10, duration: 'once' },
      { duration: 'once' },
      { percentOff: 10, duration: 'repeating' },
      { percentOff: 101, duration: 'once' },
      { amountOff: 1.5, duration: 'once' },
    ])
      expect((await offers(body)).status).toBe(422)
    const archived = await call(w.node, 'POST', `/v1/creators/me/tiers/${old.id}/archive`, {
      token: creator.tokens.accessToken,
    })
    expect(archived.status).toBe(200)
    expect(archived.body.archived).toBe(true)
    const product = w.stripe.store.products.get(
      (
        await w.node.ctx.db
          .selectFrom('membershipTiers')
          .select('stripeProductId')
          .where('id', '=', old.id)
          .executeTakeFirstOrThrow()
      ).stripeProductId,
    )
    expect(product?.active).toBe(false)
    const listed = await call(w.node, 'GET', `/v1/creators/${creator.id}/tiers`)
    expect(listed.body.items.map((t: { id: string }) => t.id)).not.toContain(old.id)
    const mine = await call(w.node, 'GET', '/v1/creators/me/tiers', { token: creator.tokens.accessToken })
    expect(mine.body.items.find((t: { id: string }) => t.id === old.id)).toMatchObject({ archived: true })
    const checkout = await call(w.node, 'POST', '/v1/subscriptions/checkout', {
      token: stranger.tokens.accessToken,
      body: {
        tierId: old.id,
        interval: 'month',
        successUrl: 'https://a.example',
        cancelUrl: 'https://a.example',
      },
    })
    expect(checkout.status).toBe(409)
    expect(checkout.body.code).toBe('tier_archived')
    const offer = await call(w.node, 'POST', `/v1/creators/me/tiers/${old.id}/offers`, {
      token: creator.tokens.accessToken,
      body: { percentOff: 10, duration: 'once' },
    })
    expect(offer.status).toBe(409)
    expect((await mySubscriptions(w, member)).find((s) => s.tier.id === old.id)?.entitled).toBe(true)
  })

  test('the ledger invariant holds after all of it', async () => {
    await settled(w)
    const report = await checkLedger(w.node.ctx.db)
    expect(report.problems).toEqual([])
    expect(report.transactions).toBeGreaterThan(2)
  })
})

describe('PAYMENTS_CREATOR_MIN_FOLLOWERS', () => {
  test('an account offers memberships once it has enough followers, and becomes a creator with its first tier', async () => {
    const world = await startPaymentsWorld('payments-min-followers', { PAYMENTS_CREATOR_MIN_FOLLOWERS: '1' })
    try {
      const [maker, follower] = await Promise.all([register(world.node), register(world.node)])
      const body = { name: 'Gold', monthlyAmount: 500, currency: 'usd' }
      const early = await call(world.node, 'POST', '/v1/creators/me/tiers', {
        token: maker.tokens.accessToken,
        body,
      })
      expect(early.status).toBe(403)
      expect(early.body.code).toBe('creator_requirements_unmet')
      const followed = await call(world.node, 'POST', `/v1/users/${maker.username}/follow`, {
        token: follower.tokens.accessToken,
      })
      expect(followed.status).toBeLessThan(300)
      const made = await call(world.node, 'POST', '/v1/creators/me/tiers', {
        token: maker.tokens.accessToken,
        body,
      })
      expect(made.status).toBe(201)
      const role = await world.node.ctx.db
        .selectFrom('users')
        .select('role')
        .where('id', '=', maker.id)
        .executeTakeFirstOrThrow()
      expect(role.role).toBe('creator')
    } finally {
      await world.stop()
    }
  }, 60_000)
})
