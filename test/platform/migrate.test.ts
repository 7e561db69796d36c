import { afterAll, beforeEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { MigrationError, migrate, readMigrations } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createTestDatabase } from '../support/services.ts'

const log = createLogger({ level: 'silent', nodeId: 'test' })
const cleanups: (() => Promise<void>)[] = []

// Each test's database: dropping one forces a checkpoint, seconds on a busy machine.
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()))
}, 60_000)

let dir: string
let sql: postgres.Sql
let url: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-migrations-'))
  const database = await createTestDatabase('migrate')
  url = database.url
  sql = postgres(url, { max: 10, onnotice: () => {} })
  cleanups.push(async () => {
    await sql.end()
    await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })
})

function write(name: string, text: string) {
  writeFileSync(join(dir, name), text)
}

describe('migrations', () => {
  test('apply in order, each once, recorded with a checksum', async () => {
    write('0002_add_column.sql', 'alter table widgets add column colour text;')
    write('0001_widgets.sql', 'create table widgets (id int primary key);\ninsert into widgets values (1);')
    expect(await migrate(sql, log, dir)).toEqual(['0001_widgets.sql', '0002_add_column.sql'])
    expect(await migrate(sql, log, dir)).toEqual([])
    const rows = await sql`select name, checksum from schema_migrations order by name`
    expect(rows.map((r) => r.name)).toEqual(['0001_widgets.sql', '0002_add_column.sql'])
    expect(rows[0]!.checksum).toBe(readMigrations(dir)[0]!.checksum)
    const [row] = await sql`select count(*)::int as count from widgets where colour is null`
    const count = row!.count
    expect(count).toBe(1)
  })

  test('an edited migration that was applied is refused', async () => {
    write('0001_widgets.sql', 'create table widgets (id int primary key);')
    await migrate(sql, log, dir)
    write('0001_widgets.sql', 'create table widgets (id bigint primary key);')
    write('0002_more.sql', 'create table more (id int);')
    const error = await migrate(sql, log, dir).catch((e) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(error.message).toContain('0001_widgets.sql was edited after it was applied')
    const [row] = await sql`select to_regclass('more') is not null as exists`
    const exists = row!.exists
    expect(exists).toBe(false)
  })

  test('a failing migration is rolled back whole and named', async () => {
    write('0001_ok.sql', 'create table ok (id int);')
    write('0002_bad.sql', 'create table half (id int);\nselect * from no_such_table;')
    const error = await migrate(sql, log, dir).catch((e) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect(error.message).toContain('sql/0002_bad.sql failed')
    const [row] = await sql`select to_regclass('half') is not null as half`
    const half = row!.half
    expect(half).toBe(false)
    expect((await sql`select name from schema_migrations`).map((r) => r.name)).toEqual(['0001_ok.sql'])
  })

  test('nodes starting together apply each migration exactly once', async () => {
    write('0001_counter.sql', 'create table applied (n int);\ninsert into applied values (1);')
    write('0002_counter.sql', 'insert into applied values (2);')
    // One client per "node", as separate processes would have.
    const clients = Array.from({ length: 6 }, () => postgres(url, { max: 2, onnotice: () => {} }))
    const results = await Promise.all(clients.map((c) => migrate(c, log, dir)))
    await Promise.all(clients.map((c) => c.end()))
    expect(results.flat().sort()).toEqual(['0001_counter.sql', '0002_counter.sql'])
    expect((await sql`select n from applied order by n`).map((r) => r.n)).toEqual([1, 2])
  })

  test('badly named or duplicate-numbered files are refused', async () => {
    write('1_widgets.sql', 'select 1;')
    expect(() => readMigrations(dir)).toThrow('migration names look like 0001_what_it_does.sql')
    rmSync(join(dir, '1_widgets.sql'))
    write('0001_a.sql', 'select 1;')
    write('0001_b.sql', 'select 1;')
    expect(() => readMigrations(dir)).toThrow('another migration has number 0001')
  })

  test("the project's own migrations apply on an empty database", async () => {
    const applied = await migrate(sql, log)
    expect(applied.length).toBe(readMigrations().length)
    expect(applied[0]).toBe('0001_outbox.sql')
  })
})
