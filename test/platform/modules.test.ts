import { afterEach, describe, expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { authModule } from '../../src/auth/module.ts'
import { modules } from '../../src/modules.ts'
import { BootError } from '../../src/platform/boot-error.ts'
import { type AnyModule, defineModule, type Runnable } from '../../src/platform/module.ts'
import { orderModules } from '../../src/platform/module-order.ts'
import { register } from '../support/accounts.ts'
import { startTestNode, type TestNode } from '../support/node.ts'
import { connectAs } from '../support/ws.ts'

let node: TestNode<readonly AnyModule[]> | undefined
afterEach(async () => {
  await node?.stop()
  node = undefined
})

/** A worker part that writes down when it starts and stops. */
function recorder(events: string[], name: string): Runnable {
  return {
    start: async () => {
      events.push(`start ${name}`)
    },
    stop: async () => {
      await Bun.sleep(5)
      events.push(`stop ${name}`)
    },
  }
}

const plain = (name: string, needs: Record<string, AnyModule> = {}) =>
  defineModule({ name, needs, build: () => ({ services: {} }) })

describe('the module list', () => {
  test('modules are ordered after the modules they need, otherwise as listed', () => {
    const a = plain('a')
    const b = plain('b', { a })
    const c = plain('c')
    const d = plain('d', { b, c })
    expect(orderModules([c, b, a]).map((m) => m.name)).toEqual(['c', 'a', 'b'])
    expect(orderModules([d, c, b, a]).map((m) => m.name)).toEqual(['a', 'b', 'c', 'd'])
    expect(orderModules([a, b, c, d]).map((m) => m.name)).toEqual(['a', 'b', 'c', 'd'])
    // The platform's own list is already in order.
    expect(orderModules(modules).map((m) => m.name)).toEqual(modules.map((m) => m.name))
  })

  test('a module needed but missing from the list stops the boot, naming both', async () => {
    const a = plain('lonely_dependency')
    const b = plain('needy', { a })
    expect(() => orderModules([b])).toThrow(BootError)
    const boot = startTestNode('modules_missing', { modules: [b] })
    await expect(boot).rejects.toThrow(
      "module 'needy' needs module 'lonely_dependency', which is not in the module list",
    )
    // A module of the platform without the one it needs.
    await expect(startTestNode('modules_missing2', { modules: [modules[1]] })).rejects.toThrow(
      "module 'admin' needs module 'auth'",
    )
  })

  test('modules that need each other, or two of one name, stop the boot', () => {
    const a = plain('a') as { needs: Record<string, AnyModule> } & AnyModule
    const b = plain('b', { a })
    a.needs.b = b
    expect(() => orderModules([a, b])).toThrow("modules need each other in a cycle: 'a' -> 'b' -> 'a'")
    expect(() => orderModules([plain('x'), plain('x')])).toThrow("two modules are named 'x'")
  })

  test('two modules giving one channel kind stop the boot, naming both', async () => {
    const kind = { authorize: async () => true }
    const one = defineModule({
      name: 'one',
      needs: {},
      build: () => ({ services: {}, gateway: { channels: { thing: kind } } }),
    })
    const two = defineModule({
      name: 'two',
      needs: {},
      build: () => ({ services: {}, gateway: { channels: { thing: kind } } }),
    })
    await expect(
      startTestNode('modules_dup', { modules: [one, two], env: { ROLES: 'api' } }),
    ).rejects.toThrow("modules 'one' and 'two' both give the channel kind 'thing'")
  })

  test("a module's command or channel kind may have any name, even one of an object's prototype", async () => {
    const odd = defineModule({
      name: 'odd',
      needs: { auth: authModule },
      build: () => ({
        services: {},
        gateway: {
          channels: { constructor: { authorize: async () => true } },
          commands: { constructor: async () => ({ op: 'built' }) },
        },
      }),
    })
    node = await startTestNode('modules_odd', { modules: [authModule, odd], env: { ROLES: 'api,gateway' } })
    const a = await register(node as TestNode)
    const { client } = await connectAs(node.url, a.tokens.accessToken)
    client.send({ op: 'constructor', ref: 1 })
    expect(await client.next()).toEqual({ op: 'built', ref: 1 })
    client.send({ op: 'subscribe', channel: 'constructor:1', ref: 2 })
    expect(await client.next()).toEqual({ op: 'subscribed', channel: 'constructor:1', ref: 2 })
    client.send({ op: 'toString', ref: 3 })
    expect(await client.next()).toMatchObject({ op: 'error', code: 'unknown_op', ref: 3 })
    await client.close()
  })

  test('the gateway role without a module that checks tokens stops the boot', async () => {
    await expect(
      startTestNode('modules_noauth', { modules: [plain('alone')], env: { ROLES: 'gateway' } }),
    ).rejects.toThrow(
      "the gateway role needs a module that checks tokens (gateway.authenticator); none of 'alone' does",
    )
  })

  test('a module whose build fails closes the modules built before it', async () => {
    const closed: string[] = []
    const first = defineModule({
      name: 'first',
      needs: {},
      build: () => ({ services: {}, close: async () => void closed.push('first') }),
    })
    const broken = defineModule({
      name: 'broken',
      needs: { first },
      build: () => {
        throw new Error('cannot build')
      },
    })
    await expect(startTestNode('modules_broken', { modules: [first, broken] })).rejects.toThrow(
      'cannot build',
    )
    expect(closed).toEqual(['first'])
  })
})

describe('roles and the drain', () => {
  test('worker parts start in module order and the drain stops them in reverse', async () => {
    const events: string[] = []
    const base = defineModule({
      name: 'base',
      needs: {},
      build: () => ({
        services: { ready: true },
        worker: { consumer: recorder(events, 'base.consumer'), loop: recorder(events, 'base.loop') },
      }),
    })
    const top = defineModule({
      name: 'top',
      needs: { base },
      build: (_platform, deps) => {
        expect(deps.base.ready).toBe(true)
        return { services: {}, worker: { runner: recorder(events, 'top.runner') } }
      },
    })
    // Listed out of order: `top` still comes after the module it needs.
    node = await startTestNode('modules_drain', { modules: [top, base], env: { ROLES: 'worker' } })
    expect(node.ctx.worker.names).toEqual([
      'outbox',
      'mail',
      'actors',
      'base.consumer',
      'base.loop',
      'top.runner',
    ])
    expect(events).toEqual(['start base.consumer', 'start base.loop', 'start top.runner'])
    expect(await node.shutdown()).toBe(0)
    expect(events.slice(3)).toEqual(['stop top.runner', 'stop base.loop', 'stop base.consumer'])
  })

  test("the platform's own worker parts stop in the reverse of their start order", async () => {
    node = await startTestNode('modules_order', { env: { ROLES: 'worker', LOG_LEVEL: 'debug' } })
    const names = node.ctx.worker.names
    expect(names.slice(0, 3)).toEqual(['outbox', 'mail', 'actors'])
    expect(names).toContain('jobs.runner')
    const parts = (msg: string) => node!.logs.filter((l) => l.msg === msg).map((l) => l.part)
    expect(parts('worker part started')).toEqual(names)
    await node.shutdown()
    expect(parts('worker part stopped')).toEqual([...names].reverse())
  })

  test('routes serve only in the api role, worker parts run only in the worker role', async () => {
    const events: string[] = []
    const feature = defineModule({
      name: 'feature',
      needs: { auth: authModule },
      build: () => ({
        services: {},
        api: { routes: () => [new Elysia().get('/feature', () => ({ here: true }))] },
        worker: { loop: recorder(events, 'feature.loop') },
      }),
    })
    node = await startTestNode('modules_api', { modules: [authModule, feature], env: { ROLES: 'api' } })
    expect(await (await node.request('/v1/feature')).json()).toEqual({ here: true })
    expect(events).toEqual([])
    await node.stop()
    node = await startTestNode('modules_worker', { modules: [authModule, feature], env: { ROLES: 'worker' } })
    expect((await node.request('/v1/feature')).status).toBe(404)
    expect(events).toEqual(['start feature.loop'])
  })
})
