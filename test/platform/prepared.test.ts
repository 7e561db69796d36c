import { afterAll, beforeAll, expect, test } from 'bun:test'
import { sql } from 'kysely'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/connect.ts'
import { prepared } from '../../src/platform/db/prepared.ts'
import { createTestDatabase } from '../support/services.ts'

let handle: DatabaseHandle
let drop: () => Promise<void>

beforeAll(async () => {
  const database = await createTestDatabase('prepared')
  drop = database.drop
  handle = await connectDatabase(
    {
      host: '127.0.0.1',
      port: 5432,
      name: database.name,
      displayUrl: '',
      poolMax: 4,
      createIfMissing: false,
      migrateOnStart: false,
    },
    database.url,
  )
  await sql`create table things (id int primary key, owner_name text not null, size int not null)`.execute(
    handle.db,
  )
  await sql`insert into things values (1, 'ann', 10), (2, 'bob', 20), (3, 'ann', 30)`.execute(handle.db)
})
afterAll(async () => {
  await handle.close()
  await drop()
})

// biome-ignore lint/suspicious/noExplicitAny: the scratch table is not in the generated schema
const things = (db: any) => db.selectFrom('things')

const byOwnerAbove = prepared((db, owner: string, size: number) =>
  things(db)
    .select(['id', 'ownerName'])
    .where('ownerName', '=', owner)
    .where('size', '>', size)
    .orderBy('id'),
)

test('binds new arguments to the compiled query each time, with camelCase columns', async () => {
  expect(await byOwnerAbove(handle.db, 'ann', 0)).toEqual([
    { id: 1, ownerName: 'ann' },
    { id: 3, ownerName: 'ann' },
  ])
  expect(await byOwnerAbove(handle.db, 'ann', 15)).toEqual([{ id: 3, ownerName: 'ann' }])
  expect(await byOwnerAbove(handle.db, 'bob', 0)).toEqual([{ id: 2, ownerName: 'bob' }])
})

test('inside a transaction it runs on the transaction and sees its writes', async () => {
  await handle.db
    .transaction()
    .execute(async (trx) => {
      await sql`insert into things values (4, 'cat', 40)`.execute(trx)
      expect(await byOwnerAbove(trx, 'cat', 0)).toEqual([{ id: 4, ownerName: 'cat' }])
      throw new Error('roll back')
    })
    .catch(() => {})
  expect(await byOwnerAbove(handle.db, 'cat', 0)).toEqual([])
})

test('an argument that is not a plain query parameter is refused', async () => {
  const broken = prepared((db, owner: string) =>
    things(db)
      .select('id')
      .where(sql`owner_name = 'x'`)
      .where('size', '>', owner === '' ? 1 : 0),
  )
  await expect(broken(handle.db, 'ann')).rejects.toThrow('not a query parameter')
})
