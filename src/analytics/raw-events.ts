import type postgres from 'postgres'
import type { EventRow } from './rows.ts'
import { visitorBigint } from './visitors.ts'

/**
 * The raw events into `analytics_events` (their day partitions), each stored once by its key
 * (id, occurred_at): by COPY (the writer's way) or by multi-row inserts (benches compare).
 */

/**
 * Rows per insert statement. One statement for a whole batch (up to 100,000 events) made a
 * message of tens of megabytes that the socket took in small pieces: chunks of a few thousand
 * rows keep each write short and let PostgreSQL parse one while the next is built.
 */
const INSERT_CHUNK = 5000

const COLUMNS =
  'id, occurred_at, received_at, type, user_id, visitor, session_id, subject_kind, subject_id, source, country, ' +
  'device, position_seconds, interval_seconds, quality, buffering, data'

const SPECIAL = /[\\\t\n\r]/

/** A text field of COPY's text format: \N for null, backslash, tab and line ends escaped. */
function copyText(v: string | null): string {
  if (v === null) return '\\N'
  return SPECIAL.test(v)
    ? v.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : v
}

/**
 * The rows in COPY's text format, one line each, encoded (UTF-8) straight into one buffer as each
 * line is made. What many rows share (a batch's receipt time and viewer) is formatted once.
 * (Joining the lines into one string first made a rope of thousands of pieces that the stream
 * then flattened and encoded: 10% of the worker's CPU samples in bench:analytics.)
 */
function copyLines(rows: EventRow[], from: number, to: number): Buffer {
  const isoOf = new Map<number, string>()
  const bigintOf = new Map<string, string>()
  let out = Buffer.allocUnsafe((to - from) * LINE_BYTES)
  let at = 0
  for (let i = from; i < to; i++) {
    const r = rows[i]!
    let received = isoOf.get(r.receivedAt)
    if (received === undefined) {
      received = new Date(r.receivedAt).toISOString()
      isoOf.set(r.receivedAt, received)
    }
    let visitor = bigintOf.get(r.visitor)
    if (visitor === undefined) {
      visitor = visitorBigint(r.visitor)
      bigintOf.set(r.visitor, visitor)
    }
    const line =
      `${copyText(r.id)}\t${r.occurredAtText ?? new Date(r.occurredAt).toISOString()}\t${received}\t${copyText(r.type)}\t` +
      `${r.userId ?? '\\N'}\t${visitor}\t${copyText(r.sessionId)}\t${copyText(r.subjectKind)}\t${r.subjectId ?? '\\N'}\t` +
      `${copyText(r.source)}\t${copyText(r.country)}\t${copyText(r.device)}\t${r.positionSeconds ?? '\\N'}\t` +
      `${r.intervalSeconds ?? '\\N'}\t${copyText(r.quality)}\t${r.buffering ?? '\\N'}\t` +
      `${copyText(r.data ? JSON.stringify(r.data) : null)}\n`
    // At most 3 bytes of UTF-8 per UTF-16 unit; counted exactly only near the end.
    if (out.length - at < line.length * 3 && out.length - at < Buffer.byteLength(line)) {
      const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, at + line.length * 3))
      out.copy(bigger, 0, 0, at)
      out = bigger
    }
    at += out.write(line, at)
  }
  return out.subarray(0, at)
}

/** Room for a line of a client event (about 250 bytes) without growing the buffer. */
const LINE_BYTES = 320

/**
 * Streams `rows` by COPY into `table`, in chunks of INSERT_CHUNK rows; rejects with PostgreSQL's
 * error when the COPY fails (one that comes after the last row, as a key refused there, fails the
 * stream too: src/platform/db/postgres-js-fixes.ts).
 */
async function copyInto(tx: postgres.TransactionSql, table: string, rows: EventRow[]): Promise<void> {
  const stream = await tx`copy ${tx.unsafe(table)} (${tx.unsafe(COLUMNS)}) from stdin`.writable()
  const outcome = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve)
    stream.once('error', reject)
  })
  outcome.catch(() => {})
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    if (!stream.write(copyLines(rows, i, Math.min(rows.length, i + INSERT_CHUNK))))
      await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), outcome])
  stream.end()
  await outcome
}

