import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import type { GraphService } from '../users/graph.ts'
import { blockedBetween, notMutedBy, sharesPubliclyWith } from '../users/queries.ts'
import { timelineItems } from './items.ts'

/**
 * Timelines read from the posts table by keyset on (published_at, id): newest first, stable while
 * new posts arrive, no window to fall out of. Every one applies the visibility rule, and the
 * viewer's mutes (a muted account's posts leave the viewer's timelines, not the profile page).
 */
export class TimelineService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
    private readonly graph: GraphService,
  ) {}

  async public(viewer: string | null, limit: number, cursor?: string) {
    let query = postsQuery(this.db)
      .where('p.visibility', '=', 'public')
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (viewer) query = query.where(notMutedBy(viewer, 'p.author_id'))
    return this.paged(viewer, query, limit, cursor)
  }

  async byTag(viewer: string | null, tag: string, limit: number, cursor?: string) {
    let query = this.db
      .selectFrom('posts as p')
      .innerJoin('postTags as t', 't.postId', 'p.id')
      .select(POST_COLUMNS)
      .where('t.tag', '=', tag.toLowerCase())
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (viewer) query = query.where(notMutedBy(viewer, 'p.author_id'))
    return this.paged(viewer, query, limit, cursor)
  }

  /**
   * An account's posts (without replies unless asked) and its reposts (unless `withReposts` is
   * false, or only posts with images are asked for), as the viewer may see them, newest first by
   * when each was posted or reposted. A repost is shown once, at the time of the repost, when the
   * viewer may see both the post and the account's activity (a private account's reposts are its
   * followers' only); the account's reposts of its own posts are left out (the posts are there).
   */
  async byUser(
    viewer: string | null,
    username: string,
    filters: { withReplies: boolean; mediaOnly: boolean; withReposts: boolean },
    limit: number,
    cursor?: string,
  ) {
    const author = await this.graph.visibleTarget(viewer, username)
    let own = this.db
      .selectFrom('posts as p')
      .select([...POST_COLUMNS, 'p.publishedAt as at', sql<string | null>`null::uuid`.as('repostedBy')])
      .where('p.authorId', '=', author.id)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (!filters.withReplies) own = own.where('p.replyToId', 'is', null)
    if (filters.mediaOnly)
      own = own.where(sql<boolean>`exists (select 1 from media m where m.post_id = p.id)`)
    const reposter = sql`${author.id}::uuid`
    const after = decodeCursor(cursor)
    // Each source is cut to the page on its own index (posts_author_time, reposts_user_time)
    // before they are merged: PostgreSQL does not push the order and limit into a union.
    const posts = this.db
      .selectFrom(own.$call(newestFirst('p.publishedAt', 'p.id', after, limit)).as('o'))
      .selectAll()
    const items =
      filters.withReposts && !filters.mediaOnly
        ? posts.unionAll(
            this.db
              .selectFrom(
                this.db
                  .selectFrom('reposts as r')
                  .innerJoin('posts as p', 'p.id', 'r.postId')
                  .select([...POST_COLUMNS, 'r.createdAt as at', 'r.userId as repostedBy'])
                  .where('r.userId', '=', author.id)
                  .where('p.authorId', '!=', author.id)
                  .where(visibleTo(viewer))
                  .where(sharesPubliclyWith(viewer, reposter))
                  .$if(viewer !== null, (q) => q.where(sql<boolean>`not ${blockedBetween(reposter, viewer)}`))
                  .$call(newestFirst('r.createdAt', 'r.postId', after, limit))
                  .as('b'),
              )
              .selectAll(),
          )
        : posts
    const rows = await this.db
      .selectFrom(items.as('i'))
      .selectAll()
      .$call(newestFirst('i.at', 'i.id', undefined, limit))
      .execute()
    const kept = page(
      rows,
      limit,
      (r) => ({ at: r.at as Date, id: r.id }),
      (r) => r,
    )
    const by = {
      id: author.id,
      username: author.username,
      displayName: author.displayName,
      isPrivate: author.isPrivate,
    }
    const views = await this.reader.hydrate(viewer, kept.items)
    return {
      items: timelineItems(
        views,
        kept.items.map((r) => ({ id: r.id, at: r.at as Date, repostedBy: r.repostedBy ? by : null })),
      ),
      nextCursor: kept.nextCursor,
    }
  }

  private async paged(
    viewer: string | null,
    query: ReturnType<typeof postsQuery>,
    limit: number,
    cursor: string | undefined,
  ) {
    const rows = await query
      .$call(newestFirst('p.publishedAt', 'p.id', decodeCursor(cursor), limit))
      .execute()
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.publishedAt!, id: r.id }),
      (r) => r,
    )
    return { items: await this.reader.hydrate(viewer, items), nextCursor }
  }
}

/** Every timeline query starts here (and has this shape). */
function postsQuery(db: Kysely<DB>) {
  return db.selectFrom('posts as p').select(POST_COLUMNS)
}
