import { type Kysely, sql } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { decodeScoreCursor, encodeScoreCursor } from '../platform/http/pagination.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import { notBlockedWith } from '../users/queries.ts'

/**
 * Search with PostgreSQL: posts by full text (the `search` tsvector, websearch syntax, ranked by
 * ts_rank), accounts by username or display-name prefix (exact username first, then by
 * followers), hashtags by prefix (by use). Every kind respects visibility and blocks. Pages are
 * keyset on (score, key); scores are rounded numerics so that they compare exactly.
 */
export class SearchService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
  ) {}

  async posts(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor)
    const query = sql`websearch_to_tsquery('simple', ${q})`
    const score = sql<string>`round(ts_rank(p.search, ${query})::numeric, 6)`
    let select = this.db
      .selectFrom('posts as p')
      .select([...POST_COLUMNS, score.as('score')])
      .where(sql<boolean>`p.search @@ ${query}`)
      .where('p.publishedAt', 'is not', null)
      .where(visibleTo(viewer))
    if (after)
      select = select.where(sql<boolean>`(${score}, p.id) < (${after.score}::numeric, ${after.key}::uuid)`)
    const rows = await select
      .orderBy(sql`score`, 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit + 1)
      .execute()
    const kept = rows.slice(0, limit)
    return {
      items: await this.reader.hydrate(viewer, kept),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.id })),
    }
  }

  async users(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor)
    const prefix = `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
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
    const rows = await select
      .orderBy(sql`score`, 'desc')
      .orderBy('u.id', 'desc')
      .limit(limit + 1)
      .execute()
    return {
      items: rows
        .slice(0, limit)
        .map((r) => ({ id: r.id, username: r.username, displayName: r.displayName, isPrivate: r.isPrivate })),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.id })),
    }
  }

  async tags(viewer: string | null, q: string, limit: number, cursor?: string) {
    const after = decodeScoreCursor(cursor, { score: 'decimal', key: 'text' })
    const prefix = `${q
      .toLowerCase()
      .replace(/^#/, '')
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    let select = this.db
      .selectFrom('postTags as t')
      .innerJoin('posts as p', 'p.id', 't.postId')
      .select(['t.tag', sql<string>`count(*)::numeric`.as('score')])
      .where('t.tag', 'like', prefix)
      .where(visibleTo(viewer))
      .groupBy('t.tag')
    if (after)
      select = select.having(
        sql<boolean>`(count(*)::numeric, t.tag) < (${after.score}::numeric, ${after.key})`,
      )
    const rows = await select
      .orderBy(sql`score`, 'desc')
      .orderBy('t.tag', 'desc')
      .limit(limit + 1)
      .execute()
    return {
      items: rows.slice(0, limit).map((r) => ({ tag: r.tag, posts: Number(r.score) })),
      nextCursor: next(rows, limit, (r) => ({ score: String(r.score), key: r.tag })),
    }
  }
}

function next<R>(
  rows: R[],
  limit: number,
  position: (row: R) => { score: string; key: string },
): string | null {
  const last = rows[limit - 1]
  return rows.length > limit && last ? encodeScoreCursor(position(last)) : null
}
