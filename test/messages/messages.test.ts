import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { connectAs, type Frame } from '../support/ws.ts'

let node: TestNode
beforeAll(async () => {
  // A small pool: many messages at once must not exhaust it (each holds one connection while it publishes).
  node = await startSocialNode('messages', { DATABASE_POOL_MAX: '4' })
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const accounts = (n: number) => Promise.all(Array.from({ length: n }, () => register(node)))
const open = (a: Account, members: string[], title?: string) =>
  call(node, 'POST', '/v1/conversations', { token: as(a), body: { members, title } })
const send = (a: Account, id: string, text: string, clientId: string = crypto.randomUUID()) =>
  call(node, 'POST', `/v1/conversations/${id}/messages`, { token: as(a), body: { text, clientId } })

describe('conversations', () => {
  test('one conversation per pair, from either side; groups; who cannot be messaged', async () => {
    const [a, b, c, d] = (await accounts(4)) as [Account, Account, Account, Account]
    const first = await open(a, [b.username])
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ kind: 'direct', lastSeq: 0, unreadCount: 0, lastMessage: null })
    expect(first.body.members.map((m: { id: string }) => m.id).sort()).toEqual([a.id, b.id].sort())
    const again = await open(b, [a.username])
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const group = await open(a, [b.username, c.username], 'plans')
    expect(group.status).toBe(201)
    expect(group.body).toMatchObject({ kind: 'group', title: 'plans' })
    expect(group.body.members).toHaveLength(3)

    expect((await open(a, ['nobody_here_at_all'])).status).toBe(404)
    await call(node, 'POST', `/v1/users/${a.username}/block`, { token: as(d) })
    expect((await open(a, [d.username])).status).toBe(404)
    await call(node, 'PATCH', '/v1/me', { token: as(c), body: { messagePolicy: 'following' } })
    expect((await open(d, [c.username])).body.code).toBe('messaging_not_allowed')
    await call(node, 'POST', `/v1/users/${d.username}/follow`, { token: as(c) })
    expect((await open(d, [c.username])).status).toBe(201)
  })

  test('messages: stored once per client id, paged newest first, edited and deleted by their sender', async () => {
    const [a, b, stranger] = (await accounts(3)) as [Account, Account, Account]
    const id = (await open(a, [b.username])).body.id
    const one = await send(a, id, 'hello', 'c-1')
    expect(one.status).toBe(201)
    expect(one.body).toMatchObject({ seq: 1, text: 'hello', clientId: 'c-1', sender: { id: a.id } })
    const repeat = await send(a, id, 'hello', 'c-1')
    expect(repeat.status).toBe(200)
    expect(repeat.body.id).toBe(one.body.id)
    for (let i = 2; i <= 5; i++) expect((await send(i % 2 ? a : b, id, `m${i}`)).status).toBe(201)
    const page1 = await call(node, 'GET', `/v1/conversations/${id}/messages?limit=3`, { token: as(b) })
    expect(page1.body.items.map((m: { text: string }) => m.text)).toEqual(['m5', 'm4', 'm3'])
    const page2 = await call(
      node,
      'GET',
      `/v1/conversations/${id}/messages?limit=3&cursor=${page1.body.nextCursor}`,
      {
        token: as(b),
      },
    )
    expect(page2.body.items.map((m: { text: string }) => m.text)).toEqual(['m2', 'hello'])
    expect(page2.body.nextCursor).toBeNull()

    expect(
      (await call(node, 'GET', `/v1/conversations/${id}/messages`, { token: as(stranger) })).status,
    ).toBe(404)
    expect((await send(stranger, id, 'let me in')).status).toBe(404)
    expect((await send(a, id, 'x'.repeat(2001))).status).toBe(422)

    const edited = await call(node, 'PATCH', `/v1/conversations/${id}/messages/${one.body.id}`, {
      token: as(a),
      body: { text: 'hello there' },
    })
    expect(edited.body).toMatchObject({ text: 'hello there', seq: 1 })
    expect(edited.body.editedAt).not.toBeNull()
    const notYours = await call(node, 'DELETE', `/v1/conversations/${id}/messages/${one.body.id}`, {
      token: as(b),
    })
    expect(notYours.status).toBe(403)
    expect(
      (await call(node, 'DELETE', `/v1/conversations/${id}/messages/${one.body.id}`, { token: as(a) }))
        .status,
    ).toBe(204)
    const last = await call(node, 'GET', `/v1/conversations/${id}/messages?limit=10`, { token: as(b) })
    expect(last.body.items.at(-1)).toMatchObject({ id: one.body.id, text: null })
  })

  test('unread counts and read receipts; conversations ordered by activity', async () => {
    const [a, b, c] = (await accounts(3)) as [Account, Account, Account]
    const ab = (await open(a, [b.username])).body.id
    const ac = (await open(a, [c.username])).body.id
    await send(b, ab, 'one')
    const two = await send(b, ab, 'two')
    await send(c, ac, 'hi')
    const list = await call(node, 'GET', '/v1/conversations', { token: as(a) })
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([ac, ab])
    expect(list.body.items[1]).toMatchObject({ unreadCount: 2, lastMessage: { text: 'two' } })
    const read = await call(node, 'POST', `/v1/conversations/${ab}/read`, {
      token: as(a),
      body: { seq: two.body.seq },
    })
    expect(read.body).toMatchObject({ unreadCount: 0, readSeq: two.body.seq })
    const seen = await call(node, 'GET', `/v1/conversations/${ab}`, { token: as(b) })
    expect(seen.body.members.find((m: { id: string }) => m.id === a.id).readSeq).toBe(two.body.seq)
  })

  test('a block stops a one-to-one conversation; the message policy is checked on every message', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id
    expect((await send(a, id, 'first')).status).toBe(201)
    await call(node, 'PATCH', '/v1/me', { token: as(b), body: { messagePolicy: 'nobody' } })
    expect((await send(a, id, 'second')).body.code).toBe('messaging_not_allowed')
    await call(node, 'PATCH', '/v1/me', { token: as(b), body: { messagePolicy: 'everyone' } })
    expect((await send(a, id, 'third')).status).toBe(201)
    await call(node, 'POST', `/v1/users/${a.username}/block`, { token: as(b) })
    expect((await send(a, id, 'fourth')).status).toBe(403)
  })

  test("on every message: 'following' lets through only whom the recipient follows, a block works both ways, groups are exempt", async () => {
    const [a, b, c] = (await accounts(3)) as [Account, Account, Account]
    const ab = (await open(a, [b.username])).body.id
    const ac = (await open(a, [c.username])).body.id
    const group = (await open(a, [b.username, c.username])).body.id
    await call(node, 'PATCH', '/v1/me', { token: as(b), body: { messagePolicy: 'following' } })
    const refused = await send(a, ab, 'not followed')
    expect(refused.body).toMatchObject({
      code: 'messaging_not_allowed',
      detail: `${b.username} cannot be messaged by you`,
    })
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(b) })
    expect((await send(a, ab, 'followed')).status).toBe(201)
    // The sender's own block of the recipient stops the sender too.
    await call(node, 'POST', `/v1/users/${c.username}/block`, { token: as(a) })
    expect((await send(a, ac, 'to someone I blocked')).body.detail).toBe(
      `${c.username} cannot be messaged by you`,
    )
    // A group's messages go to everyone in it, whatever each one's policy.
    await call(node, 'PATCH', '/v1/me', { token: as(c), body: { messagePolicy: 'nobody' } })
    expect((await send(b, group, 'to the group')).status).toBe(201)
  })
})

