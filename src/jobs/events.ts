import type { LivePublisher } from '../platform/bus/live.ts'
import type { Logger } from '../platform/logger.ts'
import type { JobState } from './queue.ts'

/** A `job` event on the owner's user channel (docs/protocol.md): the job as its row now stands. */
export interface JobEvent {
  id: string
  kind: string
  ownerId: string
  /** A retry shows as `queued` with the error of the attempt that failed. */
  phase: JobState
  /** 0 to 100, never going back within an attempt. */
  progress: number
  stage: string | null
  attempts: number
  result: unknown
  error: string | null
  updatedAt: string
}

type Change = Partial<Pick<JobEvent, 'phase' | 'progress' | 'stage' | 'result' | 'error'>>

/**
 * The `job` events of one attempt, pushed to the owner's connections. The `jobs` row is the one
 * record of a job's state (GET /v1/jobs/{id} reads it); each event tells what the runner has just
 * written there, published once the write is done, in the order of the writes. A job without an
 * owner has nobody to tell.
 */
export class JobEvents {
  private chain: Promise<void> = Promise.resolve()
  private readonly view: Omit<JobEvent, 'updatedAt'> | undefined

  constructor(
    private readonly live: LivePublisher,
    job: { id: string; kind: string; ownerId: string | null; attempts: number },
    private readonly log: Logger,
  ) {
    this.view = job.ownerId
      ? {
          id: job.id,
          kind: job.kind,
          ownerId: job.ownerId,
          phase: 'running',
          progress: 0,
          stage: null,
          attempts: job.attempts,
          result: null,
          error: null,
        }
      : undefined
  }

  /** The row was written (awaited by the caller): tell the owner. */
  written(change: Change): void {
    this.after(async () => true, change)
  }

  /** Tells the owner once `write` (an update of the row) has held; nothing when it did not. */
  after(write: () => Promise<boolean>, change: Change): void {
    this.chain = this.chain
      .then(async () => {
        if ((await write()) && this.view) this.publish(change)
      })
      .catch((error) => this.log.warn({ err: error, jobId: this.view?.id }, 'job change not saved'))
  }

  /** Resolves once every write handed to `after` so far is done (and told). */
  settled(): Promise<void> {
    return this.chain
  }

  private publish(change: Change): void {
    const view = Object.assign(this.view!, change)
    this.live.publish(`user:${view.ownerId}`, 'job', { ...view, updatedAt: new Date().toISOString() })
  }
}
