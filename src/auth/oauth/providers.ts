import { CodeChallengeMethod, OAuth2Client, type OAuth2Tokens } from 'arctic'
import { createRemoteJWKSet, importPKCS8, jwtVerify, SignJWT } from 'jose'
import type { Config, Secrets } from '../../platform/config.ts'

export const PROVIDERS = ['google', 'apple', 'facebook'] as const
export type ProviderName = (typeof PROVIDERS)[number]

/** Who the provider says signed in. */
export interface ExternalIdentity {
  subject: string
  email: string | null
  emailVerified: boolean
  name: string | null
}

export interface Provider {
  name: ProviderName
  /** The URL to send the browser to. */
  authorizationUrl(input: { state: string; codeVerifier: string; nonce: string }): Promise<URL>
  /** Exchanges the code and checks what comes back (signature, issuer, audience, nonce). */
  identify(input: { code: string; codeVerifier: string; nonce: string }): Promise<ExternalIdentity>
}

export class IdentityRejected extends Error {}

interface Discovery {
  authorization_endpoint: string
  token_endpoint: string
  jwks_uri: string
  issuer: string
}

/**
 * An OpenID Connect provider found through its discovery document: authorization code with PKCE
 * (S256) and a nonce; the ID token's signature (the provider's JWKS), issuer, audience (our client
 * id), expiry and nonce are checked before anything in it is believed.
 */
function openIdProvider(opts: {
  name: ProviderName
  issuer: string
  clientId: string
  clientSecret: () => Promise<string>
  redirectUri: string
  scopes: string[]
  extraParams?: Record<string, string>
}): Provider {
  let discovery: Promise<{ doc: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined
  const discover = () => {
    discovery ??= (async () => {
      const res = await fetch(`${opts.issuer}/.well-known/openid-configuration`)
      if (!res.ok) throw new Error(`${opts.name} discovery answered ${res.status}`)
      const doc = (await res.json()) as Discovery
      return { doc, jwks: createRemoteJWKSet(new URL(doc.jwks_uri)) }
    })().catch((error) => {
      discovery = undefined
      throw error
    })
    return discovery
  }
  return {
    name: opts.name,
    async authorizationUrl({ state, codeVerifier, nonce }) {
      const { doc } = await discover()
      const client = new OAuth2Client(opts.clientId, null, opts.redirectUri)
      const url = client.createAuthorizationURLWithPKCE(
        doc.authorization_endpoint,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        opts.scopes,
      )
      url.searchParams.set('nonce', nonce)
      for (const [k, v] of Object.entries(opts.extraParams ?? {})) url.searchParams.set(k, v)
      return url
    },
    async identify({ code, codeVerifier, nonce }) {
      const { doc, jwks } = await discover()
      const client = new OAuth2Client(opts.clientId, await opts.clientSecret(), opts.redirectUri)
      const tokens: OAuth2Tokens = await client.validateAuthorizationCode(
        doc.token_endpoint,
        code,
        codeVerifier,
      )
      let payload: Record<string, unknown>
      try {
        ;({ payload } = await jwtVerify(tokens.idToken(), jwks, {
          issuer: doc.issuer,
          audience: opts.clientId,
        }))
      } catch (error) {
        throw new IdentityRejected(`the ID token was refused: ${(error as Error).message}`)
      }
      if (payload.nonce !== nonce) throw new IdentityRejected('the ID token does not carry our nonce')
      if (typeof payload.sub !== 'string') throw new IdentityRejected('the ID token names no subject')
      return {
        subject: payload.sub,
        email: typeof payload.email === 'string' ? payload.email : null,
        // Apple sends "true" as a string.
        emailVerified: payload.email_verified === true || payload.email_verified === 'true',
        name: typeof payload.name === 'string' ? payload.name : null,
      }
    },
  }
}

/**
 * Facebook Login: OAuth 2.0 (with PKCE, which Facebook supports) and the Graph API profile. Its
 * answer does not say whether the address was verified, so it never joins an existing account by
 * address (linking while signed in still works).
 */
function facebookProvider(
  cfg: NonNullable<Config['oauth']['facebook']>,
  secret: string,
  redirectUri: string,
): Provider {
  return {
    name: 'facebook',
    async authorizationUrl({ state, codeVerifier }) {
      const client = new OAuth2Client(cfg.clientId, null, redirectUri)
      return client.createAuthorizationURLWithPKCE(
        cfg.authorizeUrl,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        ['email', 'public_profile'],
      )
    },
    async identify({ code, codeVerifier }) {
      const client = new OAuth2Client(cfg.clientId, secret, redirectUri)
      const tokens = await client.validateAuthorizationCode(cfg.tokenUrl, code, codeVerifier)
      const res = await fetch(cfg.userinfoUrl, {
        headers: { authorization: `Bearer ${tokens.accessToken()}` },
      })
      if (!res.ok) throw new IdentityRejected(`the Facebook profile answered ${res.status}`)
      const profile = (await res.json()) as { id?: string; email?: string; name?: string }
      if (!profile.id) throw new IdentityRejected('the Facebook profile has no id')
      // Facebook says nothing about verification: treat the address as unverified.
      return {
        subject: profile.id,
        email: profile.email ?? null,
        emailVerified: false,
        name: profile.name ?? null,
      }
    },
  }
}

/** Apple's client secret is a short-lived ES256 JWT signed with the team's key. */
function appleClientSecret(cfg: NonNullable<Config['oauth']['apple']>, privateKeyPem: string) {
  let cached: { value: string; until: number } | undefined
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value
    const key = await importPKCS8(privateKeyPem, 'ES256')
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: cfg.keyId })
      .setIssuer(cfg.teamId)
      .setSubject(cfg.clientId)
      .setAudience(cfg.issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key)
    cached = { value, until: Date.now() + 50 * 60_000 }
    return value
  }
}

/** The providers this deployment has credentials for. */
export function configuredProviders(config: Config, secrets: Secrets): Map<ProviderName, Provider> {
  const redirect = (name: ProviderName) => `${config.publicUrl}/v1/auth/oauth/${name}/callback`
  const providers = new Map<ProviderName, Provider>()
  const { google, apple, facebook } = config.oauth
  if (google && secrets.oauth.googleSecret) {
    const secret = secrets.oauth.googleSecret
    providers.set(
      'google',
      openIdProvider({
        name: 'google',
        issuer: google.issuer,
        clientId: google.clientId,
        clientSecret: async () => secret,
        redirectUri: redirect('google'),
        scopes: ['openid', 'email', 'profile'],
      }),
    )
  }
  if (apple && secrets.oauth.applePrivateKey) {
    providers.set(
      'apple',
      openIdProvider({
        name: 'apple',
        issuer: apple.issuer,
        clientId: apple.clientId,
        clientSecret: appleClientSecret(apple, secrets.oauth.applePrivateKey),
        redirectUri: redirect('apple'),
        scopes: ['openid', 'email', 'name'],
        // Apple posts the answer back (needed when asking for name or e-mail).
        extraParams: { response_mode: 'form_post' },
      }),
    )
  }
  if (facebook && secrets.oauth.facebookSecret) {
    providers.set('facebook', facebookProvider(facebook, secrets.oauth.facebookSecret, redirect('facebook')))
  }
  return providers
}
