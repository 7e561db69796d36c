import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { signupTokenIn } from './accounts.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from './services.ts'

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

/** A test deployment in processes: one api and workers sharing a database, a NATS prefix and a data directory. */
export interface Deployment {
  databaseUrl: string
  prefix: string
  /** The data directory the processes share (a test may keep its own files there too). */
  dataDir: string
  /** The api's URL. */
  api: string
  /** The processes by name (`api`, `worker1`, `worker2`...): a test that kills one deletes it. */
  nodes: Record<string, NodeProcess>
  /** A JSON call to the api. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answers
  json(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>
  /** Signs a new account up (confirmed through its e-mail token); its access token. */
  signUp(username: string): Promise<string>
  stop(): Promise<void>
}

/**
 * Starts one api and `workers` workers, as deployed, with their own database, NATS prefix and
 * data directory (storage, uploads, work and mail directories); `env` adds or overrides settings.
 */
export async function startDeployment(
  tag: string,
  env: Record<string, string>,
  opts: { workers?: number } = {},
): Promise<Deployment> {
  const database = await createTestDatabase(tag, { migrated: true })
  const prefix = uniquePrefix(tag)
  const data = mkdtempSync(join(tmpdir(), `sf-${tag}-`))
  const shared = deploymentEnv(database.url, prefix, {
    STORAGE_DIR: join(data, 'storage'),
    UPLOADS_DIR: join(data, 'uploads'),
    VIDEO_WORK_DIR: join(data, 'work'),
    LIVE_WORK_DIR: join(data, 'live'),
    MAIL_DIR: join(data, 'mail'),
    ...env,
  })
  const nodes: Record<string, NodeProcess> = { api: spawnNode({ ...shared, ROLES: 'api' }) }
  const api = await nodes.api!.started
  for (let i = 1; i <= (opts.workers ?? 2); i++)
    nodes[`worker${i}`] = spawnNode({ ...shared, ROLES: 'worker' })
  await Promise.all(Object.values(nodes).map((n) => n.started))
  const json: Deployment['json'] = async (method, path, body, token) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json() }
  }
  return {
    databaseUrl: database.url,
    prefix,
    dataDir: data,
    api,
    nodes,
    json,
    async signUp(username) {
      const email = `${username}@example.test`
      const started = await json('POST', '/v1/auth/register', {
        username,
        email,
        password: `Pw-${crypto.randomUUID()}`,
      })
      if (started.status !== 202) throw new Error(`sign-up of ${username}: ${started.status}`)
      const confirmed = await json('POST', '/v1/auth/register/confirm', {
        token: await signupTokenIn(database.url, email),
      })
      return confirmed.body.accessToken as string
    },
    async stop() {
      await stopProcesses(Object.values(nodes))
      await removeNatsPrefix(prefix)
      await database.drop()
      rmSync(data, { recursive: true, force: true })
    },
  }
}

/** SIGKILL to a node and its child processes (ffmpeg) at once, as when a container dies. */
export async function killWithChildren(node: NodeProcess): Promise<void> {
  const children = (await Bun.$`pgrep -P ${node.proc.pid}`.nothrow().text()).split('\n').filter(Boolean)
  node.proc.kill('SIGKILL')
  for (const pid of children) process.kill(Number(pid), 'SIGKILL')
  await node.exited
}
