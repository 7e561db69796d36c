import { type Kysely, sql } from 'kysely'
import { view as mediaView, type Variant } from '../media/images.ts'
import { prepared } from '../platform/db/prepared.ts'
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

export type PostRow = {
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
    const load = (ids: string[]) => this.visibleRows(viewer, ids)
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

  /** Those of the posts the viewer may see, hydrated (in no particular order). */
  /** Whether `viewer` may see the post: one indexed probe, nothing hydrated (live channel checks). */
  async canSee(viewer: string, id: string): Promise<boolean> {
    return (await postSeenBy(this.db, viewer, id)).length === 1
  }

  async visible(viewer: string | null, ids: string[]): Promise<PostView[]> {
    return this.hydrate(viewer, await this.visibleRows(viewer, ids))
  }

  private async visibleRows(viewer: string | null, ids: string[]): Promise<PostRow[]> {
    if (ids.length === 0) return []
    return this.db
      .selectFrom('posts as p')
      .select(POST_COLUMNS)
      .where('p.id', 'in', ids)
      .where(visibleTo(viewer))
      .execute()
  }

  async hydrate(viewer: string | null, rows: PostRow[]) {
    if (rows.length === 0) return []
    const extras = await postExtras(
      this.db,
      rows.map((r) => r.id),
      viewer,
    )
    const extrasOf = new Map(extras.map((e) => [e.id, e]))
    return rows.map((r) => postView(viewer, r, extrasOf.get(r.id)!))
  }
}

/** What a post view adds to the post's own row: see POST_EXTRAS. */
export interface PostExtras {
  username: string
  displayName: string | null
  isPrivate: boolean
  likes: string | null
  reposts: string | null
  replies: string | null
  quotes: string | null
  liked: boolean
  reposted: boolean
  mentions: string[]
  tags: string[]
  media: { id: string; altText: string | null; width: number; height: number; variants: Variant[] }[]
  video: PostVideo | null
}

/** The video a post carries, as its viewer may see it (null when they may not, or when gone). */
export interface PostVideo {
  id: string
  title: string
  status: string
  durationMs: number | null
}

/**
 * The select list of PostExtras, for a query over posts `p` joined with its author as `u` and
 * left-joined with post_counts as `c` (see postExtras): author, counts, mentions, tags, media and
 * the viewer's like and repost (false without a viewer).
 */
export function postExtrasColumns(viewer: string | null) {
  return sql`u.username, u.display_name, u.is_private, c.likes, c.reposts, c.replies, c.quotes,
    exists (select 1 from likes l where l.user_id = ${viewer}::uuid and l.post_id = p.id) as liked,
    exists (select 1 from reposts r where r.user_id = ${viewer}::uuid and r.post_id = p.id) as reposted,
    array(select mu.username from post_mentions m join users mu on mu.id = m.user_id where m.post_id = p.id order by mu.username) as mentions,
    array(select t.tag from post_tags t where t.post_id = p.id order by t.tag) as tags,
    coalesce((select json_agg(json_build_object('id', m.id, 'altText', m.alt_text, 'width', m.width,
                'height', m.height, 'variants', m.variants) order by m.position)
              from media m where m.post_id = p.id), '[]') as media,
    case when p.video_id is null then null else (
      select json_build_object('id', v.id, 'title', v.title, 'status', v.status, 'durationMs', v.duration_ms)
      from videos v where v.id = p.video_id and v.deleted_at is null and (v.owner_id = ${viewer}::uuid or (
        v.status = 'ready' and (v.publish_at is null or v.publish_at <= now()) and (
          v.visibility in ('public', 'unlisted') or (v.visibility = 'followers' and exists (
            select 1 from follows f where f.follower_id = ${viewer}::uuid and f.followee_id = v.owner_id)))))
    ) end as video`
}

/** A post as the API shows it to `viewer`, from its row and its extras. */
export function postView(viewer: string | null, r: PostRow, e: PostExtras) {
  return {
    id: r.id,
    author: { id: r.authorId, username: e.username, displayName: e.displayName, isPrivate: e.isPrivate },
    text: r.text,
    visibility: r.visibility as 'public' | 'followers' | 'mentioned',
    contentWarning: r.contentWarning,
    sensitive: r.sensitive,
    replyToId: r.replyToId,
    threadId: r.threadId,
    quoteOfId: r.quoteOfId,
    mentions: e.mentions,
    tags: e.tags,
    media: e.media.map(mediaView),
    video: e.video,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    editedAt: r.editedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    counts: {
      likes: Number(e.likes ?? 0),
      reposts: Number(e.reposts ?? 0),
      replies: Number(e.replies ?? 0),
      quotes: Number(e.quotes ?? 0),
    },
    viewer: viewer ? { liked: e.liked, reposted: e.reposted } : null,
  }
}

const postSeenBy = prepared((db, viewer: string, id: string) => ({
  compile: () =>
    sql<{ one: number }>`select 1 as one from posts p where p.id = ${id} and ${visibleTo(viewer)}`.compile(
      db,
    ),
}))

/** The extras of a set of posts, in one round trip. */
const postExtras = prepared((db, ids: string[], viewer: string | null) => ({
  compile: () =>
    sql<PostExtras & { id: string }>`select p.id, ${postExtrasColumns(viewer)}
      from posts p join users u on u.id = p.author_id left join post_counts c on c.post_id = p.id
      where p.id = any(${ids}::uuid[])`.compile(db),
}))
