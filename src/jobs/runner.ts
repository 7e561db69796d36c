import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import {
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
  type Transaction,
  type UpdateObject,
} from 'kysely'
import { Counter, Gauge, Histogram } from 'prom-client'
import type { Bus } from '../platform/bus/connect.ts'
import type { LivePublisher } from '../platform/bus/live.ts'
import type { Database } from '../platform/db/connect.ts'
import type { DB, Jobs, Json } from '../platform/db/schema.ts'
import { isUuid, newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Metrics } from '../platform/metrics.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { JobEvents } from './events.ts'
import { republishStale, wakeOwner } from './queue.ts'
import { JOB_LANES, laneRoot } from './topology.ts'

/** What a handler is given for one attempt of one job. */
export interface JobContext<P> {
  id: string
  kind: string
  payload: P
  ownerId: string | null
  /** 1 for the first attempt. */
  attempt: number
  /** Aborted at the handler's timeout, or when the node shuts down (the job then runs elsewhere). */
  signal: AbortSignal
  /** 0 to 100 (never going back), with an optional stage name; saved and pushed to the owner. */
  progress(percent: number, stage?: string): void
}

/**
 * The code that does one kind of job. Delivery is at least once (a worker may die after the work
 * and before the record): `run` must be idempotent, e.g. write its outputs under keys of the job,
 * and leave the visible effect to `succeeded`, which runs in the transaction that records the
 * success, so the effect lands exactly once.
 */
export interface JobHandler<P = Record<string, unknown>> {
  kind: string
  timeoutMs: number
  run(job: JobContext<P>): Promise<Json | null>
  succeeded?(trx: Transaction<DB>, job: JobContext<P>, result: Json | null): Promise<void>
  /** The job failed for good (the dead letter is being recorded, in `trx`). */
  failed?(trx: Transaction<DB>, job: JobContext<P>, error: unknown): Promise<void>
  /** After the outcome committed (best effort: a crash in between skips it). */
  committed?(job: JobContext<P>, outcome: 'succeeded' | 'failed'): Promise<void>
  /** Errors not worth retrying (a refused input): the job fails at once. */
  permanent?(error: unknown): boolean
}

/** An error a handler throws to be retried no sooner than `retryAfterMs` (a service's Retry-After). */
export class RetryLater extends Error {
  override name = 'RetryLater'
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message)
  }
}

export interface JobRunnerOptions {
  /** Jobs of the default lane this node runs at once. */
  concurrency: number
  /** Jobs of each other lane (JOB_LANES) this node runs at once; `concurrency` when absent. */
  lanes?: Partial<Record<string, number>>
  /** Must match the consumer's ack wait: heartbeats go out three times per period. */
  ackWaitMs: number
  /** First retry delay; doubled per attempt, with jitter, at most an hour (longer when a handler's RetryLater asks). */
  retryBaseMs: number
  /** Jobs of one owner running at once over the whole deployment; the others wait their turn. */
  maxRunningPerOwner: number
}

const MAX_RETRY_DELAY_MS = 3_600_000
/** A job that lets another owner go first is offered again after this long (at most the ack wait). */
const TURN_WAIT_MS = 5_000
const REPAIR_MARGIN_MS = 10 * 60_000
/** Progress is written at most this often (and pushed live as often). */
const PROGRESS_EVERY_MS = 1_000

