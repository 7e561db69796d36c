import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { connect } from 'node:net'
import { Elysia, t } from 'elysia'
import { sql } from 'kysely'
import { modules } from '../../src/modules.ts'
import { AccessLog } from '../../src/platform/access-log.ts'
import { HttpError, problems } from '../../src/platform/errors.ts'
import { accessControl, type Principal } from '../../src/platform/http/access.ts'
import { Integer } from '../../src/platform/http/integer.ts'
import { clientAddress, createPipeline } from '../../src/platform/http/pipeline.ts'
import { defineModule } from '../../src/platform/module.ts'
import type { Platform } from '../../src/platform/platform.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

// Identity is another issue: here a header names the caller, so that the permission hook can be tested.
const authenticator = {
  authenticate: async (request: Request): Promise<Principal | null> => {
    const who = request.headers.get('x-test-user')
    if (!who) return null
    const [userId, role] = who.split(':')
    return { userId: userId!, role: role!, sessionId: 's1' }
  },
}

function testRoutes(ctx: Platform) {
  const access = accessControl(
    authenticator,
    (principal, permission) => permission === 'things:read' && principal.role === 'admin',
  )
  // /cast sends a value as text and casts it in SQL (the driver would parse a time itself first):
  // what the database says of a value no check refused.
  return new Elysia({ prefix: '/test' })
    .use(access)
    .post('/items', ({ body }) => ({ saved: body.email }), {
      body: t.Object({ email: t.String({ format: 'email' }), age: t.Integer({ minimum: 0 }) }),
    })
    .get('/plain', () => ({ plain: true }))
    .get('/boom', () => {
      throw new Error('database password is hunter2')
    })
    .get('/badshape', () => ({ n: 'not a number' }) as unknown as { n: number }, {
      response: t.Object({ n: t.Number() }),
    })
    .get('/limited', () => {
      throw new HttpError(problems.rateLimited, 'Slow down', { headers: { 'retry-after': '7' } })
    })
    .post('/unique/:key', async ({ params }) => {
      await sql`insert into test_unique (key) values (${params.key})`.execute(ctx.db)
      return { ok: true }
    })
    .get('/private', ({ principal }) => ({ userId: principal.userId }), { permission: 'things:read' })
    .get(
      '/lookup',
      async ({ query }) => ({
        found: (await sql`select 1 from test_unique where key = ${query.q}`.execute(ctx.db)).rows.length,
      }),
      { query: t.Object({ q: t.String() }) },
    )
    .post(
      '/notes',
      async ({ body }) => {
        await sql`insert into test_unique (key) values (${JSON.stringify(body)})`.execute(ctx.db)
        return { ok: true }
      },
      { body: t.Object({ text: t.String(), tags: t.Array(t.String()) }, { additionalProperties: true }) },
    )
    .get('/cast', async ({ query }) => {
      await sql`select (${query.value}::text)::${sql.raw(query.type ?? 'text')}`.execute(ctx.db)
      return { ok: true }
    })
    .post(
      '/counter',
      async ({ body }) => {
        await sql`select ${body.n}::bigint`.execute(ctx.db)
        return { ok: true }
      },
      { body: t.Object({ n: Integer({ minimum: 0 }) }) },
    )
    .post(
      '/form',
      async ({ body }) => {
        await sql`insert into test_unique (key) values (${body.altText})`.execute(ctx.db)
        return { ok: true }
      },
      { body: t.Object({ file: t.File(), altText: t.String() }) },
    )
}

let node: TestNode

beforeAll(async () => {
  node = await startTestNode('http', {
    env: { CORS_ORIGINS: 'https://app.example', BODY_LIMIT_BYTES: '2048' },
    modules: [
      ...modules,
      defineModule({
        name: 'test',
        needs: {},
        build: (platform) => ({ services: {}, api: { routes: () => [testRoutes(platform)] } }),
      }),
    ],
  })
  await sql`create table test_unique (key text primary key)`.execute(node.ctx.db)
})

