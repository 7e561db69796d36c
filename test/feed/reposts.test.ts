import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  // Accounts with more than 2 followers are pulled at read time, reposts included.
  node = await startSocialNode('reposts', { FANOUT_MAX_FOLLOWERS: '2', HOME_TIMELINE_MAX: '3' })
})
afterAll(async () => {
  await node.stop()
})

type Item = { id: string; repostedBy: { username: string } | null; repostedAt: string | null }
const as = (a: Account) => ({ token: a.tokens.accessToken })
const follow = (a: Account, b: Account) => call(node, 'POST', `/v1/users/${b.username}/follow`, as(a))
const repost = (a: Account, post: string) => call(node, 'POST', `/v1/posts/${post}/repost`, as(a))
/** n fresh accounts (typed as always there, which they are). */
const accounts = async (n: number) =>
  (await Promise.all(Array.from({ length: n }, () => register(node)))) as [
    Account,
    Account,
    Account,
    Account,
    Account,
  ]
/** Every item of a timeline, paged `limit` at a time through its cursors. */
async function all(path: string, viewer: Account, limit = 100): Promise<Item[]> {
  const items: Item[] = []
  let cursor = ''
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?'
    const res = await call(
      node,
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      as(viewer),
    )
    expect(res.status).toBe(200)
    items.push(...res.body.items)
    if (!res.body.nextCursor) break
    cursor = res.body.nextCursor
  }
  return items
}
const home = (a: Account, limit?: number) => all('/v1/timelines/home', a, limit)
const shown = (items: Item[]) => items.map((i) => [i.id, i.repostedBy?.username ?? null])
async function repostPushed(reposter: Account, post: string) {
  await eventually(async () => {
    const [row] = (
      await sql<{
        f: boolean
      }>`select fanned_out as f from reposts where user_id = ${reposter.id} and post_id = ${post}`.execute(
        node.ctx.db,
      )
    ).rows
    return row?.f === true
  }, 5000)
}

