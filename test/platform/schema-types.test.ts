import { expect, test } from 'bun:test'
import { schemaTypes } from '../../src/cli/db-types.ts'
import { PG_BASE_URL } from '../support/services.ts'

test('the Kysely table interfaces match what the migrations create', async () => {
  const result = await schemaTypes({ serverUrl: `${PG_BASE_URL}/postgres`, verify: true })
  expect(result.output).not.toContain('Generated types are not up-to-date')
  expect(result.ok).toBe(true)
}, 60_000)

test('a schema change without regenerated interfaces is caught', async () => {
  const result = await schemaTypes({
    serverUrl: `${PG_BASE_URL}/postgres`,
    verify: true,
    extraSql: 'create table drifted (id int primary key)',
  })
  expect(result.ok).toBe(false)
}, 60_000)
