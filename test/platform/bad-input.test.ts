import { afterAll, beforeAll, expect, test } from 'bun:test'
import { randomBytes } from 'node:crypto'
import { type Account, call, promote, randomIp, register } from '../support/accounts.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode, writePost } from '../support/social.ts'

// A fuzzer over the OpenAPI document: every operation gets the inputs that used to reach
// PostgreSQL and come back as 500s (NUL in text, bad percent-encoding in the path, `limit=1.5`,
// forged cursors, NUL in each string of a JSON body). Whatever the route answers, it must not be 5xx.

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema and OpenAPI objects, read loosely
type Json = any

interface Operation {
  method: string
  path: string
  params: { in: 'path' | 'query'; name: string; required: boolean; schema: Json }[]
  body?: Json
}

interface Attempt {
  method: string
  path: string
  body?: unknown
}

let node: TestNode
let user: Account
let other: Account
let postId: string
let conversationId: string
let messageId: string

beforeAll(async () => {
  node = await startSocialNode('bad_input')
  // An administrator, so that admin routes are exercised past the permission check too.
  user = await promote(node, await register(node), 'admin')
  other = await register(node)
  postId = await writePost(node, other, { text: 'fuzz target #fuzz' })
  const token = user.tokens.accessToken
  const opened = await call(node, 'POST', '/v1/conversations', { token, body: { members: [other.username] } })
  conversationId = opened.body.id
  const sent = await call(node, 'POST', `/v1/conversations/${conversationId}/messages`, {
    token,
    body: { text: 'hello', clientId: crypto.randomUUID() },
  })
  messageId = sent.body.id
  if (!conversationId || !messageId)
    throw new Error(`setup failed: ${JSON.stringify([opened.body, sent.body])}`)
})
afterAll(async () => {
  await node.stop()
})

/** A plausible value for a path parameter, so that the route gets past its lookups. */
function pathValue(path: string, name: string): string {
  if (name === 'messageId') return messageId
  if (name === 'id' && path.startsWith('/v1/conversations/')) return conversationId
  if (name === 'username') return other.username
  if (name === 'provider') return 'github'
  if (name === 'tag') return 'fuzz'
  if (name === 'variant') return 'small'
  if (name === 'token') return 'token'
  return postId
}

function queryValue(schema: Json): string {
  const options = schema.anyOf ?? [schema]
  if (options.some((s: Json) => s.type === 'boolean')) return 'false'
  if (schema.enum) return schema.enum[0]
  if (schema.format === 'uuid') return postId
  if (schema.format === 'uri') return 'https://example.test/'
  return 'fuzz'
}

/**
 * A value that satisfies a JSON schema well enough that the property under test is reached: with
 * `all`, every property of an object, otherwise only the required ones.
 */
function sample(schema: Json, all = true): unknown {
  if (!schema || typeof schema !== 'object') return 'x'
  if ('const' in schema) return schema.const
  if (schema.enum) return schema.enum[0]
  const options = schema.anyOf ?? schema.oneOf
  if (options) return sample(pick(options), all)
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      const required = new Set<string>(schema.required ?? [])
      for (const [key, prop] of Object.entries(schema.properties ?? {}))
        if (all || required.has(key)) out[key] = sample(prop, all)
      return out
    }
    case 'array':
      return schema.items ? [sample(schema.items, all)] : []
    case 'integer':
    case 'number':
      return schema.minimum ?? 1
    case 'boolean':
      return false
    case 'string':
      if (schema.format === 'email') return `fuzz-${randomBytes(4).toString('hex')}@example.test`
      if (schema.format === 'uuid') return crypto.randomUUID()
      if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString()
      if (schema.format === 'uri') return 'https://example.test/'
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1))
    default:
      return 'x'
  }
}

/** Paths (as property lists) of the string values in a sample body. */
function stringPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [at]
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]))
  return []
}

function pick(options: Json[]): Json {
  return options.find((s: Json) => s.type !== 'null') ?? options[0]
}

/** The smallest body the schema takes, with `value` at `at` (and what leads there). */
function withValue(schema: Json, at: (string | number)[], value: unknown): unknown {
  const body = sample(schema, false) as Record<string | number, unknown>
  let target = body
  let here = schema
  for (const key of at.slice(0, -1)) {
    here = here.anyOf || here.oneOf ? pick(here.anyOf ?? here.oneOf) : here
    here = typeof key === 'number' ? here.items : here.properties[key]
    target[key] ??= sample(here, false)
    target = target[key] as Record<string | number, unknown>
  }
  target[at.at(-1)!] = value
  return body
}

function operations(doc: Json): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const upper = method.toUpperCase()
      // The document gives every body its schema (a test in http.test.ts holds it to that); bodies
      // of fields only (a tus chunk is bytes).
      const content =
        op.requestBody?.content?.['application/json'] ?? op.requestBody?.content?.['multipart/form-data']
      ops.push({
        method: upper,
        path,
        params: (op.parameters ?? []).filter((p: Json) => p.in === 'path' || p.in === 'query'),
        body: content?.schema,
      })
    }
  }
  return ops
}

const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url')

