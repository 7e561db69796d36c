import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import postgres from 'postgres'
import { arrayLiteral } from '../../src/platform/db/array-literal.ts'
import { createTestDatabase } from '../support/services.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
let sql: postgres.Sql
beforeAll(async () => {
  database = await createTestDatabase('array-literal')
  sql = postgres(database.url, { max: 1, onnotice: () => {} })
})
afterAll(async () => {
  await sql.end()
  await database.drop()
})

describe('arrayLiteral', () => {
  test('PostgreSQL reads back every element as given', async () => {
    const texts = [
      'plain',
      '',
      'NULL',
      'null',
      'a,b',
      'a b',
      'tab\there',
      'q"uote',
      'back\\slash',
      '{x}',
      'ü 世界',
      'line\nend',
    ]
    const [row] = await sql<{ t: string[] }[]>`select ${arrayLiteral(texts)}::text[] as t`
    expect(row!.t).toEqual(texts)
    const [nulls] = await sql<{ n: boolean[] }[]>`
      select array(select x is null from unnest(${arrayLiteral(['a', null, 'b'])}::text[]) x) as n`
    expect(nulls!.n).toEqual([false, true, false])
    const ids = [crypto.randomUUID(), crypto.randomUUID()]
    const [typed] = await sql<{ u: string[]; n: string[]; at: Date[] }[]>`
      select ${arrayLiteral(ids)}::uuid[] as u, ${arrayLiteral([1, -2, 9007199254740993n])}::int8[] as n,
        ${arrayLiteral(['2026-12-08T05:00:00.000Z'])}::timestamptz[] as at`
    expect(typed!.u).toEqual(ids)
    expect(typed!.n.map(String)).toEqual(['1', '-2', '9007199254740993'])
    expect(typed!.at[0]!.toISOString()).toBe('2026-12-08T05:00:00.000Z')
    const [empty] = await sql<{ t: string[] }[]>`select ${arrayLiteral([])}::text[] as t`
    expect(empty!.t).toEqual([])
  })
})
