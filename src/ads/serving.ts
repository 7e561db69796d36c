import { newId } from '../platform/ids.ts'
import type { BudgetLeases } from './budget-leases.ts'
import type { CampaignIndex, IndexedCreative } from './campaign-index.ts'
import type { ServingFrequency } from './frequency.ts'
import { auction, type Placement, utcDay, type Win } from './selection.ts'
import type { Viewer } from './targeting.ts'
import type { ServingTokens } from './tokens.ts'

/** An ad served: what the client shows, and the token its tracking events carry. */
export interface Served {
  servingId: string
  campaignId: string
  advertiserName: string
  advertiserUserId: string
  creative: IndexedCreative
  /** cpm: billed when its impression is viewable; cpc: per click. */
  billing: 'cpm' | 'cpc'
  priceMilli: number
  token: string
  expiresAt: Date
}

export interface ServeOptions {
  placement: Placement
  slots: number
  at?: Date
  /** The creator of the video a pre-roll plays before (who gets a share), and that video. */
  creatorId?: string | null
  videoId?: string | null
}

/**
 * Ad decisions, in memory: the auction over the campaign index, the viewer's frequency cap counted
 * across nodes in NATS KV (frequency.ts), and for a CPM campaign its price taken from the budget
 * slice this node leases (budget-leases.ts); the database is asked only for a new slice. A slot refused (the cap, a
 * budget with no room) goes to the next campaign in one more round; what is still refused stays
 * empty. Nothing is billed here: a CPM serving when its impression is viewable, a CPC one when
 * clicked (events.ts), both with the token signed here.
 */
export class AdServer {
  constructor(
    private readonly deps: {
      /** The campaigns to choose from (the index; a bench may hand a list of its own). */
      index: Pick<CampaignIndex, 'candidates'>
      leases: Pick<BudgetLeases, 'take'>
      frequency: ServingFrequency
      tokens: ServingTokens
      reserveMilli: number
      tokenTtlSeconds: number
      optOutCountries: readonly string[]
    },
  ) {}

  /** Whether the law lets this viewer be served (an opt-out honoured where it must be, and where unknown). */
  mayServe(viewer: Viewer): boolean {
    if (!viewer.optedOut) return true
    const list = this.deps.optOutCountries
    return !(list.includes('*') || viewer.country === null || list.includes(viewer.country))
  }

  async serve(viewer: Viewer, opts: ServeOptions): Promise<Served[]> {
    if (opts.slots <= 0 || !this.mayServe(viewer)) return []
    const at = opts.at ?? new Date()
    const day = utcDay(at)
    const { index, frequency } = this.deps
    const served: Served[] = []
    const tried = new Set<string>()
    for (let round = 0; round < 2 && served.length < opts.slots; round++) {
      const wins = auction(
        index.candidates(viewer.country),
        viewer,
        opts.placement,
        opts.slots - served.length,
        at,
        this.deps.reserveMilli,
        tried,
      )
      if (wins.length === 0) break
      const leases = await Promise.all(
        wins.map(async (w): Promise<string | null | undefined> => {
          tried.add(w.campaign.id)
          const cap = w.campaign.frequencyCap
          if (!(await frequency.take(viewer.key, w.campaign.id, day, cap))) return undefined
          if (w.campaign.bidKind === 'cpc') return null
          const lease = await this.deps.leases.take(w.campaign, w.priceMilli, day)
          if (lease === undefined) await frequency.untake(viewer.key, w.campaign.id, day, cap)
          return lease
        }),
      )
      wins.forEach((w, i) => {
        const lease = leases[i]
        if (lease !== undefined) served.push(this.served(w, lease, viewer, at, opts))
      })
    }
    return served
  }

  private served(w: Win, lease: string | null, viewer: Viewer, at: Date, opts: ServeOptions): Served {
    const servingId = newId()
    const expiresAt = new Date(at.getTime() + this.deps.tokenTtlSeconds * 1000)
    const billing = w.campaign.bidKind
    const token = this.deps.tokens.sign({
      s: servingId,
      c: w.campaign.id,
      r: w.creative.id,
      v: viewer.key,
      g: viewer.country,
      b: billing,
      p: w.priceMilli,
      l: lease,
      f: w.campaign.frequencyCap,
      u: opts.creatorId ?? null,
      w: opts.videoId ?? null,
      k: opts.placement,
      e: Math.floor(expiresAt.getTime() / 1000),
    })
    return {
      servingId,
      campaignId: w.campaign.id,
      advertiserName: w.campaign.advertiserName,
      advertiserUserId: w.campaign.advertiserUserId,
      creative: w.creative,
      billing,
      priceMilli: w.priceMilli,
      token,
      expiresAt,
    }
  }
}
