import { sql } from 'kysely'
import { bannedFrom } from '../live/chat-access.ts'
import type { ModerationService as LiveChatModeration } from '../live/chat-moderation.ts'
import { visibleTo as streamVisibleTo } from '../live/views.ts'
import type { MessageService } from '../messages/conversations.ts'
import { fieldError } from '../platform/errors.ts'
import type { SubjectHandler } from './subjects.ts'

/**
 * Messages as moderation subjects: direct messages and live-chat lines (`message:<id>`, ids being
 * unique over both). The only content action is removal, which the room hears at once: a direct
 * message's conversation gets `message.deleted` (its text kept with the action; a reversal gives
 * it back, `message.edited`), a stream's room `chat.deleted` (a reversal: `chat.restored`).
 * A direct message is reported by a member of its conversation, a chat line by whoever may
 * watch the stream.
 */
export function messageSubject(messages: MessageService, chat: LiveChatModeration): SubjectHandler {
  return {
    async owner(db, id) {
      const dm = await db.selectFrom('messages').select('senderId').where('id', '=', id).executeTakeFirst()
      if (dm) return dm.senderId
      return (
        await db.selectFrom('liveChatMessages').select('authorId').where('id', '=', id).executeTakeFirst()
      )?.authorId
    },
    async seenBy(db, viewer, id) {
      const dm = await db
        .selectFrom('messages as m')
        .innerJoin('conversationMembers as c', 'c.conversationId', 'm.conversationId')
        .select('m.id')
        .where('m.id', '=', id)
        .where('c.userId', '=', viewer)
        .where('m.deletedAt', 'is', null)
        .executeTakeFirst()
      if (dm) return true
      const line = await db
        .selectFrom('liveChatMessages as m')
        .innerJoin('liveStreams as s', 's.id', 'm.streamId')
        .select('m.id')
        .where('m.id', '=', id)
        .where('m.deletedAt', 'is', null)
        .where(streamVisibleTo(viewer))
        .where(sql<boolean>`not ${bannedFrom(viewer)}`)
        .executeTakeFirst()
      return line !== undefined
    },
    states: ['removed'],
    async apply(trx, id, state) {
      if (state !== 'removed') throw fieldError('body.kind', 'a message can only be removed')
      const dm = await trx.selectFrom('messages').select('text').where('id', '=', id).executeTakeFirst()
      if (dm) return { previous: { text: dm.text }, afterCommit: () => messages.moderate(id, null) }
      return {
        previous: { chat: true },
        afterCommit: async () => {
          await chat.takeDown(id)
        },
      }
    },
    async restore(_trx, id, previous) {
      const p = previous as { text?: string | null; chat?: boolean }
      if (p.chat)
        return {
          previous: {},
          afterCommit: async () => {
            await chat.takeDown(id, true)
          },
        }
      const text = p.text ?? null
      return { previous: {}, afterCommit: text === null ? undefined : () => messages.moderate(id, text) }
    },
  }
}
