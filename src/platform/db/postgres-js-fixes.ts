/**
 * Fixes to postgres.js 3.4.9 (the pool under Kysely and the raw `sql`), applied to its source as
 * it loads: a Bun plugin, preloaded by bunfig.toml for the server, the CLIs and the tests alike
 * (postgres-js-preload.ts), and a Node module hook for the gateway under Node
 * (postgres-js-node.ts, GATEWAY_RUNTIME=node-uws).
 *
 * The defect (upstream porsager/postgres#1208, open; 3.4.10 has it too): a connection that
 * PostgreSQL closes while it is reserved (`sql.reserve()`, which kysely-postgres-js takes for every
 * Kysely query and transaction) or inside `sql.begin()` stays in the hands of its holder, who may
 * send it more statements (Kysely's `rollback` after the failure, the outbox relay's unlock). Each
 * is queued with `setImmediate` on a socket that is already gone, and the write throws a TypeError
 * outside any promise: the process dies (the local cluster's PostgreSQL restart killed a worker
 * this way). The `release()` after it then puts the dead connection among the open ones, where the
 * next query is written to nothing and waits forever, or throws the same way. A write pending
 * when a socket closed left its timer set, so the next session on that connection never sent its
 * startup message and timed out. And the error a statement got as its session ended was kept
 * and given to the first statement of the next session.
 *
 * Fixed here:
 * - a reserved connection, or a transaction's, that closed refuses every later statement with
 *   CONNECTION_CLOSED (a rejected promise), and the statements it had queued;
 * - `release()` of a reserved connection that closed leaves it to the pool (already among the
 *   closed ones, reconnected on demand) instead of listing it as open;
 * - a statement never goes to a connection without a socket, and a pending write dies with its
 *   socket;
 * - a connection that reconnects starts clean: the statement and the error of its closed session
 *   (a fast shutdown's FATAL 57P01) failed the first statement of the new one;
 * - a COPY FROM STDIN that PostgreSQL refuses after its last row fails its stream (which waited
 *   forever for its end);
 * - a reservation waiting for a connection is answered exactly once: one that failed no longer
 *   swallows the next connection released (lost to the pool for good), and one a closed connection
 *   dialled for is no longer forgotten (its caller waited forever). After `pg_ctl -m immediate`
 *   these two left Kysely queries, which all reserve, waiting forever (shown by the two reservation
 *   tests of test/platform/postgres-js-fixes.test.ts).
 *
 * Each replacement must match exactly once, and only the pinned version is patched: a new version
 * of postgres.js stops every process at its first import until these are checked against it
 * (test/platform/postgres-js-fixes.test.ts shows the defects).
 */
import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export const PATCHED_VERSION = '3.4.9'

type Replacement = readonly [from: string, to: string]

