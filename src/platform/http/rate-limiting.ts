import { Elysia } from 'elysia'
import { HttpError, problems } from '../errors.ts'
import { requestScope } from '../logger.ts'
import { type Limit, type RateLimiter, rateLimitHeaders } from '../rate-limit.ts'
import type { Principal } from './access.ts'

/**
 * Routes declare their class of limit with `{ rateLimit: 'auth.login' }`. Each class is counted per
 * client address and, when the route knows the caller, per user, on every node at once. Answers
 * carry the RateLimit-* headers; a refused one is a 429 with Retry-After.
 */
export function rateLimiting<C extends string>(limiter: RateLimiter, classes: Record<C, Limit>) {
  return new Elysia({ name: 'rate-limiting' }).macro({
    rateLimit: (name: C) => ({
      async beforeHandle(ctx) {
        const limit = classes[name]
        const keys = [`${name}.ip.${requestScope.getStore()?.clientAddress?.() ?? 'unknown'}`]
        const principal = (ctx as { principal?: Principal }).principal
        if (principal) keys.push(`${name}.user.${principal.userId}`)
        const decisions = await Promise.all(keys.map((key) => limiter.take(key, limit)))
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
      },
    }),
  })
}
