import type { Command } from '../gateway/core-types.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { type Limit, type RateLimiter, rateLimitHeaders } from '../platform/rate-limit.ts'
import type { ChatService } from './chat.ts'

/**
 * The chat's gateway op: `chat.send` writes as `POST /v1/live/streams/{id}/chat` does, under the
 * same per-user limit (`live.chat`, one count for both ways in).
 */
export function chatCommands(deps: {
  chat: ChatService
  limiter: RateLimiter
  /** `live.chat` as RATE_LIMITS leaves it (undefined: turned off). */
  limit: Limit | undefined
}): Record<string, Command> {
  return {
    'chat.send': async (principal, frame) => {
      const { limit, limiter } = deps
      // As for REST writes: a limits' bucket out of reach does not stop the chat.
      if (limit && limiter.reachable) {
        const decision = await limiter.take(`live.chat.user.${principal.userId}`, limit)
        if (!decision.allowed)
          throw new HttpError(
            problems.rateLimited,
            `Too many messages; retry in ${rateLimitHeaders(decision)['retry-after']} s`,
          )
      }
      const sent = await deps.chat.send(principal.userId, String(frame.streamId ?? ''), {
        text: String(frame.text ?? ''),
        clientId: String(frame.clientId ?? ''),
      })
      return { op: 'chat.sent', message: sent.message, created: sent.created }
    },
  }
}
