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

export class AccessTokens {
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
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.verificationKey(header.kid) : undefined
          if (!key) throw new errors.JWKSNoMatchingKey()
          return key
        },
        { algorithms: ['HS256'], issuer: this.issuer, audience: AUDIENCE, typ: ACCESS_TYPE },
      )
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
