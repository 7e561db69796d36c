import type { Kysely } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Actions } from './actions.ts'
import { audit } from './audit.ts'

export const appealProblems = {
  alreadyAppealed: defineProblem(409, 'already_appealed', 'This action was already appealed'),
  tooLate: defineProblem(422, 'appeal_too_late', 'The time to appeal this action is over'),
  notAppealable: defineProblem(409, 'not_appealable', 'The action was reversed; there is nothing to appeal'),
  decided: defineProblem(409, 'appeal_decided', 'The appeal was already decided'),
  ownAction: defineProblem(403, 'own_action', 'A moderator cannot decide the appeal of their own action'),
}

export type AppealOutcome = 'upheld' | 'reversed'

type AppealRow = {
  id: string
  actionId: string
  appellantId: string
  text: string
  state: string
  decisionReason: string | null
  createdAt: Date
  decidedAt: Date | null
}

/**
 * Appeals: once per action, by its target, within the appeal period; decided by a moderator
 * other than the one who acted. Reversed: the action is undone (what was removed comes back).
 */
export class Appeals {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly actions: Actions,
    private readonly appealDays: number,
  ) {}

  async file(appellant: string, actionId: string, text: string) {
    const action = await this.db
      .selectFrom('moderationActions')
      .select(['id', 'targetUserId', 'createdAt', 'reversedAt'])
      .where('id', '=', actionId)
      .executeTakeFirst()
    if (!action || action.targetUserId !== appellant)
      throw new HttpError(problems.notFound, 'body.actionId: no such action of yours')
    if (action.reversedAt) throw new HttpError(appealProblems.notAppealable)
    if (Date.now() - action.createdAt.getTime() > this.appealDays * 86_400_000)
      throw new HttpError(appealProblems.tooLate)
    const inserted = await this.db
      .insertInto('appeals')
      .values({ id: newId(), actionId, appellantId: appellant, text: text.trim() })
      .onConflict((oc) => oc.column('actionId').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) throw new HttpError(appealProblems.alreadyAppealed)
    return this.get(inserted.id)
  }

  async get(id: string, viewer?: { userId: string; reviewer: boolean }) {
    const row = await this.rows().where('id', '=', id).executeTakeFirst()
    if (!row || (viewer && !viewer.reviewer && row.appellantId !== viewer.userId))
      throw new HttpError(problems.notFound, 'No such appeal')
    return view(row)
  }

  /** Appeals for moderators, newest first (pending ones by default). */
  async list(state: 'pending' | 'upheld' | 'reversed', limit: number, cursor?: string) {
    const rows = await this.rows()
      .where('state', '=', state)
      .$call(newestFirst('createdAt', 'id', decodeCursor(cursor), limit))
      .execute()
    return page(rows, limit, (r) => ({ at: r.createdAt, id: r.id }), view)
  }

  async decide(moderator: string, id: string, outcome: AppealOutcome, reason: string) {
    const afterCommit = await this.db.transaction().execute(async (trx) => {
      const appeal = await trx
        .selectFrom('appeals as p')
        .innerJoin('moderationActions as a', 'a.id', 'p.actionId')
        .select(['p.id', 'p.state', 'p.actionId', 'p.appellantId', 'a.moderatorId'])
        .where('p.id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!appeal) throw new HttpError(problems.notFound, 'No such appeal')
      if (appeal.state !== 'pending') throw new HttpError(appealProblems.decided)
      if (appeal.moderatorId === moderator) throw new HttpError(appealProblems.ownAction)
      await trx
        .updateTable('appeals')
        .set({ state: outcome, decidedBy: moderator, decisionReason: reason, decidedAt: new Date() })
        .where('id', '=', id)
        .execute()
      await audit(
        trx,
        moderator,
        'appeal.decided',
        { kind: 'appeal', id },
        { outcome, actionId: appeal.actionId },
      )
      await appendEvents(trx, [
        domainEvent({
          type: 'appeal.decided',
          actorId: null,
          subject: { kind: 'moderation_action', id: appeal.actionId },
          data: { userId: appeal.appellantId, outcome },
        }),
      ])
      return outcome === 'reversed'
        ? this.actions.reverseIn(trx, moderator, appeal.actionId, reason)
        : undefined
    })
    await afterCommit?.()
    return this.get(id)
  }

  private rows() {
    return this.db
      .selectFrom('appeals')
      .select(['id', 'actionId', 'appellantId', 'text', 'state', 'decisionReason', 'createdAt', 'decidedAt'])
  }
}

function view(r: AppealRow) {
  return {
    id: r.id,
    actionId: r.actionId,
    appellantId: r.appellantId,
    text: r.text,
    state: r.state as 'pending' | AppealOutcome,
    decisionReason: r.decisionReason,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  }
}
