import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import { appendMessages } from '../platform/bus/outbox.ts'
import type { DB, Jobs, Json } from '../platform/db/schema.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { decodeCursor, newestFirst, page } from '../platform/http/pagination.ts'
import { newId } from '../platform/ids.ts'
import { jobSubject } from './topology.ts'

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed'

export interface JobSpec {
  kind: string
  payload: Record<string, unknown>
  ownerId?: string | null
  maxAttempts: number
  /** Given when the caller must know the id before the job exists (e.g. to store it beside it). */
  id?: string
}

export interface JobView {
  id: string
  kind: string
  ownerId: string | null
  state: JobState
  attempts: number
  maxAttempts: number
  progress: number
  stage: string | null
  lastError: string | null
  result: unknown
  createdAt: string
  updatedAt: string
  startedAt: string | null
  finishedAt: string | null
  runAfter: string | null
}

export const jobProblems = {
  notRetriable: { status: 409, code: 'job_not_failed', title: 'Only a failed job can be retried' },
}

type Tx = Transaction<DB>

/**
 * Puts jobs in and reads them back. A job is a row plus a message in the outbox, written in the
 * caller's transaction: the job exists if and only if the change that asked for it commits, and
 * its message reaches the work queue even if NATS is away at that moment.
 */
export class JobQueue {
  constructor(private readonly db: Kysely<DB>) {}

  async enqueue(trx: Tx, spec: JobSpec): Promise<string> {
    if (!trx.isTransaction) throw new Error('enqueue must run inside the transaction that asks for the job')
    const id = spec.id ?? newId()
    await trx
      .insertInto('jobs')
      .values({
        id,
        kind: spec.kind,
        ownerId: spec.ownerId ?? null,
        payload: sql<Json>`${JSON.stringify(spec.payload)}::text::jsonb`,
        state: 'queued',
        maxAttempts: spec.maxAttempts,
      })
      .execute()
    await publish(trx, id, spec.kind)
    return id
  }

  async get(id: string): Promise<JobView | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()
    return row && viewOf(row)
  }

  /** Newest change first, a page at a time. */
  async list(opts: { state?: JobState; kind?: string; cursor?: string; limit: number }) {
    let q = this.db.selectFrom('jobs').selectAll()
    if (opts.state) q = q.where('state', '=', opts.state)
    if (opts.kind) q = q.where('kind', '=', opts.kind)
    const rows = await q
      .$call(newestFirst('updatedAt', 'id', decodeCursor(opts.cursor), opts.limit))
      .execute()
    return page(rows, opts.limit, (r) => ({ at: r.updatedAt, id: r.id }), viewOf)
  }

  /** A failed (dead-lettered) job goes back to the queue with its attempts reset. */
  async retry(id: string): Promise<JobView> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('jobs')
        .set({
          state: 'queued',
          attempts: 0,
          progress: 0,
          stage: null,
          runAfter: null,
          result: null,
          finishedAt: null,
          updatedAt: sql`now()`,
        })
        .where('id', '=', id)
        .where('state', '=', 'failed')
        .returningAll()
        .executeTakeFirst()
      if (!row) {
        const exists = await trx.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirst()
        if (!exists) throw new HttpError(problems.notFound, 'No such job')
        throw new HttpError(jobProblems.notRetriable, `The job is ${exists.state}`)
      }
      await publish(trx, id, row.kind)
      return viewOf(row)
    })
  }
}

/**
 * Jobs whose message may be gone (a message lost, expired from the stream, or a stream purged):
 * queued past their due time by `marginMs`, or running with a lease expired that long ago. Each
 * gets a new message; one that did still have its message gets two, which is harmless: a claim
 * takes only a queued job or a dead attempt's, so the second finds it held or done.
 */
export async function republishStale(db: Kysely<DB>, marginMs: number, limit = 100): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const margin = sql<Date>`now() - ${`${marginMs} milliseconds`}::interval`
    const stale = await trx
      .selectFrom('jobs')
      .select(['id', 'kind'])
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb(sql<Date>`coalesce(run_after, updated_at)`, '<', margin)]),
          eb.and([eb('state', '=', 'running'), eb('leaseUntil', '<', margin)]),
        ]),
      )
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const job of stale) {
      await trx.updateTable('jobs').set({ updatedAt: sql`now()` }).where('id', '=', job.id).execute()
      await publish(trx, job.id, job.kind)
    }
    return stale.length
  })
}

/**
 * A new message for the owner's oldest due queued job: called when one of their jobs stops
 * running, to wake a job that was let go while it waited its turn (the runner's fair share). A
 * job that still had its message gets a second, which is harmless (see `republishStale`).
 */
export async function wakeOwner(db: Kysely<DB>, ownerId: string): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const next = await trx
      .selectFrom('jobs')
      .select(['id', 'kind'])
      .where('ownerId', '=', ownerId)
      .where('state', '=', 'queued')
      .where((eb) => eb.or([eb('runAfter', 'is', null), eb('runAfter', '<=', sql<Date>`now()`)]))
      .orderBy('createdAt')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
    if (next) await publish(trx, next.id, next.kind)
    return next?.id
  })
}

/** The job's message, through the outbox (a new message id each time: a retry is a new message). */
async function publish(trx: Tx, jobId: string, kind: string): Promise<void> {
  await appendMessages(trx, [{ id: newId(), subject: jobSubject(kind), payload: { jobId } }])
}

type Row = Selectable<Jobs>

export function viewOf(row: Row): JobView {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.ownerId,
    state: row.state as JobState,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    progress: row.progress,
    stage: row.stage,
    lastError: row.lastError,
    result: row.result ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    runAfter: row.runAfter?.toISOString() ?? null,
  }
}
