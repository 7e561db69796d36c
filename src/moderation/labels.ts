import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { type Label, type Subject, strongestOf } from './screener.ts'

/**
 * Labels on subjects: several per subject, one per value and source. A source that says again what
 * it said of the subject (a live stream's next frame, a retried job) refreshes its label instead of
 * adding another: the score becomes the strongest the model found (a moderator's label: what the
 * moderator said last, a correction), `lastSeenAt` moves to now and `seenCount` counts the times;
 * `createdAt` stays when it was first said.
 */
export class LabelStore {
  constructor(private readonly db: Kysely<DB>) {}

  async add(trx: Transaction<DB>, subject: Subject, labels: Label[]): Promise<void> {
    if (labels.length === 0) return
    // One row per value and source (an upsert may not touch a row twice), in one order, so two
    // screenings of the subject at once lock its labels in the same order.
    const once = strongestOf(labels).sort((a, b) =>
      a.value === b.value ? (a.source < b.source ? -1 : 1) : a.value < b.value ? -1 : 1,
    )
    await trx
      .insertInto('moderationLabels')
      .values(
        once.map((l) => ({
          id: newId(),
          subjectKind: subject.kind,
          subjectId: subject.id,
          value: l.value,
          score: Math.min(1, Math.max(0, l.score)),
          source: l.source,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['subjectKind', 'subjectId', 'value', 'source']).doUpdateSet({
          score: sql<number>`case when moderation_labels.source like 'moderator:%' then excluded.score
            else greatest(moderation_labels.score, excluded.score) end`,
          lastSeenAt: sql<Date>`now()`,
          seenCount: sql<number>`moderation_labels.seen_count + 1`,
        }),
      )
      .execute()
  }

  /** A subject's labels, the newest first said first, a page at a time. */
  async list(subject: Subject, opts: { limit: number; cursor?: string }) {
    const rows = await this.db
      .selectFrom('moderationLabels')
      .select(['id', 'value', 'score', 'source', 'createdAt', 'lastSeenAt', 'seenCount'])
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      // A screening writes its labels in one statement: the same created_at for all of them.
      .$call(newestFirst('createdAt', 'id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    return page(
      rows,
      opts.limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => ({
        ...r,
        subject,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
      }),
    )
  }

  /** The highest score of any label of the subject (a case's priority counts it). */
  async strongest(db: Kysely<DB> | Transaction<DB>, subject: Subject): Promise<number> {
    const row = await db
      .selectFrom('moderationLabels')
      .select((eb) => eb.fn.max('score').as('score'))
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .executeTakeFirst()
    return Number(row?.score ?? 0)
  }
}
