import { Elysia, t } from 'elysia'
import type { accessControl } from '../platform/http/access.ts'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { ACCEPTED, NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { rateLimiting } from '../platform/http/rate-limiting.ts'
import type { AccountService } from './accounts.ts'
import { PASSWORD_MAX_LENGTH } from './passwords.ts'
import type { authRateLimits } from './rate-limits.ts'
import type { RegistrationService } from './registrations.ts'
import { clientMeta, type SessionService } from './sessions.ts'
import type { TwoFactorService } from './two-factor.ts'
import { USERNAME_PATTERN } from './usernames.ts'

export const PublicUserSchema = t.Object({
  id: t.String({ format: 'uuid' }),
  username: t.String(),
  email: t.String(),
  emailVerified: t.Boolean(),
  role: t.String(),
  createdAt: DateTime(),
})

export const TokenPairSchema = t.Object({
  tokenType: t.Literal('Bearer'),
  accessToken: t.String(),
  expiresIn: Integer({ description: 'Seconds the access token lives' }),
  refreshToken: t.String({ description: 'Opaque, single use: each refresh returns the next one' }),
  sessionId: t.String({ format: 'uuid' }),
  deviceToken: t.Optional(
    t.String({
      description:
        'Handed out at sign-in: keep it and send it with the next sign-in, which then passes while failed attempts by others have paused the account',
    }),
  ),
})

const DeviceToken = t.Optional(
  t.String({
    minLength: 1,
    maxLength: 200,
    description: 'The deviceToken an earlier sign-in on this device answered',
  }),
)

const Password = t.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })

export const ChallengeSchema = t.Object({
  twoFactorRequired: t.Literal(true),
  ticket: t.String({ description: 'Send it with a code to POST /v1/auth/login/2fa' }),
  expiresIn: Integer(),
})

const Code = t.String({ minLength: 6, maxLength: 20, description: 'A 6-digit TOTP code, or a recovery code' })

export interface AuthRouteDeps {
  accounts: AccountService
  registrations: RegistrationService
  sessions: SessionService
  twoFactor: TwoFactorService
  /** Gives routes `{ permission }` and `principal`. */
  access: ReturnType<typeof accessControl>
  /** Gives routes `{ rateLimit }`. */
  rateLimits: ReturnType<typeof rateLimiting<keyof typeof authRateLimits>>
}

