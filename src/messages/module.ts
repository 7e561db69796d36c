import { authModule } from '../auth/module.ts'
import { countedLimit } from '../platform/http/rate-limiting.ts'
import { defineModule } from '../platform/module.ts'
import { MessageService } from './conversations.ts'
import { MemberService } from './members.ts'
import { messageRateLimits, messageRoutes } from './routes.ts'
import { MESSAGE_EVENTS } from './topology.ts'

/**
 * Direct messages and group conversations. Each conversation is a room (`dm:<id>`): its messages
 * are ordered, and a client that reconnects to any gateway resumes from the room's history.
 */
export const messagesModule = defineModule({
  name: 'messages',
  needs: { auth: authModule },
  topology: () => ({ streams: [MESSAGE_EVENTS], rooms: ['dm'] }),
  build({ db, rooms, live, log, config, rateLimits, limiter }, { auth }) {
    const messages = new MessageService(
      db,
      rooms,
      live,
      log,
      config.database.poolMax,
      countedLimit(
        limiter,
        messageRateLimits,
        config.http.rateLimits,
        'messages.add_strangers',
        'accounts that do not follow you added to groups',
      ),
    )
    const members = new MemberService(db, messages.locks, live)
    return {
      services: { messages, members },
      api: {
        routes: () => [
          messageRoutes({
            messages,
            members,
            access: auth.access,
            rateLimits: rateLimits(messageRateLimits),
          }),
        ],
      },
      gateway: {
        channels: {
          // A conversation's room: its members only; resumable from its history, where the
          // messages stored in PostgreSQL fill what JetStream lacks.
          dm: {
            authorize: (principal, id) => messages.isMember(id, principal.userId),
            history: (channel, since, epoch) =>
              rooms.since(channel, since, epoch, (after) =>
                messages.archived(channel.slice('dm:'.length), after),
              ),
          },
        },
        commands: {
          'message.send': async (principal, frame) => {
            const sent = await messages.send(principal.userId, String(frame.conversationId ?? ''), {
              text: String(frame.text ?? ''),
              clientId: String(frame.clientId ?? ''),
            })
            return { op: 'message.sent', message: sent.message, created: sent.created }
          },
          typing: async (principal, frame) => {
            await messages.typing(principal.userId, String(frame.conversationId ?? ''))
            return undefined
          },
        },
      },
    }
  },
})
