import { type Kysely, sql, type Transaction } from 'kysely'
import { domainEvent } from '../platform/bus/events.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB, Json } from '../platform/db/schema.ts'
import { defineProblem, fieldError, HttpError, problems } from '../platform/errors.ts'
import { decodeScoreCursor, encodeScoreCursor } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { audit } from './audit.ts'
import type { LabelStore } from './labels.ts'
import { parseSubject, type Subject } from './screener.ts'
import type { SubjectRegistry } from './subjects.ts'

type Tx = Transaction<DB>

export const REPORT_CATEGORIES = [
  'spam',
  'harassment',
  'hate',
  'violence',
  'sexual',
  'child_safety',
  'copyright',
  'self_harm',
  'impersonation',
  'other',
] as const
export type ReportCategory = (typeof REPORT_CATEGORIES)[number]

/** How urgent a category is: a case's priority starts from its most urgent report. */
const CATEGORY_WEIGHT: Record<ReportCategory, number> = {
  child_safety: 100,
  violence: 60,
  self_harm: 60,
  hate: 50,
  harassment: 40,
  sexual: 40,
  impersonation: 30,
  copyright: 20,
  spam: 10,
  other: 5,
}

export const CASE_STATES = ['open', 'escalated', 'resolved'] as const
export type CaseState = (typeof CASE_STATES)[number]

export const caseProblems = {
  alreadyReported: defineProblem(409, 'already_reported', 'You already reported this; it is being looked at'),
  resolved: defineProblem(409, 'case_resolved', 'The case is resolved'),
  copyrightFlow: defineProblem(
    422,
    'copyright_claim_required',
    'Copyright in a video is claimed by its rightsholder through the copyright flow, not reported',
  ),
}

/** Where a copyright report on a video is sent (the problem's extension members). */
export const COPYRIGHT_FLOW = {
  claim: 'POST /v1/copyright/claims',
  references: 'POST /v1/copyright/references',
  role: 'rightsholder',
} as const

export interface ReportInput {
  subject: string
  category: ReportCategory
  comment?: string
  extraSubjects?: string[]
}

/**
 * Reports and the cases moderators work through. Reports on one subject merge into its case (one
 * not resolved per subject); a case's priority is recomputed whenever a report or a label joins:
 * its most urgent category, 5 per reporter, up to 30 for its strongest label, and the reach of
 * whoever posted it (5 per tenfold of followers). Automated holds open cases without reports.
 */
