import type { Subprocess } from 'bun'
import { NATS_URL } from './services.ts'

const ROOT = new URL('../..', import.meta.url).pathname

/**
 * The settings every process of a test deployment shares: its database and NATS prefix, a free
 * port each, cheap password hashing, a quick outbox; `extra` adds or overrides.
 */
export function deploymentEnv(
  databaseUrl: string,
  prefix: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NATS_URL,
    NATS_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
    OUTBOX_POLL_MS: '200',
    ...extra,
  }
}

export interface NodeProcess {
  proc: Subprocess<'ignore', 'pipe', 'pipe'>
  /** Log lines so far, parsed. */
  lines: Record<string, unknown>[]
  stderr(): Promise<string>
  /** Resolves with the URL once the node logged "node started". */
  started: Promise<string>
  exited: Promise<number>
}

/**
 * Runs a node entry point (src/main.ts by default) as its own process, as an operator would; or
 * another `command` that starts one (`npm start`), in `cwd` (the repository by default).
 */
export function spawnNode(
  env: Record<string, string>,
  script = 'src/main.ts',
  command?: string[],
  cwd = ROOT,
): NodeProcess {
  const proc = Bun.spawn(command ?? [process.execPath, script], {
    cwd,
    // Nodes of tests run side by side: each worker's RTMP ingest on a free port unless told.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LIVE_RTMP_PORT: '0', ...env },
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const lines: Record<string, unknown>[] = []
  let resolveStarted: (url: string) => void = () => {}
  let rejectStarted: (e: Error) => void = () => {}
  const started = new Promise<string>((resolve, reject) => {
    resolveStarted = resolve
    rejectStarted = reject
  })
  started.catch(() => {}) // callers that expect a failed boot never await it
  ;(async () => {
    let buffered = ''
    for await (const chunk of proc.stdout) {
      buffered += new TextDecoder().decode(chunk)
      let newline = buffered.indexOf('\n')
      while (newline >= 0) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
        try {
          const parsed = JSON.parse(line)
          lines.push(parsed)
          if (parsed.msg === 'node started') resolveStarted(parsed.url)
        } catch {
          lines.push({ raw: line })
        }
      }
    }
    rejectStarted(new Error('the node exited before it started'))
  })()
  const stderrText = new Response(proc.stderr).text()
  return { proc, lines, started, stderr: () => stderrText, exited: proc.exited }
}

/** SIGTERM to every process of a test deployment; resolves when all have exited. */
export async function stopProcesses(nodes: Iterable<NodeProcess>): Promise<void> {
  const list = [...nodes]
  for (const n of list) n.proc.kill('SIGTERM')
  await Promise.all(list.map((n) => n.exited))
}
