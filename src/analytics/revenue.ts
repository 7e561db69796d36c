import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { type Range, startOf } from './range.ts'

/**
 * Revenue and memberships over a range, per currency, for one creator or the whole platform.
 *
 * Money comes from the payments ledger (what was booked, when it was booked): for a creator, the
 * entries of their account `creator:<id>` (memberships and tips net of the platform's fee; refunds
 * and lost disputes take their share back; copyright claims that monetize move shares from the
 * uploader to the rights holder); for the platform, its fee account `platform:fees` and
 * the fee it gave back (`refunds`, `disputes`). Ad revenue comes from `ad_spend`, the record of
 * every billed serving with its creator's and the platform's shares (in thousandths of a minor
 * unit of the advertiser's currency, rounded to minor units here).
 *
 * Members come from `analytics_memberships`, kept by the analytics writer from the payments'
 * membership events: members and MRR at the end of each bucket (or now, for the current one), new
 * and ended memberships in it. ARPU is MRR per member; churn is the share of the range's members
 * (those at its start and those who joined) whose membership ended in it.
 */
export interface RevenueLine {
  currency: string
  /** Creator: earned, net of the platform's fee. Platform: the fee it kept. */
  memberships: number
  tips: number
  /** Ad revenue: the creator's share of their pre-rolls, or the platform's share of all spend. */
  ads: number
  /** Given back on refunds and lost disputes (zero or negative). */
  refunds: number
  /**
   * Moved by copyright claims that monetize (a creator's only): taken from the uploader's tips and
   * pre-roll shares (negative), given to the rights holder (positive), as the ledger booked them
   * (a disputed claim's shares once its dispute is decided).
   */
  copyright: number
  net: number
}

export interface MemberLine {
  currency: string
  members: number
  mrr: number
  arpu: number
  membersAtStart: number
  newMembers: number
  endedMembers: number
  churn: number
}

type Scope = { creatorId: string } | 'platform'

const round2 = (n: number) => Math.round(n * 100) / 100
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0)

export async function revenueReport(db: Kysely<DB>, scope: Scope, range: Range, now = Date.now()) {
  const ends = range.starts.map((_, i) => Math.min(range.starts[i + 1] ?? range.to, now))
  const slot = new Map(range.starts.map((s, i) => [s, i]))
  const money = new Map<string, { total: RevenueLine; series: RevenueLine[] }>()
  const line = (currency: string): RevenueLine => ({
    currency,
    memberships: 0,
    tips: 0,
    ads: 0,
    refunds: 0,
    copyright: 0,
    net: 0,
  })
  const of = (currency: string) => {
    let m = money.get(currency)
    if (!m) {
      m = { total: line(currency), series: range.starts.map(() => line(currency)) }
      money.set(currency, m)
    }
    return m
  }
  const add = (
    l: RevenueLine,
    field: 'memberships' | 'tips' | 'ads' | 'refunds' | 'copyright',
    n: number,
  ) => {
    l[field] += n
    l.net += n
  }
  for (const r of await ledgerLines(db, scope, range)) {
    const field =
      r.kind === 'membership.payment'
        ? 'memberships'
        : r.kind === 'tip.payment'
          ? 'tips'
          : r.kind === 'refund' || r.kind === 'dispute'
            ? 'refunds'
            : r.kind === 'copyright.monetize' || r.kind === 'copyright.settle'
              ? 'copyright'
              : null
    if (!field) continue
    const m = of(r.currency)
    const i = slot.get(startOf(r.hour.getTime(), range.granularity))
    add(m.total, field, Number(r.amount))
    if (i !== undefined) add(m.series[i]!, field, Number(r.amount))
  }
  // Ad amounts are summed in milli and rounded to minor units once per line.
  const adMilli = new Map<string, { total: number; series: number[] }>()
  for (const r of await adLines(db, scope, range)) {
    const currency = r.currency.toLowerCase()
    let a = adMilli.get(currency)
    if (!a) {
      a = { total: 0, series: range.starts.map(() => 0) }
      adMilli.set(currency, a)
    }
    const i = slot.get(startOf(r.hour.getTime(), range.granularity))
    a.total += Number(r.milli)
    if (i !== undefined) a.series[i]! += Number(r.milli)
  }
  for (const [currency, a] of adMilli) {
    const m = of(currency)
    add(m.total, 'ads', Math.round(a.total / 1000))
    for (const [i, milli] of a.series.entries()) add(m.series[i]!, 'ads', Math.round(milli / 1000))
  }

  const members = await memberLines(db, scope, range, ends)
  const currencies = [...new Set([...money.keys(), ...members.keys()])].sort()
  return {
    currencies: currencies.map((c) => {
      const mem = members.get(c)
      const atEnd = mem?.atEnd[mem.atEnd.length - 1] ?? { members: 0, mrr: 0 }
      const joined = mem?.newMembers.reduce((s, n) => s + n, 0) ?? 0
      const ended = mem?.endedMembers.reduce((s, n) => s + n, 0) ?? 0
      const atStart = mem?.atStart ?? 0
      return {
        ...(money.get(c)?.total ?? line(c)),
        members: atEnd.members,
        mrr: atEnd.mrr,
        arpu: atEnd.members ? round2(atEnd.mrr / atEnd.members) : 0,
        membersAtStart: atStart,
        newMembers: joined,
        endedMembers: ended,
        churn: ratio(ended, atStart + joined),
      }
    }),
    series: currencies.flatMap((c) =>
      range.starts.map((start, i) => {
        const m = money.get(c)?.series[i] ?? line(c)
        const mem = members.get(c)
        return {
          start: new Date(start).toISOString(),
          ...m,
          members: mem?.atEnd[i]?.members ?? 0,
          mrr: mem?.atEnd[i]?.mrr ?? 0,
          newMembers: mem?.newMembers[i] ?? 0,
          endedMembers: mem?.endedMembers[i] ?? 0,
        }
      }),
    ),
  }
}

