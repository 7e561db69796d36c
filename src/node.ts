import { setTimeout as sleep } from 'node:timers/promises'
import pkg from '../package.json'
import { type AppContext, type ContextOptions, createContext } from './context.ts'
import { GATEWAY_PATH, Gateway } from './gateway/gateway.ts'
import type { Listener } from './gateway/uws-server.ts'
import type { Modules } from './modules.ts'
import { drainStdout } from './platform/access-log.ts'
import { BootError } from './platform/boot-error.ts'
import type { Config, Secrets } from './platform/config.ts'
import { createHttpApp } from './platform/http/app.ts'
import { opsRoutes } from './platform/http/ops-routes.ts'
import { createPipeline, type FetchHandler, hasValidHost, pathOf } from './platform/http/pipeline.ts'
import type { AnyModule } from './platform/module.ts'

export type NodeOptions<L extends readonly AnyModule[] = Modules> = ContextOptions<L>

export interface RunningNode<L extends readonly AnyModule[] = Modules> {
  ctx: AppContext<L>
  url: string
  /** The whole HTTP stack without a socket, for in-process tests. */
  handle: FetchHandler
  gateway: Gateway | undefined
  /** Drains and stops everything; resolves with the exit code (0 when the drain finished in time). */
  shutdown(): Promise<number>
}

/**
 * Starts the roles the config names in this process, on one port: `api` serves REST under /v1,
 * `gateway` holds WebSockets at /v1/gateway, `worker` runs the outbox relay, job consumers and
 * actors. Every node answers /healthz, /readyz and /metrics.
 */
