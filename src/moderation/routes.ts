import { Elysia, t } from 'elysia'
import type { Kysely } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import type { Authorizer, accessControl } from '../platform/http/access.ts'
import { DateTime } from '../platform/http/dates.ts'
import { Integer } from '../platform/http/integer.ts'
import { PageQuery } from '../platform/http/pagination.ts'
import { NO_CONTENT, problemResponses } from '../platform/http/problem-schema.ts'
import type { RateLimitPlugin } from '../platform/http/rate-limiting.ts'
import type { Limit } from '../platform/rate-limit.ts'
import { ACTION_KINDS, type Actions } from './actions.ts'
import type { Appeals } from './appeals.ts'
import { auditLog } from './audit.ts'
import { CASE_STATES, type CaseState, type Cases, REPORT_CATEGORIES, type ReportCategory } from './cases.ts'
import type { LabelStore } from './labels.ts'
import { OUTCOMES, type Policies } from './policies.ts'
import { parseSubject, SUBJECT_KINDS } from './screener.ts'
import type { Screening } from './screening.ts'
import type { TermLists } from './terms.ts'
import { INTERVALS, type Interval, transparencyReport } from './transparency.ts'

/** Limits of moderation's routes (RATE_LIMITS may change them). */
export const moderationRateLimits = {
  'moderation.report': { limit: 30, windowMs: 3_600_000 },
  'moderation.appeal': { limit: 10, windowMs: 3_600_000 },
  'moderation.read': { limit: 600, windowMs: 3_600_000 },
  'moderation.review': { limit: 5000, windowMs: 3_600_000 },
  'moderation.act': { limit: 1000, windowMs: 3_600_000 },
  'moderation.admin': { limit: 600, windowMs: 3_600_000 },
  'moderation.transparency': { limit: 120, windowMs: 3_600_000 },
} as const satisfies Record<string, Limit>

/** One of these strings (required: an optional UnionEnum is filled with its first value by Elysia 1.4). */
const literals = <const T extends readonly [string, ...string[]]>(values: T) => t.UnionEnum(values)
/** An optional one of these strings (the handler narrows it: Elysia does not infer a mapped union). */
const optionalOneOf = (values: readonly string[]) => t.Optional(t.Union(values.map((v) => t.Literal(v))))
const Id = t.Object({ id: t.String({ format: 'uuid' }) })
const SubjectText = t.String({
  minLength: 3,
  maxLength: 60,
  description: `kind:id, kind one of ${SUBJECT_KINDS.join(', ')} (e.g. post:<uuid>)`,
})
const Rule = t.String({
  minLength: 1,
  maxLength: 200,
  description: 'The rule broken, as the statement names it',
})
const Reason = t.String({ minLength: 1, maxLength: 2000 })
const LabelValue = t.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_-]*$' })

