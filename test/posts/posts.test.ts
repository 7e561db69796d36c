import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { PostContents, PostReader } from '../../src/posts/reads.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
beforeAll(async () => {
  node = await startSocialNode('posts')
})
afterAll(async () => {
  await node.stop()
})

const as = (a: Account) => a.tokens.accessToken
const write = (a: Account, body: Record<string, unknown>) =>
  call(node, 'POST', '/v1/posts', { token: as(a), body })
const read = (id: string, viewer?: Account) =>
  call(node, 'GET', `/v1/posts/${id}`, { token: viewer ? as(viewer) : undefined })

describe('writing posts', () => {
  test('text with mentions and hashtags, read back by anyone when public', async () => {
    const [a, b] = [await register(node), await register(node)]
    const res = await write(a, {
      text: `Hello @${b.username.toUpperCase()} and @nobody_here_xyz #Bun #bun #2024 #café`,
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/v1/posts/${res.body.id}`)
    expect(res.body).toMatchObject({
      visibility: 'public',
      mentions: [b.username],
      counts: { likes: 0, replies: 0 },
    })
    expect(res.body.tags.sort()).toEqual(['bun', 'café'])
    expect((await read(res.body.id)).body.text).toContain('Hello')
    expect((await call(node, 'GET', `/v1/users/${a.username}`)).body.counts.posts).toBe(1)
  })

  test('empty, too long and dangling replies are refused with the field named', async () => {
    const a = await register(node)
    expect((await write(a, { text: '   ' })).body.errors[0].field).toBe('body.text')
    expect((await write(a, { text: 'x'.repeat(501) })).body.errors[0].field).toBe('body.text')
    expect((await write(a, { text: '🙂'.repeat(500) })).status).toBe(201)
    const dangling = await write(a, { text: 'hi', replyTo: crypto.randomUUID() })
    expect(dangling.status).toBe(404)
    expect(dangling.body.detail).toContain('body.replyTo')
    expect((await call(node, 'POST', '/v1/posts', { body: { text: 'anon' } })).status).toBe(401)
  })

  test('followers-only and mentioned-only posts reach only their audience', async () => {
    const [author, fan, mentioned, stranger] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(fan) })
    const forFollowers = (await write(author, { text: 'for my followers', visibility: 'followers' })).body.id
    const forMentioned = (
      await write(author, { text: `psst @${mentioned.username}`, visibility: 'mentioned' })
    ).body.id
    expect((await read(forFollowers, fan)).status).toBe(200)
    expect((await read(forFollowers, stranger)).status).toBe(404)
    expect((await read(forFollowers)).status).toBe(404)
    expect((await read(forMentioned, mentioned)).status).toBe(200)
    expect((await read(forMentioned, fan)).status).toBe(404)
    expect((await read(forMentioned, author)).status).toBe(200)
  })

  test('a mention of someone who blocks the author reaches nobody; mention policies are kept', async () => {
    const [author, blocker, picky] = [await register(node), await register(node), await register(node)]
    await call(node, 'POST', `/v1/users/${author.username}/block`, { token: as(blocker) })
    await call(node, 'PATCH', '/v1/me', { token: as(picky), body: { mentionPolicy: 'following' } })
    const post = await write(author, {
      text: `hey @${blocker.username} and @${picky.username}`,
      visibility: 'mentioned',
    })
    expect(post.body.mentions).toEqual([])
    expect((await read(post.body.id, blocker)).status).toBe(404)
    expect((await read(post.body.id, picky)).status).toBe(404)
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(picky) })
    const again = await write(author, { text: `hey @${picky.username}`, visibility: 'mentioned' })
    expect(again.body.mentions).toEqual([picky.username])
  })

  test("blocked people cannot see or reply to each other's posts", async () => {
    const [a, b] = [await register(node), await register(node)]
    const post = (await write(a, { text: 'public words' })).body.id
    await call(node, 'POST', `/v1/users/${b.username}/block`, { token: as(a) })
    expect((await read(post, b)).status).toBe(404)
    expect((await write(b, { text: 'reply', replyTo: post })).status).toBe(404)
    expect((await write(b, { text: 'quote', quoteOf: post })).status).toBe(404)
    expect((await call(node, 'POST', `/v1/posts/${post}/like`, { token: as(b) })).status).toBe(404)
  })
})

describe('threads, edits and deletion', () => {
  test('replies and quotes count on their parent; the context shows ancestors and descendants', async () => {
    const [a, b, c] = [await register(node), await register(node), await register(node)]
    const root = (await write(a, { text: 'root' })).body.id
    const r1 = (await write(b, { text: 'reply 1', replyTo: root })).body
    const r2 = (await write(c, { text: 'reply 2', replyTo: r1.id })).body
    await write(c, { text: 'quoting', quoteOf: root })
    expect(r2.threadId).toBe(root)
    expect((await read(root)).body.counts).toMatchObject({ replies: 1, quotes: 1 })
    const context = await call(node, 'GET', `/v1/posts/${r1.id}/context`)
    expect(context.body.ancestors.map((p: { id: string }) => p.id)).toEqual([root])
    expect(context.body.descendants.map((p: { id: string }) => p.id)).toEqual([r2.id])
    // A follower-only reply in the thread is hidden from those who may not see it.
    const hidden = (await write(b, { text: 'only followers', replyTo: root, visibility: 'followers' })).body
      .id
    const rootContext = await call(node, 'GET', `/v1/posts/${root}/context`)
    expect(rootContext.body.descendants.map((p: { id: string }) => p.id)).not.toContain(hidden)
  })

  test('edits keep the history; only the author edits or deletes; deletion fixes the counts', async () => {
    const [a, b] = [await register(node), await register(node)]
    const id = (await write(a, { text: 'first #one' })).body.id
    const reply = (await write(b, { text: 'answer', replyTo: id })).body.id
    expect(
      (await call(node, 'PATCH', `/v1/posts/${id}`, { token: as(b), body: { text: 'hijack' } })).status,
    ).toBe(403)
    const edited = await call(node, 'PATCH', `/v1/posts/${id}`, {
      token: as(a),
      body: { text: 'second #two' },
    })
    expect(edited.body).toMatchObject({ text: 'second #two', tags: ['two'] })
    expect(edited.body.editedAt).not.toBeNull()
    // An edit that takes the tags and mentions out, and one that puts a mention in.
    const plain = await call(node, 'PATCH', `/v1/posts/${id}`, { token: as(a), body: { text: 'plain now' } })
    expect(plain.body).toMatchObject({ tags: [], mentions: [] })
    const mentioning = await call(node, 'PATCH', `/v1/posts/${id}`, {
      token: as(a),
      body: { text: `hello @${b.username} #two` },
    })
    expect(mentioning.body).toMatchObject({ tags: ['two'], mentions: [b.username.toLowerCase()] })
    expect((await read(id)).body).toMatchObject({ tags: ['two'], mentions: [b.username.toLowerCase()] })
    await call(node, 'PATCH', `/v1/posts/${id}`, { token: as(a), body: { text: 'second #two' } })
    const history = await call(node, 'GET', `/v1/posts/${id}/history`)
    expect(history.body.items.map((v: { text: string }) => v.text)).toEqual([
      'first #one',
      'second #two',
      'plain now',
      `hello @${b.username} #two`,
      'second #two',
    ])
    expect((await call(node, 'DELETE', `/v1/posts/${reply}`, { token: as(a) })).status).toBe(403)
    expect((await call(node, 'DELETE', `/v1/posts/${reply}`, { token: as(b) })).status).toBe(204)
    expect((await read(id)).body.counts.replies).toBe(0)
    expect((await call(node, 'DELETE', `/v1/posts/${id}`, { token: as(a) })).status).toBe(204)
    expect((await read(id)).status).toBe(404)
    expect((await call(node, 'GET', `/v1/users/${a.username}`)).body.counts.posts).toBe(0)
  })

  test("a post's content is read once per version: an edit made on any node is seen at once", async () => {
    const a = await register(node)
    const b = await register(node)
    const id = (await write(a, { text: `first @${b.username} #one` })).body.id
    const home = async () =>
      (await call(node, 'GET', '/v1/timelines/home', { token: as(a) })).body.items.find(
        (p: { id: string }) => p.id === id,
      )
    const hits = async () => {
      const text = await node.ctx.metrics.registry.getSingleMetricAsString('sf_post_content_reads')
      return Number(/result="hit"[^}]*\} (\d+)/.exec(text)?.[1])
    }
    const before = await hits()
    expect(await home()).toMatchObject({ text: `first @${b.username} #one`, tags: ['one'] })
    expect(await hits()).toBeGreaterThan(before) // (the worker's reads count too: not exactly one)
    // A change that does not make a new version is not read again (the content is cached)...
    await sql`update posts set text = 'not a version' where id = ${id}`.execute(node.ctx.db)
    expect((await read(id)).body.text).toBe(`first @${b.username} #one`)
    // ...while an edit, as another node writes it (new text, tags, mentions and edited_at in one
    // transaction), is what every read path shows next.
    await node.ctx.db.transaction().execute(async (trx) => {
      await sql`update posts set text = 'elsewhere #two', edited_at = now() where id = ${id}`.execute(trx)
      await sql`delete from post_mentions where post_id = ${id}`.execute(trx)
      await sql`update post_tags set tag = 'two' where post_id = ${id}`.execute(trx)
    })
    const edited = { text: 'elsewhere #two', tags: ['two'], mentions: [] }
    expect((await read(id)).body).toMatchObject(edited)
    expect(await home()).toMatchObject(edited)
    const profile = await call(node, 'GET', `/v1/users/${a.username}/posts`)
    expect(profile.body.items[0]).toMatchObject({ id, ...edited })
  })

  test('a page read across an edit shows the post in its new version, or leaves it out when the edit hides it', async () => {
    const [a, b] = [await register(node), await register(node)]
    const open = (await write(a, { text: 'before' })).body.id
    const hidden = (await write(a, { text: `psst @${b.username}`, visibility: 'mentioned' })).body.id
    // The versions as a page's query saw them, before two edits land.
    const versions = [
      { id: open, editedAt: null },
      { id: hidden, editedAt: null },
    ]
    expect(
      (await call(node, 'PATCH', `/v1/posts/${open}`, { token: as(a), body: { text: 'after' } })).status,
    ).toBe(200)
    expect(
      (await call(node, 'PATCH', `/v1/posts/${hidden}`, { token: as(a), body: { text: 'psst nobody' } }))
        .status,
    ).toBe(200)
    // Read by a node that has neither version yet (the old one cached would be shown as it was).
    const page = await new PostReader(node.ctx.db, 1).hydrate(b.id, versions)
    expect(page.map((p) => [p.id, p.text])).toEqual([[open, 'after']])
  })

  test('the content cache keeps to its memory budget, the least recently read out first', async () => {
    const a = await register(node)
    const ids: string[] = []
    for (let i = 0; i < 6; i++) ids.push((await write(a, { text: `${'x'.repeat(400)} ${i}` })).body.id)
    // About 1.5 KB a version (two bytes a character, and the objects): three fit in 5,000 bytes.
    const contents = new PostContents(node.ctx.db, 5000)
    const versions = ids.map((id) => ({ id, editedAt: null }))
    // Read one at a time, in order: the last three read are the ones kept.
    for (const v of versions) expect((await contents.get([v])).size).toBe(1)
    expect(contents.held.entries).toBe(3)
    expect(contents.held.bytes).toBeLessThanOrEqual(5000)
    await contents.get(versions.slice(3))
    expect(contents.reads).toEqual({ hit: 3, miss: 6 })
    expect((await contents.get(versions.slice(0, 1))).get(ids[0]!)?.text).toBe(`${'x'.repeat(400)} 0`)
    expect(contents.reads).toEqual({ hit: 3, miss: 7 })
    // A version asked for again is a hit; one edited since it was asked for is left out (the
    // caller checked visibility on the older one) and is there for the next read of the new one.
    const fresh = new PostContents(node.ctx.db, 1 << 20)
    const [first] = versions
    await fresh.get([first!])
    expect((await fresh.get([first!])).size).toBe(1)
    expect(fresh.reads).toEqual({ hit: 1, miss: 1 })
    const edited = await call(node, 'PATCH', `/v1/posts/${ids[1]}`, { token: as(a), body: { text: 'new' } })
    expect((await fresh.get([versions[1]!])).size).toBe(0)
    const now = { id: ids[1]!, editedAt: new Date(edited.body.editedAt) }
    expect((await fresh.get([now])).get(ids[1]!)?.text).toBe('new')
    expect(fresh.reads).toEqual({ hit: 2, miss: 2 })
  })

  test('deleting a post clears the links of the replies and quotes already read', async () => {
    const [a, b] = [await register(node), await register(node)]
    const parent = (await write(a, { text: 'parent' })).body.id
    const reply = (await write(b, { text: 'reply', replyTo: parent })).body.id
    const quote = (await write(b, { text: 'quote', quoteOf: parent })).body.id
    expect((await read(reply)).body.replyToId).toBe(parent)
    expect((await read(quote)).body.quoteOfId).toBe(parent)
    expect((await call(node, 'DELETE', `/v1/posts/${parent}`, { token: as(a) })).status).toBe(204)
    expect((await read(reply)).body).toMatchObject({ text: 'reply', replyToId: null })
    expect((await read(quote)).body).toMatchObject({ text: 'quote', quoteOfId: null })
  })

  test('edits a moment apart are distinct versions; each answers the post, however the others land', async () => {
    const a = await register(node)
    const id = (await write(a, { text: 'v0' })).body.id
    // Rounds of three edits at once: an edit's answer reads the post while the others commit (it
    // once answered 404 when one landed between its visibility check and its content read).
    for (let round = 0; round < 8; round++) {
      const edits = await Promise.all(
        ['v1', 'v2', 'v3'].map((text) =>
          call(node, 'PATCH', `/v1/posts/${id}`, { token: as(a), body: { text: `${text}.${round}` } }),
        ),
      )
      expect(edits.map((e) => e.status)).toEqual([200, 200, 200])
      const times = edits.map((e) => Date.parse(e.body.editedAt))
      expect(times.every(Number.isFinite)).toBe(true)
      // Versions never share an editedAt (the content cache's key): answers of one time say one text.
      for (const [i, e] of edits.entries())
        expect(edits.filter((_, j) => times[j] === times[i]).map((x) => x.body.text)).toEqual(
          edits.filter((_, j) => times[j] === times[i]).map(() => e.body.text),
        )
      const latest = edits[times.indexOf(Math.max(...times))]!
      expect((await read(id)).body).toMatchObject({ text: latest.body.text, editedAt: latest.body.editedAt })
    }
  })
})

