import { type Kysely, sql, type Transaction } from 'kysely'
import { type AccountChange, changeAccount } from '../admin/users.ts'
import type { AuthServices } from '../auth/module.ts'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import { audit } from './audit.ts'
import type { Cases } from './cases.ts'
import type { Decision } from './policies.ts'
import { parseSubject, type Subject } from './screener.ts'
import type { Applied, ContentState, SubjectRegistry } from './subjects.ts'

type Tx = Transaction<DB>

export const ACTION_KINDS = [
  'remove',
  'sensitive',
  'age_restrict',
  'hold',
  'warn',
  'limit',
  'suspend',
  'ban',
] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

/** Actions on a piece of content, and the state each puts it in. */
const CONTENT_STATE: Partial<Record<ActionKind, ContentState>> = {
  remove: 'removed',
  sensitive: 'sensitive',
  age_restrict: 'age_restricted',
  hold: 'held',
}

/** What happens, as the statement of reasons tells its target. */
const CONSEQUENCE: Record<ActionKind, string> = {
  remove: 'The content is removed: nobody else can see it.',
  sensitive: 'The content is shown behind a content warning.',
  age_restrict: 'The content is shown only to signed-in adults.',
  hold: 'The content is held for review: only you and moderators see it until a moderator decides.',
  warn: 'This is a warning; nothing else changes.',
  limit:
    'Your posts reach only your followers: nobody else sees them in timelines, searches or your profile.',
  suspend: 'Your account is suspended: you cannot sign in or act until the date given.',
  ban: 'Your account is banned: you can no longer sign in.',
}

export const actionProblems = {
  reversed: defineProblem(409, 'action_reversed', 'The action was already reversed'),
}

export interface ActionInput {
  kind: ActionKind
  subject: string
  rule: string
  reason: string
  until?: string
  caseId?: string
}

/** The statement of reasons kept with each action and sent to its target. */
export interface Statement {
  rule: string
  subject: string
  action: ActionKind
  consequence: string
  reason: string
  automated: boolean
  until: string | null
  appeal: string
}

/**
 * Moderation actions: each with its statement of reasons (kept, and a notification to its
 * target), undone by `reverse` to what the subject was before. A moderator's action may close the
 * case it decides (reporters are told); a policy's is automated (no moderator). Suspensions and
 * bans are the administrators' account changes (admin/users.ts), taken by a moderator.
 */
