import type { Topology } from '../platform/bus/topology.ts'

/** Subject suffix of a job's message: `jobs.<kind>` (prefixed with NATS_PREFIX). */
export function jobSubject(kind: string): string {
  return `jobs.${kind}`
}

export const JOBS_STREAM = 'jobs'
export const JOBS_CONSUMER = 'jobs'

/**
 * The work queue: a job's message stays in the stream until a worker acknowledges it (done, or
 * failed for good), so a worker that dies holding one lets it go to another after `ackWaitMs`
 * without heartbeats. Attempts are counted in PostgreSQL (`jobs.attempts`), not by JetStream,
 * hence no delivery limit here.
 */
export function jobsTopology(ackWaitMs: number): Partial<Topology> {
  return {
    streams: [
      {
        name: JOBS_STREAM,
        subjects: ['jobs.>'],
        retention: 'workqueue',
        maxAgeMs: 14 * 24 * 3_600_000,
        duplicateWindowMs: 120_000,
      },
    ],
    consumers: [
      { stream: JOBS_STREAM, durable: JOBS_CONSUMER, filterSubject: 'jobs.>', ackWaitMs, maxDeliver: -1 },
    ],
  }
}