afterAll(async () => {
  await node.stop()
})

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const body = (await res.json()) as Record<string, unknown>
  expect(body.status).toBe(status)
  expect(body.code).toBe(code)
  expect(body.type).toBe(`https://socialflow.dev/problems/${code.replaceAll('_', '-')}`)
  expect(typeof body.title).toBe('string')
  expect(typeof body.detail).toBe('string')
  expect(body.requestId).toBe(res.headers.get('x-request-id')!)
  return body
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('problem responses', () => {
  test('a valid request passes', async () => {
    const res = await node.request('/v1/test/items', json({ email: 'a@b.co', age: 3 }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ saved: 'a@b.co' })
  })

  test('422 names the failing fields', async () => {
    const res = await node.request('/v1/test/items', json({ email: 'not-an-email', age: -1 }))
    const body = await problem(res, 422, 'validation_failed')
    const fields = (body.errors as { field: string }[]).map((e) => e.field)
    expect(fields).toContain('body.email')
    expect(fields).toContain('body.age')
  })

  test('an unknown body field is a 422 naming it, at any depth, in JSON and in forms alike', async () => {
    const top = await problem(
      await node.request('/v1/test/items', json({ email: 'a@b.co', age: 3, avatar: 'x' })),
      422,
      'validation_failed',
    )
    expect(top.errors).toEqual([{ field: 'body.avatar', message: expect.stringContaining('unknown') }])
    const nested = await node.request('/v1/me', {
      ...json({ links: [{ title: 'a', url: 'https://a.example', rel: 'me' }] }),
      method: 'PATCH',
    })
    // Refused before the route's token check even: what is wrong with the request is said first.
    expect(((await nested.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(
      'body.links.0.rel',
    )
    const form = new FormData()
    form.set('file', new Blob(['x']), 'x.txt')
    form.set('altText', 'a')
    form.set('caption', 'b')
    const formRes = await node.request('/v1/test/form', { method: 'POST', body: form })
    expect(((await problem(formRes, 422, 'validation_failed')).errors as { field: string }[])[0]!.field).toBe(
      'body.caption',
    )
    // A schema that says it is open takes more fields.
    const open = await node.request('/v1/test/notes', json({ text: 'a', tags: [], more: 1 }))
    expect(open.status).toBe(200)
  })

  test('400 for a body that is not JSON', async () => {
    await problem(await node.request('/v1/test/items', json('{"email": ')), 400, 'malformed_body')
  })

  test('401 without credentials, 403 without the permission, 200 with it', async () => {
    await problem(await node.request('/v1/test/private'), 401, 'unauthenticated')
    const forbidden = await problem(
      await node.request('/v1/test/private', { headers: { 'x-test-user': 'u1:user' } }),
      403,
      'forbidden',
    )
    expect(forbidden.permission).toBe('things:read')
    const ok = await node.request('/v1/test/private', { headers: { 'x-test-user': 'u2:admin' } })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ userId: 'u2' })
  })

  test('404 for an unknown path', async () => {
    await problem(await node.request('/v1/nothing-here'), 404, 'not_found')
  })

  test('405 with Allow for a known path and another method', async () => {
    const res = await node.request('/v1/test/items', { method: 'DELETE' })
    await problem(res, 405, 'method_not_allowed')
    expect(res.headers.get('allow')).toBe('POST')
    const param = await node.request('/v1/test/unique/abc', { method: 'GET' })
    await problem(param, 405, 'method_not_allowed')
  })

  test('409 when the database refuses a duplicate', async () => {
    expect((await node.request('/v1/test/unique/k1', { method: 'POST' })).status).toBe(200)
    await problem(await node.request('/v1/test/unique/k1', { method: 'POST' }), 409, 'conflict')
  })

  test('413 for a body over the limit, before it is read', async () => {
    const big = JSON.stringify({ email: 'a@b.co', age: 1, pad: 'x'.repeat(4096) })
    const body = await problem(await node.request('/v1/test/items', json(big)), 413, 'payload_too_large')
    expect(body.limitBytes).toBe(2048)
  })

  test('413 over a real socket, from the declared length', async () => {
    const big = JSON.stringify({ email: 'a@b.co', age: 1, pad: 'x'.repeat(4096) })
    const res = await fetch(`${node.url}/v1/test/items`, json(big))
    await problem(res, 413, 'payload_too_large')
  })

  test('a body without Content-Length is refused as soon as it passes the limit, never read whole', async () => {
    let sent = 0
    // An endless JSON body, chunked: it must be cut off, not buffered.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024
        controller.enqueue(new TextEncoder().encode(sent === 1024 ? '{"pad":"' : 'x'.repeat(1024)))
        if (sent > 10 * 1024 * 1024) controller.close()
      },
    })
    const res = await fetch(`${node.url}/v1/test/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    })
    await problem(res, 413, 'payload_too_large')
    expect(sent).toBeLessThan(1024 * 1024)
    const form = await fetch(`${node.url}/v1/test/items`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('--x\r\n'))
          controller.close()
        },
      }),
      duplex: 'half',
    })
    await problem(form, 411, 'length_required')
  })

  test('415 for a body of another content type', async () => {
    const res = await node.request('/v1/test/items', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    })
    await problem(res, 415, 'unsupported_media_type')
  })

  test('429 carries Retry-After', async () => {
    const res = await node.request('/v1/test/limited')
    await problem(res, 429, 'rate_limited')
    expect(res.headers.get('retry-after')).toBe('7')
  })

  test('a response that breaks its own schema is a 500 (our bug), not a 422', async () => {
    const body = await problem(await node.request('/v1/test/badshape'), 500, 'internal_error')
    expect(
      node.logs.some((l) => l.msg === 'response does not match its schema' && l.requestId === body.requestId),
    ).toBe(true)
  })

  test('500 hides the error and logs it with the request id', async () => {
    const res = await node.request('/v1/test/boom')
    const body = await problem(res, 500, 'internal_error')
    expect(JSON.stringify(body)).not.toContain('hunter2')
    expect(JSON.stringify(body)).not.toContain('at ')
    const logged = node.logs.find((l) => l.msg === 'unhandled error' && l.requestId === body.requestId)
    expect(logged).toBeDefined()
  })
})

describe('text PostgreSQL cannot store is refused before any route', () => {
  test('NUL in the path is a 400', async () => {
    const body = await problem(
      await node.request('/v1/test/unique/a%00b', { method: 'POST' }),
      400,
      'malformed_request',
    )
    expect(body.detail).toContain('NUL')
  })

  test('a path that is not percent-encoded UTF-8 is a 400', async () => {
    for (const bad of ['%ED%A0%80', '%zz', '%C0%AF', '%'])
      await problem(
        await node.request(`/v1/test/unique/${bad}`, { method: 'POST' }),
        400,
        'malformed_request',
      )
    expect((await node.request('/v1/test/unique/caf%C3%A9', { method: 'POST' })).status).toBe(200)
  })

  test('NUL in a query value is a 422 naming the parameter', async () => {
    const body = await problem(await node.request('/v1/test/lookup?q=a%00b'), 422, 'validation_failed')
    expect(body.errors).toEqual([{ field: 'query.q', message: 'must not contain NUL (U+0000)' }])
    expect((await node.request('/v1/test/lookup?q=a%2500b')).status).toBe(200)
  })

  test('NUL in any string or key of a JSON body is a 422 naming the field', async () => {
    const nested = await node.request('/v1/test/notes', json({ text: 'ok', tags: ['a', 'b\u0000'] }))
    expect((await problem(nested, 422, 'validation_failed')).errors).toEqual([
      { field: 'body.tags.1', message: 'must not contain NUL (U+0000)' },
    ])
    const key = await node.request('/v1/test/notes', json({ text: 'ok', tags: [], 'a\u0000': 1 }))
    expect((await problem(key, 422, 'validation_failed')).errors).toEqual([
      { field: 'body.a\\0', message: 'must not contain NUL (U+0000)' },
    ])
    expect((await node.request('/v1/test/notes', json({ text: 'a\\u0000', tags: [] }))).status).toBe(200)
  })

  test('NUL in a form field is a 422 as well', async () => {
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array([0, 1, 0])]), 'x.bin')
    form.set('altText', 'a\u0000b')
    const res = await node.request('/v1/test/form', { method: 'POST', body: form })
    expect((await problem(res, 422, 'validation_failed')).errors).toEqual([
      { field: 'body.altText', message: 'must not contain NUL (U+0000)' },
    ])
    form.set('altText', 'fine')
    expect((await node.request('/v1/test/form', { method: 'POST', body: form })).status).toBe(200)
  })
})

describe('integers', () => {
  test('a limit is an integer within its bounds, on every list', async () => {
    for (const path of ['/v1/timelines/public', '/v1/trending/tags', '/v1/trending/posts']) {
      for (const limit of ['1.5', '0', '101', '1e400', 'ten']) {
        const body = await problem(await node.request(`${path}?limit=${limit}`), 422, 'validation_failed')
        expect((body.errors as { field: string }[])[0]!.field).toBe('query.limit')
      }
      expect((await node.request(`${path}?limit=7`)).status).toBe(200)
    }
  })

  test('the OpenAPI document gives a limit as an integer with its bounds', async () => {
    const doc = (await (await node.request('/docs/json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: unknown }[] } }>
    }
    const limit = doc.paths['/v1/timelines/public']!.get.parameters.find((p) => p.name === 'limit')
    expect(limit?.schema).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  })

  test('a number in a body past 2^53 - 1 is a 422 naming it, whatever its schema', async () => {
    for (const n of ['18446744073709551616', '-9007199254740993', '1e400']) {
      const body = await problem(
        await node.request('/v1/test/counter', json(`{"n": ${n}}`)),
        422,
        'validation_failed',
      )
      expect((body.errors as { field: string }[])[0]!.field).toBe('body.n')
    }
    expect((await node.request('/v1/test/counter', json({ n: Number.MAX_SAFE_INTEGER }))).status).toBe(200)
  })
})

describe('the last line: data the database refuses', () => {
  test('a data exception (SQLSTATE class 22) is a 422, logged as a warning, never a 500', async () => {
    const cases = [
      ['22P02', 'not-a-uuid', 'uuid'],
      ['22P02', 'ten', 'int'],
      ['22003', '99999999999999999999', 'bigint'],
      ['22008', '300000-01-01', 'timestamptz'],
      ['22007', 'tomorrow-ish', 'date'],
    ]
    for (const [sqlstate, value, type] of cases) {
      const res = await node.request(`/v1/test/cast?value=${value}&type=${type}`)
      const body = await problem(res, 422, 'validation_failed')
      const logged = node.logs.find((l) => l.requestId === body.requestId && l.sqlstate === sqlstate)
      expect(logged?.level).toBe('warn')
      expect(node.logs.some((l) => l.requestId === body.requestId && l.msg === 'unhandled error')).toBe(false)
    }
    expect((await node.request('/v1/test/cast?value=7&type=int')).status).toBe(200)
  })
})

describe('every response', () => {
  test("carries a request id of its own, not the client's", async () => {
    const own = await node.request('/v1', { headers: { 'x-request-id': 'client-chosen-id-1' } })
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const other = await node.request('/v1')
    expect(other.headers.get('x-request-id')).not.toBe(own.headers.get('x-request-id'))
  })

  test("behind a trusted proxy (TRUST_PROXY) echoes the balancer's X-Request-Id when it is sane", async () => {
    const lines: string[] = []
    const handle = createPipeline({
      accessLog: new AccessLog('n1', true, (chunk) => lines.push(chunk)),
      metrics: node.ctx.metrics,
      lifecycle: node.ctx.lifecycle,
      cors: { origins: [], allowCredentials: false },
      bodyLimitBytes: 1024,
      trustProxy: true,
      handle: async () => new Response('{}'),
    })
    const own = await handle(new Request('http://x/v1', { headers: { 'x-request-id': 'balancer-id-1' } }))
    expect(own.headers.get('x-request-id')).toBe('balancer-id-1')
    const bad = await handle(
      new Request('http://x/v1', { headers: { 'x-request-id': 'no spaces allowed <>' } }),
    )
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('log lines stay valid JSON whatever the path holds', async () => {
    const lines: string[] = []
    const log = new AccessLog('n"1', true, (chunk) => lines.push(chunk))
    log.request('id-1', 'GET', '/v1/a"b\\c\u0001', '/v1/:x', 404, 1.5, '10.0.0.1')
    log.request('id-2', 'GET', '/v1/plain', 'unmatched', 200, 0.1, undefined)
    log.flush()
    const parsed = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(parsed[0]).toMatchObject({
      node: 'n"1',
      path: '/v1/a"b\\c\u0001',
      status: 404,
      ip: '10.0.0.1',
      ms: 1.5,
    })
    expect(parsed[1]).toMatchObject({ level: 'info', requestId: 'id-2', route: 'unmatched', msg: 'request' })
    expect('ip' in parsed[1]).toBe(false)
  })

  // Bun answers a Response returned synchronously on its fast path; a promise on the way cost
  // ~10% of a small request. Elysia composes a route as async when any hook looks async to it
  // (a body parser, or a hook whose source reads like `=> call(`), so the app keeps its hooks so.
  test('a GET whose handler is synchronous is answered without a promise on the way', async () => {
    const answer = node.handle(new Request('http://localhost/v1'))
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).status).toBe(200)
    expect((answer as Response).headers.get('x-frame-options')).toBe('DENY')
    const feature = node.handle(new Request('http://localhost/v1/test/plain'))
    expect(feature).toBeInstanceOf(Response)
    expect(await (feature as Response).json()).toEqual({ plain: true })
    // A POST still goes through the body parser, and its answer is a promise.
    const post = node.handle(
      new Request('http://localhost/v1/test/items', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', age: 3 }),
      }),
    )
    expect(post).toBeInstanceOf(Promise)
    expect((await post).status).toBe(200)
  })

  test('carries security headers', async () => {
    const res = await node.request('/v1/nothing-here')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('strict-transport-security')).toContain('max-age=')
    const docs = await node.request('/docs')
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(docs.headers.get('referrer-policy')).toBe('no-referrer')
  })

  test('is logged as one JSON line with the request id, route and latency', async () => {
    const res = await node.request('/v1/test/items', json({ email: 'x@y.io', age: 1 }))
    const id = res.headers.get('x-request-id')
    const line = node.logs.find((l) => l.msg === 'request' && l.requestId === id)
    expect(line).toMatchObject({ method: 'POST', route: '/v1/test/items', status: 200, level: 'info' })
    expect(typeof line!.ms).toBe('number')
  })

  test('logs the client address only from a trusted proxy (TRUST_PROXY)', async () => {
    const res = await fetch(`${node.url}/v1`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    node.ctx.accessLog.flush()
    const line = node.logs.find((l) => l.msg === 'request' && l.requestId === res.headers.get('x-request-id'))
    expect(line).toBeDefined()
    expect(line?.ip).toBeUndefined()
    const trusted = clientAddress(
      new Request('http://x/', { headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' } }),
      undefined,
      true,
    )
    // The balancer appends the address it saw: the last entry. Earlier ones are the client's say.
    expect(trusted).toBe('10.0.0.1')
    const junk = clientAddress(
      new Request('http://x/', { headers: { 'x-forwarded-for': '1.2.3.' } }),
      undefined,
      true,
    )
    expect(junk).toBeUndefined()
  })
})

/** One request written by hand over a socket (Host and all); the status, headers and body of the answer. */
async function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  const port = Number(new URL(node.url).port)
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let data = ''
    let quiet: Timer | undefined
    // Answered when the server closes, or (a connection kept open) once nothing more came for a while.
    socket.on('data', (chunk) => {
      data += chunk
      clearTimeout(quiet)
      quiet = setTimeout(() => {
        socket.destroy()
        resolve(data)
      }, 300)
    })
    socket.on('end', () => {
      clearTimeout(quiet)
      resolve(data)
    })
    socket.on('error', reject)
  })
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), headers: head, body }
}

const get = (path: string, host: string | null, version = '1.1') =>
  raw(`GET ${path} HTTP/${version}\r\n${host === null ? '' : `Host: ${host}\r\n`}Connection: close\r\n\r\n`)

describe('the Host header', () => {
  test('a short host shifts nothing: the path routed is the path sent', async () => {
    for (const host of ['x', 'ab', 'a:1', '[::1]', 'abcd', 'localhost:80']) {
      const plain = await get('/v1/test/plain', host)
      expect([host, plain.status, plain.body]).toEqual([host, 200, '{"plain":true}'])
      // Routed as /v1/test/plain when the first 11 characters of the URL were taken for its origin.
      const doubled = await get('/v1/v1/test/plain', host)
      expect([host, doubled.status]).toEqual([host, 404])
      expect(JSON.parse(doubled.body)).toMatchObject({
        code: 'not_found',
        detail: 'No resource at /v1/v1/test/plain',
      })
    }
    const post = await raw(
      'POST /v1/v1/test/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 27\r\nConnection: close\r\n\r\n{"email":"a@b.co","age":3}\n',
    )
    expect(post.status).toBe(404)
  })

  test('an HTTP/1.0 request without Host is routed by its own path', async () => {
    expect((await get('/v1/test/plain', null, '1.0')).status).toBe(200)
    expect((await get('/v1/users/someone/x/v1/test/plain', null, '1.0')).status).toBe(404)
    const body = '{"email":"a@b.co","age":3}'
    const post = await raw(
      `POST /v1/test/items HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    )
    expect([post.status, post.body]).toEqual([200, '{"saved":"a@b.co"}'])
  })

  test('an invalid Host is a 400 before routing, logged with the real path', async () => {
    for (const host of ['a/b', 'a b', 'a@b', 'a?b', 'a#b', 'x:port', 'a%2fb', '', 'é']) {
      const res = await get('/v1/test/plain', host)
      expect([host, res.status]).toEqual([host, 400])
      const body = JSON.parse(res.body)
      expect(body).toMatchObject({ code: 'malformed_request', status: 400 })
      node.ctx.accessLog.flush()
      const line = node.logs.find((l) => l.msg === 'request' && l.requestId === body.requestId)
      expect(line).toMatchObject({ path: '/v1/test/plain', status: 400 })
    }
    const two = await raw('GET /v1/test/plain HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n')
    expect(two.status).toBe(400)
    // The gateway's path too: refused before the upgrade is looked at.
    const upgrade = await raw(
      'GET /v1/gateway HTTP/1.1\r\nHost: a/b\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    )
    expect(upgrade.status).toBe(400)
  })
})

