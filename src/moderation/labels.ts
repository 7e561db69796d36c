import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../platform/db/schema.ts'
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

  async list(subject: Subject) {
    const rows = await this.db
      .selectFrom('moderationLabels')
      .select(['id', 'value', 'score', 'source', 'createdAt'])
      .where('subjectKind', '=', subject.kind)
      .where('subjectId', '=', subject.id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute()
    return {
      items: rows.map((r) => ({ ...r, subject, createdAt: r.createdAt.toISOString() })),
      nextCursor: null,
    }
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
