import type { Kysely, Selectable, Transaction } from 'kysely'
import type { JobQueue } from '../jobs/queue.ts'
import type { JobHandler } from '../jobs/runner.ts'
import type { moderationModule } from '../moderation/module.ts'
import type { Label } from '../moderation/screener.ts'
import type { AdCreatives, DB, Json } from '../platform/db/schema.ts'
import { fieldError, HttpError } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import type { ServicesOfModule } from '../platform/module.ts'
import type { Advertisers } from './advertisers.ts'
import type { Campaigns } from './campaigns.ts'
import { adsProblems } from './problems.ts'

type Tx = Transaction<DB>
type Row = Selectable<AdCreatives>
type ModerationServices = ServicesOfModule<typeof moderationModule>

export const SCREEN_CREATIVE_JOB = 'ads.screen_creative'
/** A pre-roll is at most this long, and may be skipped after `SKIPPABLE_AFTER_MS`. */
export const PREROLL_MAX_MS = 30_000
export const SKIPPABLE_AFTER_MS = 5_000

export type CreativeInput =
  | { kind: 'card'; headline: string; body?: string; linkUrl: string; mediaId?: string }
  | { kind: 'video'; headline: string; linkUrl: string; videoId: string }

export function creativeView(row: Row) {
  return {
    id: row.id,
    campaignId: row.campaignId,
    kind: row.kind as 'card' | 'video',
    headline: row.headline,
    body: row.body,
    linkUrl: row.linkUrl,
    mediaId: row.mediaId,
    videoId: row.videoId,
    durationMs: row.durationMs,
    skippableAfterMs: row.kind === 'video' ? SKIPPABLE_AFTER_MS : null,
    review: row.review as 'pending' | 'approved' | 'rejected',
    reviewReason: row.reviewReason,
    createdAt: row.createdAt.toISOString(),
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
  }
}

/**
 * Creatives: a feed card (headline, body, link, an image uploaded through /v1/media) or a video
 * pre-roll (a video uploaded through the pipeline, ready, at most 30 s). Each is screened by
 * moderation's screeners (words, images, the video's frames) in a job; the policies administrators
 * set decide: an outcome other than allow rejects it, as does a video moderation held or removed.
 * A campaign in review goes active once a creative is approved, rejected when none is.
 */
export class Creatives {
  constructor(
    private readonly deps: {
      db: Kysely<DB>
      queue: JobQueue
      advertisers: Advertisers
      campaigns: Campaigns
      moderation: Pick<ModerationServices, 'screener' | 'terms' | 'sources' | 'policies'>
    },
  ) {}

