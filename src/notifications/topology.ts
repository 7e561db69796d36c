import { domainEventConsumer, type Topology } from '../platform/bus/topology.ts'

/** The durable consumer through which the worker makes notifications from domain events. */
export const NOTIFICATIONS_CONSUMER = domainEventConsumer('notifications')

export const notificationsTopology: Topology = {
  streams: [],
  consumers: [NOTIFICATIONS_CONSUMER],
  buckets: [],
}
