import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DomainEvent } from '../platform/bus/events.ts'
import { prepared } from '../platform/db/prepared.ts'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, page } from '../platform/http/pagination.ts'
import { type PostLive, type PostReader, postLiveColumns } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import { follows, mutedBy, notMutedBy } from '../users/queries.ts'
import { type HomeItem, timelineItems } from './items.ts'

/** How many recent posts of a newly followed account are put into the follower's home timeline. */
const BACKFILL = 40

/**
 * Home timelines. A new post of an ordinary author is pushed (by the worker, from the
 * `post.created` event) into a row per reader: its author, the followers (for a reply, those who
 * also follow the account replied to) or, for a mentioned-only post, the mentioned. Posts that are
 * not pushed, because their author has more than FANOUT_MAX_FOLLOWERS followers or because the
 * push has not happened yet, are read straight from the posts of followed accounts. The two are
 * merged by (published_at, id). Each home timeline keeps its newest HOME_TIMELINE_MAX rows;
 * pages below the oldest kept row read the followed accounts' posts instead, so no post is lost
 * to the cap. Reads apply visibility, blocks and mutes; unfollows take rows out.
 */
export class HomeTimeline {
  /** Where the trim's sweep through readers has got to (by id). */
  private sweptTo = '00000000-0000-0000-0000-000000000000'

  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
    private readonly maxFollowers: number,
    private readonly maxRows: number,
  ) {}

  /**
   * Keeps each home timeline to its newest `maxRows` rows (worker role) and records the oldest row
   * kept: pages below it are read from posts instead. Each round looks at the next 500 readers in
   * id order (a sweep through all of them, round after round), so no round reads the whole table.
   * Returns true while the sweep has readers left.
   */
  async trim(): Promise<boolean> {
    const readers = await sql<{ id: string }>`select u.id from users u where u.id > ${this.sweptTo}
      order by u.id limit 500`.execute(this.db)
    const last = readers.rows.at(-1)
    this.sweptTo = last?.id ?? '00000000-0000-0000-0000-000000000000'
    if (!last) return false
    // One statement (one commit) for the whole round: each reader over the cap loses the rows
    // below its newest maxRows, and the oldest row kept becomes its floor.
    await sql`with over as (
        select u.id as user_id, k.published_at as floor_at, k.post_id as floor_id
        from unnest(${readers.rows.map((r) => r.id)}::uuid[]) u(id)
        cross join lateral (select 1 from home_timeline h where h.user_id = u.id
          order by h.published_at desc, h.post_id desc offset ${this.maxRows} limit 1) beyond
        cross join lateral (select h.published_at, h.post_id from home_timeline h where h.user_id = u.id
          order by h.published_at desc, h.post_id desc offset ${this.maxRows - 1} limit 1) k
      ),
      trimmed as (
        delete from home_timeline h using over o
        where h.user_id = o.user_id and (h.published_at, h.post_id) < (o.floor_at, o.floor_id)
      )
      insert into home_floors (user_id, floor_at, floor_id) select user_id, floor_at, floor_id from over
      on conflict (user_id) do update set floor_at = excluded.floor_at, floor_id = excluded.floor_id`.execute(
      this.db,
    )
    return true
  }

  /** The worker's handler for domain events that change home timelines. Idempotent. */
  async onEvent(event: DomainEvent): Promise<void> {
    if (event.type === 'post.created') await this.push(event.subject.id)
    else if (event.type === 'post.deleted' && event.actorId && typeof event.data.publishedAt === 'string')
      await this.remove(event.actorId, event.subject.id, event.data.publishedAt)
    else if (event.type === 'post.reposted' && event.actorId)
      await this.pushRepost(event.actorId, event.subject.id)
    else if (event.type === 'post.unreposted' && event.actorId)
      await this.removeRepost(event.actorId, event.subject.id)
    else if (event.type === 'user.followed' && event.actorId)
      await this.backfill(event.actorId, event.subject.id)
    else if (event.type === 'user.unfollowed' && event.actorId)
      await this.forget(event.actorId, event.subject.id)
    else if (event.type === 'user.blocked' && event.actorId) {
      await this.forget(event.actorId, event.subject.id)
      await this.forget(event.subject.id, event.actorId)
    }
  }

  async push(postId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const post = await trx
        .selectFrom('posts as p')
        .innerJoin('userCounts as c', 'c.userId', 'p.authorId')
        .leftJoin('posts as parent', 'parent.id', 'p.replyToId')
        .select([
          'p.id',
          'p.authorId',
          'p.visibility',
          'p.publishedAt',
          'p.fannedOut',
          'c.followers',
          'parent.authorId as parentAuthor',
        ])
        .where('p.id', '=', postId)
        .forUpdate('p')
        .executeTakeFirst()
      if (!post?.publishedAt || post.fannedOut) return
      if (Number(post.followers) > this.maxFollowers) return // read at home-timeline time instead
      const rows = { post: post.id, author: post.authorId, at: post.publishedAt }
      let readers: RawBuilder<unknown>
      if (post.visibility === 'mentioned') {
        readers = sql`select user_id from post_mentions where post_id = ${rows.post}`
      } else if (post.parentAuthor && post.parentAuthor !== post.authorId) {
        // A reply reaches the followers who also follow the account it answers (and that account).
        readers = sql`select f.follower_id from follows f where f.followee_id = ${rows.author}
          and (f.follower_id = ${post.parentAuthor} or exists (select 1 from follows g where g.follower_id = f.follower_id and g.followee_id = ${post.parentAuthor}))`
      } else {
        readers = sql`select follower_id from follows where followee_id = ${rows.author}`
      }
      await sql`insert into home_timeline (user_id, post_id, author_id, published_at)
        select reader, ${rows.post}, ${rows.author}, ${rows.at}::timestamptz
        from (${readers} union select ${rows.author}::uuid) as r(reader)
        on conflict do nothing`.execute(trx)
      await trx.updateTable('posts').set({ fannedOut: true }).where('id', '=', post.id).execute()
    })
  }

  /**
   * A repost goes to the reposter's followers (not to the post's author), as a row at the time of
   * the repost naming the reposter, unless the reposter has more than maxFollowers followers (read
   * at home-timeline time instead). Whether a reader sees it is decided when reading (see
   * repostShown): the rows stay right when follows change.
   */
  async pushRepost(reposter: string, postId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const repost = await trx
        .selectFrom('reposts as r')
        .innerJoin('posts as p', 'p.id', 'r.postId')
        .innerJoin('userCounts as c', 'c.userId', 'r.userId')
        .select(['r.createdAt', 'r.fannedOut', 'p.authorId', 'c.followers'])
        .where('r.userId', '=', reposter)
        .where('r.postId', '=', postId)
        .forUpdate('r')
        .executeTakeFirst()
      if (!repost || repost.fannedOut) return
      if (Number(repost.followers) > this.maxFollowers) return
      await sql`insert into home_timeline (user_id, post_id, author_id, published_at, reposted_by)
        select f.follower_id, ${postId}, ${repost.authorId}, ${repost.createdAt}::timestamptz, ${reposter}
        from follows f where f.followee_id = ${reposter} and f.follower_id <> ${repost.authorId}
        on conflict do nothing`.execute(trx)
      await trx
        .updateTable('reposts')
        .set({ fannedOut: true })
        .where('userId', '=', reposter)
        .where('postId', '=', postId)
        .execute()
    })
  }

  /** An undone repost's rows, by key in its reposter's followers' timelines (unless reposted again since). */
  async removeRepost(reposter: string, postId: string): Promise<void> {
    await sql`delete from home_timeline
      where user_id in (select follower_id from follows where followee_id = ${reposter})
        and post_id = ${postId} and reposted_by = ${reposter}
        and not exists (select 1 from reposts r where r.user_id = ${reposter} and r.post_id = ${postId})`.execute(
      this.db,
    )
  }

  /** A new follow brings the account's recent posts and reposts (the ones pushed to followers) into view. */
  async backfill(follower: string, followee: string): Promise<void> {
    await sql`insert into home_timeline (user_id, post_id, author_id, published_at)
      select ${follower}, p.id, p.author_id, p.published_at from posts p
      where p.author_id = ${followee} and p.fanned_out and p.reply_to_id is null and p.visibility <> 'mentioned'
      order by p.published_at desc limit ${BACKFILL}
      on conflict do nothing`.execute(this.db)
    await sql`insert into home_timeline (user_id, post_id, author_id, published_at, reposted_by)
      select ${follower}, p.id, p.author_id, r.created_at, r.user_id from reposts r join posts p on p.id = r.post_id
      where r.user_id = ${followee} and r.fanned_out and p.author_id <> ${follower}
      order by r.created_at desc limit ${BACKFILL}
      on conflict do nothing`.execute(this.db)
  }

  /**
   * A deleted post's rows, looked up by key in its author's and followers' timelines (reads never
   * show them anyway: they join posts, so its repost rows are left to the trim).
   */
  async remove(author: string, postId: string, publishedAt: string): Promise<void> {
    await sql`delete from home_timeline
      where user_id in (select follower_id from follows where followee_id = ${author} union select ${author}::uuid)
        and published_at = ${publishedAt}::timestamptz and post_id = ${postId}`.execute(this.db)
  }

  /** The rows an account put into a reader's timeline: its posts, and its reposts. */
  async forget(reader: string, account: string): Promise<void> {
    await this.db
      .deleteFrom('homeTimeline')
      .where('userId', '=', reader)
      .where((eb) =>
        eb.or([
          eb.and([eb('authorId', '=', account), eb('repostedBy', 'is', null)]),
          eb('repostedBy', '=', account),
        ]),
      )
      .execute()
  }

  async read(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor) ?? TOP
    const rows = await homePage(this.db, viewer, after.at, after.id, limit + 1)
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.at, id: r.id }),
      (r) => r,
    )
    return { items: timelineItems(await this.reader.views(viewer, items), items), nextCursor }
  }
}

