/**
 * A whole deployment on this machine's loopback, as it would run on many machines:
 *
 *   nginx (the balancer, on CLUSTER_PORT) → 2 api nodes, 2 gateway nodes; 2 workers;
 *   a 3-node NATS cluster with JetStream, every stream and bucket replicated (NATS_REPLICAS=3);
 *   the machine's PostgreSQL (database CLUSTER_DATABASE, migrated once before the nodes start), or
 *   with CLUSTER_POSTGRES=own a PostgreSQL server of the cluster's own (process `postgres`, its
 *   files in `<CLUSTER_DIR>/postgres`, on CLUSTER_BASE_PORT + 45) that can be stopped and started
 *   like the other processes without touching the machine's.
 *
 *   npm run cluster          start it (or `bun deploy/local-cluster/cluster.ts start`)
 *   npm run cluster:status   what runs, and each node's /readyz
 *   npm run cluster:stop     stop it all (SIGTERM, the nodes drain; SIGKILL after 20 s)
 *   bun deploy/local-cluster/cluster.ts down <name> [--kill]   end one process (chaos tests)
 *   bun deploy/local-cluster/cluster.ts up <name>...           start them again
 *   bun deploy/local-cluster/cluster.ts down postgres [--immediate]   stop the cluster's own
 *     PostgreSQL with `pg_ctl stop -m fast` (or `-m immediate`: no shutdown checkpoint, crash
 *     recovery at the next start)
 *
 * Every process's log is `data/cluster/logs/<name>.log` and its pid `data/cluster/<name>.pid`
 * (`api-1`, `gateway-2`, `worker-1`, `nats-3`, `nginx`); files the nodes share (storage, uploads,
 * mail) are under `data/cluster/`. Settings: CLUSTER_PORT (8080), CLUSTER_DIR (data/cluster),
 * CLUSTER_DATABASE (socialflow_cluster), CLUSTER_POSTGRES (machine | own), CLUSTER_PG_URL
 * (postgres://postgres@127.0.0.1:5432; with `own`, the own server's),
 * CLUSTER_BASE_PORT (9100: nodes on 9101-9106, NATS clients 9111-9113, routes 9121-9123,
 * monitoring 9131-9133, RTMP ingest of the workers 9141-9142, the own PostgreSQL 9145),
 * CLUSTER_GATEWAYS (2; up to 6, the others on 9143, 9144, 9146, 9147). Any other setting of the platform
 * in the environment is passed to every node.
 */
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import postgres from 'postgres'