export class Cases {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly subjects: SubjectRegistry,
    private readonly labels: LabelStore,
  ) {}

  async report(reporter: string, input: ReportInput) {
    const subject = this.subjectField('body.subject', input.subject)
    const owner = await this.reportable(reporter, subject, 'body.subject')
    const extra: Subject[] = []
    for (const [i, text] of (input.extraSubjects ?? []).entries()) {
      const field = `body.extraSubjects.${i}`
      const s = this.subjectField(field, text)
      if ((await this.reportable(reporter, s, field)) !== owner)
        throw fieldError(field, 'must be of the same account as the subject')
      if (!extra.some((e) => e.kind === s.kind && e.id === s.id)) extra.push(s)
    }
    if (input.category === 'copyright') await this.refuseCopyrightOnVideos([subject, ...extra])
    return this.db.transaction().execute(async (trx) => {
      const caseId = await this.caseOf(trx, subject, owner)
      const reportId = newId()
      const inserted = await trx
        .insertInto('reports')
        .values({
          id: reportId,
          caseId,
          reporterId: reporter,
          category: input.category,
          comment: input.comment?.trim() || null,
          extraSubjects: sql<Json>`${JSON.stringify(extra)}::text::jsonb`,
        })
        .onConflict((oc) => oc.columns(['caseId', 'reporterId']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) throw new HttpError(caseProblems.alreadyReported)
      await this.reprioritize(trx, caseId)
      await appendEvents(trx, [
        domainEvent({
          type: 'report.created',
          actorId: reporter,
          subject: { kind: 'report', id: reportId },
          data: { caseId, category: input.category },
        }),
      ])
      return { id: reportId, caseId, category: input.category, state: 'open' as const }
    })
  }

  /** The reporter's view of their report: what became of it, nothing of the other party. */
  async reportOf(viewer: string, id: string) {
    const row = await this.db
      .selectFrom('reports as r')
      .innerJoin('moderationCases as c', 'c.id', 'r.caseId')
      .select(['r.id', 'r.category', 'r.createdAt', 'c.state', 'c.resolvedAt', 'r.caseId'])
      .where('r.id', '=', id)
      .where('r.reporterId', '=', viewer)
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such report')
    const action = await this.db
      .selectFrom('moderationActions')
      .select(['kind', 'reversedAt'])
      .where('caseId', '=', row.caseId)
      .orderBy('createdAt', 'desc')
      .executeTakeFirst()
    return {
      id: row.id,
      category: row.category,
      createdAt: row.createdAt.toISOString(),
      state: row.state === 'resolved' ? ('resolved' as const) : ('open' as const),
      outcome:
        row.state !== 'resolved'
          ? null
          : action && !action.reversedAt
            ? ('action_taken' as const)
            : ('no_action' as const),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
    }
  }

  /** The subject's case not resolved yet, or a new one (the unique index settles a race). */
  async caseOf(trx: Tx, subject: Subject, owner: string | null): Promise<string> {
    const open = await trx
      .selectFrom('moderationCases')
      .select('id')
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .where('state', '!=', 'resolved')
      .forUpdate()
      .executeTakeFirst()
    if (open) return open.id
    const made = await trx
      .insertInto('moderationCases')
      .values({ id: newId(), subjectKind: subject.kind, subjectId: subject.id, subjectUserId: owner })
      .onConflict((oc) =>
        // The partial index's predicate as a literal: a bound parameter cannot be proved to imply it
        // once PostgreSQL plans the prepared statement generically (after five runs), and the
        // insert then fails with "no unique or exclusion constraint matching".
        oc
          .columns(['subjectKind', 'subjectId'])
          .where(sql.ref('state'), '<>', sql.lit('resolved'))
          .doNothing(),
      )
      .returning('id')
      .executeTakeFirst()
    return made?.id ?? this.caseOf(trx, subject, owner)
  }

  async reprioritize(trx: Tx, caseId: string): Promise<void> {
    const c = await trx
      .selectFrom('moderationCases')
      .select(['subjectKind', 'subjectId', 'subjectUserId'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow()
    const reports = await trx.selectFrom('reports').select('category').where('caseId', '=', caseId).execute()
    const followers = c.subjectUserId
      ? Number(
          (
            await trx
              .selectFrom('userCounts')
              .select('followers')
              .where('userId', '=', c.subjectUserId)
              .executeTakeFirst()
          )?.followers ?? 0,
        )
      : 0
    const label = await this.labels.strongest(trx, { kind: c.subjectKind, id: c.subjectId } as Subject)
    const priority = Math.round(
      Math.max(0, ...reports.map((r) => CATEGORY_WEIGHT[r.category as ReportCategory] ?? 0)) +
        5 * reports.length +
        30 * label +
        5 * Math.log10(1 + followers),
    )
    await trx
      .updateTable('moderationCases')
      .set({ priority, updatedAt: new Date() })
      .where('id', '=', caseId)
      .execute()
  }

  /** The queue: highest priority first (then oldest), with filters, a page at a time. */
  async list(opts: {
    state?: CaseState
    category?: ReportCategory
    subjectKind?: string
    assignee?: string
    limit: number
    cursor?: string
  }) {
    const after = decodeScoreCursor(opts.cursor, { score: 'integer', key: 'uuid' })
    let q = this.db.selectFrom('moderationCases as c').selectAll('c')
    q = q.where('c.state', '=', opts.state ?? 'open')
    if (opts.subjectKind) q = q.where('c.subjectKind', '=', opts.subjectKind)
    if (opts.assignee === 'none') q = q.where('c.assigneeId', 'is', null)
    else if (opts.assignee) q = q.where('c.assigneeId', '=', opts.assignee)
    if (opts.category)
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('reports as r')
            .select('r.id')
            .whereRef('r.caseId', '=', 'c.id')
            .where('r.category', '=', opts.category!),
        ),
      )
    // Ties in priority: the oldest case first; ids are time-ordered (UUIDv7).
    if (after) q = q.where(sql<boolean>`(c.priority, c.id) < (${Number(after.score)}, ${after.key}::uuid)`)
    const rows = await q
      .orderBy('c.priority', 'desc')
      .orderBy('c.id', 'asc')
      .limit(opts.limit + 1)
      .execute()
    const items = await this.views(rows.slice(0, opts.limit))
    const last = rows[opts.limit - 1]
    return {
      items,
      nextCursor:
        rows.length > opts.limit && last
          ? encodeScoreCursor({ score: String(last.priority), key: last.id })
          : null,
    }
  }

  async get(id: string) {
    const row = await this.db
      .selectFrom('moderationCases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such case')
    const [view] = await this.views([row])
    const notes = await this.db
      .selectFrom('moderationCaseNotes')
      .select(['id', 'authorId', 'text', 'createdAt'])
      .where('caseId', '=', id)
      .orderBy('createdAt')
      .execute()
    const reports = await this.db
      .selectFrom('reports')
      .select(['id', 'reporterId', 'category', 'comment', 'extraSubjects', 'createdAt'])
      .where('caseId', '=', id)
      .orderBy('createdAt')
      .execute()
    return {
      ...view!,
      notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      reports: reports.map((r) => ({
        ...r,
        extraSubjects: (r.extraSubjects as unknown as Subject[]).map((s) => `${s.kind}:${s.id}`),
        createdAt: r.createdAt.toISOString(),
      })),
    }
  }

  private async views(rows: { id: string }[]) {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const found = await this.db
      .selectFrom('moderationCases as c')
      .selectAll('c')
      .select((eb) => [
        eb
          .selectFrom('reports as r')
          .whereRef('r.caseId', '=', 'c.id')
          .select(eb.fn.countAll<string>().as('n'))
          .as('reports'),
        sql<string[]>`array(select distinct r.category from reports r where r.case_id = c.id order by 1)`.as(
          'categories',
        ),
      ])
      .where('c.id', 'in', ids)
      .execute()
    const byId = new Map(found.map((c) => [c.id, c]))
    return ids.map((id) => {
      const c = byId.get(id)!
      return {
        id: c.id,
        subject: `${c.subjectKind}:${c.subjectId}`,
        subjectUserId: c.subjectUserId,
        state: c.state as CaseState,
        priority: c.priority,
        reportCount: Number(c.reports ?? 0),
        categories: c.categories,
        assigneeId: c.assigneeId,
        createdAt: c.createdAt.toISOString(),
        updatedAt: c.updatedAt.toISOString(),
        resolvedAt: c.resolvedAt?.toISOString() ?? null,
      }
    })
  }

  /** Assigns the case to a moderator (null: nobody). */
  async assign(actor: string, id: string, assignee: string | null) {
    if (assignee) {
      const user = await this.db
        .selectFrom('users')
        .select('role')
        .where('id', '=', assignee)
        .executeTakeFirst()
      if (!user || !['moderator', 'admin'].includes(user.role))
        throw fieldError('body.assigneeId', 'must be a moderator or administrator')
    }
    await this.change(actor, id, 'case.assigned', { assigneeId: assignee }, { assigneeId: assignee })
    return this.get(id)
  }

  /** Hands the case to administrators (an account to ban, a legal matter). */
  async escalate(actor: string, id: string, note: string) {
    await this.change(actor, id, 'case.escalated', { state: 'escalated' }, { note }, note)
    return this.get(id)
  }

  async note(actor: string, id: string, text: string) {
    await this.change(actor, id, 'case.noted', {}, {}, text)
    return this.get(id)
  }

  /** Closes the case without an action; reporters are told nothing was done. */
  async dismiss(actor: string, id: string, note: string | undefined) {
    await this.db.transaction().execute(async (trx) => {
      await this.lockOpen(trx, id)
      if (note) await this.addNote(trx, id, actor, note)
      await this.resolve(trx, id, null)
      await audit(trx, actor, 'case.dismissed', { kind: 'case', id }, {})
    })
    return this.get(id)
  }

  /**
   * Resolves the case in `trx` (an action decided it, or nothing was to be done) and tells each
   * reporter not told yet (a domain event the notifications turn into one per reporter).
   */
  async resolve(trx: Tx, id: string, actionId: string | null): Promise<void> {
    const now = new Date()
    await trx
      .updateTable('moderationCases')
      .set({ state: 'resolved', resolvedAt: now, updatedAt: now })
      .where('id', '=', id)
      .execute()
    const told = await trx
      .updateTable('reports')
      .set({ toldAt: now })
      .where('caseId', '=', id)
      .where('toldAt', 'is', null)
      .returning(['id', 'reporterId'])
      .execute()
    await appendEvents(trx, [
      domainEvent({
        type: 'moderation.case_resolved',
        actorId: null,
        subject: { kind: 'case', id },
        data: { actionId, reports: told.map((r) => ({ id: r.id, reporterId: r.reporterId })) },
      }),
    ])
  }

  async lockOpen(trx: Tx, id: string) {
    const row = await trx
      .selectFrom('moderationCases')
      .select(['id', 'state'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such case')
    if (row.state === 'resolved') throw new HttpError(caseProblems.resolved)
    return row
  }

  private async addNote(trx: Tx, caseId: string, author: string, text: string) {
    await trx
      .insertInto('moderationCaseNotes')
      .values({ id: newId(), caseId, authorId: author, text })
      .execute()
  }

  private async change(
    actor: string,
    id: string,
    verb: string,
    set: { state?: CaseState; assigneeId?: string | null },
    data: Record<string, unknown>,
    note?: string,
  ) {
    await this.db.transaction().execute(async (trx) => {
      await this.lockOpen(trx, id)
      await trx
        .updateTable('moderationCases')
        .set({ ...set, updatedAt: new Date() })
        .where('id', '=', id)
        .execute()
      if (note) await this.addNote(trx, id, actor, note)
      await audit(trx, actor, verb, { kind: 'case', id }, data)
    })
  }

  private subjectField(field: string, text: string): Subject {
    const subject = parseSubject(text)
    if (!subject) throw fieldError(field, 'must be kind:id, e.g. post:<uuid>')
    return subject
  }

  /** The owner of a subject the reporter may see and report (not their own). */
  private async reportable(reporter: string, subject: Subject, field: string): Promise<string> {
    const handler = this.subjects.get(subject.kind)
    if (!handler) throw fieldError(field, `${subject.kind} cannot be reported yet`)
    const owner = await handler.owner(this.db, subject.id)
    if (!owner || !(await handler.seenBy(this.db, reporter, subject.id)))
      throw new HttpError(problems.notFound, `${field}: no such ${subject.kind}`)
    if (owner === reporter) throw fieldError(field, 'you cannot report yourself')
    return owner
  }

  /**
   * A copyright report on a video, or on a post carrying one, goes to the copyright flow
   * (src/copyright), as YouTube's "infringes my rights" goes to its copyright form rather than the
   * community flags: the rightsholder claims the video with one of their references (POST
   * /v1/copyright/claims, role `rightsholder`), its territory policy applies at once, and the
   * uploader can dispute, a process a moderator's case would bypass. Copyright in what the
   * fingerprints do not cover (a post's words or images, a profile, a stream, a message) stays a
   * report for moderators, as under Mastodon's "legal" category. Checked once the subjects were
   * found visible to the reporter, so it tells nothing of others' content.
   */
  private async refuseCopyrightOnVideos(subjects: Subject[]): Promise<void> {
    let video = subjects.find((s) => s.kind === 'video')?.id
    const posts = subjects.filter((s) => s.kind === 'post').map((s) => s.id)
    if (!video && posts.length > 0)
      video =
        (
          await this.db
            .selectFrom('posts')
            .select('videoId')
            .where('id', 'in', posts)
            .where('videoId', 'is not', null)
            .executeTakeFirst()
        )?.videoId ?? undefined
    if (!video) return
    throw new HttpError(
      caseProblems.copyrightFlow,
      `video:${video}: copyright in a video is claimed by its rightsholder (the ${COPYRIGHT_FLOW.role} role) with one of their references: ${COPYRIGHT_FLOW.claim}; the uploader can dispute the claim. Report it under another category if it breaks another rule.`,
      { subject: `video:${video}`, copyrightFlow: { ...COPYRIGHT_FLOW } },
    )
  }
}
