import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'

/** A count as published: exact from the threshold up, a range below it ("1-9"), "0" for none. */
export type PublishedCount = string

/** The longest period one report covers. */
const MAX_DAYS = 366

/**
 * The public transparency report for a period: reports by category, actions by kind, automated
 * and manual, appeals and their outcomes, the median time from a report to the action that
 * decided its case. Counts below `threshold` are shown as a range, so that a small count does
 * not point at a person.
 */
export async function transparencyReport(
  db: Kysely<DB>,
  threshold: number,
  period: { from?: string; to?: string },
) {
  const to = period.to ? dateTimeField('query.to', period.to) : new Date()
  const from = period.from
    ? dateTimeField('query.from', period.from)
    : new Date(to.getTime() - 30 * 86_400_000)
  if (!(from < to)) throw fieldError('query.from', 'must be before to')
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw fieldError('query.to', `a period is at most ${MAX_DAYS} days`)
  const count = (n: number | string | bigint): PublishedCount => published(Number(n), threshold)
  const reports = await db
    .selectFrom('reports')
    .select(['category', (eb) => eb.fn.countAll<string>().as('n')])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy('category')
    .execute()
  const actions = await db
    .selectFrom('moderationActions')
    .select([
      'kind',
      sql<boolean>`moderator_id is null`.as('automated'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy(['kind', sql`moderator_id is null`])
    .execute()
  const appeals = await db
    .selectFrom('appeals')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy('state')
    .execute()
  const median = await sql<{ seconds: number | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from a.created_at - r.created_at)) as seconds
    from reports r join moderation_actions a on a.case_id = r.case_id
    where a.created_at >= ${from} and a.created_at < ${to} and a.moderator_id is not null`.execute(db)
  const byKind = new Map<string, number>()
  let automated = 0
  let manual = 0
  for (const a of actions) {
    byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + Number(a.n))
    if (a.automated) automated += Number(a.n)
    else manual += Number(a.n)
  }
  const seconds = median.rows[0]?.seconds
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    threshold,
    reportsByCategory: Object.fromEntries(reports.map((r) => [r.category, count(r.n)])),
    actionsByKind: Object.fromEntries([...byKind].map(([k, n]) => [k, count(n)])),
    actions: { automated: count(automated), manual: count(manual) },
    appeals: Object.fromEntries(appeals.map((a) => [a.state, count(a.n)])),
    medianSecondsReportToAction: seconds == null ? null : Math.round(Number(seconds)),
  }
}

export function published(n: number, threshold: number): PublishedCount {
  if (n === 0 || n >= threshold) return String(n)
  return `1-${threshold - 1}`
}