const root = resolve(import.meta.dir, '../..')
const DIR = resolve(root, process.env.CLUSTER_DIR ?? 'data/cluster')
const PORT = Number(process.env.CLUSTER_PORT ?? 8080)
const BASE = Number(process.env.CLUSTER_BASE_PORT ?? 9100)
const OWN_PG = ownPostgres(process.env.CLUSTER_POSTGRES ?? 'machine')
const PG_PORT = BASE + 45
const PG_URL = OWN_PG
  ? `postgres://postgres@127.0.0.1:${PG_PORT}`
  : (process.env.CLUSTER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432')
const PG_DATA = join(DIR, 'postgres')
const DATABASE = process.env.CLUSTER_DATABASE ?? 'socialflow_cluster'
const STOP_GRACE_MS = 20_000
/**
 * CLUSTER_GATEWAYS (2 to 6): how many gateway nodes `start` runs, kept in the cluster's folder so
 * that `status`, `stop`, `up` and `down` know them without the setting.
 */
const GATEWAYS_FILE = join(DIR, 'gateways')
/** Where gateway-3 to gateway-6 listen, from BASE (the own PostgreSQL has BASE+45). */
const EXTRA_GATEWAY_PORTS = [43, 44, 46, 47]
const GATEWAYS = Math.min(
  6,
  Math.max(
    2,
    Number(
      process.env.CLUSTER_GATEWAYS ??
        (existsSync(GATEWAYS_FILE) ? readFileSync(GATEWAYS_FILE, 'utf8').trim() : 2),
    ) || 2,
  ),
)

interface Proc {
  name: string
  /** The command and its arguments. */
  cmd: string[]
  env?: Record<string, string>
}

const nats = [1, 2, 3].map((i) => ({
  name: `nats-${i}`,
  client: BASE + 10 + i,
  route: BASE + 20 + i,
  monitor: BASE + 30 + i,
}))

const nodes = [
  { name: 'api-1', roles: 'api', port: BASE + 1 },
  { name: 'api-2', roles: 'api', port: BASE + 2 },
  { name: 'gateway-1', roles: 'gateway', port: BASE + 3 },
  { name: 'gateway-2', roles: 'gateway', port: BASE + 4 },
  { name: 'worker-1', roles: 'worker', port: BASE + 5, rtmp: BASE + 41 },
  { name: 'worker-2', roles: 'worker', port: BASE + 6, rtmp: BASE + 42 },
  // More gateways (bench/scale holds 100,000 WebSockets over six): gateway-3 and on.
  ...EXTRA_GATEWAY_PORTS.slice(0, GATEWAYS - 2).map((offset, i) => ({
    name: `gateway-${i + 3}`,
    roles: 'gateway',
    port: BASE + offset,
  })),
]

const pidFile = (name: string) => join(DIR, `${name}.pid`)
const logFile = (name: string) => join(DIR, 'logs', `${name}.log`)

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function pidOf(name: string): number | undefined {
  if (!existsSync(pidFile(name))) return undefined
  const pid = Number(readFileSync(pidFile(name), 'utf8').trim())
  return pid > 0 && alive(pid) ? pid : undefined
}

const names = () => [
  ...(OWN_PG ? ['postgres'] : []),
  ...nats.map((n) => n.name),
  ...nodes.map((n) => n.name),
  'nginx',
]

function ownPostgres(value: string): boolean {
  if (value !== 'machine' && value !== 'own')
    throw new Error(`CLUSTER_POSTGRES is machine or own, not ${value}`)
  return value === 'own'
}

/** The newest PostgreSQL server binaries Debian installed (CLUSTER_PG_BIN for others). */
function pgBin(program: string): string {
  const dir =
    process.env.CLUSTER_PG_BIN ??
    readdirSync('/usr/lib/postgresql', { withFileTypes: true })
      .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
      .map((d) => d.name)
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`)[0]
  if (!dir) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql: set CLUSTER_PG_BIN')
  return join(dir, program)
}

/**
 * A command of PostgreSQL's own, as the user `postgres` when this runs as root (initdb and
 * postgres refuse root); `setpriv` execs it, so the pid kept is the server's.
 */
function asPostgres(cmd: string[]): string[] {
  return process.getuid?.() === 0
    ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups', '--', ...cmd]
    : cmd
}

/** The own server's files, made once (initdb); kept across restarts of the cluster. */
function initPostgres(): void {
  if (existsSync(join(PG_DATA, 'PG_VERSION'))) return
  mkdirSync(PG_DATA, { recursive: true })
  if (process.getuid?.() === 0) {
    const user = Bun.spawnSync(['id', '-u', 'postgres'], { stdout: 'pipe' })
    const group = Bun.spawnSync(['id', '-g', 'postgres'], { stdout: 'pipe' })
    chownSync(PG_DATA, Number(user.stdout.toString()), Number(group.stdout.toString()))
    // The server's user must be able to pass through the cluster's folder to reach its files.
    chmodSync(DIR, statSync(DIR).mode | 0o011)
  }
  chmodSync(PG_DATA, 0o700)
  const init = Bun.spawnSync(
    asPostgres([
      pgBin('initdb'),
      '-D',
      PG_DATA,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]),
    { stdout: 'pipe', stderr: 'pipe' },
  )
  if (init.exitCode !== 0) throw new Error(`initdb failed: ${init.stderr.toString()}`)
}

async function postgresReady(): Promise<boolean> {
  const sql = postgres(`${PG_URL}/postgres`, { max: 1, connect_timeout: 2, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch {
    return false
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

/** Starts a process detached from this script, its output in its log, its pid in its file. */
function spawn(p: Proc): void {
  const out = openSync(logFile(p.name), 'a')
  const child = Bun.spawn(p.cmd, {
    cwd: root,
    env: { ...process.env, ...p.env },
    stdin: 'ignore',
    stdout: out,
    stderr: out,
  })
  child.unref()
  closeSync(out)
  writeFileSync(pidFile(p.name), `${child.pid}\n`)
}

/** Whether a process answers: its ready URL answers 2xx, or its check says so. */
function isReady(ready: string | (() => Promise<boolean>)): Promise<boolean> {
  if (typeof ready === 'function') return ready()
  return fetch(ready, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  )
}

async function waitReady(
  p: { name: string; ready: string | (() => Promise<boolean>) },
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await isReady(p.ready)) return
    if (pidOf(p.name) === undefined)
      throw new Error(`${p.name} exited; its log: ${logFile(p.name)}\n${tail(logFile(p.name))}`)
    await Bun.sleep(200)
  }
  throw new Error(
    `${p.name} not ready within ${timeoutMs / 1000} s (${p.ready}); its log: ${logFile(p.name)}`,
  )
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : ''
}

function natsConfig(n: (typeof nats)[number]): string {
  const routes = nats.filter((o) => o !== n).map((o) => `nats-route://127.0.0.1:${o.route}`)
  return `server_name: ${n.name}
listen: 127.0.0.1:${n.client}
http: 127.0.0.1:${n.monitor}
jetstream {
  store_dir: "${join(DIR, n.name)}"
}
cluster {
  name: socialflow-local
  listen: 127.0.0.1:${n.route}
  routes: [${routes.join(', ')}]
}
`
}

function nginxConfig(): string {
  const upstream = (group: string, roles: string, extra = '') =>
    `  upstream ${group} {
${nodes
  .filter((n) => n.roles === roles)
  .map((n) => `    server 127.0.0.1:${n.port} max_fails=1 fail_timeout=5s;`)
  .join('\n')}
${extra}  }`
  // The compose deployment's routes (deploy/nginx.conf), with two nodes of each role: a node
  // that answers 503 (draining, or not ready) or cannot be reached is passed over for the next
  // one and left alone for fail_timeout (passive checks: the open-source nginx has no active ones).
  // nginx runs in the foreground (daemon off): the pid it writes is the one the script kept.
  // Started by root, nginx's workers would run as nobody, who cannot reach this folder when it sits
  // in a private one (a test's mkdtemp, /root): its cache and temporary files live here.
  const user = process.getuid?.() === 0 ? 'user root;\n' : ''
  return `${user}pid ${pidFile('nginx')};
error_log ${logFile('nginx')} warn;
worker_processes 1;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path ${join(DIR, 'nginx-tmp', 'body')};
  proxy_temp_path ${join(DIR, 'nginx-tmp', 'proxy')};
  fastcgi_temp_path ${join(DIR, 'nginx-tmp', 'fastcgi')};
  uwsgi_temp_path ${join(DIR, 'nginx-tmp', 'uwsgi')};
  scgi_temp_path ${join(DIR, 'nginx-tmp', 'scgi')};
  proxy_cache_path ${join(DIR, 'nginx-tmp', 'cache')} levels=1:2 keys_zone=public_reads:10m max_size=256m inactive=1m use_temp_path=off;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }

${upstream('api', 'api', '    keepalive 64;\n')}
${upstream('gateway', 'gateway')}

  server {
    listen 127.0.0.1:${PORT};
    client_max_body_size 16m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Request-Id $request_id;
    proxy_next_upstream error timeout http_502 http_503;
    # Every node of the group passed over (each answered 502/503 or could not be reached, and is
    # left alone for fail_timeout: PostgreSQL away makes every api node answer 503): a problem of
    # the API's own kind, to be tried again shortly, rather than nginx's HTML 502 page.
    error_page 502 504 = @unavailable;
    location @unavailable {
      default_type application/problem+json;
      add_header Retry-After 1 always;
      return 503 '{"type":"https://socialflow.dev/problems/service-unavailable","title":"The service is unavailable","status":503,"detail":"No node can answer right now; try again shortly","code":"service_unavailable","requestId":"$request_id"}';
    }

    location = /v1/gateway {
      proxy_pass http://gateway;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $request_id;
      proxy_read_timeout 120s;
    }

    location /v1/uploads {
      proxy_pass http://api;
      client_max_body_size 0;
      proxy_request_buffering off;
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
      # A PATCH that failed halfway is the client's to resume (tus), not nginx's to replay.
      proxy_next_upstream error timeout;
    }

    location / {
      proxy_pass http://api;
      # Anonymous reads of public profiles, posts and timelines answer Cache-Control public (for
      # PUBLIC_CACHE_SECONDS): kept here a few seconds and served to every logged-out reader, one
      # request at a time going to the api per expired answer (lock, stale while updating, revalidated
      # by ETag). A request with a token always goes to the api, and nothing else is kept: other
      # answers say nothing public. The request id is this request's, not the kept answer's.
      proxy_cache public_reads;
      proxy_cache_bypass $http_authorization;
      proxy_no_cache $http_authorization;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 2s;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      proxy_cache_revalidate on;
      proxy_hide_header X-Request-Id;
      add_header X-Request-Id $request_id always;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`
}

async function createDatabase(): Promise<void> {
  const admin = postgres(`${PG_URL}/postgres`, { max: 1, onnotice: () => {} })
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${DATABASE}`
    if (!found) await admin.unsafe(`create database "${DATABASE.replaceAll('"', '""')}"`)
  } finally {
    await admin.end()
  }
}

