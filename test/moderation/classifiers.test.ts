import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import type { Label, TextContext } from '../../src/moderation/screener.ts'
import { SPAM_SOURCE, spamScreener } from '../../src/moderation/screening/spam.ts'
import { WORDS_SOURCE, wordListScreener } from '../../src/moderation/screening/words.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
let admin: Account
let moderator: Account
const as = (a: Account) => a.tokens.accessToken
const ctxOf = (authorId: string, id = crypto.randomUUID()): TextContext => ({
  subject: { kind: 'post', id },
  authorId,
  language: 'en',
})
const values = (labels: Label[]) => labels.map((l) => l.value).sort()

beforeAll(async () => {
  node = await startSocialNode('moderation-classifiers')
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
  const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(admin),
    body: {
      rules: [
        { label: 'harassment', minScore: 0.6, outcome: 'hold' },
        { label: 'sexual', minScore: 0.5, outcome: 'sensitive' },
        { label: 'spam', minScore: 0.6, outcome: 'hold' },
      ],
    },
  })
  expect(policies.status).toBe(200)
})
afterAll(async () => {
  await node.stop()
})

describe('the word list (obscenity)', () => {
  const words = wordListScreener()
  const ctx = ctxOf(crypto.randomUUID())

  test('finds words through obfuscation and maps them to labels with scores', async () => {
    const insult = await words.screenText('you are a b1tch', ctx)
    expect(insult).toEqual([{ value: 'harassment', score: 0.7, source: WORDS_SOURCE }])
    // Not addressed to anyone: less sure.
    expect((await words.screenText('sh1t happens', ctx))[0]?.score).toBe(0.5)
    expect(values(await words.screenText('FUUUUCK', ctx))).toEqual(['harassment'])
    const sexual = await words.screenText('p0rn and d1ld0', ctx)
    expect(sexual).toEqual([{ value: 'sexual', score: 0.7, source: WORDS_SOURCE }])
    expect(values(await words.screenText('what a kike', ctx))).toEqual(['hate'])
    expect(values(await words.screenText('porn, you b1tch', ctx))).toEqual(['harassment', 'sexual'])
  })

  test('leaves clean text alone, including words that merely contain a listed one', async () => {
    for (const text of ['Scunthorpe is a town', 'the assassin passed the class', 'hello world', ''])
      expect(await words.screenText(text, ctx)).toEqual([])
  })
})

describe('spam heuristics', () => {
  test('links and repetition', async () => {
    const spam = spamScreener(node.ctx.db)
    const ctx = ctxOf(crypto.randomUUID())
    expect(await spam.screenText('see https://a.example and www.b.example', ctx)).toEqual([])
    const linky = await spam.screenText(
      'https://a.example https://b.example http://c.example www.d.example https://e.example',
      ctx,
    )
    expect(linky).toEqual([{ value: 'spam', score: 0.7, source: SPAM_SOURCE }])
    expect(values(await spam.screenText('buy buy buy buy buy buy now buy cheap', ctx))).toEqual(['spam'])
    expect(values(await spam.screenText('wow!!!!!!!!!!!!!!!!!!!!!!!', ctx))).toEqual(['spam'])
    expect(
      await spam.screenText('a perfectly normal sentence with several different words in it', ctx),
    ).toEqual([])
  })

  test('the same text again and again, and bursts from new accounts (from the database)', async () => {
    const spam = spamScreener(node.ctx.db)
    const author = await register(node)
    for (let i = 0; i < 2; i++) await writePost(node, author, { text: 'join my channel today' })
    expect(await spam.screenText('join my channel today', ctxOf(author.id))).toEqual([])
    await writePost(node, author, { text: 'join my channel today' })
    expect(values(await spam.screenText('join my channel today', ctxOf(author.id)))).toEqual(['spam'])
    // Eleven different posts in ten minutes from an account a day old is a burst...
    const burst = await register(node)
    for (let i = 0; i < 11; i++) await writePost(node, burst, { text: `update number ${i}` })
    expect(values(await spam.screenText('another one', ctxOf(burst.id)))).toEqual(['spam'])
    // ...but not from an older account.
    await sql`update users set created_at = now() - interval '30 days' where id = ${burst.id}`.execute(
      node.ctx.db,
    )
    expect(await spam.screenText('another one', ctxOf(burst.id))).toEqual([])
  })
})

describe('the screening job runs the classifiers; policies act on their labels', () => {
  const read = (post: string, viewer?: Account) =>
    call(node, 'GET', `/v1/posts/${post}`, viewer ? { token: as(viewer) } : {})

  test('an obfuscated insult is held by the job: invisible to others, visible to its author and moderators', async () => {
    const [author, other] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'you are such a b1tch', language: 'en' })
    await eventually(async () => (await read(post, other)).status === 404, 15_000)
    expect((await read(post, author)).body.moderation).toBe('held')
    expect((await read(post, moderator)).status).toBe(200)
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=post:${post}`, {
      token: as(moderator),
    })
    expect(labels.body.items.map((l: Label) => [l.value, l.score, l.source])).toEqual([
      ['harassment', 0.7, WORDS_SOURCE],
    ])
  })

  test('sexual words mark a post sensitive; a clean post gets no label', async () => {
    const [author, other] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'my p0rn collection' })
    const clean = await writePost(node, author, { text: 'my stamp collection' })
    await eventually(async () => (await read(post, other)).body.sensitive === true, 15_000)
    expect((await read(post, other)).body.contentWarning).toBe('sexual')
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=post:${clean}`, {
      token: as(moderator),
    })
    expect(labels.body.items).toEqual([])
    expect((await read(clean, other)).body.sensitive).toBe(false)
  })

  test('the third copy of a text is held as spam', async () => {
    const [author, other] = [await register(node), await register(node)]
    const posts: string[] = []
    for (let i = 0; i < 3; i++) posts.push(await writePost(node, author, { text: 'free followers here' }))
    await eventually(async () => (await read(posts[2]!, other)).status === 404, 15_000)
    expect((await read(posts[0]!, other)).status).toBe(200)
  })
})
