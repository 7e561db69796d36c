import { t } from 'elysia'
import { Integer } from '../platform/http/integer.ts'
import type { Logger } from '../platform/logger.ts'

/** An ad as a timeline page carries it (made by the ads module, src/ads/). */
export const SponsoredAdSchema = t.Object({
  servingId: t.String(),
  campaignId: t.String(),
  creativeId: t.String(),
  sponsored: t.Literal(true, { description: 'Shown marked as sponsored' }),
  advertiser: t.String({ description: "The advertiser's name" }),
  headline: t.String(),
  body: t.Nullable(t.String()),
  linkUrl: t.String(),
  image: t.Nullable(t.Object({ small: t.String(), large: t.String() })),
  tracking: t.Object({
    url: t.String({ description: 'POST the events here (impression when ≥ 50% visible for 1 s, click)' }),
    token: t.String({ description: 'The signed token of this serving, sent with each event' }),
    expiresAt: t.String(),
  }),
})

export const SponsoredSchema = t.Object({
  position: Integer({ description: 'Index among `items` before which the client shows it' }),
  ad: SponsoredAdSchema,
})
export type Sponsored = typeof SponsoredSchema.static

/** What a page's sponsor is told: who reads it, the request's headers, how many items it has. */
export interface SponsoredPage {
  timeline: 'home' | 'profile'
  /** The profile's username (a profile page): its owner's ad-free tiers apply. */
  profile?: string
  viewer: string | null
  headers: Headers
  items: number
}

/**
 * The hook through which timeline pages carry ads beside their items (`sponsored`): the ads module
 * provides the filler; without one (or when it fails) pages carry none, and clients that ignore
 * the field see the page as before.
 */
export class Sponsors {
  private filler: ((page: SponsoredPage) => Promise<Sponsored[]>) | undefined

  constructor(private readonly log: Logger) {}

  provide(filler: (page: SponsoredPage) => Promise<Sponsored[]>): void {
    this.filler = filler
  }

  async fill(page: SponsoredPage): Promise<Sponsored[]> {
    if (!this.filler || page.items === 0) return []
    try {
      return await this.filler(page)
    } catch (error) {
      this.log.warn({ err: error }, 'sponsored entries failed: the page goes without')
      return []
    }
  }
}
