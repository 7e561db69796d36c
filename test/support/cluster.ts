/**
 * The local cluster (deploy/local-cluster/cluster.ts) for tests: started as a user would, on
 * ports, in a folder and with a database of the test's own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signupTokenIn } from './accounts.ts'
import { dropDatabase, PG_BASE_URL, uniquePrefix } from './services.ts'

export const CLUSTER_PROCESSES = [
  'nats-1',
  'nats-2',
  'nats-3',
  'api-1',
  'api-2',
  'gateway-1',
  'gateway-2',
  'worker-1',
  'worker-2',
  'nginx',
] as const

export interface Cluster {
  /** The balancer. */
  url: string
  /** CLUSTER_BASE_PORT: nodes on base+1..6, NATS clients base+11..13, monitoring base+31..33. */
  base: number
  dir: string
  database: string
  /** The cluster's database (on the machine's PostgreSQL, or on its own with CLUSTER_POSTGRES=own). */
  databaseUrl: string
  /** Runs `cluster.ts <args>`: its exit code and output. */
  run(...args: string[]): { code: number; out: string }
  /** The pid a process's file holds (the last one started under that name). */
  pid(name: string): number
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answers
  json(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>
  /** A confirmed account (through the balancer); its access token. */
  signUp(username: string): Promise<string>
  /** Stops it all and removes its database and folder. */
  remove(): Promise<void>
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A cluster's settings and commands; `start` is the test's to run (`cluster.run('start')`). */
export function localCluster(tag: string, env: Record<string, string> = {}): Cluster {
  const dir = mkdtempSync(join(tmpdir(), `sf-${tag}-`))
  const base = 20_000 + Math.floor(Math.random() * 400) * 50
  const port = base + 49
  const database = uniquePrefix(tag).replace(/^t_/, 'sft_')
  const fullEnv = {
    ...process.env,
    CLUSTER_DIR: dir,
    CLUSTER_PORT: String(port),
    CLUSTER_BASE_PORT: String(base),
    CLUSTER_DATABASE: database,
    CLUSTER_PG_URL: PG_BASE_URL,
    LOG_LEVEL: 'warn',
    PASSWORD_MEMORY_KIB: '1024',
    PASSWORD_TIME_COST: '1',
    ...env,
  }
  const url = `http://127.0.0.1:${port}`
  const ownPostgres = (fullEnv as Record<string, string | undefined>).CLUSTER_POSTGRES === 'own'
  const databaseUrl = `${ownPostgres ? `postgres://postgres@127.0.0.1:${base + 45}` : PG_BASE_URL}/${database}`
  const run = (...args: string[]) => {
    const r = Bun.spawnSync([process.execPath, 'deploy/local-cluster/cluster.ts', ...args], {
      env: fullEnv,
      stdout: 'pipe',
      stderr: 'pipe',
    })
    return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() }
  }
  const json: Cluster['json'] = async (method, path, body, token) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: await res.json().catch(() => null) }
  }
  return {
    url,
    base,
    dir,
    database,
    databaseUrl,
    run,
    pid: (name) => Number(readFileSync(join(dir, `${name}.pid`), 'utf8')),
    json,
    async signUp(username) {
      const email = `${username}@example.test`
      const registered = await json('POST', '/v1/auth/register', {
        username,
        email,
        password: `Pw-${crypto.randomUUID()}`,
      })
      if (registered.status !== 202) throw new Error(`sign-up of ${username}: ${registered.status}`)
      const confirmed = await json('POST', '/v1/auth/register/confirm', {
        token: await signupTokenIn(databaseUrl, email),
      })
      if (confirmed.status !== 201) throw new Error(`confirmation of ${username}: ${confirmed.status}`)
      return String(confirmed.body.accessToken)
    },
    async remove() {
      run('stop')
      // KEEP_CLUSTER=1: its folder (logs) and database are left for a look.
      if (process.env.KEEP_CLUSTER) return console.log(`cluster stopped; its folder: ${dir}`)
      // The own server's files go with the folder.
      if (!ownPostgres) await dropDatabase(database)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
