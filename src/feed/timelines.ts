import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import type { GraphService } from '../users/graph.ts'
import { notMutedBy } from '../users/queries.ts'

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

  /** An account's posts (without replies unless asked), as the viewer may see them. */
  async byUser(
    viewer: string | null,
    username: string,
    filters: { withReplies: boolean; mediaOnly: boolean },
    limit: number,
    cursor?: string,
  ) {
    const author = await this.graph.visibleTarget(viewer, username)
    let query = postsQuery(this.db)
      .where('p.authorId', '=', author.id)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (!filters.withReplies) query = query.where('p.replyToId', 'is', null)
    if (filters.mediaOnly)
      query = query.where(sql<boolean>`exists (select 1 from media m where m.post_id = p.id)`)
    return this.paged(viewer, query, limit, cursor)
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
