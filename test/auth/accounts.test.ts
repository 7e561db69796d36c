import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  type Account,
  call,
  mailbox,
  randomIp,
  register,
  strongPassword,
  tokenIn,
  uniqueUsername,
  waitForMail,
} from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('accounts', { env: { TRUST_PROXY: 'true' } })
})
afterAll(async () => {
  await node.stop()
})

describe('registration', () => {
  test('sign-up mails a link; the link creates the account, its address verified, signs in, and works once', async () => {
    const username = uniqueUsername()
    const email = `${username}@example.test`
    const password = strongPassword()
    const started = await call(node, 'POST', '/v1/auth/register', { body: { username, email, password } })
    expect(started.status).toBe(202)
    expect(started.body).toBeUndefined()
    const token = tokenIn(await waitForMail(node, email, 'Finish signing up'))
    expect(token.length).toBeGreaterThan(30)
    // Nothing exists until the link is used.
    expect((await call(node, 'POST', '/v1/auth/login', { body: { login: username, password } })).status).toBe(
      401,
    )
    const confirmed = await call(node, 'POST', '/v1/auth/register/confirm', { body: { token } })
    expect(confirmed.status).toBe(201)
    expect(confirmed.body.accessToken.split('.').length).toBe(3)
    const me = await call(node, 'GET', '/v1/me', { token: confirmed.body.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ id: confirmed.body.user.id, username, emailVerified: true, role: 'user' })
    const again = await call(node, 'POST', '/v1/auth/register/confirm', { body: { token } })
    expect(again.status).toBe(410)
    expect((await call(node, 'POST', '/v1/auth/login', { body: { login: username, password } })).status).toBe(
      200,
    )
  })

  test('usernames follow the rules, reserved names are refused', async () => {
    for (const username of ['ab', '9lives', 'has space', 'x'.repeat(31)]) {
      const res = await call(node, 'POST', '/v1/auth/register', {
        body: { username, email: `${uniqueUsername()}@example.test`, password: strongPassword() },
      })
      expect(res.status).toBe(422)
      expect(res.body.errors[0].field).toBe('body.username')
    }
    for (const username of ['admin', 'Support', 'ROOT', 'api']) {
      const res = await call(node, 'POST', '/v1/auth/register', {
        body: { username, email: `${uniqueUsername()}@example.test`, password: strongPassword() },
      })
      expect(res.status).toBe(422)
      expect(res.body.errors).toContainEqual({ field: 'body.username', message: 'this name is reserved' })
    }
  })

  test('short, common or personal passwords are refused, naming the field', async () => {
    const username = uniqueUsername('pw')
    for (const password of ['short1!', 'password123', 'qwertyuiop', `${username}2024`]) {
      const res = await call(node, 'POST', '/v1/auth/register', {
        body: { username, email: `${username}@example.test`, password },
      })
      expect(res.status).toBe(422)
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('body.password')
    }
  })

  test('a taken username is refused at once, without regard to case (usernames are public)', async () => {
    const first = await register(node)
    const sameName = await call(node, 'POST', '/v1/auth/register', {
      body: {
        username: first.username.toUpperCase(),
        email: `${uniqueUsername()}@example.test`,
        password: strongPassword(),
      },
    })
    expect(sameName.status).toBe(409)
    expect(sameName.body.code).toBe('username_taken')
  })

  test('sign-up does not say whether an address has an account; its owner is told by mail', async () => {
    const first = await register(node)
    const fresh = `${uniqueUsername()}@example.test`
    const taken = await call(node, 'POST', '/v1/auth/register', {
      body: { username: uniqueUsername(), email: first.email.toUpperCase(), password: strongPassword() },
    })
    const untaken = await call(node, 'POST', '/v1/auth/register', {
      body: { username: uniqueUsername(), email: fresh, password: strongPassword() },
    })
    expect(taken.status).toBe(202)
    expect(untaken.status).toBe(202)
    expect(taken.body).toEqual(untaken.body)
    expect([...taken.headers.keys()].sort()).toEqual([...untaken.headers.keys()].sort())
    const notice = await waitForMail(node, first.email, 'Someone tried to sign up with your address')
    expect(notice.text).not.toContain('token=')
    await waitForMail(node, fresh, 'Finish signing up')
    // Only the link of its own sign-up went to the taken address.
    expect(mailbox(node).filter((m) => m.to === first.email && m.subject.includes('Finish')).length).toBe(1)
    // A pending sign-up holds no username either, so a second sign-up cannot tell the two apart.
    const name = uniqueUsername()
    for (const email of [
      first.email,
      `${uniqueUsername()}@example.test`,
      `${uniqueUsername()}@example.test`,
    ]) {
      const res = await call(node, 'POST', '/v1/auth/register', {
        body: { username: name, email, password: strongPassword() },
      })
      expect(res.status).toBe(202)
    }
  })

  test('registration is rate limited per address, with RateLimit headers and Retry-After', async () => {
    const ip = randomIp()
    let last = await call(node, 'POST', '/v1/auth/register', {
      ip,
      body: {
        username: uniqueUsername(),
        email: `${uniqueUsername()}@example.test`,
        password: strongPassword(),
      },
    })
    expect(last.headers.get('ratelimit-limit')).toBe('10')
    expect(last.headers.get('ratelimit-remaining')).toBe('9')
    for (let i = 0; i < 10; i++) {
      last = await call(node, 'POST', '/v1/auth/register', {
        ip,
        body: {
          username: uniqueUsername(),
          email: `${uniqueUsername()}@example.test`,
          password: strongPassword(),
        },
      })
    }
    expect(last.status).toBe(429)
    expect(last.body.code).toBe('rate_limited')
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(last.headers.get('ratelimit-remaining')).toBe('0')
  })
})

