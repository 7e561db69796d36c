import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import type { Modules } from '../../src/modules.ts'
import { type NodeOptions, type RunningNode, startNode } from '../../src/node.ts'
import { loadConfig } from '../../src/platform/config.ts'
import type { AnyModule } from '../../src/platform/module.ts'
import { createTestDatabase, NATS_URL, removeNatsPrefix, uniquePrefix } from './services.ts'

export interface TestNode<L extends readonly AnyModule[] = Modules> extends RunningNode<L> {
  databaseUrl: string
  prefix: string
  /** Where this node's mail is kept (the folder mailer). */
  mailDir: string
  /** Storage, uploads and scratch space of this node (shared with the nodes that join it). */
  dataDir: string
  /** Every log line the node wrote, parsed. */
  logs: Record<string, unknown>[]
  /** `fetch` against the in-process HTTP stack (no socket). */
  request(path: string, init?: RequestInit): Promise<Response>
  stop(): Promise<void>
}

/**
 * A whole node on its own database and NATS prefix, listening on a free port. `env` overrides
 * settings; `modules` chooses the features (all of them by default).
 */
export async function startTestNode<L extends readonly AnyModule[] = Modules>(
  tag: string,
  opts: {
    env?: Record<string, string>
    /** Another node of the same deployment: share its database and NATS prefix. */
    join?: TestNode<readonly AnyModule[]>
    /** Settings of the test's database for every session (`plan_cache_mode`...), set before the node starts. */
    databaseSettings?: Record<string, string>
  } & Omit<NodeOptions<L>, 'logSink'> = {},
): Promise<TestNode<L>> {
  const database = opts.join
    ? { url: opts.join.databaseUrl, drop: async () => {} }
    : await createTestDatabase(tag, { migrated: true })
  if (opts.databaseSettings && !opts.join) {
    const admin = postgres(database.url, { max: 1, onnotice: () => {} })
    const name = new URL(database.url).pathname.slice(1)
    for (const [key, value] of Object.entries(opts.databaseSettings))
      await admin.unsafe(`alter database "${name}" set ${key} = '${value.replaceAll("'", "''")}'`)
    await admin.end()
  }
  const prefix = opts.join?.prefix ?? uniquePrefix(tag)
  const mailDir = mkdtempSync(join(tmpdir(), 'sf-mail-'))
  const dataDir = opts.join?.dataDir ?? mkdtempSync(join(tmpdir(), 'sf-data-'))
  const { config, secrets } = loadConfig({
    MAIL_DIR: mailDir,
    DATABASE_URL: database.url,
    NATS_URL,
    NATS_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '200',
    STORAGE_DIR: join(dataDir, 'storage'),
    UPLOADS_DIR: join(dataDir, 'uploads'),
    VIDEO_WORK_DIR: join(dataDir, 'work'),
    LIVE_WORK_DIR: join(dataDir, 'live'),
    // Nodes of tests run side by side: each ingest on a free port.
    LIVE_RTMP_PORT: '0',
    ...opts.env,
  })
  const logs: Record<string, unknown>[] = []
  const logSink = (chunk: string) => {
    for (const line of chunk.split('\n')) if (line) logs.push(JSON.parse(line))
  }
  let node: RunningNode<L>
  try {
    node = await startNode(config, secrets, { modules: opts.modules, logSink, lookup: opts.lookup })
  } catch (error) {
    await database.drop()
    throw error
  }
  return {
    ...node,
    databaseUrl: database.url,
    prefix,
    logs,
    mailDir,
    dataDir,
    request: async (path, init) => {
      const response = await node.handle(new Request(`http://localhost${path}`, init))
      node.ctx.accessLog.flush()
      return response
    },
    stop: async () => {
      await node.shutdown()
      if (!opts.join) await removeNatsPrefix(prefix)
      await database.drop()
      rmSync(mailDir, { recursive: true, force: true })
      if (!opts.join) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