describe('CORS', () => {
  test('an allowed origin gets the CORS headers', async () => {
    const res = await node.request('/v1', { headers: { origin: 'https://app.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(res.headers.get('vary')).toContain('Origin')
  })

  test('another origin gets none', async () => {
    const res = await node.request('/v1', { headers: { origin: 'https://evil.example' } })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('a preflight from an allowed origin lists methods and headers', async () => {
    const res = await node.request('/v1/test/items', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization')
    const denied = await node.request('/v1/test/items', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
  })
})

type Operation = {
  requestBody?: {
    required?: boolean
    content: Record<string, { schema?: { properties?: Record<string, unknown> } }>
  }
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
  security?: unknown
  'x-rate-limit-class'?: string
}
type OpenApi = {
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes?: Record<string, { type: string; scheme: string }> }
}

async function openApi(): Promise<OpenApi> {
  return (await (await node.request('/docs/json')).json()) as OpenApi
}

function operations(doc: OpenApi) {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  )
}

/** A path of the document with a value its parameters take (a UUID for every kind of id). */
function filled(path: string): string {
  const values: Record<string, string> = {
    provider: 'google',
    variant: 'small',
    username: 'nobody',
    tag: 'tag',
  }
  return path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => values[name] ?? '0190a3b2-0000-7000-8000-000000000000',
  )
}

/**
 * Reads that have no rate-limit class yet: the feed's and search's, which another branch is
 * reworking (they get the shared `api.reads` class there). Every other GET under /v1 has one.
 */

describe('operations endpoints', () => {
  test('/healthz and /readyz answer', async () => {
    expect((await node.request('/healthz')).status).toBe(200)
    const ready = await node.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: { postgres: { ok: true }, nats: { ok: true } },
    })
  })

  test('/metrics counts requests per route template and status', async () => {
    await node.request('/v1/test/unique/m1', { method: 'POST' })
    await node.request('/v1/test/unique/m2', { method: 'POST' })
    // Errors are counted under the route that answered them, not as unmatched.
    expect((await node.request('/v1/test/unique/m2', { method: 'POST' })).status).toBe(409)
    expect((await node.request('/v1/test/items', json({ email: 'no', age: -1 }))).status).toBe(422)
    // Over the socket: without METRICS_TOKEN, metrics go to loopback clients only.
    const text = await (await fetch(`${node.url}/metrics`)).text()
    expect(text).toMatch(
      /sf_http_requests_total\{method="POST",route="\/v1\/test\/unique\/:key",status="200"[^}]*\} [2-9]/,
    )
    expect(text).toMatch(
      /sf_http_requests_total\{method="POST",route="\/v1\/test\/unique\/:key",status="409"[^}]*\} [1-9]/,
    )
    expect(text).toMatch(
      /sf_http_requests_total\{method="POST",route="\/v1\/test\/items",status="422"[^}]*\} [1-9]/,
    )
    expect(text).toContain('sf_http_request_duration_seconds_bucket{')
    expect(text).toMatch(/sf_gateway_connections\{[^}]*\} 0/)
    expect(text).toMatch(/sf_outbox_pending_events\{[^}]*\} \d+/)
    expect(text).toMatch(/sf_outbox_lag_seconds\{[^}]*\} /)
    expect(text).toMatch(/sf_jetstream_stream_messages\{stream="T_[A-Z0-9_]+_EVENTS"/)
  })

  test('/docs/json is an OpenAPI 3.1 document listing the routes with their schemas', async () => {
    const res = await node.request('/docs/json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      paths: Record<string, Record<string, { summary?: string; requestBody?: unknown; responses?: unknown }>>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toMatch(/^3\.1/)
    expect(doc.paths['/healthz']?.get?.summary).toBeTruthy()
    expect(doc.paths['/readyz']?.get?.responses).toHaveProperty('503')
    expect(doc.paths['/v1/test/items']?.post?.requestBody).toBeDefined()
    // The video pipeline's routes, the tus ones included.
    expect(doc.paths['/v1/videos']?.post?.requestBody).toBeDefined()
    expect(doc.paths['/v1/videos/{id}/playback']?.get?.summary).toBeTruthy()
    expect(doc.paths['/v1/uploads']?.post?.summary).toContain('tus')
    expect(doc.paths['/v1/uploads/{id}']?.patch).toBeDefined()
    expect(doc.paths['/v1/admin/jobs']?.get?.summary).toBeTruthy()
    expect(doc.components.schemas.Problem).toBeDefined()
    expect((await node.request('/docs')).status).toBe(200)
  })

  test('/docs works offline: the viewer is served by the app, and its page loads nothing from elsewhere', async () => {
    const page = await node.request('/docs')
    const html = await page.text()
    expect(html).toContain('<script src="/docs/scalar.js"')
    expect(html).not.toMatch(/https?:\/\//)
    // Scripts from the app alone (and the hash of the page's one inline element, whitespace).
    expect(page.headers.get('content-security-policy')).toMatch(
      /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')?;/,
    )
    expect(page.headers.get('content-security-policy')).not.toContain('https:')
    const viewer = await node.request('/docs/scalar.js')
    expect(viewer.status).toBe(200)
    expect(viewer.headers.get('content-type')).toContain('text/javascript')
    expect((await viewer.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
  })

  test('/docs/json: every request body with its schema, problem responses beside success ones, and who needs a token', async () => {
    const doc = await openApi()
    const login = doc.paths['/v1/auth/login']!.post!
    expect(Object.keys(login.requestBody!.content)).toEqual(['application/json'])
    expect(Object.keys(login.requestBody!.content['application/json']!.schema!.properties!)).toEqual(
      expect.arrayContaining(['login', 'password']),
    )
    expect(login.security).toBeUndefined()
    expect(Object.keys(doc.paths['/v1/media']!.post!.requestBody!.content)).toEqual(['multipart/form-data'])
    // Success and problems together (the success schema used to replace the problems).
    const post = doc.paths['/v1/posts/{id}']!.get!
    expect(Object.keys(post.responses!)).toEqual(expect.arrayContaining(['200', '404']))
    expect(Object.keys(doc.paths['/v1/posts']!.post!.responses!)).toEqual(
      expect.arrayContaining(['401', '422']),
    )
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(doc.paths['/v1/posts']!.post!.security).toEqual([{ bearer: [] }])
    expect(doc.paths['/v1/timelines/public']!.get!.security).toEqual([{}, { bearer: [] }])
    expect(doc.paths['/healthz']!.get!.security).toBeUndefined()
    expect(doc.paths['/v1/posts/{id}/history']!.get!.responses!['200']).toHaveProperty('content')
    // Unknown body fields are refused, and the document says so.
    expect(doc.paths['/v1/me']!.patch!.requestBody!.content['application/json']!.schema).toMatchObject({
      additionalProperties: false,
    })
  })

  test('/docs/json documents every route the app serves: body, success and problem responses, token, rate limit', async () => {
    const doc = await openApi()
    // The plugin's own listing of the routes (bodies without content there): nothing may be missing.
    const generated = (await (await node.request('/docs/generated.json')).json()) as OpenApi
    const wrong: string[] = []
    for (const { path, method } of operations(generated))
      if (!doc.paths[path]?.[method]) wrong.push(`${method} ${path}: not in /docs/json`)
    for (const { path, method, op } of operations(doc)) {
      // This file's own fixture routes (testRoutes above) are not the API.
      if (path.startsWith('/v1/test/')) continue
      const at = `${method.toUpperCase()} ${path}`
      if (generated.paths[path]?.[method]?.requestBody) {
        const content = Object.entries(op.requestBody?.content ?? {})
        if (content.length === 0 || content.some(([, c]) => !c.schema))
          wrong.push(`${at}: a request body without its schema`)
      }
      const responses = Object.entries(op.responses ?? {})
      const successes = responses.filter(([status]) => /^[23]\d\d$/.test(status))
      if (successes.length === 0) wrong.push(`${at}: no success response`)
      for (const [status, response] of successes) {
        if (status === '204' && response.content) wrong.push(`${at}: 204 with content`)
        if (['200', '206'].includes(status) && method !== 'head' && !response.content)
          wrong.push(`${at}: ${status} without content`)
      }
      if (!op.responses?.default) wrong.push(`${at}: no default (500/503) response`)
      for (const [status, response] of responses) {
        if (!/^[45]\d\d$/.test(status) && status !== 'default') continue
        // Readiness answers 503 with its checks, for balancers: the one error that is not a problem.
        if (path === '/readyz' && status === '503') continue
        const schema = response.content?.['application/problem+json']?.schema
        if (schema?.$ref !== '#/components/schemas/Problem' || Object.keys(response.content!).length !== 1)
          wrong.push(`${at}: ${status} is not application/problem+json with the Problem schema`)
      }
      const required = JSON.stringify(op.security) === JSON.stringify([{ bearer: [] }])
      if (required && !op.responses?.['401']) wrong.push(`${at}: needs a token but documents no 401`)
      if (op.responses?.['429'] && !op['x-rate-limit-class'])
        wrong.push(`${at}: 429 without x-rate-limit-class`)
      if (op['x-rate-limit-class'] && !op.responses?.['429']) wrong.push(`${at}: a rate limit but no 429`)
      if (method === 'get' && path.startsWith('/v1/') && !op['x-rate-limit-class'])
        wrong.push(`${at}: a read without a rate-limit class`)
      // What the document says of tokens is what the route does: without one, a route that needs
      // one answers 401, and a route that answers 401 says it needs one. (Routes with a required
      // body would answer 422 first: their security comes from the same hooks.)
      if (op.requestBody?.required !== true) {
        const res = await node.request(filled(path), { method: method.toUpperCase() })
        if (res.status === 401 && !op.security)
          wrong.push(`${at}: answers 401 without a token, says none is needed`)
        if (required && res.status !== 401)
          wrong.push(`${at}: says a token is needed, answers ${res.status} without one`)
      }
    }
    expect(wrong).toEqual([])
  })
})