/**
 * The push's rule for replies, for posts read from the posts table instead (not pushed, or below
 * the floor): a reply by a followed account is in the home timeline when the viewer wrote it, it
 * answers its own author or the viewer, or the viewer also follows the account it answers. Pages
 * past the kept rows then show the replies the pushed rows showed.
 */
function replyReaches(viewer: string) {
  return sql<boolean>`(p.reply_to_id is null or p.author_id = ${viewer} or exists (
    select 1 from posts r where r.id = p.reply_to_id
      and (r.author_id = p.author_id or r.author_id = ${viewer} or ${follows(viewer, sql.ref('r.author_id'))})))`
}

/**
 * Whether a repost (of post `p`, by `reposter`, at `at`) is shown in the viewer's home timeline:
 * once per post, as Mastodon shows boosts. Not when the post is there in its own right (the
 * viewer's own, or a followed account's under the reply rule); not when the viewer mutes the
 * reposter; and only the earliest repost of the post by an account the viewer follows (and does
 * not mute). Undoing that repost brings the next one, if any, into view.
 */
function repostShown(viewer: string, reposter: RawBuilder<unknown>, at: RawBuilder<unknown>) {
  return sql<boolean>`(not (p.author_id = ${viewer} or (${follows(viewer, sql.ref('p.author_id'))} and ${replyReaches(viewer)}))
    and not ${mutedBy(viewer, reposter)}
    and not exists (select 1 from reposts e join follows ef on ef.follower_id = ${viewer} and ef.followee_id = e.user_id
      where e.post_id = p.id and (e.created_at, e.user_id) < (${at}, ${reposter}) and not ${mutedBy(viewer, sql.ref('e.user_id'))}))`
}