/** Retry delay before attempt `attempt + 1`: exponential, with "equal jitter" (half fixed, half random). */
export function retryDelay(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

interface Running {
  abort: AbortController
  /** Set when the node stops: the job is handed back, not failed. */
  interrupted: boolean
  /** Set when another attempt took the job over: this one records nothing. */
  lost: boolean
}

type Outcome = 'succeeded' | 'retried' | 'failed' | 'interrupted' | 'lost'

/** Why a job is left queued for now: see `fairShare`. */
type Wait = 'owner_busy' | 'others_first'

/**
 * The worker side of the job system: `concurrency` slots each pull one message at a time from the
 * `jobs` work queue (and `lanes[lane]` slots from each lane's own queue, see JOB_LANES), claim the job's row (a fresh `run_token` per attempt), run the handler with
 * heartbeats that keep JetStream from redelivering, and record the outcome under that token:
 * success (with the handler's effect, once), a retry after an exponential delay (`nak` with
 * delay), or the dead letter after `max_attempts`. A worker that dies stops its heartbeats, the
 * message is redelivered after the ack wait and the next claim takes the job over; the dead
 * attempt's token no longer matches, so its result could not be recorded even if it woke up.
 * The `jobs` row is the one record of a job's state; each change written there (start, progress,
 * retry, outcome) is then pushed to the owner's connections as a `job` event (JobEvents).
 *
 * Jobs are shared fairly between their owners (`fairShare`), so that one owner's many jobs cannot
 * hold everyone else's back. While `maxRunningPerOwner` of an owner's jobs run anywhere, their
 * other jobs are let go (the message ended, the job left queued) and one is woken with a new
 * message (`wakeOwner`) each time one of theirs stops running; the repair is the safety net. Their
 * messages do not sit in the consumer, where enough of them would stop others' from being
 * delivered. While another owner served less lately has a job due, a job is handed back for a
 * few seconds (`nak` with delay) and the queue moves on to the jobs behind it. Jobs without an
 * owner are not held back.
 */
export class JobRunner {
  private readonly handlers: Map<string, JobHandler>
  private stopping = false
  private slots: Promise<void>[] = []
  /** The slots' pull requests waiting for a job: stopped at once on `stop`, not left to expire. */
  private readonly pulls = new Set<ConsumerMessages>()
  private readonly running = new Map<string, Running>()
  private readonly finished: Counter<'kind' | 'outcome'>
  private readonly duration: Histogram<'kind' | 'outcome'>
  private readonly runningGauge: Gauge
  private readonly waits: Counter<'reason'>
  private readonly repair: WakeableLoop

  constructor(
    private readonly deps: {
      db: Database
      bus: Bus
      live: LivePublisher
      log: Logger
      metrics: Metrics
    },
    handlers: JobHandler[],
    private readonly opts: JobRunnerOptions,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.kind, h]))
    // Jobs whose message went missing get a new one, well after JetStream would have redelivered.
    const margin = Math.max(REPAIR_MARGIN_MS, 3 * opts.ackWaitMs)
    this.repair = new WakeableLoop(
      'job repair',
      async () => {
        const republished = await republishStale(deps.db, margin)
        if (republished) deps.log.warn({ republished }, 'jobs without a message were queued again')
        return false
      },
      60_000,
      deps.log,
    )
    const registers = [deps.metrics.registry]
    this.finished = new Counter({
      name: 'sf_jobs_attempts_total',
      help: 'Job attempts finished on this node, by kind and outcome (succeeded, retried, failed, lost)',
      labelNames: ['kind', 'outcome'],
      registers,
    })
    this.duration = new Histogram({
      name: 'sf_job_attempt_seconds',
      help: 'Duration of job attempts on this node',
      labelNames: ['kind', 'outcome'],
      buckets: [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    })
    this.runningGauge = new Gauge({ name: 'sf_jobs_running', help: 'Jobs running on this node', registers })
    this.waits = new Counter({
      name: 'sf_jobs_turn_waits_total',
      help: 'Jobs handed back to wait their turn (owner_busy: the owner has jobs running; others_first: another owner was served less lately)',
      labelNames: ['reason'],
      registers,
    })
    // A query over the whole table: computed at most once per METRICS_CACHE_SECONDS.
    const counts = deps.metrics.cached('jobs', () =>
      deps.db
        .selectFrom('jobs')
        .select(['state', sql<string>`count(*)`.as('n')])
        .where('state', 'in', ['queued', 'running', 'failed'])
        .groupBy('state')
        .execute(),
    )
    deps.metrics.gaugeFrom(
      'sf_jobs',
      'Jobs waiting, running, or failed for good (dead letters), over the whole deployment',
      ['state'],
      async (set) => {
        const rows = await counts()
        for (const state of ['queued', 'running', 'failed']) {
          set({ state }, Number(rows.find((r) => r.state === state)?.n ?? 0))
        }
      },
    )
  }

  /** Adds the handler of a kind of job (modules register theirs while they are built). */
  register(handler: JobHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`two handlers for jobs of kind ${handler.kind}`)
    this.handlers.set(handler.kind, handler)
  }

  async start(): Promise<void> {
    const { bus } = this.deps
    this.stopping = false
    const lanes = ['default', ...Object.keys(JOB_LANES)]
    const slots: Promise<void>[] = []
    for (const lane of lanes) {
      const root = laneRoot(lane)
      const consumer = await bus.js.consumers.get(bus.streamName(root), root)
      const n =
        lane === 'default' ? this.opts.concurrency : (this.opts.lanes?.[lane] ?? this.opts.concurrency)
      for (let i = 0; i < n; i++) slots.push(this.slot(consumer, bus.subject(`${root}.`)))
    }
    this.slots = slots
    await this.repair.start()
  }

  /** Stops taking jobs; jobs in hand are interrupted and handed back to the queue at once. */
  async stop(): Promise<void> {
    await this.repair.stop()
    this.stopping = true
    for (const pull of this.pulls) pull.stop()
    for (const r of this.running.values()) {
      r.interrupted = true
      r.abort.abort(new Error('the node is shutting down'))
    }
    await Promise.all(this.slots)
    this.slots = []
  }

  /** One job at a time from a lane's consumer; `root` is its subjects' prefix (`sf.jobs.`). */
  private async slot(consumer: Consumer, root: string): Promise<void> {
    while (!this.stopping) {
      let msg: JsMsg | null = null
      try {
        msg = await this.next(consumer)
      } catch (error) {
        if (this.stopping) return
        this.deps.log.warn({ err: error }, 'job queue unavailable; retrying')
        await Bun.sleep(1_000)
        continue
      }
      if (!msg) continue
      if (this.stopping) {
        msg.nak()
        return
      }
      await this.process(msg, root).catch((error) => {
        // Recording the outcome failed (PostgreSQL away): leave the message to be redelivered.
        this.deps.log.error({ err: error }, 'job bookkeeping failed; it will be redelivered')
      })
    }
  }

  /** `consumer.next`, with its pull request kept where `stop` can end it. */
  private async next(consumer: Consumer): Promise<JsMsg | null> {
    const pull = await consumer.fetch({ max_messages: 1, expires: 2_000 })
    this.pulls.add(pull)
    try {
      if (this.stopping) pull.stop()
      for await (const m of pull) return m
      return null
    } finally {
      this.pulls.delete(pull)
    }
  }

  private async process(msg: JsMsg, root: string): Promise<void> {
    const { db, log } = this.deps
    const jobId = jobIdOf(msg)
    if (!jobId) {
      log.error({ subject: msg.subject, seq: msg.seq }, 'malformed job message dropped')
      settle(msg, 'term', log)
      return
    }
    const kind = msg.subject.slice(root.length)
    const handler = this.handlers.get(kind)
    if (!handler) {
      // Another worker (a newer version, during a rolling deploy) may know this kind.
      log.warn({ jobId, kind }, 'no handler for this kind of job on this node; handed back')
      settle(msg, 'nak', log, 30_000)
      return
    }
    const token = newId()
    const lease = sql<Date>`now() + ${`${this.opts.ackWaitMs} milliseconds`}::interval`
    const claimed = await this.claim(jobId, token, lease)
    if ('wait' in claimed) {
      this.waits.inc({ reason: claimed.wait })
      log.debug({ jobId, kind, wait: claimed.wait }, 'job waits its turn')
      if (claimed.wait === 'owner_busy') settle(msg, 'term', log)
      else settle(msg, 'nak', log, Math.min(TURN_WAIT_MS, this.opts.ackWaitMs))
      return
    }
    const row = claimed.row
    if (!row) {
      const current = await db.selectFrom('jobs').select('state').where('id', '=', jobId).executeTakeFirst()
      // Held by a live attempt (a duplicate message, or one redelivered while its worker was cut
      // off from NATS): ask again after a lease. Finished or gone: nothing to do.
      if (current?.state === 'running') settle(msg, 'nak', log, this.opts.ackWaitMs)
      else settle(msg, 'term', log)
      return
    }
    const abort = new AbortController()
    const run: Running = { abort, interrupted: false, lost: false }
    this.running.set(jobId, run)
    this.runningGauge.inc()
    if (this.stopping) {
      run.interrupted = true
      abort.abort(new Error('the node is shutting down'))
    }
    const started = performance.now()
    const events = new JobEvents(
      this.deps.live,
      { id: jobId, kind: row.kind, ownerId: row.ownerId, attempts: row.attempts },
      log,
    )
    let lastWrite = 0
    let lastPercent = 0
    const ctx: JobContext<Record<string, unknown>> = {
      id: jobId,
      kind: row.kind,
      payload: row.payload as Record<string, unknown>,
      ownerId: row.ownerId,
      attempt: row.attempts,
      signal: abort.signal,
      progress: (percent, stage) => {
        const p = Math.floor(Math.max(lastPercent, Math.min(99, percent)))
        const now = Date.now()
        if ((p === lastPercent && !stage) || now - lastWrite < PROGRESS_EVERY_MS) return
        lastPercent = p
        lastWrite = now
        events.after(
          async () =>
            (await db
              .updateTable('jobs')
              .set({ progress: p, ...(stage ? { stage } : {}), updatedAt: sql`now()` })
              .where('id', '=', jobId)
              .where('runToken', '=', token)
              .returning('id')
              .executeTakeFirst()) !== undefined,
          { progress: p, ...(stage ? { stage } : {}) },
        )
      },
    }
    log.info({ jobId, kind: row.kind, attempt: row.attempts }, 'job started')
    events.written({ phase: 'running', progress: 0, stage: null, error: null })
    // Heartbeats: to JetStream (no redelivery) and to the row (the lease); an attempt that finds
    // its token gone has lost the job to another and stops.
    const heartbeat = setInterval(
      () => {
        try {
          msg.working()
        } catch {
          // NATS is away: the lease in PostgreSQL still says this attempt is alive.
        }
        db.updateTable('jobs')
          .set({ leaseUntil: lease })
          .where('id', '=', jobId)
          .where('runToken', '=', token)
          .returning('id')
          .executeTakeFirst()
          .then((held) => {
            if (held || abort.signal.aborted) return
            run.lost = true
            abort.abort(new Error('another attempt took the job over'))
          })
          .catch((error) => log.warn({ err: error, jobId }, 'lease not renewed'))
      },
      Math.max(250, Math.floor(this.opts.ackWaitMs / 3)),
    )
    const timeout = setTimeout(
      () => abort.abort(new Error(`timed out after ${handler.timeoutMs} ms`)),
      handler.timeoutMs,
    )
    let result: Json | null = null
    let failure: unknown
    let failed = false
    try {
      if (row.attempts > row.maxAttempts) {
        // The last attempt never came back: its worker died while running it (a crash, a kill).
        throw new PermanentFailure('the worker running its last attempt stopped without a result')
      }
      result = (await raceAbort(handler.run(ctx), abort.signal)) ?? null
    } catch (caught) {
      failed = true
      failure = abort.signal.aborted && !run.interrupted && !run.lost ? abort.signal.reason : caught
    } finally {
      clearInterval(heartbeat)
      clearTimeout(timeout)
      this.running.delete(jobId)
      this.runningGauge.dec()
    }
    // The attempt's last progress lands before its outcome (which lets the row go), not after.
    await events.settled()
    const outcome = failed
      ? await this.recordFailure(msg, handler, ctx, token, row, run, failure, events)
      : await this.recordSuccess(msg, handler, ctx, token, result, events)
    if (outcome !== 'interrupted') {
      this.finished.inc({ kind: row.kind, outcome })
      this.duration.observe({ kind: row.kind, outcome }, (performance.now() - started) / 1000)
    }
    // The owner's turn is over: the next of their jobs let go while this one ran gets a message.
    if (row.ownerId && outcome !== 'interrupted' && outcome !== 'lost') {
      await wakeOwner(db, row.ownerId).catch((error) => {
        log.warn({ err: error, jobId }, "owner's next job not woken; the repair will queue it again")
      })
    }
  }

  /**
   * Takes the job for this attempt: a queued job, or a running one whose attempt stopped renewing
   * its lease (its worker died). `row` is undefined when it is held or finished; `wait` when its
   * owner must let others go first. The owner's turn is decided and the job taken in one
   * transaction, under a lock of the owner's, so that two workers cannot both start their jobs.
   */
  private async claim(
    jobId: string,
    token: string,
    lease: RawBuilder<Date>,
  ): Promise<{ row: Selectable<Jobs> | undefined } | { wait: Wait }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .select(['ownerId', 'state', 'leaseUntil'])
        .where('id', '=', jobId)
        .executeTakeFirst()
      // Only a job that can be taken waits its turn: a duplicate of a held or finished one does not.
      const claimable =
        job?.state === 'queued' || (job?.state === 'running' && (job.leaseUntil?.getTime() ?? 0) < Date.now())
      if (job?.ownerId && claimable) {
        await sql`select pg_advisory_xact_lock(hashtextextended(${`jobs-owner:${job.ownerId}`}, 0))`.execute(
          trx,
        )
        const wait = await this.fairShare(trx, jobId, job.ownerId)
        if (wait) return { wait }
      }
      const row = await trx
        .updateTable('jobs')
        .set({
          state: 'running',
          attempts: sql`attempts + 1`,
          runToken: token,
          leaseUntil: lease,
          progress: 0,
          stage: null,
          runAfter: null,
          startedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where('id', '=', jobId)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'queued'),
            eb.and([eb('state', '=', 'running'), eb('leaseUntil', '<', sql<Date>`now()`)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst()
      return { row }
    })
  }

  /**
   * Whether the owner's job must wait its turn: while `maxRunningPerOwner` of their jobs run
   * (leases alive, anywhere), or while another owner served less lately (whose latest job started
   * earlier, or never) has a job due that this node could run and that is not held back itself.
   * The second rule interleaves owners (A, B, A, A rather than A, A, A, B) even with one slot; it
   * only ever favours the owner served least lately, so a waiting job runs after at most one
   * turn of each owner waiting with it.
   */
  private async fairShare(trx: Transaction<DB>, jobId: string, ownerId: string): Promise<Wait | undefined> {
    const max = this.opts.maxRunningPerOwner
    const running = await trx
      .selectFrom('jobs')
      .select(sql<string>`count(*)`.as('n'))
      .where('ownerId', '=', ownerId)
      .where('state', '=', 'running')
      .where('leaseUntil', '>', sql<Date>`now()`)
      .where('id', '<>', jobId)
      .executeTakeFirstOrThrow()
    if (Number(running.n) >= max) return 'owner_busy'
    const lastStart = (owner: RawBuilder<string> | string) =>
      sql`coalesce((select max(s.started_at) from jobs s where s.owner_id = ${owner}), '-infinity')`
    const others = await sql<{ waiting: boolean }>`
        select exists (
          select 1 from jobs q
          where q.state = 'queued' and q.owner_id is not null and q.owner_id <> ${ownerId}
            and q.kind in (${sql.join([...this.handlers.keys()])})
            and (q.run_after is null or q.run_after <= now())
            and (select count(*) from jobs r
                 where r.owner_id = q.owner_id and r.state = 'running' and r.lease_until > now()) < ${max}
            and ${lastStart(sql.ref('q.owner_id'))} < ${lastStart(ownerId)}
        ) as waiting`.execute(trx)
    return others.rows[0]?.waiting ? 'others_first' : undefined
  }

  private async recordSuccess(
    msg: JsMsg,
    handler: JobHandler,
    ctx: JobContext<Record<string, unknown>>,
    token: string,
    result: Json | null,
    events: JobEvents,
  ): Promise<Outcome> {
    const { db, log } = this.deps
    const recorded = await db.transaction().execute(async (trx) => {
      const done = await underToken(trx, ctx.id, token, {
        state: 'succeeded',
        result: sql<Json>`${JSON.stringify(result)}::text::jsonb`,
        progress: 100,
        lastError: null,
        finishedAt: sql`now()`,
      })
      if (done) await handler.succeeded?.(trx, ctx, result)
      return done
    })
    if (!recorded) {
      // Another attempt holds the job (and the message): leave both to it.
      log.warn({ jobId: ctx.id }, 'job finished by an attempt that had lost it; result not recorded')
      return 'lost'
    }
    settle(msg, 'ack', log)
    events.written({ phase: 'succeeded', progress: 100, result, error: null })
    await this.afterCommit(handler, ctx, 'succeeded')
    return 'succeeded'
  }

  private async recordFailure(
    msg: JsMsg,
    handler: JobHandler,
    ctx: JobContext<Record<string, unknown>>,
    token: string,
    row: { kind: string; attempts: number; maxAttempts: number },
    run: Running,
    error: unknown,
    events: JobEvents,
  ): Promise<Outcome> {
    const { db, log } = this.deps
    const message = error instanceof Error ? error.message : String(error)
    if (run.lost) {
      log.warn({ jobId: ctx.id }, 'attempt stopped: another attempt took the job over')
      return 'lost'
    }
    if (run.interrupted) {
      // Handed back without counting the attempt: the next worker starts it afresh.
      const held = await underToken(db, ctx.id, token, {
        state: 'queued',
        attempts: sql`greatest(attempts - 1, 0)`,
        leaseUntil: null,
      })
      if (held) settle(msg, 'nak', log)
      return 'interrupted'
    }
    if (error instanceof PermanentFailure || handler.permanent?.(error) || row.attempts >= row.maxAttempts) {
      const dead = await db.transaction().execute(async (trx) => {
        const held = await underToken(trx, ctx.id, token, {
          state: 'failed',
          attempts: Math.min(row.attempts, row.maxAttempts),
          lastError: message,
          leaseUntil: null,
          finishedAt: sql`now()`,
        })
        if (held) await handler.failed?.(trx, ctx, error)
        return held
      })
      if (!dead) return 'lost'
      settle(msg, 'term', log)
      log.error({ jobId: ctx.id, kind: row.kind, attempts: row.attempts, err: error }, 'job failed for good')
      events.written({ phase: 'failed', error: message })
      await this.afterCommit(handler, ctx, 'failed')
      return 'failed'
    }
    // A service that said when to come back (Retry-After) is not asked again sooner.
    const asked = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs
    const delay = Math.max(
      retryDelay(row.attempts, this.opts.retryBaseMs),
      typeof asked === 'number' && Number.isFinite(asked) ? Math.min(asked, MAX_RETRY_DELAY_MS) : 0,
    )
    const held = await underToken(db, ctx.id, token, {
      state: 'queued',
      lastError: message,
      leaseUntil: null,
      runAfter: sql`now() + ${`${delay} milliseconds`}::interval`,
    })
    if (!held) return 'lost'
    settle(msg, 'nak', log, delay)
    log.warn(
      { jobId: ctx.id, kind: row.kind, attempt: row.attempts, delay, err: error },
      'job failed; will retry',
    )
    events.written({ phase: 'queued', error: message })
    return 'retried'
  }

  private async afterCommit(
    handler: JobHandler,
    ctx: JobContext<Record<string, unknown>>,
    outcome: 'succeeded' | 'failed',
  ): Promise<void> {
    await handler.committed?.(ctx, outcome).catch((error) => {
      this.deps.log.warn({ err: error, jobId: ctx.id }, 'job follow-up failed')
    })
  }
}