/** The identity routes under /v1/auth (GET /v1/me is the users feature's: the account with its profile). */
export function authRoutes(deps: AuthRouteDeps) {
  const { accounts, registrations, sessions, twoFactor } = deps
  return new Elysia({ name: 'auth-routes', detail: { tags: ['auth'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/auth/register',
      async ({ body, set }) => {
        await registrations.start(body)
        set.status = 202
      },
      {
        rateLimit: 'auth.register',
        body: t.Object({
          username: t.String({
            pattern: USERNAME_PATTERN,
            description: '3-30 letters, digits or _, from a letter',
          }),
          email: t.String({ format: 'email', maxLength: 254 }),
          password: Password,
        }),
        detail: {
          summary: 'Sign up: mails a link that creates the account (202 whether or not the address has one)',
          description:
            'The answer is the same, 202 with no body, for a new address and for one that already has an account, so ' +
            'that it never says which addresses are registered. A new address is mailed a link (48 hours, once) for ' +
            'POST /v1/auth/register/confirm, which creates the account and signs in; the owner of a taken address is ' +
            'mailed that someone tried to sign up with it. Nothing is held until the link is used: not the username, not ' +
            'the address. A taken username is refused at once (409 username_taken): usernames are public. An invalid ' +
            'username or a weak password is 422.',
          responses: { 202: ACCEPTED, ...problemResponses(409, 422, 429) },
        },
      },
    )
    .post(
      '/auth/register/confirm',
      async ({ body, request, set }) => {
        const { user, tokens } = await registrations.confirm(body.token, clientMeta(request))
        set.status = 201
        return { user, ...tokens }
      },
      {
        rateLimit: 'auth.password',
        body: t.Object({ token: t.String({ minLength: 1, maxLength: 200 }) }),
        response: { 201: t.Composite([t.Object({ user: PublicUserSchema }), TokenPairSchema]) },
        detail: {
          summary:
            'Finish signing up with the mailed code: creates the account (address verified) and signs in',
          description:
            'The code works once, for 48 hours (410 link_expired). 409 username_taken or email_taken when the name ' +
            'or the address was taken since the link was mailed (the holder of the link owns the mailbox).',
          responses: problemResponses(409, 410, 429),
        },
      },
    )
    .post('/auth/login', ({ body, request }) => accounts.login(body, withDevice(request, body.deviceToken)), {
      rateLimit: 'auth.login',
      body: t.Object({
        login: t.String({ minLength: 1, maxLength: 254, description: 'Username or e-mail address' }),
        password: Password,
        deviceToken: DeviceToken,
      }),
      response: t.Union([TokenPairSchema, ChallengeSchema]),
      detail: {
        summary: 'Sign in with username or e-mail and password',
        description:
          'A wrong login and a wrong password get the same answer. After five failures for one account name, ' +
          'further attempts are refused with 429 and Retry-After (one more every three minutes), and the owner is ' +
          'told by mail, at most once a day. A client that signed in to the account before (it sends the ' +
          'deviceToken that sign-in answered, or comes from an address the account signed in from) is not held ' +
          'up by failures of others: it has a budget of its own. With two-factor sign-in on, the answer is a ' +
          'ticket for POST /v1/auth/login/2fa instead of tokens.',
        responses: problemResponses(401, 403, 422, 429),
      },
    })
    .post(
      '/auth/login/2fa',
      ({ body, request }) =>
        twoFactor.completeLogin(body.ticket, body.code, withDevice(request, body.deviceToken)),
      {
        rateLimit: 'auth.login',
        body: t.Object({
          ticket: t.String({ minLength: 1, maxLength: 2000 }),
          code: Code,
          deviceToken: DeviceToken,
        }),
        response: TokenPairSchema,
        detail: {
          summary: 'Second step of a two-factor sign-in: the ticket and a TOTP or recovery code',
          responses: problemResponses(401, 403, 422, 429),
        },
      },
    )
    .post('/auth/2fa/setup', ({ principal, body }) => twoFactor.setup(principal.userId, body?.password), {
      permission: 'account:manage',
      rateLimit: 'auth.password',
      body: t.Optional(t.Object({ password: t.Optional(Password) })),
      response: t.Object({
        secret: t.String({ description: 'Base32, for manual entry' }),
        otpauthUrl: t.String({ description: 'otpauth:// URL, for a QR code' }),
      }),
      detail: {
        summary: 'Start two-factor set-up: a new TOTP secret (not in force until enabled)',
        description: '`password` is required when the account has one (422 naming it when missing).',
        responses: problemResponses(401, 403, 409, 422),
      },
    })
    .post('/auth/2fa/enable', ({ principal, body }) => twoFactor.enable(principal.userId, body.code), {
      permission: 'account:manage',
      rateLimit: 'auth.password',
      body: t.Object({ code: t.String({ pattern: '^\\d{6}$' }) }),
      response: t.Object({
        recoveryCodes: t.Array(t.String(), { description: 'Shown once; each works once' }),
      }),
      detail: {
        summary: 'Turn two-factor sign-in on with a first code from the app',
        responses: problemResponses(401, 409, 422, 429),
      },
    })
    .post(
      '/auth/2fa/disable',
      async ({ principal, body, set }) => {
        await twoFactor.disable(principal.userId, body.password, body.code)
        set.status = 204
      },
      {
        permission: 'account:manage',
        rateLimit: 'auth.password',
        body: t.Object({ password: Password, code: Code }),
        detail: {
          summary: 'Turn two-factor sign-in off (needs the password and a code)',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 409, 422, 429) },
        },
      },
    )
    .post('/auth/refresh', ({ body }) => sessions.refresh(body.refreshToken), {
      rateLimit: 'auth.refresh',
      body: t.Object({ refreshToken: t.String({ minLength: 1, maxLength: 200 }) }),
      response: TokenPairSchema,
      detail: {
        summary: 'Exchange a refresh token for a new pair (the old one stops working)',
        description: 'A refresh token presented twice signs the whole session out (refresh_token_reused).',
        responses: problemResponses(401, 403, 429),
      },
    })
    .post(
      '/auth/logout',
      async ({ principal, set }) => {
        await sessions.revoke(principal.userId, principal.sessionId, 'logout')
        set.status = 204
      },
      {
        permission: 'account:read',
        detail: {
          summary: 'Sign this session out',
          responses: { 204: NO_CONTENT, ...problemResponses(401) },
        },
      },
    )
    .post(
      '/auth/logout-all',
      async ({ principal }) => ({ revoked: await sessions.revokeAll(principal.userId, 'logout_all') }),
      {
        permission: 'account:read',
        response: t.Object({ revoked: Integer() }),
        detail: { summary: 'Sign every session of this account out', responses: problemResponses(401) },
      },
    )
    .post(
      '/auth/email/verify',
      async ({ body, set }) => {
        await accounts.verifyEmail(body.token)
        set.status = 204
      },
      {
        rateLimit: 'auth.password',
        body: t.Object({ token: t.String({ minLength: 1, maxLength: 200 }) }),
        detail: {
          summary: 'Confirm an e-mail address with the mailed code',
          responses: { 204: NO_CONTENT, ...problemResponses(410, 429) },
        },
      },
    )
    .post(
      '/auth/email/resend',
      async ({ principal, set }) => {
        await accounts.resendVerification(principal.userId)
        set.status = 202
      },
      {
        permission: 'account:read',
        rateLimit: 'auth.mail',
        detail: {
          summary: 'Mail a new verification link',
          responses: { 202: ACCEPTED, ...problemResponses(401, 409, 429) },
        },
      },
    )
    .post(
      '/auth/password/forgot',
      ({ body, set }) => {
        accounts.forgotPassword(body.email)
        set.status = 202
      },
      {
        rateLimit: 'auth.mail',
        body: t.Object({ email: t.String({ minLength: 1, maxLength: 254 }) }),
        detail: {
          summary: 'Mail a password reset link (202 whether or not the address has an account)',
          description:
            'The new link cancels the older ones; a reset, or a password change, cancels every link still outstanding.',
          responses: { 202: ACCEPTED, ...problemResponses(429) },
        },
      },
    )
    .post(
      '/auth/password/reset',
      async ({ body, set }) => {
        await accounts.resetPassword(body.token, body.password)
        set.status = 204
      },
      {
        rateLimit: 'auth.password',
        body: t.Object({ token: t.String({ minLength: 1, maxLength: 200 }), password: Password }),
        detail: {
          summary: 'Choose a new password with the mailed code (signs every session out)',
          responses: { 204: NO_CONTENT, ...problemResponses(410, 422, 429) },
        },
      },
    )
    .post(
      '/auth/password/change',
      async ({ body, principal }) => ({
        signedOutSessions: await accounts.changePassword(principal, body.currentPassword, body.newPassword),
      }),
      {
        permission: 'account:manage',
        rateLimit: 'auth.password',
        body: t.Object({ currentPassword: Password, newPassword: Password }),
        response: t.Object({ signedOutSessions: Integer() }),
        detail: {
          summary: 'Change the password (signs the other sessions out)',
          responses: problemResponses(401, 403, 422, 429),
        },
      },
    )
    .get(
      '/auth/sessions',
      async ({ principal }) => ({
        items: (await sessions.list(principal.userId)).map((s) => ({
          id: s.id,
          userAgent: s.userAgent,
          ip: s.ip,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: s.lastUsedAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          current: s.id === principal.sessionId,
        })),
        nextCursor: null,
      }),
      {
        rateLimit: 'api.reads',
        permission: 'account:read',
        response: t.Object({
          items: t.Array(
            t.Object({
              id: t.String(),
              userAgent: t.Nullable(t.String()),
              ip: t.Nullable(t.String()),
              createdAt: t.String(),
              lastUsedAt: t.String(),
              expiresAt: t.String(),
              current: t.Boolean(),
            }),
          ),
          nextCursor: t.Null({ description: 'Always null: every active session fits in one page' }),
        }),
        detail: { summary: 'The signed-in sessions of this account', responses: problemResponses(401) },
      },
    )
    .delete(
      '/auth/sessions/:id',
      async ({ params, principal, set }) => {
        await sessions.revoke(principal.userId, params.id, 'revoked_by_user')
        set.status = 204
      },
      {
        permission: 'account:manage',
        params: t.Object({ id: t.String({ format: 'uuid' }) }),
        detail: {
          summary: 'Sign one session out',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 404) },
        },
      },
    )
}

function withDevice(request: Request, deviceToken: string | undefined) {
  return { ...clientMeta(request), deviceToken }
}