/** The settings every node gets. */
function sharedEnv(): Record<string, string> {
  return {
    DATABASE_URL: `${PG_URL}/${DATABASE}`,
    NATS_URL: nats.map((n) => `nats://127.0.0.1:${n.client}`).join(','),
    NATS_REPLICAS: '3',
    MIGRATE_ON_START: 'false',
    TRUST_PROXY: 'true',
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    HOST: '127.0.0.1',
    STORAGE_DIR: join(DIR, 'storage'),
    UPLOADS_DIR: join(DIR, 'uploads'),
    MAIL_DIR: join(DIR, 'mail'),
    LIVE_RTMP_URL: `rtmp://127.0.0.1:${nodes[4]!.rtmp}/live`,
  }
}

/** How a process of the cluster is started, and where to ask whether it is ready. */
function processOf(name: string): Proc & { ready: string | (() => Promise<boolean>) } {
  if (name === 'postgres' && OWN_PG) {
    initPostgres()
    return {
      name,
      // TCP on loopback only (no Unix socket: its folder would have to be the server user's).
      // fsync off: a throwaway server, and a process killed (the chaos tests' immediate stop) still
      // leaves every committed write in the kernel's page cache; only a crash of the machine loses them.
      cmd: asPostgres([
        pgBin('postgres'),
        '-D',
        PG_DATA,
        '-p',
        String(PG_PORT),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
      ]),
      ready: postgresReady,
    }
  }
  const n = nats.find((o) => o.name === name)
  if (n) {
    writeFileSync(join(DIR, `${n.name}.conf`), natsConfig(n))
    return {
      name,
      cmd: ['nats-server', '-c', join(DIR, `${n.name}.conf`)],
      // Ready once JetStream has a meta leader and this server its place in it.
      ready: `http://127.0.0.1:${n.monitor}/healthz`,
    }
  }
  const node = nodes.find((o) => o.name === name)
  if (node)
    return {
      name,
      cmd: [process.execPath, 'src/main.ts'],
      env: {
        ...sharedEnv(),
        ROLES: node.roles,
        PORT: String(node.port),
        NODE_ID: node.name,
        VIDEO_WORK_DIR: join(DIR, 'work', node.name),
        LIVE_WORK_DIR: join(DIR, 'live', node.name),
        ...(node.rtmp ? { LIVE_RTMP_PORT: String(node.rtmp) } : {}),
      },
      ready: `http://127.0.0.1:${node.port}/readyz`,
    }
  if (name === 'nginx') {
    writeFileSync(join(DIR, 'nginx.conf'), nginxConfig())
    const test = Bun.spawnSync(['nginx', '-t', '-q', '-c', join(DIR, 'nginx.conf'), '-p', DIR], {
      stderr: 'pipe',
    })
    if (test.exitCode !== 0) throw new Error(`nginx refused its configuration: ${test.stderr.toString()}`)
    // In the foreground of its own process (its pid is the one kept), logging to its file.
    return {
      name,
      cmd: ['nginx', '-c', join(DIR, 'nginx.conf'), '-p', DIR, '-g', 'daemon off;'],
      ready: `http://127.0.0.1:${PORT}/readyz`,
    }
  }
  throw new Error(`no process ${name}: ${names().join(', ')}`)
}

