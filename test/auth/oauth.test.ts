import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from 'jose'
import { OAuth2Server } from 'oauth2-mock-server'
import { type Account, call, register, tokenIn, waitForMail } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * Social sign-in against a local OpenID provider (oauth2-mock-server), which plays Google, Apple
 * and Facebook at once; hooks let each test decide what the provider says.
 */
const provider = new OAuth2Server()
let node: TestNode
let applePublicKey: string
/** What the next token request's ID token says (sub, email, email_verified, aud, nonce...). */
let nextClaims: Record<string, unknown> = {}
let lastTokenRequest: { authorization?: string } = {}

beforeAll(async () => {
  await provider.issuer.keys.generate('RS256')
  await provider.start(0, '127.0.0.1')
  provider.service.on('beforeTokenSigning', (token, req) => {
    lastTokenRequest = { authorization: req.headers.authorization }
    Object.assign(token.payload, nextClaims)
  })
  provider.service.on('beforeUserinfo', (res) => {
    res.body = { id: nextClaims.sub, email: nextClaims.email, name: 'Face Book' }
  })
  const apple = await generateKeyPair('ES256', { extractable: true })
  applePublicKey = await exportSPKI(apple.publicKey)
  const issuer = provider.issuer.url!
  node = await startTestNode('oauth', {
    env: {
      TRUST_PROXY: 'true',
      // The browser app's origin in this test (returnTo must be on PUBLIC_URL or CORS_ORIGINS).
      PUBLIC_URL: 'http://localhost:3000',
      OAUTH_GOOGLE_CLIENT_ID: 'sf-google',
      OAUTH_GOOGLE_CLIENT_SECRET: 'google-secret',
      OAUTH_GOOGLE_ISSUER: issuer,
      OAUTH_APPLE_CLIENT_ID: 'dev.socialflow.web',
      OAUTH_APPLE_TEAM_ID: 'TEAM123456',
      OAUTH_APPLE_KEY_ID: 'KEY1234567',
      OAUTH_APPLE_PRIVATE_KEY: await exportPKCS8(apple.privateKey),
      OAUTH_APPLE_ISSUER: issuer,
      OAUTH_FACEBOOK_CLIENT_ID: 'sf-facebook',
      OAUTH_FACEBOOK_CLIENT_SECRET: 'facebook-secret',
      OAUTH_FACEBOOK_AUTHORIZE_URL: `${issuer}/authorize`,
      OAUTH_FACEBOOK_TOKEN_URL: `${issuer}/token`,
      OAUTH_FACEBOOK_USERINFO_URL: `${issuer}/userinfo`,
    },
  })
})
afterAll(async () => {
  await node.stop()
  await provider.stop()
})

interface Started {
  cookie: string
  code: string
  state: string
}

