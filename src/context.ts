import type { AnyElysia } from 'elysia'
import { type ActorBehavior, ActorSystem, LEASES_BUCKET, MEMBERS_BUCKET } from '../actors/runtime/system.ts'
import { actorsTopology } from '../actors/runtime/topology.ts'
import type { ConnectionHooks } from './gateway/gateway.ts'
import { modules as allModules, type Modules } from './modules.ts'
import { BootError } from './platform/boot-error.ts'
import { platformTopology, type Topology, topologyOf } from './platform/bus/topology.ts'
import type { Config, Secrets } from './platform/config.ts'
import type { TokenAuthenticator } from './platform/http/access.ts'
import type { AnyModule, Feature, GatewayContribution, Runnable, ServicesByName } from './platform/module.ts'
import { orderModules } from './platform/module-order.ts'
import { createPlatform, type Platform, type PlatformOptions } from './platform/platform.ts'
import { WorkerParts } from './platform/worker-parts.ts'

/**
 * Everything a node is made of: the platform, then each module of the list built from it and from
 * the modules it needs, and their parts gathered by role. Tests build a context of their own, on
 * their own database and NATS prefix, from only the modules they need.
 */
export interface AppContext<L extends readonly AnyModule[] = Modules> extends Platform {
  /** The modules, in the order they were built (each after those it needs). */
  modules: AnyModule[]
  /** Each module's services, by module name. */
  services: ServicesByName<L>
  /** The `api` role's plugins under /v1, module by module. */
  routes(): AnyElysia[]
  /** The features' HTML pages, served at the root. */
  pages(): AnyElysia[]
  /** Body limits above BODY_LIMIT_BYTES, by path prefix (uploads). */
  bodyLimits: Record<string, number>
  /** Path prefixes open to every origin (CORS `*`, no credentials). */
  openCors: string[]
  /** What the `gateway` role serves, gathered from the modules. */
  gateway: {
    authenticator: TokenAuthenticator | undefined
    channels: NonNullable<GatewayContribution['channels']>
    commands: NonNullable<GatewayContribution['commands']>
    connections: ConnectionHooks[]
  }
  /** The actors of this node, of every kind the modules register (run by the worker role). */
  actorSystem: ActorSystem
  /** The worker role's parts: the platform's, then each module's, in order. */
  worker: WorkerParts
  /** Stops the worker parts, closes the modules (last built first), then NATS and PostgreSQL. */
  close(): Promise<void>
}

export interface ContextOptions<L extends readonly AnyModule[]> extends PlatformOptions {
  /** The modules to build (every module of `src/modules.ts` by default). */
  modules?: L
}

/** The streams, consumers and buckets of the platform and of `modules`. */
export function topologyFor(config: Config, modules: readonly AnyModule[]): Topology {
  return topologyOf([platformTopology, actorsTopology, ...modules.map((m) => m.topology?.(config) ?? {})])
}

export async function createContext<L extends readonly AnyModule[] = Modules>(
  config: Config,
  secrets: Secrets,
  opts: ContextOptions<L> = {},
): Promise<AppContext<L>> {
  const modules = orderModules(opts.modules ?? allModules)
  const { platform, close: closePlatform } = await createPlatform(
    config,
    secrets,
    topologyFor(config, modules),
    opts,
  )
  const built: [AnyModule, Feature<unknown>][] = []
  const closeModules = async () => {
    for (let next = built.pop(); next; next = built.pop()) {
      await next[1]
        .close?.()
        .catch((error) => platform.log.error({ err: error, module: next[0].name }, 'closing failed'))
    }
  }
  try {
    const services: Record<string, unknown> = {}
    for (const module of modules) {
      const deps = Object.fromEntries(
        Object.entries(module.needs as Record<string, AnyModule>).map(([as, needed]) => [
          as,
          services[needed.name],
        ]),
      )
      const feature = await module.build(platform, deps)
      built.push([module, feature])
      services[module.name] = feature.services
    }
    const features = [...built]
    const actorSystem = new ActorSystem({
      bus: platform.bus,
      db: platform.db,
      leases: await platform.bucket(LEASES_BUCKET),
      members: await platform.bucket(MEMBERS_BUCKET),
      nodeId: config.nodeId,
      behaviors: gather(features, (f) => f.actors, 'actor kind') as Record<string, ActorBehavior<unknown>>,
      log: platform.log,
      metrics: platform.metrics,
    })
    const worker = new WorkerParts(
      [
        ['outbox', platform.outbox],
        ['mail', platform.mailSender],
        ['actors', actorSystem],
        ...features.flatMap(([module, f]) =>
          Object.entries(f.worker ?? {}).map(([name, part]): [string, Runnable] => [
            `${module.name}.${name}`,
            part,
          ]),
        ),
      ],
      platform.log,
    )
    const authenticators = features.filter(([, f]) => f.gateway?.authenticator)
    if (authenticators.length > 1)
      throw new BootError(
        `modules ${authenticators.map(([m]) => `'${m.name}'`).join(' and ')} both give the gateway's authenticator`,
      )
    return {
      ...platform,
      modules,
      services: services as ServicesByName<L>,
      routes: () => features.flatMap(([, f]) => f.api?.routes() ?? []),
      pages: () => features.flatMap(([, f]) => f.api?.pages?.() ?? []),
      bodyLimits: gather(features, (f) => f.api?.bodyLimits, 'body limit'),
      openCors: features.flatMap(([, f]) => f.api?.openCors ?? []),
      gateway: {
        authenticator: authenticators[0]?.[1].gateway?.authenticator,
        channels: gather(features, (f) => f.gateway?.channels, 'channel kind'),
        commands: gather(features, (f) => f.gateway?.commands, 'gateway command'),
        connections: features.flatMap(([, f]) => (f.gateway?.connections ? [f.gateway.connections] : [])),
      },
      actorSystem,
      worker,
      close: async () => {
        await worker.stop()
        await closeModules()
        await closePlatform()
      },
    }
  } catch (error) {
    await closeModules()
    await closePlatform()
    throw error
  }
}

/**
 * One record from every module's entries of one kind; two modules giving one key stop the boot.
 * Counted in a Map and returned without a prototype, so that a key such as `constructor` or
 * `__proto__` is an entry like any other (these records are looked up by names clients send).
 */
function gather<V>(
  features: [AnyModule, Feature<unknown>][],
  pick: (feature: Feature<unknown>) => Record<string, V> | undefined,
  what: string,
): Record<string, V> {
  const all = new Map<string, [owner: string, value: V]>()
  for (const [module, feature] of features) {
    for (const [key, value] of Object.entries(pick(feature) ?? {})) {
      const taken = all.get(key)
      if (taken)
        throw new BootError(`modules '${taken[0]}' and '${module.name}' both give the ${what} '${key}'`)
      all.set(key, [module.name, value])
    }
  }
  const record: Record<string, V> = Object.create(null)
  for (const [key, [, value]] of all) record[key] = value
  return record
}
