import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
let admin: Account
let moderator: Account
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation-screening')
  admin = await promote(node, await register(node), 'admin')
  moderator = await promote(node, await register(node), 'moderator')
  const policies = await call(node, 'PUT', '/v1/admin/moderation/policies', {
    token: as(admin),
    body: {
      rules: [
        { label: 'spam', minScore: 0.5, outcome: 'sensitive' },
        { label: 'gore', minScore: 0.5, outcome: 'age_restrict' },
        { label: 'hate', minScore: 0.5, outcome: 'sensitive' },
        { label: 'hate', minScore: 0.9, outcome: 'hold' },
        { label: 'violence', minScore: 0.5, outcome: 'remove' },
        { label: 'nudity', minScore: 0.5, outcome: 'allow' },
      ],
    },
  })
  expect(policies.status).toBe(200)
  for (const term of [
    { pattern: 'Spamword', regex: false, severity: 1, label: 'spam' },
    { pattern: 'goreword', regex: false, severity: 2, label: 'gore' },
    { pattern: 'hateword', regex: false, severity: 3, label: 'hate' },
    { pattern: 'hateword', regex: false, severity: 3, label: 'hate', language: 'fr' },
    { pattern: 'kill+ing', regex: true, severity: 3, label: 'violence' },
    { pattern: 'nudeword', regex: false, severity: 3, label: 'nudity' },
  ]) {
    const res = await call(node, 'POST', '/v1/admin/moderation/terms', { token: as(admin), body: term })
    expect(res.status).toBe(201)
  }
})
afterAll(async () => {
  await node.stop()
})

const read = (post: string, viewer?: Account) =>
  call(node, 'GET', `/v1/posts/${post}`, viewer ? { token: as(viewer) } : {})

