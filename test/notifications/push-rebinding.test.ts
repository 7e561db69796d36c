import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { type LookupAddress, lookup as systemLookup } from 'node:dns'
import { rmSync } from 'node:fs'
import type { LookupFunction } from 'node:net'
import postgres from 'postgres'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import type { TestNode } from '../support/node.ts'
import { startSocialNode } from '../support/social.ts'
import { makeCertificate, startPushService } from './services.ts'

// The names below are answered by this resolver, handed to the node as the system's would be:
// how a DNS server an attacker controls answers, one answer after another.
const answers = new Map<string, string[][]>()
const asked: string[] = []
const lookup: LookupFunction = (hostname, options, callback) => {
  const queue = answers.get(hostname)
  if (!queue) return systemLookup(hostname, options, callback)
  asked.push(hostname)
  const list: LookupAddress[] = (queue.length > 1 ? queue.shift()! : queue[0]!).map((address) => ({
    address,
    family: address.includes(':') ? 6 : 4,
  }))
  if (options.all) callback(null, list)
  else callback(null, list[0]!.address, list[0]!.family)
}

let node: TestNode
let db: postgres.Sql
const tls = makeCertificate()
const push = startPushService(tls)
beforeAll(async () => {
  // WEB_PUSH_PRIVATE_ENDPOINTS is off (the default): internal addresses are refused.
  node = await startSocialNode('notify-rebinding', { NOTIFY_EXTRA_CA_FILE: tls.certFile }, { lookup })
  db = postgres(node.databaseUrl, { max: 2, onnotice: () => {} })
})
afterAll(async () => {
  await db.end()
  await node.stop()
  push.stop()
  rmSync(tls.dir, { recursive: true, force: true })
})

const as = (a: Account) => a.tokens.accessToken

describe('web push and DNS rebinding', () => {
  test('a name that is public when subscribed and internal when pushed to is refused; nothing reaches it', async () => {
    // Public when the browser subscribes, then this machine (where the push service listens).
    answers.set('push-service.test', [['93.184.215.14'], ['127.0.0.1']])
    const me = await register(node)
    const sub = push.subscription('push-service.test')
    const made = await call(node, 'POST', '/v1/push/subscriptions', { token: as(me), body: sub.json })
    expect(made.status).toBe(201)
    expect(asked).toEqual(['push-service.test'])

    const fan = await register(node)
    await call(node, 'POST', `/v1/users/${me.username}/follow`, { token: as(fan) })
    const rows = () =>
      db<{ state: string; reason: string }[]>`
        select state, reason from notification_deliveries where user_id = ${me.id} and channel = 'web_push'`
    await eventually(async () => (await rows())[0]?.state === 'failed', 15_000)
    expect((await rows())[0]!.reason).toBe('gone: the endpoint resolves to an internal address')
    // The connection resolved the name once, itself, and dialled nothing it had not checked.
    expect(asked).toEqual(['push-service.test', 'push-service.test'])
    expect(push.attempts.filter((a) => a.to === sub.id)).toEqual([])
    expect((await db`select count(*)::int as n from push_subscriptions where user_id = ${me.id}`)[0]!.n).toBe(
      0,
    )
  })

  test('a name with an internal address among its answers is refused at subscribe time (422)', async () => {
    answers.set('mixed.push-service.test', [['93.184.215.14', '10.0.0.7']])
    answers.set('v6.push-service.test', [['64:ff9b::a9fe:a9fe']])
    const me = await register(node)
    for (const host of [
      'mixed.push-service.test',
      'v6.push-service.test',
      '[::ffff:7f00:1]',
      '[fd00::1]',
      '198.18.0.1',
    ]) {
      const body = push.subscription(host).json
      const res = await call(node, 'POST', '/v1/push/subscriptions', { token: as(me), body })
      expect([host, res.status]).toEqual([host, 422])
    }
  })
})
