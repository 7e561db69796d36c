import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { Partitions } from '../../src/analytics/partitions.ts'
import { copyEvents, insertEvents } from '../../src/analytics/raw-events.ts'
import type { EventRow } from '../../src/analytics/rows.ts'
import { migrate } from '../../src/platform/db/migrate.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createTestDatabase } from '../support/services.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
let sql: postgres.Sql

beforeAll(async () => {
  database = await createTestDatabase('analytics-raw-events')
  sql = postgres(database.url, { max: 3, onnotice: () => {} })
  await migrate(sql, createLogger({ level: 'silent', nodeId: 'test' }))
  await new Partitions(sql, 90).prepare()
})
afterAll(async () => {
  await sql.end()
  await database.drop()
})

const now = Date.now()

/** Rows with every column in use: nulls, text beyond ASCII, a negative visitor hash, fractions, JSON. */
function rows(): EventRow[] {
  const base = {
    receivedAt: now,
    userId: null,
    sessionId: null,
    subjectKind: null,
    subjectId: null,
    source: null,
    country: null,
    device: null,
    positionSeconds: null,
    intervalSeconds: null,
    quality: null,
    buffering: null,
    data: null,
    clamped: false,
    client: true,
  }
  return [
    {
      ...base,
      id: crypto.randomUUID(),
      occurredAt: now - 3_600_000 + 123,
      type: 'view.heartbeat',
      userId: crypto.randomUUID(),
      visitor: 'ffeeddccbbaa9988',
      sessionId: 'sess:1_a.b-c',
      subjectKind: 'video',
      subjectId: crypto.randomUUID().toUpperCase(),
      source: 'home',
      country: 'DE',
      device: 'mobile',
      positionSeconds: 12.5,
      intervalSeconds: 5,
      quality: '720p',
      buffering: true,
    },
    {
      ...base,
      id: crypto.randomUUID(),
      occurredAt: now - 86_400_000,
      type: 'user.followed',
      visitor: '0000000000000000',
      subjectKind: 'user',
      data: { note: 'Grüße, 世界 \t"quoted"\\ \n', n: 1.5, nested: { ok: true } },
      client: false,
    },
    {
      ...base,
      id: crypto.randomUUID(),
      occurredAt: now,
      type: 'impression',
      visitor: '7fffffffffffffff',
      sessionId: 'tab\\with\\backslashes',
      buffering: false,
      positionSeconds: 0,
    },
  ]
}

const stored = (ids: string[]) =>
  sql`select occurred_at, received_at, type, user_id, visitor::text, session_id, subject_kind, subject_id,
      source, country, device, position_seconds, interval_seconds, quality, buffering, data
    from analytics_events where id = any(${ids}::uuid[]) order by occurred_at`

describe('raw events by COPY (binary)', () => {
  test('store every column as the multi-row insert (text) does; stored ones are skipped', async () => {
    const copied = rows()
    const inserted = copied.map((r) => ({ ...r, id: crypto.randomUUID() }))
    const fresh = await sql.begin((tx) => copyEvents(tx, copied))
    expect(fresh.length).toBe(3)
    await sql.begin((tx) => insertEvents(tx, inserted))
    const a = await stored(copied.map((r) => r.id))
    const b = await stored(inserted.map((r) => r.id))
    expect(a.length).toBe(3)
    expect(a).toEqual(b)
    // By time: the follow (a day ago), the heartbeat, the impression.
    expect(a[1]).toMatchObject({
      visitor: String(BigInt.asIntN(64, 0xffeeddccbbaa9988n)),
      position_seconds: 12.5,
    })
    expect(a[1]!.occurred_at.getTime()).toBe(now - 3_600_000 + 123)
    expect(a[0]!.data).toEqual(copied[1]!.data)
    // Sent again with one more: the stored ones are skipped (the key refuses the COPY; the
    // staging table's path, also binary, stores the new one).
    const more = { ...copied[2]!, id: crypto.randomUUID() }
    const again = await sql.begin((tx) => copyEvents(tx, [...copied, more]))
    expect(again.map((r) => r.id)).toEqual([more.id])
  })

  test('an id that is not a UUID is refused, not stored as something else', async () => {
    const [row] = rows()
    const bad = { ...row!, id: `${row!.id.slice(0, 35)}g` }
    expect(sql.begin((tx) => copyEvents(tx, [bad]))).rejects.toThrow(/invalid uuid/)
    const short = { ...row!, id: row!.id.slice(0, 35) }
    expect(sql.begin((tx) => copyEvents(tx, [short]))).rejects.toThrow(/invalid uuid/)
  })
})