describe('screening and policies', () => {
  test('a post that meets a hold is invisible to others, visible to its author and moderators', async () => {
    const [author, other] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'this is a HATEWORD here', language: 'en' })
    expect((await read(post, other)).status).toBe(404)
    expect((await read(post)).status).toBe(404)
    const own = await read(post, author)
    expect(own.status).toBe(200)
    expect(own.body.moderation).toBe('held')
    expect((await read(post, moderator)).status).toBe(200)
    // Its labels, for moderators only.
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=post:${post}`, {
      token: as(moderator),
    })
    expect(labels.status).toBe(200)
    expect(labels.body.items.map((l: { value: string; score: number }) => [l.value, l.score])).toEqual([
      ['hate', 1],
    ])
    expect(
      (await call(node, 'GET', `/v1/moderation/labels?subject=post:${post}`, { token: as(other) })).status,
    ).toBe(403)
    // A case for moderators; approving it (reversing the hold) shows the post to everyone.
    const queue = await call(node, 'GET', '/v1/moderation/cases', { token: as(moderator) })
    const held = queue.body.items.find((c: { subject: string }) => c.subject === `post:${post}`)
    expect(held).toBeDefined()
    const actions = await call(node, 'GET', '/v1/admin/moderation/audit', { token: as(admin) })
    const taken = actions.body.items.find(
      (a: { subject: string; verb: string }) => a.subject === `post:${post}` && a.verb === 'action.taken',
    )
    expect(taken.actorId).toBeNull()
    const reversed = await call(node, 'POST', `/v1/moderation/actions/${taken.data.actionId}/reverse`, {
      token: as(moderator),
      body: { reason: 'quoted to criticise it' },
    })
    expect(reversed.status).toBe(200)
    expect(reversed.body.reversedAt).not.toBeNull()
    expect((await read(post, other)).status).toBe(200)
    // The author was told of the hold, with its statement of reasons.
    await eventually(async () => {
      const list = await call(node, 'GET', '/v1/notifications?types=moderation', { token: as(author) })
      return list.body.items.some(
        (n: { moderationActionId: string }) => n.moderationActionId === taken.data.actionId,
      )
    }, 10_000)
    const statement = await call(node, 'GET', `/v1/moderation/actions/${taken.data.actionId}`, {
      token: as(author),
    })
    expect(statement.status).toBe(200)
    expect(statement.body.statement.automated).toBe(true)
    expect(statement.body.statement.rule).toBe('policy: hate')
    expect(
      (await call(node, 'GET', `/v1/moderation/actions/${taken.data.actionId}`, { token: as(other) })).status,
    ).toBe(404)
  })

  test('sensitive and age-restricted posts are shown with a warning; age-restricted to adults only', async () => {
    const [author, other] = [await register(node), await register(node)]
    const spam = await writePost(node, author, { text: 'buy spamword now' })
    const view = await read(spam, other)
    expect(view.status).toBe(200)
    expect(view.body.sensitive).toBe(true)
    expect(view.body.contentWarning).toBe('spam')
    // "spamwords" is not the word: nothing happens.
    const fine = await writePost(node, author, { text: 'spamwords are fine' })
    expect((await read(fine, other)).body.sensitive).toBe(false)
    const gore = await writePost(node, author, { text: 'goreword' })
    expect((await read(gore, other)).status).toBe(404)
    expect((await read(gore)).status).toBe(404)
    expect((await read(gore, author)).body.moderation).toBe('age_restricted')
    const born = await call(node, 'PATCH', '/v1/me', { token: as(other), body: { birthDate: '1990-01-01' } })
    expect(born.status).toBe(200)
    const adult = await read(gore, other)
    expect(adult.status).toBe(200)
    expect(adult.body.sensitive).toBe(true)
    // An allowed label changes nothing.
    const nude = await writePost(node, author, { text: 'nudeword' })
    expect((await read(nude, other)).body.moderation).toBeNull()
  })

  test('the screening job applies what it finds later (regex terms): removed for everyone but moderators', async () => {
    const [author, other] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'all that killllling' })
    expect((await read(post, other)).status).toBe(200)
    await eventually(async () => (await read(post, other)).status === 404, 15_000)
    expect((await read(post, author)).status).toBe(404)
    expect((await read(post, moderator)).body.moderation).toBe('removed')
    // An edit is screened again.
    const later = await writePost(node, author, { text: 'harmless' })
    await call(node, 'PATCH', `/v1/posts/${later}`, { token: as(author), body: { text: 'now hateword' } })
    expect((await read(later, other)).status).toBe(404)
  })

  test('term lists and policies: admins only; bad input is refused', async () => {
    const user = await register(node)
    expect((await call(node, 'GET', '/v1/admin/moderation/terms', { token: as(user) })).status).toBe(403)
    expect((await call(node, 'GET', '/v1/admin/moderation/terms', { token: as(moderator) })).status).toBe(403)
    const list = await call(node, 'GET', '/v1/admin/moderation/terms', { token: as(admin) })
    expect(list.body.items.length).toBe(6)
    const bad = await call(node, 'POST', '/v1/admin/moderation/terms', {
      token: as(admin),
      body: { pattern: '(unclosed', regex: true, severity: 1, label: 'spam' },
    })
    expect(bad.status).toBe(422)
    const twice = await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: {
        rules: [
          { label: 'spam', minScore: 0.5, outcome: 'hold' },
          { label: 'spam', minScore: 0.5, outcome: 'remove' },
        ],
      },
    })
    expect(twice.status).toBe(422)
    const outOfRange = await call(node, 'PUT', '/v1/admin/moderation/policies', {
      token: as(admin),
      body: { rules: [{ label: 'spam', minScore: 2, outcome: 'hold' }] },
    })
    expect(outOfRange.status).toBe(422)
    const term = list.body.items.find((t: { label: string }) => t.label === 'nudity')
    expect(
      (await call(node, 'DELETE', `/v1/admin/moderation/terms/${term.id}`, { token: as(admin) })).status,
    ).toBe(204)
    expect(
      (await call(node, 'DELETE', `/v1/admin/moderation/terms/${term.id}`, { token: as(admin) })).status,
    ).toBe(404)
    expect(
      (await call(node, 'GET', '/v1/moderation/labels?subject=post:nope', { token: as(moderator) })).status,
    ).toBe(422)
  })
  test("a subject's labels page newest first; bad pages are refused", async () => {
    const author = await register(node)
    // Two terms' labels, written by the inline check in one statement (one created_at).
    const post = await writePost(node, author, { text: 'Spamword goreword', language: 'en' })
    const labelsPage = (query: string) =>
      call(node, 'GET', `/v1/moderation/labels?subject=post:${post}${query}`, { token: as(moderator) })
    const all = (await labelsPage('&limit=100')).body.items as {
      id: string
      value: string
      createdAt: string
    }[]
    expect(all.map((l) => l.value)).toEqual(expect.arrayContaining(['spam', 'gore']))
    const order = [...all].sort((a, b) => (b.createdAt + b.id).localeCompare(a.createdAt + a.id))
    expect(all.map((l) => l.id)).toEqual(order.map((l) => l.id))
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await labelsPage(`&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBe(1)
      seen.push(...res.body.items.map((l: { id: string }) => l.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((l) => l.id))
    for (const bad of [
      '&limit=0',
      '&limit=101',
      '&limit=1.5',
      '&cursor=bm9wZQ',
      `&cursor=${'x'.repeat(300)}`,
    ])
      expect((await labelsPage(bad)).status).toBe(422)
  })
  test("a moderator's label: kept as moderator:<id>, put through the policies as that moderator's action", async () => {
    const [author, other] = [await register(node), await register(node)]
    const post = await writePost(node, author, { text: 'a perfectly ordinary post', language: 'en' })
    const label = (who: Account, body: unknown) =>
      call(node, 'POST', '/v1/moderation/labels', { token: as(who), body })
    expect((await label(other, { subject: `post:${post}`, value: 'hate', score: 0.95 })).status).toBe(403)
    const added = await label(moderator, { subject: `post:${post}`, value: 'hate', score: 0.95 })
    expect(added.status).toBe(201)
    expect(added.body).toEqual({
      subject: { kind: 'post', id: post },
      value: 'hate',
      score: 0.95,
      source: `moderator:${moderator.id}`,
    })
    // hate ≥ 0.9 holds: the hold is the moderator's action, with a statement that says so.
    expect((await read(post, other)).status).toBe(404)
    expect((await read(post, author)).status).toBe(200)
    const taken = await node.ctx.db
      .selectFrom('moderationActions')
      .select(['id', 'kind', 'moderatorId', 'statement'])
      .where('subjectKind', '=', 'post')
      .where('subjectId', '=', post)
      .execute()
    expect(taken).toMatchObject([
      { kind: 'hold', moderatorId: moderator.id, statement: { automated: false, rule: 'policy: hate' } },
    ])
    const labels = await call(node, 'GET', `/v1/moderation/labels?subject=post:${post}`, {
      token: as(moderator),
    })
    expect(labels.body.items.map((l: { source: string }) => l.source)).toContain(`moderator:${moderator.id}`)
    const audit = await call(node, 'GET', '/v1/admin/moderation/audit?limit=10', { token: as(admin) })
    expect(
      audit.body.items.some(
        (a: { verb: string; subject: string; actorId: string }) =>
          a.verb === 'label.added' && a.subject === `post:${post}` && a.actorId === moderator.id,
      ),
    ).toBe(true)
    // The label's moderator cannot decide the appeal of the hold.
    const appeal = await call(node, 'POST', '/v1/appeals', {
      token: as(author),
      body: { actionId: taken[0]!.id, text: 'it is ordinary' },
    })
    expect(appeal.status).toBe(201)
    const decision = await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
      token: as(moderator),
      body: { outcome: 'reversed', reason: 'mine' },
    })
    expect(decision.status).toBe(403)
    // Another reverses it on appeal: cleared, a model's later label would not hold it again; a
    // moderator's label is a new decision (violence ≥ 0.5 removes).
    const reversed = await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
      token: as(admin),
      body: { outcome: 'reversed', reason: 'ordinary indeed' },
    })
    expect(reversed.status).toBe(200)
    expect((await read(post, other)).status).toBe(200)
    expect((await label(moderator, { subject: `post:${post}`, value: 'violence', score: 0.8 })).status).toBe(
      201,
    )
    expect((await read(post, other)).status).toBe(404)
    expect((await read(post, author)).status).toBe(404)
    // Bad input.
    for (const body of [
      { subject: `post:${post}`, value: 'Hate Speech' },
      { subject: `post:${post}`, value: 'hate\u0000' },
      { subject: `post:${post}`, value: 'hate', score: 1.5 },
      { subject: `post:${post}`, value: 'hate', score: -0.1 },
      { subject: `post:${post}`, value: 'hate', score: '1' },
      { subject: 'post:nope', value: 'hate' },
      { subject: `post:${post}`, value: 'x'.repeat(41) },
      { value: 'hate' },
    ])
      expect((await label(moderator, body)).status).toBe(422)
    expect((await label(moderator, { subject: `post:${crypto.randomUUID()}`, value: 'hate' })).status).toBe(
      404,
    )
  })
})
