import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { makeClip, uploadVideo, whenProcessed } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

let node: TestNode
let admin: Account
let mod1: Account
let mod2: Account
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation-cases', { MODERATION_TRANSPARENCY_MIN: '3' })
  admin = await promote(node, await register(node), 'admin')
  mod1 = await promote(node, await register(node), 'moderator')
  mod2 = await promote(node, await register(node), 'moderator')
})
afterAll(async () => {
  await node.stop()
})

const notified = (a: Account, match: (n: Record<string, unknown>) => boolean) =>
  eventually(async () => {
    const list = await call(node, 'GET', '/v1/notifications?types=moderation', { token: as(a) })
    return list.body.items.some(match)
  }, 10_000)

describe('reports, cases, actions, appeals', () => {
  test('report → case → action → statement → appeal → reversal, with permissions', async () => {
    const [author, r1, r2, user] = [
      await register(node),
      await register(node),
      await register(node),
      await register(node),
    ]
    const post = await writePost(node, author, { text: 'something nasty' })
    const other = await writePost(node, author, { text: 'more of it' })
    const first = await call(node, 'POST', '/v1/reports', {
      token: as(r1),
      body: {
        subject: `post:${post}`,
        category: 'harassment',
        comment: 'aimed at me',
        extraSubjects: [`post:${other}`],
      },
    })
    expect(first.status).toBe(201)
    const second = await call(node, 'POST', '/v1/reports', {
      token: as(r2),
      body: { subject: `post:${post}`, category: 'hate' },
    })
    expect(second.status).toBe(201)
    // Reports on one subject merge into one case; reporting it again is refused.
    expect(second.body.caseId).toBe(first.body.caseId)
    const again = await call(node, 'POST', '/v1/reports', {
      token: as(r1),
      body: { subject: `post:${post}`, category: 'spam' },
    })
    expect(again.status).toBe(409)
    const caseId = first.body.caseId

    // A user cannot see the queue; a moderator can, with the case's priority and categories.
    expect((await call(node, 'GET', '/v1/moderation/cases', { token: as(user) })).status).toBe(403)
    const queue = await call(node, 'GET', '/v1/moderation/cases?category=hate', { token: as(mod1) })
    expect(queue.status).toBe(200)
    const listed = queue.body.items.find((c: { id: string }) => c.id === caseId)
    expect(listed.reportCount).toBe(2)
    expect(listed.categories).toEqual(['harassment', 'hate'])
    expect(listed.priority).toBe(50 + 10)
    const detail = await call(node, 'GET', `/v1/moderation/cases/${caseId}`, { token: as(mod1) })
    expect(detail.body.reports[0].extraSubjects).toEqual([`post:${other}`])

    // Assignment, notes, escalation.
    const assigned = await call(node, 'POST', `/v1/moderation/cases/${caseId}/assign`, {
      token: as(mod1),
      body: {},
    })
    expect(assigned.body.assigneeId).toBe(mod1.id)
    const mine = await call(node, 'GET', `/v1/moderation/cases?assignee=${mod1.id}`, { token: as(mod1) })
    expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(caseId)
    const noted = await call(node, 'POST', `/v1/moderation/cases/${caseId}/notes`, {
      token: as(mod1),
      body: { text: 'looks bad' },
    })
    expect(noted.body.notes.map((n: { text: string }) => n.text)).toEqual(['looks bad'])
    const escalated = await call(node, 'POST', `/v1/moderation/cases/${caseId}/escalate`, {
      token: as(mod1),
      body: { note: 'admins?' },
    })
    expect(escalated.body.state).toBe('escalated')
    expect(
      (await call(node, 'GET', '/v1/moderation/cases?state=escalated', { token: as(mod1) })).body.items.map(
        (c: { id: string }) => c.id,
      ),
    ).toContain(caseId)

    // The action: removed; the case resolved; the author gets the statement; reporters the outcome.
    const removed = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: {
        kind: 'remove',
        subject: `post:${post}`,
        rule: 'No harassment (rule 2)',
        reason: 'targets a person',
        caseId,
      },
    })
    expect(removed.status).toBe(201)
    expect(removed.body.statement).toMatchObject({
      rule: 'No harassment (rule 2)',
      action: 'remove',
      automated: false,
    })
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(r1) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(author) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/moderation/cases/${caseId}`, { token: as(mod1) })).body.state).toBe(
      'resolved',
    )
    await notified(author, (n) => n.moderationActionId === removed.body.id)
    const statement = await call(node, 'GET', `/v1/moderation/actions/${removed.body.id}`, {
      token: as(author),
    })
    expect(statement.body.moderatorId).toBeNull()
    expect(statement.body.statement.appeal).toContain('POST /v1/appeals')
    await notified(r2, (n) => n.reportId === second.body.id && n.actor === null)
    const outcome = await call(node, 'GET', `/v1/reports/${second.body.id}`, { token: as(r2) })
    expect(outcome.body).toMatchObject({ state: 'resolved', outcome: 'action_taken' })
    expect(JSON.stringify(outcome.body)).not.toContain(author.id)
    expect((await call(node, 'GET', `/v1/reports/${second.body.id}`, { token: as(r1) })).status).toBe(404)

    // Appeals: by the target only, once; decided by another moderator.
    expect(
      (
        await call(node, 'POST', '/v1/appeals', {
          token: as(r1),
          body: { actionId: removed.body.id, text: 'no' },
        })
      ).status,
    ).toBe(404)
    const appeal = await call(node, 'POST', '/v1/appeals', {
      token: as(author),
      body: { actionId: removed.body.id, text: 'it was a quote' },
    })
    expect(appeal.status).toBe(201)
    expect(
      (
        await call(node, 'POST', '/v1/appeals', {
          token: as(author),
          body: { actionId: removed.body.id, text: 'again' },
        })
      ).status,
    ).toBe(409)
    const pending = await call(node, 'GET', '/v1/moderation/appeals', { token: as(mod2) })
    expect(pending.body.items.map((a: { id: string }) => a.id)).toContain(appeal.body.id)
    const own = await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
      token: as(mod1),
      body: { outcome: 'reversed', reason: 'mine' },
    })
    expect(own.status).toBe(403)
    expect(
      (
        await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
          token: as(user),
          body: { outcome: 'reversed', reason: 'x' },
        })
      ).status,
    ).toBe(403)
    const decided = await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
      token: as(mod2),
      body: { outcome: 'reversed', reason: 'it was a quote indeed' },
    })
    expect(decided.status).toBe(200)
    expect(decided.body.state).toBe('reversed')
    // Reversal restores what was removed.
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(r1) })).status).toBe(200)
    expect(
      (await call(node, 'GET', `/v1/moderation/actions/${removed.body.id}`, { token: as(author) })).body
        .reversedAt,
    ).not.toBeNull()
    expect(
      (
        await call(node, 'POST', `/v1/appeals/${appeal.body.id}/decision`, {
          token: as(mod2),
          body: { outcome: 'upheld', reason: 'x' },
        })
      ).status,
    ).toBe(409)
    expect(
      (
        await call(node, 'POST', `/v1/moderation/actions/${removed.body.id}/reverse`, {
          token: as(mod2),
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(409)

    // The audit log: administrators only.
    expect((await call(node, 'GET', '/v1/admin/moderation/audit', { token: as(mod1) })).status).toBe(403)
    const audit = await call(node, 'GET', '/v1/admin/moderation/audit', { token: as(admin) })
    const verbs = audit.body.items.map((a: { verb: string }) => a.verb)
    for (const verb of [
      'case.assigned',
      'case.noted',
      'case.escalated',
      'action.taken',
      'appeal.decided',
      'action.reversed',
    ])
      expect(verbs).toContain(verb)
  })

  test('account actions: limit keeps posts to followers; suspend and ban reuse account suspension', async () => {
    const [author, follower, stranger] = [await register(node), await register(node), await register(node)]
    await call(node, 'POST', `/v1/users/${author.username}/follow`, { token: as(follower) })
    const post = await writePost(node, author, { text: 'hello' })
    const limit = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'limit', subject: `user:${author.id}`, rule: 'Spam', reason: 'bursts of links' },
    })
    expect(limit.status).toBe(201)
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(stranger) })).status).toBe(404)
    expect((await call(node, 'GET', `/v1/posts/${post}`)).status).toBe(404)
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(follower) })).status).toBe(200)
    await call(node, 'POST', `/v1/moderation/actions/${limit.body.id}/reverse`, {
      token: as(mod1),
      body: { reason: 'ok' },
    })
    expect((await call(node, 'GET', `/v1/posts/${post}`, { token: as(stranger) })).status).toBe(200)

    // A suspension needs an end in the future; a content action does not apply to an account.
    const noEnd = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'suspend', subject: `user:${author.id}`, rule: 'r', reason: 'r' },
    })
    expect(noEnd.status).toBe(422)
    const past = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: {
        kind: 'suspend',
        subject: `user:${author.id}`,
        rule: 'r',
        reason: 'r',
        until: '2001-01-01T00:00:00Z',
      },
    })
    expect(past.status).toBe(422)
    const onAccount = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'remove', subject: `user:${author.id}`, rule: 'r', reason: 'r' },
    })
    expect(onAccount.status).toBe(422)
    const until = new Date(Date.now() + 86_400_000).toISOString()
    const suspended = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'suspend', subject: `post:${post}`, rule: 'Repeated spam', reason: 'third time', until },
    })
    expect(suspended.status).toBe(201)
    expect(suspended.body.targetUserId).toBe(author.id)
    const refused = await call(node, 'GET', '/v1/me', { token: as(author) })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'account_suspended', until, reason: 'third time' })
    await call(node, 'POST', `/v1/moderation/actions/${suspended.body.id}/reverse`, {
      token: as(mod2),
      body: { reason: 'mistake' },
    })
    const login = await call(node, 'POST', '/v1/auth/login', {
      body: { login: author.username, password: author.password },
    })
    expect(login.status).toBe(200)
    // A ban likewise (its statement is kept; the banned account cannot sign in to read it).
    const banned = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(mod1),
      body: { kind: 'ban', subject: `user:${author.id}`, rule: 'Ban evasion', reason: 'second account' },
    })
    expect(banned.status).toBe(201)
    const refusedLogin = await call(node, 'POST', '/v1/auth/login', {
      body: { login: author.username, password: author.password },
    })
    expect(refusedLogin.body.code).toBe('account_banned')
  })

  test('bad input is refused with problems', async () => {
    const user = await register(node)
    const post = await writePost(node, await register(node), { text: 'x' })
    const report = (body: unknown) => call(node, 'POST', '/v1/reports', { token: as(user), body })
    expect((await report({ subject: 'post:nope', category: 'spam' })).status).toBe(422)
    expect((await report({ subject: `post:${post}`, category: 'rude' })).status).toBe(422)
    expect((await report({ subject: `post:${crypto.randomUUID()}`, category: 'spam' })).status).toBe(404)
    expect((await report({ subject: `user:${user.id}`, category: 'spam' })).status).toBe(422)
    // Videos and live streams are subjects (screened, reported): one that does not exist is not found.
    expect((await report({ subject: `video:${crypto.randomUUID()}`, category: 'spam' })).status).toBe(404)
    expect((await report({ subject: `stream:${crypto.randomUUID()}`, category: 'spam' })).status).toBe(404)
    const someoneElse = await register(node)
    expect(
      (await report({ subject: `post:${post}`, category: 'spam', extraSubjects: [`user:${someoneElse.id}`] }))
        .status,
    ).toBe(422)
    expect(
      (await call(node, 'POST', '/v1/reports', { body: { subject: `post:${post}`, category: 'spam' } }))
        .status,
    ).toBe(401)
    expect(
      (
        await call(node, 'POST', '/v1/moderation/actions', {
          token: as(user),
          body: { kind: 'warn', subject: `post:${post}`, rule: 'r', reason: 'r' },
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await call(node, 'POST', '/v1/moderation/actions', {
          token: as(mod1),
          body: { kind: 'explode', subject: `post:${post}`, rule: 'r', reason: 'r' },
        })
      ).status,
    ).toBe(422)
    expect(
      (
        await call(node, 'POST', '/v1/moderation/actions', {
          token: as(mod1),
          body: { kind: 'warn', subject: `post:${crypto.randomUUID()}`, rule: 'r', reason: 'r' },
        })
      ).status,
    ).toBe(404)
    expect((await call(node, 'GET', '/v1/moderation/cases?cursor=garbage', { token: as(mod1) })).status).toBe(
      422,
    )
    expect(
      (
        await call(node, 'POST', `/v1/moderation/cases/${crypto.randomUUID()}/notes`, {
          token: as(mod1),
          body: { text: 'x' },
        })
      ).status,
    ).toBe(404)
    expect(
      (await call(node, 'POST', '/v1/appeals', { token: as(user), body: { actionId: 'x', text: 'x' } }))
        .status,
    ).toBe(422)
  })

  test('transparency: counts by category and action, automated and manual, appeals; small counts as ranges', async () => {
    const from = new Date(Date.now() - 60_000).toISOString()
    const author = await register(node)
    const posts = await Promise.all(
      Array.from({ length: 3 }, (_, i) => writePost(node, author, { text: `spam ${i}` })),
    )
    for (const post of posts) {
      const reporter = await register(node)
      const res = await call(node, 'POST', '/v1/reports', {
        token: as(reporter),
        body: { subject: `post:${post}`, category: 'spam' },
      })
      await call(node, 'POST', '/v1/moderation/actions', {
        token: as(mod1),
        body: { kind: 'warn', subject: `post:${post}`, rule: 'Spam', reason: 'ads', caseId: res.body.caseId },
      })
    }
    const report = await call(node, 'GET', `/v1/transparency?from=${encodeURIComponent(from)}`)
    expect(report.status).toBe(200)
    expect(report.body.threshold).toBe(3)
    expect(report.body.reportsByCategory.spam).toBe('3')
    expect(report.body.actionsByKind.warn).toBe('3')
    expect(Number(report.body.actions.manual)).toBeGreaterThanOrEqual(3)
    expect(report.body.medianSecondsReportToAction).toBeGreaterThanOrEqual(0)
    // The period before: nothing; one hour ago to a minute ago has only small counts or none.
    const before = await call(
      node,
      'GET',
      `/v1/transparency?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`,
    )
    expect(before.body.reportsByCategory).toEqual({})
    expect(before.body.actions).toEqual({ automated: '0', manual: '0' })
    expect(
      (await call(node, 'GET', '/v1/transparency?from=2020-01-02T00:00:00Z&to=2020-01-01T00:00:00Z')).status,
    ).toBe(422)
    expect((await call(node, 'GET', '/v1/transparency?from=yesterday')).status).toBe(422)
    // Per period: the same counts for each day, week (from Monday) or month, cut to from and to.
    const to = new Date(Date.now() + 1000).toISOString()
    const daily = await call(
      node,
      'GET',
      `/v1/transparency?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&interval=day`,
    )
    expect(daily.status).toBe(200)
    expect(daily.body.interval).toBe('day')
    expect(daily.body.reportsByCategory.spam).toBe('3')
    const days = daily.body.periods as {
      from: string
      to: string
      reportsByCategory: Record<string, string>
    }[]
    expect(days[0]!.from).toBe(from)
    expect(days.at(-1)!.to).toBe(to)
    // (Two days only when the minute straddled midnight.)
    if (days.length === 1) expect(days[0]!.reportsByCategory.spam).toBe('3')
    const weeks = await call(
      node,
      'GET',
      '/v1/transparency?from=2026-12-02T12:00:00.000Z&to=2026-12-10T00:00:00.000Z&interval=week',
    )
    expect(weeks.body.periods.map((p: { from: string; to: string }) => [p.from, p.to])).toEqual([
      ['2026-12-02T12:00:00.000Z', '2026-12-07T00:00:00.000Z'],
      ['2026-12-07T00:00:00.000Z', '2026-12-10T00:00:00.000Z'],
    ])
    const months = await call(
      node,
      'GET',
      '/v1/transparency?from=2020-01-15T00:00:00Z&to=2020-12-31T00:00:00Z&interval=month',
    )
    expect(months.body.periods.length).toBe(12)
    expect(months.body.periods[1]).toMatchObject({
      from: '2020-02-01T00:00:00.000Z',
      to: '2020-03-01T00:00:00.000Z',
      reportsByCategory: {},
      actions: { automated: '0', manual: '0' },
      medianSecondsReportToAction: null,
    })
    for (const bad of [
      'interval=year',
      'interval=day&from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z',
      'interval=',
      'interval=day%00',
    ])
      expect((await call(node, 'GET', `/v1/transparency?${bad}`)).status).toBe(422)
  })

  test('a copyright report on a video (or a post carrying one) points to the copyright flow; elsewhere it is a case', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sf-cases-'))
    try {
      const [uploader, reporter] = [await register(node), await register(node)]
      const video = await uploadVideo(
        node,
        uploader,
        await makeClip(join(scratch, 'c.mp4'), { seconds: 2 }),
        {
          title: 'a song',
        },
      )
      const carrying = await writePost(node, uploader, { text: 'my cover', videoId: video.id })
      const report = (subject: string, extraSubjects?: string[]) =>
        call(node, 'POST', '/v1/reports', {
          token: as(reporter),
          body: {
            subject,
            category: 'copyright',
            comment: 'my song',
            ...(extraSubjects ? { extraSubjects } : {}),
          },
        })
      const viaPost = await report(`post:${carrying}`)
      expect(viaPost.status).toBe(422)
      expect(viaPost.body.code).toBe('copyright_claim_required')
      expect(viaPost.body.subject).toBe(`video:${video.id}`)
      expect(viaPost.body.copyrightFlow).toEqual({
        claim: 'POST /v1/copyright/claims',
        references: 'POST /v1/copyright/references',
        role: 'rightsholder',
      })
      expect(viaPost.body.detail).toContain('/v1/copyright/claims')
      expect((await whenProcessed(node, uploader, video.id)).status).toBe('ready')
      await eventually(
        async () =>
          (await call(node, 'GET', `/v1/videos/${video.id}`, { token: as(reporter) })).status === 200,
        30_000,
      )
      const direct = await report(`video:${video.id}`)
      expect(direct.status).toBe(422)
      expect(direct.body.code).toBe('copyright_claim_required')
      // Among extra subjects too; nothing was recorded.
      const words = await writePost(node, uploader, { text: 'lyrics copied in full' })
      expect((await report(`post:${words}`, [`video:${video.id}`])).status).toBe(422)
      // Copyright in words (or an image, a profile) is a case for moderators.
      const lyrics = await report(`post:${words}`)
      expect(lyrics.status).toBe(201)
      const queue = await call(node, 'GET', '/v1/moderation/cases?category=copyright', { token: as(mod1) })
      expect(queue.body.items.map((c: { subject: string }) => c.subject)).toEqual([`post:${words}`])
      // Under another category, a video is reported as anything else.
      expect(
        (
          await call(node, 'POST', '/v1/reports', {
            token: as(reporter),
            body: { subject: `video:${video.id}`, category: 'violence' },
          })
        ).status,
      ).toBe(201)
      // Someone else's video the reporter cannot see: 404 first, whatever the category.
      const hidden = await uploadVideo(
        node,
        uploader,
        await makeClip(join(scratch, 'd.mp4'), { seconds: 1 }),
        {
          visibility: 'private',
        },
      )
      expect((await report(`video:${hidden.id}`)).status).toBe(404)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  }, 120_000)
  test("the queue's order: category and reporters, then labels and the author's reach; appeals close after MODERATION_APPEAL_DAYS", async () => {
    const term = await call(node, 'POST', '/v1/admin/moderation/terms', {
      token: as(admin),
      body: { pattern: 'zqxbuyfollowers', regex: false, severity: 3, label: 'spam' },
    })
    expect(term.status).toBe(201)
    const [plain, popular, labelled] = [await register(node), await register(node), await register(node)]
    for (let i = 0; i < 9; i++) {
      const fan = await register(node)
      const res = await call(node, 'POST', `/v1/users/${popular.username}/follow`, { token: as(fan) })
      expect(res.status).toBeLessThan(300)
    }
    const posts = {
      plain: await writePost(node, plain, { text: 'cheap watches here' }),
      popular: await writePost(node, popular, { text: 'cheap watches there' }),
      // The administrators' term is checked inline: a spam label of score 1 on the post.
      labelled: await writePost(node, labelled, { text: 'zqxbuyfollowers today' }),
    }
    const reporter = await register(node)
    const cases: Record<string, string> = {}
    for (const [name, post] of Object.entries(posts)) {
      const res = await call(node, 'POST', '/v1/reports', {
        token: as(reporter),
        body: { subject: `post:${post}`, category: 'spam' },
      })
      expect(res.status).toBe(201)
      cases[name] = res.body.caseId
    }
    const queue = await call(node, 'GET', '/v1/moderation/cases?category=spam&state=open&limit=100', {
      token: as(mod1),
    })
    const priorityOf = (name: string) =>
      queue.body.items.find((c: { id: string }) => c.id === cases[name])?.priority as number
    // spam 10 + one reporter 5; + 30 for a label of score 1; + 5·log10(1 + 9 followers).
    expect([priorityOf('plain'), priorityOf('popular'), priorityOf('labelled')]).toEqual([15, 20, 45])
    const order = queue.body.items
      .map((c: { id: string }) => c.id)
      .filter((id: string) => Object.values(cases).includes(id))
    expect(order).toEqual([cases.labelled, cases.popular, cases.plain])

    // An action older than the appeal period cannot be appealed; one within it can.
    const act = async (post: string, caseId: string) => {
      const res = await call(node, 'POST', '/v1/moderation/actions', {
        token: as(mod1),
        body: { kind: 'warn', subject: `post:${post}`, rule: 'No spam (rule 5)', reason: 'ads', caseId },
      })
      expect(res.status).toBe(201)
      return res.body.id as string
    }
    const aged = async (actionId: string, days: number) =>
      node.ctx.db
        .updateTable('moderationActions')
        .set({ createdAt: new Date(Date.now() - days * 86_400_000) })
        .where('id', '=', actionId)
        .execute()
    const late = await act(posts.plain, cases.plain!)
    const recent = await act(posts.popular, cases.popular!)
    await aged(late, 31)
    await aged(recent, 29)
    const tooLate = await call(node, 'POST', '/v1/appeals', {
      token: as(plain),
      body: { actionId: late, text: 'it was a joke' },
    })
    expect(tooLate.status).toBe(422)
    expect(tooLate.body.type).toContain('appeal-too-late')
    const inTime = await call(node, 'POST', '/v1/appeals', {
      token: as(popular),
      body: { actionId: recent, text: 'not an ad' },
    })
    expect(inTime.status).toBe(201)
    // Reversed on appeal: the decision and the reversal are audited in one transaction (one
    // created_at), and the audit log pages through both one at a time.
    const decided = await call(node, 'POST', `/v1/appeals/${inTime.body.id}/decision`, {
      token: as(mod2),
      body: { outcome: 'reversed', reason: 'an honest review' },
    })
    expect(decided.status).toBe(200)
    const audit = (query: string) =>
      call(node, 'GET', `/v1/admin/moderation/audit?${query}`, { token: as(admin) })
    const newest = (await audit('limit=6')).body.items as { id: string; verb: string }[]
    expect(
      newest
        .slice(0, 2)
        .map((a) => a.verb)
        .sort(),
    ).toEqual(['action.reversed', 'appeal.decided'])
    const paged: string[] = []
    let cursor: string | null = null
    while (paged.length < 6) {
      const res = await audit(`limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      paged.push(...res.body.items.map((a: { id: string }) => a.id))
      cursor = res.body.nextCursor
    }
    expect(paged).toEqual(newest.map((a) => a.id))
  })
})
