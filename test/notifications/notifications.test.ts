import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { connect } from '@nats-io/transport-node'
import { domainEvent } from '../../src/platform/bus/events.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { NATS_URL } from '../support/services.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('notifications')
})
afterAll(async () => {
  await node.stop()
})

type Notification = {
  id: string
  type: string
  read: boolean
  actor: { id: string; username: string }
  post: { id: string } | null
}
const as = (a: Account) => a.tokens.accessToken
const list = async (a: Account, query = '') => {
  const res = await call(node, 'GET', `/v1/notifications${query}`, { token: as(a) })
  expect(res.status).toBe(200)
  return res.body as { items: Notification[]; nextCursor: string | null }
}
const kinds = async (a: Account, query = '') =>
  (await list(a, query)).items.map((n) => `${n.type}:${n.actor.username}${n.post ? `:${n.post.id}` : ''}`)
const unread = async (a: Account) =>
  (await call(node, 'GET', '/v1/notifications/unread-count', { token: as(a) })).body.count as number
const accounts = (n: number) => Promise.all(Array.from({ length: n }, () => register(node)))

describe('notifications', () => {
  test('follows, likes, reposts, replies, mentions and quotes notify the right account, newest first', async () => {
    const [author, fan] = (await accounts(2)) as [Account, Account]
    const post = await writePost(node, author, { text: 'hello' })
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(fan) })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await call(node, 'POST', `/v1/posts/${post}/repost`, { token: as(fan) })
    const reply = await writePost(node, fan, { text: `@${author.username} nice`, replyTo: post })
    const mention = await writePost(node, fan, { text: `hey @${author.username}` })
    const quote = await writePost(node, fan, { text: 'look', quoteOf: post })
    // The author's own like of their post notifies nobody.
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(author) })
    const u = fan.username
    await eventually(async () => (await kinds(author)).length === 6, 5000)
    expect(await kinds(author)).toEqual([
      `quote:${u}:${quote}`,
      `mention:${u}:${mention}`,
      // The reply mentions the author too: one notification, as a reply.
      `reply:${u}:${reply}`,
      `repost:${u}:${post}`,
      `like:${u}:${post}`,
      `follow:${u}`,
    ])
    expect(await kinds(fan)).toEqual([])
    expect(await kinds(author, '?types=like,follow')).toEqual([`like:${u}:${post}`, `follow:${u}`])
    const bad = await call(node, 'GET', '/v1/notifications?types=like,hug', { token: as(author) })
    expect(bad.status).toBe(422)
    // Pages of two, no repeats.
    const seen: string[] = []
    let cursor = ''
    for (let i = 0; i < 5; i++) {
      const page = await list(author, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((n) => n.id))
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(new Set(seen).size).toBe(6)
  })

  test('undoing a like takes its notification back; blocked and muted accounts do not show', async () => {
    const [author, a, b, c, d] = (await accounts(5)) as [Account, Account, Account, Account, Account]
    const post = await writePost(node, author, { text: 'likes' })
    for (const x of [a, b, c]) await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(x) })
    await eventually(async () => (await kinds(author)).length === 3, 5000)
    await call(node, 'DELETE', `/v1/posts/${post}/like`, { token: as(a) })
    await eventually(async () => (await kinds(author)).length === 2, 5000)
    await call(node, 'POST', `/v1/users/${b.username}/block`, { token: as(author) })
    await call(node, 'POST', `/v1/users/${c.username}/mute`, { token: as(author) })
    expect(await kinds(author)).toEqual([])
    // New acts of a muted account make no notification at all. (Events are handled in order: once
    // d's follow shows, c's has been handled.)
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(c) })
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(d) })
    await eventually(async () => (await kinds(author)).length === 1, 5000)
    await call(node, 'DELETE', `/v1/users/${c.username}/mute`, { token: as(author) })
    const later = await writePost(node, author, { text: 'later' })
    await call(node, 'POST', `/v1/posts/${later}/like`, { token: as(c) })
    await eventually(async () => (await kinds(author)).length === 3, 5000)
    expect(await kinds(author)).toEqual([
      `like:${c.username}:${later}`,
      `follow:${d.username}`,
      `like:${c.username}:${post}`,
    ])
  })

  test('a post reaches every follower who turned `post` on, each on their own channel, once', async () => {
    const [author, ...fans] = (await accounts(14)) as Account[]
    const optedIn = fans.slice(0, 11)
    for (const fan of fans) {
      const follow = await call(node, 'POST', `/v1/users/${author!.username}/follow`, { token: as(fan) })
      expect(follow.status).toBeLessThan(300)
    }
    for (const fan of optedIn) {
      const prefs = await call(node, 'PUT', '/v1/notifications/preferences', {
        token: as(fan),
        body: { types: { post: { channels: { in_app: true } } } },
      })
      expect(prefs.status).toBe(200)
    }
    // One of them muted the author since: it hears nothing.
    const muting = optedIn.pop()!
    await call(node, 'POST', `/v1/users/${author!.username}/mute`, { token: as(muting) })
    const nc = await connect({ servers: NATS_URL })
    const frames: { channel: string; data: Notification }[] = []
    const sub = nc.subscribe(`${node.prefix}.live.user.>`)
    void (async () => {
      for await (const m of sub) {
        const frame = JSON.parse(new TextDecoder().decode(m.data))
        if (frame.type === 'notification' && frame.data.type === 'post') frames.push(frame)
      }
    })()
    try {
      const post = await writePost(node, author!, { text: 'to my followers' })
      await eventually(async () => frames.length >= optedIn.length, 10_000)
      await Bun.sleep(300)
      expect(frames.map((f) => f.channel).sort()).toEqual(optedIn.map((f) => `user:${f.id}`).sort())
      for (const f of frames) expect(f.data).toMatchObject({ actor: { id: author!.id }, post: { id: post } })
      for (const fan of optedIn) expect(await kinds(fan)).toEqual([`post:${author!.username}:${post}`])
      for (const fan of [...fans.slice(11), muting]) expect(await kinds(fan)).toEqual([])
      // Each frame is what that follower's own list shows (built for all at once, the same view).
      for (const fan of optedIn) {
        const frame = frames.find((f) => f.channel === `user:${fan.id}`)!
        expect(frame.data).toEqual((await list(fan)).items[0]!)
      }
      // A post only the mentioned may see: the others hear nothing of it.
      frames.length = 0
      const [mentioned] = optedIn
      const secret = await writePost(node, author!, {
        text: `just for @${mentioned!.username}`,
        visibility: 'mentioned',
      })
      await eventually(async () => frames.length >= 1, 10_000)
      await Bun.sleep(300)
      expect(frames.map((f) => [f.channel, f.data.post?.id])).toEqual([[`user:${mentioned!.id}`, secret]])
    } finally {
      sub.unsubscribe()
      await nc.close()
    }
  })

  test('a follow request notifies; accepting it leaves no request and no extra follow notification', async () => {
    const [owner, asker] = (await accounts(2)) as [Account, Account]
    await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { isPrivate: true } })
    await call(node, 'POST', `/v1/users/${owner.username}/follow`, { token: as(asker) })
    await eventually(async () => (await kinds(owner)).join() === `follow_request:${asker.username}`, 5000)
    const requests = await call(node, 'GET', '/v1/follow-requests', { token: as(owner) })
    const id = requests.body.items[0].id
    expect(
      (await call(node, 'POST', `/v1/follow-requests/${id}/accept`, { token: as(owner) })).status,
    ).toBeLessThan(300)
    await eventually(async () => (await kinds(owner)).length === 0, 5000)
  })

  test('groups count what is about one thing; unread count and marking read', async () => {
    const [author, ...likers] = (await accounts(5)) as Account[]
    const post = await writePost(node, author!, { text: 'popular' })
    for (const x of likers) await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(x) })
    await call(node, 'POST', `/v1/users/${author!.username}/follow`, { token: as(likers[0]!) })
    await eventually(async () => (await unread(author!)) === 5, 5000)
    const groups = await call(node, 'GET', '/v1/notifications/groups', { token: as(author!) })
    expect(groups.status).toBe(200)
    expect(groups.body.items.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['follow', 1],
      [`like:${post}`, 4],
    ])
    const likeGroup = groups.body.items[1]
    expect(likeGroup.actors.map((x: { id: string }) => x.id)).toEqual(
      likers
        .slice(1)
        .reverse()
        .map((x) => x.id),
    )
    expect(likeGroup.post.id).toBe(post)
    expect(likeGroup.unread).toBe(true)

    const first = (await list(author!)).items[0]!
    const read = await call(node, 'POST', '/v1/notifications/read', {
      token: as(author!),
      body: { ids: [first.id] },
    })
    expect(read.body).toEqual({ unreadCount: 4 })
    expect((await list(author!)).items[0]!.read).toBe(true)
    const empty = await call(node, 'POST', '/v1/notifications/read', { token: as(author!), body: {} })
    expect(empty.status).toBe(422)
    const all = await call(node, 'POST', '/v1/notifications/read', {
      token: as(author!),
      body: { all: true },
    })
    expect(all.body).toEqual({ unreadCount: 0 })
    expect(await unread(author!)).toBe(0)
  })

  test('an event handled twice makes one notification', async () => {
    const [a, b] = (await accounts(2)) as [Account, Account]
    const event = domainEvent({
      type: 'user.followed',
      actorId: b.id,
      subject: { kind: 'user', id: a.id },
      data: {},
    })
    await node.ctx.services.notifications.notifications.onEvent(event)
    await node.ctx.services.notifications.notifications.onEvent(event)
    expect(await kinds(a)).toEqual([`follow:${b.username}`])
  })

  test('a deleted post takes its notifications with it', async () => {
    const [author, fan] = (await accounts(2)) as [Account, Account]
    const post = await writePost(node, author, { text: 'soon gone' })
    await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(fan) })
    await eventually(async () => (await kinds(author)).length === 1, 5000)
    await call(node, 'DELETE', `/v1/posts/${post}`, { token: as(author) })
    expect(await kinds(author)).toEqual([])
  })
})
