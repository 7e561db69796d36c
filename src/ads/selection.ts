import type { IndexedCampaign, IndexedCreative } from './campaign-index.ts'
import { localHour, matches, type Viewer } from './targeting.ts'

export type Placement = 'feed' | 'preroll'

/** One slot won: the campaign, its creative, and what it pays (second price). */
export interface Win {
  campaign: IndexedCampaign
  creative: IndexedCreative
  /** Expected value of one serving, milli (the ranking's key). */
  value: number
  /** cpm: milli charged for this serving; cpc: milli a click will be charged. */
  priceMilli: number
}

const DAY_MS = 86_400_000
/** Pacing lets a campaign run this far ahead of the day's clock (a quarter of an hour). */
const PACING_LEAD = 1 / 96

/** The UTC day of `at`, YYYY-MM-DD (budgets' days). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10)
}

/**
 * Pacing: a daily budget spread over the day. A campaign is throttled while the share of its daily
 * budget spent is ahead of the share of the day passed (plus a small lead), so that it does not
 * spend everything in the morning's traffic.
 */
export function paced(c: IndexedCampaign, at: Date): boolean {
  return pacedAt(c, utcDay(at), dayShare(at))
}

/** The share of its UTC day passed at `at`, with pacing's lead, at most 1. */
function dayShare(at: Date): number {
  return Math.min(1, (at.getTime() % DAY_MS) / DAY_MS + PACING_LEAD)
}

function pacedAt(c: IndexedCampaign, day: string, share: number): boolean {
  const spent = c.spendDay === day ? c.spentDayMilli : 0
  return spent <= c.dailyMilli * share
}

/**
 * The auction for `slots` slots of a placement: eligible campaigns (an approved creative for the
 * placement, targeting, schedule, budgets left for a serving, pacing, not the viewer's own) ranked
 * by expected value per serving (a CPM bid as is; a CPC bid times the predicted click rate); each
 * winner pays the value of the one ranked below it (or the reserve), never more than its bid.
 * One campaign per slot, in rank order. Frequency caps are checked by the charge.
 */
export function auction(
  /** The candidates, in one list or several (the index's lists for the viewer's country), each sorted by rank, highest first. */
  campaigns: readonly IndexedCampaign[] | readonly (readonly IndexedCampaign[])[],
  viewer: Viewer,
  placement: Placement,
  slots: number,
  at: Date,
  reserveMilli: number,
  exclude?: ReadonlySet<string>,
): Win[] {
  const now = at.getTime()
  const day = utcDay(at)
  const share = dayShare(at)
  // The viewer's hour, once: the same for every campaign.
  const hour = localHour(at, viewer.timeZone)
  // The best `slots + 1` (the last one only sets the price), kept sorted by value.
  const top: { c: IndexedCampaign; value: number }[] = []
  const lists = (
    Array.isArray(campaigns[0]) ? campaigns : [campaigns]
  ) as readonly (readonly IndexedCampaign[])[]
  for (const list of lists)
    for (const c of list) {
      // The lists come sorted by value: past the reserve or the last place, nothing further wins.
      const value = c.rank
      if (value < reserveMilli) break
      if (top.length > slots && value <= top[top.length - 1]!.value) break
      if (c.out || (placement === 'feed' ? c.cards : c.videos).length === 0) continue
      if (c.startsAt > now || (c.endsAt !== null && c.endsAt <= now)) continue
      if (viewer.userId !== null && c.advertiserUserId === viewer.userId) continue
      if (exclude?.has(c.id)) continue
      // Room left for one serving at its bid (a CPC serving: for the click it may bring).
      const spentToday = c.spendDay === day ? c.spentDayMilli : 0
      if (c.spentMilli + c.bidMilli > c.totalMilli || spentToday + c.bidMilli > c.dailyMilli) continue
      if (!pacedAt(c, day, share)) continue
      if (!matches(c.targeting, viewer, hour)) continue
      let i = top.length
      while (i > 0 && top[i - 1]!.value < value) i--
      top.splice(i, 0, { c, value })
      if (top.length > slots + 1) top.pop()
    }
  const wins: Win[] = []
  for (let i = 0; i < Math.min(slots, top.length); i++) {
    const { c, value } = top[i]!
    const next = top[i + 1]?.value ?? 0
    // What one serving costs at the second price; a click costs that over the predicted rate.
    const perServing = Math.min(value, Math.max(reserveMilli, next))
    const priceMilli =
      c.bidKind === 'cpm' ? Math.ceil(perServing) : Math.min(c.bidMilli, Math.ceil(perServing / c.clickRate))
    const pool = placement === 'feed' ? c.cards : c.videos
    const creative = pool[Math.floor(Math.random() * pool.length)]!
    wins.push({ campaign: c, creative, value, priceMilli })
  }
  return wins
}
