import type { ConsumerDecl, StreamDecl } from '../platform/bus/topology.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import { VIDEO_EVENTS } from '../videos/topology.ts'

/**
 * Everything analytics counts passes through one stream, `analytics`: clients' batches
 * (`analytics.client`) and the server's domain events (`analytics.server.<type>`, copied from the
 * outbox's streams by the bridge). A work queue: a batch leaves once the writer stored it.
 */
export const ANALYTICS_STREAM: StreamDecl = {
  name: 'analytics',
  subjects: ['analytics.>'],
  retention: 'workqueue',
  maxAgeMs: 7 * 24 * 3_600_000,
  duplicateWindowMs: 2 * 60_000,
}
export const ANALYTICS_CLIENT_SUBJECT = 'analytics.client'
export const analyticsServerSubject = (type: string) => `analytics.server.${type}`

/** The worker's writer: batches of the stream into PostgreSQL. */
export const WRITER_CONSUMER: ConsumerDecl = {
  stream: 'analytics',
  durable: 'analytics_writer',
  ackWaitMs: 60_000,
  maxDeliver: 20,
}

/** The bridge from the shared domain events and the video events into the analytics stream. */
export const BRIDGE_CONSUMERS: ConsumerDecl[] = [
  domainEventConsumer('analytics_bridge'),
  {
    stream: VIDEO_EVENTS.name,
    durable: 'analytics_bridge',
    filterSubject: `${VIDEO_EVENTS.name}.>`,
    ackWaitMs: 30_000,
    maxDeliver: 10,
  },
]
