import { sql } from 'kysely'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { Database } from '../platform/db/connect.ts'
import { HttpError, problems } from '../platform/errors.ts'
import type { PostView } from '../posts/reads.ts'
import type { Gated } from './audience.ts'
import { paymentProblems } from './problems.ts'
import { ENTITLED_STATUSES } from './subscriptions.ts'

/**
 * SQL: whether `viewer` may read post `p` in full (its audience), as `Entitlements.check` decides:
 * public, their own, or a running subscription to its author of its tier or one priced as high.
 * For queries that must not match what a post locks (search over its words).
 */
export function readableBy(viewer: string | null, alias = 'p') {
  const p = sql.table(alias)
  if (viewer === null) return sql<boolean>`${p}.audience = 'public'`
  return sql<boolean>`(${p}.audience = 'public' or ${p}.author_id = ${viewer}::uuid or exists (
    select 1 from subscriptions s join membership_tiers t on t.id = s.tier_id
    where s.subscriber_id = ${viewer}::uuid and s.creator_id = ${p}.author_id
      and s.status in (${sql.join([...ENTITLED_STATUSES])}) and s.current_period_end > now()
      and (${p}.audience_tier_id is null or t.monthly_amount >= (
        select r.monthly_amount from membership_tiers r where r.id = ${p}.audience_tier_id))))`
}

/** A member's badge: their highest tier of the creator now, and the month of their membership. */
export interface Badge {
  tierId: string
  tier: string
  months: number
}

/**
 * Who may see what a creator keeps for subscribers: the creator, and viewers whose subscription is
 * active, trialing or past due (Stripe's dunning still retrying) and whose period has not ended,
 * of the required tier or one priced at least as high. One query per page, none when nothing on
 * it is gated.
 */
export class Entitlements {
  constructor(
    private readonly db: Database,
    /** Gateways' access checks: listeners of a stream whose audience changed are checked again. */
    private readonly live?: Pick<LivePublisher, 'accessChanged'>,
  ) {}

  /** For each item, whether `viewer` may see it in full. */
  readonly check = async (viewer: string | null, items: Gated[]): Promise<boolean[]> => {
    const gated = items.filter((i) => i.audience === 'subscribers' && i.creatorId !== viewer)
    if (gated.length === 0) return items.map(() => true)
    if (!viewer) return items.map((i) => i.audience !== 'subscribers')
    const creators = [...new Set(gated.map((i) => i.creatorId))]
    const tiers = [...new Set(gated.flatMap((i) => (i.tierId ? [i.tierId] : [])))]
    const rows = await sql<{ creatorId: string | null; tierId: string | null; level: string }>`
      select s.creator_id, null::uuid as tier_id, max(t.monthly_amount)::text as level
        from subscriptions s join membership_tiers t on t.id = s.tier_id
        where s.subscriber_id = ${viewer} and s.creator_id = any(${creators}::uuid[])
          and s.status in (${sql.join([...ENTITLED_STATUSES])}) and s.current_period_end > now()
        group by s.creator_id
      union all
      select null, id, monthly_amount::text from membership_tiers where id = any(${tiers}::uuid[])`.execute(
      this.db,
    )
    const held = new Map<string, number>()
    const required = new Map<string, number>()
    for (const r of rows.rows) {
      if (r.creatorId) held.set(r.creatorId, Number(r.level))
      else if (r.tierId) required.set(r.tierId, Number(r.level))
    }
    return items.map((i) => {
      if (i.audience !== 'subscribers' || i.creatorId === viewer) return true
      const level = held.get(i.creatorId)
      if (level === undefined) return false
      return i.tierId ? level >= (required.get(i.tierId) ?? Number.POSITIVE_INFINITY) : true
    })
  }

  /** Whether `userId` subscribes to `creatorId` now, at any tier (subscribers-only live chat). */
  readonly isSubscriber = async (creatorId: string, userId: string): Promise<boolean> => {
    const [allowed] = await this.check(userId, [{ creatorId, audience: 'subscribers', tierId: null }])
    return allowed === true
  }

  /**
   * The badges of members: for each (subscriber, creator) pair, the subscriber's highest tier of
   * the creator they are entitled to now, and the month of their membership (counted from their
   * first such subscription still running; 1 in the first). One query.
   */
  async badges(pairs: { subscriberId: string; creatorId: string }[]): Promise<(Badge | null)[]> {
    if (pairs.length === 0) return []
    const rows = await sql<{ i: number; tierId: string | null; tier: string | null; months: number | null }>`
      select r.i, b.tier_id, b.tier, b.months
        from unnest(${pairs.map((p) => p.subscriberId)}::uuid[], ${pairs.map((p) => p.creatorId)}::uuid[])
          with ordinality as r(subscriber_id, creator_id, i)
        cross join lateral (
          select (array_agg(t.id::text order by t.monthly_amount desc))[1] as tier_id,
                 (array_agg(t.name order by t.monthly_amount desc))[1] as tier,
                 (1 + extract(year from age(now(), min(s.created_at))) * 12
                    + extract(month from age(now(), min(s.created_at))))::int as months
            from subscriptions s join membership_tiers t on t.id = s.tier_id
            where s.subscriber_id = r.subscriber_id and s.creator_id = r.creator_id
              and s.status in (${sql.join([...ENTITLED_STATUSES])}) and s.current_period_end > now()
        ) b`.execute(this.db)
    const found = new Map<number, Badge>()
    for (const r of rows.rows)
      if (r.tierId && r.tier && r.months !== null)
        found.set(Number(r.i) - 1, { tierId: r.tierId, tier: r.tier, months: Number(r.months) })
    return pairs.map((_, i) => found.get(i) ?? null)
  }

