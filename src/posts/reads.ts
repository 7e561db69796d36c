import { type Kysely, sql } from 'kysely'
import { LRUCache } from 'lru-cache'
import { view as mediaView, type Variant } from '../media/images.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { notBlockedWith, type ViewerRef } from '../users/queries.ts'
import { visibleTo } from './visibility.ts'

/**
 * What a read path selects of the posts it found: the version to hydrate (see PostReader.hydrate,
 * which reads the rest) and the times its order and cursors are made of.
 */
export const POST_COLUMNS = ['p.id', 'p.publishedAt', 'p.editedAt', 'p.createdAt'] as const

export type PostRow = {
  id: string
  publishedAt: Date | null
  editedAt: Date | null
  createdAt: Date
}

export type PostView = ReturnType<typeof postView>

/**
 * Reading posts, always through `visibleTo`: one post, its edit history, its thread, who liked
 * and reposted it. Posts come out hydrated in a fixed number of queries however many there are:
 * what changes under a post (its author's name and privacy, counts, the viewer's own like and
 * repost, its video's state) is read every time; what only an edit changes (text, mentions, tags,
 * media: its content) comes from `contents`, a cache keyed by the post's version.
 */
export class PostReader {
  readonly contents: PostContents
  /** Hides what a viewer is not entitled to (payments' audiences); every hydrated page goes through it. */
  private gate: ((viewer: string | null, views: PostView[]) => Promise<PostView[]>) | undefined

  /** Sets the entitlement check every read path applies to the posts it shows. */
  gateViews(gate: (viewer: string | null, views: PostView[]) => Promise<PostView[]>): void {
    this.gate = gate
  }

  constructor(
    private readonly db: Kysely<DB>,
    cacheMb: number,
  ) {
    this.contents = new PostContents(db, cacheMb * 1024 * 1024)
  }

