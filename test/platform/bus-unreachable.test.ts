/**
 * A request that meets NATS away answers 503 service_unavailable with Retry-After, never 500: also
 * in the moment after the socket closed and before the connection's status says so (a DM sent
 * just after NATS stopped answered 500 when the suite ran two files at once).
 */
import { describe, expect, test } from 'bun:test'
import { jetstream } from '@nats-io/jetstream'
import { Kvm } from '@nats-io/kv'
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core'
import { connect } from '@nats-io/transport-node'
import { type AnyElysia, Elysia } from 'elysia'
import { createHttpApp } from '../../src/platform/http/app.ts'
import { rateLimiting } from '../../src/platform/http/rate-limiting.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { RateLimiter } from '../../src/platform/rate-limit.ts'
import { NATS_URL } from '../support/services.ts'

const log = createLogger({ level: 'fatal', nodeId: 'test' })

async function answer(fail: () => Promise<unknown>, feature?: AnyElysia) {
  const app = createHttpApp({
    log,
    version: 'test',
    ops: new Elysia(),
    bodyLimitBytes: 1024,
    features: [feature ?? new Elysia().get('/fails', async () => await fail())],
  })
  const res = await app.handle(new Request('http://localhost/v1/fails'))
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
    code: ((await res.json()) as { code?: string }).code,
  }
}

const unavailable = {
  status: 503,
  type: 'application/problem+json',
  retryAfter: '5',
  code: 'service_unavailable',
}

describe('NATS unreachable under a request', () => {
  test('a closed connection: a key-value read, a JetStream publish, a request', async () => {
    const nc = await connect({ servers: NATS_URL })
    const kv = await new Kvm(nc).create(`t_bus_unreachable_${crypto.randomUUID().slice(0, 8)}`)
    const js = jetstream(nc)
    await kv.destroy()
    await nc.close()
    expect(await answer(() => kv.get('k'))).toEqual(unavailable)
    expect(await answer(() => js.publish('t.bus.unreachable', 'x'))).toEqual(unavailable)
    expect(await answer(() => nc.request('t.bus.unreachable', 'x'))).toEqual(unavailable)
  })

  test('a request that times out or finds no responder', async () => {
    expect(
      await answer(async () => {
        throw new TimeoutError()
      }),
    ).toEqual(unavailable)
    expect(
      await answer(async () => {
        throw new NoRespondersError('t.subject')
      }),
    ).toEqual(unavailable)
    expect(
      await answer(async () => {
        throw new RequestError('no responders', { cause: new NoRespondersError('t.subject') })
      }),
    ).toEqual(unavailable)
  })

  test("a write's rate limit whose bucket went away before the status said so lets it through; a sign-in's refuses", async () => {
    const nc = await connect({ servers: NATS_URL })
    const kv = await new Kvm(nc).create(`t_bus_limits_${crypto.randomUUID().slice(0, 8)}`)
    await kv.destroy()
    await nc.close()
    // The status still says connected: the moment between the socket's close and the status event.
    const limiter = new RateLimiter(kv, { connected: true })
    const route = (refuseWhenUnreachable: boolean) =>
      new Elysia()
        .use(rateLimiting(limiter, { w: { limit: 5, windowMs: 60_000 } }, {}, { refuseWhenUnreachable }))
        .get('/fails', () => ({ stored: true }), { rateLimit: 'w' })
    const write = createHttpApp({
      log,
      version: 'test',
      ops: new Elysia(),
      bodyLimitBytes: 1024,
      features: [route(false)],
    })
    const res = await write.handle(new Request('http://localhost/v1/fails'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ stored: true })
    expect(await answer(async () => null, route(true))).toEqual(unavailable)
  })

  test('other errors are still 500', async () => {
    expect(
      await answer(async () => {
        throw new Error('a bug')
      }),
    ).toMatchObject({ status: 500, code: 'internal_error' })
  })
})