/** Cursors this API never gave out, each once a 500 somewhere. */
function forgedCursors(): string[] {
  return [
    randomBytes(24).toString('base64url'),
    cursor(['+300000-01-01T00:00:00.000Z', crypto.randomUUID()]),
    cursor(['-010000-01-01T00:00:00.000Z', crypto.randomUUID()]),
    cursor(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
    cursor(['s', '1', 'not-a-uuid']),
    cursor(['s', '1.5', crypto.randomUUID()]),
    cursor(['s', `1${'0'.repeat(400)}`, crypto.randomUUID()]),
    cursor(['s', '1', 'a\u0000b']),
  ]
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/
const EDGE_TIMES = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-010000-01-01T00:00:00.000Z',
]

/** The requests to try for one operation. */
function attempts(op: Operation): Attempt[] {
  const pathParams = op.params.filter((p) => p.in === 'path')
  const queryParams = op.params.filter((p) => p.in === 'query')
  const build = (path: Record<string, string> = {}, query: Record<string, string> = {}) => {
    let url = op.path.replace(
      /\{(\w+)\}/g,
      (_, name) => path[name] ?? encodeURIComponent(pathValue(op.path, name)),
    )
    url = url.replace(/\*$/, 'x')
    const pairs: string[] = []
    for (const p of queryParams) {
      if (p.name in query) pairs.push(`${p.name}=${query[p.name]}`)
      else if (p.required) pairs.push(`${p.name}=${encodeURIComponent(queryValue(p.schema))}`)
    }
    return pairs.length ? `${url}?${pairs.join('&')}` : url
  }
  const list: Attempt[] = []
  const get = (url: string) => list.push({ method: op.method, path: url })
  for (const p of pathParams) {
    for (const bad of ['a%00b', '%ED%A0%80', '%zz', '%C0%AF']) get(build({ [p.name]: bad }))
  }
  for (const p of queryParams) {
    const options = p.schema.anyOf ?? [p.schema]
    if (options.some((s: Json) => s.type === 'string' && !s.format)) get(build({}, { [p.name]: 'a%00b' }))
    get(build({}, { [p.name]: '%ED%A0%80' }))
  }
  const enums = queryParams.find((p) => p.schema.enum && p.name !== 'limit')
  const variants = enums ? enums.schema.enum.map((v: string) => ({ [enums.name]: v })) : [{}]
  for (const variant of variants) {
    if (queryParams.some((p) => p.name === 'limit')) {
      for (const limit of ['1.5', '1e400', '-1', '99999999999999999999'])
        get(build({}, { ...variant, limit }))
    }
    if (queryParams.some((p) => p.name === 'cursor')) {
      for (const c of forgedCursors()) get(build({}, { ...variant, cursor: c }))
    }
  }
  if (op.body && op.method !== 'GET' && op.method !== 'HEAD') {
    const full = sample(op.body)
    const send = (at: (string | number)[], value: unknown) =>
      list.push({ method: op.method, path: build(), body: withValue(op.body, at, value) })
    for (const at of stringPaths(full)) {
      send(at, 'a\u0000b')
      // Times at the edges of what JavaScript, the format check and PostgreSQL each take.
      if (ISO_TIME.test(at.reduce<Json>((v, k) => v[k], full))) for (const time of EDGE_TIMES) send(at, time)
    }
    for (const at of numberPaths(full)) {
      send(at, 2 ** 64)
      send(at, 1.5)
    }
  }
  return list
}

function numberPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [at]
  if (Array.isArray(value)) return value.flatMap((v, i) => numberPaths(v, [...at, i]))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => numberPaths(v, [...at, k]))
  return []
}

test('no operation answers 5xx to bad input', async () => {
  const doc = await (await node.request('/docs/json')).json()
  const ops = operations(doc)
  expect(ops.length).toBeGreaterThan(80)
  const failures: string[] = []
  let sent = 0
  const statuses: Record<number, number> = {}
  for (const op of ops) {
    for (const attempt of attempts(op)) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${user.tokens.accessToken}`,
        'x-forwarded-for': randomIp(),
      }
      if (attempt.body !== undefined) headers['content-type'] = 'application/json'
      const res = await node.request(attempt.path, {
        method: attempt.method,
        headers,
        body: attempt.body === undefined ? undefined : JSON.stringify(attempt.body),
      })
      const text = await res.text()
      sent++
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
      if (res.status >= 500) {
        const body = attempt.body === undefined ? '' : ` ${JSON.stringify(attempt.body)}`
        failures.push(`${res.status} ${attempt.method} ${attempt.path}${body} -> ${text.slice(0, 120)}`)
      }
    }
  }
  // The database's refusals are answered 422 too, but each is a check missing before the query.
  const refusedByDatabase = node.logs.filter((l) => l.msg === 'the database refused a value of the request')
  console.log(
    `bad-input fuzz: ${sent} requests over ${ops.length} operations, ${failures.length} 5xx, ` +
      `${refusedByDatabase.length} refused only by the database; statuses ${JSON.stringify(statuses)}`,
  )
  for (const line of refusedByDatabase) {
    const access = node.logs.find((l) => l.requestId === line.requestId && l !== line && 'status' in l)
    console.log(`refused by the database: ${line.sqlstate} ${JSON.stringify(access ?? line.requestId)}`)
  }
  if (failures.length) console.log(failures.join('\n'))
  expect(failures).toEqual([])
}, 30_000)
