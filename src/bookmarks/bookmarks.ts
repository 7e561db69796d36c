import type { Kysely } from 'kysely'
import { pgCode } from '../platform/db/connect.ts'
import type { DB } from '../platform/db/schema.ts'
import { defineProblem, HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { POST_COLUMNS, type PostReader } from '../posts/reads.ts'
import { visibleTo } from '../posts/visibility.ts'

export const bookmarkProblems = {
  nameTaken: defineProblem(409, 'collection_exists', 'You already have a collection with that name'),
}

/**
 * Private bookmarks of posts, optionally sorted into named collections. A bookmark of a post the
 * owner can no longer see (deleted, or its author blocked them) drops out of the list.
 */
export class BookmarkService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reader: PostReader,
  ) {}

  async add(userId: string, postId: string, collectionId: string | null) {
    await this.reader.get(userId, postId)
    if (collectionId) await this.ownCollection(userId, collectionId)
    await this.db
      .insertInto('bookmarks')
      .values({ userId, postId, collectionId })
      .onConflict((oc) => oc.columns(['userId', 'postId']).doUpdateSet({ collectionId }))
      .execute()
  }

  async remove(userId: string, postId: string) {
    await this.db.deleteFrom('bookmarks').where('userId', '=', userId).where('postId', '=', postId).execute()
  }

  async list(userId: string, collectionId: string | undefined, limit: number, cursor?: string) {
    if (collectionId) await this.ownCollection(userId, collectionId)
    let query = this.db
      .selectFrom('bookmarks as b')
      .innerJoin('posts as p', 'p.id', 'b.postId')
      .select([...POST_COLUMNS, 'b.createdAt as bookmarkedAt'])
      .where('b.userId', '=', userId)
      .where(visibleTo(userId))
    if (collectionId) query = query.where('b.collectionId', '=', collectionId)
    const rows = await query
      .$call(newestFirst('b.createdAt', 'b.postId', decodeCursor(cursor), limit))
      .execute()
    const { items, nextCursor } = page(
      rows,
      limit,
      (r) => ({ at: r.bookmarkedAt, id: r.id }),
      (r) => r,
    )
    return { items: await this.reader.hydrate(userId, items), nextCursor }
  }

  async collections(userId: string) {
    const rows = await this.db
      .selectFrom('bookmarkCollections as c')
      .select(['c.id', 'c.name', 'c.createdAt'])
      .select((eb) =>
        eb
          .selectFrom('bookmarks')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('bookmarks.collectionId', '=', 'c.id')
          .as('size'),
      )
      .where('c.userId', '=', userId)
      .orderBy('c.name')
      .execute()
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        bookmarks: Number(r.size ?? 0),
        createdAt: r.createdAt.toISOString(),
      })),
      nextCursor: null,
    }
  }

  async createCollection(userId: string, name: string) {
    const id = newId()
    await this.named(() =>
      this.db.insertInto('bookmarkCollections').values({ id, userId, name: name.trim() }).execute(),
    )
    return { id, name: name.trim() }
  }

  async renameCollection(userId: string, id: string, name: string) {
    await this.ownCollection(userId, id)
    await this.named(() =>
      this.db.updateTable('bookmarkCollections').set({ name: name.trim() }).where('id', '=', id).execute(),
    )
    return { id, name: name.trim() }
  }

  async deleteCollection(userId: string, id: string) {
    await this.ownCollection(userId, id)
    await this.db.deleteFrom('bookmarkCollections').where('id', '=', id).execute()
  }

  private async ownCollection(userId: string, id: string) {
    const found = await this.db
      .selectFrom('bookmarkCollections')
      .select('id')
      .where('id', '=', id)
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (!found) throw new HttpError(problems.notFound, 'No such collection')
  }

  private async named(write: () => Promise<unknown>) {
    try {
      await write()
    } catch (error) {
      if (pgCode(error) === '23505') throw new HttpError(bookmarkProblems.nameTaken)
      throw error
    }
  }
}
