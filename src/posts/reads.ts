import { type Kysely, sql } from 'kysely'
import { view as mediaView, type Variant } from '../media/images.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { notBlockedWith } from '../users/queries.ts'
import { visibleTo } from './visibility.ts'

export const POST_COLUMNS = [
  'p.id',
  'p.authorId',
  'p.text',
  'p.visibility',
  'p.contentWarning',
  'p.sensitive',
  'p.replyToId',
  'p.threadId',
  'p.quoteOfId',
  'p.publishedAt',
  'p.scheduledAt',
  'p.editedAt',
  'p.createdAt',
] as const

type PostRow = {
  id: string
  authorId: string
  text: string
  visibility: string
  contentWarning: string | null
  sensitive: boolean
  replyToId: string | null
  threadId: string
  quoteOfId: string | null
  publishedAt: Date | null
  scheduledAt: Date | null
  editedAt: Date | null
  createdAt: Date
}

export type PostView = Awaited<ReturnType<PostReader['hydrate']>>[number]

/**
 * Reading posts, always through `visibleTo`: one post, its edit history, its thread, who liked
 * and reposted it. Posts come out hydrated in a fixed number of queries however many there are:
 * author, counts, mentions, tags and the viewer's own like and repost.
 */
export class PostReader {
  constructor(private readonly db: Kysely<DB>) {}

  async get(viewer: string | null, id: string): Promise<PostView> {
    const row = await this.db
      .selectFrom('posts as p')
      .select(POST_COLUMNS)
      .where('p.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    if (!row) throw new HttpError(problems.notFound, 'No such post')
    return (await this.hydrate(viewer, [row]))[0]!
  }

  async history(viewer: string | null, id: string) {
    const current = await this.get(viewer, id)
    const edits = await this.db
      .selectFrom('postEdits')
      .select(['text', 'contentWarning', 'sensitive', 'replacedAt'])
      .where('postId', '=', id)
      .orderBy('replacedAt')
      .execute()
    const versions = edits.map((e, i) => ({
      text: e.text,
      contentWarning: e.contentWarning,
      sensitive: e.sensitive,
      // A version was current from the previous edit (or the creation) until it was replaced.
      from: i === 0 ? current.createdAt : edits[i - 1]!.replacedAt.toISOString(),
    }))
    versions.push({
      text: current.text,
      contentWarning: current.contentWarning,
      sensitive: current.sensitive,
      from: edits.at(-1)?.replacedAt.toISOString() ?? current.createdAt,
    })
    return { items: versions, nextCursor: null }
  }

  /** The post, the posts it answers (oldest first) and the replies below it, as the viewer may see them. */
  async context(viewer: string | null, id: string) {
    const post = await this.get(viewer, id)
    const ancestors = await sql<{ id: string; depth: number }>`
      with recursive up(id, reply_to_id, depth) as (
        select id, reply_to_id, 0 from posts where id = ${id}
        union all
        select p.id, p.reply_to_id, up.depth + 1 from posts p join up on p.id = up.reply_to_id where up.depth < 100
      )
      select id, depth from up where depth > 0`.execute(this.db)
    const descendants = await sql<{ id: string }>`
      with recursive down(id, depth) as (
        select id, 0 from posts where reply_to_id = ${id}
        union all
        select p.id, down.depth + 1 from posts p join down on p.reply_to_id = down.id where down.depth < 100
      )
      select id from down limit 1000`.execute(this.db)
    const load = async (ids: string[]) =>
      ids.length === 0
        ? []
        : this.db
            .selectFrom('posts as p')
            .select(POST_COLUMNS)
            .where('p.id', 'in', ids)
            .where(visibleTo(viewer))
            .execute()
    const depth = new Map(ancestors.rows.map((r) => [r.id, r.depth]))
    const up = (await load([...depth.keys()])).sort((a, b) => depth.get(b.id)! - depth.get(a.id)!)
    const down = (await load(descendants.rows.map((r) => r.id))).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
    )
    return { post, ancestors: await this.hydrate(viewer, up), descendants: await this.hydrate(viewer, down) }
  }