async function start(): Promise<void> {
  const running = names().filter((n) => pidOf(n) !== undefined)
  if (running.length > 0)
    throw new Error(`already running: ${running.join(', ')} (npm run cluster:stop first)`)
  if (!Bun.which('nginx')) throw new Error('nginx is missing: apt-get install -y nginx')
  if (!Bun.which('nats-server')) throw new Error('nats-server is missing (see ../shared/STACK.md)')
  for (const d of ['logs', 'nginx-tmp', 'storage', 'uploads', 'mail', 'work', 'live'])
    mkdirSync(join(DIR, d), { recursive: true })

  console.log(`NATS cluster on 127.0.0.1:${nats.map((n) => n.client).join(', ')} (JetStream R3)`)
  const natsProcs = nats.map((n) => processOf(n.name))
  if (OWN_PG) {
    console.log(`PostgreSQL of the cluster's own on 127.0.0.1:${PG_PORT} (files in ${PG_DATA})`)
    natsProcs.push(processOf('postgres'))
  }
  for (const p of natsProcs) spawn(p)
  await Promise.all(natsProcs.map((p) => waitReady(p, 60_000)))

  await createDatabase()
  console.log(`PostgreSQL ${PG_URL}/${DATABASE}: migrating`)
  const migrate = Bun.spawnSync([process.execPath, 'src/cli/migrate.ts'], {
    cwd: root,
    env: { ...process.env, ...sharedEnv() },
    stdout: 'inherit',
    stderr: 'inherit',
  })
  if (migrate.exitCode !== 0) throw new Error('the migration failed')

  // One node first: it makes the streams, consumers and buckets (each a round of the JetStream
  // cluster's consensus); the others then find them made instead of racing to make them.
  writeFileSync(GATEWAYS_FILE, `${GATEWAYS}\n`)
  const [first, ...rest] = nodes.map((n) => processOf(n.name))
  spawn(first!)
  await waitReady(first!, 90_000)
  for (const p of rest) spawn(p)
  await Promise.all(rest.map((p) => waitReady(p, 90_000)))
  for (const n of nodes) console.log(`${n.name.padEnd(10)} ${n.roles.padEnd(8)} http://127.0.0.1:${n.port}`)

  const balancer = processOf('nginx')
  spawn(balancer)
  await waitReady(balancer, 20_000)
  console.log(
    `\nready: http://127.0.0.1:${PORT} (REST, /docs, WebSocket /v1/gateway); logs in ${join(DIR, 'logs')}`,
  )
  console.log('stop: npm run cluster:stop')
}

