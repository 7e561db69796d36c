import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  // Cheap password hashes: these tests make many accounts.
  node = await startSocialNode('graph')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const profile = (username: string, viewer?: Account) =>
  call(node, 'GET', `/v1/users/${username}`, { token: viewer ? as(viewer) : undefined })
const follow = (a: Account, username: string) =>
  call(node, 'POST', `/v1/users/${username}/follow`, { token: as(a) })
const unfollow = (a: Account, username: string) =>
  call(node, 'DELETE', `/v1/users/${username}/follow`, { token: as(a) })

async function counts(username: string) {
  return (await profile(username)).body.counts as { followers: number; following: number; posts: number }
}

describe('profiles', () => {
  test('are public, found without regard to case, and edited with PATCH /v1/me', async () => {
    const a = await register(node)
    const anonymous = await profile(a.username.toUpperCase())
    expect(anonymous.status).toBe(200)
    expect(anonymous.body).toMatchObject({
      username: a.username,
      counts: { followers: 0, following: 0, posts: 0 },
      relationship: null,
      settings: null,
    })
    const patched = await call(node, 'PATCH', '/v1/me', {
      token: as(a),
      body: {
        displayName: 'Ada L.',
        bio: 'Engines',
        links: [{ title: 'site', url: 'https://ada.example' }],
        mentionPolicy: 'following',
      },
    })
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    expect(patched.body).toMatchObject({
      displayName: 'Ada L.',
      bio: 'Engines',
      settings: { mentionPolicy: 'following', messagePolicy: 'everyone' },
    })
    expect((await profile(a.username)).body.links).toEqual([{ title: 'site', url: 'https://ada.example' }])
    const bad = await call(node, 'PATCH', '/v1/me', {
      token: as(a),
      body: { bio: 'x'.repeat(501), links: [{ title: 't', url: 'javascript:alert(1)' }] },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain('body.bio')
    expect((await profile('nobody_here_at_all')).status).toBe(404)
  })
})

describe('follows', () => {
  test('following a public account counts on both sides and shows in lists and relationships', async () => {
    const [a, b] = [await register(node), await register(node)]
    expect((await follow(a, b.username)).body).toEqual({ state: 'following' })
    expect((await follow(a, b.username)).body).toEqual({ state: 'following' })
    expect(await counts(b.username)).toMatchObject({ followers: 1, following: 0 })
    expect(await counts(a.username)).toMatchObject({ followers: 0, following: 1 })
    expect((await profile(b.username, a)).body.relationship).toMatchObject({
      following: true,
      followedBy: false,
    })
    const followers = await call(node, 'GET', `/v1/users/${b.username}/followers`)
    expect(followers.body.items.map((i: { id: string }) => i.id)).toEqual([a.id])
    expect((await call(node, 'GET', `/v1/users/${a.username}/following`)).body.items[0].id).toBe(b.id)
    expect((await unfollow(a, b.username)).body).toEqual({ state: 'none' })
    expect(await counts(b.username)).toMatchObject({ followers: 0 })
    expect((await follow(a, a.username)).status).toBe(422)
  })

  test('a private account turns follows into requests, hides its lists, and decides', async () => {
    const [owner, fan, other] = [await register(node), await register(node), await register(node)]
    await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { isPrivate: true } })
    expect((await follow(fan, owner.username)).body).toEqual({ state: 'requested' })
    expect((await follow(other, owner.username)).body).toEqual({ state: 'requested' })
    expect(await counts(owner.username)).toMatchObject({ followers: 0 })
    expect(
      (await call(node, 'GET', `/v1/users/${owner.username}/followers`, { token: as(fan) })).status,
    ).toBe(403)
    const requests = await call(node, 'GET', '/v1/follow-requests', { token: as(owner) })
    expect(requests.body.items.map((r: { account: { id: string } }) => r.account.id).sort()).toEqual(
      [fan.id, other.id].sort(),
    )
    const fanRequest = requests.body.items.find(
      (r: { account: { id: string } }) => r.account.id === fan.id,
    ).id
    expect(
      (await call(node, 'POST', `/v1/follow-requests/${fanRequest}/accept`, { token: as(other) })).status,
    ).toBe(404)
    expect(
      (await call(node, 'POST', `/v1/follow-requests/${fanRequest}/accept`, { token: as(owner) })).status,
    ).toBe(204)
    expect(await counts(owner.username)).toMatchObject({ followers: 1 })
    expect(
      (await call(node, 'GET', `/v1/users/${owner.username}/followers`, { token: as(fan) })).status,
    ).toBe(200)
    expect((await call(node, 'GET', `/v1/users/${owner.username}/followers`)).status).toBe(403)
    // Going public lets the rest in.
    await call(node, 'PATCH', '/v1/me', { token: as(owner), body: { isPrivate: false } })
    expect(await counts(owner.username)).toMatchObject({ followers: 2 })
    expect((await call(node, 'GET', '/v1/follow-requests', { token: as(owner) })).body.items).toEqual([])
  })

  test('counts stay exact under many concurrent follows and unfollows, and crossing follows never deadlock', async () => {
    const star = await register(node)
    const fans = await Promise.all(Array.from({ length: 24 }, () => register(node)))
    await Promise.all(fans.map((f) => follow(f, star.username)))
    await Promise.all([
      ...fans.slice(0, 12).map((f) => unfollow(f, star.username)),
      ...fans.slice(12).map((f) => follow(f, star.username)),
      ...fans
        .slice(12, 18)
        .map((f) => call(node, 'POST', `/v1/users/${f.username}/follow`, { token: as(star) })),
    ])
    const [row] = (
      await sql<{ n: string }>`select count(*) as n from follows where followee_id = ${star.id}`.execute(
        node.ctx.db,
      )
    ).rows
    expect(await counts(star.username)).toMatchObject({ followers: 12, following: 6 })
    expect(Number(row!.n)).toBe(12)
  })

  test('lists page by cursor, stay stable while new follows arrive, and refuse forged cursors', async () => {
    const star = await register(node)
    const fans = await Promise.all(Array.from({ length: 15 }, () => register(node)))
    for (const f of fans) await follow(f, star.username)
    const first = await call(node, 'GET', `/v1/users/${star.username}/followers?limit=6`)
    expect(first.body.items.length).toBe(6)
    const late = await register(node)
    await follow(late, star.username)
    const second = await call(
      node,
      'GET',
      `/v1/users/${star.username}/followers?limit=6&cursor=${first.body.nextCursor}`,
    )
    const third = await call(
      node,
      'GET',
      `/v1/users/${star.username}/followers?limit=6&cursor=${second.body.nextCursor}`,
    )
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (i: { id: string }) => i.id,
    )
    expect(ids.length).toBe(15)
    expect(new Set(ids)).toEqual(new Set(fans.map((f) => f.id)))
    expect(third.body.nextCursor).toBeNull()
    expect((await call(node, 'GET', `/v1/users/${star.username}/followers?cursor=garbage`)).status).toBe(422)
    expect((await call(node, 'GET', `/v1/users/${star.username}/followers?limit=500`)).status).toBe(422)
  })

  test('every follow is a domain event', async () => {
    const [a, b] = [await register(node), await register(node)]
    await follow(a, b.username)
    const name = node.ctx.bus.streamName('events')
    let seen = false
    for (let i = 0; i < 60 && !seen; i++) {
      const info = await node.ctx.bus.jsm.streams.info(name, {
        subjects_filter: `${node.prefix}.events.user.followed`,
      })
      seen = Object.keys(info.state.subjects ?? {}).length > 0
      if (!seen) await Bun.sleep(50)
    }
    expect(seen).toBe(true)
  })
})

