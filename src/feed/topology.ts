import { domainEventConsumer, type Topology } from '../platform/bus/topology.ts'

/** The durable consumer through which the worker keeps home timelines up to date. */
export const FEED_CONSUMER = domainEventConsumer('feed')

export const feedTopology: Topology = { streams: [], consumers: [FEED_CONSUMER], buckets: [] }