  async get(viewer: string | null, id: string): Promise<PostView> {
    const row = await this.db
      .selectFrom('posts as p')
      .select(POST_COLUMNS)
      .where('p.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    const [post] = row ? await this.hydrate(viewer, [row]) : []
    if (!post) throw new HttpError(problems.notFound, 'No such post')
    return post
  }

  async history(viewer: string | null, id: string) {
    const current = await this.get(viewer, id)
    // A post the viewer is not entitled to read keeps its earlier versions to itself too.
    const edits = current.locked
      ? []
      : await this.db
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

  /**
   * One post as each of `viewers` may see it (by viewer; absent: may not), in the same few
   * queries however many they are: the same rule and the same views as `visible` for each.
   */
  async visibleToEach(viewers: string[], id: string): Promise<Map<string, PostView>> {
    const out = new Map<string, PostView>()
    if (viewers.length === 0) return out
    // (An alias no subquery of the rules uses: `v` is their videos.)
    const viewer = sql.ref('each_viewer.id')
    const { rows } = await sql<
      PostLive & { viewer: string }
    >`select each_viewer.id as viewer, ${postLiveColumns(viewer)}
      from unnest(${viewers}::uuid[]) as each_viewer (id)
        join posts p on p.id = ${id}
        join users u on u.id = p.author_id
        left join post_counts c on c.post_id = p.id
      where ${visibleTo(viewer)}`.execute(this.db)
    if (rows.length === 0) return out
    const contents = await this.contents.get(rows.slice(0, 1))
    for (const { viewer: who, ...live } of rows) {
      const [view] = await this.compose(who, [live], contents)
      if (view) out.set(who, view)
    }
    return out
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

  /** The posts of `rows` (which passed the visibility rule), hydrated, in the order of `rows`. */
  async hydrate(viewer: string | null, rows: PostVersion[]) {
    if (rows.length === 0) return []
    const [live, contents] = await Promise.all([
      postLive(
        this.db,
        rows.map((r) => r.id),
        viewer,
      ),
      this.contents.get(rows),
    ])
    const liveOf = new Map(live.map((l) => [l.id, l]))
    return this.compose(
      viewer,
      rows.flatMap((r) => liveOf.get(r.id) ?? []),
      contents,
    )
  }

  /**
   * Views of posts whose live part a query has read (in that order), with their contents from the
   * cache (one query for those it lacks). A post deleted in between is left out.
   */
  async views(viewer: string | null, rows: PostLive[]) {
    return this.compose(viewer, rows, await this.contents.get(rows))
  }

  /**
   * Views of the posts that have both parts, in the order of `live`. A post edited since the
   * caller checked who may see it has no content for the version asked: it is checked again
   * (an edit can take a mention out) and shown in its new version, or left out when the viewer
   * may no longer see it or it was deleted. A page never skips a post for an edit landing while
   * it is read.
   */
  private async compose(viewer: string | null, live: PostLive[], contents: Map<string, PostContent>) {
    const edited = live.filter((l) => !contents.has(l.id)).map((l) => l.id)
    if (edited.length > 0)
      for (const [id, content] of await this.contents.get(await this.visibleRows(viewer, edited)))
        contents.set(id, content)
    const views = live.flatMap((l) => {
      const content = contents.get(l.id)
      return content ? [postView(viewer, l, content)] : []
    })
    return this.gate ? this.gate(viewer, views) : views
  }
}

/** Which version of a post: its id and when it was last edited (null: never). */
export interface PostVersion {
  id: string
  editedAt: Date | null
}

/** What a post says, fixed for one version of it: only an edit changes it (see PostContents). */
export interface PostContent {
  text: string
  visibility: 'public' | 'followers' | 'mentioned'
  contentWarning: string | null
  sensitive: boolean
  threadId: string
  mentions: string[]
  tags: string[]
  language: string | null
  media: ReturnType<typeof mediaView>[]
  scheduledAt: string | null
  editedAt: string | null
  createdAt: string
}

/**
 * Post contents by version, in an LRU of about `bytes` (none when 0), sized by their JSON text.
 * A key names the post and its `edited_at`: an edit writes a new `edited_at` (a later
 * millisecond than the last) in the same transaction as the new text, mentions and tags, so a
 * reader that sees the new version asks for a new key, and an old entry is never served for it.
 * Usernames never change, accounts are not deleted (their mentions would go) and media are fixed
 * when the post is written (what moderation later does to an image is the live part's
 * `mediaModeration`, never cached here); the links a deletion elsewhere clears (reply_to_id, quote_of_id) are
 * in the live part. So nothing else can make an entry stale. Deleted posts are never asked for
 * (every read path selects rows from posts first) and age out.
 */
export class PostContents {
  private readonly cache: LRUCache<string, PostContent> | null
  /** Contents asked for since start: found in the cache, or read from the database. */
  readonly reads = { hit: 0, miss: 0 }

  constructor(
    private readonly db: Kysely<DB>,
    bytes: number,
  ) {
    this.cache =
      bytes > 0
        ? new LRUCache({
            maxSize: bytes,
            // Two bytes a character in memory, and the objects around the strings.
            sizeCalculation: (content) => 2 * JSON.stringify(content).length + 256,
          })
        : null
  }

  /** Versions held, and the bytes they are reckoned to take. */
  get held(): { entries: number; bytes: number } {
    return { entries: this.cache?.size ?? 0, bytes: this.cache?.calculatedSize ?? 0 }
  }

  /** The contents of these versions, by post id; a post gone from the database has none. */
  async get(versions: PostVersion[]): Promise<Map<string, PostContent>> {
    const found = new Map<string, PostContent>()
    const missing = new Map<string, string>()
    for (const v of versions) {
      const wanted = key(v.id, v.editedAt)
      const hit = this.cache?.get(wanted)
      if (hit) found.set(v.id, hit)
      else missing.set(v.id, wanted)
    }
    this.reads.hit += found.size
    this.reads.miss += missing.size
    if (missing.size === 0) return found
    for (const row of await postContents(this.db, [...missing.keys()])) {
      const content = contentOf(row)
      const version = key(row.id, row.editedAt)
      this.cache?.set(version, content)
      // Edited since the caller checked who may see it (an edit can take a mention out): the
      // newer version is kept for the next read, and this one leaves the post out.
      if (version === missing.get(row.id)) found.set(row.id, content)
    }
    return found
  }
}

function key(id: string, editedAt: Date | null): string {
  return editedAt ? `${id}@${editedAt.getTime()}` : id
}

type ContentRow = {
  id: string
  text: string
  visibility: string
  contentWarning: string | null
  sensitive: boolean
  threadId: string
  language: string | null
  scheduledAt: Date | null
  editedAt: Date | null
  createdAt: Date
  mentions: string[]
  tags: string[]
  media: { id: string; altText: string | null; width: number; height: number; variants: Variant[] }[]
}

function contentOf(r: ContentRow): PostContent {
  return {
    text: r.text,
    visibility: r.visibility as PostContent['visibility'],
    contentWarning: r.contentWarning,
    sensitive: r.sensitive,
    threadId: r.threadId,
    mentions: r.mentions,
    tags: r.tags,
    language: r.language,
    media: r.media.map(mediaView),
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    editedAt: r.editedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }
}

/** What a post view reads every time, beside its content: see postLiveColumns. */
export interface PostLive {
  id: string
  authorId: string
  publishedAt: Date | null
  editedAt: Date | null
  /** Live: deleting the post answered or quoted sets them to null, without an edit. */
  replyToId: string | null
  quoteOfId: string | null
  username: string
  displayName: string | null
  isPrivate: boolean
  likes: string | null
  reposts: string | null
  replies: string | null
  quotes: string | null
  liked: boolean
  reposted: boolean
  video: PostVideo | null
  /** Moderation's state of the post (see visibleTo) and the warning it adds. */
  moderation: string | null
  moderationWarning: string | null
  /** The strongest state of the images and video it carries (src/moderation/post-media.ts). */
  mediaModeration: string | null
  mediaModerationWarning: string | null
  /** Who may read it: everyone, or subscribers (of `audienceTierId` and above); see PostReader.gateViews. */
  audience: string
  audienceTierId: string | null
}

/** The video a post carries, as its viewer may see it (null when they may not, or when gone). */
export interface PostVideo {
  id: string
  title: string
  status: string
  durationMs: number | null
  /** The video's own audience (payments): locked when the viewer may not watch it. */
  audience: 'public' | 'subscribers'
  audienceTierId: string | null
  locked: boolean
}

/**
 * The select list of PostLive (and the post's version), for a query over posts `p` joined with
 * its author as `u` and left-joined with post_counts as `c` (see postLive): author, counts, the
 * viewer's like and repost (false without a viewer) and the video as the viewer may see it.
 */
export function postLiveColumns(viewer: ViewerRef | null) {
  return sql`p.id, p.author_id, p.published_at, p.edited_at, p.reply_to_id, p.quote_of_id, u.username, u.display_name, u.is_private,
    p.moderation, p.moderation_warning, p.media_moderation, p.media_moderation_warning, p.audience, p.audience_tier_id,
    c.likes, c.reposts, c.replies, c.quotes,
    exists (select 1 from likes l where l.user_id = ${viewer}::uuid and l.post_id = p.id) as liked,
    exists (select 1 from reposts r where r.user_id = ${viewer}::uuid and r.post_id = p.id) as reposted,
    case when p.video_id is null then null else (
      select json_build_object('id', v.id, 'title', v.title, 'status', v.status, 'durationMs', v.duration_ms,
        'audience', v.audience, 'audienceTierId', v.audience_tier_id, 'locked', false)
      from videos v where v.id = p.video_id and v.deleted_at is null and (v.owner_id = ${viewer}::uuid or (
        v.status = 'ready' and (v.publish_at is null or v.publish_at <= now()) and (
          v.visibility in ('public', 'unlisted') or (v.visibility = 'followers' and exists (
            select 1 from follows f where f.follower_id = ${viewer}::uuid and f.followee_id = v.owner_id)))))
    ) end as video`
}

/** A post as the API shows it to `viewer`, from its live part and its content. */
function postView(viewer: string | null, l: PostLive, c: PostContent) {
  const moderated = strongerState(
    l.moderation ? { state: l.moderation, warning: l.moderationWarning } : null,
    l.mediaModeration ? { state: l.mediaModeration, warning: l.mediaModerationWarning } : null,
  )
  return {
    id: l.id,
    author: { id: l.authorId, username: l.username, displayName: l.displayName, isPrivate: l.isPrivate },
    text: c.text,
    visibility: c.visibility,
    // What moderation marked (the post, or what it carries) is shown as the author's own marks would be.
    contentWarning: c.contentWarning ?? (moderated ? moderated.warning : null),
    sensitive: c.sensitive || moderated !== null,
    moderation: moderated?.state ?? null,
    replyToId: l.replyToId,
    threadId: c.threadId,
    quoteOfId: l.quoteOfId,
    mentions: c.mentions,
    tags: c.tags,
    language: c.language,
    media: c.media,
    video: l.video,
    publishedAt: l.publishedAt?.toISOString() ?? null,
    scheduledAt: c.scheduledAt,
    editedAt: c.editedAt,
    createdAt: c.createdAt,
    counts: {
      likes: Number(l.likes ?? 0),
      reposts: Number(l.reposts ?? 0),
      replies: Number(l.replies ?? 0),
      quotes: Number(l.quotes ?? 0),
    },
    viewer: viewer ? { liked: l.liked, reposted: l.reposted } : null,
    audience: l.audience as 'public' | 'subscribers',
    audienceTierId: l.audienceTierId,
    locked: false,
    /** On a reply: its author's membership of the author of the post it answers (payments). */
    badge: null as { tierId: string; tier: string; months: number } | null,
  }
}

const STATE_ORDER = ['sensitive', 'age_restricted', 'held', 'removed']

type Moderated = { state: string; warning: string | null } | null

/** The post's own moderation state or its media's, whichever does more (the post's on a tie). */
function strongerState(own: Moderated, media: Moderated): Moderated {
  if (!own || !media) return own ?? media
  return STATE_ORDER.indexOf(media.state) > STATE_ORDER.indexOf(own.state) ? media : own
}

const postSeenBy = prepared((db, viewer: string, id: string) => ({
  compile: () =>
    sql<{ one: number }>`select 1 as one from posts p where p.id = ${id} and ${visibleTo(viewer)}`.compile(
      db,
    ),
}))

/** The live parts of a set of posts, in one round trip. */
const postLive = prepared((db, ids: string[], viewer: string | null) => ({
  compile: () =>
    sql<PostLive>`select ${postLiveColumns(viewer)}
      from posts p join users u on u.id = p.author_id left join post_counts c on c.post_id = p.id
      where p.id = any(${ids}::uuid[])`.compile(db),
}))

/** The contents of a set of posts (their current versions), in one round trip. */
const postContents = prepared((db, ids: string[]) => ({
  compile: () =>
    sql<ContentRow>`select p.id, p.text, p.visibility, p.content_warning, p.sensitive, p.thread_id, p.language,
      p.scheduled_at, p.edited_at, p.created_at,
      array(select mu.username from post_mentions m join users mu on mu.id = m.user_id where m.post_id = p.id order by mu.username) as mentions,
      array(select t.tag from post_tags t where t.post_id = p.id order by t.tag) as tags,
      coalesce((select json_agg(json_build_object('id', m.id, 'altText', m.alt_text, 'width', m.width,
                  'height', m.height, 'variants', m.variants) order by m.position)
                from media m where m.post_id = p.id), '[]') as media
      from posts p where p.id = any(${ids}::uuid[])`.compile(db),
}))
