import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import type { Label, Subject } from './screener.ts'

/** Labels on subjects: several per subject, never overwritten (a later label stands beside). */
export class LabelStore {
  constructor(private readonly db: Kysely<DB>) {}

  async add(trx: Transaction<DB>, subject: Subject, labels: Label[]): Promise<void> {
    if (labels.length === 0) return
    await trx
      .insertInto('moderationLabels')
      .values(
        labels.map((l) => ({
          id: newId(),
          subjectKind: subject.kind,
          subjectId: subject.id,
          value: l.value,
          score: Math.min(1, Math.max(0, l.score)),
          source: l.source,
        })),
      )
      .execute()
  }

  /** A subject's labels, newest first, a page at a time (a live stream gathers some every sample). */
  async list(subject: Subject, opts: { limit: number; cursor?: string }) {
    const rows = await this.db
      .selectFrom('moderationLabels')
      .select(['id', 'value', 'score', 'source', 'createdAt'])
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      // A screening writes its labels in one statement: the same created_at for all of them.
      .$call(newestFirst('createdAt', 'id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    return page(
      rows,
      opts.limit,
      (r) => ({ at: r.createdAt, id: r.id }),
      (r) => ({ ...r, subject, createdAt: r.createdAt.toISOString() }),
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
