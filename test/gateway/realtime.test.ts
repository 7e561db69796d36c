import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { connectAs, connectWs } from '../support/ws.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('realtime', {
    GATEWAY_AUTH_TIMEOUT_MS: '300',
    GATEWAY_MESSAGES_PER_SECOND: '5',
    GATEWAY_MAX_CONNECTIONS_PER_USER: '2',
    GATEWAY_IDLE_TIMEOUT_MS: '1500',
  })
})
afterAll(async () => {
  await node.stop()
})

const token = (a: Account) => a.tokens.accessToken

describe('gateway authentication', () => {
  test('the first frame authenticates: ready names the user and its own channel', async () => {
    const a = await register(node)
    const { client, ready } = await connectAs(node.url, token(a))
    expect(ready).toMatchObject({
      op: 'ready',
      userId: a.id,
      sessionId: a.tokens.sessionId,
      channels: [`user:${a.id}`],
    })
    expect(Date.parse(ready.expiresAt as string)).toBeGreaterThan(Date.now())
    await client.close()
  })

  test('no auth in time closes with 4006; a bad token with 4001; channels need auth first', async () => {
    const slow = await connectWs(node.url)
    await slow.next()
    slow.send({ op: 'subscribe', channel: 'post:x', ref: 1 })
    expect(await slow.next()).toMatchObject({ op: 'error', code: 'auth_required', ref: 1 })
    expect((await slow.closed).code).toBe(4006)

    const bad = await connectWs(node.url)
    await bad.next()
    bad.send({ op: 'auth', token: 'not.a.token' })
    expect(await bad.next()).toMatchObject({ op: 'error', code: 'token_invalid' })
    expect((await bad.closed).code).toBe(4001)
  })

  test('a refreshed token is taken in-band; signing the session out closes the connection with 4008', async () => {
    const a = await register(node)
    const { client } = await connectAs(node.url, token(a))
    const refreshed = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: a.tokens.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    client.send({ op: 'auth', token: refreshed.body.accessToken, ref: 'r1' })
    expect(await client.next()).toMatchObject({ op: 'reauthenticated', ref: 'r1' })
    // Another account's token cannot take the connection over.
    const other = await register(node)
    const second = await connectAs(node.url, refreshed.body.accessToken)
    second.client.send({ op: 'auth', token: token(other) })
    expect(await second.client.next()).toMatchObject({ op: 'error', code: 'token_invalid' })
    expect((await second.client.closed).code).toBe(4001)

    const started = Date.now()
    expect((await call(node, 'POST', '/v1/auth/logout', { token: refreshed.body.accessToken })).status).toBe(
      204,
    )
    expect((await client.closed).code).toBe(4008)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  test('a user may hold a limited number of connections on a node (4010 past it)', async () => {
    const a = await register(node)
    const one = await connectAs(node.url, token(a))
    const two = await connectAs(node.url, token(a))
    const three = await connectWs(node.url)
    await three.next()
    three.send({ op: 'auth', token: token(a) })
    expect(await three.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
    expect((await three.closed).code).toBe(4010)
    await Promise.all([one.client.close(), two.client.close()])
  })

  test('signing a session out closes all of its connections; the per-user count drops with them', async () => {
    const a = await register(node)
    const first = [await connectAs(node.url, token(a)), await connectAs(node.url, token(a))]
    const login = await call(node, 'POST', '/v1/auth/login', {
      body: { login: a.username, password: a.password },
    })
    expect(login.status).toBe(200)
    // The cap (2) is full: a connection of the second session is refused until one closes.
    const refused = await connectWs(node.url)
    await refused.next()
    refused.send({ op: 'auth', token: login.body.accessToken })
    expect(await refused.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
    expect((await refused.closed).code).toBe(4010)

    expect((await call(node, 'POST', '/v1/auth/logout', { token: token(a) })).status).toBe(204)
    expect((await first[0]!.client.closed).code).toBe(4008)
    expect((await first[1]!.client.closed).code).toBe(4008)
    // Both left the user's count: two of the second session fit, a third does not.
    const second = [
      await connectAs(node.url, login.body.accessToken),
      await connectAs(node.url, login.body.accessToken),
    ]
    second[0]!.client.send({ op: 'ping', nonce: 7 })
    expect(await second[0]!.client.next()).toMatchObject({ op: 'pong', nonce: 7 })
    const third = await connectWs(node.url)
    await third.next()
    third.send({ op: 'auth', token: login.body.accessToken })
    expect(await third.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
    await Promise.all(second.map((s) => s.client.close()))
  })

  test('a client sending faster than allowed is closed with 4003', async () => {
    const a = await register(node)
    const { client } = await connectAs(node.url, token(a))
    for (let i = 0; i < 30; i++) client.send({ op: 'ping', nonce: i })
    expect((await client.closed).code).toBe(4003)
  })

  test('a connection that sends nothing, not even a ping, is closed with 4005', async () => {
    const a = await register(node)
    const { client } = await connectAs(node.url, token(a))
    const started = Date.now()
    expect((await client.closed).code).toBe(4005)
    expect(Date.now() - started).toBeGreaterThan(1000)
  })

  test('MessagePack frames when asked for at connect', async () => {
    const a = await register(node)
    const { client, ready } = await connectAs(node.url, token(a), { encoding: 'msgpack' })
    expect(ready.userId).toBe(a.id)
    client.send({ op: 'ping', nonce: 7 })
    expect(await client.next()).toEqual({ op: 'pong', nonce: 7 })
    await client.close()
  })
})

describe('channels', () => {
  test("one's own user channel only; a post's channel for those who may see the post", async () => {
    const [a, b] = await Promise.all([register(node), register(node)])
    const { client } = await connectAs(node.url, token(a))
    client.send({ op: 'subscribe', channel: `user:${b.id}`, ref: 1 })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'forbidden', ref: 1 })
    client.send({ op: 'subscribe', channel: 'galaxy:1', ref: 2 })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'unknown_channel', ref: 2 })
    client.send({ op: 'subscribe', channel: 'no channel', ref: 3 })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'invalid_channel', ref: 3 })

    const open = await writePost(node, b, { text: 'public' })
    const hidden = await writePost(node, b, { text: 'followers only', visibility: 'followers' })
    client.send({ op: 'subscribe', channel: `post:${hidden}`, ref: 4 })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'forbidden', ref: 4 })
    client.send({ op: 'subscribe', channel: `post:${open}`, ref: 5 })
    expect(await client.next()).toEqual({ op: 'subscribed', channel: `post:${open}`, ref: 5 })

    // Live counters: every like reaches the subscribers, with the counts after it.
    await call(node, 'POST', `/v1/posts/${open}/like`, { token: token(a) })
    const counts = await client.until((f) => f.op === 'event' && f.type === 'post.counts')
    expect(counts).toMatchObject({ channel: `post:${open}`, data: { postId: open, counts: { likes: 1 } } })
    client.send({ op: 'unsubscribe', channel: `post:${open}`, ref: 6 })
    expect(await client.next()).toMatchObject({ op: 'unsubscribed', ref: 6 })
    await call(node, 'DELETE', `/v1/posts/${open}/like`, { token: token(a) })
    client.send({ op: 'ping', nonce: 'after' })
    // Nothing about the unlike arrives after unsubscribing: the next frame is the pong.
    expect(await client.next()).toEqual({ op: 'pong', nonce: 'after' })
    await client.close()
  })

  test("ops and channel kinds named like an object's prototype are unknown, and the connection goes on", async () => {
    const a = await register(node)
    const failed = () => node.logs.filter((l) => l.msg === 'gateway frame failed').length
    const failedBefore = failed()
    // Before auth too: the op is unknown, not "send auth first".
    const early = await connectWs(node.url)
    await early.next()
    early.send({ op: '__proto__', ref: 'early' })
    expect(await early.next()).toEqual({
      op: 'error',
      code: 'unknown_op',
      detail: 'op "__proto__" is not part of protocol v1',
      ref: 'early',
    })
    await early.close()

    const { client } = await connectAs(node.url, token(a))
    for (const op of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      client.send({ op, ref: op })
      expect(await client.next()).toEqual({
        op: 'error',
        code: 'unknown_op',
        detail: `op "${op}" is not part of protocol v1`,
        ref: op,
      })
    }
    client.send({ op: 'subscribe', channel: 'constructor:1', ref: 'c' })
    expect(await client.next()).toMatchObject({
      op: 'error',
      code: 'unknown_channel',
      channel: 'constructor:1',
      ref: 'c',
    })
    client.send({ op: 'subscribe', channel: '__proto__:x', ref: 'p' })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'invalid_channel', ref: 'p' })
    client.send({ op: 'ping', nonce: 'still here' })
    expect(await client.next()).toEqual({ op: 'pong', nonce: 'still here' })
    await client.close()
    expect(failed()).toBe(failedBefore)
  })

  test('a notification reaches every connection of its recipient, JSON and MessagePack alike', async () => {
    const [a, b] = await Promise.all([register(node), register(node)])
    const json = await connectAs(node.url, token(a))
    const packed = await connectAs(node.url, token(a), { encoding: 'msgpack' })
    expect(
      (await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: token(b) })).status,
    ).toBeLessThan(300)
    for (const { client } of [json, packed]) {
      const frame = await client.until((f) => f.op === 'event' && f.type === 'notification')
      expect(frame).toMatchObject({
        channel: `user:${a.id}`,
        data: { type: 'follow', read: false, actor: { id: b.id, username: b.username }, post: null },
      })
    }
    await Promise.all([json.client.close(), packed.client.close()])
  })
})
