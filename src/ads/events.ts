import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { fieldError, HttpError } from '../platform/errors.ts'
import type { RateLimiter } from '../platform/rate-limit.ts'
import type { Billing } from './billing.ts'
import { adsProblems } from './problems.ts'
import { utcDay } from './selection.ts'
import type { ServingTokens } from './tokens.ts'

export const EVENT_KINDS = [
  'impression',
  'click',
  'first_quartile',
  'midpoint',
  'third_quartile',
  'complete',
  'skip',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]
const VIDEO_ONLY: ReadonlySet<EventKind> = new Set([
  'first_quartile',
  'midpoint',
  'third_quartile',
  'complete',
  'skip',
])

/** How long half of an ad must stay in view for its impression to count (IAB/MRC): display, video. */
export const DISPLAY_VIEWABLE_MS = 1000
export const VIDEO_VIEWABLE_MS = 2000

export interface TrackedEvent {
  token: string
  kind: EventKind
  /** For an impression: the share of the ad's pixels in view, and for how long in a row (≥ 50% for 1 s; video 2 s). */
  visibleShare?: number
  visibleMs?: number
}

/** Who sent an event: the signed-in user (or null) and the client address. */
export interface EventSender {
  userId: string | null
  address: string
}

export interface EventOutcome {
  /** False: filtered as invalid traffic (not counted, not billed). */
  counted: boolean
  /** Billed: the viewable impression of a CPM serving, or the click of a CPC one (false when refused). */
  charged: boolean
}

/**
 * Tracking events of servings. The serving's signed token says what was served to whom at what
 * price (a forged, altered or expired one is refused: 403); each kind of event counts once per
 * serving (a replay is refused: 409). Invalid traffic is filtered: more than `perHour` events from
 * one viewer or one address in an hour, or a token sent by another signed-in user, are recorded
 * as such and neither counted nor billed. An impression is the viewable one (IAB/MRC: half of the
 * ad in view for 1 s, 2 s for a video); a CPM serving is billed then, once, from the budget slice
 * it was served from, and a CPC one when clicked, each in the same transaction as its event.
 */
export class AdEvents {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      tokens: ServingTokens
      billing: Billing
      limiter: RateLimiter
      perHour: number
    },
  ) {}

  async record(event: TrackedEvent, sender: EventSender, now = new Date()): Promise<EventOutcome> {
    const claims = this.deps.tokens.verify(event.token, now.getTime())
    if (VIDEO_ONLY.has(event.kind) && claims.k !== 'preroll')
      throw fieldError('body.kind', `${event.kind} is an event of video ads only`)
    if (event.kind === 'impression') {
      // The IAB/MRC viewability rule: half the pixels in view for 1 s, for 2 s in a row for video.
      const minMs = claims.k === 'preroll' ? VIDEO_VIEWABLE_MS : DISPLAY_VIEWABLE_MS
      if ((event.visibleShare ?? 0) < 0.5 || (event.visibleMs ?? 0) < minMs)
        throw fieldError(
          'body.visibleMs',
          `an impression is viewable when at least 50% of the ad was in view for ${minMs / 1000} s in a row`,
        )
    }
    const day = utcDay(now)
    const invalid = await this.invalidReason(claims.v, sender)
    if (invalid) {
      await this.deps.db
        .insertInto('adInvalidEvents')
        .values({ campaignId: claims.c, day, reason: invalid, count: '1' })
        .onConflict((oc) =>
          oc
            .columns(['campaignId', 'day', 'reason'])
            .doUpdateSet({ count: sql`ad_invalid_events.count + 1` }),
        )
        .execute()
      return { counted: false, charged: false }
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('adEvents')
        .values({
          servingId: claims.s,
          kind: event.kind,
          campaignId: claims.c,
          creativeId: claims.r,
          viewerKey: claims.v,
          country: claims.g,
          occurredAt: now,
        })
        .onConflict((oc) => oc.columns(['servingId', 'kind']).doNothing())
        .returning('servingId')
        .executeTakeFirst()
      if (!inserted) throw new HttpError(adsProblems.replayed)
      if (event.kind === 'impression' || event.kind === 'click') {
        const column = event.kind === 'impression' ? 'impressions' : 'clicks'
        await trx
          .insertInto('adCampaignCounts')
          .values({ campaignId: claims.c, [column]: '1' })
          .onConflict((oc) =>
            oc.column('campaignId').doUpdateSet({ [column]: sql`ad_campaign_counts.${sql.ref(column)} + 1` }),
          )
          .execute()
      }
      let charged = false
      const charge = {
        servingId: claims.s,
        priceMilli: claims.p,
        day,
        viewerKey: claims.v,
        creatorId: claims.u,
        videoId: claims.w ?? null,
        country: claims.g,
      }
      if (event.kind === 'impression' && claims.b === 'cpm' && claims.l)
        charged = await this.deps.billing.impression(
          { ...charge, leaseId: claims.l, frequencyCap: claims.f ?? null },
          trx,
        )
      else if (event.kind === 'click' && claims.b === 'cpc')
        charged = await this.deps.billing.click({ ...charge, campaignId: claims.c }, trx)
      return { counted: true, charged }
    })
  }

  /** Why the sender's traffic is not counted, if it is not. */
  private async invalidReason(viewerKey: string, sender: EventSender): Promise<string | undefined> {
    if (sender.userId && viewerKey !== `u:${sender.userId}`) return 'viewer_mismatch'
    const limit = { limit: this.deps.perHour, windowMs: 3_600_000 }
    const byViewer = await this.deps.limiter.take(`ads.ivt.viewer.${viewerKey}`, limit)
    if (!byViewer.allowed) return 'viewer_rate'
    const byAddress = await this.deps.limiter.take(`ads.ivt.address.${sender.address}`, limit)
    if (!byAddress.allowed) return 'address_rate'
    return undefined
  }
}
