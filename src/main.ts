import { startNode } from './node.ts'
import { BootError } from './platform/boot-error.ts'
import { ConfigError, loadConfig } from './platform/config.ts'

/** The one entry point: `ROLES` chooses what this process runs (all three by default). */
async function main(): Promise<void> {
  const { config, secrets } = loadConfig(process.env)
  const node = await startNode(config, secrets)
  let signals = 0
  const stop = (signal: string) => {
    signals++
    if (signals > 1) {
      node.ctx.log.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    node.ctx.log.info({ signal }, 'shutting down')
    node.shutdown().then((code) => process.exit(code))
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BootError) {
    console.error(`socialflow: cannot start: ${error.message}`)
  } else {
    console.error('socialflow: cannot start:', error)
  }
  process.exit(1)
})