const fixes: Record<'index.js' | 'connection.js', Replacement[]> = {
  'index.js': [
    // reserve() waits as a pseudo-statement in the pool's queue, which the next connection to open
    // takes (`onopen`). One that failed (the connection it was dialling refused: PostgreSQL away)
    // stayed in the queue, and the next connection to open was given to it, a promise already
    // rejected: that connection was lost to the pool for good (seen after `pg_ctl -m immediate`).
    // A failed reservation now leaves the queue.
    [
      `        const query = { reserve: resolve, reject }`,
      `        const query = { reserve: resolve, reject: e => (queries.remove(query), reject(e)) }`,
    ],
    // onclose(): a closed connection dials again for the first statement waiting, taking it from
    // the queue. A reservation taken so was never answered: the connection, once open, looks for
    // reservations in the queue only, and its caller waited forever. It stays in the queue now.
    [
      `    queries.length && connect(c, queries.shift())`,
      `    if (queries.length) {
      const query = queries.shift()
      query.reserve && queries.push(query)
      connect(c, query)
    }`,
    ],
    // reserve(): a handle that refuses statements once its connection closed, and whose release
    // of a closed connection leaves it where the close put it.
    [
      `    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      c.queue === full`,
      `    move(c, reserved)
    const mine = c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true
    c.onclose = e => { while (queue.length) queue.shift().reject(e) }

    const sql = Sql(handler)
    sql.release = () => {
      if (c.reserved !== mine)
        return
      c.onclose = null
      c.reserved = null
      onopen(c)
    }

    return sql

    function handler(q) {
      if (c.reserved !== mine)
        return q.reject(Errors.connection('CONNECTION_CLOSED', options))
      c.queue === full`,
    ],
    // begin(): once the transaction's connection closed, its statements (the rollback after the
    // failure among them) are refused, and those it had queued too.
    [
      `    let savepoints = 0
      , connection
      , prepare = null`,
      `    let savepoints = 0
      , connection
      , prepare = null
      , lost = null`,
    ],
    [
      `        new Promise((_, reject) => connection.onclose = reject)`,
      `        new Promise((_, reject) => connection.onclose = e => {
          lost = e
          while (queries.length)
            queries.shift().reject(e)
          reject(e)
        })`,
    ],
    [
      `        q.catch(e => uncaughtError || (uncaughtError = e))
        c.queue === full`,
      `        q.catch(e => uncaughtError || (uncaughtError = e))
        if (lost)
          return q.reject(lost)
        c.queue === full`,
    ],
  ],
  'connection.js': [
    // A COPY ... FROM STDIN whose error comes after its stream ended (a key refused among the last
    // rows: PostgreSQL checks as it reads, and answers CopyDone with the error) went to the query
    // alone, whose promise was settled when the stream was handed over: the stream's end waited
    // forever. The stream now fails with it too.
    [
      `      errorResponse = Errors.postgres(parseError(x))
    } else {`,
      `      errorResponse = Errors.postgres(parseError(x))
      final && (final(errorResponse), final = null)
    } else {`,
    ],
    [
      `  function execute(q) {
    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))
`,
      `  function execute(q) {
    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))

    if (!socket)
      return queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true
`,
    ],
    [
      `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
      `  function nextWrite(fn) {
    if (!socket)
      return chunk = nextWriteTimer = null, false
    const x = socket.write(chunk, fn)`,
    ],
    // closed(): what was waiting to be written belonged to the closed session.
    [
      `    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)
    socket.removeListener('connect', connected)
    idleTimer.cancel()`,
      `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    socket.removeListener('data', data)
    socket.removeListener('connect', connected)
    idleTimer.cancel()`,
    ],
    // closed(): every statement sent is refused, also after a socket error (which refused those
    // sent before it, not those sent between it and the close: they waited forever). The statement
    // in flight and the error it had received (a shutdown's FATAL 57P01 comes before the close)
    // were the closed session's; kept, the next session's first ReadyForQuery failed its first
    // statement with that old error.
    [
      `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
`,
      `    ;(query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))
    query = results = errorResponse = null
    result = new Result()
`,
    ],
  ],
}

/** The file's source with its fixes; throws when one does not match exactly once. */
export function applyFixes(file: keyof typeof fixes, source: string): string {
  let out = source
  for (const [i, [from, to]] of fixes[file].entries()) {
    const at = out.indexOf(from)
    if (at < 0 || out.indexOf(from, at + 1) >= 0)
      throw new Error(
        `postgres.js fix ${i + 1} of ${file} does not match its source once: check src/platform/db/postgres-js-fixes.ts`,
      )
    out = out.slice(0, at) + to + out.slice(at + from.length)
  }
  return out
}

/**
 * The `src` folder of the project's own postgres.js, after checking its version: only the pinned
 * version is patched (`entry` is where the runtime resolved `postgres`: its src/index.js).
 */
export function patchedSourceFolder(entry: string): string {
  const root = dirname(dirname(entry))
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  if (version !== PATCHED_VERSION)
    throw new Error(
      `postgres.js is ${version}, its fixes were written for ${PATCHED_VERSION}: check src/platform/db/postgres-js-fixes.ts against it`,
    )
  return join(root, 'src')
}

/**
 * The fixed source of a file of postgres.js, or undefined when the file is none of those fixed or
 * belongs to another copy of postgres.js (a package's own), left as it is.
 */
export function fixedSource(path: string, source: string, src: string): string | undefined {
  if (dirname(path) !== src) return undefined
  const name = basename(path)
  return name === 'index.js' || name === 'connection.js' ? applyFixes(name, source) : undefined
}