describe('likes and reposts', () => {
  test('stay exact under many parallel likes and unlikes', async () => {
    const author = await register(node)
    const post = (await write(author, { text: 'like me' })).body.id
    const fans = await Promise.all(Array.from({ length: 20 }, () => register(node)))
    await Promise.all(fans.map((f) => call(node, 'POST', `/v1/posts/${post}/like`, { token: as(f) })))
    await Promise.all([
      ...fans.slice(0, 10).map((f) => call(node, 'DELETE', `/v1/posts/${post}/like`, { token: as(f) })),
      ...fans.slice(10).map((f) => call(node, 'POST', `/v1/posts/${post}/like`, { token: as(f) })),
      ...fans.slice(0, 5).map((f) => call(node, 'POST', `/v1/posts/${post}/repost`, { token: as(f) })),
    ])
    const [row] = (
      await sql<{ n: string }>`select count(*) as n from likes where post_id = ${post}`.execute(node.ctx.db)
    ).rows
    const seen = await read(post, fans[15])
    expect(seen.body.counts).toMatchObject({ likes: 10, reposts: 5 })
    expect(Number(row!.n)).toBe(10)
    expect(seen.body.viewer).toEqual({ liked: true, reposted: false })
    const likers = await call(node, 'GET', `/v1/posts/${post}/likes?limit=4`)
    expect(likers.body.items.length).toBe(4)
    expect(likers.body.nextCursor).toBeString()
  })

  test('only public posts can be reposted, and a like is a domain event', async () => {
    const [a, b] = [await register(node), await register(node)]
    await call(node, 'POST', `/v1/users/${a.username}/follow`, { token: as(b) })
    const privateish = (await write(a, { text: 'followers only', visibility: 'followers' })).body.id
    const res = await call(node, 'POST', `/v1/posts/${privateish}/repost`, { token: as(b) })
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('not_quotable')
    expect((await call(node, 'POST', `/v1/posts/${privateish}/like`, { token: as(b) })).status).toBe(204)
    const stream = node.ctx.bus.streamName('events')
    await eventually(async () => {
      const info = await node.ctx.bus.jsm.streams.info(stream, {
        subjects_filter: `${node.prefix}.events.post.liked`,
      })
      return Object.keys(info.state.subjects ?? {}).length > 0
    })
  })
})

describe('scheduled posts', () => {
  test('are hidden until their time, then published once by the worker', async () => {
    const [a, b] = [await register(node), await register(node)]
    const at = new Date(Date.now() + 11_000).toISOString()
    const res = await write(a, { text: 'later', scheduledAt: at })
    expect(res.status).toBe(201)
    expect(res.body.publishedAt).toBeNull()
    expect((await read(res.body.id, b)).status).toBe(404)
    expect((await read(res.body.id, a)).status).toBe(200)
    expect(
      (await write(a, { text: 'too soon', scheduledAt: new Date(Date.now() + 1000).toISOString() })).status,
    ).toBe(422)
    // Bring the time forward rather than wait; the worker publishes it within its poll.
    await sql`update posts set scheduled_at = now() where id = ${res.body.id}`.execute(node.ctx.db)
    await eventually(async () => (await read(res.body.id, b)).status === 200, 5000)
    expect(await node.ctx.services.posts.posts.publishDue()).toBe(0)
    expect((await call(node, 'GET', `/v1/users/${a.username}`)).body.counts.posts).toBe(1)
  })
})