/** The ledger's lines of the scope's accounts in the range, per hour, kind and currency (earnings positive). */
async function ledgerLines(db: Kysely<DB>, scope: Scope, range: Range) {
  const accounts =
    scope === 'platform' ? ['platform:fees', 'refunds', 'disputes'] : [`creator:${scope.creatorId}`]
  const { rows } = await sql<{ hour: Date; kind: string; currency: string; amount: string }>`
    select date_trunc('hour', e.created_at) as hour, t.kind, e.currency, -sum(e.amount) as amount
    from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
    where e.account = any(${accounts}::text[])
      and e.created_at >= ${new Date(range.from)} and e.created_at < ${new Date(range.to)}
    group by 1, 2, 3`.execute(db)
  return rows
}

/** Ad spend's creator share (a creator) or platform share (the platform) in the range, per hour. */
async function adLines(db: Kysely<DB>, scope: Scope, range: Range) {
  const from = new Date(range.from)
  const to = new Date(range.to)
  const { rows } =
    scope === 'platform'
      ? await sql<{ hour: Date; currency: string; milli: string }>`
          select date_trunc('hour', s.occurred_at) as hour, a.currency, sum(s.platform_milli) as milli
          from ad_spend s join advertisers a on a.id = s.advertiser_id
          where s.occurred_at >= ${from} and s.occurred_at < ${to}
          group by 1, 2`.execute(db)
      : await sql<{ hour: Date; currency: string; milli: string }>`
          select date_trunc('hour', s.occurred_at) as hour, a.currency, sum(s.creator_milli) as milli
          from ad_spend s join advertisers a on a.id = s.advertiser_id
          where s.creator_id = ${scope.creatorId} and s.occurred_at >= ${from} and s.occurred_at < ${to}
          group by 1, 2`.execute(db)
  return rows
}

/** Members and MRR at the end of each bucket, at the range's start, and joins and ends per bucket. */
async function memberLines(db: Kysely<DB>, scope: Scope, range: Range, ends: number[]) {
  const creator = scope === 'platform' ? null : scope.creatorId
  const at = [range.from, ...ends].map((t) => new Date(t).toISOString())
  const { rows: standing } = await sql<{ i: number; currency: string; members: string; mrr: string }>`
    select p.i::int as i, m.currency, count(*) as members, sum(m.monthly_amount) as mrr
    from unnest(${at}::timestamptz[]) with ordinality as p(at, i)
    join analytics_memberships m on m.started_at <= p.at and (m.ended_at is null or m.ended_at > p.at)
    where (${creator}::uuid is null or m.creator_id = ${creator}::uuid)
    group by 1, 2`.execute(db)
  const { rows: moves } = await sql<{ currency: string; started: Date; ended: Date | null }>`
    select currency, started_at as started, ended_at as ended from analytics_memberships
    where (${creator}::uuid is null or creator_id = ${creator}::uuid)
      and (started_at >= ${new Date(range.from)} and started_at < ${new Date(range.to)}
        or ended_at >= ${new Date(range.from)} and ended_at < ${new Date(range.to)})`.execute(db)
  const out = new Map<
    string,
    {
      atStart: number
      atEnd: { members: number; mrr: number }[]
      newMembers: number[]
      endedMembers: number[]
    }
  >()
  const of = (currency: string) => {
    let m = out.get(currency)
    if (!m) {
      m = {
        atStart: 0,
        atEnd: ends.map(() => ({ members: 0, mrr: 0 })),
        newMembers: ends.map(() => 0),
        endedMembers: ends.map(() => 0),
      }
      out.set(currency, m)
    }
    return m
  }
  for (const r of standing) {
    const m = of(r.currency)
    if (r.i === 1) m.atStart = Number(r.members)
    else m.atEnd[r.i - 2] = { members: Number(r.members), mrr: Number(r.mrr) }
  }
  const slot = new Map(range.starts.map((s, i) => [s, i]))
  for (const r of moves) {
    const m = of(r.currency)
    const joined = slot.get(startOf(r.started.getTime(), range.granularity))
    if (joined !== undefined && r.started.getTime() >= range.from) m.newMembers[joined]!++
    const ended = r.ended ? slot.get(startOf(r.ended.getTime(), range.granularity)) : undefined
    if (ended !== undefined && r.ended!.getTime() < range.to) m.endedMembers[ended]!++
  }
  return out
}
