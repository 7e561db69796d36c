import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BootError } from '../boot-error.ts'
import type { Logger } from '../logger.ts'
import type { Sql } from './connect.ts'

/** The project's schema: plain SQL files applied in the order of their names, never edited once landed. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../sql', import.meta.url))

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/
/** Any constant shared by all nodes: serialises migrations across processes. */
const LOCK_KEY = 7_301_946_001

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export class MigrationError extends BootError {}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
  const seen = new Set<string>()
  return names.map((name) => {
    const match = FILE_NAME.exec(name)
    if (!match) throw new MigrationError(`sql/${name}: migration names look like 0001_what_it_does.sql`)
    if (seen.has(match[1]!)) throw new MigrationError(`sql/${name}: another migration has number ${match[1]}`)
    seen.add(match[1]!)
    const text = readFileSync(join(dir, name), 'utf8')
    return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') }
  })
}

/**
 * Applies pending migrations, each in its own transaction under a transaction-scoped advisory
 * lock, so that nodes starting together apply each file exactly once. An applied migration whose
 * file changed since is refused: the fix is a new migration, never an edit.
 */
export async function migrate(sql: Sql, log: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(dir)
  const applied: string[] = []
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`
    await tx`create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`
  })
  const known = new Map(
    (await sql`select name, checksum from schema_migrations`).map((r) => [r.name, r.checksum]),
  )
  for (const m of migrations) {
    const checksum = known.get(m.name)
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new MigrationError(
        `sql/${m.name} was edited after it was applied (checksum ${checksum.slice(0, 12)} in the database, ` +
          `${m.checksum.slice(0, 12)} on disk): restore the file and put the change in a new migration`,
      )
    }
  }
  const onDisk = new Set(migrations.map((m) => m.name))
  const unknown = [...known.keys()].filter((n) => !onDisk.has(n))
  if (unknown.length > 0)
    log.warn({ unknown }, 'the database has migrations this code does not know (newer schema?)')

  for (const m of migrations) {
    if (known.has(m.name)) continue
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${LOCK_KEY})`
      const [done] = await tx`select checksum from schema_migrations where name = ${m.name}`
      if (done) return // another node applied it while we waited for the lock
      try {
        await tx.unsafe(m.sql).simple()
      } catch (error) {
        throw new MigrationError(`sql/${m.name} failed and was rolled back: ${(error as Error).message}`)
      }
      await tx`insert into schema_migrations (name, checksum) values (${m.name}, ${m.checksum})`
      applied.push(m.name)
    })
    log.info({ migration: m.name }, 'migration applied')
  }
  return applied
}
