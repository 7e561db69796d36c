import { type Kysely, sql } from 'kysely'
import { readableBy } from '../payments/entitlements.ts'
import type { DB } from '../platform/db/schema.ts'
import { decodeScoreCursor, encodeScoreCursor } from '../platform/http/pagination.ts'
import { ALL_SEARCH_CONFIGS } from '../posts/language.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import { notBlockedWith } from '../users/queries.ts'

/**
 * Search with PostgreSQL, each kind through an index: posts by full text (websearch syntax, ranked
 * by ts_rank) in each post's language, accounts by username or display-name prefix (exact
 * username first, then by followers), hashtags by prefix (by their kept count of public posts).
 * Every kind respects visibility and blocks. Pages are keyset on (score, key); scores are rounded
 * numerics so that they compare exactly. The `...Query` methods build the statements (tests
 * EXPLAIN them).
 */
export class SearchService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
  ) {}

  async posts(viewer: string | null, q: string, limit: number, cursor?: string) {
    const rows = await this.postsQuery(viewer, q, limit, cursor).execute()
    return {
      items: await this.reader.hydrate(viewer, rows.slice(0, limit)),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.id })),
    }
  }

  /**
   * A post is indexed with its language's configuration (stems, stop words): the query is read
   * with every configuration, their union finds candidates through the one GIN index, and each
   * candidate is kept when the query read in its own configuration matches ("running" finds
   * "runs" in English posts, and only the word itself in posts of no known language).
   */
  postsQuery(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor)
    const own = sql`websearch_to_tsquery(p.search_config, ${q})`
    const any = sql.join(
      ALL_SEARCH_CONFIGS.map((config) => sql`websearch_to_tsquery(${sql.lit(config)}::regconfig, ${q})`),
      sql` || `,
    )
    const score = sql<string>`round(ts_rank(p.search, ${own})::numeric, 6)`
    let select = this.db
      .selectFrom('posts as p')
      .select([...POST_COLUMNS, score.as('score')])
      .where(sql<boolean>`p.search @@ (${any})`)
      .where(sql<boolean>`p.search @@ ${own}`)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
      // Words of a post locked to the viewer (subscribers only) never match.
      .where(readableBy(viewer))
    if (after)
      select = select.where(sql<boolean>`(${score}, p.id) < (${after.score}::numeric, ${after.key}::uuid)`)
    return select
      .orderBy(sql`score`, 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit + 1)
  }

  async users(viewer: string | null, q: string, limit: number, cursor?: string) {
    const rows = await this.usersQuery(viewer, q, limit, cursor).execute()
    return {
      items: rows
        .slice(0, limit)
        .map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, isPrivate: r.isPrivate })),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.id })),
    }
  }

  /** Through users_username_prefix and users_display_name_prefix (pattern operators). */
  usersQuery(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor)
    const prefix = likePrefix(q.toLowerCase())
    const score = sql<string>`((lower(u.username) = ${q.toLowerCase()})::int * 1000000000000 + c.followers)::numeric`
    let select = this.db
      .selectFrom('users as u')
      .innerJoin('userCounts as c', 'c.userId', 'u.id')
      .select(['u.id', 'u.username', 'u.displayName', 'u.isPrivate', score.as('score')])
      .where('u.status', '!=', 'banned')
      .where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['u.username']), 'like', prefix),
          eb(eb.fn('lower', ['u.displayName']), 'like', prefix),
        ]),
      )
    if (viewer) select = select.where(notBlockedWith(viewer, 'u.id'))
    if (after)
      select = select.where(sql<boolean>`(${score}, u.id) < (${after.score}::numeric, ${after.key}::uuid)`)
    return select
      .orderBy(sql`score`, 'desc')
      .orderBy('u.id', 'desc')
      .limit(limit + 1)
  }

  async tags(viewer: string | null, q: string, limit: number, cursor?: string) {
    const rows = await this.tagsQuery(viewer, q, limit, cursor).execute()
    return {
      items: rows.slice(0, limit).map((r) => ({ tag: r.tag, posts: Number(r.score) })),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.tag })),
    }
  }

  /**
   * Tags by prefix through tag_counts_prefix, ranked by their kept count; a tag is listed only
   * when the viewer may see a post that uses it (one probe of post_tags_tag per tag).
   */
  tagsQuery(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor, { score: 'decimal', key: 'text' })
    const prefix = likePrefix(q.toLowerCase().replace(/^#/, ''))
    const score = sql<string>`c.posts::numeric`
    let select = this.db
      .selectFrom('tagCounts as c')
      .select(['c.tag', score.as('score')])
      .where('c.tag', 'like', prefix)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('postTags as t')
            .innerJoin('posts as p', 'p.id', 't.postId')
            .select('t.postId')
            .whereRef('t.tag', '=', 'c.tag')
            .where(visibleTo(viewer))
            .where(readableBy(viewer)),
        ),
      )
    if (after)
      select = select.where(sql<boolean>`(${score}, c.tag) < (${after.score}::numeric, ${after.key})`)
    return select
      .orderBy(sql`score`, 'desc')
      .orderBy('c.tag', 'desc')
      .limit(limit + 1)
  }
}

/** A LIKE pattern for what starts with `text`, its wildcards taken as plain characters. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

function next<R>(
  rows: R[],
  limit: number,
  position: (row: R) => { score: string; key: string },
): string | null {
  const last = rows[limit - 1]
  return rows.length > limit && last ? encodeScoreCursor(position(last)) : null
}