/** Above every post: where the first page starts (the query always has a position). */
const TOP = { at: new Date('9999-12-31T00:00:00Z'), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }

/** The columns each source gives the page, from posts `p`: what postLiveColumns reads. */
const COLUMNS = sql.raw(
  'p.id, p.author_id, p.published_at, p.edited_at, p.reply_to_id, p.quote_of_id, p.video_id, p.moderation, p.moderation_warning, p.media_moderation, p.media_moderation_warning, p.audience, p.audience_tier_id',
)

/** A row of a home page: the post's live part, and where it stands in the timeline (see HomeItem). */
type HomeRow = PostLive & HomeItem

/**
 * One hydrated page of a home timeline, before a position, in one round trip. A position is a
 * time and a post id: a post's is when it was published, a repost's when it was reposted (`at`).
 * Its sources:
 * - `pushed`: the rows pushed into the reader's timeline, posts and reposts;
 * - `pulled`: posts of followed accounts that were not pushed (authors with very many followers,
 *   or not pushed yet). Such authors are few (the large accounts, and whoever posted a moment
 *   ago): they are listed by skipping through the posts_pulled index, one probe each, and kept
 *   when the viewer follows them, rather than probing once per account the viewer follows. When
 *   `pushed` fills the page, only pulled posts newer than its oldest row can make it (`cutoff`,
 *   a bound on the index scan), so the others are not read;
 * - `reposts_pulled`: the same for reposts not pushed (reposters with very many followers), through
 *   the reposts_pulled index;
 * - `older` and `reposts_older`: when the page reaches the floor (the oldest row the trim kept),
 *   the followed accounts' pushed posts and reposts below it, which trimmed rows would have held.
 *   Only read then: the condition on `pushed` is evaluated once, before those branches run.
 * `pulled` and `older` keep replies by the push's rule (replyReaches), so a reader sees the same
 * replies above and below the floor; every repost passes repostShown (once per post).
 * Each source applies the visibility rule and the viewer's mutes before its limit.
 */