describe('events', () => {
  test("a conversation's and each stored message's event go to the messages' own stream, once", async () => {
    const bus = node.ctx.bus
    const drained = () =>
      eventually(async () => (await node.ctx.db.selectFrom('outbox').select('seq').execute()).length === 0)
    const count = async (stream: string, suffix: string) => {
      const subject = bus.subject(suffix)
      const info = await bus.jsm.streams.info(bus.streamName(stream), { subjects_filter: subject })
      return info.state.subjects?.[subject] ?? 0
    }
    await drained()
    const before = await count('message_events', 'message_events.message.sent')
    const created = await count('message_events', 'message_events.conversation.created')
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id
    expect((await send(a, id, 'one', 'e-1')).status).toBe(201)
    expect((await send(a, id, 'one again', 'e-1')).status).toBe(200)
    expect((await send(b, id, 'two')).status).toBe(201)
    // At once: stored in a few batches, each batch's events in one outbox row; one event each.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2 ? a : b, id, `b${i}`)))
    expect(burst.every((r) => r.status === 201)).toBe(true)
    await drained()
    expect(await count('message_events', 'message_events.message.sent')).toBe(before + 14)
    expect(await count('message_events', 'message_events.conversation.created')).toBe(created + 1)
    // The shared stream, which every feature's consumer reads, is not handed them.
    expect(await count('events', 'events.message.sent')).toBe(0)
    expect(await count('events', 'events.user.registered')).toBeGreaterThan(0)
  })

  test('the generic plans of a batch under the room locks end with the locks: the pool is left as it was', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id
    const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2 ? a : b, id, `p${i}`)))
    expect(sent.every((r) => r.status === 201)).toBe(true)
    // Every connection of the pool (DATABASE_POOL_MAX 4) at once.
    const pool = node.ctx.database.sql
    const connections = await Promise.all(Array.from({ length: 4 }, () => pool.reserve()))
    try {
      const modes = await Promise.all(
        connections.map(async (c) => (await c`show plan_cache_mode`)[0]!.plan_cache_mode),
      )
      expect(modes).toEqual(['auto', 'auto', 'auto', 'auto'])
    } finally {
      for (const c of connections) c.release()
    }
  })
})