describe('login', () => {
  test('with username or e-mail, in any case', async () => {
    const account = await register(node)
    for (const login of [account.username, account.email, account.email.toUpperCase()]) {
      const res = await call(node, 'POST', '/v1/auth/login', { body: { login, password: account.password } })
      expect(res.status).toBe(200)
      expect(res.body.tokenType).toBe('Bearer')
      expect((await call(node, 'GET', '/v1/me', { token: res.body.accessToken })).body.id).toBe(account.id)
    }
  })

  test('a wrong password and an unknown account get the same answer in about the same time', async () => {
    const account = await register(node)
    const timed = async (login: string) => {
      const started = performance.now()
      const res = await call(node, 'POST', '/v1/auth/login', {
        body: { login, password: 'Wrong-password-123' },
      })
      return { res, ms: performance.now() - started }
    }
    const known: number[] = []
    const unknown: number[] = []
    // (Four tries: the fifth failure of an account name would slow it down on purpose.)
    for (let i = 0; i < 4; i++) {
      const a = await timed(account.username)
      const b = await timed(uniqueUsername('ghost'))
      expect(a.res.status).toBe(401)
      expect(b.res.status).toBe(401)
      expect(b.res.body.code).toBe(a.res.body.code)
      expect(b.res.body.detail).toBe(a.res.body.detail)
      known.push(a.ms)
      unknown.push(b.ms)
    }
    // The fastest of each: a busy machine only ever adds time, so the minimum is the work itself
    // (a median of three failed a loaded run: 170 against 616 ms).
    const fastest = (xs: number[]) => Math.min(...xs)
    expect(fastest(unknown)).toBeGreaterThan(fastest(known) * 0.5)
    expect(fastest(unknown)).toBeLessThan(fastest(known) * 2)
  })

  test('after five failures an account name is slowed down, the owner is told, the right password waits too', async () => {
    const account = await register(node)
    for (let i = 0; i < 5; i++) {
      const res = await call(node, 'POST', '/v1/auth/login', {
        body: { login: account.username, password: `Nope-${i}-xyz` },
      })
      expect(res.status).toBe(401)
    }
    const locked = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.username, password: account.password },
    })
    expect(locked.status).toBe(429)
    expect(locked.body.code).toBe('too_many_attempts')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60)
    const mail = await waitForMail(node, account.email, 'Sign-in to your account is paused')
    expect(mail.text).toContain('failed attempts')
    // Another account is not affected.
    const other = await register(node)
    expect(
      (
        await call(node, 'POST', '/v1/auth/login', {
          body: { login: other.username, password: other.password },
        })
      ).status,
    ).toBe(200)
  })

  test('strangers cannot lock the owner out: where the account signed in before, the password still works', async () => {
    const account = await register(node)
    const home = randomIp()
    const signIn = (ip: string, password: string, deviceToken?: string) =>
      call(node, 'POST', '/v1/auth/login', { ip, body: { login: account.username, password, deviceToken } })
    const first = await signIn(home, account.password)
    expect(first.status).toBe(200)
    const deviceToken: string = first.body.deviceToken
    expect(deviceToken.length).toBeGreaterThan(30)
    const attacker = randomIp()
    for (let i = 0; i < 5; i++) expect((await signIn(attacker, `Nope-${i}-xyz`)).status).toBe(401)
    // From anywhere new, even the right password waits.
    expect((await signIn(attacker, account.password)).status).toBe(429)
    expect((await signIn(randomIp(), account.password)).status).toBe(429)
    expect((await signIn(randomIp(), account.password, 'made-up-device-token')).status).toBe(429)
    // The address it signed in from, and the device it signed in on, still get in.
    const fromHome = await signIn(home, account.password)
    expect(fromHome.status).toBe(200)
    expect(fromHome.body.deviceToken).toBeString()
    const onDevice = await signIn(randomIp(), account.password, deviceToken)
    expect(onDevice.status).toBe(200)
    expect(onDevice.body.deviceToken).toBe(deviceToken)
    // The strangers are still held up; a known client is slowed down by its own failures.
    expect((await signIn(attacker, account.password)).status).toBe(429)
    for (let i = 0; i < 5; i++) expect((await signIn(home, `Nope-${i}-abc`)).status).toBe(401)
    expect((await signIn(home, account.password)).status).toBe(429)
    expect((await signIn(randomIp(), account.password, deviceToken)).status).toBe(200)
    // Two lockouts, one mail: the owner hears of it at most once a day.
    await waitForMail(node, account.email, 'Sign-in to your account is paused')
    await Bun.sleep(500)
    expect(mailbox(node).filter((m) => m.to === account.email && m.subject.includes('paused')).length).toBe(1)
  })

  test('concurrent wrong passwords cannot all be tried, and the owner gets one mail', async () => {
    const account = await register(node)
    // Username and address have five each (they no longer share a budget: see the next test).
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call(node, 'POST', '/v1/auth/login', {
          body: { login: i % 2 ? account.username : account.email, password: `Wrong-${i}-guess` },
        }),
      ),
    )
    expect(results.filter((r) => r.status === 401).length).toBe(10)
    expect(results.filter((r) => r.status === 429).length).toBe(6)
    await waitForMail(node, account.email, 'Sign-in to your account is paused')
    await Bun.sleep(300)
    expect(mailbox(node).filter((m) => m.to === account.email && m.subject.includes('paused')).length).toBe(1)
  })

  test('the lockout does not link an e-mail address to its username', async () => {
    const account = await register(node)
    for (let i = 0; i < 5; i++) {
      await call(node, 'POST', '/v1/auth/login', {
        body: { login: account.username, password: `Nope-${i}-xyz` },
      })
    }
    expect(
      (
        await call(node, 'POST', '/v1/auth/login', {
          body: { login: account.username, password: 'Nope-5-xyz' },
        })
      ).status,
    ).toBe(429)
    // The account's address answers like any other address: it was not locked along with the name.
    const byEmail = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.email, password: 'Nope-6-xyz' },
    })
    const stranger = await call(node, 'POST', '/v1/auth/login', {
      body: { login: `${uniqueUsername()}@example.test`, password: 'Nope-6-xyz' },
    })
    expect(byEmail.status).toBe(401)
    expect(stranger.status).toBe(401)
    expect(byEmail.body.detail).toBe(stranger.body.detail)
  })

  test('odd login names and addresses are answered, never a 500', async () => {
    for (const login of ['bob.', '.', 'a..b', 'x y', '*', '>']) {
      const res = await call(node, 'POST', '/v1/auth/login', { body: { login, password: 'Whatever-123456' } })
      expect(res.status).toBe(401)
    }
    const res = await call(node, 'POST', '/v1/auth/login', {
      body: { login: 'bob', password: 'Whatever-123456' },
      headers: { 'x-forwarded-for': '1.2.3.' },
    })
    expect(res.status).toBe(401)
  })

  test('unknown account names are slowed down the same way, and nobody is mailed', async () => {
    const ghost = uniqueUsername('ghost')
    const before = mailbox(node).length
    for (let i = 0; i < 5; i++) {
      await call(node, 'POST', '/v1/auth/login', { body: { login: ghost, password: 'Whatever-123456' } })
    }
    const res = await call(node, 'POST', '/v1/auth/login', {
      body: { login: ghost, password: 'Whatever-123456' },
    })
    expect(res.status).toBe(429)
    await Bun.sleep(300)
    expect(mailbox(node).length).toBe(before)
  })
})

