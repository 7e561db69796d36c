import { CamelCasePlugin, Kysely } from 'kysely'
import postgres from 'postgres'
import { BootError } from '../boot-error.ts'
import type { Config } from '../config.ts'
import { PostgresDialect } from './dialect.ts'
import { exactTimestamptz } from './exact-time.ts'
import { registerPool } from './prepared.ts'
import type { DB } from './schema.ts'

export type Database = Kysely<DB>
export type Sql = postgres.Sql

export interface DatabaseHandle {
  db: Database
  /** The raw postgres.js client, for LISTEN/NOTIFY, advisory locks and migrations. */
  sql: Sql
  close(): Promise<void>
}

type DbSettings = Config['database']

function client(url: string, max: number, applicationName = 'socialflow'): Sql {
  return postgres(url, {
    max,
    connect_timeout: 5,
    idle_timeout: 60,
    backoff: reconnectDelay,
    onnotice: () => {},
    // No JIT compilation: PostgreSQL turns it on by a query's estimated cost, and the estimates of
    // queries whose dear branches seldom run (a home page's sources below the trimmed window) pass
    // jit_above_cost while they run in milliseconds. It then compiled ~500 functions on every
    // execution (prepared statements keep no JIT code): 0.4-1.5 s a home page (bench/timeline).
    connection: { application_name: applicationName, jit: 'off' },
    // Times keep their microseconds beside the Date: list cursors name rows exactly.
    types: { timestamptz: exactTimestamptz },
  })
}

/**
 * Seconds a pool connection waits before dialling again after a failed dial: 50 ms doubling per
 * failure up to one second, with jitter. postgres.js' own back-off counts every failure of the
 * pool (3^n/100 s, up to 20 s): after PostgreSQL was away a few seconds, its connections waited
 * 10-20 s to dial again once it was back (workers, whose loops fail often, stayed unready 6-8 s
 * after a restart). Dialling a server that refuses costs nothing; requests meanwhile fail at once.
 */
export function reconnectDelay(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 1) * (0.5 + Math.random() / 2)
}

/**
 * Connects to PostgreSQL, creating the database first when it is missing and allowed.
 * Unreachable servers and refused credentials stop the boot with a message naming the variable
 * (DATABASE_URL, or DATABASE_READ_URL for the read replica's pool, whose connections are named
 * `socialflow-read` in pg_stat_activity).
 */
export async function connectDatabase(
  settings: DbSettings,
  url: string,
  variable: 'DATABASE_URL' | 'DATABASE_READ_URL' = 'DATABASE_URL',
): Promise<DatabaseHandle> {
  const sql = client(url, settings.poolMax, variable === 'DATABASE_URL' ? 'socialflow' : 'socialflow-read')
  try {
    await sql`select 1`
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {})
    if (pgCode(error) === '3D000' && settings.createIfMissing) {
      await createDatabase(settings, url)
      return connectDatabase({ ...settings, createIfMissing: false }, url, variable)
    }
    throw unreachable(settings, error, variable)
  }
  const db = new Kysely<DB>({
    dialect: new PostgresDialect(sql),
    plugins: [new CamelCasePlugin()],
  })
  registerPool(db, sql)
  return {
    db,
    sql,
    // Waits up to five seconds for queries in flight, then closes the connections anyway.
    close: () => sql.end({ timeout: 5 }),
  }
}

async function createDatabase(settings: DbSettings, url: string): Promise<void> {
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const admin = client(maintenance.toString(), 1)
  try {
    await admin.unsafe(`create database "${settings.name.replaceAll('"', '""')}"`)
  } catch (error) {
    // 42P04: another node created it in the meantime.
    if (pgCode(error) !== '42P04') {
      throw new BootError(
        `PostgreSQL database "${settings.name}" is missing at ${settings.host}:${settings.port} and could not ` +
          `be created (${describe(error)}); create it or point DATABASE_URL at another`,
      )
    }
  } finally {
    await admin.end({ timeout: 1 })
  }
}

function unreachable(settings: DbSettings, error: unknown, variable: string): BootError {
  const code = pgCode(error)
  const where = `${settings.host}:${settings.port}`
  if (code === '3D000') {
    return new BootError(
      `PostgreSQL database "${settings.name}" does not exist at ${where} (${variable}; DATABASE_CREATE=false)`,
    )
  }
  if (code === '28P01' || code === '28000') {
    return new BootError(`PostgreSQL at ${where} refused the credentials in ${variable}: ${describe(error)}`)
  }
  return new BootError(`PostgreSQL is not reachable at ${where} (set ${variable}): ${describe(error)}`)
}

/**
 * Errors that say PostgreSQL cannot be reached now, not that the statement was wrong: postgres.js'
 * own codes for a connection lost or never made, the socket's, and the SQLSTATEs of a server
 * shutting down, starting up, refusing more connections or losing the connection (class 08).
 */
const UNREACHABLE = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
])

export function databaseUnreachable(error: unknown): boolean {
  const code = pgCode(error)
  return code !== undefined && (UNREACHABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code))
}

export function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message || pgCode(error) || error.name : String(error)
}
