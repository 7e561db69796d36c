import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError } from '../platform/errors.ts'
import { dateTimeField } from '../platform/http/dates.ts'

/** A count as published: exact from the threshold up, a range below it ("1-9"), "0" for none. */
export type PublishedCount = string

/** The longest period one report covers. */
const MAX_DAYS = 366
/** How a report may be split, and the longest report each split allows (92 days, 53 weeks, 12 months). */
export const INTERVALS = ['day', 'week', 'month'] as const
export type Interval = (typeof INTERVALS)[number]
const MAX_DAYS_SPLIT: Record<Interval, number> = { day: 92, week: MAX_DAYS, month: MAX_DAYS }

interface Counts {
  reports: Map<string, number>
  actions: Map<string, number>
  automated: number
  manual: number
  appeals: Map<string, number>
  medianSeconds: number | null
}

/**
 * The public transparency report for a period: reports by category, actions by kind, automated
 * and manual, appeals and their outcomes, the median time from a report to the action that
 * decided its case; with `interval`, the same for each day, week (from Monday) or month (UTC) of
 * it too. Counts below `threshold` are shown as a range, so that a small count does not point at
 * a person.
 */
export async function transparencyReport(
  db: Kysely<DB>,
  threshold: number,
  query: { from?: string; to?: string; interval?: Interval },
) {
  const to = query.to ? dateTimeField('query.to', query.to) : new Date()
  const from = query.from ? dateTimeField('query.from', query.from) : new Date(to.getTime() - 30 * 86_400_000)
  if (!(from < to)) throw fieldError('query.from', 'must be before to')
  const maxDays = query.interval ? MAX_DAYS_SPLIT[query.interval] : MAX_DAYS
  if (to.getTime() - from.getTime() > maxDays * 86_400_000)
    throw fieldError(
      'query.to',
      `a period is at most ${maxDays} days${query.interval ? ` by ${query.interval}` : ''}`,
    )
  const count = (n: number): PublishedCount => published(n, threshold)
  const shown = (c: Counts | undefined) => ({
    reportsByCategory: Object.fromEntries([...(c?.reports ?? [])].map(([k, n]) => [k, count(n)])),
    actionsByKind: Object.fromEntries([...(c?.actions ?? [])].map(([k, n]) => [k, count(n)])),
    actions: { automated: count(c?.automated ?? 0), manual: count(c?.manual ?? 0) },
    appeals: Object.fromEntries([...(c?.appeals ?? [])].map(([k, n]) => [k, count(n)])),
    medianSecondsReportToAction: c?.medianSeconds ?? null,
  })
  const whole = (await countsBy(db, from, to, undefined)).get(from.toISOString())
  const interval = query.interval
  if (!interval) return { from: from.toISOString(), to: to.toISOString(), threshold, ...shown(whole) }
  const byPeriod = await countsBy(db, from, to, interval)
  const periods = []
  for (let start = truncated(from, interval); start < to; start = next(start, interval)) {
    const end = next(start, interval)
    periods.push({
      from: new Date(Math.max(start.getTime(), from.getTime())).toISOString(),
      to: new Date(Math.min(end.getTime(), to.getTime())).toISOString(),
      ...shown(byPeriod.get(start.toISOString())),
    })
  }
  return { from: from.toISOString(), to: to.toISOString(), threshold, ...shown(whole), interval, periods }
}

/** The counts of [from, to), by the start of each `interval` in it (UTC), or all as one keyed `from`. */
async function countsBy(db: Kysely<DB>, from: Date, to: Date, interval: Interval | undefined) {
  const periodOf = (column: string) =>
    (interval
      ? sql<Date>`date_trunc(${interval}, ${sql.ref(column)}, 'UTC')`
      : sql<Date>`${from}::timestamptz`
    ).as('period')
  const groups = new Map<string, Counts>()
  const group = (at: Date) => {
    const key = at.toISOString()
    let c = groups.get(key)
    if (!c) {
      c = {
        reports: new Map(),
        actions: new Map(),
        automated: 0,
        manual: 0,
        appeals: new Map(),
        medianSeconds: null,
      }
      groups.set(key, c)
    }
    return c
  }
  const reports = await db
    .selectFrom('reports')
    .select([periodOf('createdAt'), 'category', (eb) => eb.fn.countAll<string>().as('n')])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy([sql`1`, 'category'])
    .execute()
  for (const r of reports) group(r.period).reports.set(r.category, Number(r.n))
  const actions = await db
    .selectFrom('moderationActions')
    .select([
      periodOf('createdAt'),
      'kind',
      sql<boolean>`moderator_id is null`.as('automated'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy([sql`1`, 'kind', sql`moderator_id is null`])
    .execute()
  for (const a of actions) {
    const c = group(a.period)
    c.actions.set(a.kind, (c.actions.get(a.kind) ?? 0) + Number(a.n))
    if (a.automated) c.automated += Number(a.n)
    else c.manual += Number(a.n)
  }
  const appeals = await db
    .selectFrom('appeals')
    .select([periodOf('createdAt'), 'state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('createdAt', '>=', from)
    .where('createdAt', '<', to)
    .groupBy([sql`1`, 'state'])
    .execute()
  for (const a of appeals) group(a.period).appeals.set(a.state, Number(a.n))
  // The period of the action (when the report was answered).
  const medians = await db
    .selectFrom('reports as r')
    .innerJoin('moderationActions as a', 'a.caseId', 'r.caseId')
    .select([
      periodOf('a.createdAt'),
      sql<number>`percentile_cont(0.5) within group (order by extract(epoch from a.created_at - r.created_at))`.as(
        'seconds',
      ),
    ])
    .where('a.createdAt', '>=', from)
    .where('a.createdAt', '<', to)
    .where('a.moderatorId', 'is not', null)
    .groupBy(sql`1`)
    .execute()
  for (const m of medians) group(m.period).medianSeconds = Math.round(Number(m.seconds))
  return groups
}

/** The start of the UTC day, ISO week (Monday) or month holding `at`, as PostgreSQL's date_trunc. */
function truncated(at: Date, interval: Interval): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  if (interval === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  if (interval === 'month') d.setUTCDate(1)
  return d
}

function next(start: Date, interval: Interval): Date {
  const d = new Date(start)
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + 1)
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7)
  else d.setUTCMonth(d.getUTCMonth() + 1)
  return d
}

export function published(n: number, threshold: number): PublishedCount {
  if (n === 0 || n >= threshold) return String(n)
  return `1-${threshold - 1}`
}
