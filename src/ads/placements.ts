import type { Kysely } from 'kysely'
import type { Sponsored, SponsoredPage } from '../feed/sponsored.ts'
import { ENTITLED_STATUSES } from '../payments/subscriptions.ts'
import type { DB } from '../platform/db/schema.ts'
import { requestScope } from '../platform/logger.ts'
import type { PlaybackSigner } from '../videos/playback.ts'
import type { Preroll, PrerollRequest } from '../videos/preroll.ts'
import type { VideoService } from '../videos/videos.ts'
import { SKIPPABLE_AFTER_MS } from './creatives.ts'
import type { AdServer, Served } from './serving.ts'
import { type Viewers, viewerRequest } from './viewers.ts'

export const EVENTS_PATH = '/v1/ads/events'

function tracking(s: Served) {
  return { url: EVENTS_PATH, token: s.token, expiresAt: s.expiresAt.toISOString() }
}

/**
 * Where ads are shown: beside a timeline page's items (one every `feedEvery` posts, `position` the
 * index of the item it comes before) and before a video (a pre-roll with its own signed playback,
 * whose spend the video's creator shares). Subscribers of a creator's ad-free tier (`adFree`,
 * payments' tiers) get neither on the creator's profile nor before the creator's videos.
 */
export class Placements {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      server: AdServer
      viewers: Viewers
      videos: VideoService
      signer: PlaybackSigner
      feedEvery: number
      countryHeader: string
      publicUrl: string
      playbackTtlSeconds: number
    },
  ) {}

  private viewer(userId: string | null, headers: Headers) {
    const address = requestScope.getStore()?.clientAddress?.()
    return this.deps.viewers.resolve(
      viewerRequest(userId, headers, address, this.deps.countryHeader),
      new Date(),
    )
  }

  /**
   * Whether `viewer` subscribes (entitled now) to a tier of the creator (by id or username) that
   * removes ads: then none on the creator's profile nor before the creator's videos.
   */
  async adFree(viewer: string | null, creator: { id: string } | { username: string }): Promise<boolean> {
    if (!viewer) return false
    const row = await this.deps.db
      .selectFrom('subscriptions as s')
      .innerJoin('membershipTiers as t', 't.id', 's.tierId')
      .select('s.id')
      .where('s.subscriberId', '=', viewer)
      .where('t.adFree', '=', true)
      .where('s.status', 'in', [...ENTITLED_STATUSES])
      .where('s.currentPeriodEnd', '>', new Date())
      .$call((q) =>
        'id' in creator
          ? q.where('s.creatorId', '=', creator.id)
          : q.where('s.creatorId', '=', (eb) =>
              eb.selectFrom('users').select('id').where('username', '=', creator.username),
            ),
      )
      .limit(1)
      .executeTakeFirst()
    return row !== undefined
  }

  readonly feed = async (page: SponsoredPage): Promise<Sponsored[]> => {
    const slots = Math.floor(page.items / this.deps.feedEvery)
    if (slots === 0) return []
    if (page.profile && (await this.adFree(page.viewer, { username: page.profile }))) return []
    const viewer = await this.viewer(page.viewer, page.headers)
    const served = await this.deps.server.serve(viewer, { placement: 'feed', slots })
    return served.map((s, i) => ({
      position: (i + 1) * this.deps.feedEvery,
      ad: {
        servingId: s.servingId,
        campaignId: s.campaignId,
        creativeId: s.creative.id,
        sponsored: true as const,
        advertiser: s.advertiserName,
        headline: s.creative.headline,
        body: s.creative.body,
        linkUrl: s.creative.linkUrl,
        image: s.creative.mediaId
          ? { small: `/v1/media/${s.creative.mediaId}/small`, large: `/v1/media/${s.creative.mediaId}/large` }
          : null,
        tracking: tracking(s),
      },
    }))
  }

  readonly preroll = async (req: PrerollRequest): Promise<Preroll | undefined> => {
    const host = await this.deps.db
      .selectFrom('videos')
      .select('ownerId')
      .where('id', '=', req.videoId)
      .executeTakeFirst()
    if (!host) return undefined
    if (await this.adFree(req.viewer, { id: host.ownerId })) return undefined
    const viewer = await this.viewer(req.viewer, req.headers)
    const [s] = await this.deps.server.serve(viewer, {
      placement: 'preroll',
      slots: 1,
      creatorId: host.ownerId,
      videoId: req.videoId,
    })
    if (!s?.creative.videoId) return undefined
    // The ad's own video, played by its owner's right (an advertiser's video may be unlisted).
    const play = await this.deps.videos.playback(
      s.advertiserUserId,
      s.creative.videoId,
      null,
      this.deps.signer,
      {
        baseUrl: this.deps.publicUrl,
        ttlSeconds: this.deps.playbackTtlSeconds,
      },
    )
    return {
      servingId: s.servingId,
      campaignId: s.campaignId,
      creativeId: s.creative.id,
      sponsored: true,
      advertiser: s.advertiserName,
      headline: s.creative.headline,
      linkUrl: s.creative.linkUrl,
      durationMs: s.creative.durationMs ?? play.durationMs,
      skippableAfterMs: SKIPPABLE_AFTER_MS,
      hls: play.hls,
      dash: play.dash,
      expiresAt: play.expiresAt,
      tracking: tracking(s),
    }
  }
}
