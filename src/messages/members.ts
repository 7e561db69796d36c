import type { Kysely } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { messageProblems } from './problems.ts'
import type { RoomLocks } from './room-locks.ts'
import { MESSAGE_EVENTS } from './topology.ts'

/**
 * Leaving a group, and its creator removing a member. The room hears of it (`member.left`,
 * `member.removed`, with the next seq), the one who goes stops hearing the room at once (the
 * gateways check their subscription again) and no longer finds the conversation. A one-to-one
 * conversation is not left: blocking the other account is how it ends.
 */
export class MemberService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly locks: RoomLocks,
    private readonly live: LivePublisher,
  ) {}

  async remove(actor: string, conversationId: string, userId: string): Promise<void> {
    const conversation = await this.db
      .selectFrom('conversations as c')
      .innerJoin('conversationMembers as me', (j) =>
        j.onRef('me.conversationId', '=', 'c.id').on('me.userId', '=', actor),
      )
      .select(['c.kind', 'c.createdBy'])
      .where('c.id', '=', conversationId)
      .executeTakeFirst()
    if (!conversation) throw new HttpError(problems.notFound, 'No such conversation')
    if (conversation.kind === 'direct') throw new HttpError(messageProblems.directIsNotLeft)
    const leaving = userId === actor
    if (!leaving && conversation.createdBy !== actor)
      throw new HttpError(problems.forbidden, "Only the group's creator removes other members")
    await this.locks.inRoom(conversationId, async (trx, nextSeq) => {
      const gone = await trx
        .deleteFrom('conversationMembers')
        .where('conversationId', '=', conversationId)
        .where('userId', '=', userId)
        .returning('userId')
        .executeTakeFirst()
      if (!gone) throw new HttpError(problems.notFound, 'No such member')
      const type = leaving ? 'member.left' : 'member.removed'
      await appendEvents(
        trx,
        [
          domainEvent({
            type: leaving ? 'conversation.member_left' : 'conversation.member_removed',
            actorId: actor,
            subject: { kind: 'conversation', id: conversationId },
            data: { userId },
          }),
        ],
        MESSAGE_EVENTS.name,
      )
      return { frame: { seq: await nextSeq(), type, data: { userId, by: actor } } }
    })
    this.live.accessChanged({ users: [userId] })
  }
}
