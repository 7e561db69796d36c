import { afterAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { startNode } from '../../src/node.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { MigrationError } from '../../src/platform/db/migrate.ts'
import { spawnNode } from '../support/process.ts'
import {
  createTestDatabase,
  dropDatabase,
  NATS_URL,
  PG_BASE_URL,
  removeNatsPrefix,
  uniqueName,
  uniquePrefix,
} from '../support/services.ts'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

async function failsToStart(env: Record<string, string>) {
  const node = spawnNode({ NATS_PREFIX: uniquePrefix('boot'), PORT: '0', ...env })
  const code = await node.exited
  return { code, stderr: await node.stderr() }
}

describe('boot', () => {
  test('a wrong setting stops the boot, naming the variable', async () => {
    const { code, stderr } = await failsToStart({ ROLES: 'api,cache', PORT: 'x' })
    expect(code).not.toBe(0)
    expect(stderr).toContain('ROLES: "cache" is not valid')
    expect(stderr).toContain('PORT: "x" is not a whole number')
  })

  test('an unreachable PostgreSQL stops the boot, naming the address and DATABASE_URL', async () => {
    const { code, stderr } = await failsToStart({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:9/socialflow',
    })
    expect(code).toBe(1)
    expect(stderr).toContain('PostgreSQL is not reachable at 127.0.0.1:9 (set DATABASE_URL)')
  })

  test('an unreachable NATS stops the boot, naming the address and NATS_URL', async () => {
    const database = await createTestDatabase('boot')
    cleanups.push(database.drop)
    const { code, stderr } = await failsToStart({
      DATABASE_URL: database.url,
      NATS_URL: 'nats://127.0.0.1:9',
    })
    expect(code).toBe(1)
    expect(stderr).toContain('NATS is not reachable at nats://127.0.0.1:9 (set NATS_URL)')
  })

  test('a missing database is created, unless DATABASE_CREATE=false', async () => {
    const name = `sft_${uniqueName('created')}`
    cleanups.push(() => dropDatabase(name))
    const refused = await failsToStart({ DATABASE_URL: `${PG_BASE_URL}/${name}`, DATABASE_CREATE: 'false' })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      `PostgreSQL database "${name}" does not exist at 127.0.0.1:5432 (DATABASE_URL`,
    )

    const prefix = uniquePrefix('created')
    cleanups.push(() => removeNatsPrefix(prefix))
    const node = spawnNode({ DATABASE_URL: `${PG_BASE_URL}/${name}`, NATS_PREFIX: prefix, PORT: '0' })
    const url = await node.started
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    node.proc.kill('SIGTERM')
    expect(await node.exited).toBe(0)
    const admin = postgres(`${PG_BASE_URL}/${name}`, { max: 1 })
    const rows = await admin`select name from schema_migrations`
    await admin.end()
    expect(rows.length).toBeGreaterThan(0)
    // (A fresh database takes every migration: tens of seconds on a busy machine.)
  }, 90_000)

  test('an applied migration that was edited stops the boot', async () => {
    const database = await createTestDatabase('edited')
    cleanups.push(database.drop)
    const admin = postgres(database.url, { max: 1, onnotice: () => {} })
    await admin`create table schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())`
    await admin`insert into schema_migrations (name, checksum) values ('0001_outbox.sql', 'not-the-checksum')`
    await admin.end()
    const { config, secrets } = loadConfig({
      DATABASE_URL: database.url,
      NATS_URL,
      NATS_PREFIX: uniquePrefix('e'),
    })
    const error = await startNode(config, secrets, { logSink: () => {} }).catch((e) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(error.message).toContain('sql/0001_outbox.sql was edited after it was applied')
  })
})
