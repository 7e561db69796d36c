import type { Topology } from '../platform/bus/topology.ts'

export const JOBS_STREAM = 'jobs'
export const JOBS_CONSUMER = 'jobs'

/**
 * Kinds of job that run in a lane of their own: a stream and a consumer of their own, and their
 * own slots on each worker (`JobRunnerOptions.lanes`), so that many small jobs (a fan-out of
 * notification deliveries) neither wait behind long ones (an encoding) nor hold them back. NATS
 * 2.9 takes one filter per consumer and a work queue's consumers must not overlap, hence a
 * subject root per lane rather than a filter on `jobs.>`. Every other kind runs in the default
 * lane (`jobs.<kind>`, JOBS_CONCURRENCY slots).
 */
export const JOB_LANES: Record<string, readonly string[]> = {
  // Paid lines of live chat too: a second's work each, that must not wait behind an encoding.
  notifications: ['notifications.deliver', 'payments.chat.say'],
}

/** The lane a kind runs in ('default', or a key of JOB_LANES). */
export function laneOf(kind: string): string {
  for (const [lane, kinds] of Object.entries(JOB_LANES)) if (kinds.includes(kind)) return lane
  return 'default'
}

/** The stream, the consumer and the subject root of a lane's jobs (`jobs` for the default lane). */
export function laneRoot(lane: string): string {
  return lane === 'default' ? JOBS_STREAM : `${JOBS_STREAM}_${lane}`
}

/** Subject suffix of a job's message: `jobs.<kind>`, or `jobs_<lane>.<kind>` (prefixed with NATS_PREFIX). */
export function jobSubject(kind: string): string {
  return `${laneRoot(laneOf(kind))}.${kind}`
}

/**
 * The work queues, one per lane: a job's message stays in the stream until a worker acknowledges
 * it (done, or failed for good), so a worker that dies holding one lets it go to another after
 * `ackWaitMs` without heartbeats. Attempts are counted in PostgreSQL (`jobs.attempts`), not by
 * JetStream, hence no delivery limit here.
 */
export function jobsTopology(ackWaitMs: number): Partial<Topology> {
  const roots = ['default', ...Object.keys(JOB_LANES)].map(laneRoot)
  return {
    streams: roots.map((root) => ({
      name: root,
      subjects: [`${root}.>`],
      retention: 'workqueue' as const,
      maxAgeMs: 14 * 24 * 3_600_000,
      duplicateWindowMs: 120_000,
    })),
    consumers: roots.map((root) => ({
      stream: root,
      durable: root,
      filterSubject: `${root}.>`,
      ackWaitMs,
      maxDeliver: -1,
    })),
  }
}
