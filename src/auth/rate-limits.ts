import { type Limit, readRateLimits } from '../platform/rate-limit.ts'

/**
 * Limits of the identity routes, per client address and (when signed in) per user. Failed
 * sign-ins are limited per account name as well: after five, one more every three minutes.
 */
export const authRateLimits = {
  ...readRateLimits,
  'auth.register': { limit: 10, windowMs: 3600_000 },
  'auth.login': { limit: 30, windowMs: 60_000 },
  'auth.refresh': { limit: 60, windowMs: 60_000 },
  'auth.mail': { limit: 5, windowMs: 3600_000 },
  'auth.password': { limit: 10, windowMs: 3600_000 },
} as const satisfies Record<string, Limit>

export const LOGIN_FAILURES: Limit = { limit: 5, windowMs: 15 * 60_000 }

/**
 * The budget of failed sign-ins by strangers: per name tried, whether or not an account has it. An
 * account's username and e-mail address have a budget each, as they did not share one: after
 * locking out a username, an attacker could otherwise try addresses and see which one was locked
 * too, linking the address to the account.
 */
export function loginFailureKey(login: string): string {
  return `login.failures.name.${login.trim().toLowerCase()}`
}

/** The budget of a client that signed in to the account before (`client` from known-clients.ts). */
export function knownClientFailureKey(userId: string, client: string): string {
  return `login.failures.known.${userId}.${client}`
}

/** The budget of wrong second-factor codes: only someone who knew the password can spend it. */
export function secondFactorFailureKey(userId: string): string {
  return `login.failures.2fa.${userId}`
}
