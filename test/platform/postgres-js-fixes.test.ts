/**
 * postgres.js with its fixes (src/platform/db/postgres-js-fixes.ts, preloaded by bunfig.toml):
 * connections PostgreSQL closes while they are reserved or inside a transaction. Without the
 * fixes the second statement on such a connection throws from a timer and ends the test process,
 * and the released connection is handed out again dead.
 */

import { afterAll, describe, expect, test } from 'bun:test'
import net from 'node:net'
import { Kysely, sql as kysql } from 'kysely'
import postgres from 'postgres'
import { connectDatabase } from '../../src/platform/db/connect.ts'
import { PostgresDialect } from '../../src/platform/db/dialect.ts'
import { applyFixes } from '../../src/platform/db/postgres-js-fixes.ts'
import { nodeCommand } from '../../src/platform/node-runtime.ts'
import { PG_BASE_URL } from '../support/services.ts'

const url = `${PG_BASE_URL}/postgres`
const admin = postgres(url, { max: 1, onnotice: () => {} })
const pools: postgres.Sql[] = []
const pool = (max: number) => {
  const sql = postgres(url, { max, onnotice: () => {}, connect_timeout: 5 })
  pools.push(sql)
  return sql
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end({ timeout: 1 })))
  await admin.end()
})

const CLOSED = new Set(['CONNECTION_CLOSED', 'ECONNRESET', '57P01'])
const terminate = (pid: number) => admin`select pg_terminate_backend(${pid})`
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  )

/** A proxy to PostgreSQL that can stop listening: connections to it are then refused. */
async function refusingProxy() {
  const upstream = new URL(PG_BASE_URL)
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    const target = net.connect(Number(upstream.port || 5432), upstream.hostname)
    client.pipe(target).pipe(client)
    client.on('error', () => target.destroy())
    target.on('error', () => client.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    user: upstream.username || 'postgres',
    /** Stops listening at once (the open connections stay). */
    refuse: () => server.close(),
    accept: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    /** Ends the connections made through it. */
    cut: () => {
      for (const s of sockets) s.destroy()
    },
    close() {
      server.close()
      for (const s of sockets) s.destroy()
    },
  }
}

