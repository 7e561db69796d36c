import type { TestNode } from './node.ts'
import { deploymentEnv, spawnNode } from './process.ts'

/**
 * The gateway's runtimes the protocol tests run against (GATEWAY_RUNTIME): Bun's server in the
 * test's own node, and uWebSockets.js on Node in a process of its own. TEST_GATEWAY_RUNTIMES
 * chooses fewer (`bun`).
 */
export const GATEWAY_RUNTIMES = (process.env.TEST_GATEWAY_RUNTIMES ?? 'bun,node-uws')
  .split(',')
  .filter((r): r is 'bun' | 'node-uws' => r === 'bun' || r === 'node-uws')

/** Node under tsx takes a while to load the platform on a busy machine. */
export const GATEWAY_START_TIMEOUT_MS = 180_000

/** The settings of the test's node that decide what its gateway does (TRUST_PROXY, GATEWAY_*). */
export interface GatewayUnderTest {
  url: string
  /** Log lines of the gateway's process (for Bun: the test node's). */
  logs(): Record<string, unknown>[]
  stop(): Promise<void>
}

/** The roles of the test's own node: all of them on Bun; without the gateway when it runs apart. */
export const nodeRoles = (runtime: string) => (runtime === 'bun' ? 'api,gateway,worker' : 'api,worker')

/**
 * The gateway of `node`: the node itself on Bun, or a gateway process on Node and uWebSockets.js
 * sharing its database and NATS prefix, with the same `env`.
 */
export async function gatewayFor(
  node: TestNode,
  runtime: 'bun' | 'node-uws',
  env: Record<string, string>,
): Promise<GatewayUnderTest> {
  if (runtime === 'bun') return { url: node.url, logs: () => node.logs, stop: async () => {} }
  const proc = spawnNode({
    ...deploymentEnv(node.databaseUrl, node.prefix, env),
    ROLES: 'gateway',
    GATEWAY_RUNTIME: 'node-uws',
    LOG_LEVEL: 'info',
  })
  const url = await Promise.race([
    proc.started,
    proc.exited.then(async (code) => {
      throw new Error(`the node-uws gateway exited with ${code}: ${await proc.stderr()}`)
    }),
  ])
  return {
    url,
    logs: () => proc.lines,
    stop: async () => {
      proc.proc.kill('SIGTERM')
      await proc.exited
    },
  }
}
