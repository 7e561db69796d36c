import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { sql } from 'kysely'
import postgres from 'postgres'
import { startNode } from '../../src/node.ts'
import { ConfigError, loadConfig } from '../../src/platform/config.ts'
import { type Account, call, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startTestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'

/**
 * DATABASE_READ_URL: reads that may lag go to a read replica's pool. The replica here is the
 * same database reached as a role of its own that may only read (default_transaction_read_only,
 * SELECT only), as a hot standby refuses writes: what the read paths send there is seen in
 * pg_stat_activity under that role (the pool's connections are named `socialflow-read`), and a
 * write sent there by mistake would fail.
 */

let primary: TestNode
let replicated: TestNode
let admin: postgres.Sql
let reader: string

const readerUrl = (node: TestNode) => {
  const url = new URL(node.databaseUrl)
  url.username = reader
  url.password = ''
  return url.toString()
}

/** The last statement of each connection the read pool holds. */
async function replicaStatements(database: string): Promise<string[]> {
  const rows = await admin`select query from pg_stat_activity
    where datname = ${database} and usename = ${reader} and application_name = 'socialflow-read'`
  return rows.map((r) => r.query as string)
}

beforeAll(async () => {
  primary = await startSocialNode('read_replica')
  const database = new URL(primary.databaseUrl).pathname.slice(1)
  admin = postgres(primary.databaseUrl, { max: 1, onnotice: () => {} })
  reader = `${database}_reader`.slice(0, 60)
  await admin.unsafe(`create role "${reader}" login`)
  await admin.unsafe(`grant select on all tables in schema public to "${reader}"`)
  await admin.unsafe(`alter role "${reader}" set default_transaction_read_only = on`)
  replicated = await startTestNode('read_replica_node', {
    join: primary,
    env: {
      TRUST_PROXY: 'true',
      PASSWORD_MEMORY_KIB: '1024',
      PASSWORD_TIME_COST: '1',
      DATABASE_READ_URL: readerUrl(primary),
    },
  })
})

afterAll(async () => {
  await replicated?.stop()
  // The database is dropped by its node: no other connection to it may be left open.
  await admin?.end()
  await primary?.stop()
  const maintenance = new URL(primary.databaseUrl)
  maintenance.pathname = '/postgres'
  const server = postgres(maintenance.toString(), { max: 1, onnotice: () => {} })
  await server.unsafe(`drop role if exists "${reader}"`)
  await server.end()
})

describe('DATABASE_READ_URL', () => {
  test('unset: the reads use the primary pool', () => {
    expect(primary.ctx.readDb).toBe(primary.ctx.db)
  })

  test("set: a pool of its own that only reads; the primary's pool still takes the writes", async () => {
    expect(replicated.ctx.readDb).not.toBe(replicated.ctx.db)
    const refused = await sql`create temporary table t (x int)`.execute(replicated.ctx.readDb).catch((e) => e)
    expect(refused.code).toBe('25006')
    const [row] = (await sql<{ user: string }>`select current_user as user`.execute(replicated.ctx.readDb))
      .rows
    expect(row?.user).toBe(reader)
    const author = await register(replicated)
    const post = await call(replicated, 'POST', '/v1/posts', {
      token: author.tokens.accessToken,
      body: { text: 'written on the primary' },
    })
    expect(post.status).toBe(201)
  })

  test('search reads the replica, and finds what was written on the primary', async () => {
    const database = new URL(primary.databaseUrl).pathname.slice(1)
    const author: Account = await register(replicated)
    const word = `rr${Date.now().toString(36)}`
    const written = await call(replicated, 'POST', '/v1/posts', {
      token: author.tokens.accessToken,
      body: { text: `${word} from the primary` },
    })
    const found = await call(replicated, 'GET', `/v1/search?q=${word}&type=posts`)
    expect(found.status).toBe(200)
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([written.body.id])
    expect((await replicaStatements(database)).some((q) => q.includes('websearch_to_tsquery'))).toBe(true)
  })

  test('analytics reports read the replica', async () => {
    const database = new URL(primary.databaseUrl).pathname.slice(1)
    const creator = await register(replicated)
    const before = await replicaStatements(database)
    const report = await call(replicated, 'GET', '/v1/analytics/creators/me', {
      token: creator.tokens.accessToken,
    })
    expect(report.status).toBe(200)
    const after = await replicaStatements(database)
    expect(after.some((q) => q.includes('analytics_') && !before.includes(q))).toBe(true)
  })

  test('a wrong or unreachable DATABASE_READ_URL is named', async () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'mysql://somewhere/db' })).toThrow(ConfigError)
    try {
      loadConfig({ DATABASE_READ_URL: 'mysql://somewhere/db' })
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toContain('DATABASE_READ_URL: expected postgres://')
    }
    const { config, secrets } = loadConfig({
      DATABASE_URL: primary.databaseUrl,
      DATABASE_READ_URL: 'postgres://nobody@127.0.0.1:1/socialflow',
      NATS_PREFIX: primary.prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      MIGRATE_ON_START: 'false',
    })
    const failed = await startNode(config, secrets).catch((e) => e)
    expect(String(failed.message)).toContain('(set DATABASE_READ_URL)')
  })
})
