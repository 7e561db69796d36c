import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { SignJWT } from 'jose'
import { sql } from 'kysely'
import { AUDIENCE } from '../../src/auth/access-tokens.ts'
import { call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
let other: TestNode
beforeAll(async () => {
  node = await startTestNode('tokens', { env: { TRUST_PROXY: 'true' } })
  // A second node of the same deployment: same database, same NATS prefix.
  other = await startTestNode('tokens_b', { env: { TRUST_PROXY: 'true' }, join: node })
})
afterAll(async () => {
  await other.stop()
  await node.stop()
})

describe('refresh tokens', () => {
  test('each refresh hands out a new pair; the old refresh token stops working', async () => {
    const account = await register(node)
    const first = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: account.tokens.refreshToken },
    })
    expect(first.status).toBe(200)
    expect(first.body.refreshToken).not.toBe(account.tokens.refreshToken)
    expect(first.body.sessionId).toBe(account.tokens.sessionId)
    expect((await call(node, 'GET', '/v1/me', { token: first.body.accessToken })).status).toBe(200)
    const second = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    })
    expect(second.status).toBe(200)
  })

  test('a refresh token used twice revokes its whole family and session, on every node', async () => {
    const account = await register(node)
    const next = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: account.tokens.refreshToken },
    })
    const replay = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: account.tokens.refreshToken },
    })
    expect(replay.status).toBe(401)
    expect(replay.body.code).toBe('refresh_token_reused')
    // The legitimate holder of the newer token is signed out too.
    const newer = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: next.body.refreshToken },
    })
    expect(newer.status).toBe(401)
    expect((await call(node, 'GET', '/v1/me', { token: next.body.accessToken })).body.code).toBe(
      'session_revoked',
    )
    await eventually(
      async () => (await call(other, 'GET', '/v1/me', { token: next.body.accessToken })).status === 401,
    )
  })

  test('a made-up refresh token is refused', async () => {
    const res = await call(node, 'POST', '/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('refresh_token_invalid')
  })
})

describe('access tokens', () => {
  test('are taken whatever the case of the scheme (RFC 9110); other schemes are refused', async () => {
    const account = await register(node)
    const token = account.tokens.accessToken
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const me = await call(node, 'GET', '/v1/me', { headers: { authorization: `${scheme} ${token}` } })
      expect([scheme, me.status, me.body.id]).toEqual([scheme, 200, account.id])
    }
    const spaced = await call(node, 'GET', '/v1/me', { headers: { authorization: `bearer   ${token}` } })
    expect(spaced.status).toBe(200)
    for (const header of [`Basic ${token}`, `Bearer${token}`, `Bearer ${token} x`]) {
      const refused = await call(node, 'GET', '/v1/me', { headers: { authorization: header } })
      expect([header, refused.status, refused.body.code]).toEqual([header, 401, 'token_invalid'])
    }
  })

  test('are refused when missing, malformed, tampered with or of another type', async () => {
    const account = await register(node)
    expect((await call(node, 'GET', '/v1/me')).body.code).toBe('unauthenticated')
    const basic = await call(node, 'GET', '/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })
    expect(basic.body.code).toBe('token_invalid')
    const [h, p, s] = account.tokens.accessToken.split('.')
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url')
    expect((await call(node, 'GET', '/v1/me', { token: `${h}.${forgedPayload}.${s}` })).body.code).toBe(
      'token_invalid',
    )
    expect((await call(node, 'GET', '/v1/me', { token: `${h}.${p}.${s!.slice(0, -2)}xx` })).body.code).toBe(
      'token_invalid',
    )
    // Signed with the real key but typed as something else (the two-factor step token, say).
    const key = await node.ctx.services.auth.keys.signingKey()
    const otherType = await new SignJWT({ sid: account.tokens.sessionId, role: 'user' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'sf-2fa+jwt' })
      .setSubject(account.id)
      .setIssuer(node.ctx.config.publicUrl)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.key)
    expect((await call(node, 'GET', '/v1/me', { token: otherType })).body.code).toBe('token_invalid')
  })

  test('an expired token says so', async () => {
    const account = await register(node)
    const key = await node.ctx.services.auth.keys.signingKey()
    const expired = await new SignJWT({ sid: account.tokens.sessionId, role: 'user' })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(account.id)
      .setIssuer(node.ctx.config.publicUrl)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(key.key)
    const res = await call(node, 'GET', '/v1/me', { token: expired })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe('token_expired')
  })

  test('a rotated signing key keeps old tokens valid, and another node learns the new key at once', async () => {
    const account = await register(node)
    const oldKid = JSON.parse(
      Buffer.from(account.tokens.accessToken.split('.')[0]!, 'base64url').toString(),
    ).kid
    // Age every key past the rotation period: the next token is signed by a new key.
    await sql`update signing_keys set created_at = now() - interval '7 days 10 minutes'`.execute(node.ctx.db)
    await node.ctx.services.auth.keys.load() // as the node does when its newest key ages past the period
    const fresh = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.username, password: account.password },
    })
    const newKid = JSON.parse(Buffer.from(fresh.body.accessToken.split('.')[0]!, 'base64url').toString()).kid
    expect(newKid).not.toBe(oldKid)
    expect((await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).status).toBe(200)
    expect((await call(other, 'GET', '/v1/me', { token: fresh.body.accessToken })).status).toBe(200)
  })
})

