import { newId } from '../platform/ids.ts'
import type { Billing, Charge } from './billing.ts'
import type { CampaignIndex, IndexedCreative } from './campaign-index.ts'
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
  /** cpm: charged at serving; cpc: charged per click. */
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
 * Ad decisions: the auction over the campaign index, then one charge per slot won (billing.ts),
 * all in one round trip. A slot whose charge is refused (a budget spent elsewhere, the viewer's
 * frequency cap) goes to the next campaign in one more round; what is still refused stays empty.
 */
export class AdServer {
  constructor(
    private readonly deps: {
      /** The campaigns to choose from (the index; a bench may hand a list of its own). */
      index: Pick<CampaignIndex, 'candidates' | 'charged' | 'exhausted'>
      billing: Billing
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
    const { index } = this.deps
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
      const charges = wins.map((w) => this.chargeOf(w, viewer, opts))
      const results = await this.deps.billing.charge(charges, day)
      wins.forEach((w, i) => {
        tried.add(w.campaign.id)
        const result = results[i]!
        const charge = charges[i]!
        if (result.ok) {
          index.charged(w.campaign.id, day, result.spentDayMilli, charge.priceMilli)
          served.push(this.served(w, charge, viewer, at, opts))
        } else if (result.reason === 'budget') index.exhausted(w.campaign.id)
      })
    }
    return served
  }

  private chargeOf(w: Win, viewer: Viewer, opts: ServeOptions): Charge {
    const cpm = w.campaign.bidKind === 'cpm'
    return {
      servingId: newId(),
      campaignId: w.campaign.id,
      advertiserId: w.campaign.advertiserId,
      kind: 'impression',
      priceMilli: cpm ? w.priceMilli : 0,
      needMilli: w.priceMilli,
      viewerKey: viewer.key,
      frequencyCap: w.campaign.frequencyCap,
      creatorId: opts.creatorId ?? null,
      videoId: opts.videoId ?? null,
      country: viewer.country,
    }
  }

  private served(w: Win, charge: Charge, viewer: Viewer, at: Date, opts: ServeOptions): Served {
    const expiresAt = new Date(at.getTime() + this.deps.tokenTtlSeconds * 1000)
    const billing = w.campaign.bidKind
    const token = this.deps.tokens.sign({
      s: charge.servingId,
      c: w.campaign.id,
      r: w.creative.id,
      v: viewer.key,
      g: viewer.country,
      b: billing,
      p: w.priceMilli,
      u: opts.creatorId ?? null,
      w: opts.videoId ?? null,
      k: opts.placement,
      e: Math.floor(expiresAt.getTime() / 1000),
    })
    return {
      servingId: charge.servingId,
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