export class Actions {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      auth: AuthServices
      subjects: SubjectRegistry
      cases: Cases
      appealDays: number
    },
  ) {}

  async take(moderator: string, input: ActionInput) {
    const subject = parseSubject(input.subject)
    if (!subject) throw fieldError('body.subject', 'must be kind:id, e.g. post:<uuid>')
    const handler = this.deps.subjects.get(subject.kind)
    if (!handler) throw fieldError('body.subject', `no action can be taken on a ${subject.kind} yet`)
    const { db } = this.deps
    const target = await handler.owner(db, subject.id)
    if (!target) throw new HttpError(problems.notFound, `body.subject: no such ${subject.kind}`)
    const state = CONTENT_STATE[input.kind]
    if (state && !handler.apply)
      throw fieldError('body.kind', `${input.kind} does not apply to a ${subject.kind}`)
    if (input.kind === 'suspend' && !input.until) throw fieldError('body.until', 'a suspension needs an end')
    if (input.kind !== 'suspend' && input.until)
      throw fieldError('body.until', 'only a suspension has an end')
    // Account changes go through the administrators' path (tokens refused at once on every node).
    let previous: Json = {}
    if (input.kind === 'suspend' || input.kind === 'ban') {
      const before = await db
        .selectFrom('users')
        .select(['status', 'statusReason', 'suspendedUntil'])
        .where('id', '=', target)
        .executeTakeFirstOrThrow()
      previous = { status: before.status }
      const change: AccountChange =
        input.kind === 'suspend'
          ? { suspend: { reason: input.reason, until: input.until! } }
          : { ban: { reason: input.reason } }
      await changeAccount({ db, auth: this.deps.auth }, moderator, target, change)
    }
    const statement = this.statement(
      input.kind,
      subject,
      input.rule,
      input.reason,
      false,
      input.until ?? null,
    )
    const { id, afterCommit } = await db.transaction().execute(async (trx) => {
      if (input.caseId) await this.deps.cases.lockOpen(trx, input.caseId)
      let applied: Applied | undefined
      if (state) applied = await handler.apply!(trx, subject.id, state, null)
      if (input.kind === 'limit') previous = await setLimited(trx, target, true)
      const id = await this.record(trx, {
        kind: input.kind,
        subject,
        target,
        moderator,
        caseId: input.caseId ?? null,
        statement,
        until: input.until ? new Date(input.until) : null,
        previous: applied?.previous ?? previous,
      })
      if (input.caseId) await this.deps.cases.resolve(trx, input.caseId, id)
      return { id, afterCommit: applied?.afterCommit }
    })
    await afterCommit?.()
    return this.get(id)
  }

  /**
   * A policy's outcome for a subject's labels, in the transaction that recorded them: only when
   * it does more than the subject's state already does (a moderator's decision is not undone by
   * a model), and a hold opens a case for moderators.
   */
  async automated(
    trx: Tx,
    subject: Subject,
    decision: Decision,
    /** The moderator whose label it was (POST /v1/moderation/labels): the action is theirs. */
    labelledBy: string | null = null,
  ): Promise<Applied | undefined> {
    const handler = this.deps.subjects.get(subject.kind)
    const kind: ActionKind = decision.outcome === 'allow' ? 'warn' : decision.outcome
    const state = CONTENT_STATE[kind]
    if (!handler?.apply || !state || (handler.states && !handler.states.includes(state))) return undefined
    const target = await handler.owner(trx, subject.id)
    if (!target) return undefined
    // A moderator's decision stands (an action reversed: the content was cleared), and so does
    // anything at least as strong already applied. A moderator's own label is a new decision: only
    // what is in force and at least as strong makes it moot.
    const rank = (k: string) => ['sensitive', 'age_restrict', 'hold', 'remove'].indexOf(k)
    const taken = await trx
      .selectFrom('moderationActions')
      .select(['kind', 'reversedAt'])
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .execute()
    const moot = labelledBy
      ? taken.some((t) => t.reversedAt === null && rank(t.kind) >= rank(kind))
      : taken.some((t) => t.reversedAt !== null || rank(t.kind) >= rank(kind))
    if (moot) return undefined
    const applied = await handler.apply(trx, subject.id, state, decision.label.value)
    const statement = this.statement(
      kind,
      subject,
      `policy: ${decision.label.value}`,
      labelledBy
        ? `A moderator labelled it ${decision.label.value} (score ${decision.label.score.toFixed(2)}).`
        : `Automated screening labelled it ${decision.label.value} (${decision.label.source}, score ${decision.label.score.toFixed(2)}).`,
      !labelledBy,
      null,
    )
    let caseId: string | null = null
    if (kind === 'hold') {
      caseId = await this.deps.cases.caseOf(trx, subject, target)
      await this.deps.cases.reprioritize(trx, caseId)
    }
    await this.record(trx, {
      kind,
      subject,
      target,
      moderator: labelledBy,
      caseId,
      statement,
      until: null,
      previous: applied.previous,
    })
    return applied
  }

  /** Undoes an action: the subject goes back to what it was; its target is told. */
  async reverse(actor: string, id: string, reason: string) {
    const afterCommit = await this.deps.db
      .transaction()
      .execute((trx) => this.reverseIn(trx, actor, id, reason))
    await afterCommit?.()
    return this.get(id)
  }

  /** Reverses in `trx`; answers what must run after the commit. */
  async reverseIn(trx: Tx, actor: string, id: string, reason: string) {
    const action = await trx
      .selectFrom('moderationActions')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!action) throw new HttpError(problems.notFound, 'No such action')
    if (action.reversedAt) throw new HttpError(actionProblems.reversed)
    const kind = action.kind as ActionKind
    let afterCommit: (() => Promise<void>) | undefined
    if (CONTENT_STATE[kind]) {
      const handler = this.deps.subjects.get(action.subjectKind as Subject['kind'])
      afterCommit = (await handler?.restore?.(trx, action.subjectId, action.previous))?.afterCommit
    }
    const previous = action.previous as { status?: string; reachLimited?: boolean }
    if (kind === 'limit' && action.targetUserId)
      await setLimited(trx, action.targetUserId, previous.reachLimited ?? false)
    if ((kind === 'suspend' || kind === 'ban') && action.targetUserId && previous.status === 'active') {
      const target = action.targetUserId
      const restore = afterCommit
      // After the commit, like every account change (its own transaction, then the revocations).
      afterCommit = async () => {
        await restore?.()
        await changeAccount({ db: this.deps.db, auth: this.deps.auth }, actor, target, { restore: true })
      }
    }
    await trx
      .updateTable('moderationActions')
      .set({ reversedAt: new Date(), reversedBy: actor })
      .where('id', '=', id)
      .execute()
    await audit(
      trx,
      actor,
      'action.reversed',
      { kind: action.subjectKind, id: action.subjectId },
      { actionId: id, reason },
    )
    if (action.targetUserId)
      await appendEvents(trx, [
        domainEvent({
          type: 'moderation.reversed',
          actorId: null,
          subject: { kind: 'moderation_action', id },
          data: { userId: action.targetUserId },
        }),
      ])
    return afterCommit
  }

  /** An action as moderators see it, or (without `reviewer`) as its target does; nobody else. */
  async get(id: string, viewer?: { userId: string; reviewer: boolean }) {
    const a = await this.deps.db
      .selectFrom('moderationActions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!a || (viewer && !viewer.reviewer && a.targetUserId !== viewer.userId))
      throw new HttpError(problems.notFound, 'No such action')
    const full = !viewer || viewer.reviewer
    return {
      id: a.id,
      kind: a.kind as ActionKind,
      subject: `${a.subjectKind}:${a.subjectId}`,
      targetUserId: a.targetUserId,
      moderatorId: full ? a.moderatorId : null,
      automated: a.moderatorId === null && (a.statement as unknown as Statement).automated,
      caseId: full ? a.caseId : null,
      statement: a.statement as unknown as Statement,
      until: a.until?.toISOString() ?? null,
      appealableUntil: new Date(a.createdAt.getTime() + this.deps.appealDays * 86_400_000).toISOString(),
      createdAt: a.createdAt.toISOString(),
      reversedAt: a.reversedAt?.toISOString() ?? null,
    }
  }

  private statement(
    kind: ActionKind,
    subject: Subject,
    rule: string,
    reason: string,
    automated: boolean,
    until: string | null,
  ): Statement {
    return {
      rule,
      subject: `${subject.kind}:${subject.id}`,
      action: kind,
      consequence: CONSEQUENCE[kind],
      reason,
      automated,
      until,
      appeal: `You may appeal once within ${this.deps.appealDays} days: POST /v1/appeals with this action's id and what you want reviewed. A moderator other than the one who acted decides.`,
    }
  }

  private async record(
    trx: Tx,
    a: {
      kind: ActionKind
      subject: Subject
      target: string
      moderator: string | null
      caseId: string | null
      statement: Statement
      until: Date | null
      previous: Json
    },
  ): Promise<string> {
    const id = newId()
    await trx
      .insertInto('moderationActions')
      .values({
        id,
        kind: a.kind,
        subjectKind: a.subject.kind,
        subjectId: a.subject.id,
        targetUserId: a.target,
        moderatorId: a.moderator,
        caseId: a.caseId,
        statement: sql<Json>`${JSON.stringify(a.statement)}::text::jsonb`,
        until: a.until,
        previous: sql<Json>`${JSON.stringify(a.previous)}::text::jsonb`,
      })
      .execute()
    await audit(trx, a.moderator, 'action.taken', a.subject, { actionId: id, kind: a.kind })
    await appendEvents(trx, [
      domainEvent({
        type: 'moderation.actioned',
        actorId: null,
        subject: { kind: 'moderation_action', id },
        data: { userId: a.target, kind: a.kind },
      }),
    ])
    return id
  }
}

/** Limits (or lifts the limit of) an account's reach; answers what it was. */
async function setLimited(trx: Tx, userId: string, limited: boolean): Promise<Json> {
  const before = await trx
    .selectFrom('users')
    .select('reachLimited')
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  await trx.updateTable('users').set({ reachLimited: limited }).where('id', '=', userId).execute()
  return { reachLimited: before.reachLimited }
}