const Statement = t.Object({
  rule: t.String(),
  subject: t.String(),
  action: literals(ACTION_KINDS),
  consequence: t.String(),
  reason: t.String(),
  automated: t.Boolean(),
  until: t.Nullable(t.String()),
  appeal: t.String(),
})
const ActionSchema = t.Object({
  id: t.String(),
  kind: literals(ACTION_KINDS),
  subject: t.String(),
  targetUserId: t.Nullable(t.String()),
  moderatorId: t.Nullable(t.String({ description: 'Shown to moderators only' })),
  automated: t.Boolean(),
  caseId: t.Nullable(t.String()),
  statement: Statement,
  until: t.Nullable(t.String()),
  appealableUntil: t.String(),
  createdAt: t.String(),
  reversedAt: t.Nullable(t.String()),
})
const CaseSchema = t.Object({
  id: t.String(),
  subject: t.String(),
  subjectUserId: t.Nullable(t.String()),
  state: literals(CASE_STATES),
  priority: Integer({ description: 'Category, reporters, labels and the author’s reach; higher first' }),
  reportCount: Integer(),
  categories: t.Array(t.String()),
  assigneeId: t.Nullable(t.String()),
  createdAt: t.String(),
  updatedAt: t.String(),
  resolvedAt: t.Nullable(t.String()),
})
const CaseDetail = t.Composite([
  CaseSchema,
  t.Object({
    notes: t.Array(
      t.Object({ id: t.String(), authorId: t.Nullable(t.String()), text: t.String(), createdAt: t.String() }),
    ),
    reports: t.Array(
      t.Object({
        id: t.String(),
        reporterId: t.String(),
        category: t.String(),
        comment: t.Nullable(t.String()),
        extraSubjects: t.Array(t.String()),
        createdAt: t.String(),
      }),
    ),
  }),
])
const AppealSchema = t.Object({
  id: t.String(),
  actionId: t.String(),
  appellantId: t.String(),
  text: t.String(),
  state: t.Union([t.Literal('pending'), t.Literal('upheld'), t.Literal('reversed')]),
  decisionReason: t.Nullable(t.String()),
  createdAt: t.String(),
  decidedAt: t.Nullable(t.String()),
})
const Rule_ = t.Object({
  label: LabelValue,
  minScore: t.Number({ minimum: 0, maximum: 1 }),
  outcome: literals(OUTCOMES),
})
const HoldDays = Integer({
  minimum: 0,
  maximum: 365,
  description:
    'Images and videos of accounts younger than this many days are held for review from their upload (only their owner and moderators see them; a video from its creation, before it is encoded); 0: never. Absent on PUT: unchanged',
})
const PoliciesSchema = t.Object({ rules: t.Array(Rule_), holdNewAccountMediaDays: HoldDays })
const TermSchema = t.Object({
  id: t.String(),
  pattern: t.String(),
  regex: t.Boolean(),
  language: t.Nullable(t.String()),
  severity: Integer(),
  label: t.String(),
  createdAt: t.String(),
})
const Count = t.String({ description: 'Exact at the threshold and above; a range ("1-9") below' })
const TransparencyCounts = {
  reportsByCategory: t.Record(t.String(), Count),
  actionsByKind: t.Record(t.String(), Count),
  actions: t.Object({ automated: Count, manual: Count }),
  appeals: t.Record(t.String(), Count),
  medianSecondsReportToAction: t.Nullable(Integer()),
}

export interface ModerationRouteDeps {
  db: Kysely<DB>
  terms: TermLists
  policies: Policies
  labels: LabelStore
  cases: Cases
  actions: Actions
  appeals: Appeals
  /** A moderator's labels go through the policies like a screener's. */
  screening: Pick<Screening, 'labelByModerator'>
  transparencyMin: number
  access: ReturnType<typeof accessControl>
  authorize: Authorizer
  rateLimits: RateLimitPlugin<keyof typeof moderationRateLimits>
}