/**
 * Inserts `rows` (one per id) into their day partitions, skipping those stored already; returns the
 * new ones. Mostly none is stored yet (JetStream drops a batch sent again within its duplicate
 * window): the rows go by COPY straight into `analytics_events`, under a savepoint. Should one be
 * there already (a batch redelivered after its commit, or sent again later), its key refuses the
 * COPY; then the rows are streamed into a temporary table of the connection (emptied at commit)
 * and moved by one insert-select whose key skips those stored before, returning the new ones.
 */
export async function copyEvents(tx: postgres.TransactionSql, rows: EventRow[]): Promise<EventRow[]> {
  try {
    await tx.savepoint((sp) => copyInto(sp, 'analytics_events', rows))
    return rows
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error
  }
  await tx.unsafe(
    `set local client_min_messages = warning;
     create temp table if not exists analytics_stage (like analytics_events) on commit delete rows`,
  )
  await copyInto(tx, 'analytics_stage', rows)
  const fresh = await tx<{ id: string }[]>`
    insert into analytics_events (${tx.unsafe(COLUMNS)}) select ${tx.unsafe(COLUMNS)} from analytics_stage
    on conflict do nothing
    returning id`
  return only(rows, fresh)
}

const UNIQUE_VIOLATION = '23505'

/** The rows whose ids are among `fresh`. */
function only(rows: EventRow[], fresh: { id: string }[]): EventRow[] {
  const ids = new Set(fresh.map((r) => r.id))
  return rows.filter((r) => ids.has(r.id))
}

/** Inserts `rows` (one per id) by multi-row inserts, skipping those stored already; returns the new ones. */
export async function insertEvents(tx: postgres.TransactionSql, rows: EventRow[]): Promise<EventRow[]> {
  const fresh: { id: string }[] = []
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    fresh.push(...(await insertChunk(tx, rows.slice(i, i + INSERT_CHUNK))))
  return only(rows, fresh)
}

function insertChunk(tx: postgres.TransactionSql, rows: EventRow[]) {
  // Every column as text (postgres.js types an array by its first element), cast in SQL.
  const col = (f: (r: EventRow) => string | number | boolean | null) =>
    rows.map((r) => {
      const v = f(r)
      return v === null ? null : String(v)
    })
  return tx<{ id: string }[]>`
        insert into analytics_events (id, occurred_at, received_at, type, user_id, visitor, session_id, subject_kind,
          subject_id, source, country, device, position_seconds, interval_seconds, quality, buffering, data)
        select id::uuid, oc::timestamptz, rc::timestamptz, ty, us::uuid, vi::int8, se, sk, si::uuid, so, co, de,
          po::real, iv::real, qu, bu::boolean, da::jsonb
        from unnest(${col((r) => r.id)}::text[], ${col((r) => new Date(r.occurredAt).toISOString())}::text[],
          ${col((r) => new Date(r.receivedAt).toISOString())}::text[], ${col((r) => r.type)}::text[],
          ${col((r) => r.userId)}::text[], ${col((r) => visitorBigint(r.visitor))}::text[], ${col((r) => r.sessionId)}::text[],
          ${col((r) => r.subjectKind)}::text[], ${col((r) => r.subjectId)}::text[], ${col((r) => r.source)}::text[],
          ${col((r) => r.country)}::text[], ${col((r) => r.device)}::text[], ${col((r) => r.positionSeconds)}::text[],
          ${col((r) => r.intervalSeconds)}::text[], ${col((r) => r.quality)}::text[], ${col((r) => r.buffering)}::text[],
          ${col((r) => (r.data ? JSON.stringify(r.data) : null))}::text[])
          as u(id, oc, rc, ty, us, vi, se, sk, si, so, co, de, po, iv, qu, bu, da)
        on conflict do nothing
        returning id`
}