/**
 * Starts processes of the cluster again (after `down`, or after they died), together (NATS
 * servers are healthy only once a majority of them runs), and waits for them.
 */
async function up(names: string[]): Promise<void> {
  if (names.length === 0) throw new Error('up: name the processes')
  const running = names.filter((name) => pidOf(name) !== undefined)
  if (running.length > 0) throw new Error(`running already: ${running.join(', ')}`)
  const procs = names.map(processOf)
  for (const p of procs) spawn(p)
  await Promise.all(procs.map((p) => waitReady(p, 90_000)))
  for (const name of names) console.log(`${name} up (pid ${pidOf(name)})`)
}

/**
 * Stops the own PostgreSQL with pg_ctl: `fast` (clients disconnected, a shutdown checkpoint) or
 * `immediate` (every server process ends at once; crash recovery at the next start).
 */
function stopPostgres(mode: 'fast' | 'immediate'): void {
  const stop = Bun.spawnSync(
    asPostgres([pgBin('pg_ctl'), 'stop', '-D', PG_DATA, '-m', mode, '-w', '-t', '60']),
    {
      stdout: 'pipe',
      stderr: 'pipe',
    },
  )
  if (stop.exitCode !== 0) throw new Error(`pg_ctl stop -m ${mode} failed: ${stop.stderr.toString()}`)
}

