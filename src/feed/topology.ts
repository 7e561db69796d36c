import type { Topology } from '../platform/bus/topology.ts'

/** The durable consumer through which the worker keeps home timelines up to date. */
export const FEED_CONSUMER = {
  stream: 'events',
  durable: 'feed',
  // NATS 2.9 takes one filter per consumer: the handler skips the event types it does not use.
  filterSubject: 'events.>',
  ackWaitMs: 30_000,
  maxDeliver: 10,
}

export const feedTopology: Topology = { streams: [], consumers: [FEED_CONSUMER], buckets: [] }
