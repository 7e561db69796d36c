import { expect } from 'bun:test'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/platform/db/schema.ts'
import { type Account, call } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { uploadBytes } from '../support/media.ts'
import type { TestNode } from '../support/node.ts'

/**
 * A reference of the holder's made from the file at `path` (a tus upload), once fingerprinted
 * (`active`); resolves with its id. Polled gently: reads are rate limited (`copyright.read`).
 */
export async function activeReference(
  node: TestNode,
  holder: Account,
  path: string,
  body: { title: string; kind?: 'audio' | 'video' | 'both'; policies: Record<string, string> },
): Promise<string> {
  const token = holder.tokens.accessToken
  const uploadId = await uploadBytes(node.url, token, new Uint8Array(await Bun.file(path).arrayBuffer()))
  const created = await call(node, 'POST', '/v1/copyright/references', { token, body: { uploadId, ...body } })
  expect(created.status).toBe(201)
  await eventually(async () => {
    await Bun.sleep(250)
    const ref = await call(node, 'GET', `/v1/copyright/references/${created.body.id}`, { token })
    return ref.body.status === 'active'
  }, 90_000)
  return created.body.id
}

/** An account's balance in the payments ledger (credits negative). */
export async function ledgerBalance(db: Kysely<DB>, account: string, currency = 'usd'): Promise<number> {
  const row = await db
    .selectFrom('ledgerBalances')
    .select('balance')
    .where('account', '=', account)
    .where('currency', '=', currency)
    .executeTakeFirst()
  return Number(row?.balance ?? 0)
}