const homePage = prepared((db, viewer: string, at: Date, id: string, n: number) => {
  const before = sql`(p.published_at, p.id) < (${at}::timestamptz, ${id}::uuid)`
  const repostBefore = sql`(r.created_at, r.post_id) < (${at}::timestamptz, ${id}::uuid)`
  const allowed = sql`${visibleTo(viewer)} and ${notMutedBy(viewer, 'p.author_id')}`
  const reaches = replyReaches(viewer)
  const shown = repostShown(viewer, sql.ref('r.user_id'), sql.ref('r.created_at'))
  const repostColumns = sql`${COLUMNS}, r.created_at as at, r.user_id as reposted_by`
  return {
    compile: () =>
      sql<HomeRow>`with recursive unpushed(author) as (
          (select author_id from posts where not fanned_out and published_at is not null order by author_id limit 1)
          union all
          select (select author_id from posts where not fanned_out and published_at is not null and author_id > u.author
                  order by author_id limit 1)
          from unpushed u where u.author is not null
        ),
        unpushed_reposters(reposter) as (
          (select user_id from reposts where not fanned_out order by user_id limit 1)
          union all
          select (select user_id from reposts where not fanned_out and user_id > u.reposter order by user_id limit 1)
          from unpushed_reposters u where u.reposter is not null
        ),
        pushed as (
          select ${COLUMNS}, h.published_at as at, h.reposted_by from home_timeline h join posts p on p.id = h.post_id
          where h.user_id = ${viewer} and (h.published_at, h.post_id) < (${at}::timestamptz, ${id}::uuid) and ${allowed}
            and (h.reposted_by is null or (
              -- still reposted (the worker takes an undone repost's rows out a moment later)
              exists (select 1 from reposts r where r.user_id = h.reposted_by and r.post_id = h.post_id)
              and ${repostShown(viewer, sql.ref('h.reposted_by'), sql.ref('h.published_at'))}))
          order by h.published_at desc, h.post_id desc limit ${n}
        ),
        cutoff as materialized (
          select coalesce(x.at, '-infinity') as at, coalesce(x.id, '00000000-0000-0000-0000-000000000000') as id
          from (select 1) one left join lateral (
            select at, id from pushed where (select count(*) from pushed) >= ${n}
            order by at, id limit 1) x on true
        ),
        pulled as (
          select p.* from unpushed a cross join lateral (
            select ${COLUMNS}, p.published_at as at, null::uuid as reposted_by from posts p
            where p.author_id = a.author and not p.fanned_out and p.published_at is not null and ${before}
              and (p.published_at, p.id) > ((select at from cutoff), (select id from cutoff))
              and ${reaches} and ${allowed}
            order by p.published_at desc, p.id desc limit ${n}) p
          where a.author = ${viewer}
            -- one probe per such author (offset 0: not a hash of every account the viewer follows)
            or exists (select 1 from follows f where f.follower_id = ${viewer} and f.followee_id = a.author offset 0)
        ),
        reposts_pulled as (
          select p.* from unpushed_reposters a cross join lateral (
            select ${repostColumns} from reposts r join posts p on p.id = r.post_id
            where r.user_id = a.reposter and not r.fanned_out and ${repostBefore}
              and (r.created_at, r.post_id) > ((select at from cutoff), (select id from cutoff))
              and ${allowed} and ${shown}
            order by r.created_at desc, r.post_id desc limit ${n}) p
          where exists (select 1 from follows f where f.follower_id = ${viewer} and f.followee_id = a.reposter offset 0)
        ),
        floor as materialized (
          select f.floor_at, f.floor_id from home_floors f where f.user_id = ${viewer}
            and ((select count(*) from pushed) < ${n}
              or exists (select 1 from pushed x where (x.at, x.id) < (f.floor_at, f.floor_id)))
        ),
        older as (
          select p.* from floor
          cross join lateral (select followee_id as author from follows where follower_id = ${viewer}
                              and floor.floor_at is not null union all select ${viewer}::uuid) a
          cross join lateral (
            select ${COLUMNS}, p.published_at as at, null::uuid as reposted_by from posts p
            where p.author_id = a.author and p.fanned_out and p.published_at is not null and ${before}
              and (p.published_at, p.id) < (floor.floor_at, floor.floor_id) and ${reaches} and ${allowed}
              and not exists (select 1 from pushed x where x.id = p.id)
            order by p.published_at desc, p.id desc limit ${n}) p
        ),
        reposts_older as (
          select p.* from floor
          cross join lateral (select followee_id as reposter from follows where follower_id = ${viewer}
                              and floor.floor_at is not null) a
          cross join lateral (
            select ${repostColumns} from reposts r join posts p on p.id = r.post_id
            where r.user_id = a.reposter and r.fanned_out and ${repostBefore}
              and (r.created_at, r.post_id) < (floor.floor_at, floor.floor_id) and ${allowed} and ${shown}
              and not exists (select 1 from pushed x where x.id = p.id)
            order by r.created_at desc, r.post_id desc limit ${n}) p
        ),
        page as (
          select * from (select * from pushed union all select * from pulled union all select * from reposts_pulled
            union all select * from older union all select * from reposts_older) x
          order by at desc, id desc limit ${n}
        )
        select ${postLiveColumns(viewer)}, p.at,
          case when p.reposted_by is null then null
            else json_build_object('id', ru.id, 'username', ru.username, 'displayName', ru.display_name, 'isPrivate', ru.is_private)
          end as reposted_by
        from page p
        cross join lateral (select * from users u where u.id = p.author_id offset 0) u
        left join lateral (select * from post_counts c where c.post_id = p.id offset 0) c on true
        left join lateral (select * from users ru where ru.id = p.reposted_by offset 0) ru on true
        order by p.at desc, p.id desc`.compile(db),
  }
})
