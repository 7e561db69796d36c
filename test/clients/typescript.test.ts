import { afterAll, beforeAll, expect, test } from 'bun:test'
import { compileErrors, validate } from '@readme/openapi-parser'
import { clientTypes, SCHEMA_FILE } from '../../clients/typescript/generate.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

// The OpenAPI document as clients meet it: valid OpenAPI 3.1, the TypeScript client's types
// generated from it and kept in the repository, and the client's example run against a node.

let node: TestNode
let document: Record<string, unknown>

beforeAll(async () => {
  node = await startTestNode('client')
  document = (await (await node.request('/docs/json')).json()) as Record<string, unknown>
})
afterAll(async () => {
  await node.stop()
})

test('/docs/json is a valid OpenAPI 3.1 document', async () => {
  expect(document.openapi).toBe('3.1.0')
  const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0])
  if (!result.valid) throw new Error(compileErrors(result))
  expect(result.valid).toBe(true)
})

test('clients/typescript/schema.d.ts is what the document generates (npm run client:types)', async () => {
  const generated = await clientTypes(document)
  // After a change of the API: `UPDATE_CLIENT_TYPES=1 bun test test/clients` writes the file (as
  // `npm run client:types` does from a running node).
  if (process.env.UPDATE_CLIENT_TYPES === '1') await Bun.write(SCHEMA_FILE, generated)
  const committed = await Bun.file(SCHEMA_FILE).text()
  if (committed !== generated)
    throw new Error(
      'clients/typescript/schema.d.ts is stale: `UPDATE_CLIENT_TYPES=1 bun test test/clients`, or `npm run client:types` against a running node',
    )
  expect(committed).toContain('"/v1/auth/register/confirm"')
})

test('the example client signs up, posts and reads its home timeline against a node', async () => {
  const example = Bun.spawn([process.execPath, 'clients/typescript/example.ts'], {
    env: { ...process.env, API_URL: node.url, MAIL_DIR: node.mailDir },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [out, err, code] = await Promise.all([
    new Response(example.stdout).text(),
    new Response(example.stderr).text(),
    example.exited,
  ])
  if (code !== 0) throw new Error(`example.ts exited ${code}: ${err}${out}`)
  const summary = JSON.parse(out.trim().split('\n').at(-1)!)
  expect(summary.postId).toMatch(/^[0-9a-f-]{36}$/)
  expect(summary.inHomeTimeline).toBe(true)
  const row = await node.ctx.db
    .selectFrom('posts')
    .select('text')
    .where('id', '=', summary.postId)
    .executeTakeFirst()
  expect(row?.text).toBe(summary.text)
}, 60_000)
