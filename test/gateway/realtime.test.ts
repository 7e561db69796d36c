import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createConnection, type Socket } from 'node:net'
import { type Account, call, promote, register } from '../support/accounts.ts'
import {
  GATEWAY_RUNTIMES,
  GATEWAY_START_TIMEOUT_MS,
  type GatewayUnderTest,
  gatewayFor,
  nodeRoles,
} from '../support/gateway-runtimes.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'
import { connectAs, connectWs } from '../support/ws.ts'

const token = (a: Account) => a.tokens.accessToken

/** The protocol against each gateway runtime (GATEWAY_RUNTIME): Bun's server, and uWebSockets.js on Node. */
describe.each(GATEWAY_RUNTIMES)('on %s', (runtime) => {
  let node: TestNode
  let gateway: GatewayUnderTest
  beforeAll(async () => {
    const env = {
      TRUST_PROXY: 'true',
      GATEWAY_AUTH_TIMEOUT_MS: '300',
      GATEWAY_MESSAGES_PER_SECOND: '5',
      GATEWAY_MAX_CONNECTIONS_PER_USER: '2',
      // Long enough that a test on a busy machine is not closed as idle (4005) in the middle.
      GATEWAY_IDLE_TIMEOUT_MS: '3000',
    }
    node = await startSocialNode(`realtime_${runtime.replace('-', '_')}`, {
      ...env,
      ROLES: nodeRoles(runtime),
    })
    gateway = await gatewayFor(node, runtime, env)
  }, GATEWAY_START_TIMEOUT_MS)
  afterAll(async () => {
    await gateway?.stop()
    await node?.stop()
  })

  describe('gateway authentication', () => {
    test('the first frame authenticates: ready names the user and its own channel', async () => {
      const a = await register(node)
      const { client, ready } = await connectAs(gateway.url, token(a))
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
      const slow = await connectWs(gateway.url)
      await slow.next()
      slow.send({ op: 'subscribe', channel: 'post:x', ref: 1 })
      expect(await slow.next()).toMatchObject({ op: 'error', code: 'auth_required', ref: 1 })
      expect((await slow.closed).code).toBe(4006)

      const bad = await connectWs(gateway.url)
      await bad.next()
      bad.send({ op: 'auth', token: 'not.a.token' })
      expect(await bad.next()).toMatchObject({ op: 'error', code: 'token_invalid' })
      expect((await bad.closed).code).toBe(4001)
    })

    test('a refreshed token is taken in-band; signing the session out closes the connection with 4008', async () => {
      const a = await register(node)
      const { client } = await connectAs(gateway.url, token(a))
      const refreshed = await call(node, 'POST', '/v1/auth/refresh', {
        body: { refreshToken: a.tokens.refreshToken },
      })
      expect(refreshed.status).toBe(200)
      client.send({ op: 'auth', token: refreshed.body.accessToken, ref: 'r1' })
      expect(await client.next()).toMatchObject({ op: 'reauthenticated', ref: 'r1' })
      // Another account's token cannot take the connection over.
      const other = await register(node)
      const second = await connectAs(gateway.url, refreshed.body.accessToken)
      second.client.send({ op: 'auth', token: token(other) })
      expect(await second.client.next()).toMatchObject({ op: 'error', code: 'token_invalid' })
      expect((await second.client.closed).code).toBe(4001)

      const started = Date.now()
      expect(
        (await call(node, 'POST', '/v1/auth/logout', { token: refreshed.body.accessToken })).status,
      ).toBe(204)
      expect((await client.closed).code).toBe(4008)
      expect(Date.now() - started).toBeLessThan(3000)
    })

    test('a user may hold a limited number of connections on a node (4010 past it)', async () => {
      const a = await register(node)
      const one = await connectAs(gateway.url, token(a))
      const two = await connectAs(gateway.url, token(a))
      const three = await connectWs(gateway.url)
      await three.next()
      three.send({ op: 'auth', token: token(a) })
      expect(await three.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
      expect((await three.closed).code).toBe(4010)
      await Promise.all([one.client.close(), two.client.close()])
    })

    test('signing a session out closes all of its connections; the per-user count drops with them', async () => {
      const a = await register(node)
      const first = [await connectAs(gateway.url, token(a)), await connectAs(gateway.url, token(a))]
      const login = await call(node, 'POST', '/v1/auth/login', {
        body: { login: a.username, password: a.password },
      })
      expect(login.status).toBe(200)
      // The cap (2) is full: a connection of the second session is refused until one closes.
      const refused = await connectWs(gateway.url)
      await refused.next()
      refused.send({ op: 'auth', token: login.body.accessToken })
      expect(await refused.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
      expect((await refused.closed).code).toBe(4010)

      expect((await call(node, 'POST', '/v1/auth/logout', { token: token(a) })).status).toBe(204)
      expect((await first[0]!.client.closed).code).toBe(4008)
      expect((await first[1]!.client.closed).code).toBe(4008)
      // Both left the user's count: two of the second session fit, a third does not.
      const second = [
        await connectAs(gateway.url, login.body.accessToken),
        await connectAs(gateway.url, login.body.accessToken),
      ]
      second[0]!.client.send({ op: 'ping', nonce: 7 })
      expect(await second[0]!.client.next()).toMatchObject({ op: 'pong', nonce: 7 })
      const third = await connectWs(gateway.url)
      await third.next()
      third.send({ op: 'auth', token: login.body.accessToken })
      expect(await third.next()).toMatchObject({ op: 'error', code: 'too_many_connections' })
      await Promise.all(second.map((s) => s.client.close()))
    })

    test('a client sending faster than allowed is closed with 4003', async () => {
      const a = await register(node)
      const { client } = await connectAs(gateway.url, token(a))
      for (let i = 0; i < 30; i++) client.send({ op: 'ping', nonce: i })
      expect((await client.closed).code).toBe(4003)
    })

    test('suspending an account closes its connections with 4009', async () => {
      const [a, admin] = [await register(node), await promote(node, await register(node), 'admin')]
      const { client } = await connectAs(gateway.url, token(a))
      const until = new Date(Date.now() + 3_600_000).toISOString()
      const res = await call(node, 'PATCH', `/v1/admin/users/${a.id}`, {
        token: token(admin),
        body: { suspend: { reason: 'spam', until } },
      })
      expect(res.status).toBe(200)
      const closed = await client.closed
      expect(closed.code).toBe(4009)
      expect(closed.reason).toBe('account suspended or banned')
    })

    test('a frame over GATEWAY_MAX_PAYLOAD_BYTES closes the connection with 1009', async () => {
      const a = await register(node)
      const { client } = await connectAs(gateway.url, token(a))
      client.send({ op: 'ping', nonce: 'x'.repeat(70_000) })
      expect((await client.closed).code).toBe(1009)
    })

    test('a client that keeps pinging but stops reading its room is closed as a slow consumer with 4004', async () => {
      const [a, b] = [await register(node), await register(node)]
      const id = (
        await call(node, 'POST', '/v1/conversations', { token: token(a), body: { members: [b.username] } })
      ).body.id as string
      const raw = await rawClient(gateway.url)
      raw.send({ op: 'auth', token: token(b) })
      raw.send({ op: 'subscribe', channel: `dm:${id}`, ref: 1 })
      await raw.until((f) => f.ref === 1)
      raw.socket.pause() // reads nothing more: the server's send buffer fills
      // It still pings (writing is not reading): never idle (4005), however long publishing takes.
      const pinging = setInterval(() => raw.send({ op: 'ping' }), 500)
      try {
        const closed = () => closesWith(gateway.url, 4004)
        const before = await closed()
        // The room's frames, 600 KB a batch, until the gateway has closed the client (counted in
        // /metrics when it decides): past the kernel's buffers, the send buffer's limit is 1 MB.
        const text = 'y'.repeat(60_000)
        let seq = 0
        const deadline = Date.now() + 25_000
        while ((await closed()) === before) {
          if (Date.now() > deadline) throw new Error(`not closed as a slow consumer after ${seq} frames`)
          await node.ctx.rooms.publishAll(
            Array.from({ length: 10 }, () => {
              seq++
              return { channel: `dm:${id}`, seq, type: 'message', data: { text }, messageId: `${id}:${seq}` }
            }),
          )
        }
        // Reading again at once (the server gives a close it cannot deliver up after a while):
        // what was buffered, then the close frame.
        raw.socket.resume()
        expect(await raw.closeCode).toBe(4004)
      } finally {
        clearInterval(pinging)
      }
    }, 60_000)

    test('a connection that sends nothing, not even a ping, is closed with 4005', async () => {
      const a = await register(node)
      const { client } = await connectAs(gateway.url, token(a))
      const started = Date.now()
      expect((await client.closed).code).toBe(4005)
      expect(Date.now() - started).toBeGreaterThan(2500)
    })

    test('MessagePack frames when asked for at connect', async () => {
      const a = await register(node)
      const { client, ready } = await connectAs(gateway.url, token(a), { encoding: 'msgpack' })
      expect(ready.userId).toBe(a.id)
      client.send({ op: 'ping', nonce: 7 })
      expect(await client.next()).toEqual({ op: 'pong', nonce: 7 })
      await client.close()
    })
  })

  describe('channels', () => {
    test("one's own user channel only; a post's channel for those who may see the post", async () => {
      const [a, b] = await Promise.all([register(node), register(node)])
      const { client } = await connectAs(gateway.url, token(a))
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
      const failed = () => gateway.logs().filter((l) => l.msg === 'gateway frame failed').length
      const failedBefore = failed()
      // Before auth too: the op is unknown, not "send auth first".
      const early = await connectWs(gateway.url)
      await early.next()
      early.send({ op: '__proto__', ref: 'early' })
      expect(await early.next()).toEqual({
        op: 'error',
        code: 'unknown_op',
        detail: 'op "__proto__" is not part of protocol v1',
        ref: 'early',
      })
      await early.close()

      const { client } = await connectAs(gateway.url, token(a))
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
      const json = await connectAs(gateway.url, token(a))
      const packed = await connectAs(gateway.url, token(a), { encoding: 'msgpack' })
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
})

/** Connections the gateway at `baseUrl` closed with `code`, from its /metrics. */
async function closesWith(baseUrl: string, code: number): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  const line = text
    .split('\n')
    .find((l) => l.startsWith('sf_gateway_closes_total{') && l.includes(`code="${code}"`))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

/**
 * A WebSocket client on a bare TCP socket (RFC 6455 by hand), so that a test can stop reading
 * (`socket.pause()`) as a slow client would, then read what came, the close frame included.
 */
async function rawClient(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl)
  const socket: Socket = createConnection({ host: hostname, port: Number(port) })
  await new Promise((resolve) => socket.once('connect', resolve))
  socket.write(
    `GET /v1/gateway HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${btoa('0123456789abcdef')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  )
  let buffer = Buffer.alloc(0)
  let upgraded = false
  // Frames only after the server's 101, as RFC 6455 asks of clients (uWebSockets.js drops those
  // that arrive with the handshake).
  let resolveUpgraded: () => void = () => {}
  const upgradedNow = new Promise<void>((resolve) => {
    resolveUpgraded = resolve
  })
  const frames: Record<string, unknown>[] = []
  let resolveClose: (code: number) => void = () => {}
  const closeCode = new Promise<number>((resolve) => {
    resolveClose = resolve
  })
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n')
      if (end < 0) return
      upgraded = true
      resolveUpgraded()
      buffer = buffer.subarray(end + 4)
    }
    for (;;) {
      if (buffer.length < 2) return
      const opcode = buffer[0]! & 0x0f
      let length = buffer[1]! & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffer.length < 4) return
        length = buffer.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffer.length < 10) return
        length = Number(buffer.readBigUInt64BE(2))
        offset = 10
      }
      if (buffer.length < offset + length) return
      const payload = buffer.subarray(offset, offset + length)
      buffer = buffer.subarray(offset + length)
      if (opcode === 0x1) frames.push(JSON.parse(payload.toString()))
      else if (opcode === 0x8) resolveClose(payload.readUInt16BE(0))
    }
  })
  socket.on('close', () => resolveClose(-1))
  // A reset shows as a close without a close frame (-1), not as an unhandled error.
  socket.on('error', () => {})
  const send = (frame: Record<string, unknown>) => {
    if (socket.destroyed || !socket.writable) return
    const payload = Buffer.from(JSON.stringify(frame))
    const mask = Buffer.from([1, 2, 3, 4])
    const header =
      payload.length < 126
        ? Buffer.from([0x81, 0x80 | payload.length])
        : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))
    socket.write(Buffer.concat([header, mask, masked]))
  }
  const until = async (match: (f: Record<string, unknown>) => boolean, ms = 5000) => {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      const found = frames.find(match)
      if (found) return found
      await Bun.sleep(10)
    }
    throw new Error(`no such frame within ${ms} ms`)
  }
  await upgradedNow
  return { socket, send, until, closeCode }
}