describe('blocks and mutes', () => {
  test('a block removes follows both ways, hides the blocker, and stops new follows', async () => {
    const [a, b, c] = [await register(node), await register(node), await register(node)]
    await follow(a, b.username)
    await follow(b, a.username)
    await follow(b, c.username)
    expect((await call(node, 'POST', `/v1/users/${b.username}/block`, { token: as(a) })).status).toBe(204)
    expect(await counts(a.username)).toMatchObject({ followers: 0, following: 0 })
    expect(await counts(b.username)).toMatchObject({ followers: 0, following: 1 })
    // The blocked account no longer finds the blocker.
    expect((await profile(a.username, b)).status).toBe(404)
    expect((await follow(b, a.username)).status).toBe(404)
    // The blocker still sees the blocked account, marked as blocked, and may not follow it.
    expect((await profile(b.username, a)).body.relationship).toMatchObject({ blocking: true })
    expect((await follow(a, b.username)).body.code).toBe('blocking')
    // Lists the blocked account reads leave the blocker out.
    await follow(a, c.username)
    const seenByB = await call(node, 'GET', `/v1/users/${c.username}/followers`, { token: as(b) })
    expect(seenByB.body.items.map((i: { id: string }) => i.id)).not.toContain(a.id)
    const seenByC = await call(node, 'GET', `/v1/users/${c.username}/followers`, { token: as(c) })
    expect(seenByC.body.items.map((i: { id: string }) => i.id)).toContain(a.id)
    expect((await call(node, 'GET', '/v1/blocks', { token: as(a) })).body.items[0].account.id).toBe(b.id)
    expect((await call(node, 'DELETE', `/v1/users/${b.username}/block`, { token: as(a) })).status).toBe(204)
    expect((await profile(a.username, b)).status).toBe(200)
  })

  test('mutes may expire; expired ones are gone from the list and the relationship', async () => {
    const [a, b, c] = [await register(node), await register(node), await register(node)]
    expect(
      (
        await call(node, 'POST', `/v1/users/${b.username}/mute`, {
          token: as(a),
          body: { durationSeconds: 3600 },
        })
      ).status,
    ).toBe(204)
    expect((await call(node, 'POST', `/v1/users/${c.username}/mute`, { token: as(a) })).status).toBe(204)
    const list = await call(node, 'GET', '/v1/mutes', { token: as(a) })
    expect(list.body.items.length).toBe(2)
    expect(
      list.body.items.find((m: { account: { id: string } }) => m.account.id === b.id).expiresAt,
    ).not.toBeNull()
    await sql`update mutes set expires_at = now() - interval '1 second' where muted_id = ${b.id}`.execute(
      node.ctx.db,
    )
    expect(
      (await call(node, 'GET', '/v1/mutes', { token: as(a) })).body.items.map(
        (m: { account: { id: string } }) => m.account.id,
      ),
    ).toEqual([c.id])
    expect((await profile(b.username, a)).body.relationship.muting).toBe(false)
    expect((await profile(c.username, a)).body.relationship.muting).toBe(true)
    expect(
      (
        await call(node, 'POST', `/v1/users/${b.username}/mute`, {
          token: as(a),
          body: { durationSeconds: 5 },
        })
      ).status,
    ).toBe(422)
  })
})