describe('under load', () => {
  test('many messages at once to many conversations all land, each conversation in order', async () => {
    const people = (await accounts(12)) as Account[]
    const conversations = await Promise.all(
      people
        .slice(0, 6)
        .map(async (a, k) => ({ a, id: (await open(a, [people[6 + k]!.username])).body.id as string })),
    )
    const results = await Promise.all(
      conversations.flatMap(({ a, id }) => Array.from({ length: 8 }, (_, i) => send(a, id, `n${i}`))),
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    for (const { a, id } of conversations) {
      const list = await call(node, 'GET', `/v1/conversations/${id}/messages?limit=20`, { token: as(a) })
      expect(list.body.items.map((m: { seq: number }) => m.seq)).toEqual([8, 7, 6, 5, 4, 3, 2, 1])
    }
  })

  test('one burst mixing refused, repeated and good messages: each answered on its own, rooms in order', async () => {
    const [a, b, c, d, e] = (await accounts(5)) as Account[] as [Account, Account, Account, Account, Account]
    const ab = (await open(a, [b.username])).body.id as string
    const cd = (await open(c, [d.username])).body.id as string
    await call(node, 'PATCH', '/v1/me', { token: as(d), body: { messagePolicy: 'nobody' } })
    const watcher = await connectAs(node.url, as(b))
    watcher.client.send({ op: 'subscribe', channel: `dm:${ab}`, ref: 's' })
    expect(await watcher.client.next()).toMatchObject({ op: 'subscribed', ref: 's' })

    // All at once: they are stored in a few batches, whatever lands in which.
    const [good, repeated, refused, stranger, nul] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b, ab, `m${i}`))),
      Promise.all([send(a, ab, 'twice', 'same-id'), send(a, ab, 'twice', 'same-id')]),
      Promise.all(Array.from({ length: 3 }, (_, i) => send(c, cd, `no${i}`))),
      send(e, ab, 'not a member'),
      // PostgreSQL text holds no NUL: refused alone, not with the batch it would have joined.
      send(a, ab, 'nul \u0000 inside'),
    ])
    expect(nul.status).toBe(422)
    expect(good.map((r) => r.status)).toEqual(Array(10).fill(201))
    expect(repeated.map((r) => r.status).sort()).toEqual([200, 201])
    expect(repeated[0]!.body.id).toBe(repeated[1]!.body.id)
    expect(refused.map((r) => r.body.code)).toEqual(Array(3).fill('messaging_not_allowed'))
    expect(stranger.status).toBe(404)

    // 11 stored in `ab`, numbered 1..11 without a gap, each number once; nothing in `cd`.
    const seqs = [...good, repeated.find((r) => r.status === 201)!]
      .map((r) => r.body.seq)
      .sort((x, y) => x - y)
    expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => i + 1))
    expect((await call(node, 'GET', `/v1/conversations/${cd}`, { token: as(c) })).body.lastSeq).toBe(0)
    // The room's frames arrive in order, each once, each the stored message.
    const frames: Frame[] = []
    while (frames.length < 11)
      frames.push(await watcher.client.until((f) => f.op === 'event' && typeof f.seq === 'number'))
    expect(frames.map((f) => f.seq)).toEqual(seqs)
    const bySeq = new Map([...good, ...repeated].map((r) => [r.body.seq, r.body.text]))
    for (const f of frames) expect((f.data as { text: string }).text).toBe(bySeq.get(f.seq as number)!)
    await watcher.client.close()
  })

  test('texts and client ids of every shape go through a batch intact; a lone surrogate becomes U+FFFD', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id as string
    const texts = [
      'quotes " and \\ backslash',
      'tab\tnew\nline',
      'émoji 🎬 and 日本語',
      '{"json":[1,2]}',
      'lone \ud800 here',
    ]
    const sent = await Promise.all(
      texts.map((text, i) => send(i % 2 ? a : b, id, text, `k "${i}" \\ \udfff`)),
    )
    expect(sent.map((r) => r.status)).toEqual(Array(texts.length).fill(201))
    const list = await call(node, 'GET', `/v1/conversations/${id}/messages?limit=20`, { token: as(a) })
    const stored = new Map(
      list.body.items.map((m: { clientId: string; text: string }) => [m.clientId, m.text]),
    )
    for (const [i, text] of texts.entries())
      expect(stored.get(`k "${i}" \\ \ufffd`)).toBe(text.replace('\ud800', '\ufffd'))
  })
})

