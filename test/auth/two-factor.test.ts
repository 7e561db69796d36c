import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Secret, TOTP } from 'otpauth'
import { type Account, call, register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('two_factor', { env: { TRUST_PROXY: 'true' } })
})
afterAll(async () => {
  await node.stop()
})

/** A code for the current step plus `steps` (the server accepts one step either side). */
function code(secret: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' })
  return totp.generate({ timestamp: Date.now() + steps * 30_000 })
}

async function withTwoFactor(): Promise<{ account: Account; secret: string; recoveryCodes: string[] }> {
  const account = await register(node)
  const setup = await call(node, 'POST', '/v1/auth/2fa/setup', {
    token: account.tokens.accessToken,
    body: { password: account.password },
  })
  expect(setup.status).toBe(200)
  const enable = await call(node, 'POST', '/v1/auth/2fa/enable', {
    token: account.tokens.accessToken,
    body: { code: code(setup.body.secret, -1) },
  })
  expect(enable.status).toBe(200)
  return { account, secret: setup.body.secret, recoveryCodes: enable.body.recoveryCodes }
}

const login = (a: Account) =>
  call(node, 'POST', '/v1/auth/login', { body: { login: a.username, password: a.password } })

describe('two-factor set-up', () => {
  test('a new secret is not in force until a first valid code turns it on', async () => {
    const account = await register(node)
    const noPassword = await call(node, 'POST', '/v1/auth/2fa/setup', { token: account.tokens.accessToken })
    // A missing field is a 422 naming it, as everywhere; a wrong password is a 403.
    expect(noPassword.status).toBe(422)
    expect(noPassword.body.errors[0].field).toBe('body.password')
    const wrongPassword = await call(node, 'POST', '/v1/auth/2fa/setup', {
      token: account.tokens.accessToken,
      body: { password: 'not-the-password' },
    })
    expect(wrongPassword.status).toBe(403)
    expect(wrongPassword.body.code).toBe('wrong_password')
    const setup = await call(node, 'POST', '/v1/auth/2fa/setup', {
      token: account.tokens.accessToken,
      body: { password: account.password },
    })
    expect(setup.body.otpauthUrl).toStartWith('otpauth://totp/SocialFlow:')
    expect(setup.body.otpauthUrl).toContain(`secret=${setup.body.secret}`)
    expect((await login(account)).body.accessToken).toBeString()
    const wrong = await call(node, 'POST', '/v1/auth/2fa/enable', {
      token: account.tokens.accessToken,
      body: { code: '000000' },
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.code).toBe('invalid_code')
    const ok = await call(node, 'POST', '/v1/auth/2fa/enable', {
      token: account.tokens.accessToken,
      body: { code: code(setup.body.secret) },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.recoveryCodes.length).toBe(10)
    expect(new Set(ok.body.recoveryCodes).size).toBe(10)
    const again = await call(node, 'POST', '/v1/auth/2fa/setup', {
      token: account.tokens.accessToken,
      body: { password: account.password },
    })
    expect(again.body.code).toBe('two_factor_enabled')
  })
})

describe('two-factor sign-in', () => {
  test('the password alone gives a ticket, which is no access token; ticket and code give tokens', async () => {
    const { account, secret } = await withTwoFactor()
    const first = await login(account)
    expect(first.status).toBe(200)
    expect(first.body.twoFactorRequired).toBe(true)
    expect(first.body.accessToken).toBeUndefined()
    expect((await call(node, 'GET', '/v1/me', { token: first.body.ticket })).body.code).toBe('token_invalid')
    const second = await call(node, 'POST', '/v1/auth/login/2fa', {
      body: { ticket: first.body.ticket, code: code(secret) },
    })
    expect(second.status).toBe(200)
    expect((await call(node, 'GET', '/v1/me', { token: second.body.accessToken })).body.id).toBe(account.id)
  })

  test('a code is accepted once only', async () => {
    const { account, secret } = await withTwoFactor()
    const now = code(secret, 1)
    const ticket = (await login(account)).body.ticket
    expect((await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: now } })).status).toBe(200)
    const replay = await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: now } })
    expect(replay.status).toBe(401)
    expect(replay.body.code).toBe('invalid_code')
  })

  test('a recovery code works once, in any spelling', async () => {
    const { account, recoveryCodes } = await withTwoFactor()
    const ticket = (await login(account)).body.ticket
    const spelled = recoveryCodes[0]!.toUpperCase().replaceAll('-', ' ')
    expect((await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: spelled } })).status).toBe(
      200,
    )
    const next = (await login(account)).body.ticket
    expect(
      (await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket: next, code: recoveryCodes[0]! } }))
        .status,
    ).toBe(401)
    expect(
      (await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket: next, code: recoveryCodes[1]! } }))
        .status,
    ).toBe(200)
  })

  test('forged or misused tickets are refused', async () => {
    const { account, secret } = await withTwoFactor()
    for (const ticket of ['nonsense', account.tokens.accessToken, `${(await login(account)).body.ticket}x`]) {
      const res = await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: code(secret) } })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('invalid_ticket')
    }
  })

  test('a ticket opens one session only', async () => {
    const { account, secret } = await withTwoFactor()
    const ticket = (await login(account)).body.ticket
    expect(
      (await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: code(secret, 1) } })).status,
    ).toBe(200)
    const again = await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: code(secret, -1) } })
    expect(again.status).toBe(401)
  })

  test('concurrent wrong codes cannot all be tried: the budget is spent before checking', async () => {
    const { account } = await withTwoFactor()
    const ticket = (await login(account)).body.ticket
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: String(100000 + i) } }),
      ),
    )
    expect(results.filter((r) => r.status === 401).length).toBeLessThanOrEqual(5)
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(10)
  })

  test('wrong codes count as failed sign-ins: the sixth try waits', async () => {
    const { account, secret } = await withTwoFactor()
    const ticket = (await login(account)).body.ticket
    for (let i = 0; i < 5; i++) {
      expect(
        (await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: '123456' } })).status,
      ).toBe(401)
    }
    const locked = await call(node, 'POST', '/v1/auth/login/2fa', { body: { ticket, code: code(secret) } })
    expect(locked.status).toBe(429)
    expect(locked.headers.get('retry-after')).toBeTruthy()
  })
})

describe('turning two-factor off', () => {
  test('needs the password and a code', async () => {
    const { account, recoveryCodes } = await withTwoFactor()
    const token = account.tokens.accessToken
    const badPassword = await call(node, 'POST', '/v1/auth/2fa/disable', {
      token,
      body: { password: 'Not-the-password-1', code: recoveryCodes[0]! },
    })
    expect(badPassword.status).toBe(403)
    const badCode = await call(node, 'POST', '/v1/auth/2fa/disable', {
      token,
      body: { password: account.password, code: '111111' },
    })
    expect(badCode.status).toBe(401)
    const ok = await call(node, 'POST', '/v1/auth/2fa/disable', {
      token,
      body: { password: account.password, code: recoveryCodes[0]! },
    })
    expect(ok.status).toBe(204)
    expect((await login(account)).body.accessToken).toBeString()
    const again = await call(node, 'POST', '/v1/auth/2fa/disable', {
      token,
      body: { password: account.password, code: recoveryCodes[1]! },
    })
    expect(again.body.code).toBe('two_factor_disabled')
  })
})
