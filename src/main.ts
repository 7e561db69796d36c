import { exitOnSignals, startNode } from './node.ts'
import { BootError } from './platform/boot-error.ts'
import { ConfigError, loadConfig } from './platform/config.ts'

/** The one entry point: `ROLES` chooses what this process runs (all three by default). */
try {
  const { config, secrets } = loadConfig(process.env)
  const node = await startNode(config, secrets)
  exitOnSignals(node)
  // SIGUSR2: a full garbage collection, and the memory figures after it, in the log.
  process.on('SIGUSR2', () => {
    Bun.gc(true)
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