describe('e-mail verification', () => {
  /**
   * Sign-up verifies the address; accounts made before it did (and social ones) may not be. Makes
   * one such, and has it ask for a link.
   */
  async function unverified(account: Account): Promise<Account> {
    await node.ctx.db
      .updateTable('users')
      .set({ emailVerifiedAt: null })
      .where('id', '=', account.id)
      .execute()
    const resend = await call(node, 'POST', '/v1/auth/email/resend', { token: account.tokens.accessToken })
    expect(resend.status).toBe(202)
    return account
  }

  test('the mailed token verifies once; a verified address cannot ask again', async () => {
    const account = await unverified(await register(node))
    const token = tokenIn(await waitForMail(node, account.email, 'Confirm your e-mail'))
    expect((await call(node, 'POST', '/v1/auth/email/verify', { body: { token } })).status).toBe(204)
    expect(
      (await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).body.emailVerified,
    ).toBe(true)
    const again = await call(node, 'POST', '/v1/auth/email/verify', { body: { token } })
    expect(again.status).toBe(410)
    expect(again.body.code).toBe('link_expired')
    const resend = await call(node, 'POST', '/v1/auth/email/resend', { token: account.tokens.accessToken })
    expect(resend.status).toBe(409)
  })

  test('a resent link replaces the older one', async () => {
    const account = await unverified(await register(node))
    const first = tokenIn(await waitForMail(node, account.email, 'Confirm your e-mail'))
    expect(
      (await call(node, 'POST', '/v1/auth/email/resend', { token: account.tokens.accessToken })).status,
    ).toBe(202)
    let second = first
    const deadline = Date.now() + 5000
    while (second === first && Date.now() < deadline) {
      second = tokenIn(await waitForMail(node, account.email, 'Confirm your e-mail'))
      await Bun.sleep(50)
    }
    expect(second).not.toBe(first)
    expect((await call(node, 'POST', '/v1/auth/email/verify', { body: { token: first } })).status).toBe(410)
    expect((await call(node, 'POST', '/v1/auth/email/verify', { body: { token: second } })).status).toBe(204)
  })

  test('a made-up token is refused', async () => {
    const res = await call(node, 'POST', '/v1/auth/email/verify', { body: { token: 'not-a-real-token' } })
    expect(res.status).toBe(410)
  })
})

