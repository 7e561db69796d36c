import { t } from 'elysia'
import { Integer } from '../platform/http/integer.ts'
import type { Logger } from '../platform/logger.ts'

/** A pre-roll as playback carries it (made by the ads module, src/ads/). */
export const PrerollSchema = t.Object({
  servingId: t.String(),
  campaignId: t.String(),
  creativeId: t.String(),
  sponsored: t.Literal(true),
  advertiser: t.String(),
  headline: t.String(),
  linkUrl: t.String(),
  durationMs: Integer(),
  skippableAfterMs: Integer({ description: 'The viewer may skip it after this long' }),
  hls: t.String({ description: "The ad's own signed HLS master playlist" }),
  dash: t.String(),
  expiresAt: t.String(),
  tracking: t.Object({
    url: t.String({ description: 'POST the events here (impression, click, quartiles, skip)' }),
    token: t.String(),
    expiresAt: t.String(),
  }),
})
export type Preroll = typeof PrerollSchema.static

export interface PrerollRequest {
  videoId: string
  viewer: string | null
  headers: Headers
}

/**
 * The hook through which playback may carry an ad to play first (`ad`): the ads module provides
 * the picker; without one (or when it fails) playback carries none.
 */
export class Prerolls {
  private picker: ((request: PrerollRequest) => Promise<Preroll | undefined>) | undefined

  constructor(private readonly log: Logger) {}

  provide(picker: (request: PrerollRequest) => Promise<Preroll | undefined>): void {
    this.picker = picker
  }

  async pick(request: PrerollRequest): Promise<Preroll | undefined> {
    if (!this.picker) return undefined
    try {
      return await this.picker(request)
    } catch (error) {
      this.log.warn({ err: error }, 'pre-roll failed: playback goes without')
      return undefined
    }
  }
}