describe('live delivery', () => {
  const isMessage = (f: Frame) => f.op === 'event' && typeof f.seq === 'number'

  test('sent over the gateway, received in order by the other member; typing reaches them', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id
    const sa = await connectAs(node.url, as(a))
    const sb = await connectAs(node.url, as(b))
    sb.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 's' })
    expect(await sb.client.next()).toMatchObject({ op: 'subscribed', channel: `dm:${id}`, ref: 's' })
    for (let i = 1; i <= 5; i++)
      sa.client.send({ op: 'message.send', conversationId: id, text: `live ${i}`, clientId: `k${i}`, ref: i })
    for (let i = 1; i <= 5; i++)
      expect(await sa.client.until((f) => f.op === 'message.sent' && f.ref === i)).toBeTruthy()
    const got: Frame[] = []
    while (got.length < 5) got.push(await sb.client.until(isMessage))
    expect(got.map((f) => [f.seq, (f.data as { text: string }).text])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [i, `live ${i}`]),
    )
    expect(got[0]).toMatchObject({ channel: `dm:${id}`, type: 'message' })
    expect(typeof got[0]!.epoch).toBe('string')

    sa.client.send({ op: 'typing', conversationId: id })
    expect(await sb.client.until((f) => f.type === 'typing')).toMatchObject({
      channel: `user:${b.id}`,
      data: { conversationId: id, userId: a.id },
    })
    // Someone else's conversation cannot be listened to or written to.
    const [c] = (await accounts(1)) as [Account]
    const sc = await connectAs(node.url, as(c))
    sc.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 'x' })
    expect(await sc.client.next()).toMatchObject({ op: 'error', code: 'forbidden', ref: 'x' })
    sc.client.send({ op: 'message.send', conversationId: id, text: 'hi', clientId: 'z', ref: 'y' })
    expect(await sc.client.next()).toMatchObject({ op: 'error', code: 'not_found', ref: 'y' })
    await Promise.all([sa.client.close(), sb.client.close(), sc.client.close()])
  })

  test('a client that reconnects with its last seq gets what it missed, in order, once; then live', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const id = (await open(a, [b.username])).body.id
    const first = await connectAs(node.url, as(b))
    first.client.send({ op: 'subscribe', channel: `dm:${id}` })
    await first.client.next()
    await send(a, id, 'before')
    const seen = await first.client.until(isMessage)
    expect(seen.seq).toBe(1)
    await first.client.close()

    for (const text of ['while away 1', 'while away 2', 'while away 3']) await send(a, id, text)
    const again = await connectAs(node.url, as(b))
    again.client.send({ op: 'subscribe', channel: `dm:${id}`, since: seen.seq, epoch: seen.epoch, ref: 'r' })
    expect(await again.client.until((f) => f.ref === 'r')).toMatchObject({
      op: 'subscribed',
      replayed: 3,
      ref: 'r',
    })
    await send(a, id, 'after')
    const frames: Frame[] = []
    while (frames.length < 4) frames.push(await again.client.until(isMessage))
    expect(frames.map((f) => [f.seq, (f.data as { text: string }).text])).toEqual([
      [2, 'while away 1'],
      [3, 'while away 2'],
      [4, 'while away 3'],
      [5, 'after'],
    ])
    again.client.send({ op: 'ping', nonce: 'end' })
    expect(await again.client.until((f) => f.op === 'pong')).toEqual({ op: 'pong', nonce: 'end' })

    // Another epoch (JetStream's history was lost and began again): the room's `seq` comes from
    // PostgreSQL, which answers with the messages after it.
    const other = await connectAs(node.url, as(b))
    other.client.send({
      op: 'subscribe',
      channel: `dm:${id}`,
      since: 1,
      epoch: '1999-01-01T00:00:00Z',
      ref: 'e',
    })
    expect(await other.client.until((f) => f.ref === 'e')).toMatchObject({
      op: 'subscribed',
      replayed: 4,
      ref: 'e',
    })
    const replayed: Frame[] = []
    while (replayed.length < 4) replayed.push(await other.client.until(isMessage))
    expect(replayed.map((f) => f.seq)).toEqual([2, 3, 4, 5])
    // A seq the room never had: refetch.
    other.client.send({ op: 'unsubscribe', channel: `dm:${id}`, ref: 'u' })
    await other.client.until((f) => f.ref === 'u')
    other.client.send({ op: 'subscribe', channel: `dm:${id}`, since: 99, epoch: seen.epoch, ref: 'n' })
    expect(await other.client.until((f) => f.ref === 'n')).toMatchObject({
      op: 'subscribed',
      resync: true,
      ref: 'n',
    })
    await Promise.all([again.client.close(), other.client.close()])
  })
})

