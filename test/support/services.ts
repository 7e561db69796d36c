import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import postgres from 'postgres'

/** The machine's services, as CI and developers have them; override with TEST_* variables. */
export const PG_BASE_URL = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432'
export const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

export function uniqueName(tag: string): string {
  const safe = tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 20)
  return `${safe}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

/** A database of the test file's own, dropped at the end. */
export async function createTestDatabase(
  tag: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sft_${uniqueName(tag)}`
  const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  await admin.end()
  return {
    name,
    url: `${PG_BASE_URL}/${name}`,
    drop: () => dropDatabase(name),
  }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists "${name}" with (force)`)
  await admin.end()
}

/** A NATS prefix of the test file's own; `removeNatsPrefix` deletes its streams and buckets. */
export function uniquePrefix(tag: string): string {
  return `t_${uniqueName(tag)}`.slice(0, 30)
}

export async function removeNatsPrefix(prefix: string, url = NATS_URL): Promise<void> {
  const nc = await connect({ servers: url })
  try {
    const jsm = await jetstreamManager(nc)
    const upper = `${prefix}_`.toUpperCase()
    for await (const s of jsm.streams.list()) {
      const name = s.config.name
      if (name.startsWith(upper) || name.startsWith(`KV_${prefix}_`)) await jsm.streams.delete(name)
    }
  } finally {
    await nc.close()
  }
}