/** Ends one process: SIGTERM (it drains), or SIGKILL with `--kill` (as when its machine dies). */
async function down(name: string, kill: boolean, immediate: boolean): Promise<void> {
  processOf(name)
  const pid = pidOf(name)
  if (pid === undefined) throw new Error(`${name} is not running`)
  if (name === 'postgres') {
    stopPostgres(immediate || kill ? 'immediate' : 'fast')
    rmSync(pidFile(name), { force: true })
    console.log(`postgres stopped (pg_ctl stop -m ${immediate || kill ? 'immediate' : 'fast'})`)
    return
  }
  process.kill(pid, kill ? 'SIGKILL' : 'SIGTERM')
  const until = Date.now() + STOP_GRACE_MS
  while (alive(pid) && Date.now() < until) await Bun.sleep(50)
  if (alive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(pidFile(name), { force: true })
  console.log(`${name} ${kill ? 'killed' : 'stopped'}`)
}

async function stop(): Promise<void> {
  // The balancer first (no new requests), then the nodes (they drain), NATS last.
  const order = ['nginx', ...nodes.map((n) => n.name), ...nats.map((n) => n.name), 'postgres']
  for (const group of [['nginx'], nodes.map((n) => n.name), nats.map((n) => n.name), ['postgres']]) {
    const pids = group.map((name) => [name, pidOf(name)] as const).filter(([, pid]) => pid !== undefined)
    // PostgreSQL's SIGTERM waits for its clients to leave; SIGINT is pg_ctl's fast mode.
    for (const [name, pid] of pids) process.kill(pid!, name === 'postgres' ? 'SIGINT' : 'SIGTERM')
    const until = Date.now() + STOP_GRACE_MS
    while (pids.some(([, pid]) => alive(pid!)) && Date.now() < until) await Bun.sleep(100)
    for (const [name, pid] of pids)
      if (alive(pid!)) {
        console.log(`${name} did not stop within ${STOP_GRACE_MS / 1000} s: SIGKILL`)
        process.kill(pid!, 'SIGKILL')
      }
    for (const [name] of pids) console.log(`stopped ${name}`)
  }
  for (const name of order) rmSync(pidFile(name), { force: true })
}

async function status(): Promise<number> {
  let down = 0
  for (const name of names()) {
    const pid = pidOf(name)
    const node = nodes.find((n) => n.name === name)
    const n = nats.find((o) => o.name === name)
    const url = node
      ? `http://127.0.0.1:${node.port}/readyz`
      : n
        ? `http://127.0.0.1:${n.monitor}/healthz`
        : `http://127.0.0.1:${PORT}/readyz`
    const code = !pid
      ? '-'
      : name === 'postgres'
        ? (await postgresReady())
          ? '200'
          : 'no answer'
        : await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
            (r) => String(r.status),
            () => 'no answer',
          )
    if (!pid || code !== '200') down++
    console.log(`${name.padEnd(10)} ${pid ? `pid ${pid}`.padEnd(12) : 'not running '} ${code}`)
  }
  return down
}

const command = process.argv[2] ?? 'start'
try {
  if (command === 'start') await start()
  else if (command === 'stop') await stop()
  else if (command === 'up') await up(process.argv.slice(3))
  else if (command === 'down')
    await down(process.argv[3] ?? '', process.argv.includes('--kill'), process.argv.includes('--immediate'))
  else if (command === 'status') process.exitCode = (await status()) === 0 ? 0 : 1
  else
    throw new Error(
      `unknown command ${command}: start, stop, status, up <name>..., down <name> [--kill | --immediate]`,
    )
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  if (command === 'start')
    console.error('what started is left running for a look: npm run cluster:stop ends it')
  process.exitCode = 1
}
