import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { nanos } from '@nats-io/nats-core'
import { BootError } from '../boot-error.ts'
import type { Logger } from '../logger.ts'
import type { Bus } from './connect.ts'
import { roomsStream } from './rooms.ts'

/**
 * Every JetStream stream, durable consumer and KV bucket the platform uses, declared in one place
 * and created (or brought up to date) idempotently at start. Names are logical; the deployment's
 * NATS_PREFIX is added when they are created, so test runs and deployments never collide.
 */
export interface StreamDecl {
  name: string
  /** Subject suffixes, prefixed with NATS_PREFIX: `events.>` becomes `sf.events.>`. */
  subjects: string[]
  retention: 'limits' | 'workqueue' | 'interest'
  maxAgeMs: number
  duplicateWindowMs: number
  /** Messages kept per subject (oldest dropped first); unlimited when absent. */
  maxMsgsPerSubject?: number
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

export interface ConsumerDecl {
  stream: string
  durable: string
  filterSubject?: string
  ackWaitMs: number
  maxDeliver: number
}

/**
 * A stream of domain events, `{prefix}.<name>.<noun>.<verb>`, kept a week for replays. The shared
 * one is `events`, which the features' consumers read. A feature whose events are many and that
 * no other feature consumes (direct messages, video views) publishes them to a stream of its own,
 * so that those consumers are not handed thousands of events a second only to skip them (NATS 2.9
 * takes one filter per consumer, so they cannot be filtered out there).
 */
export function domainEventStream(name: string): StreamDecl {
  return {
    name,
    subjects: [`${name}.>`],
    retention: 'limits',
    maxAgeMs: 7 * DAY,
    duplicateWindowMs: 2 * MINUTE,
  }
}

/** How long JetStream waits for a domain event's acknowledgement before giving it to another worker. */
export const EVENT_ACK_WAIT_MS = 10_000

/**
 * A feature's durable consumer of every domain event (NATS 2.9 takes one filter per consumer:
 * its handler skips the types it does not use). Delivery is at least once: handlers are idempotent.
 * The acknowledgement wait is short, so what a killed worker held comes to another within 10 s;
 * a handler that runs longer tells the server it is still working (EventConsumer).
 */
export function domainEventConsumer(durable: string): ConsumerDecl {
  return {
    stream: 'events',
    durable,
    filterSubject: 'events.>',
    ackWaitMs: EVENT_ACK_WAIT_MS,
    maxDeliver: 10,
  }
}

export interface BucketDecl {
  name: string
  /** Bucket-wide on NATS 2.9: per-key TTLs are silently ignored there. */
  ttlMs: number
  history: number
  /** Kept in the servers' memory, not on disk: faster writes, lost when they restart (counts that may be). */
  memory?: boolean
}

export interface Topology {
  streams: StreamDecl[]
  consumers: ConsumerDecl[]
  buckets: BucketDecl[]
  /** Kinds of live channel that are rooms: ordered, with a history kept in one stream (rooms.ts). */
  rooms: string[]
}

/** What the platform layer itself needs; modules declare theirs beside it (see `topologyOf`). */
export const platformTopology: Partial<Topology> = {
  streams: [domainEventStream('events')],
  // Rate limits (rate-limit.ts): entries must outlive the longest window, one hour.
  buckets: [{ name: 'ratelimits', ttlMs: 60 * MINUTE, history: 1 }],
}

/** The whole topology from its parts, with the rooms' stream when any part declares rooms. */
export function topologyOf(parts: Partial<Topology>[]): Topology {
  const rooms = parts.flatMap((p) => p.rooms ?? [])
  return {
    streams: [...parts.flatMap((p) => p.streams ?? []), ...(rooms.length ? [roomsStream(rooms)] : [])],
    consumers: parts.flatMap((p) => p.consumers ?? []),
    buckets: parts.flatMap((p) => p.buckets ?? []),
    rooms,
  }
}

const RETENTION = {
  limits: RetentionPolicy.Limits,
  workqueue: RetentionPolicy.Workqueue,
  interest: RetentionPolicy.Interest,
} as const

export async function ensureTopology(
  bus: Bus,
  topology: Omit<Topology, 'rooms'>,
  replicas: number,
  log: Logger,
): Promise<void> {
  for (const s of topology.streams) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: bus.streamName(s.name),
      subjects: s.subjects.map((x) => bus.subject(x)),
      retention: RETENTION[s.retention],
      storage: StorageType.File,
      max_age: nanos(s.maxAgeMs),
      duplicate_window: nanos(s.duplicateWindowMs),
      num_replicas: replicas,
      ...(s.maxMsgsPerSubject ? { max_msgs_per_subject: s.maxMsgsPerSubject } : {}),
    }
    await ensureStream(bus, config, log)
  }
  for (const c of topology.consumers) {
    const stream = bus.streamName(c.stream)
    const config: Partial<ConsumerConfig> = {
      durable_name: c.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(c.ackWaitMs),
      max_deliver: c.maxDeliver,
      ...(c.filterSubject ? { filter_subject: bus.subject(c.filterSubject) } : {}),
    }
    const existing = await bus.jsm.consumers.info(stream, c.durable).catch(notFound)
    if (!existing) await bus.jsm.consumers.add(stream, config)
    else await bus.jsm.consumers.update(stream, c.durable, config)
  }
  const kvm = new Kvm(bus.js)
  for (const b of topology.buckets) {
    await kvm.create(bus.streamName(b.name).toLowerCase(), {
      ttl: b.ttlMs,
      history: b.history,
      replicas,
      ...(b.memory ? { storage: StorageType.Memory } : {}),
    })
  }
}

async function ensureStream(bus: Bus, config: Partial<StreamConfig> & { name: string }, log: Logger) {
  const existing = await bus.jsm.streams.info(config.name).catch(notFound)
  if (!existing) {
    await bus.jsm.streams.add(config)
    log.info({ stream: config.name }, 'stream created')
    return
  }
  const current = existing.config
  const changed = (Object.keys(config) as (keyof StreamConfig)[]).filter(
    (k) => JSON.stringify(current[k]) !== JSON.stringify(config[k]),
  )
  if (changed.length === 0) return
  try {
    await bus.jsm.streams.update(config.name, { ...current, ...config })
    log.info({ stream: config.name, changed }, 'stream updated')
  } catch (error) {
    throw new BootError(
      `stream ${config.name} cannot change ${changed.join(', ')}: ${(error as Error).message}`,
    )
  }
}

function notFound(error: unknown): undefined {
  if (error instanceof JetStreamApiError && error.status === 404) return undefined
  throw error
}
