import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  // Accounts with more than 2 followers are pulled at read time: both paths get exercised.
  node = await startSocialNode('home', { FANOUT_MAX_FOLLOWERS: '2', HOME_TIMELINE_MAX: '3' })
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, body: Record<string, unknown>) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body })).body.id as string
const follow = (a: Account, b: Account) =>
  call(node, 'POST', `/v1/users/${b.username}/follow`, { token: as(a) })
const home = async (a: Account, query = '') =>
  (await call(node, 'GET', `/v1/timelines/home${query}`, { token: as(a) })).body as {
    items: { id: string }[]
    nextCursor: string | null
  }
/** n fresh accounts (typed as always there, which they are). */
const accounts = async (n: number) =>
  (await Promise.all(Array.from({ length: n }, () => register(node)))) as [
    Account,
    Account,
    Account,
    Account,
    Account,
  ]
const homeIds = async (a: Account) => (await home(a, '?limit=100')).items.map((p) => p.id)

async function pushed(postId: string) {
  await eventually(async () => {
    const [row] = (
      await sql<{ f: boolean }>`select fanned_out as f from posts where id = ${postId}`.execute(node.ctx.db)
    ).rows
    return row?.f === true
  }, 5000)
}

describe('home timeline', () => {
  test("an ordinary author's post is pushed to followers and to the author", async () => {
    const [author, fan, stranger] = [await register(node), await register(node), await register(node)]
    await follow(fan, author)
    const post = await write(author, { text: 'hello followers' })
    await pushed(post)
    const [{ n }] = (
      await sql<{ n: string }>`select count(*) as n from home_timeline where post_id = ${post}`.execute(
        node.ctx.db,
      )
    ).rows as [{ n: string }]
    expect(Number(n)).toBe(2)
    expect(await homeIds(fan)).toEqual([post])
    expect(await homeIds(author)).toEqual([post])
    expect(await homeIds(stranger)).toEqual([])
  })

  test('a large account is read at home-timeline time, merged in order with pushed posts', async () => {
    const [star, small, reader, f2, f3] = await accounts(5)
    for (const f of [reader, f2, f3]) await follow(f, star)
    await follow(reader, small)
    const written: string[] = []
    for (let i = 0; i < 6; i++) {
      written.push(await write(i % 2 ? small : star, { text: `post ${i}` }))
      await Bun.sleep(5)
    }
    // The star's posts are never pushed; the small account's are.
    await pushed(written[5]!)
    const [{ n }] = (
      await sql<{ n: string }>`select count(*) as n from home_timeline where author_id = ${star.id}`.execute(
        node.ctx.db,
      )
    ).rows as [{ n: string }]
    expect(Number(n)).toBe(0)
    expect(await homeIds(reader)).toEqual([...written].reverse())
    // Paging across both sources neither skips nor repeats.
    const pages: string[] = []
    let cursor = ''
    for (let i = 0; i < 4; i++) {
      const p = await home(reader, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      pages.push(...p.items.map((x) => x.id))
      if (!p.nextCursor) break
      cursor = p.nextCursor
    }
    expect(pages).toEqual([...written].reverse())
  })

  test('unfollow, block and mute take posts out; a deleted post disappears', async () => {
    const [a, b, c, reader] = await accounts(4)
    for (const x of [a, b, c]) await follow(reader, x)
    const [pa, pb, pc] = [
      await write(a, { text: 'a' }),
      await write(b, { text: 'b' }),
      await write(c, { text: 'c' }),
    ]
    await Promise.all([pushed(pa), pushed(pb), pushed(pc)])
    const gone = await write(a, { text: 'to be deleted' })
    await pushed(gone)
    expect((await homeIds(reader)).sort()).toEqual([pa, pb, pc, gone].sort())
    expect((await call(node, 'DELETE', `/v1/posts/${gone}`, { token: as(a) })).status).toBe(204)
    expect(await homeIds(reader)).not.toContain(gone)
    // Its rows (no foreign key holds them) are removed by the worker, the author's and the reader's alike.
    const rowsOf = async (post: string) =>
      (
        await sql<{ userId: string }>`select user_id from home_timeline where post_id = ${post}`.execute(
          node.ctx.db,
        )
      ).rows.length
    await eventually(async () => (await rowsOf(gone)) === 0, 5000)
    await call(node, 'DELETE', `/v1/users/${a.username}/follow`, { token: as(reader) })
    await call(node, 'POST', `/v1/users/${reader.username}/block`, { token: as(b) })
    await call(node, 'POST', `/v1/users/${c.username}/mute`, { token: as(reader) })
    // Block and mute apply at once; the unfollow's rows leave as the worker handles the event.
    await eventually(async () => (await homeIds(reader)).length === 0, 5000)
  })

  test('followers-only posts reach followers, mentioned-only posts only the mentioned, backfill on follow', async () => {
    const [author, fan, mentioned, late] = await accounts(4)
    await follow(fan, author)
    const old = await write(author, { text: 'before you came' })
    await pushed(old)
    const forFollowers = await write(author, { text: 'followers', visibility: 'followers' })
    const forMentioned = await write(author, { text: `only @${mentioned.username}`, visibility: 'mentioned' })
    await Promise.all([pushed(forFollowers), pushed(forMentioned)])
    expect(await homeIds(fan)).toEqual([forFollowers, old])
    expect(await homeIds(mentioned)).toEqual([forMentioned])
    await follow(late, author)
    await eventually(async () => (await homeIds(late)).includes(old), 5000)
  })

  test('a reply reaches the followers who also follow the account it answers', async () => {
    const [a, c, both, onlyA] = await accounts(4)
    await follow(both, a)
    await follow(both, c)
    await follow(onlyA, a)
    const root = await write(c, { text: 'root by c' })
    const reply = await write(a, { text: 'a answers c', replyTo: root })
    await pushed(reply)
    expect(await homeIds(both)).toContain(reply)
    expect(await homeIds(onlyA)).not.toContain(reply)
  })

  test('trimmed home timelines lose no post: pages below the kept rows come from the posts', async () => {
    const [author, other, reader] = await accounts(3)
    await follow(reader, author)
    await follow(reader, other)
    const written: string[] = []
    for (let i = 0; i < 7; i++) {
      written.push(await write(i === 1 ? other : author, { text: `post ${i}` }))
      await Bun.sleep(5)
    }
    await pushed(written[6]!)
    await pushed(written[1]!)
    while (await node.ctx.services.feed.home.trim()) {}
    const [{ n }] = (
      await sql<{ n: string }>`select count(*) as n from home_timeline where user_id = ${reader.id}`.execute(
        node.ctx.db,
      )
    ).rows as [{ n: string }]
    expect(Number(n)).toBe(3)
    const seen: string[] = []
    let cursor = ''
    for (let i = 0; i < 10; i++) {
      const p = await home(reader, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...p.items.map((x) => x.id))
      if (!p.nextCursor) break
      cursor = p.nextCursor
    }
    expect(seen).toEqual([...written].reverse())
  })
})

describe('home timeline below the kept rows', () => {
  test('replies the pushed rows showed are still shown once trimmed away, and the others still not', async () => {
    const [author, answered, stranger, reader] = await accounts(4)
    await follow(reader, author)
    await follow(reader, answered)
    const root = await write(answered, { text: 'a question' })
    const shown = await write(author, { text: 'an answer the reader sees', replyTo: root })
    const other = await write(stranger, { text: 'someone else' })
    const hidden = await write(author, { text: 'an answer to a stranger', replyTo: other })
    await pushed(hidden)
    const before = await homeIds(reader)
    expect(before).toContain(shown)
    expect(before).not.toContain(hidden)
    // Enough newer posts that the trim (HOME_TIMELINE_MAX=3) drops the reply's row.
    const newer: string[] = []
    for (let i = 0; i < 4; i++) newer.push(await write(author, { text: `newer ${i}` }))
    await pushed(newer[3]!)
    while (await node.ctx.services.feed.home.trim()) {}
    const kept = (
      await sql<{ postId: string }>`select post_id from home_timeline where user_id = ${reader.id}`.execute(
        node.ctx.db,
      )
    ).rows.map((r) => r.postId)
    expect(kept).not.toContain(shown)
    const seen: string[] = []
    let cursor = ''
    for (let i = 0; i < 10; i++) {
      const p = await home(reader, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...p.items.map((x) => x.id))
      if (!p.nextCursor) break
      cursor = p.nextCursor
    }
    expect(seen).toEqual([...newer.reverse(), shown, root])
  })
})