/** Reports, appeals and the transparency report: what every user (or anyone) may do. */
export function publicModerationRoutes(deps: ModerationRouteDeps) {
  const { cases, actions, appeals } = deps
  return new Elysia({ name: 'moderation-public-routes', detail: { tags: ['moderation'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .post(
      '/reports',
      async ({ principal, body, set }) => {
        set.status = 201
        return cases.report(principal.userId, body)
      },
      {
        permission: 'social:write',
        rateLimit: 'moderation.report',
        body: t.Object({
          subject: SubjectText,
          category: literals(REPORT_CATEGORIES),
          comment: t.Optional(t.String({ maxLength: 2000 })),
          extraSubjects: t.Optional(
            t.Array(SubjectText, { maxItems: 20, description: 'More subjects of the same account' }),
          ),
        }),
        response: {
          201: t.Object({
            id: t.String(),
            caseId: t.String(),
            category: t.String(),
            state: t.Literal('open'),
          }),
        },
        detail: {
          summary: 'Report a post, an account or a message',
          description:
            'Reports on one subject merge into one case for moderators. The reporter is told the outcome, never the other party’s details. A `copyright` report on a video (subject or extra subject) is answered 422 `copyright_claim_required`, whose `copyrightFlow` member points to the copyright flow: the rightsholder claims the video with one of their references (`POST /v1/copyright/claims`, role `rightsholder`) and the uploader can dispute. Copyright in other subjects (post, image, profile, stream, message) makes a case for moderators.',
          responses: problemResponses(401, 404, 409, 422, 429),
        },
      },
    )
    .get('/reports/:id', ({ principal, params }) => cases.reportOf(principal.userId, params.id), {
      permission: 'account:read',
      rateLimit: 'moderation.read',
      params: Id,
      response: t.Object({
        id: t.String(),
        category: t.String(),
        createdAt: t.String(),
        state: t.Union([t.Literal('open'), t.Literal('resolved')]),
        outcome: t.Nullable(t.Union([t.Literal('action_taken'), t.Literal('no_action')])),
        resolvedAt: t.Nullable(t.String()),
      }),
      detail: { summary: 'One of your reports and its outcome', responses: problemResponses(401, 404) },
    })
    .get(
      '/moderation/actions/:id',
      ({ principal, params }) =>
        actions.get(params.id, {
          userId: principal.userId,
          reviewer: deps.authorize(principal, 'moderation:review'),
        }),
      {
        permission: 'account:read',
        rateLimit: 'moderation.read',
        params: Id,
        response: ActionSchema,
        detail: {
          summary: 'An action and its statement of reasons (its target, or moderators)',
          responses: problemResponses(401, 404),
        },
      },
    )
    .post(
      '/appeals',
      async ({ principal, body, set }) => {
        set.status = 201
        return appeals.file(principal.userId, body.actionId, body.text)
      },
      {
        permission: 'account:manage',
        rateLimit: 'moderation.appeal',
        body: t.Object({
          actionId: t.String({ format: 'uuid' }),
          text: t.String({ minLength: 1, maxLength: 5000 }),
        }),
        response: { 201: AppealSchema },
        detail: {
          summary: 'Appeal an action taken on your account or content',
          description: 'Once per action, within MODERATION_APPEAL_DAYS of it.',
          responses: problemResponses(401, 404, 409, 422, 429),
        },
      },
    )
    .get(
      '/appeals/:id',
      ({ principal, params }) =>
        appeals.get(params.id, {
          userId: principal.userId,
          reviewer: deps.authorize(principal, 'moderation:review'),
        }),
      {
        permission: 'account:read',
        rateLimit: 'moderation.read',
        params: Id,
        response: AppealSchema,
        detail: {
          summary: 'An appeal (its appellant, or moderators)',
          responses: problemResponses(401, 404),
        },
      },
    )
    .get(
      '/transparency',
      ({ query }) =>
        transparencyReport(deps.db, deps.transparencyMin, {
          ...query,
          interval: query.interval as Interval | undefined,
        }),
      {
        rateLimit: 'moderation.transparency',
        query: t.Object({
          from: t.Optional(DateTime()),
          to: t.Optional(DateTime()),
          interval: optionalOneOf(INTERVALS),
        }),
        response: t.Object({
          from: t.String(),
          to: t.String(),
          threshold: Integer({ description: 'Counts below it are ranges' }),
          ...TransparencyCounts,
          interval: t.Optional(
            t.String({ description: 'As asked: the periods below are its days, weeks or months' }),
          ),
          periods: t.Optional(
            t.Array(t.Object({ from: t.String(), to: t.String(), ...TransparencyCounts }), {
              description:
                'With interval: each UTC day, ISO week (from Monday) or month of the report, in order, cut to from and to',
            }),
          ),
        }),
        detail: {
          summary: 'The public transparency report of a period (default: the last 30 days)',
          description:
            'Reports by category, actions by kind, automated and manual, appeals and their outcomes, the median time from a report to the action on it; with interval=day|week|month the same for each period of it too (at most 92 days by day, 366 otherwise). Counts below MODERATION_TRANSPARENCY_MIN are shown as a range.',
          responses: problemResponses(422, 429),
        },
      },
    )
}

/** The moderators' side: labels, cases, actions, appeals to decide. */
export function moderatorRoutes(deps: ModerationRouteDeps) {
  const { cases, actions, appeals, labels } = deps
  return new Elysia({ name: 'moderator-routes', detail: { tags: ['moderation'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/moderation/labels',
      ({ query }) => {
        // Required, but checked here: a caller without a token hears 401 before anything else.
        const subject = query.subject === undefined ? undefined : parseSubject(query.subject)
        if (!subject) throw fieldError('query.subject', 'must be kind:id, e.g. post:<uuid>')
        return labels.list(subject, { limit: query.limit ?? 20, cursor: query.cursor })
      },
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        query: t.Composite([PageQuery, t.Object({ subject: t.Optional(SubjectText) })]),
        response: t.Object({
          items: t.Array(
            t.Object({
              id: t.String(),
              subject: t.Object({ kind: t.String(), id: t.String() }),
              value: t.String(),
              score: t.Number({
                description:
                  "The strongest score the source gave (a moderator's label: the score they gave last)",
              }),
              source: t.String(),
              createdAt: t.String({ description: 'When the source first gave the label' }),
              lastSeenAt: t.String({
                description: 'When the source last gave it (a live stream: its latest sample that found it)',
              }),
              seenCount: Integer({ description: 'How many screenings (or moderators) gave it' }),
            }),
          ),
          nextCursor: t.Nullable(t.String()),
        }),
        detail: {
          summary: "A subject's labels, newest first",
          description:
            'One label per value and source: a source that finds the same again (each sample of a live stream) refreshes it (lastSeenAt, seenCount, the strongest score) rather than adding another.',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .post(
      '/moderation/labels',
      async ({ principal, body, set }) => {
        const subject = parseSubject(body.subject)
        if (!subject) throw fieldError('body.subject', 'must be kind:id, e.g. post:<uuid>')
        const label = await deps.screening.labelByModerator(principal.userId, subject, {
          value: body.value,
          score: body.score ?? 1,
        })
        set.status = 201
        return { subject, ...label }
      },
      {
        permission: 'moderation:act',
        rateLimit: 'moderation.act',
        body: t.Object({
          subject: SubjectText,
          value: LabelValue,
          score: t.Optional(
            t.Number({ minimum: 0, maximum: 1, description: 'How sure (0 to 1); 1 when absent' }),
          ),
        }),
        response: {
          201: t.Object({
            subject: t.Object({ kind: t.String(), id: t.String() }),
            value: t.String(),
            score: t.Number(),
            source: t.String({ description: 'moderator:<id>' }),
          }),
        },
        detail: {
          summary: 'Label a subject as a moderator (source moderator:<id>)',
          description:
            "Kept beside the screeners' labels and counted in the case's priority; the policies act on it as on any label, the outcome (sensitive, age_restrict, hold, remove) an action of this moderator's, with its statement of reasons and appeal.",
          responses: problemResponses(401, 403, 404, 422, 429),
        },
      },
    )
    .get(
      '/moderation/cases',
      ({ query }) =>
        cases.list({
          ...query,
          state: query.state as CaseState | undefined,
          category: query.category as ReportCategory | undefined,
          limit: query.limit ?? 20,
        }),
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        query: t.Composite([
          PageQuery,
          t.Object({
            state: optionalOneOf(CASE_STATES),
            category: optionalOneOf(REPORT_CATEGORIES),
            subjectKind: optionalOneOf(SUBJECT_KINDS),
            assignee: t.Optional(
              t.Union([t.Literal('none'), t.String({ format: 'uuid' })], {
                description: 'A moderator’s id, or none',
              }),
            ),
          }),
        ]),
        response: t.Object({ items: t.Array(CaseSchema), nextCursor: t.Nullable(t.String()) }),
        detail: {
          summary: 'The queue: cases by priority (then oldest first)',
          description: 'Open cases by default; filters by state, category, subject kind, assignee.',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get('/moderation/cases/:id', ({ params }) => cases.get(params.id), {
      permission: 'moderation:review',
      rateLimit: 'moderation.review',
      params: Id,
      response: CaseDetail,
      detail: { summary: 'A case with its reports and notes', responses: problemResponses(401, 403, 404) },
    })
    .post(
      '/moderation/cases/:id/assign',
      ({ principal, params, body }) =>
        cases.assign(
          principal.userId,
          params.id,
          body.assigneeId === undefined ? principal.userId : body.assigneeId,
        ),
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        params: Id,
        body: t.Object({
          assigneeId: t.Optional(
            t.Nullable(t.String({ format: 'uuid', description: 'Absent: yourself; null: nobody' })),
          ),
        }),
        response: CaseDetail,
        detail: { summary: 'Assign a case', responses: problemResponses(401, 403, 404, 409, 422) },
      },
    )
    .post(
      '/moderation/cases/:id/notes',
      ({ principal, params, body }) => cases.note(principal.userId, params.id, body.text),
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        params: Id,
        body: t.Object({ text: Reason }),
        response: CaseDetail,
        detail: { summary: 'Add a note to a case', responses: problemResponses(401, 403, 404, 409, 422) },
      },
    )
    .post(
      '/moderation/cases/:id/escalate',
      ({ principal, params, body }) => cases.escalate(principal.userId, params.id, body.note),
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        params: Id,
        body: t.Object({ note: Reason }),
        response: CaseDetail,
        detail: {
          summary: 'Escalate a case to administrators',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/moderation/cases/:id/dismiss',
      ({ principal, params, body }) => cases.dismiss(principal.userId, params.id, body.note),
      {
        permission: 'moderation:act',
        rateLimit: 'moderation.act',
        params: Id,
        body: t.Object({ note: t.Optional(Reason) }),
        response: CaseDetail,
        detail: {
          summary: 'Resolve a case without an action (reporters are told)',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/moderation/actions',
      async ({ principal, body, set }) => {
        set.status = 201
        return actions.take(principal.userId, body)
      },
      {
        permission: 'moderation:act',
        rateLimit: 'moderation.act',
        body: t.Object({
          kind: literals(ACTION_KINDS),
          subject: SubjectText,
          rule: Rule,
          reason: Reason,
          until: t.Optional(DateTime({ description: 'The end of a suspension (suspend only)' })),
          caseId: t.Optional(
            t.String({ format: 'uuid', description: 'The case it decides (then resolved)' }),
          ),
        }),
        response: { 201: ActionSchema },
        detail: {
          summary: 'Act on a subject: remove, sensitive, age_restrict, hold, warn, limit, suspend, ban',
          description:
            'Content actions apply to posts (and kinds whose modules register a handler, e.g. messages); warn to anything; limit, suspend and ban to the account owning the subject. The statement of reasons is kept and sent to the target as a notification.',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .post(
      '/moderation/actions/:id/reverse',
      ({ principal, params, body }) => actions.reverse(principal.userId, params.id, body.reason),
      {
        permission: 'moderation:act',
        rateLimit: 'moderation.act',
        params: Id,
        body: t.Object({ reason: Reason }),
        response: ActionSchema,
        detail: {
          summary: 'Reverse an action: the subject goes back to what it was',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
    .get(
      '/moderation/appeals',
      ({ query }) =>
        appeals.list(
          (query.state ?? 'pending') as 'pending' | 'upheld' | 'reversed',
          query.limit ?? 20,
          query.cursor,
        ),
      {
        permission: 'moderation:review',
        rateLimit: 'moderation.review',
        query: t.Composite([
          PageQuery,
          t.Object({ state: optionalOneOf(['pending', 'upheld', 'reversed']) }),
        ]),
        response: t.Object({ items: t.Array(AppealSchema), nextCursor: t.Nullable(t.String()) }),
        detail: {
          summary: 'Appeals, newest first (pending by default)',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .post(
      '/appeals/:id/decision',
      ({ principal, params, body }) => appeals.decide(principal.userId, params.id, body.outcome, body.reason),
      {
        permission: 'moderation:act',
        rateLimit: 'moderation.act',
        params: Id,
        body: t.Object({ outcome: t.Union([t.Literal('upheld'), t.Literal('reversed')]), reason: Reason }),
        response: AppealSchema,
        detail: {
          summary: 'Decide an appeal: upheld, or reversed (the action is undone)',
          description: 'By a moderator other than the one who took the action.',
          responses: problemResponses(401, 403, 404, 409, 422),
        },
      },
    )
}

/** What administrators set: policies, term lists; and the audit log. */
export function moderationAdminRoutes(deps: ModerationRouteDeps) {
  const { policies, terms } = deps
  return new Elysia({ name: 'moderation-admin-routes', detail: { tags: ['admin'] } })
    .use(deps.access)
    .use(deps.rateLimits)
    .get(
      '/admin/moderation/policies',
      async () => ({ rules: await policies.list(), ...(await policies.options()) }),
      {
        permission: 'admin:moderation',
        rateLimit: 'moderation.admin',
        response: PoliciesSchema,
        detail: { summary: 'Moderation policies', responses: problemResponses(401, 403) },
      },
    )
    .put(
      '/admin/moderation/policies',
      async ({ principal, body }) => {
        const rules = await policies.replace(principal.userId, body.rules)
        const options =
          body.holdNewAccountMediaDays === undefined
            ? await policies.options()
            : await policies.setOptions(principal.userId, {
                holdNewAccountMediaDays: body.holdNewAccountMediaDays,
              })
        return { rules, ...options }
      },
      {
        permission: 'admin:moderation',
        rateLimit: 'moderation.admin',
        body: t.Object({
          rules: t.Array(Rule_, { maxItems: 500 }),
          holdNewAccountMediaDays: t.Optional(HoldDays),
        }),
        response: PoliciesSchema,
        detail: {
          summary: 'Replace the moderation policies',
          description:
            'Per label value and score threshold an outcome: allow, sensitive, age_restrict, hold (invisible to others until a moderator decides), remove. A label meets its highest threshold reached; a subject gets the strongest outcome.',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
    .get('/admin/moderation/terms', async () => ({ items: await terms.list(), nextCursor: null }), {
      permission: 'admin:moderation',
      rateLimit: 'moderation.admin',
      response: t.Object({ items: t.Array(TermSchema), nextCursor: t.Null() }),
      detail: { summary: 'The term lists', responses: problemResponses(401, 403) },
    })
    .post(
      '/admin/moderation/terms',
      async ({ principal, body, set }) => {
        set.status = 201
        return terms.add(body, principal.userId)
      },
      {
        permission: 'admin:moderation',
        rateLimit: 'moderation.admin',
        body: t.Object({
          pattern: t.String({ minLength: 1, maxLength: 200 }),
          regex: t.Boolean({
            description:
              'A regular expression (checked by the screening job), or a literal word or phrase (checked as the text is written)',
          }),
          language: t.Optional(
            t.Nullable(t.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1; absent: every language' })),
          ),
          severity: t.Union([t.Literal(1), t.Literal(2), t.Literal(3)], {
            description: '1 low (score 0.5), 2 (0.8), 3 certain (1.0)',
          }),
          label: LabelValue,
        }),
        response: { 201: TermSchema },
        detail: { summary: 'Add a term', responses: problemResponses(401, 403, 422) },
      },
    )
    .delete(
      '/admin/moderation/terms/:id',
      async ({ principal, params, set }) => {
        await terms.remove(principal.userId, params.id)
        set.status = 204
      },
      {
        permission: 'admin:moderation',
        rateLimit: 'moderation.admin',
        params: Id,
        detail: {
          summary: 'Remove a term',
          responses: { 204: NO_CONTENT, ...problemResponses(401, 403, 404) },
        },
      },
    )
    .get(
      '/admin/moderation/audit',
      ({ query }) => auditLog(deps.db, { ...query, limit: query.limit ?? 50 }),
      {
        permission: 'admin:moderation',
        rateLimit: 'moderation.admin',
        query: t.Composite([PageQuery, t.Object({ actorId: t.Optional(t.String({ format: 'uuid' })) })]),
        response: t.Object({
          items: t.Array(
            t.Object({
              id: t.String(),
              actorId: t.Nullable(t.String({ description: 'null: the platform (a policy)' })),
              verb: t.String(),
              subject: t.Nullable(t.String()),
              data: t.Record(t.String(), t.Unknown()),
              createdAt: t.String(),
            }),
          ),
          nextCursor: t.Nullable(t.String()),
        }),
        detail: {
          summary: 'Who did what in moderation, newest first',
          responses: problemResponses(401, 403, 422),
        },
      },
    )
}
