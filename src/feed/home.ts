import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'
import { notMutedBy } from '../users/queries.ts'

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
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
    private readonly maxFollowers: number,
    private readonly maxRows: number,
  ) {}

  /**
   * Keeps each home timeline to its newest `maxRows` rows (worker role, in rounds of 100
   * readers) and records the oldest row kept: pages below it are read from posts instead.
   * Returns true when more readers may be over the limit.
   */
  async trim(): Promise<boolean> {
    const over = await this.db
      .selectFrom('homeTimeline')
      .select('userId')
      .groupBy('userId')
      .having((eb) => eb.fn.countAll(), '>', this.maxRows)
      .limit(100)
      .execute()
    for (const { userId } of over) {
      await this.db.transaction().execute(async (trx) => {
        const floor = await trx
          .selectFrom('homeTimeline')
          .select(['publishedAt', 'postId'])
          .where('userId', '=', userId)
          .orderBy('publishedAt', 'desc')
          .orderBy('postId', 'desc')
          .offset(this.maxRows - 1)
          .limit(1)
          .executeTakeFirst()
        if (!floor) return
        await trx
          .deleteFrom('homeTimeline')
          .where('userId', '=', userId)
          .where(sql<boolean>`(published_at, post_id) < (${floor.publishedAt}, ${floor.postId})`)
          .execute()
        await trx
          .insertInto('homeFloors')
          .values({ userId, floorAt: floor.publishedAt, floorId: floor.postId })
          .onConflict((oc) =>
            oc.column('userId').doUpdateSet({ floorAt: floor.publishedAt, floorId: floor.postId }),
          )
          .execute()
      })
    }
    return over.length === 100
  }

  /** The worker's handler for domain events that change home timelines. Idempotent. */
  async onEvent(event: DomainEvent): Promise<void> {
    if (event.type === 'post.created') await this.push(event.subject.id)
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

  /** A new follow brings the account's recent posts (the ones pushed to followers) into view. */
  async backfill(follower: string, followee: string): Promise<void> {
    await sql`insert into home_timeline (user_id, post_id, author_id, published_at)
      select ${follower}, p.id, p.author_id, p.published_at from posts p
      where p.author_id = ${followee} and p.fanned_out and p.reply_to_id is null and p.visibility <> 'mentioned'
      order by p.published_at desc limit ${BACKFILL}
      on conflict do nothing`.execute(this.db)
  }

  async forget(reader: string, author: string): Promise<void> {
    await this.db
      .deleteFrom('homeTimeline')
      .where('userId', '=', reader)
      .where('authorId', '=', author)
      .execute()
  }

  /** The viewer's own and followed accounts' top-level posts the viewer may see, unmuted. */
  private followedPosts(viewer: string) {
    return this.db
      .selectFrom('posts as p')
      .select(POST_COLUMNS)
      .where(
        sql<boolean>`p.author_id in (select followee_id from follows where follower_id = ${viewer} union select ${viewer}::uuid)`,
      )
      .where((eb) => eb.or([eb('p.replyToId', 'is', null), sql<boolean>`p.author_id = ${viewer}`]))
      .where(visibleTo(viewer))
      .where(notMutedBy(viewer, 'p.author_id'))
  }

  async read(viewer: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor)
    const pushed = this.db
      .selectFrom('homeTimeline as h')
      .innerJoin('posts as p', 'p.id', 'h.postId')
      .select(POST_COLUMNS)
      .where('h.userId', '=', viewer)
      .where(visibleTo(viewer))
      .where(notMutedBy(viewer, 'p.author_id'))
      .$call(newestFirst('h.publishedAt', 'h.postId', after, limit))
      .execute()
    // Posts not pushed (large authors, or not yet) are read from the followed accounts' posts.
    const pulled = this.followedPosts(viewer)
      .where('p.fannedOut', '=', false)
      .where('p.publishedAt', 'is not', null)
      .$call(newestFirst('p.publishedAt', 'p.id', after, limit))
      .execute()
    // So are pushed posts below the floor, whose rows were trimmed away.
    const floor = await this.db
      .selectFrom('homeFloors')
      .select(['floorAt', 'floorId'])
      .where('userId', '=', viewer)
      .executeTakeFirst()
    const older = floor
      ? this.followedPosts(viewer)
          .where('p.fannedOut', '=', true)
          .where(sql<boolean>`(p.published_at, p.id) < (${floor.floorAt}, ${floor.floorId})`)
          .$call(newestFirst('p.publishedAt', 'p.id', after, limit))
          .execute()
      : Promise.resolve([])
    const [a, b, c] = await Promise.all([pushed, pulled, older])
    const seen = new Set<string>()
    const merged = [...a, ...b, ...c]
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .sort(
        (x, y) =>
          y.publishedAt!.getTime() - x.publishedAt!.getTime() || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0),
      )
    const { items, nextCursor } = page(
      merged,
      limit,
      (r) => ({ at: r.publishedAt!, id: r.id }),
      (r) => r,
    )
    return { items: await this.reader.hydrate(viewer, items), nextCursor }
  }
}