  async create(userId: string, campaignId: string, input: CreativeInput) {
    const { db, advertisers, campaigns, queue } = this.deps
    const advertiser = await advertisers.of(userId)
    if (!/^https?:\/\/[^\s/]+/i.test(input.linkUrl) || !URL.canParse(input.linkUrl))
      throw fieldError('body.linkUrl', 'an http or https URL')
    return db.transaction().execute(async (trx) => {
      const campaign = await campaigns.owned(trx, advertiser.id, campaignId, true)
      if (campaign.state === 'completed')
        throw new HttpError(adsProblems.campaignState, 'A completed campaign takes no creatives')
      let durationMs: number | null = null
      if (input.kind === 'card' && input.mediaId) {
        const media = await trx
          .selectFrom('media')
          .select('ownerId')
          .where('id', '=', input.mediaId)
          .executeTakeFirst()
        if (!media || media.ownerId !== userId) throw fieldError('body.mediaId', 'not an image you uploaded')
      }
      if (input.kind === 'video') {
        const video = await trx
          .selectFrom('videos')
          .select(['ownerId', 'status', 'durationMs'])
          .where('id', '=', input.videoId)
          .where('deletedAt', 'is', null)
          .executeTakeFirst()
        if (!video || video.ownerId !== userId) throw fieldError('body.videoId', 'not a video you uploaded')
        if (video.status !== 'ready')
          throw new HttpError(
            adsProblems.creativeInvalid,
            'The video is not processed yet: try once it is ready',
          )
        if (video.durationMs === null || video.durationMs > PREROLL_MAX_MS)
          throw new HttpError(
            adsProblems.creativeInvalid,
            `A pre-roll is at most ${PREROLL_MAX_MS / 1000} seconds`,
          )
        durationMs = video.durationMs
      }
      const row = await trx
        .insertInto('adCreatives')
        .values({
          id: newId(),
          campaignId,
          kind: input.kind,
          headline: input.headline,
          body: input.kind === 'card' ? (input.body ?? null) : null,
          linkUrl: input.linkUrl,
          mediaId: input.kind === 'card' ? (input.mediaId ?? null) : null,
          videoId: input.kind === 'video' ? input.videoId : null,
          durationMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await queue.enqueue(trx, {
        kind: SCREEN_CREATIVE_JOB,
        ownerId: userId,
        payload: { creativeId: row.id },
        maxAttempts: 3,
      })
      return creativeView(row)
    })
  }

  async list(userId: string, campaignId: string) {
    const advertiser = await this.deps.advertisers.of(userId)
    await this.deps.campaigns.owned(this.deps.db, advertiser.id, campaignId)
    const rows = await this.deps.db
      .selectFrom('adCreatives')
      .selectAll()
      .where('campaignId', '=', campaignId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute()
    return { items: rows.map(creativeView), nextCursor: null }
  }

  /**
   * A campaign in review whose creatives are all screened: active when one is approved, rejected
   * when none is. Runs in the transaction of the change (a screening, a submission).
   */
  readonly review = async (trx: Tx, campaignId: string): Promise<void> => {
    const campaign = await trx
      .selectFrom('adCampaigns')
      .select('state')
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirst()
    if (campaign?.state !== 'in_review') return
    const reviews = await trx
      .selectFrom('adCreatives')
      .select('review')
      .where('campaignId', '=', campaignId)
      .execute()
    if (reviews.some((r) => r.review === 'approved'))
      await trx
        .updateTable('adCampaigns')
        .set({ state: 'active', stateReason: null, updatedAt: new Date() })
        .where('id', '=', campaignId)
        .execute()
    else if (reviews.length > 0 && reviews.every((r) => r.review === 'rejected'))
      await trx
        .updateTable('adCampaigns')
        .set({
          state: 'rejected',
          stateReason: 'Every creative was rejected by screening',
          updatedAt: new Date(),
        })
        .where('id', '=', campaignId)
        .execute()
  }

  /** Moderation's screeners on a creative's words and pictures. */
  private async screen(
    creativeId: string,
  ): Promise<{ labels: Label[]; videoState: string | null } | undefined> {
    const { db, moderation } = this.deps
    const row = await db
      .selectFrom('adCreatives as c')
      .innerJoin('adCampaigns as k', 'k.id', 'c.campaignId')
      .innerJoin('advertisers as a', 'a.id', 'k.advertiserId')
      .select(['c.kind', 'c.headline', 'c.body', 'c.mediaId', 'c.videoId', 'a.userId'])
      .where('c.id', '=', creativeId)
      .executeTakeFirst()
    if (!row) return undefined
    const subject = { kind: row.kind === 'video' ? ('video' as const) : ('image' as const), id: creativeId }
    const texts = [row.headline, row.body ?? '']
    const labels: Label[] = []
    const media = row.mediaId
      ? await moderation.sources.get('image')?.(row.mediaId, { media: true })
      : row.videoId
        ? await moderation.sources.get('video')?.(row.videoId, { media: true })
        : undefined
    if (media) texts.push(...media.texts)
    // The literal term lists (which posts meet inline) and the job's screeners.
    const text = texts.join('\n')
    const ctx = { subject, authorId: row.userId, language: null }
    labels.push(...(await moderation.terms.literal.screenText(text, ctx)))
    labels.push(...(await moderation.screener.screenText(text, ctx)))
    if (media)
      for await (const image of media.images())
        labels.push(...((await moderation.screener.screenImage?.(image, { subject })) ?? []))
    let videoState: string | null = null
    if (row.videoId) {
      const video = await db
        .selectFrom('videos')
        .select('moderation')
        .where('id', '=', row.videoId)
        .where('deletedAt', 'is', null)
        .executeTakeFirst()
      videoState = video ? video.moderation : 'removed'
    }
    return { labels, videoState }
  }

  readonly job: JobHandler<{ creativeId: string }> = {
    kind: SCREEN_CREATIVE_JOB,
    timeoutMs: 120_000,
    run: async ({ payload }) => ((await this.screen(payload.creativeId)) ?? null) as unknown as Json,
    succeeded: async (trx, { payload }, result) => {
      const found = result as unknown as { labels: Label[]; videoState: string | null } | null
      if (!found) return
      const decision = await this.deps.moderation.policies.decide(found.labels)
      const heldVideo = found.videoState === 'held' || found.videoState === 'removed'
      const rejected = decision !== undefined || heldVideo
      const reason = decision
        ? `Screening found ${decision.label.value} (${decision.outcome})`
        : heldVideo
          ? `The video is ${found.videoState} by moderation`
          : null
      const updated = await trx
        .updateTable('adCreatives')
        .set({
          review: rejected ? 'rejected' : 'approved',
          reviewReason: reason,
          labels: JSON.stringify(found.labels),
          reviewedAt: new Date(),
        })
        .where('id', '=', payload.creativeId)
        .returning('campaignId')
        .executeTakeFirst()
      if (updated) await this.review(trx, updated.campaignId)
    },
  }
}
