import { exitOnSignals, startNode } from './node.ts'
import { BootError } from './platform/boot-error.ts'
import { ConfigError, loadConfig } from './platform/config.ts'
import { runUnderNode } from './platform/node-runtime.ts'

/**
 * The one entry point: `ROLES` chooses what this process runs (all three by default). With
 * GATEWAY_RUNTIME=node-uws, started by Bun (`npm start`), it runs itself again under Node (where
 * uWebSockets.js loads) and passes signals and the exit code through.
 */
try {
  const { config, secrets } = loadConfig(process.env)
  if (config.gateway.runtime === 'node-uws' && process.versions.bun) {
    process.exit(await runUnderNode(new URL(import.meta.url).pathname))
  }
  const node = await startNode(config, secrets)
  exitOnSignals(node)
  // SIGUSR2: a full garbage collection, and the memory figures after it, in the log.
  process.on('SIGUSR2', () => {
    if (typeof Bun !== 'undefined') Bun.gc(true)
    else (globalThis as { gc?: () => void }).gc?.()
    node.ctx.log.info(
      { memory: process.memoryUsage(), websockets: node.gateway?.size ?? 0 },
      'collected garbage (SIGUSR2)',
    )
  })
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootError
  console.error(`socialflow: cannot start: ${known ? (error as Error).message : error}`)
  if (!known) console.error(error)
  process.exit(1)
}
