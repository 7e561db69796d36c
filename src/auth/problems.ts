import { defineProblem, HttpError } from '../platform/errors.ts'

/** The problems of the identity feature; `code` is what clients branch on. */
export const authProblems = {
  tokenExpired: defineProblem(401, 'token_expired', 'The access token has expired'),
  tokenInvalid: defineProblem(401, 'token_invalid', 'The access token is not valid'),
  sessionRevoked: defineProblem(401, 'session_revoked', 'This session has been signed out'),
  invalidCredentials: defineProblem(401, 'invalid_credentials', 'The login or password is wrong'),
  refreshInvalid: defineProblem(401, 'refresh_token_invalid', 'The refresh token is not valid'),
  refreshReused: defineProblem(401, 'refresh_token_reused', 'The refresh token was already used'),
  wrongPassword: defineProblem(403, 'wrong_password', 'The current password is wrong'),
  accountSuspended: defineProblem(403, 'account_suspended', 'This account is suspended'),
  accountBanned: defineProblem(403, 'account_banned', 'This account is banned'),
  usernameTaken: defineProblem(409, 'username_taken', 'That username is taken'),
  emailTaken: defineProblem(409, 'email_taken', 'That e-mail address already has an account'),
  alreadyVerified: defineProblem(409, 'already_verified', 'The e-mail address is already verified'),
  tokenUsedOrExpired: defineProblem(410, 'link_expired', 'This link has expired or was already used'),
  tooManyAttempts: defineProblem(429, 'too_many_attempts', 'Too many failed attempts'),
}

export function tooManyAttempts(retryAfterMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  return new HttpError(authProblems.tooManyAttempts, `Too many failed sign-ins; try again in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
    retryAfterSeconds: seconds,
  })
}
