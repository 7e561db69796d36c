import { afterAll, beforeAll, expect, test } from 'bun:test'
import { Kvm } from '@nats-io/kv'
import { REVOCATIONS_BUCKET } from '../../src/auth/module.ts'
import { Revocations } from '../../src/auth/revocations.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

let node: TestNode
beforeAll(async () => {
  node = await startTestNode('revocations', { env: { ROLES: 'api' } })
})
afterAll(async () => {
  await node.stop()
})

test('a node starting up has read the whole revocation list before it serves anything', async () => {
  const kv = await new Kvm(node.ctx.bus.js).open(node.ctx.bus.streamName(REVOCATIONS_BUCKET).toLowerCase())
  const sessions = Array.from({ length: 300 }, () => crypto.randomUUID())
  await node.ctx.services.auth.revocations.revokeSessions(sessions)
  const fresh = new Revocations(kv, 60 * 60_000, node.ctx.log)
  await fresh.start()
  // At once, with no waiting: every revoked session is known.
  expect(sessions.filter((s) => !fresh.isSessionRevoked(s))).toEqual([])
  await fresh.stop()
})
