import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { CompiledQuery, sql } from 'kysely'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('search')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = async (a: Account, body: Record<string, unknown>) =>
  (await call(node, 'POST', '/v1/posts', { token: as(a), body })).body.id as string
const search = (q: string, type: string, viewer?: Account, extra = '') =>
  call(node, 'GET', `/v1/search?q=${encodeURIComponent(q)}&type=${type}${extra}`, {
    token: viewer ? as(viewer) : undefined,
  })

describe('search', () => {
  test('posts by full text, most relevant first, only what the viewer may see', async () => {
    const [a, b, fan, blocked] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const word = `zq${Date.now().toString(36)}`
    const strong = await write(a, { text: `${word} ${word} ${word} about engines` })
    const weak = await write(b, { text: `one mention of ${word} among many other words here today` })
    const hidden = await write(a, { text: `${word} for followers`, visibility: 'followers' })
    const anonymous = await search(word, 'posts')
    expect(anonymous.body.items.map((p: { id: string }) => p.id)).toEqual([strong, weak])
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(fan) })
    expect((await search(word, 'posts', fan)).body.items.map((p: { id: string }) => p.id)).toContain(hidden)
    await call(node, 'POST', `/v1/users/${blocked.username}/block`, { token: as(a) })
    expect((await search(word, 'posts', blocked)).body.items.map((p: { id: string }) => p.id)).toEqual([weak])
    const first = await search(word, 'posts', undefined, '&limit=1')
    const second = await search(word, 'posts', undefined, `&limit=1&cursor=${first.body.nextCursor}`)
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual([strong, weak])
    expect(second.body.nextCursor).toBeNull()
  })

  test('accounts by username or display-name prefix, the exact name first, blocked people left out', async () => {
    const stem = `srch${Date.now().toString(36).slice(-5)}`
    const exact = await register(node, { username: stem })
    const longer = await register(node, { username: `${stem}_more` })
    const byName = await register(node)
    await call(node, 'PATCH', '/v1/me', {
      token: as(byName),
      body: { displayName: `${stem.toUpperCase()} Person` },
    })
    const names = (await search(stem, 'users')).body.items.map((u: { username: string }) => u.username)
    expect(names[0]).toBe(exact.username)
    expect(names).toContain(longer.username)
    expect(names).toContain(byName.username)
    await call(node, 'POST', `/v1/users/${longer.username}/block`, { token: as(exact) })
    const seenByExact = (await search(stem, 'users', exact)).body.items.map(
      (u: { username: string }) => u.username,
    )
    expect(seenByExact).not.toContain(longer.username)
    // Wildcards in the query are plain characters.
    expect((await search('%', 'users')).body.items).toEqual([])
  })

  test('hashtags by prefix, by use', async () => {
    const a = await register(node)
    const stem = `tg${Date.now().toString(36)}`
    await write(a, { text: `#${stem}a one` })
    await write(a, { text: `#${stem}a two` })
    await write(a, { text: `#${stem}b three` })
    const res = await search(`#${stem}`, 'tags')
    expect(res.body.items).toEqual([
      { tag: `${stem}a`, posts: 2 },
      { tag: `${stem}b`, posts: 1 },
    ])
  })

  test('odd queries are answered, never a 500', async () => {
    for (const q of ['"unclosed', '-', 'or or or', "'; drop table posts; --", '::', '\\']) {
      for (const type of ['posts', 'users', 'tags']) expect((await search(q, type)).status).toBe(200)
    }
    expect((await call(node, 'GET', '/v1/search?q=')).status).toBe(422)
    expect((await call(node, 'GET', '/v1/search?q=x&type=planets')).status).toBe(422)
  })
})

