import { type Context, Elysia } from 'elysia'
import { busUnreachable } from '../bus/connect.ts'
import { HttpError, problems } from '../errors.ts'
import { requestScope } from '../logger.ts'
import { type Limit, type LimitSetting, type RateLimiter, rateLimitHeaders } from '../rate-limit.ts'
import type { Principal } from './access.ts'

/**
 * The limits of `classes` once RATE_LIMITS (`settings`) applied: a class's own setting, else `*`,
 * else its default; a class turned off is left out. Ops served outside HTTP (gateway ops) count
 * against the same classes with these, under the same keys (`<class>.user.<id>`).
 */
export function effectiveLimits<C extends string>(
  classes: Record<C, Limit>,
  settings: Readonly<Record<string, LimitSetting>> = {},
): Map<C, Limit> {
  const effective = new Map<C, Limit>()
  for (const [name, limit] of Object.entries(classes) as [C, Limit][]) {
    const setting = settings[name] ?? settings['*'] ?? limit
    if (setting !== 'off') effective.set(name, setting)
  }
  return effective
}

/** The plugin a feature's routes `.use()` for `{ rateLimit: '<class>' }` (see Platform.rateLimits). */
export type RateLimitPlugin<C extends string> = ReturnType<typeof rateLimiting<C>>

/**
 * Routes declare their class of limit with `{ rateLimit: 'auth.login' }`. Each class is counted per
 * client address and, when the route knows the caller, per user, on every node at once. Answers
 * carry the RateLimit-* headers; a refused one is a 429 with Retry-After. `settings` (RATE_LIMITS)
 * replace a class's default limits, or turn it off; `*` stands for every class.
 */
export function rateLimiting<C extends string>(
  limiter: RateLimiter,
  classes: Record<C, Limit>,
  settings: Readonly<Record<string, LimitSetting>> = {},
  /**
   * Count a signed-in caller per address as well as per user (sign-in and password routes, whose
   * guessing comes from addresses); otherwise a known caller is counted per user alone, so many
   * people behind one address are not limited as one.
   */
  opts: {
    byAddressToo?: boolean
    /**
     * While the limits' bucket cannot be reached (NATS away): refuse with 503 (sign-in, where the
     * limits stop guessing), or let the request through unlimited (writes, which are stored in
     * PostgreSQL and should not stop for a broker's outage).
     */
    refuseWhenUnreachable?: boolean
  } = {},
) {
  const effective = effectiveLimits(classes, settings)
  // Named by its classes: each feature's instance is its own plugin (Elysia dedupes by name and seed).
  return new Elysia({ name: 'rate-limiting', seed: Object.keys(classes).sort().join(',') }).macro({
    rateLimit: (name: C) => ({
      beforeHandle: rateLimitOf(name, async (ctx: { set: Context['set'] }) => {
        const limit = effective.get(name)
        if (!limit) return
        // A signed-in caller is counted as themself, on routes that need a token and on those
        // that take one if given (`viewer`) alike.
        const { principal: signedIn, viewer } = ctx as { principal?: Principal; viewer?: Principal | null }
        const principal = signedIn ?? viewer ?? undefined
        const keys = principal ? [`${name}.user.${principal.userId}`] : []
        if (!principal || opts.byAddressToo)
          keys.push(`${name}.ip.${requestScope.getStore()?.clientAddress?.() ?? 'unknown'}`)
        if (!limiter.reachable && !opts.refuseWhenUnreachable) return
        const decisions = await Promise.all(keys.map((key) => limiter.take(key, limit))).catch(
          (error: unknown) => {
            // NATS went away before the connection's status said so: the same as unreachable.
            if (!opts.refuseWhenUnreachable && busUnreachable(error)) return null
            throw error
          },
        )
        if (!decisions) return
        const tightest = decisions.reduce((a, b) => (!b.allowed || b.remaining < a.remaining ? b : a))
        const headers = rateLimitHeaders(tightest)
        if (!tightest.allowed) {
          throw new HttpError(
            problems.rateLimited,
            `Too many requests; retry in ${headers['retry-after']} s`,
            {
              headers,
            },
          )
        }
        Object.assign(ctx.set.headers, headers)
      }),
    }),
  })
}

/** Marks a route's rate-limit check with its class, so the OpenAPI document can name it. */
export const RATE_LIMIT_CLASS = Symbol('rate-limit class')

function rateLimitOf<F extends object>(name: string, check: F): F {
  return Object.assign(check, { [RATE_LIMIT_CLASS]: name })
}

/**
 * A limit a service checks itself, spending a count at once (each stranger a post mentions, each
 * one added to a group), where a route's class counts requests. The class is declared with the
 * module's route classes (so RATE_LIMITS sets it like any other) and counted per user; a refusal
 * is the 429 a route's limit gives, naming the class (`rateLimitClass`), and spends nothing.
 * While the limits' bucket cannot be reached, writes go through (as for routes' writes).
 */
export type CountedLimit = (userId: string, count: number) => Promise<void>

export function countedLimit<C extends string>(
  limiter: RateLimiter,
  classes: Record<C, Limit>,
  settings: Readonly<Record<string, LimitSetting>>,
  name: C,
  /** What is counted, for the refusal's detail ("mentions of accounts that do not follow you"). */
  what: string,
): CountedLimit {
  const limit = effectiveLimits(classes, settings).get(name)
  return async (userId, count) => {
    if (!limit || count <= 0 || !limiter.reachable) return
    const decision = await limiter.take(`${name}.user.${userId}`, limit, count).catch((error: unknown) => {
      if (busUnreachable(error)) return null
      throw error
    })
    if (!decision || decision.allowed) return
    const headers = rateLimitHeaders(decision)
    throw new HttpError(
      problems.rateLimited,
      `Too many ${what} (${name}: ${limit.limit} per ${limit.windowMs / 1000} s); retry in ${headers['retry-after']} s`,
      { headers, rateLimitClass: name },
    )
  }
}