/**
 * Changes the job only while `token` (the attempt's claim) still holds it, and lets the claim go;
 * true when it held. Every outcome is recorded through here: a stale attempt records nothing.
 */
async function underToken(
  db: Kysely<DB>,
  jobId: string,
  token: string,
  set: UpdateObject<DB, 'jobs'>,
): Promise<boolean> {
  const row = await db
    .updateTable('jobs')
    .set({ ...set, runToken: null, updatedAt: sql`now()` })
    .where('id', '=', jobId)
    .where('runToken', '=', token)
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** The job id a message carries, or undefined when it is not a job message of ours. */
function jobIdOf(msg: JsMsg): string | undefined {
  try {
    const { jobId } = msg.json<{ jobId?: unknown }>()
    return typeof jobId === 'string' && isUuid(jobId) ? jobId : undefined
  } catch {
    return undefined
  }
}

/**
 * Acknowledges, hands back (optionally after a delay) or ends a message; a connection that is
 * gone just means JetStream will redeliver it. (`term` is sent without a reason: NATS 2.9 only
 * recognises the bare `+TERM`.)
 */
function settle(msg: JsMsg, how: 'ack' | 'nak' | 'term', log: Logger, delayMs?: number): void {
  try {
    if (how === 'ack') msg.ack()
    else if (how === 'nak') msg.nak(delayMs)
    else msg.term()
  } catch (error) {
    log.warn({ err: error, seq: msg.seq, how }, 'job message not settled; it will be redelivered')
  }
}

/** A failure no retry can fix. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure'
}

/** The handler's promise, or the abort's reason as soon as the signal fires. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The handler started anyway and will most likely reject on the signal: nobody awaits it.
    work.catch(() => {})
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}
