import type { Bus } from '../platform/bus/connect.ts'
import { EventConsumer } from '../platform/bus/consumer.ts'
import type { DomainEvent } from '../platform/bus/events.ts'
import type { Logger } from '../platform/logger.ts'
import type { Runnable } from '../platform/module.ts'
import { analyticsServerSubject, BRIDGE_CONSUMERS } from './topology.ts'

/**
 * Copies the server's domain events (follows, likes, posts, sign-ups, uploads, moderation...) from
 * the outbox's streams into the analytics stream, so one writer stores client and server events
 * alike. Each keeps its event id as `Nats-Msg-Id` (a redelivery within the duplicate window is
 * dropped by JetStream; a later one by the writer's key).
 */
export function analyticsBridge(bus: Bus, log: Logger): Runnable {
  const forward = async (event: DomainEvent) => {
    await bus.js.publish(bus.subject(analyticsServerSubject(event.type)), JSON.stringify(event), {
      msgID: `server:${event.id}`,
      timeout: 5000,
    })
  }
  const consumers = BRIDGE_CONSUMERS.map((decl) => new EventConsumer(bus, decl, forward, log))
  return {
    start: async () => {
      for (const c of consumers) await c.start()
    },
    stop: async () => {
      for (const c of consumers) await c.stop()
    },
  }
}