describe('search in each language, through indexes', () => {
  test('posts are stemmed in their language, given or detected; posts of no known language word for word', async () => {
    const a = await register(node)
    const stem = `q${Date.now().toString(36)}`
    const english = await write(a, { text: `The runners were running to the ${stem} and it was fun` })
    const french = await write(a, { text: `${stem} chanteuses chantaient`, language: 'fr' })
    const unknown = await write(a, { text: `${stem} running` })
    const languageOf = async (id: string) => (await call(node, 'GET', `/v1/posts/${id}`)).body.language
    expect([await languageOf(english), await languageOf(french), await languageOf(unknown)]).toEqual([
      'en',
      'fr',
      null,
    ])
    const found = async (q: string) =>
      (await search(q, 'posts')).body.items.map((p: { id: string }) => p.id).sort()
    // "run" finds the English post's "running" (both stem to "run"), not the unknown one's.
    expect(await found(`${stem} run`)).toEqual([english])
    expect(await found(`${stem} chanter`)).toEqual([french])
    expect(await found(`${stem} running`)).toEqual([english, unknown].sort())
    // A language given on edit re-indexes the post.
    expect(
      (await call(node, 'PATCH', `/v1/posts/${unknown}`, { token: as(a), body: { language: 'en' } })).body
        .language,
    ).toBe('en')
    expect(await found(`${stem} run`)).toEqual([english, unknown].sort())
    expect(
      (await call(node, 'POST', '/v1/posts', { token: as(a), body: { text: 'x', language: 'english' } }))
        .status,
    ).toBe(422)
  })

  test('tag counts are kept as posts are published, edited and deleted; tags without a visible post are not listed', async () => {
    const a = await register(node)
    const tag = `kc${Date.now().toString(36)}`
    const count = async () =>
      Number(
        (await node.ctx.db.selectFrom('tagCounts').select('posts').where('tag', '=', tag).executeTakeFirst())
          ?.posts ?? 0,
      )
    const first = await write(a, { text: `#${tag} one` })
    const second = await write(a, { text: `#${tag} two` })
    await write(a, { text: `#${tag} for followers`, visibility: 'followers' })
    const later = await write(a, {
      text: `#${tag} later`,
      scheduledAt: new Date(Date.now() + 60_000).toISOString(),
    })
    expect(await count()).toBe(2)
    await sql`update posts set scheduled_at = now() - interval '1 second' where id = ${later}`.execute(
      node.ctx.db,
    )
    await node.ctx.services.posts.posts.publishDue()
    expect(await count()).toBe(3)
    expect((await search(`#${tag}`, 'tags')).body.items).toEqual([{ tag, posts: 3 }])
    await call(node, 'PATCH', `/v1/posts/${first}`, { token: as(a), body: { text: 'no tag now' } })
    expect(await count()).toBe(2)
    for (const id of [second, later]) await call(node, 'DELETE', `/v1/posts/${id}`, { token: as(a) })
    expect(await count()).toBe(0)
    // Only the followers-only post uses it now: not listed for those who may not see that post.
    expect((await search(`#${tag}`, 'tags')).body.items).toEqual([])
    expect((await search(`#${tag}`, 'tags', a)).body.items).toEqual([{ tag, posts: 0 }])
  })

  test('each kind is read through an index: no sequential scan of posts, users or tags', async () => {
    const { search: service } = node.ctx.services.search
    const viewer = await register(node)
    const queries = {
      posts: service.postsQuery(viewer.id, 'engines running', 20),
      users: service.usersQuery(viewer.id, 'srch', 20),
      usersAnonymous: service.usersQuery(null, 'srch', 20),
      tags: service.tagsQuery(viewer.id, 'tg', 20),
    }
    const big = ['posts', 'users', 'post_tags', 'tag_counts', 'user_counts']
    for (const [kind, query] of Object.entries(queries)) {
      const compiled = query.compile()
      // Small tables: with sequential scans made dear, what remains is whether an index can serve.
      const plan = await node.ctx.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        return (
          await trx.executeQuery<{ 'QUERY PLAN': unknown }>(
            CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
          )
        ).rows[0]!['QUERY PLAN']
      })
      const scans = nodes(plan).filter(
        (n) => n['Node Type'] === 'Seq Scan' && big.includes(String(n['Relation Name'])),
      )
      expect({ kind, scans: scans.map((n) => n['Relation Name']) }).toEqual({ kind, scans: [] })
      const indexes = nodes(plan)
        .map((n) => n['Index Name'])
        .filter(Boolean)
      if (kind === 'posts') expect(indexes).toContain('posts_search')
      if (kind.startsWith('users'))
        expect(indexes).toEqual(
          expect.arrayContaining(['users_username_prefix', 'users_display_name_prefix']),
        )
      if (kind === 'tags') expect(indexes).toContain('tag_counts_prefix')
    }
  })
})

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function nodes(plan: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  const walk = (n: Record<string, unknown>) => {
    out.push(n)
    for (const child of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child)
  }
  for (const root of plan as { Plan: Record<string, unknown> }[]) walk(root.Plan)
  return out
}