  /** The badge `userId`'s messages carry in `creatorId`'s live chat (null: not a member). */
  readonly badge = async (creatorId: string, userId: string): Promise<Badge | null> =>
    creatorId === userId ? null : ((await this.badges([{ subscriberId: userId, creatorId }]))[0] ?? null)

  /**
   * Posts the viewer is not entitled to keep their place and counts, without what they say; a
   * video for subscribers that a post carries (its author's) says `locked` to others; replies
   * (comments) carry their author's badge for the author of the post they answer.
   */
  readonly gatePosts = async (viewer: string | null, views: PostView[]): Promise<PostView[]> => {
    const allowed = await this.check(viewer, [
      ...views.map((v) => ({ creatorId: v.author.id, audience: v.audience, tierId: v.audienceTierId })),
      ...views.map((v) => ({
        creatorId: v.author.id,
        audience: v.video?.audience ?? 'public',
        tierId: v.video?.audienceTierId ?? null,
      })),
    ])
    const badged = await this.replyBadges(views)
    return views.map((v, i) =>
      allowed[i]
        ? {
            ...v,
            video: v.video && !allowed[views.length + i] ? { ...v.video, locked: true } : v.video,
            badge: badged.get(v.id) ?? null,
          }
        : {
            ...v,
            text: '',
            media: [],
            video: null,
            mentions: [],
            tags: [],
            contentWarning: null,
            locked: true,
            badge: badged.get(v.id) ?? null,
          },
    )
  }

  /** The badges of the replies among `views` (by post id): none asked when there is no reply. */
  private async replyBadges(views: PostView[]): Promise<Map<string, Badge>> {
    const replies = views.filter((v) => v.replyToId !== null)
    const out = new Map<string, Badge>()
    if (replies.length === 0) return out
    const parents = await this.db
      .selectFrom('posts')
      .select(['id', 'authorId'])
      .where('id', 'in', [...new Set(replies.map((v) => v.replyToId!))])
      .execute()
    const authorOf = new Map(parents.map((p) => [p.id, p.authorId]))
    const pairs = replies.flatMap((v) => {
      const creatorId = authorOf.get(v.replyToId!)
      return creatorId && creatorId !== v.author.id
        ? [{ id: v.id, subscriberId: v.author.id, creatorId }]
        : []
    })
    const badges = await this.badges(pairs)
    pairs.forEach((p, i) => {
      const badge = badges[i]
      if (badge) out.set(p.id, badge)
    })
    return out
  }

  /**
   * Refuses playback of a subscribers-only video or stream to a viewer not entitled (403, naming
   * the creator and tier to subscribe to).
   */
  readonly gatePlayback = async (
    viewer: string | null,
    row: { ownerId: string; audience: string; audienceTierId: string | null },
  ): Promise<void> => {
    const [allowed] = await this.check(viewer, [
      { creatorId: row.ownerId, audience: row.audience, tierId: row.audienceTierId },
    ])
    if (!allowed)
      throw new HttpError(paymentProblems.subscriptionRequired, 'This is for subscribers of its creator', {
        creatorId: row.ownerId,
        tierId: row.audienceTierId,
      })
  }

  /** Sets who may see a post, video or live stream of the caller's (a tier of theirs, when named). */
  async setAudience(
    owner: string,
    kind: 'post' | 'video' | 'stream',
    id: string,
    audience: 'public' | 'subscribers',
    tierId: string | null,
  ) {
    if (tierId) {
      const tier = await this.db
        .selectFrom('membershipTiers')
        .select('id')
        .where('id', '=', tierId)
        .where('creatorId', '=', owner)
        .executeTakeFirst()
      if (!tier) throw new HttpError(problems.notFound, 'No such tier of yours')
    }
    const values = { audience, audienceTierId: audience === 'public' ? null : tierId }
    const found =
      kind === 'post'
        ? await this.db
            .updateTable('posts')
            .set(values)
            .where('id', '=', id)
            .where('authorId', '=', owner)
            .executeTakeFirst()
        : kind === 'video'
          ? await this.db
              .updateTable('videos')
              .set(values)
              .where('id', '=', id)
              .where('ownerId', '=', owner)
              .where('deletedAt', 'is', null)
              .executeTakeFirst()
          : await this.db
              .updateTable('liveStreams')
              .set(values)
              .where('id', '=', id)
              .where('ownerId', '=', owner)
              .executeTakeFirst()
    if (found.numUpdatedRows === 0n) throw new HttpError(problems.notFound, `No such ${kind} of yours`)
    if (kind === 'stream') this.live?.accessChanged({ channels: [`live:${id}`] })
    return { id, kind, ...values }
  }
}
