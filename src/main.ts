import { exitOnSignals, startNode } from './node.ts'
import { BootError } from './platform/boot-error.ts'
import { ConfigError, loadConfig } from './platform/config.ts'

/** The one entry point: `ROLES` chooses what this process runs (all three by default). */
try {
  const { config, secrets } = loadConfig(process.env)
  exitOnSignals(await startNode(config, secrets))
} catch (error) {
  const known = error instanceof ConfigError || error instanceof BootError
  console.error(`socialflow: cannot start: ${known ? (error as Error).message : error}`)
  if (!known) console.error(error)
  process.exit(1)
}
