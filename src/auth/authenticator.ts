import { HttpError } from '../platform/errors.ts'
import type { Authenticator, Principal, TokenAuthenticator } from '../platform/http/access.ts'
import type { AccessTokens } from './access-tokens.ts'
import { authProblems } from './problems.ts'
import type { Revocations } from './revocations.ts'

const BEARER = /^bearer +([A-Za-z0-9_.-]+)$/i

/**
 * Bearer access tokens: a valid signature and lifetime, a session not signed out, an account not
 * suspended or banned; the role as last changed (a change reaches every node through the
 * revocation list before the token's own claim expires).
 */
export function bearerAuthenticator(
  tokens: AccessTokens,
  revocations: Revocations,
): Authenticator & TokenAuthenticator {
  const authenticateToken = async (token: string) => {
    const claims = await tokens.verify(token)
    if (claims === 'token_expired')
      throw new HttpError(authProblems.tokenExpired, 'Refresh the access token and retry')
    if (claims === 'token_invalid') throw new HttpError(authProblems.tokenInvalid)
    // A banned account's sessions are revoked too: say why, rather than just "signed out".
    const block = revocations.userBlock(claims.userId)
    if (block) throw blockedError(block)
    if (revocations.isSessionRevoked(claims.sessionId)) throw new HttpError(authProblems.sessionRevoked)
    return {
      userId: claims.userId,
      sessionId: claims.sessionId,
      role: revocations.currentRole(claims.userId) ?? claims.role,
      expiresAt: claims.expiresAt,
    }
  }
  return {
    authenticateToken,
    onRevoked: (listener) => revocations.onRevoked(listener),
    async authenticate(request: Request): Promise<Principal | null> {
      const header = request.headers.get('authorization')
      if (!header) return null
      // RFC 9110 §11.1: the scheme is case-insensitive, and one or more spaces follow it.
      const match = BEARER.exec(header)
      if (!match)
        throw new HttpError(
          authProblems.tokenInvalid,
          'Send the access token as "Authorization: Bearer <token>"',
        )
      const { expiresAt: _, ...principal } = await authenticateToken(match[1]!)
      return principal
    },
  }
}

export function blockedError(block: {
  status: string
  reason: string | null
  until: string | null
}): HttpError {
  if (block.status === 'banned') {
    return new HttpError(
      authProblems.accountBanned,
      block.reason ? `Banned: ${block.reason}` : 'This account is banned',
      {
        reason: block.reason,
      },
    )
  }
  return new HttpError(
    authProblems.accountSuspended,
    `Suspended until ${block.until}${block.reason ? `: ${block.reason}` : ''}`,
    { reason: block.reason, until: block.until },
  )
}
