import { afterAll, beforeAll, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { type Bus, connectBus } from '../../src/platform/bus/connect.ts'
import { ensureTopology, type Topology } from '../../src/platform/bus/topology.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { NATS_URL, removeNatsPrefix, uniquePrefix } from '../support/services.ts'

const log = createLogger({ level: 'silent', nodeId: 'test' })
const prefix = uniquePrefix('topology')
let bus: Bus

beforeAll(async () => {
  const { config, secrets } = loadConfig({ NATS_URL, NATS_PREFIX: prefix })
  bus = await connectBus(config, secrets, log)
})
afterAll(async () => {
  await bus.close()
  await removeNatsPrefix(prefix)
})

const topology = (maxAgeMs: number): Omit<Topology, 'rooms'> => ({
  streams: [
    { name: 'jobs', subjects: ['jobs.>'], retention: 'workqueue', maxAgeMs, duplicateWindowMs: 60_000 },
  ],
  consumers: [
    { stream: 'jobs', durable: 'encoders', filterSubject: 'jobs.encode', ackWaitMs: 30_000, maxDeliver: 5 },
  ],
  buckets: [{ name: 'leases', ttlMs: 15_000, history: 1 }],
})

test('streams, consumers and buckets are created under the prefix, idempotently', async () => {
  await ensureTopology(bus, topology(3_600_000), 1, log)
  await ensureTopology(bus, topology(3_600_000), 1, log)
  const stream = await bus.jsm.streams.info(`${prefix.toUpperCase()}_JOBS`)
  expect(stream.config.subjects).toEqual([`${prefix}.jobs.>`])
  expect(stream.config.retention).toBe('workqueue')
  const consumer = await bus.jsm.consumers.info(`${prefix.toUpperCase()}_JOBS`, 'encoders')
  expect(consumer.config.filter_subject).toBe(`${prefix}.jobs.encode`)
  expect(consumer.config.max_deliver).toBe(5)
  const kv = await new Kvm(bus.js).open(`${prefix}_leases`)
  expect((await kv.status()).ttl).toBe(15_000)
})

test('a changed declaration updates the stream in place', async () => {
  await ensureTopology(bus, topology(7_200_000), 1, log)
  const stream = await bus.jsm.streams.info(`${prefix.toUpperCase()}_JOBS`)
  expect(stream.config.max_age).toBe(7_200_000 * 1_000_000)
})
