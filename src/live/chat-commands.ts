import type { Command } from '../gateway/core-types.ts'
import type { CountedLimit } from '../platform/http/rate-limiting.ts'
import type { ChatService } from './chat.ts'

/**
 * The chat's gateway op: `chat.send` writes as `POST /v1/live/streams/{id}/chat` does, under the
 * same per-user limit (`live.chat`, one count for both ways in: the same limiter key as the route's).
 */
export function chatCommands(deps: { chat: ChatService; limit: CountedLimit }): Record<string, Command> {
  return {
    'chat.send': async (principal, frame) => {
      await deps.limit(principal.userId, 1)
      const sent = await deps.chat.send(principal.userId, String(frame.streamId ?? ''), {
        text: String(frame.text ?? ''),
        clientId: String(frame.clientId ?? ''),
      })
      return { op: 'chat.sent', message: sent.message, created: sent.created }
    },
  }
}
