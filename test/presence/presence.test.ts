import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { actorSubject } from '../../actors/runtime/protocol.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { connectAs } from '../support/ws.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('presence')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const presenceOf = async (viewer: Account, target: Account) =>
  call(node, 'GET', `/v1/users/${target.username}/presence`, { token: as(viewer) })
const mutual = async (a: Account, b: Account) => {
  await call(node, 'POST', `/v1/users/${b.username}/follow`, { token: as(a) })
  await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(b) })
}

describe('presence', () => {
  test('online over all connections, idle when all are idle, offline with last seen when the last closes', async () => {
    const [a, friend] = (await Promise.all([register(node), register(node)])) as [Account, Account]
    await mutual(a, friend)
    expect((await presenceOf(friend, a)).body).toEqual({ userId: a.id, status: 'offline', lastSeenAt: null })

    const watcher = await connectAs(node.url, as(friend))
    watcher.client.send({ op: 'subscribe', channel: `presence:${a.id}`, ref: 1 })
    expect(await watcher.client.until((f) => f.ref === 1)).toMatchObject({ op: 'subscribed' })

    const phone = await connectAs(node.url, as(a))
    const laptop = await connectAs(node.url, as(a))
    const online = await watcher.client.until((f) => f.type === 'presence')
    expect(online).toMatchObject({ channel: `presence:${a.id}`, data: { userId: a.id, status: 'online' } })
    expect((await presenceOf(friend, a)).body.status).toBe('online')

    phone.client.send({ op: 'presence', status: 'idle' })
    laptop.client.send({ op: 'presence', status: 'idle' })
    expect(await watcher.client.until((f) => f.type === 'presence')).toMatchObject({
      data: { status: 'idle' },
    })
    laptop.client.send({ op: 'presence', status: 'active' })
    expect(await watcher.client.until((f) => f.type === 'presence')).toMatchObject({
      data: { status: 'online' },
    })

    await phone.client.close()
    await laptop.client.close()
    const offline = await watcher.client.until((f) => f.type === 'presence')
    expect(offline).toMatchObject({ data: { status: 'offline' } })
    expect(Date.parse((offline.data as { lastSeenAt: string }).lastSeenAt)).toBeGreaterThan(
      Date.now() - 10_000,
    )
    await eventually(async () => (await presenceOf(friend, a)).body.status === 'offline', 3000)
    await watcher.client.close()
  })

  test('shown to mutual followers by default, to everyone or nobody as the account says', async () => {
    const [a, fan, stranger] = (await Promise.all([register(node), register(node), register(node)])) as [
      Account,
      Account,
      Account,
    ]
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(fan) })
    expect((await presenceOf(fan, a)).status).toBe(403)
    expect((await presenceOf(stranger, a)).status).toBe(403)
    expect((await presenceOf(a, a)).status).toBe(200)
    const s = await connectAs(node.url, as(stranger))
    s.client.send({ op: 'subscribe', channel: `presence:${a.id}`, ref: 'p' })
    expect(await s.client.next()).toMatchObject({ op: 'error', code: 'forbidden', ref: 'p' })
    await call(node, 'PATCH', '/v1/me', { token: as(a), body: { presenceVisibility: 'everyone' } })
    expect((await presenceOf(stranger, a)).status).toBe(200)
    await call(node, 'POST', `/v1/users/${fan.username}/follow`, { token: as(a) })
    await call(node, 'PATCH', '/v1/me', { token: as(a), body: { presenceVisibility: 'nobody' } })
    expect((await presenceOf(fan, a)).status).toBe(403)
    const me = await call(node, 'GET', `/v1/users/${a.username}`, { token: as(a) })
    expect(me.body.settings.presenceVisibility).toBe('nobody')
    await s.client.close()
  })

  test("a storm of one user's connections reaches the user's actor in a few batches, none lost", async () => {
    const [a, friend] = (await Promise.all([register(node), register(node)])) as [Account, Account]
    await mutual(a, friend)
    // Every message to a's actor, as it crosses NATS (a plain subscriber sees requests too).
    const seen: { changes: { change: string }[] }[] = []
    const sub = node.ctx.bus.nc.subscribe(actorSubject(node.ctx.bus, { kind: 'user', id: a.id }), {
      callback: (_, msg) => {
        const { message } = msg.json() as { message: { type: string; changes: { change: string }[] } }
        if (message.type === 'connections') seen.push(message)
      },
    })
    await node.ctx.bus.nc.flush()
    const storm = await Promise.all(Array.from({ length: 12 }, () => connectAs(node.url, as(a))))
    await eventually(async () => seen.flatMap((m) => m.changes).length === 12, 5000)
    expect(seen.length).toBeLessThan(12)
    expect(seen.flatMap((m) => m.changes).every((c) => c.change === 'connected')).toBe(true)
    expect((await presenceOf(friend, a)).body.status).toBe('online')
    // Half go away and the rest go idle, in whatever batches: the actor ends with 6 idle connections.
    await Promise.all(storm.slice(0, 6).map((s) => s.client.close()))
    for (const s of storm.slice(6)) s.client.send({ op: 'presence', status: 'idle' })
    await eventually(async () => (await presenceOf(friend, a)).body.status === 'idle', 5000)
    await Promise.all(storm.slice(6).map((s) => s.client.close()))
    await eventually(async () => (await presenceOf(friend, a)).body.status === 'offline', 5000)
    expect(seen.flatMap((m) => m.changes).length).toBe(12 + 6 + 6 + 6)
    sub.unsubscribe()
  })

  test("the UserActor keeps the unread-notification count and pushes it to the user's connections", async () => {
    const [a, b] = (await Promise.all([register(node), register(node)])) as [Account, Account]
    const { client } = await connectAs(node.url, as(a))
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(b) })
    const unread = await client.until((f) => f.type === 'unread', 10_000)
    expect(unread).toMatchObject({ channel: `user:${a.id}`, data: { notifications: 1 } })
    await call(node, 'POST', '/v1/notifications/read', { token: as(a), body: { all: true } })
    expect(await client.until((f) => f.type === 'unread')).toMatchObject({ data: { notifications: 0 } })
    await client.close()
  })

  test('the counter woken by a notification counts it once, a resent one not again, and follows an unlike', async () => {
    const [a, b, c, d] = (await Promise.all([
      register(node),
      register(node),
      register(node),
      register(node),
    ])) as [Account, Account, Account, Account]
    const restCount = async () =>
      (await call(node, 'GET', '/v1/notifications/unread-count', { token: as(a) })).body.count as number
    // `a` has never connected: the first notification's message wakes its actor.
    const post = await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: 'count me' } })
    for (const liker of [b, c])
      await call(node, 'POST', `/v1/posts/${post.body.id}/like`, { token: as(liker) })
    await eventually(async () => (await restCount()) === 2, 5000)
    const actor = { kind: 'user', id: a.id }
    await eventually(
      async () => ((await node.ctx.actors.ask(actor, { type: 'presence' })) as object) !== undefined,
      5000,
    )
    const { client } = await connectAs(node.url, as(a))
    await call(node, 'POST', `/v1/posts/${post.body.id}/like`, { token: as(d) })
    // The counter as it was may reach the new connection first (2); the like's count follows, and
    // must be 3, not more.
    const counted = (f: { type?: string; data?: unknown }) =>
      f.type === 'unread' && ((f.data as { notifications: number }).notifications ?? 0) >= 3
    expect(await client.until(counted, 10_000)).toMatchObject({ data: { notifications: 3 } })
    expect(await restCount()).toBe(3)
    // A message sent again (its answer was lost) is not counted twice.
    const [newest] = (await call(node, 'GET', '/v1/notifications', { token: as(a) })).body.items
    const again = await node.ctx.actors.ask(actor, { type: 'notification.created', id: newest.id })
    expect(again).toEqual({ notifications: 3 })
    // An unlike takes its notification back, and the live counter with it.
    await call(node, 'DELETE', `/v1/posts/${post.body.id}/like`, { token: as(d) })
    expect(await client.until((f) => f.type === 'unread', 10_000)).toMatchObject({
      data: { notifications: 2 },
    })
    expect(await restCount()).toBe(2)
    await client.close()
  })
})

