import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { domainEvent } from '../../src/platform/bus/events.ts'
import { appendEvents } from '../../src/platform/bus/outbox.ts'
import { type Account, call, promote, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
let other: TestNode
let admin: Account

beforeAll(async () => {
  node = await startTestNode('admin', { env: { TRUST_PROXY: 'true' } })
  other = await startTestNode('admin_b', { env: { TRUST_PROXY: 'true' }, join: node })
  // The operator's command; the new role is in the next token.
  admin = await promote(node, await register(node), 'admin')
})
afterAll(async () => {
  await other.stop()
  await node.stop()
})

const patch = (target: string, body: unknown, token = admin.tokens.accessToken) =>
  call(node, 'PATCH', `/v1/admin/users/${target}`, { token, body })

describe('admin account changes', () => {
  test('only administrators may change accounts', async () => {
    const user = await register(node)
    const target = await register(node)
    const res = await patch(target.id, { role: 'moderator' }, user.tokens.accessToken)
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('forbidden')
    expect((await patch(target.id, { role: 'moderator' }, 'not-a-token')).status).toBe(401)
  })

  test('exactly one change at a time, and never to oneself', async () => {
    const target = await register(node)
    expect((await patch(target.id, { role: 'moderator', restore: true })).status).toBe(422)
    expect((await patch(target.id, { role: 'emperor' })).status).toBe(422)
    expect((await patch(target.id, { suspend: { reason: 'x', until: '2001-01-01T00:00:00Z' } })).status).toBe(
      422,
    )
    expect((await patch(crypto.randomUUID(), { role: 'creator' })).status).toBe(404)
    const self = await patch(admin.id, { role: 'user' })
    expect(self.status).toBe(409)
    expect(self.body.code).toBe('own_account')
  })

  test('a role change applies to live tokens on every node', async () => {
    const target = await register(node)
    const third = await register(node)
    expect((await patch(third.id, { role: 'creator' }, target.tokens.accessToken)).status).toBe(403)
    const res = await patch(target.id, { role: 'admin' })
    expect(res.status).toBe(200)
    expect(res.body.role).toBe('admin')
    await eventually(
      async () =>
        (
          await call(other, 'PATCH', `/v1/admin/users/${third.id}`, {
            token: target.tokens.accessToken,
            body: { role: 'creator' },
          })
        ).status === 200,
    )
  })

  test('a suspension refuses the account on every node within seconds, says until when, and ends on restore', async () => {
    const target = await register(node)
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString()
    const res = await patch(target.id, { suspend: { reason: 'spam', until } })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'suspended', statusReason: 'spam', suspendedUntil: until })
    const refused = await call(node, 'GET', '/v1/me', { token: target.tokens.accessToken })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'account_suspended', until, reason: 'spam' })
    expect(refused.body.detail).toContain(until)
    const ms = await eventually(
      async () => (await call(other, 'GET', '/v1/me', { token: target.tokens.accessToken })).status === 403,
    )
    expect(ms).toBeLessThan(2000)
    const login = await call(node, 'POST', '/v1/auth/login', {
      body: { login: target.username, password: target.password },
    })
    expect(login.body.code).toBe('account_suspended')
    const refresh = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: target.tokens.refreshToken },
    })
    expect(refresh.body.code).toBe('account_suspended')

    expect((await patch(target.id, { restore: true })).body.status).toBe('active')
    await eventually(
      async () => (await call(other, 'GET', '/v1/me', { token: target.tokens.accessToken })).status === 200,
    )
    expect(
      (
        await call(node, 'POST', '/v1/auth/login', {
          body: { login: target.username, password: target.password },
        })
      ).status,
    ).toBe(200)
  })

  test('a ban signs every session out and refuses sign-in', async () => {
    const target = await register(node)
    const banned = await patch(target.id, { ban: { reason: 'fraud' } })
    expect(banned.body.status).toBe('banned')
    const me = await call(node, 'GET', '/v1/me', { token: target.tokens.accessToken })
    expect(me.status).toBe(403)
    expect(me.body.code).toBe('account_banned')
    const login = await call(node, 'POST', '/v1/auth/login', {
      body: { login: target.username, password: target.password },
    })
    expect(login.status).toBe(403)
    expect(login.body.code).toBe('account_banned')
    const sessions = await node.ctx.services.auth.sessions.list(target.id)
    expect(sessions.length).toBe(0)
  })

  test('every change is a domain event in the outbox', async () => {
    const target = await register(node)
    await patch(target.id, { role: 'creator' })
    const rows = await node.ctx.db.selectFrom('outbox').select('subject').execute()
    const deadline = Date.now() + 3000
    // The relay may already have published it; either way it went through the outbox to the stream.
    let seen = rows.some((r) => r.subject === 'events.user.role_changed')
    while (!seen && Date.now() < deadline) {
      const info = await node.ctx.bus.jsm.streams.info(node.ctx.bus.streamName('events'), {
        subjects_filter: `${node.prefix}.events.user.role_changed`,
      })
      seen = Object.keys(info.state.subjects ?? {}).length > 0
      await Bun.sleep(50)
    }
    expect(seen).toBe(true)
  })
})

describe('when the node that made a change dies before writing the revocation list', () => {
  test('the worker writes it from the change event: the account is refused, then let in again', async () => {
    const user = await register(node)
    const me = () => call(other, 'GET', '/v1/me', { token: user.tokens.accessToken })
    expect((await me()).status).toBe(200)
    // What the admin path commits (the account row and its event), without its own write to the
    // revocation list, as if its process had been killed right after the commit.
    const commit = async (status: 'suspended' | 'active', type: string) =>
      node.ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            status,
            statusReason: status === 'suspended' ? 'spam' : null,
            suspendedUntil: status === 'suspended' ? new Date(Date.now() + 3_600_000) : null,
          })
          .where('id', '=', user.id)
          .execute()
        await appendEvents(trx, [
          domainEvent({ type, actorId: admin.id, subject: { kind: 'user', id: user.id }, data: {} }),
        ])
      })
    await commit('suspended', 'user.suspended')
    await eventually(async () => (await me()).body?.code === 'account_suspended', 5000)
    await commit('active', 'user.restored')
    await eventually(async () => (await me()).status === 200, 5000)
  })
})