describe('announcements', () => {
  test('a member hears of a new conversation and of each message on their own channel, with its unread count', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const { client } = await connectAs(node.url, as(b))
    const id = (await open(a, [b.username])).body.id
    expect(await client.until((f) => f.type === 'conversation', 5000)).toMatchObject({
      channel: `user:${b.id}`,
      data: { conversationId: id, lastMessage: null, unreadCount: 0 },
    })
    expect((await send(a, id, 'first')).status).toBe(201)
    expect((await send(a, id, 'second')).status).toBe(201)
    const first = await client.until((f) => f.type === 'conversation', 5000)
    expect(first.data).toMatchObject({
      conversationId: id,
      unreadCount: 1,
      lastMessage: { seq: 1, text: 'first' },
    })
    expect((await client.until((f) => f.type === 'conversation', 5000)).data).toMatchObject({
      unreadCount: 2,
    })
    await call(node, 'POST', `/v1/conversations/${id}/read`, { token: as(b), body: { seq: 2 } })
    expect((await send(a, id, 'third')).status).toBe(201)
    expect((await client.until((f) => f.type === 'conversation', 5000)).data).toMatchObject({
      unreadCount: 1,
      lastMessage: { text: 'third' },
    })
    // The sender is not told of their own message.
    const sender = await connectAs(node.url, as(a))
    expect((await send(a, id, 'fourth')).status).toBe(201)
    await expect(sender.client.until((f) => f.type === 'conversation', 500)).rejects.toThrow()
    await client.close()
    await sender.client.close()
  })
})

