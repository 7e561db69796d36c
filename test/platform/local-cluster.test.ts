/**
 * `npm run cluster` (deploy/local-cluster/cluster.ts): nginx, 2 api nodes, 2 gateways, 2 workers,
 * a 3-node NATS cluster with JetStream R3 and its own database, started and stopped as a user
 * would, on ports and in a folder of this test's own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { alive, CLUSTER_PROCESSES, localCluster } from '../support/cluster.ts'
import { connectAs } from '../support/ws.ts'

const cluster = localCluster('cluster')
let started: { code: number; out: string }

beforeAll(() => {
  started = cluster.run('start')
}, 120_000)

afterAll(() => cluster.remove(), 60_000)

describe('the local cluster', () => {
  test('starts every process, each with its pid file and log, and reports them ready', () => {
    expect(started.out).toContain(`ready: ${cluster.url}`)
    expect(started.code).toBe(0)
    for (const name of CLUSTER_PROCESSES) {
      expect(alive(cluster.pid(name))).toBe(true)
      expect(existsSync(join(cluster.dir, 'logs', `${name}.log`))).toBe(true)
    }
    const status = cluster.run('status')
    expect(status.code).toBe(0)
    expect(status.out.match(/ 200$/gm)?.length).toBe(CLUSTER_PROCESSES.length)
    // A second start refuses rather than starting a second set.
    const again = cluster.run('start')
    expect(again.code).toBe(1)
    expect(again.out).toContain('already running')
  })

  test('JetStream streams are replicated on the three NATS servers', async () => {
    const jsz = (await (
      await fetch(`http://127.0.0.1:${cluster.base + 31}/jsz?streams=true&config=true`)
    ).json()) as {
      account_details: { stream_detail: { name: string; config: { num_replicas: number } }[] }[]
    }
    const streams = jsz.account_details.flatMap((a) => a.stream_detail)
    expect(streams.length).toBeGreaterThan(3)
    for (const s of streams) expect(s.config.num_replicas).toBe(3)
  })

  test('through the balancer: sign-up, a follow on one api node, its notification on a gateway', async () => {
    const a = await cluster.signUp(`cl_a_${process.pid}`.slice(0, 20))
    const b = await cluster.signUp(`cl_b_${process.pid}`.slice(0, 20))
    const me = await cluster.json('GET', '/v1/me', undefined, a)
    expect(me.status).toBe(200)
    const { client } = await connectAs(cluster.url, a)
    expect(
      (await cluster.json('POST', `/v1/users/${me.body.username}/follow`, undefined, b)).status,
    ).toBeLessThan(300)
    const frame = await client.until((f) => f.op === 'event' && f.type === 'notification', 15_000)
    expect(frame).toMatchObject({ data: { type: 'follow' } })
    await client.close()
  }, 60_000)

  test('the balancer keeps anonymous public reads a few seconds; a request with a token always reaches the api', async () => {
    const token = await cluster.signUp(`cl_c_${process.pid}`.slice(0, 20))
    const me = await cluster.json('GET', '/v1/me', undefined, token)
    const url = `${cluster.url}/v1/users/${me.body.username}`
    const first = await fetch(url)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toStartWith('public, max-age=')
    const second = await fetch(url)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(await second.json()).toEqual(await first.json())
    // The request id is each request's own, not the kept answer's.
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    const signedIn = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(signedIn.headers.get('x-cache')).toBe('BYPASS')
    expect(signedIn.headers.get('cache-control')).toBe('private, no-cache')
    // Nothing but public answers is kept: a missing account is asked of the api every time.
    const missing = `${cluster.url}/v1/users/nobody_${process.pid}`
    expect((await fetch(missing)).status).toBe(404)
    const again = await fetch(missing)
    expect(again.status).toBe(404)
    expect(again.headers.get('x-cache')).toBe('MISS')
  }, 60_000)

  test('an api node killed with SIGKILL is passed over: no request fails; up starts it again', async () => {
    expect(cluster.run('down', 'api-1', '--kill').code).toBe(0)
    const codes = []
    for (let i = 0; i < 30; i++) codes.push((await fetch(`${cluster.url}/v1`)).status)
    expect(codes.filter((c) => c !== 200)).toEqual([])
    expect(cluster.run('status').code).toBe(1)
    expect(cluster.run('up', 'api-1').code).toBe(0)
    expect(cluster.run('status').code).toBe(0)
  }, 60_000)

  test('stop ends every process', () => {
    const pids = CLUSTER_PROCESSES.map(cluster.pid)
    expect(cluster.run('stop').code).toBe(0)
    for (const p of pids) expect(alive(p)).toBe(false)
    for (const name of CLUSTER_PROCESSES) expect(existsSync(join(cluster.dir, `${name}.pid`))).toBe(false)
  }, 60_000)
})
