import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB, Json } from '../platform/db/schema.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'

/** Records who did what (null: the platform itself, applying a policy), in the same transaction. */
export async function audit(
  trx: Transaction<DB>,
  actor: string | null,
  verb: string,
  subject: { kind: string; id: string } | null,
  data: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('moderationAudit')
    .values({
      id: newId(),
      actorId: actor,
      verb,
      subjectKind: subject?.kind ?? null,
      subjectId: subject?.id ?? null,
      data: sql<Json>`${JSON.stringify(data)}::text::jsonb`,
    })
    .execute()
}

/** The audit log, newest first (GET /v1/admin/moderation/audit). */
export async function auditLog(db: Kysely<DB>, opts: { actorId?: string; limit: number; cursor?: string }) {
  let q = db.selectFrom('moderationAudit as a').selectAll('a')
  if (opts.actorId) q = q.where('a.actorId', '=', opts.actorId)
  const rows = await q
    // An action and its case, an appeal's decision and its reversal: audited in one transaction.
    .$call(newestFirst('a.createdAt', 'a.id', decodeCursor(opts.cursor), opts.limit))
    .execute()
  return page(
    rows,
    opts.limit,
    (r) => ({ at: r.createdAt, id: r.id }),
    (r) => ({
      id: r.id,
      actorId: r.actorId,
      verb: r.verb,
      subject: r.subjectKind ? `${r.subjectKind}:${r.subjectId}` : null,
      data: r.data as Record<string, unknown>,
      createdAt: r.createdAt.toISOString(),
    }),
  )
}