describe('password recovery and change', () => {
  test('forgot answers 202 for any address and mails only existing accounts', async () => {
    const account = await register(node)
    const unknown = await call(node, 'POST', '/v1/auth/password/forgot', {
      body: { email: 'nobody@example.test' },
    })
    const known = await call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } })
    expect(unknown.status).toBe(202)
    expect(known.status).toBe(202)
    expect(known.body).toEqual(unknown.body)
    await waitForMail(node, account.email, 'Reset your password')
    expect(mailbox(node).some((m) => m.to === 'nobody@example.test')).toBe(false)
  })

  test('reset sets the new password, signs every session out and works once', async () => {
    const account = await register(node)
    await call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } })
    const token = tokenIn(await waitForMail(node, account.email, 'Reset your password'))
    const weak = await call(node, 'POST', '/v1/auth/password/reset', {
      body: { token, password: 'password1' },
    })
    expect(weak.status).toBe(422)
    const password = strongPassword()
    // The weak attempt spent nothing: the whole reset ran in one transaction and rolled back.
    expect((await call(node, 'POST', '/v1/auth/password/reset', { body: { token, password } })).status).toBe(
      204,
    )
    expect((await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).body.code).toBe(
      'session_revoked',
    )
    const refresh = await call(node, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: account.tokens.refreshToken },
    })
    expect(refresh.status).toBe(401)
    expect(
      (
        await call(node, 'POST', '/v1/auth/login', {
          body: { login: account.username, password: account.password },
        })
      ).status,
    ).toBe(401)
    expect(
      (await call(node, 'POST', '/v1/auth/login', { body: { login: account.username, password } })).status,
    ).toBe(200)
    expect(
      (await call(node, 'POST', '/v1/auth/password/reset', { body: { token, password: strongPassword() } }))
        .status,
    ).toBe(410)
  })

  test('of several reset links requested at once, one resets the password and cancels the others', async () => {
    const account = await register(node)
    // Concurrent requests used to leave every link they mailed valid.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } }),
      ),
    )
    const resetMails = () =>
      mailbox(node).filter((m) => m.to === account.email && m.subject.includes('Reset your password'))
    const deadline = Date.now() + 10_000
    while (resetMails().length < 8 && Date.now() < deadline) await Bun.sleep(50)
    const tokens = resetMails().map(tokenIn)
    expect(tokens.length).toBe(8)
    const statuses = []
    for (const token of tokens) {
      const res = await call(node, 'POST', '/v1/auth/password/reset', {
        body: { token, password: strongPassword() },
      })
      statuses.push(res.status)
    }
    expect(statuses.filter((s) => s === 204).length).toBe(1)
    expect(statuses.filter((s) => s === 410).length).toBe(7)
  })

  test('a reset cancels every other outstanding link, and so does a password change', async () => {
    const account = await register(node)
    await call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } })
    const first = tokenIn(await waitForMail(node, account.email, 'Reset your password'))
    const password = strongPassword()
    expect(
      (await call(node, 'POST', '/v1/auth/password/reset', { body: { token: first, password } })).status,
    ).toBe(204)
    await call(node, 'POST', '/v1/auth/password/forgot', { body: { email: account.email } })
    let second = first
    const deadline = Date.now() + 10_000
    while (second === first && Date.now() < deadline) {
      second = tokenIn(await waitForMail(node, account.email, 'Reset your password'))
      await Bun.sleep(50)
    }
    expect(second).not.toBe(first)
    const login = await call(node, 'POST', '/v1/auth/login', { body: { login: account.username, password } })
    const change = await call(node, 'POST', '/v1/auth/password/change', {
      token: login.body.accessToken,
      body: { currentPassword: password, newPassword: strongPassword() },
    })
    expect(change.status).toBe(200)
    // A link mailed before the password changed no longer works.
    const late = await call(node, 'POST', '/v1/auth/password/reset', {
      body: { token: second, password: strongPassword() },
    })
    expect(late.status).toBe(410)
  })

  test('change needs the current password and signs the other sessions out', async () => {
    const account = await register(node)
    const other = await call(node, 'POST', '/v1/auth/login', {
      body: { login: account.username, password: account.password },
    })
    const wrong = await call(node, 'POST', '/v1/auth/password/change', {
      token: account.tokens.accessToken,
      body: { currentPassword: 'Not-my-password-1', newPassword: strongPassword() },
    })
    expect(wrong.status).toBe(403)
    expect(wrong.body.code).toBe('wrong_password')
    const res = await call(node, 'POST', '/v1/auth/password/change', {
      token: account.tokens.accessToken,
      body: { currentPassword: account.password, newPassword: strongPassword() },
    })
    expect(res.status).toBe(200)
    expect(res.body.signedOutSessions).toBe(1)
    expect((await call(node, 'GET', '/v1/me', { token: account.tokens.accessToken })).status).toBe(200)
    expect((await call(node, 'GET', '/v1/me', { token: other.body.accessToken })).body.code).toBe(
      'session_revoked',
    )
    await waitForMail(node, account.email, 'Your password was changed')
  })
})

describe('social sign-in without credentials', () => {
  test('a provider that is not configured says so, naming the settings', async () => {
    const res = await call(node, 'GET', '/v1/auth/oauth/google/start')
    expect(res.status).toBe(503)
    expect(res.body.code).toBe('oauth_not_configured')
    expect(res.body.detail).toContain('OAUTH_GOOGLE_CLIENT_ID')
    expect((await call(node, 'GET', '/v1/auth/oauth/myspace/start')).status).toBe(422)
  })
})
