import type { Kysely, Transaction } from 'kysely'
import type { DB, Json } from '../platform/db/schema.ts'
import { visibleTo } from '../posts/visibility.ts'
import { notBlockedWith } from '../users/queries.ts'
import type { SubjectKind } from './screener.ts'

type Tx = Transaction<DB>

/** What moderation can do to a piece of content, from marking it to taking it down. */
export type ContentState = 'sensitive' | 'age_restricted' | 'held' | 'removed'

/**
 * How moderation acts on one kind of subject. The module that owns the kind knows how to hide its
 * content (and tell live viewers): posts are handled here; direct messages and, once merged, live
 * chat register theirs (SubjectRegistry.register). `apply` and `restore` run in the action's
 * transaction; what must wait for the commit (a room event) goes in the returned `afterCommit`.
 */
export interface SubjectHandler {
  /** Whose content it is; undefined when there is no such subject. */
  owner(db: Kysely<DB> | Tx, id: string): Promise<string | undefined>
  /** Whether `viewer` may see the subject (only what one sees can be reported). */
  seenBy(db: Kysely<DB>, viewer: string, id: string): Promise<boolean>
  /** Puts the subject in `state`; answers what it was, which `restore` is given back. Absent: no content states. */
  apply?(trx: Tx, id: string, state: ContentState, warning: string | null): Promise<Applied>
  /** The states `apply` can put the subject in, when not all of them (a policy asking another does nothing). */
  states?: readonly ContentState[]
  restore?(trx: Tx, id: string, previous: Json): Promise<Applied>
}

export interface Applied {
  previous: Json
  /** Runs once the transaction committed (live events). */
  afterCommit?: () => Promise<void>
}

/** The handlers by subject kind: the one place moderation asks how to act on a subject. */
export class SubjectRegistry {
  private readonly handlers = new Map<SubjectKind, SubjectHandler>()

  register(kind: SubjectKind, handler: SubjectHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a moderation handler for ${kind} is already registered`)
    this.handlers.set(kind, handler)
  }

  get(kind: SubjectKind): SubjectHandler | undefined {
    return this.handlers.get(kind)
  }
}

/** Posts: moderation's state is a column every read path's visibility rule reads (posts/visibility.ts). */
export const postSubject: SubjectHandler = {
  async owner(db, id) {
    return (await db.selectFrom('posts').select('authorId').where('id', '=', id).executeTakeFirst())?.authorId
  },
  async seenBy(db, viewer, id) {
    const row = await db
      .selectFrom('posts as p')
      .select('p.id')
      .where('p.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst()
    return row !== undefined
  },
  ...moderationColumns('posts'),
}

/**
 * Content whose moderation state is a pair of columns of its row (`moderation`, the state, and
 * `moderation_warning`, the label that caused it), which the owning module's reads check: posts,
 * images, videos. `restore` puts back what `apply` found.
 */
export function moderationColumns(
  table: 'posts' | 'media' | 'videos',
  /** Runs in the same transaction after each change (a post shows its images' and video's state). */
  changed?: (trx: Tx, id: string) => Promise<void>,
): Pick<SubjectHandler, 'apply' | 'restore'> {
  // One shape for the three tables (Kysely cannot type a query over a union of tables).
  const on = (trx: Tx) => trx as unknown as Kysely<Pick<DB, 'posts'>>
  const t = table as 'posts'
  return {
    async apply(trx, id, state, warning) {
      const before = await on(trx)
        .selectFrom(t)
        .select(['moderation', 'moderationWarning'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      await on(trx)
        .updateTable(t)
        .set({ moderation: state, moderationWarning: warning })
        .where('id', '=', id)
        .execute()
      await changed?.(trx, id)
      return { previous: { moderation: before.moderation, moderationWarning: before.moderationWarning } }
    },
    async restore(trx, id, previous) {
      const p = previous as { moderation: string | null; moderationWarning: string | null }
      await on(trx)
        .updateTable(t)
        .set({ moderation: p.moderation, moderationWarning: p.moderationWarning })
        .where('id', '=', id)
        .execute()
      await changed?.(trx, id)
      return { previous: {} }
    },
  }
}

/** Accounts: no content states (their actions are warn, limit, suspend, ban, on the owner). */
export const userSubject: SubjectHandler = {
  async owner(db, id) {
    return (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())?.id
  },
  async seenBy(db, viewer, id) {
    const row = await db
      .selectFrom('users as u')
      .select('u.id')
      .where('u.id', '=', id)
      .where('u.status', '!=', 'banned')
      .where(notBlockedWith(viewer, 'u.id'))
      .executeTakeFirst()
    return row !== undefined
  },
}