describe('losing permission', () => {
  test('a block, a narrower presence setting or an unfollow drops the live subscriptions it no longer allows', async () => {
    const [a, b, c, d] = (await Promise.all([
      register(node),
      register(node),
      register(node),
      register(node),
    ])) as [Account, Account, Account, Account]
    await mutual(a, b)
    await mutual(a, c)
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(d) })
    const post = await call(node, 'POST', '/v1/posts', {
      token: as(a),
      body: { text: 'for followers', visibility: 'followers' },
    })
    const watch = async (who: Account, channel: string) => {
      const { client } = await connectAs(node.url, as(who))
      client.send({ op: 'subscribe', channel, ref: 1 })
      expect(await client.until((f) => f.ref === 1)).toMatchObject({ op: 'subscribed', channel })
      return client
    }
    const bWatch = await watch(b, `presence:${a.id}`)
    const cWatch = await watch(c, `presence:${a.id}`)
    const dWatch = await watch(d, `post:${post.body.id}`)

    await call(node, 'POST', `/v1/users/${b.username}/block`, { token: as(a) })
    expect(await bWatch.until((f) => f.op === 'unsubscribed', 5000)).toEqual({
      op: 'unsubscribed',
      channel: `presence:${a.id}`,
      reason: 'forbidden',
    })
    await call(node, 'PATCH', '/v1/me', { token: as(a), body: { presenceVisibility: 'nobody' } })
    expect(await cWatch.until((f) => f.op === 'unsubscribed', 5000)).toMatchObject({
      channel: `presence:${a.id}`,
    })
    await call(node, 'DELETE', `/v1/users/${a.username}/follow`, { token: as(d) })
    expect(await dWatch.until((f) => f.op === 'unsubscribed', 5000)).toMatchObject({
      channel: `post:${post.body.id}`,
      reason: 'forbidden',
    })
    // A goes online: the dropped watchers hear nothing of it.
    const online = await connectAs(node.url, as(a))
    await expect(bWatch.until((f) => f.type === 'presence', 1000)).rejects.toThrow()
    await expect(cWatch.until((f) => f.type === 'presence', 500)).rejects.toThrow()
    for (const client of [bWatch, cWatch, dWatch, online.client]) await client.close()
  })
})
