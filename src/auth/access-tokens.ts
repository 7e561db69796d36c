import { errors, jwtVerify, SignJWT } from 'jose'
import { newId } from '../platform/ids.ts'
import type { KeyRing } from './signing-keys.ts'

/**
 * Access tokens: short-lived HS256 JWTs (`typ: at+jwt`, RFC 9068) naming the user, their role and
 * their session. The token handed out between the two steps of a two-factor login has another
 * type and audience, so it can never pass as an access token.
 */
export const AUDIENCE = 'socialflow-api'
const ACCESS_TYPE = 'at+jwt'

export interface AccessClaims {
  userId: string
  sessionId: string
  role: string
  expiresAt: number
}

export type TokenFailure = 'token_expired' | 'token_invalid'

/** Finds the verification key a token names by `kid`. */
function keyResolver(keys: KeyRing) {
  const missing = async (kid: string | undefined) => {
    const key = kid ? await keys.verificationKey(kid) : undefined
    if (!key) throw new errors.JWKSNoMatchingKey()
    return key
  }
  // Synchronous when the key is known (every request but the first after a rotation).
  return (header: { kid?: string }) => (header.kid && keys.knownKey(header.kid)) || missing(header.kid)
}

/** How long a verified token's claims are reused without checking its signature again. */
const VERIFIED_TTL_MS = 60_000
const VERIFIED_MAX = 10_000

export class AccessTokens {
  /**
   * Tokens whose signature was checked in the last minute, by their full text (a changed byte is
   * another key): a client sends the same token with every request, and an HMAC check through
   * WebCrypto costs more than the rest of the authentication. Expiry is still checked each time;
   * revocation is checked by the caller on every request.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; until: number }>()

  constructor(
    private readonly keys: KeyRing,
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {}

  async issue(claims: { userId: string; sessionId: string; role: string }): Promise<string> {
    const key = await this.keys.signingKey()
    return new SignJWT({ sid: claims.sessionId, role: claims.role })
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: ACCESS_TYPE })
      .setSubject(claims.userId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setJti(newId())
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(key.key)
  }

  async verify(token: string): Promise<AccessClaims | TokenFailure> {
    const now = Date.now()
    const known = this.verified.get(token)
    if (known && known.until > now) return known.claims.expiresAt > now ? known.claims : 'token_expired'
    const result = await this.check(token)
    if (typeof result !== 'string') {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!)
      this.verified.set(token, { claims: result, until: now + VERIFIED_TTL_MS })
    }
    return result
  }

  private async check(token: string): Promise<AccessClaims | TokenFailure> {
    try {
      const { payload } = await jwtVerify(token, keyResolver(this.keys), {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: AUDIENCE,
        typ: ACCESS_TYPE,
      })
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.sid !== 'string' ||
        typeof payload.role !== 'string'
      ) {
        return 'token_invalid'
      }
      return {
        userId: payload.sub,
        sessionId: payload.sid,
        role: payload.role,
        expiresAt: payload.exp! * 1000,
      }
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'token_expired' : 'token_invalid'
    }
  }
}

/**
 * The ticket between the two steps of a two-factor sign-in: proves the password was right, for
 * five minutes, and can do nothing else (its own type and audience).
 */
const TICKET_TYPE = 'sf-2fa+jwt'
const TICKET_AUDIENCE = 'socialflow-2fa'
export const TICKET_TTL_SECONDS = 300

export class LoginTickets {
  constructor(
    private readonly keys: KeyRing,
    private readonly issuer: string,
  ) {}

  async issue(userId: string): Promise<string> {
    const key = await this.keys.signingKey()
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: TICKET_TYPE })
      .setSubject(userId)
      .setIssuer(this.issuer)
      .setAudience(TICKET_AUDIENCE)
      .setJti(newId())
      .setIssuedAt()
      .setExpirationTime(`${TICKET_TTL_SECONDS}s`)
      .sign(key.key)
  }

  /** Whom the ticket was issued for (and its id), or null when it is not a valid, live ticket. */
  async verify(ticket: string): Promise<{ userId: string; ticketId: string } | null> {
    try {
      const { payload } = await jwtVerify(ticket, keyResolver(this.keys), {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: TICKET_AUDIENCE,
        typ: TICKET_TYPE,
      })
      return typeof payload.sub === 'string' && typeof payload.jti === 'string'
        ? { userId: payload.sub, ticketId: payload.jti }
        : null
    } catch {
      return null
    }
  }
}
