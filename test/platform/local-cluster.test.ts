/**
 * `npm run cluster` (deploy/local-cluster/cluster.ts): nginx, 2 api nodes, 2 gateways, 2 workers,
 * a 3-node NATS cluster with JetStream R3 and its own database, started and stopped as a user
 * would, on ports and in a folder of this test's own.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signupTokenIn } from '../support/accounts.ts'
import { dropDatabase, PG_BASE_URL, uniquePrefix } from '../support/services.ts'
import { connectAs } from '../support/ws.ts'

const dir = mkdtempSync(join(tmpdir(), 'sf-cluster-'))
const base = 20_000 + Math.floor(Math.random() * 400) * 50
const port = base + 49
const database = uniquePrefix('cluster').replace(/^t_/, 'sft_')
const env = {
  ...process.env,
  CLUSTER_DIR: dir,
  CLUSTER_PORT: String(port),
  CLUSTER_BASE_PORT: String(base),
  CLUSTER_DATABASE: database,
  CLUSTER_PG_URL: PG_BASE_URL,
  LOG_LEVEL: 'warn',
  PASSWORD_MEMORY_KIB: '1024',
  PASSWORD_TIME_COST: '1',
}
const url = `http://127.0.0.1:${port}`
const NAMES = [
  'nats-1',
  'nats-2',
  'nats-3',
  'api-1',
  'api-2',
  'gateway-1',
  'gateway-2',
  'worker-1',
  'worker-2',
  'nginx',
]

function cluster(command: string) {
  const run = Bun.spawnSync([process.execPath, 'deploy/local-cluster/cluster.ts', command], {
    env,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  return { code: run.exitCode, out: run.stdout.toString() + run.stderr.toString() }
}

const pid = (name: string) => Number(readFileSync(join(dir, `${name}.pid`), 'utf8'))
const alive = (p: number) => {
  try {
    process.kill(p, 0)
    return true
  } catch {
    return false
  }
}

async function json(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the route answers
  return { status: res.status, body: (await res.json().catch(() => null)) as any }
}

async function signUp(username: string) {
  const email = `${username}@example.test`
  expect(
    (await json('POST', '/v1/auth/register', { username, email, password: `Pw-${crypto.randomUUID()}` }))
      .status,
  ).toBe(202)
  const confirmed = await json('POST', '/v1/auth/register/confirm', {
    token: await signupTokenIn(`${PG_BASE_URL}/${database}`, email),
  })
  expect(confirmed.status).toBe(201)
  return String(confirmed.body.accessToken)
}

let started: { code: number; out: string }

beforeAll(() => {
  started = cluster('start')
}, 120_000)

afterAll(async () => {
  cluster('stop')
  await dropDatabase(database)
  rmSync(dir, { recursive: true, force: true })
}, 60_000)

describe('the local cluster', () => {
  test('starts every process, each with its pid file and log, and reports them ready', () => {
    expect(started.out).toContain(`ready: ${url}`)
    expect(started.code).toBe(0)
    for (const name of NAMES) {
      expect(alive(pid(name))).toBe(true)
      expect(existsSync(join(dir, 'logs', `${name}.log`))).toBe(true)
    }
    const status = cluster('status')
    expect(status.code).toBe(0)
    expect(status.out.match(/ 200$/gm)?.length).toBe(NAMES.length)
    // A second start refuses rather than starting a second set.
    const again = cluster('start')
    expect(again.code).toBe(1)
    expect(again.out).toContain('already running')
  })

  test('JetStream streams are replicated on the three NATS servers', async () => {
    const jsz = (await (
      await fetch(`http://127.0.0.1:${base + 31}/jsz?streams=true&config=true`)
    ).json()) as {
      account_details: { stream_detail: { name: string; config: { num_replicas: number } }[] }[]
    }
    const streams = jsz.account_details.flatMap((a) => a.stream_detail)
    expect(streams.length).toBeGreaterThan(3)
    for (const s of streams) expect(s.config.num_replicas).toBe(3)
  })

  test('through the balancer: sign-up, a follow on one api node, its notification on a gateway', async () => {
    const a = await signUp(`cl_a_${process.pid}`.slice(0, 20))
    const b = await signUp(`cl_b_${process.pid}`.slice(0, 20))
    const me = await json('GET', '/v1/me', undefined, a)
    expect(me.status).toBe(200)
    const { client } = await connectAs(url, a)
    expect((await json('POST', `/v1/users/${me.body.username}/follow`, undefined, b)).status).toBeLessThan(
      300,
    )
    const frame = await client.until((f) => f.op === 'event' && f.type === 'notification', 15_000)
    expect(frame).toMatchObject({ data: { type: 'follow' } })
    await client.close()
  }, 60_000)

  test('an api node killed with SIGKILL is passed over: no request fails', async () => {
    process.kill(pid('api-1'), 'SIGKILL')
    const codes = []
    for (let i = 0; i < 30; i++) codes.push((await fetch(`${url}/v1`)).status)
    expect(codes.filter((c) => c !== 200)).toEqual([])
    expect(cluster('status').code).toBe(1)
  })

  test('stop ends every process', () => {
    const pids = NAMES.map(pid)
    expect(cluster('stop').code).toBe(0)
    for (const p of pids) expect(alive(p)).toBe(false)
    for (const name of NAMES) expect(existsSync(join(dir, `${name}.pid`))).toBe(false)
  }, 60_000)
})
