import { join } from 'node:path'
import postgres from 'postgres'
import { loadConfig } from '../platform/config.ts'
import { migrate } from '../platform/db/migrate.ts'
import { createLogger } from '../platform/logger.ts'

/**
 * Keeps `src/platform/db/schema.ts` (Kysely's table interfaces) in step with `sql/`: migrates a
 * scratch database and runs kysely-codegen on it, writing the file or (with --verify) failing when
 * the committed file differs. The test suite runs the --verify form.
 */
export const SCHEMA_FILE = join(import.meta.dir, '../platform/db/schema.ts')
const CODEGEN = join(import.meta.dir, '../../node_modules/.bin/kysely-codegen')

export async function schemaTypes(opts: {
  serverUrl: string
  verify: boolean
  outFile?: string
  /** Extra SQL run after the migrations (tests use it to prove that drift is caught). */
  extraSql?: string
}): Promise<{ ok: boolean; output: string }> {
  const name = `sf_typegen_${process.pid}_${Date.now().toString(36)}`
  const admin = postgres(withDatabase(opts.serverUrl, 'postgres'), { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = withDatabase(opts.serverUrl, name)
  try {
    const sql = postgres(url, { max: 2, onnotice: () => {} })
    await migrate(sql, createLogger({ level: 'silent', nodeId: 'typegen' }))
    if (opts.extraSql) await sql.unsafe(opts.extraSql)
    await sql.end()
    const args = [
      '--dialect',
      'postgres',
      '--url',
      url,
      '--camel-case',
      '--out-file',
      opts.outFile ?? SCHEMA_FILE,
    ]
    if (opts.verify) args.push('--verify')
    const proc = Bun.spawn([CODEGEN, ...args], { stdout: 'pipe', stderr: 'pipe' })
    const [stdout, stderr, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    return { ok: code === 0, output: stdout + stderr }
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

if (import.meta.main) {
  const { secrets } = loadConfig(process.env)
  const verify = process.argv.includes('--verify')
  const result = await schemaTypes({ serverUrl: secrets.databaseUrl, verify })
  process.stdout.write(result.output)
  process.exit(result.ok ? 0 : 1)
}
