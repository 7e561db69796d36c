import { type Kysely, sql } from 'kysely'
import { readableBy } from '../payments/entitlements.ts'
import type { DB } from '../platform/db/schema.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import { notMutedBy } from '../users/queries.ts'

/** Only the last two days count; an hour-old signal weighs twice a seven-hour-old one. */
const WINDOW = sql`interval '48 hours'`
const HALF_LIFE_SECONDS = 6 * 3600

/** exp-decay weight of a post by age, computed in SQL (tags: a tag trends when it is used). */
const decay = sql<number>`exp(-extract(epoch from now() - p.published_at) * ln(2) / ${HALF_LIFE_SECONDS})`

/**
 * Trending hashtags and posts: time-decayed scores over a sliding 48-hour window, of public,
 * non-sensitive posts, computed at read time: tags by the posts that use them (decayed by the
 * posts' age), posts by the interactions they had (decayed by when each happened). Each author counts once per tag (a single account
 * repeating a tag does not make it trend); blocked and muted authors are left out for the viewer.
 */
export class TrendingService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
  ) {}

  async tags(viewer: string | null, limit: number) {
    let perAuthor = this.db
      .selectFrom('postTags as t')
      .innerJoin('posts as p', 'p.id', 't.postId')
      .select(['t.tag', 'p.authorId', sql<number>`max(${decay})`.as('weight')])
      .where('p.visibility', '=', 'public')
      .where('p.sensitive', '=', false)
      .where(sql<boolean>`p.published_at > now() - ${WINDOW}`)
      .where(visibleTo(viewer))
      // Tags of posts for subscribers trend only for those who may read them.
      .where(readableBy(viewer))
      .groupBy(['t.tag', 'p.authorId'])
    if (viewer) perAuthor = perAuthor.where(notMutedBy(viewer, 'p.author_id'))
    const rows = await this.db
      .selectFrom(perAuthor.as('a'))
      .select(['a.tag', sql<number>`sum(a.weight)`.as('score'), sql<string>`count(*)`.as('authors')])
      .groupBy('a.tag')
      .orderBy('score', 'desc')
      .orderBy('a.tag')
      .limit(limit)
      .execute()
    return {
      items: rows.map((r) => ({
        tag: r.tag,
        score: Math.round(Number(r.score) * 1000) / 1000,
        authors: Number(r.authors),
      })),
      nextCursor: null,
    }
  }

  /**
   * Posts by their activity over the window (see recordActivity): each hour's interactions weigh
   * by how long ago that hour was, whenever the post was written. An old post people are sharing
   * now outranks a new one whose interactions are a day old.
   */
  async posts(viewer: string | null, limit: number) {
    const recent = this.db
      .selectFrom('postActivity as a')
      .select([
        'a.postId',
        sql<number>`sum(a.weight * exp(-extract(epoch from now() - a.hour) * ln(2) / ${HALF_LIFE_SECONDS}))`.as(
          'score',
        ),
      ])
      .where(sql<boolean>`a.hour > now() - ${WINDOW}`)
      .groupBy('a.postId')
      .having(sql<boolean>`sum(a.weight) > 0`)
    let query = this.db
      .selectFrom(recent.as('s'))
      .innerJoin('posts as p', 'p.id', 's.postId')
      .select(POST_COLUMNS)
      .where('p.visibility', '=', 'public')
      .where('p.sensitive', '=', false)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (viewer) query = query.where(notMutedBy(viewer, 'p.author_id'))
    const rows = await query.orderBy('s.score', 'desc').orderBy('p.id', 'desc').limit(limit).execute()
    return { items: await this.reader.hydrate(viewer, rows), nextCursor: null }
  }

  /** Drops activity buckets older than the window (worker role); true while more are left. */
  async prune(): Promise<boolean> {
    const gone = await sql`delete from post_activity where (post_id, hour) in (
        select post_id, hour from post_activity where hour <= now() - ${WINDOW} limit 5000)`.execute(this.db)
    return Number(gone.numAffectedRows ?? 0) === 5000
  }
}