export async function startNode<L extends readonly AnyModule[] = Modules>(
  config: Config,
  secrets: Secrets,
  opts: NodeOptions<L> = {},
): Promise<RunningNode<L>> {
  const ctx = await createContext(config, secrets, opts)
  const { roles } = config
  const routes = roles.has('api') ? ctx.routes() : []
  const pages = roles.has('api') ? ctx.pages() : []
  const unknown = Object.keys(config.http.rateLimits).filter((c) => c !== '*' && !ctx.rateLimitClasses.has(c))
  if (roles.has('api') && unknown.length) {
    await ctx.close()
    throw new BootError(
      `RATE_LIMITS names no class of this platform: ${unknown.join(', ')} (the classes: ${[...ctx.rateLimitClasses].sort().join(', ')})`,
    )
  }
  let gateway: Gateway | undefined
  try {
    gateway = roles.has('gateway') ? startGateway(ctx) : undefined
  } catch (error) {
    await ctx.close()
    throw error
  }
  const app = createHttpApp({
    log: ctx.log,
    version: pkg.version,
    bodyLimitBytes: config.http.bodyLimitBytes,
    ops: opsRoutes({
      db: ctx.db,
      bus: ctx.bus,
      lifecycle: ctx.lifecycle,
      metrics: ctx.metrics,
      metricsToken: secrets.metricsToken,
      nodeId: config.nodeId,
      roles: [...roles],
      version: pkg.version,
    }),
    features: routes,
    pages,
  })
  const handle = createPipeline({
    accessLog: ctx.accessLog,
    metrics: ctx.metrics,
    lifecycle: ctx.lifecycle,
    cors: {
      origins: config.http.corsOrigins,
      allowCredentials: config.http.corsAllowCredentials,
      openPrefixes: ctx.openCors,
    },
    bodyLimitBytes: config.http.bodyLimitBytes,
    uploadLimits: ctx.bodyLimits,
    trustProxy: config.http.trustProxy,
    handle: (request) => app.fetch(request),
  })

  let server: Listener
  // Past the body limit of every route: a backstop for bodies sent without Content-Length; the
  // pipeline answers 413 for the rest.
  const maxRequestBodySize =
    Math.max(config.http.bodyLimitBytes, ...Object.values(ctx.bodyLimits)) + 64 * 1024
  try {
    server =
      config.gateway.runtime === 'node-uws'
        ? await (await import('./gateway/uws-server.ts')).serveUws({
            host: config.http.host,
            port: config.http.port,
            gateway,
            handle,
            maxRequestBodySize,
            maxPayloadBytes: config.gateway.maxPayloadBytes,
            log: ctx.log,
          })
        : serveBun(config, ctx, gateway, handle, maxRequestBodySize)
  } catch (error) {
    await ctx.close()
    const code = (error as { code?: string }).code
    throw code === 'EADDRINUSE'
      ? new BootError(`port ${config.http.port} is already in use (set PORT)`)
      : (error as Error)
  }
  if (roles.has('worker')) {
    try {
      await ctx.worker.start()
    } catch (error) {
      await server.stop(true)
      await ctx.close()
      throw error
    }
  }
  const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${server.port}`
  ctx.log.info(
    {
      url,
      roles: [...roles],
      version: pkg.version,
      runtime: process.versions.bun ? 'bun' : `node ${process.version}`,
    },
    'node started',
  )

  let shuttingDown: Promise<number> | undefined
  const shutdown = () => {
    shuttingDown ??= drain(ctx, server, gateway)
    return shuttingDown
  }
  return { ctx, url, handle, gateway, shutdown }
}

/** The node's server on Bun: the gateway path upgraded to WebSockets, the rest to the pipeline. */
function serveBun(
  config: Config,
  ctx: AppContext<readonly AnyModule[]>,
  gateway: Gateway | undefined,
  handle: FetchHandler,
  maxRequestBodySize: number,
): Listener {
  const server = Bun.serve({
    hostname: config.http.host,
    port: config.http.port,
    maxRequestBodySize,
    fetch(request, srv) {
      // A bad Host goes to the pipeline, which refuses it (the gateway reads the URL).
      if (
        gateway &&
        request.url.includes(GATEWAY_PATH) &&
        pathOf(request.url) === GATEWAY_PATH &&
        hasValidHost(request)
      ) {
        return gateway.upgrade(request, srv as never)
      }
      return handle(request, srv)
    },
    websocket: gateway?.websocket ?? { message() {} },
    error(error) {
      ctx.log.error({ err: error }, 'unhandled server error')
      return new Response(null, { status: 500 })
    },
  })
  return { port: server.port as number, stop: (force) => server.stop(force) }
}

/**
 * SIGTERM: readiness turns false at once; after DRAIN_DELAY_MS (time for load balancers to notice)
 * the listener closes and new requests on open connections get 503; WebSockets close in batches
 * with `reconnect`; the relay and consumers finish their round; in-flight requests finish; then
 * NATS and PostgreSQL close. Bounded by SHUTDOWN_TIMEOUT_MS.
 */
async function drain(ctx: AppContext<readonly AnyModule[]>, server: Listener, gateway: Gateway | undefined) {
  const { log, lifecycle, config } = ctx
  const started = Date.now()
  lifecycle.draining = true
  log.info({ inFlight: lifecycle.inFlight, websockets: gateway?.size ?? 0 }, 'draining')
  const steps = (async () => {
    if (config.shutdown.drainDelayMs > 0) await sleep(config.shutdown.drainDelayMs)
    const stopped = server.stop(false)
    await gateway?.drain()
    await ctx.worker.stop()
    await lifecycle.whenIdle()
    await Promise.race([stopped, sleep(1000)])
    return true
  })()
  const finished = await Promise.race([steps, sleep(config.shutdown.timeoutMs).then(() => false)])
  if (!finished) log.error({ inFlight: lifecycle.inFlight }, 'drain timed out; stopping anyway')
  await server.stop(true)
  ctx.accessLog.flush()
  await ctx.close().catch((error) => log.error({ err: error }, 'closing connections failed'))
  log.info({ ms: Date.now() - started, clean: finished }, 'stopped')
  return finished ? 0 : 1
}

/** SIGTERM and SIGINT drain the node and exit with its code; a second signal exits at once. */
export function exitOnSignals(node: RunningNode<readonly AnyModule[]>): void {
  let signals = 0
  const stop = (signal: string) => {
    signals++
    if (signals > 1) {
      node.ctx.log.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    node.ctx.log.info({ signal }, 'shutting down')
    node
      .shutdown()
      .then(async (code) => {
        await drainStdout()
        return code
      })
      .then((code) => process.exit(code))
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

/** The gateway role: WebSockets served with what the modules give (authenticator, channels, commands). */
function startGateway(ctx: AppContext<readonly AnyModule[]>): Gateway {
  const { authenticator, channels, commands, connections } = ctx.gateway
  if (!authenticator) {
    throw new BootError(
      `the gateway role needs a module that checks tokens (gateway.authenticator); none of ${ctx.modules.map((m) => `'${m.name}'`).join(', ')} does`,
    )
  }
  return new Gateway({
    nodeId: ctx.config.nodeId,
    ...ctx.config.gateway,
    bus: ctx.bus,
    auth: authenticator,
    kinds: channels,
    commands,
    connections,
    trustProxy: ctx.config.http.trustProxy,
    log: ctx.log,
    metrics: ctx.metrics,
  })
}
