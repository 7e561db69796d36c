import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { fileURLToPath } from 'node:url'

/**
 * How a TypeScript entry of this project runs under Node 20 (the gateway on uWebSockets.js, whose
 * binaries are built for Node's ABI, not Bun's): `node` from PATH with tsx's loader (a pinned npm
 * package; Node 20 cannot strip types itself), resolved from this project, so the command works
 * from any folder, and postgres.js with its fixes (db/postgres-js-node.ts). `--expose-gc` lets SIGUSR2 collect garbage before memory is read.
 */
export function nodeCommand(entry: string): string[] {
  const tsx = fileURLToPath(import.meta.resolve('tsx'))
  // After tsx (it compiles the hook): postgres.js's fixes, as Bun's preload applies them.
  const fixes = fileURLToPath(new URL('./db/postgres-js-node.ts', import.meta.url))
  return ['node', '--expose-gc', '--import', tsx, '--import', fixes, entry]
}

/**
 * Runs `entry` under Node with this process's environment and standard streams; SIGTERM, SIGINT
 * and SIGUSR2 are passed on (the drain is Node's to do). Resolves with its exit code.
 */
export function runUnderNode(entry: string): Promise<number> {
  const [command, ...args] = nodeCommand(entry)
  const child = spawn(command!, args, { stdio: 'inherit', env: process.env })
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGUSR2'] as const) process.on(signal, () => child.kill(signal))
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`socialflow: cannot start node for GATEWAY_RUNTIME=node-uws: ${error.message}`)
      resolve(1)
    })
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)))
  })
}
