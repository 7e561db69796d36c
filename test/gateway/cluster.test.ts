import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { signupTokenIn } from '../support/accounts.ts'
import { GATEWAY_RUNTIMES, GATEWAY_START_TIMEOUT_MS } from '../support/gateway-runtimes.ts'
import { deploymentEnv, type NodeProcess, spawnNode, stopProcesses } from '../support/process.ts'
import { createTestDatabase, removeNatsPrefix, uniquePrefix } from '../support/services.ts'
import { connectAs, type Frame } from '../support/ws.ts'

/**
 * The realtime path across processes, as deployed: one api, two gateways (the second on
 * uWebSockets.js and Node unless TEST_GATEWAY_RUNTIMES=bun) and two workers, each its own process,
 * sharing PostgreSQL and NATS.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>
const prefix = uniquePrefix('cluster')
const nodes: Record<string, NodeProcess> = {}
const urls: Record<string, string> = {}

beforeAll(async () => {
  database = await createTestDatabase('cluster')
  const env = deploymentEnv(database.url, prefix, {
    TRUST_PROXY: 'true',
    GATEWAY_MAX_CONNECTIONS_PER_USER: '2',
    MAIL_DIR: `/tmp/sf-cluster-mail-${prefix}`,
  })
  // The api migrates first; the others find the schema in place.
  nodes.api = spawnNode({ ...env, ROLES: 'api' })
  urls.api = await nodes.api.started
  for (const [name, roles] of [
    ['gateway1', 'gateway'],
    ['gateway2', 'gateway'],
    ['worker1', 'worker'],
    ['worker2', 'worker'],
  ] as const) {
    // The second gateway on uWebSockets.js and Node (when that runtime is tested): a deployment
    // that mixes the runtimes, as during a switch from one to the other, works as one.
    const runtime = name === 'gateway2' && GATEWAY_RUNTIMES.includes('node-uws') ? 'node-uws' : 'bun'
    nodes[name] = spawnNode({ ...env, ROLES: roles, GATEWAY_RUNTIME: runtime })
  }
  for (const name of ['gateway1', 'gateway2', 'worker1', 'worker2']) urls[name] = await nodes[name]!.started
  const runtimeOf = (name: string) => nodes[name]!.lines.find((l) => l.msg === 'node started')?.runtime
  expect(runtimeOf('gateway1')).toBe('bun')
  if (GATEWAY_RUNTIMES.includes('node-uws')) expect(String(runtimeOf('gateway2'))).toStartWith('node v20.')
}, GATEWAY_START_TIMEOUT_MS)

afterAll(async () => {
  await stopProcesses(Object.values(nodes))
  await removeNatsPrefix(prefix)
  await database.drop()
})

let ip = 0
async function api(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${urls.api}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.77.0.${++ip % 250}`,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function account(name: string) {
  const username = `${name}_${Math.random().toString(36).slice(2, 8)}`
  const email = `${username}@example.test`
  const started = await api('POST', '/v1/auth/register', {
    username,
    email,
    password: `Cluster-${crypto.randomUUID()}`,
  })
  expect(started.status).toBe(202)
  const token = await signupTokenIn(database.url, email)
  const res = await api('POST', '/v1/auth/register/confirm', { token })
  expect(res.status).toBe(201)
  return { id: res.body.user.id as string, username, token: res.body.accessToken as string }
}

const isMessage = (f: Frame) => f.op === 'event' && typeof f.seq === 'number'

describe('a deployment of separate processes', () => {
  test('a message sent on gateway 1 reaches its recipient on gateway 2, and a notification too', async () => {
    const [a, b] = await Promise.all([account('ann'), account('bob')])
    const conversation = (await api('POST', '/v1/conversations', { members: [b.username] }, a.token)).body.id
    const onOne = await connectAs(urls.gateway1!, a.token)
    const onTwo = await connectAs(urls.gateway2!, b.token)
    onTwo.client.send({ op: 'subscribe', channel: `dm:${conversation}`, ref: 1 })
    expect(await onTwo.client.next()).toMatchObject({ op: 'subscribed', ref: 1 })
    onOne.client.send({
      op: 'message.send',
      conversationId: conversation,
      text: 'across',
      clientId: 'x1',
      ref: 2,
    })
    expect(await onOne.client.until((f) => f.ref === 2)).toMatchObject({ op: 'message.sent' })
    const got = await onTwo.client.until(isMessage)
    expect(got).toMatchObject({ seq: 1, type: 'message', data: { text: 'across', sender: { id: a.id } } })

    // The follow's notification is made by one of the workers and pushed to gateway 2.
    expect((await api('POST', `/v1/users/${b.username}/follow`, undefined, a.token)).status).toBeLessThan(300)
    const notification = await onTwo.client.until((f) => f.type === 'notification', 10_000)
    expect(notification).toMatchObject({ data: { type: 'follow', actor: { id: a.id } } })
    await Promise.all([onOne.client.close(), onTwo.client.close()])
  })

  test('presence over connections on both gateways converges for watchers on both', async () => {
    const [a, b] = await Promise.all([account('eve'), account('fay')])
    await api('POST', `/v1/users/${b.username}/follow`, undefined, a.token)
    await api('POST', `/v1/users/${a.username}/follow`, undefined, b.token)
    const watchers = [await connectAs(urls.gateway1!, b.token), await connectAs(urls.gateway2!, b.token)]
    for (const w of watchers) {
      w.client.send({ op: 'subscribe', channel: `presence:${a.id}`, ref: 'p' })
      expect(await w.client.until((f) => f.ref === 'p')).toMatchObject({ op: 'subscribed' })
    }
    const presence = async () =>
      (await fetch(`${urls.api}/v1/users/${a.username}/presence`, {
        headers: { authorization: `Bearer ${b.token}` },
      }).then((r) => r.json())) as { status: string }
    const seen = async (status: string) => {
      for (const w of watchers)
        expect(await w.client.until((f) => f.type === 'presence')).toMatchObject({ data: { status } })
    }
    const onOne = await connectAs(urls.gateway1!, a.token)
    await seen('online')
    // Idle on gateway 1, then active on gateway 2: the watchers see online again only once the
    // actor counts the second connection (the two gateways' news reach it in no set order).
    onOne.client.send({ op: 'presence', status: 'idle' })
    await seen('idle')
    const onTwo = await connectAs(urls.gateway2!, a.token)
    await seen('online')
    await onOne.client.close()
    // Still online through the other gateway.
    await Bun.sleep(300)
    expect((await presence()).status).toBe('online')
    await onTwo.client.close()
    for (const w of watchers)
      expect(await w.client.until((f) => f.type === 'presence')).toMatchObject({
        data: { status: 'offline' },
      })
    expect((await presence()).status).toBe('offline')
    await Promise.all(watchers.map((w) => w.client.close()))
  })

  test('the per-user connection cap holds across gateways', async () => {
    const a = await account('gus')
    const first = await connectAs(urls.gateway1!, a.token)
    const second = await connectAs(urls.gateway2!, a.token)
    await Bun.sleep(300)
    // Gateway 1 holds one of the user's connections, under its own count of 2; the user's actor
    // counts both gateways and the third is closed.
    const third = await connectAs(urls.gateway1!, a.token)
    const error = await third.client.until((f) => f.op === 'error')
    expect(error).toMatchObject({ code: 'too_many_connections' })
    expect((await third.client.closed).code).toBe(4010)
    // Once one goes, there is room again.
    await first.client.close()
    await Bun.sleep(300)
    const again = await connectAs(urls.gateway1!, a.token)
    await Bun.sleep(500)
    again.client.send({ op: 'ping', nonce: 1 })
    expect(await again.client.until((f) => f.op === 'pong')).toMatchObject({ nonce: 1 })
    await Promise.all([second.client.close(), again.client.close()])
  })

  test('a client that reconnects to the other gateway resumes with no gap and no duplicate', async () => {
    const [a, b] = await Promise.all([account('cat'), account('dan')])
    const conversation = (await api('POST', '/v1/conversations', { members: [b.username] }, a.token)).body.id
    const first = await connectAs(urls.gateway2!, b.token)
    first.client.send({ op: 'subscribe', channel: `dm:${conversation}` })
    await first.client.next()
    const sender = await connectAs(urls.gateway1!, a.token)
    const sendOne = async (text: string, ref: number) => {
      sender.client.send({ op: 'message.send', conversationId: conversation, text, clientId: `c${ref}`, ref })
      await sender.client.until((f) => f.ref === ref)
    }
    await sendOne('one', 1)
    await sendOne('two', 2)
    const seen = [await first.client.until(isMessage), await first.client.until(isMessage)]
    expect(seen.map((f) => f.seq)).toEqual([1, 2])
    await first.client.close()
    for (let i = 3; i <= 6; i++) await sendOne(`message ${i}`, i)

    const again = await connectAs(urls.gateway1!, b.token)
    again.client.send({
      op: 'subscribe',
      channel: `dm:${conversation}`,
      since: 2,
      epoch: seen[1]!.epoch,
      ref: 'r',
    })
    expect(await again.client.next()).toMatchObject({ op: 'subscribed', replayed: 4 })
    await sendOne('live', 7)
    const frames: Frame[] = []
    while (frames.length < 5) frames.push(await again.client.until(isMessage))
    expect(frames.map((f) => f.seq)).toEqual([3, 4, 5, 6, 7])
    expect((frames.at(-1)!.data as { text: string }).text).toBe('live')
    await Promise.all([again.client.close(), sender.client.close()])
  })
})
