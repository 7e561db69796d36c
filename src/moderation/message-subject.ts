import type { MessageService } from '../messages/conversations.ts'
import { fieldError } from '../platform/errors.ts'
import type { SubjectHandler } from './subjects.ts'

/**
 * Direct messages as moderation subjects: reported by a member of the conversation; the only
 * content action is removal, which the room hears at once (a `message.deleted` frame), and a
 * reversal gives the text back (`message.edited`). The text is kept with the action meanwhile.
 * Live chat registers its own handler the same way once merged.
 */
export function messageSubject(messages: MessageService): SubjectHandler {
  return {
    async owner(db, id) {
      return (await db.selectFrom('messages').select('senderId').where('id', '=', id).executeTakeFirst())
        ?.senderId
    },
    async seenBy(db, viewer, id) {
      const row = await db
        .selectFrom('messages as m')
        .innerJoin('conversationMembers as c', 'c.conversationId', 'm.conversationId')
        .select('m.id')
        .where('m.id', '=', id)
        .where('c.userId', '=', viewer)
        .where('m.deletedAt', 'is', null)
        .executeTakeFirst()
      return row !== undefined
    },
    states: ['removed'],
    async apply(trx, id, state) {
      if (state !== 'removed') throw fieldError('body.kind', 'a message can only be removed')
      const row = await trx
        .selectFrom('messages')
        .select('text')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      return { previous: { text: row.text }, afterCommit: () => messages.moderate(id, null) }
    },
    async restore(_trx, id, previous) {
      const text = (previous as { text: string | null }).text
      return { previous: {}, afterCommit: text === null ? undefined : () => messages.moderate(id, text) }
    },
  }
}
