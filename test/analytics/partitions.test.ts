import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { dayKey, Partitions } from '../../src/analytics/partitions.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createTestDatabase } from '../support/services.ts'

const DAY = 86_400_000
let database: Awaited<ReturnType<typeof createTestDatabase>>
let sql: postgres.Sql

beforeAll(async () => {
  database = await createTestDatabase('analytics-partitions')
  sql = postgres(database.url, { max: 3, onnotice: () => {} })
  await migrate(sql, createLogger({ level: 'silent', nodeId: 'test' }))
})
afterAll(async () => {
  await sql.end()
  await database.drop()
})

const partitions = async () =>
  (
    await sql<
      { name: string }[]
    >`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent where p.relname = 'analytics_events' order by 1`
  ).map((r) => r.name)

describe('day partitions', () => {
  test('made ahead (two days back, three ahead), by any number of workers at once', async () => {
    const now = Date.now()
    await Promise.all([new Partitions(sql, 90).prepare(now), new Partitions(sql, 90).prepare(now)])
    const names = await partitions()
    expect(names).toEqual([-2, -1, 0, 1, 2, 3].map((d) => `analytics_events_${dayKey(now + d * DAY)}`))
    // Each holds its UTC day: a row at 23:59:59.999 goes to its own day, midnight to the next.
    const midnight = Math.floor(now / DAY) * DAY
    await sql`insert into analytics_events (id, occurred_at, received_at, type, visitor)
      values (${crypto.randomUUID()}, ${new Date(midnight - 1)}, now(), 'x', 0), (${crypto.randomUUID()}, ${new Date(midnight)}, now(), 'x', 0)`
    const rows = await sql`select tableoid::regclass::text as t from analytics_events order by occurred_at`
    expect(rows.map((r) => r.t)).toEqual([
      `analytics_events_${dayKey(midnight - 1)}`,
      `analytics_events_${dayKey(midnight)}`,
    ])
  })

  test('past the raw retention a day partition is dropped, rows and all; younger ones stay', async () => {
    const now = Date.now()
    const p = new Partitions(sql, 90)
    await p.ensure([dayKey(now - 91 * DAY), dayKey(now - 89 * DAY)])
    await sql`insert into analytics_events (id, occurred_at, received_at, type, visitor)
      values (${crypto.randomUUID()}, ${new Date(now - 91 * DAY)}, now(), 'x', 0)`
    const dropped = await p.dropExpired(now)
    expect(dropped).toEqual([`analytics_events_${dayKey(now - 91 * DAY)}`])
    const names = await partitions()
    expect(names).toContain(`analytics_events_${dayKey(now - 89 * DAY)}`)
    expect(names).not.toContain(`analytics_events_${dayKey(now - 91 * DAY)}`)
    const [old] =
      await sql`select count(*)::int as n from analytics_events where occurred_at < ${new Date(now - 90 * DAY)}`
    expect(old?.n).toBe(0)
  })
})
