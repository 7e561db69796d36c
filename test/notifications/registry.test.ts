import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { modules } from '../../src/modules.ts'
import { notificationsModule } from '../../src/notifications/module.ts'
import { defineModule } from '../../src/platform/module.ts'
import { type Account, call, register } from '../support/accounts.ts'
import { eventually } from '../support/eventually.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { makeCertificate, startPushService } from './services.ts'

// Another system adds a notification type the way a module does (registered while it is built,
// through the notifications module's services) and sends it: no channel, route or list of types
// of the notifications feature is touched.
const badges = defineModule({
  name: 'badges',
  needs: { notifications: notificationsModule },
  build(_platform, { notifications }) {
    notifications.types.register({
      type: 'badge_awarded',
      description: 'You were awarded a badge',
      category: 'system',
      defaults: { in_app: true, email: false, web_push: true, mobile_push: false, sms: false },
      ttlSeconds: 86_400,
      groups: false,
      strings: {
        en: { name: 'badge', title: 'You earned the {title} badge', body: 'Well done.', action: 'See it' },
        fr: { name: 'badge', title: 'Vous avez gagné le badge {title}', body: 'Bravo.', action: 'Le voir' },
      },
      path: () => '/badges',
    })
    return {
      services: {
        award: (userId: string, badge: string) =>
          notifications.notifications.notify({
            type: 'badge_awarded',
            recipients: [userId],
            actorId: null,
            eventId: crypto.randomUUID(),
            groupKey: `badge:${badge}`,
            data: { title: badge },
          }),
      },
    }
  },
})
const withBadges = [...modules, badges] as const

let node: TestNode<typeof withBadges>
const tls = makeCertificate()
const push = startPushService(tls)
beforeAll(async () => {
  node = await startTestNode('notify-registry', {
    modules: withBadges,
    env: {
      TRUST_PROXY: 'true',
      PASSWORD_MEMORY_KIB: '1024',
      PASSWORD_TIME_COST: '1',
      NOTIFY_EXTRA_CA_FILE: tls.certFile,
      // The test push service listens on loopback.
      WEB_PUSH_PRIVATE_ENDPOINTS: 'true',
      PUBLIC_URL: 'https://sf.example',
    },
  })
})
afterAll(async () => {
  await node.stop()
  push.stop()
  rmSync(tls.dir, { recursive: true, force: true })
})

const as = (a: Account) => a.tokens.accessToken

describe('a notification type registered by another module', () => {
  test('is listed, grouped, filtered, pushed in the locale, once per event, and its preferences turn it off', async () => {
    const me = await register(node)
    expect((await call(node, 'PATCH', '/v1/me', { token: as(me), body: { locale: 'fr' } })).status).toBe(200)
    const sub = push.subscription()
    expect(
      (await call(node, 'POST', '/v1/push/subscriptions', { token: as(me), body: sub.json })).status,
    ).toBe(201)
    await node.ctx.services.badges.award(me.id, 'Pionnier')

    const list = await call(node, 'GET', '/v1/notifications', { token: as(me) })
    expect(list.status).toBe(200)
    expect(list.body.items.map((n: { type: string }) => n.type)).toEqual(['badge_awarded'])
    const only = await call(node, 'GET', '/v1/notifications?types=badge_awarded', { token: as(me) })
    expect(only.status).toBe(200)
    expect(only.body.items).toHaveLength(1)
    expect(
      (await call(node, 'GET', '/v1/notifications?types=badge_awarded,like', { token: as(me) })).status,
    ).toBe(200)
    expect((await call(node, 'GET', '/v1/notifications?types=badge_lost', { token: as(me) })).status).toBe(
      422,
    )
    const groups = await call(node, 'GET', '/v1/notifications/groups', { token: as(me) })
    expect(groups.status).toBe(200)
    expect(groups.body.items[0]).toMatchObject({ type: 'badge_awarded', count: 1, actors: [] })
    // The OpenAPI document names it among the types.
    const doc = await (await node.request('/docs/json')).text()
    expect(doc).toContain('badge_awarded')

    await eventually(async () => push.received.some((r) => r.id === sub.id), 15_000)
    const pushed = push.received.find((r) => r.id === sub.id)!
    expect(pushed.payload.type).toBe('badge_awarded')
    expect(pushed.payload.title).toBe('Vous avez gagné le badge Pionnier')

    // The same event handled twice (a redelivery): one notification, one push.
    const { notifications } = node.ctx.services.notifications
    const again = {
      type: 'badge_awarded',
      recipients: [me.id],
      actorId: null,
      eventId: crypto.randomUUID(),
      groupKey: 'badge:twice',
      data: { title: 'Deux fois' },
    }
    await notifications.notify(again)
    await notifications.notify(again)
    await eventually(async () => push.received.filter((r) => r.id === sub.id).length === 2, 15_000)
    await Bun.sleep(300)
    expect(push.received.filter((r) => r.id === sub.id)).toHaveLength(2)
    expect((await call(node, 'GET', '/v1/notifications', { token: as(me) })).body.items).toHaveLength(2)

    const prefs = await call(node, 'GET', '/v1/notifications/preferences', { token: as(me) })
    const badge = prefs.body.types.find((t: { type: string }) => t.type === 'badge_awarded')
    expect(badge.channels).toMatchObject({ in_app: true, web_push: true, email: false })
    const off = await call(node, 'PUT', '/v1/notifications/preferences', {
      token: as(me),
      body: { types: { badge_awarded: { channels: { in_app: false, web_push: false } } } },
    })
    expect(off.status).toBe(200)
    await node.ctx.services.badges.award(me.id, 'Veteran')
    await Bun.sleep(500)
    expect((await call(node, 'GET', '/v1/notifications', { token: as(me) })).body.items).toHaveLength(2)
    expect(push.received.filter((r) => r.id === sub.id)).toHaveLength(2)
  })
})