describe('sessions', () => {
  test('logout signs this session out on every node within seconds; refresh stops too', async () => {
    const account = await register(node)
    expect((await call(other, 'GET', '/v1/me', { token: account.tokens.accessToken })).status).toBe(200)
    expect((await call(node, 'POST', '/v1/auth/logout', { token: account.tokens.accessToken })).status).toBe(
      204,
    )
    expect((await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).body.code).toBe(
      'session_revoked',
    )
    const ms = await eventually(
      async () => (await call(other, 'GET', '/v1/me', { token: account.tokens.accessToken })).status === 401,
    )
    expect(ms).toBeLessThan(2000)
    const refresh = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: account.tokens.refreshToken },
    })
    expect(refresh.status).toBe(401)
  })

  test('sessions are listed per device; one can be signed out; logout-all ends the rest', async () => {
    const account = await register(node)
    const phone = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.username, password: account.password },
      headers: { 'user-agent': 'SocialFlow-iOS/1.0' },
    })
    const laptop = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.username, password: account.password },
    })
    const list = await call(node, 'GET', '/v1/auth/sessions', { token: account.tokens.accessToken })
    expect(list.body.items.length).toBe(3)
    expect(list.body.nextCursor).toBeNull()
    expect(list.body.items.find((s: { current: boolean }) => s.current).id).toBe(account.tokens.sessionId)
    expect(list.body.items.find((s: { id: string }) => s.id === phone.body.sessionId).userAgent).toBe(
      'SocialFlow-iOS/1.0',
    )

    const del = await call(node, 'DELETE', `/v1/auth/sessions/${phone.body.sessionId}`, {
      token: account.tokens.accessToken,
    })
    expect(del.status).toBe(204)
    expect((await call(node, 'GET', '/v1/me', { token: phone.body.accessToken })).body.code).toBe(
      'session_revoked',
    )
    const missing = await call(node, 'DELETE', `/v1/auth/sessions/${crypto.randomUUID()}`, {
      token: account.tokens.accessToken,
    })
    expect(missing.status).toBe(404)

    // Another user cannot end my sessions.
    const stranger = await register(node)
    const foreign = await call(node, 'DELETE', `/v1/auth/sessions/${laptop.body.sessionId}`, {
      token: stranger.tokens.accessToken,
    })
    expect(foreign.status).toBe(404)

    const all = await call(node, 'POST', '/v1/auth/logout-all', { token: laptop.body.accessToken })
    expect(all.body.revoked).toBe(2)
    expect((await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).status).toBe(401)
    expect((await call(node, 'GET', '/v1/me', { token: laptop.body.accessToken })).status).toBe(401)
  })
})

describe('rate limits', () => {
  test('are shared by every node: one address may not spread its attempts over nodes', async () => {
    const ip = '10.77.77.77'
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const res = await call(i % 2 ? other : node, 'POST', '/v1/auth/refresh', {
        ip,
        body: { refreshToken: `made-up-${i}-${'x'.repeat(30)}` },
      })
      statuses.push(res.status)
    }
    // auth.refresh allows 60 a minute: all twelve pass the limiter (and fail as made-up tokens).
    expect(statuses.every((s) => s === 401)).toBe(true)
    const remaining = await call(other, 'POST', '/v1/auth/refresh', {
      ip,
      body: { refreshToken: 'y'.repeat(43) },
    })
    expect(remaining.headers.get('ratelimit-remaining')).toBe(String(60 - 13))
  })
})
