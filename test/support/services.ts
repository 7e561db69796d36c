import { createHash } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import postgres from 'postgres'
import { migrate, readMigrations } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'

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

/**
 * A database of the test file's own, dropped at the end: empty, or `migrated` (a copy of a
 * template database holding every migration of `sql/`, made once per set of migrations, so a
 * node starting on it finds nothing to apply).
 */
export async function createTestDatabase(
  tag: string,
  opts: { migrated?: boolean } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sft_${uniqueName(tag)}`
  const admin = postgres(`${PG_BASE_URL}/postgres`, { max: 1, onnotice: () => {} })
  try {
    const template = opts.migrated ? await migratedTemplate(admin) : undefined
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`)
  } finally {
    await admin.end()
  }
  return {
    name,
    url: `${PG_BASE_URL}/${name}`,
    drop: () => dropDatabase(name),
  }
}

/** Any constant: serialises the making of templates across test processes. */
const TEMPLATE_LOCK = 7_301_946_002

/**
 * The name of the template holding the migrations on disk (by their checksums), made if missing:
 * migrated under another name, then renamed, so no one copies a half-migrated template. Nobody
 * may connect to it, so copies of it never wait for its sessions to end.
 */
async function migratedTemplate(admin: postgres.Sql): Promise<string> {
  const hash = createHash('sha256')
  for (const m of readMigrations()) hash.update(`${m.name}:${m.checksum}\n`)
  const template = `sft_template_${hash.digest('hex').slice(0, 16)}`
  const exists = async () => (await admin`select 1 from pg_database where datname = ${template}`).length > 0
  if (await exists()) return template
  await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`
  try {
    if (await exists()) return template
    const building = `${template}_building`
    await admin.unsafe(`drop database if exists "${building}" with (force)`)
    await admin.unsafe(`create database "${building}"`)
    const sql = postgres(`${PG_BASE_URL}/${building}`, { max: 1, onnotice: () => {} })
    try {
      await migrate(sql, createLogger({ level: 'silent', nodeId: 'test-template' }))
    } finally {
      await sql.end()
    }
    await admin.unsafe(`alter database "${building}" rename to "${template}"`)
    await admin.unsafe(`alter database "${template}" with is_template true allow_connections false`)
    return template
  } finally {
    await admin`select pg_advisory_unlock(${TEMPLATE_LOCK})`
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