/** Starts a sign-in and plays the browser at the provider: returns what comes back to our callback. */
async function atProvider(path: string, init: RequestInit = {}): Promise<Started> {
  const start = await node.request(path, {
    ...init,
    headers: { 'x-forwarded-for': '10.9.9.9', ...init.headers },
  })
  const cookie = /sf_oauth_state=[^;]+/.exec(start.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error(`no state cookie: ${start.status} ${await start.text()}`)
  const location =
    start.status === 302
      ? start.headers.get('location')!
      : ((await start.json()) as { authorizationUrl: string }).authorizationUrl
  const auth = await fetch(location, { redirect: 'manual' })
  const back = new URL(auth.headers.get('location')!)
  return { cookie, code: back.searchParams.get('code')!, state: back.searchParams.get('state')! }
}

/** Starts linking Google to a signed-in account (with its password) and plays the browser. */
function startLink(account: Account): Promise<Started> {
  return atProvider('/v1/auth/oauth/google/link', {
    method: 'POST',
    headers: { authorization: `Bearer ${account.tokens.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ password: account.password }),
  })
}

function callback(name: string, s: Started, cookie = s.cookie) {
  return node.request(`/v1/auth/oauth/${name}/callback?code=${s.code}&state=${s.state}`, {
    headers: { cookie },
  })
}

const sub = () => `sub-${crypto.randomUUID()}`

describe('sign-in with Google (OpenID Connect)', () => {
  test('a new person gets a new account with a verified address; the next time finds it again', async () => {
    const email = `g_${Date.now()}@gmail.test`
    nextClaims = { sub: sub(), email, email_verified: true }
    const started = await atProvider('/v1/auth/oauth/google/start')
    const res = await callback('google', started)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { created: boolean; accessToken: string; userId: string }
    expect(body.created).toBe(true)
    const me = await call(node, 'GET', '/v1/me', { token: body.accessToken })
    expect(me.body).toMatchObject({ email, emailVerified: true })
    const again = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    const second = (await again.json()) as { created: boolean; userId: string }
    expect(second).toMatchObject({ created: false, userId: body.userId })
    const ids = await call(node, 'GET', '/v1/auth/oauth/identities', { token: body.accessToken })
    expect(ids.body.items).toEqual([expect.objectContaining({ provider: 'google', email })])
  })

  test('an existing account is joined only when the provider and our own check both vouch for the address', async () => {
    const account = await register(node)
    // Sign-up now verifies the address; an account from before it did may not have.
    await node.ctx.db
      .updateTable('users')
      .set({ emailVerifiedAt: null })
      .where('id', '=', account.id)
      .execute()
    nextClaims = { sub: sub(), email: account.email, email_verified: false }
    const unverified = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    expect(unverified.status).toBe(409)
    expect(((await unverified.json()) as { code: string }).code).toBe('account_exists')
    // Someone may have registered the address here without owning it: not verified here, not joined.
    nextClaims = { sub: sub(), email: account.email, email_verified: true }
    const notVerifiedHere = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    expect(notVerifiedHere.status).toBe(409)
    await call(node, 'POST', '/v1/auth/email/resend', { token: account.tokens.accessToken })
    const token = tokenIn(await waitForMail(node, account.email, 'Confirm your e-mail'))
    expect((await call(node, 'POST', '/v1/auth/email/verify', { body: { token } })).status).toBe(204)
    nextClaims = { sub: sub(), email: account.email.toUpperCase(), email_verified: true }
    const verified = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    expect(verified.status).toBe(200)
    expect(((await verified.json()) as { userId: string }).userId).toBe(account.id)
  })

  test('a forged state, a state from another browser and a replayed callback are refused', async () => {
    nextClaims = { sub: sub(), email: `f_${Date.now()}@gmail.test`, email_verified: true }
    const started = await atProvider('/v1/auth/oauth/google/start')
    const forged = await node.request(`/v1/auth/oauth/google/callback?code=${started.code}&state=forged`, {
      headers: { cookie: 'sf_oauth_state=forged' },
    })
    expect(forged.status).toBe(401)
    expect(((await forged.json()) as { code: string }).code).toBe('oauth_invalid_state')
    const otherBrowser = await callback('google', started, 'sf_oauth_state=someone-else')
    expect(otherBrowser.status).toBe(401)
    expect((await callback('google', started)).status).toBe(200)
    const replay = await callback('google', started)
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { code: string }).code).toBe('oauth_invalid_state')
  })

  test('an ID token for another audience, or without our nonce, is refused', async () => {
    nextClaims = {
      sub: sub(),
      email: `a_${Date.now()}@gmail.test`,
      email_verified: true,
      aud: 'someone-else',
    }
    const wrongAudience = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    expect(wrongAudience.status).toBe(401)
    expect(((await wrongAudience.json()) as { code: string }).code).toBe('oauth_rejected')
    nextClaims = { sub: sub(), email: `n_${Date.now()}@gmail.test`, email_verified: true, nonce: 'not-ours' }
    const wrongNonce = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    expect(wrongNonce.status).toBe(401)
    nextClaims = {}
  })

  test('with returnTo the browser goes back with a one-time code, never tokens', async () => {
    nextClaims = { sub: sub(), email: `r_${Date.now()}@gmail.test`, email_verified: true }
    const bad = await node.request('/v1/auth/oauth/google/start?returnTo=https://evil.example/cb')
    expect(bad.status).toBe(422)
    const started = await atProvider(
      `/v1/auth/oauth/google/start?returnTo=${encodeURIComponent('http://localhost:3000/app')}`,
    )
    const res = await callback('google', started)
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin + location.pathname).toBe('http://localhost:3000/app')
    expect(location.toString()).not.toContain('eyJ')
    const code = location.searchParams.get('oauth_code')!
    const exchanged = await call(node, 'POST', '/v1/auth/oauth/exchange', { body: { code } })
    expect(exchanged.status).toBe(200)
    expect((await call(node, 'GET', '/v1/me', { token: exchanged.body.accessToken })).status).toBe(200)
    expect((await call(node, 'POST', '/v1/auth/oauth/exchange', { body: { code } })).status).toBe(401)
  })
})

describe('second factor and odd input', () => {
  test('signing in through a provider still asks for the second factor', async () => {
    const account = await register(node)
    const setup = await call(node, 'POST', '/v1/auth/2fa/setup', {
      token: account.tokens.accessToken,
      body: { password: account.password },
    })
    const { Secret, TOTP } = await import('otpauth')
    const code = new TOTP({ secret: Secret.fromBase32(setup.body.secret) }).generate()
    expect(
      (await call(node, 'POST', '/v1/auth/2fa/enable', { token: account.tokens.accessToken, body: { code } }))
        .status,
    ).toBe(200)
    const googleSub = sub()
    nextClaims = { sub: googleSub }
    await callback('google', await startLink(account))
    nextClaims = { sub: googleSub }
    const res = await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    const body = (await res.json()) as { twoFactorRequired?: boolean; accessToken?: string; ticket?: string }
    expect(body.twoFactorRequired).toBe(true)
    expect(body.accessToken).toBeUndefined()
    expect(body.ticket).toBeString()
    await waitForMail(node, account.email, 'A google account was linked')
  })

  test('made-up exchange codes and states are refused, never a 500', async () => {
    for (const code of ['a b', 'x.', '..', '*'.repeat(20)]) {
      expect((await call(node, 'POST', '/v1/auth/oauth/exchange', { body: { code } })).status).toBe(401)
    }
    const res = await node.request('/v1/auth/oauth/google/callback?code=x&state=a.b', {
      headers: { cookie: 'sf_oauth_state=a.b' },
    })
    expect(res.status).toBe(401)
  })
})

describe('linking', () => {
  test('a signed-in user links a provider; an identity of someone else cannot be taken', async () => {
    const account = await register(node)
    const googleSub = sub()
    nextClaims = { sub: googleSub, email: 'whatever@gmail.test', email_verified: false }
    const noPassword = await call(node, 'POST', '/v1/auth/oauth/google/link', {
      token: account.tokens.accessToken,
    })
    expect(noPassword.status).toBe(403)
    const started = await startLink(account)
    const res = await callback('google', started)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ linked: 'google' })
    nextClaims = { sub: googleSub, email: 'whatever@gmail.test', email_verified: false }
    const login = (await (
      await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    ).json()) as {
      userId: string
    }
    expect(login.userId).toBe(account.id)

    const other = await register(node)
    nextClaims = { sub: googleSub }
    const steal = await callback('google', await startLink(other))
    expect(steal.status).toBe(409)
    expect(((await steal.json()) as { code: string }).code).toBe('identity_in_use')
  })

  test('unlinking the only way to sign in is refused; with a password it is allowed', async () => {
    nextClaims = { sub: sub(), email: `u_${Date.now()}@gmail.test`, email_verified: true }
    const social = (await (
      await callback('google', await atProvider('/v1/auth/oauth/google/start'))
    ).json()) as {
      accessToken: string
    }
    const refused = await call(node, 'DELETE', '/v1/auth/oauth/google', { token: social.accessToken })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('last_sign_in_method')

    const account = await register(node)
    nextClaims = { sub: sub() }
    await callback('google', await startLink(account))
    expect(
      (await call(node, 'DELETE', '/v1/auth/oauth/google', { token: account.tokens.accessToken })).status,
    ).toBe(204)
    expect(
      (await call(node, 'DELETE', '/v1/auth/oauth/google', { token: account.tokens.accessToken })).status,
    ).toBe(404)
  })
})

describe('Apple and Facebook', () => {
  test('Apple answers by form post; our client secret is an ES256 JWT signed with the team key', async () => {
    const email = `relay_${Date.now()}@privaterelay.appleid.test`
    nextClaims = { sub: sub(), email, email_verified: 'true' }
    const started = await atProvider('/v1/auth/oauth/apple/start')
    const res = await node.request('/v1/auth/oauth/apple/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: started.cookie },
      body: new URLSearchParams({ code: started.code, state: started.state }).toString(),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { created: boolean }).created).toBe(true)
    const basic = Buffer.from(lastTokenRequest.authorization!.replace('Basic ', ''), 'base64').toString()
    const [clientId, secret] = basic.split(':')
    expect(clientId).toBe('dev.socialflow.web')
    const { payload, protectedHeader } = await jwtVerify(
      decodeURIComponent(secret!),
      await importSPKI(applePublicKey, 'ES256'),
    )
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'KEY1234567' })
    expect(payload).toMatchObject({ iss: 'TEAM123456', sub: 'dev.socialflow.web', aud: provider.issuer.url })
  })

  test('Facebook signs in through the Graph profile', async () => {
    const email = `fb_${Date.now()}@facebook.test`
    nextClaims = { sub: `fb-${Date.now()}`, email }
    const res = await callback('facebook', await atProvider('/v1/auth/oauth/facebook/start'))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string }
    expect((await call(node, 'GET', '/v1/me', { token: body.accessToken })).body.email).toBe(email)
  })
})