describe('reposts in timelines', () => {
  test("a repost reaches the reposter's followers and profile, once per post, and leaves when undone", async () => {
    const [author, reposter, second, fan, authorsFan] = await accounts(5)
    await follow(fan, reposter)
    await follow(fan, second)
    await follow(authorsFan, reposter)
    await follow(authorsFan, author)
    const post = await writePost(node, author, { text: 'worth sharing' })
    const mine = await writePost(node, reposter, { text: 'my own words' })
    expect((await repost(reposter, post)).status).toBe(204)
    await repostPushed(reposter, post)
    // The follower sees it, with who reposted it and when.
    const items = await home(fan)
    expect(shown(items)).toEqual([
      [post, reposter.username],
      [mine, null],
    ])
    expect(items[0]!.repostedAt).toBeString()
    // On the reposter's profile too, unless asked not to; the author's followers see the post once, as itself.
    expect(shown(await all(`/v1/users/${reposter.username}/posts`, fan))).toEqual([
      [post, reposter.username],
      [mine, null],
    ])
    expect(shown(await all(`/v1/users/${reposter.username}/posts?withReposts=false`, fan))).toEqual([
      [mine, null],
    ])
    expect(shown(await home(authorsFan))).toEqual([
      [mine, null],
      [post, null],
    ])
    // A second repost among the accounts followed does not show the post again.
    expect((await repost(second, post)).status).toBe(204)
    await repostPushed(second, post)
    expect(shown(await home(fan))).toEqual([
      [post, reposter.username],
      [mine, null],
    ])
    // Undone, the earlier repost goes, and the later one is what brings the post.
    expect((await call(node, 'DELETE', `/v1/posts/${post}/repost`, as(reposter))).status).toBe(204)
    expect(shown(await home(fan))).toEqual([
      [post, second.username],
      [mine, null],
    ])
    await eventually(async () => {
      const rows = await sql`select 1 from home_timeline where reposted_by = ${reposter.id}`.execute(
        node.ctx.db,
      )
      return rows.rows.length === 0
    }, 5000)
    expect((await call(node, 'DELETE', `/v1/posts/${post}/repost`, as(second))).status).toBe(204)
    expect(shown(await home(fan))).toEqual([[mine, null]])
    expect(shown(await all(`/v1/users/${reposter.username}/posts`, fan))).toEqual([[mine, null]])
  })

  test('muting the reposter hides its reposts; a mute or block of the author hides the post', async () => {
    const [author, reposter, fan, other] = await accounts(4)
    await follow(fan, reposter)
    await follow(other, reposter)
    const post = await writePost(node, author, { text: 'muted path' })
    await repost(reposter, post)
    await repostPushed(reposter, post)
    expect((await home(fan)).map((i) => i.id)).toEqual([post])
    await call(node, 'POST', `/v1/users/${reposter.username}/mute`, as(fan))
    expect(await home(fan)).toEqual([])
    expect((await home(other)).map((i) => i.id)).toEqual([post])
    await call(node, 'POST', `/v1/users/${other.username}/block`, as(author))
    expect(await home(other)).toEqual([])
    expect(await all(`/v1/users/${reposter.username}/posts`, other)).toEqual([])
  })

  test('reposts by large accounts are read at home-timeline time; paging mixes posts and reposts without repeats', async () => {
    const [star, author, reader, f2, f3] = await accounts(5)
    for (const f of [reader, f2, f3]) await follow(f, star)
    const written: [string, string | null][] = []
    for (let i = 0; i < 4; i++) {
      const post = await writePost(node, author, { text: `original ${i}` })
      await Bun.sleep(5)
      expect((await repost(star, post)).status).toBe(204)
      written.push([post, star.username])
      await Bun.sleep(5)
      written.push([await writePost(node, star, { text: `own ${i}` }), null])
      await Bun.sleep(5)
    }
    const [{ n }] = (
      await sql<{
        n: string
      }>`select count(*) as n from home_timeline where reposted_by = ${star.id}`.execute(node.ctx.db)
    ).rows as [{ n: string }]
    expect(Number(n)).toBe(0)
    expect(shown(await home(reader, 1))).toEqual([...written].reverse())
    expect(shown(await home(reader, 3))).toEqual([...written].reverse())
    // The reposter's profile pages through both the same way.
    expect(shown(await all(`/v1/users/${star.username}/posts`, reader, 1))).toEqual([...written].reverse())
    expect(shown(await all(`/v1/users/${star.username}/posts`, reader, 3))).toEqual([...written].reverse())
  })

  test('reposts trimmed out of the kept rows come back below the floor', async () => {
    const [author, reposter, reader] = await accounts(3)
    await follow(reader, reposter)
    const written: [string, string | null][] = []
    for (let i = 0; i < 3; i++) {
      const post = await writePost(node, author, { text: `shared ${i}` })
      await repost(reposter, post)
      await repostPushed(reposter, post)
      written.push([post, reposter.username])
      await Bun.sleep(5)
      const own = await writePost(node, reposter, { text: `between ${i}` })
      written.push([own, null])
      await Bun.sleep(5)
    }
    const kept = async () =>
      Number(
        (
          (
            await sql<{
              n: string
            }>`select count(*) as n from home_timeline where user_id = ${reader.id}`.execute(node.ctx.db)
          ).rows as [{ n: string }]
        )[0].n,
      )
    await eventually(async () => (await home(reader)).length === written.length, 5000)
    // Every row pushed before the trim (a read may show a post before its row is in: a late push
    // after the trim would be a fourth, newest row).
    await eventually(async () => (await kept()) === written.length, 10_000)
    while (await node.ctx.services.feed.home.trim()) {}
    expect(await kept()).toBe(3)
    expect(shown(await home(reader, 2))).toEqual([...written].reverse())
  })
})