describe('groups', () => {
  test('a member leaves, the creator removes one, others may not; a one-to-one is not left', async () => {
    const [a, b, c, d] = (await accounts(4)) as [Account, Account, Account, Account]
    const id = (await open(a, [b.username, c.username, d.username], 'club')).body.id
    const remove = (actor: Account, who: Account, conversation = id) =>
      call(node, 'DELETE', `/v1/conversations/${conversation}/members/${who.id}`, { token: as(actor) })
    const watcher = await connectAs(node.url, as(a))
    watcher.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 'w' })
    await watcher.client.until((f) => f.ref === 'w')
    const leaver = await connectAs(node.url, as(b))
    leaver.client.send({ op: 'subscribe', channel: `dm:${id}`, ref: 'l' })
    await leaver.client.until((f) => f.ref === 'l')

    expect((await remove(b, b)).status).toBe(204)
    expect(await watcher.client.until((f) => f.type === 'member.left')).toMatchObject({
      data: { userId: b.id, by: b.id },
    })
    expect(await leaver.client.until((f) => f.op === 'unsubscribed')).toMatchObject({
      channel: `dm:${id}`,
      reason: 'forbidden',
    })
    expect((await call(node, 'GET', `/v1/conversations/${id}`, { token: as(b) })).status).toBe(404)
    expect((await send(b, id, 'still here?')).status).toBe(404)
    expect((await remove(b, b)).status).toBe(404)

    expect((await remove(c, d)).status).toBe(403)
    expect((await remove(a, d)).status).toBe(204)
    expect(await watcher.client.until((f) => f.type === 'member.removed')).toMatchObject({
      data: { userId: d.id, by: a.id },
    })
    const left = await call(node, 'GET', `/v1/conversations/${id}`, { token: as(a) })
    expect(left.body.members.map((m: { id: string }) => m.id).sort()).toEqual([a.id, c.id].sort())

    const direct = (await open(a, [c.username])).body.id
    const refused = await remove(a, a, direct)
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('conversation_not_left')
    expect((await remove(a, c, crypto.randomUUID())).status).toBe(404)
    await watcher.client.close()
    await leaver.client.close()
  })

  test('in a group, the messages of an account you block are hidden from you, not from the others', async () => {
    const [a, b, d] = (await accounts(3)) as [Account, Account, Account]
    const id = (await open(a, [b.username, d.username])).body.id
    await call(node, 'POST', `/v1/users/${d.username}/block`, { token: as(a) })
    const { client } = await connectAs(node.url, as(a))
    expect((await send(d, id, 'from the blocked one')).status).toBe(201)
    expect((await send(b, id, 'from a friend')).status).toBe(201)
    const texts = async (viewer: Account) =>
      (await call(node, 'GET', `/v1/conversations/${id}/messages`, { token: as(viewer) })).body.items.map(
        (m: { text: string }) => m.text,
      )
    expect(await texts(a)).toEqual(['from a friend'])
    expect(await texts(b)).toEqual(['from a friend', 'from the blocked one'])
    const mine = await call(node, 'GET', `/v1/conversations/${id}`, { token: as(a) })
    expect(mine.body.unreadCount).toBe(1)
    // Announced: the friend's message only.
    expect((await client.until((f) => f.type === 'conversation', 5000)).data).toMatchObject({
      lastMessage: { text: 'from a friend' },
      unreadCount: 1,
    })
    await client.close()
  })
})
