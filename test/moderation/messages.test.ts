import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type Account, call, promote, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

let node: TestNode
let moderator: Account
const as = (a: Account) => a.tokens.accessToken

beforeAll(async () => {
  node = await startSocialNode('moderation-messages')
  moderator = await promote(node, await register(node), 'moderator')
})
afterAll(async () => {
  await node.stop()
})

describe('moderation of direct messages', () => {
  test('a reported message removed by a moderator is gone from the room; reversal gives it back', async () => {
    const [sender, recipient, outsider] = [await register(node), await register(node), await register(node)]
    const opened = await call(node, 'POST', '/v1/conversations', {
      token: as(sender),
      body: { members: [recipient.username] },
    })
    const conversation = opened.body.id
    const sent = await call(node, 'POST', `/v1/conversations/${conversation}/messages`, {
      token: as(sender),
      body: { text: 'a threat', clientId: 'c1' },
    })
    const subject = `message:${sent.body.id}`
    // Only a member of the conversation can report it.
    const outside = await call(node, 'POST', '/v1/reports', {
      token: as(outsider),
      body: { subject, category: 'harassment' },
    })
    expect(outside.status).toBe(404)
    const report = await call(node, 'POST', '/v1/reports', {
      token: as(recipient),
      body: { subject, category: 'harassment' },
    })
    expect(report.status).toBe(201)
    const sensitive = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'sensitive', subject, rule: 'r', reason: 'r' },
    })
    expect(sensitive.status).toBe(422)
    const removed = await call(node, 'POST', '/v1/moderation/actions', {
      token: as(moderator),
      body: { kind: 'remove', subject, rule: 'No threats', reason: 'a threat', caseId: report.body.caseId },
    })
    expect(removed.status).toBe(201)
    const messages = async () =>
      (await call(node, 'GET', `/v1/conversations/${conversation}/messages`, { token: as(recipient) })).body
        .items as {
        id: string
        text: string | null
        deletedAt: string | null
      }[]
    const gone = (await messages()).find((m) => m.id === sent.body.id)!
    expect(gone.text).toBeNull()
    expect(gone.deletedAt).not.toBeNull()
    await call(node, 'POST', `/v1/moderation/actions/${removed.body.id}/reverse`, {
      token: as(moderator),
      body: { reason: 'a joke between friends' },
    })
    const back = (await messages()).find((m) => m.id === sent.body.id)!
    expect(back.text).toBe('a threat')
    expect(back.deletedAt).toBeNull()
  })
})
