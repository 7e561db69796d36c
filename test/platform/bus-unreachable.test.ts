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
import { Elysia } from 'elysia'
import { createHttpApp } from '../../src/platform/http/app.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { NATS_URL } from '../support/services.ts'

const log = createLogger({ level: 'fatal', nodeId: 'test' })

async function answer(fail: () => Promise<unknown>) {
  const app = createHttpApp({
    log,
    version: 'test',
    ops: new Elysia(),
    bodyLimitBytes: 1024,
    features: [new Elysia().get('/fails', async () => await fail())],
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

  test('other errors are still 500', async () => {
    expect(
      await answer(async () => {
        throw new Error('a bug')
      }),
    ).toMatchObject({ status: 500, code: 'internal_error' })
  })
})