/** Every connection of the pool answers: `max` statements at once, each on its own connection. */
async function allAnswer(sql: postgres.Sql, max: number): Promise<number[]> {
  const rows = await Promise.all(
    Array.from({ length: max }, () => sql<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.05)`),
  )
  return rows.map((r) => r[0]!.pid)
}

describe('postgres.js connections closed by the server', () => {
  test('a reserved connection: later statements are refused, and once released the pool reconnects it', async () => {
    const sql = pool(2)
    const conn = await sql.reserve()
    const [{ pid }] = (await conn`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
    await terminate(pid)
    await Bun.sleep(100)
    // Two statements after the close, the second one sent at once as the outbox relay's unlock is.
    // (The first learns of the close from the socket: ECONNRESET, or CONNECTION_CLOSED.)
    const codes = await Promise.all([codeOf(conn`select 1`), codeOf(conn`select 2`)])
    expect(codes.every((c) => CLOSED.has(c))).toBe(true)
    expect(await codeOf(conn`select 3`)).toBe('CONNECTION_CLOSED')
    conn.release()
    await Bun.sleep(50)
    const pids = await allAnswer(sql, 2)
    expect(pids).not.toContain(pid)
    expect(new Set(pids).size).toBe(2)
  })

  test('statements queued on a reserved connection when it closes are refused, not left waiting', async () => {
    const sql = pool(1)
    const conn = await sql.reserve()
    const [{ pid }] = (await conn`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
    const slow = codeOf(conn`select pg_sleep(5)`)
    // Sent while the first is running: pipelined or queued behind it.
    const queued = Array.from({ length: 5 }, (_, i) => codeOf(conn`select ${i}::int`))
    await Bun.sleep(100)
    await terminate(pid)
    const started = performance.now()
    const codes = await Promise.all([slow, ...queued])
    expect(performance.now() - started).toBeLessThan(2000)
    expect(codes.every((c) => CLOSED.has(c))).toBe(true)
    conn.release()
    // The error the session got as it ended (57P01) is not given to the next session's first statement.
    expect(await allAnswer(sql, 1)).not.toContain(pid)
  })

  test('a transaction (sql.begin) whose connection closes: it fails, its rollback does not kill the process', async () => {
    const sql = pool(2)
    let pid = 0
    const outcome = await codeOf(
      sql.begin(async (tx) => {
        ;[{ pid }] = (await tx`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
        await terminate(pid)
        await Bun.sleep(100)
        await tx`select 1`
      }),
    )
    expect(CLOSED.has(outcome)).toBe(true)
    await Bun.sleep(50)
    expect(await allAnswer(sql, 2)).not.toContain(pid)
  })

  test('Kysely (a reserved connection per query and per transaction): a transaction cut off, then every query answers', async () => {
    const sql = pool(2)
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect(sql) })
    let pid = 0
    const outcome = await codeOf(
      db.transaction().execute(async (trx) => {
        pid = (await kysql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid
        await terminate(pid)
        await Bun.sleep(100)
        await kysql`select 1`.execute(trx)
      }),
    )
    expect(CLOSED.has(outcome)).toBe(true)
    // Before the fix the released connection was listed as open: one query in two went to it.
    const started = performance.now()
    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) => (await kysql<{ n: number }>`select ${i}::int as n`.execute(db)).rows[0]!.n,
      ),
    )
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(performance.now() - started).toBeLessThan(5000)
  })

  test('a reservation waiting when the connection it waits for closes gets the one that dials again', async () => {
    const sql = pool(1)
    const held = await sql.reserve()
    const [{ pid }] = (await held`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
    const waiting = sql.reserve()
    await Bun.sleep(50)
    await terminate(pid)
    // Before the fix the closed connection dialled again for it, then forgot it: it waited forever.
    const next = await Promise.race([waiting, Bun.sleep(5000).then(() => null)])
    expect(next).not.toBeNull()
    const [again] = (await next!`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
    expect(again!.pid).not.toBe(pid)
    next!.release()
    held.release()
    expect(await allAnswer(sql, 1)).toHaveLength(1)
  })

  test('a reservation refused (PostgreSQL away) does not take the next connection to be released', async () => {
    const proxy = await refusingProxy()
    const sql = postgres(`postgres://${proxy.user}@127.0.0.1:${proxy.port}/postgres`, {
      max: 2,
      onnotice: () => {},
      connect_timeout: 5,
    })
    pools.push(sql)
    try {
      const held = await sql.reserve()
      await held`select 1`
      proxy.refuse()
      // The second connection cannot be made: the reservation fails; the first is released at once.
      const refused = await sql.reserve().then(
        () => 'reserved',
        (e: { code?: string }) => {
          held.release()
          return e.code
        },
      )
      expect(refused).toBe('ECONNREFUSED')
      await proxy.accept()
      // Before the fix the failed reservation stayed queued and was handed the released connection,
      // which nobody held any more: the pool had one connection less, for good.
      const both = await Promise.race([
        Promise.all([sql.reserve(), sql.reserve()]),
        Bun.sleep(5000).then(() => null),
      ])
      expect(both).not.toBeNull()
      for (const r of both!) {
        expect([...(await r`select 1 as one`)]).toEqual([{ one: 1 }])
        r.release()
      }
    } finally {
      proxy.close()
    }
  })

  test('our pools dial again within a second of PostgreSQL coming back, however long it was away', async () => {
    const proxy = await refusingProxy()
    const url = `postgres://${proxy.user}@127.0.0.1:${proxy.port}/postgres`
    const handle = await connectDatabase(
      { displayUrl: url, host: '127.0.0.1', port: proxy.port, name: 'postgres', poolMax: 4 } as never,
      url,
    )
    try {
      proxy.refuse()
      proxy.cut()
      // Away for a while, with statements failing meanwhile: each failed dial of the pool counts.
      for (let i = 0; i < 20; i++) {
        expect(['ECONNREFUSED', 'CONNECTION_CLOSED']).toContain(await codeOf(handle.sql`select 1`))
        await Bun.sleep(50)
      }
      await proxy.accept()
      // postgres.js' own back-off (3^n/100 s, up to 20 s) had the pool wait 10-20 s here.
      const started = performance.now()
      expect([...(await handle.sql`select 1 as one`)]).toEqual([{ one: 1 }])
      expect(performance.now() - started).toBeLessThan(2500)
    } finally {
      await handle.close()
      proxy.close()
    }
  })

  test('a COPY refused after its last row fails its stream, which waited for its end forever', async () => {
    const sql = pool(1)
    let stream = 'not started'
    await sql
      .begin(async (tx) => {
        await tx`create temporary table copied (id int primary key) on commit drop`
        const copy = await tx`copy copied (id) from stdin`.writable()
        const ended = new Promise<string>((resolve) => {
          copy.once('finish', () => resolve('finished'))
          copy.once('error', (e: { code?: string }) => resolve(e.code ?? String(e)))
        })
        // The key refuses the last row: PostgreSQL says so only after CopyDone.
        copy.write('1\n2\n3\n1\n')
        copy.end()
        stream = await Promise.race([ended, Bun.sleep(5000).then(() => 'still waiting after 5 s')])
        // (The query's own promise was settled with the stream: the error reaches its caller
        // through the stream only, who must fail the transaction, as copyInto does.)
        throw new Error(stream)
      })
      .catch(() => {})
    expect(stream).toBe('23505')
  })

  test('under Node too (the gateway with GATEWAY_RUNTIME=node-uws): the command that runs it applies the fixes', async () => {
    const script = new URL('../fixtures/postgres-js-check.ts', import.meta.url).pathname
    const run = Bun.spawn(nodeCommand(script).concat(url), { stdout: 'pipe', stderr: 'pipe' })
    const [out, err] = await Promise.all([new Response(run.stdout).text(), new Response(run.stderr).text()])
    expect({ code: await run.exited, out: out.trim(), err }).toEqual({ code: 0, out: 'ok', err: '' })
  }, 60_000)

  test('the fixes refuse a source they do not match (a new postgres.js version)', () => {
    expect(() => applyFixes('connection.js', 'function nextWrite(fn) {}')).toThrow(/does not match/)
  })
})
