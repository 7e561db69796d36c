import type { Kysely } from 'kysely'
import type { LivePublisher } from '../platform/bus/live.ts'
import { appendEvents } from '../platform/bus/outbox.ts'
import type { DB } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { bumpPostCounts, event, postProblems, publishCounts } from './posts.ts'
import { visibleTo } from './visibility.ts'

/**
 * Likes and reposts. Each is a row whose insert or delete moves the post's count in the same
 * transaction, under the counts row's lock: exact under any number of concurrent clicks, and
 * idempotent (liking twice is one like).
 */
export class InteractionService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live?: LivePublisher,
  ) {}

  like(viewer: string, postId: string) {
    return this.toggle(viewer, postId, 'likes', true)
  }

  unlike(viewer: string, postId: string) {
    return this.toggle(viewer, postId, 'likes', false)
  }

  repost(viewer: string, postId: string) {
    return this.toggle(viewer, postId, 'reposts', true)
  }

  unrepost(viewer: string, postId: string) {
    return this.toggle(viewer, postId, 'reposts', false)
  }

  private async toggle(
    viewer: string,
    postId: string,
    table: 'likes' | 'reposts',
    on: boolean,
  ): Promise<void> {
    const counts = await this.db.transaction().execute(async (trx) => {
      const post = await trx
        .selectFrom('posts as p')
        .select(['p.id', 'p.visibility', 'p.authorId'])
        .where('p.id', '=', postId)
        .where('p.publishedAt', 'is not', null)
        .where(visibleTo(viewer))
        .executeTakeFirst()
      if (!post) throw new HttpError(problems.notFound, 'No such post')
      if (on && table === 'reposts' && post.visibility !== 'public' && post.authorId !== viewer) {
        throw new HttpError(postProblems.notQuotable)
      }
      const changed = on
        ? await trx
            .insertInto(table)
            .values({ userId: viewer, postId })
            .onConflict((oc) => oc.columns(['userId', 'postId']).doNothing())
            .returning(['postId', 'createdAt'])
            .executeTakeFirst()
        : await trx
            .deleteFrom(table)
            .where('userId', '=', viewer)
            .where('postId', '=', postId)
            .returning(['postId', 'createdAt'])
            .executeTakeFirst()
      if (!changed) return undefined
      // Taken back from the hour it was given in (a post's activity: see recordActivity).
      const counts = await bumpPostCounts(trx, postId, { [table]: on ? 1 : -1 }, changed.createdAt)
      const type = `post.${table === 'likes' ? (on ? 'liked' : 'unliked') : on ? 'reposted' : 'unreposted'}`
      await appendEvents(trx, [event(type, viewer, postId, { authorId: post.authorId })])
      return counts
    })
    publishCounts(this.live, postId, counts)
  }
}