  /** Who liked (`table: 'likes'`) or reposted a post, newest first, without people blocked either way. */
  async actors(
    viewer: string | null,
    id: string,
    table: 'likes' | 'reposts',
    limit: number,
    cursor?: string,
  ) {
    await this.get(viewer, id)
    const after = decodeCursor(cursor)
    let query = this.db
      // likes and reposts have the same shape
      .selectFrom(`${table} as a` as 'likes as a')
      .innerJoin('users', 'users.id', 'a.userId')
      .select(['users.id', 'users.username', 'users.displayName', 'users.isPrivate', 'a.createdAt as at'])
      .where('a.postId', '=', id)
      .where('users.status', '!=', 'banned')
    if (viewer) query = query.where(notBlockedWith(viewer, 'users.id'))
    const rows = await query.$call(newestFirst('a.createdAt', 'a.userId', after, limit)).execute()
    return page(
      rows,
      limit,
      (r) => ({ at: r.at, id: r.id }),
      (r) => ({ id: r.id, username: r.username, displayName: r.displayName, isPrivate: r.isPrivate }),
    )
  }

  async hydrate(viewer: string | null, rows: PostRow[]) {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const authorIds = [...new Set(rows.map((r) => r.authorId))]
    const [authors, counts, mentions, tags, liked, reposted, media] = await Promise.all([
      this.db
        .selectFrom('users')
        .select(['id', 'username', 'displayName', 'isPrivate'])
        .where('id', 'in', authorIds)
        .execute(),
      this.db.selectFrom('postCounts').selectAll().where('postId', 'in', ids).execute(),
      this.db
        .selectFrom('postMentions')
        .innerJoin('users', 'users.id', 'postMentions.userId')
        .select(['postMentions.postId', 'users.username'])
        .where('postMentions.postId', 'in', ids)
        .execute(),
      this.db.selectFrom('postTags').select(['postId', 'tag']).where('postId', 'in', ids).execute(),
      viewer
        ? this.db
            .selectFrom('likes')
            .select('postId')
            .where('userId', '=', viewer)
            .where('postId', 'in', ids)
            .execute()
        : [],
      viewer
        ? this.db
            .selectFrom('reposts')
            .select('postId')
            .where('userId', '=', viewer)
            .where('postId', 'in', ids)
            .execute()
        : [],
      this.db
        .selectFrom('media')
        .select(['id', 'postId', 'altText', 'width', 'height', 'variants'])
        .where('postId', 'in', ids)
        .orderBy('position')
        .execute(),
    ])
    const authorOf = new Map(authors.map((a) => [a.id, a]))
    const countsOf = new Map(counts.map((c) => [c.postId, c]))
    const likedSet = new Set(liked.map((l) => l.postId))
    const repostedSet = new Set(reposted.map((r) => r.postId))
    return rows.map((r) => {
      const c = countsOf.get(r.id)
      return {
        id: r.id,
        author: authorOf.get(r.authorId)!,
        text: r.text,
        visibility: r.visibility as 'public' | 'followers' | 'mentioned',
        contentWarning: r.contentWarning,
        sensitive: r.sensitive,
        replyToId: r.replyToId,
        threadId: r.threadId,
        quoteOfId: r.quoteOfId,
        mentions: mentions.filter((m) => m.postId === r.id).map((m) => m.username),
        tags: tags.filter((t) => t.postId === r.id).map((t) => t.tag),
        media: media
          .filter((m) => m.postId === r.id)
          .map((m) => mediaView({ ...m, variants: m.variants as unknown as Variant[] })),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        scheduledAt: r.scheduledAt?.toISOString() ?? null,
        editedAt: r.editedAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        counts: {
          likes: Number(c?.likes ?? 0),
          reposts: Number(c?.reposts ?? 0),
          replies: Number(c?.replies ?? 0),
          quotes: Number(c?.quotes ?? 0),
        },
        viewer: viewer ? { liked: likedSet.has(r.id), reposted: repostedSet.has(r.id) } : null,
      }
    })
  }
}
