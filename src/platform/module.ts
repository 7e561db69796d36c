import type { AnyElysia } from 'elysia'
import type { ActorBehavior } from '../../actors/runtime/system.ts'
import type { ChannelKind, Command } from '../gateway/core.ts'
import type { ConnectionHooks } from '../gateway/gateway.ts'
import type { Topology } from './bus/topology.ts'
import type { Config } from './config.ts'
import type { TokenAuthenticator } from './http/access.ts'
import type { Platform } from './platform.ts'

/**
 * A feature module: one per feature folder (`src/<feature>/module.ts`), the one place that says
 * what the feature is made of. The node builds the platform, then every module of the list in
 * dependency order, each from the platform and the services of the modules it `needs`; then it
 * runs the parts of each module that belong to the roles it serves.
 */
export interface Module<N extends string = string, D extends ModuleDeps = ModuleDeps, S = unknown> {
  readonly name: N
  /** The modules whose services this one is built from, by the name its `build` sees them under. */
  readonly needs: D
  /** Its JetStream streams, durable consumers and KV buckets (created or updated at boot). */
  topology?(config: Config): Partial<Topology>
  /**
   * Builds the feature's services and parts. It may start what every role needs (loading keys,
   * watching a bucket) and then says how to stop it in `close`. Metrics are registered here, on
   * `platform.metrics`. What another module runs for it (job handlers, say) it registers here,
   * through that module's services.
   */
  build(platform: Platform, deps: ServicesOf<D>): Feature<S> | Promise<Feature<S>>
}

export type ModuleDeps = Record<string, AnyModule>
// biome-ignore lint/suspicious/noExplicitAny: any module, whatever its dependencies and services
export type AnyModule = Module<string, any, any>

/** The services of each module a module needs, under the names it gave them. */
export type ServicesOf<D extends ModuleDeps> = { [K in keyof D]: ServicesOfModule<D[K]> }
export type ServicesOfModule<M> = M extends Module<string, ModuleDeps, infer S> ? S : never

/** The services of a list of modules, by module name (what `ctx.services` is). */
export type ServicesByName<L extends readonly AnyModule[]> = {
  [M in L[number] as M['name']]: ServicesOfModule<M>
}

/** Something the worker role starts at boot and stops during the drain. */
export interface Runnable {
  start(): Promise<void>
  /** Finishes what is in hand, then resolves; safe to call when not started. */
  stop(): Promise<void>
}

/** What a module's `build` returns: its services, and its parts for each role. */
export interface Feature<S> {
  /** What other modules (and tests) use. */
  services: S
  /**
   * The `api` role: its Elysia plugins under /v1, larger body limits for path prefixes, and path
   * prefixes open to every origin (CORS `*`, no credentials: signed media URLs). `pages` are served
   * at the root: the HTML pages people open from links in mail (not part of the API's document).
   */
  api?: {
    routes(): AnyElysia[]
    pages?(): AnyElysia[]
    bodyLimits?: Record<string, number>
    openCors?: string[]
  }
  /** The `gateway` role: what the feature serves over WebSocket. */
  gateway?: GatewayContribution
  /**
   * The `worker` role: consumers, loops and runners, started in the order written (module by
   * module in dependency order) and stopped in reverse during the drain.
   */
  worker?: Record<string, Runnable>
  /** Actor kinds run by the worker role's actor system (`user`, `stream`...). */
  // biome-ignore lint/suspicious/noExplicitAny: each kind has a state type of its own
  actors?: Record<string, ActorBehavior<any>>
  /** Stops what `build` started (every role), after the worker parts; modules close in reverse order. */
  close?(): Promise<void>
}

export interface GatewayContribution {
  /** Checks the token a connection presents in-band: exactly one module of the list gives it. */
  authenticator?: TokenAuthenticator
  /** Kinds of channel clients may subscribe to (`dm`, `post`...), each with its authorisation. */
  channels?: Record<string, ChannelKind>
  /** Ops served besides REST (`message.send`, `typing`...). */
  commands?: Record<string, Command>
  /** Told of connections opening, closing, going idle, and every 30 s of those still held. */
  connections?: ConnectionHooks
}

/** Declares a module; the types of `needs` and of the services flow from here to every user. */
export function defineModule<const N extends string, S, D extends ModuleDeps = Record<never, never>>(
  module: Module<N, D, S>,
): Module<N, D, S> {
  return module
}
