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

/**
 * COPY's binary format (https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.4): a
 * signature and two empty words, then per row its field count and each field as its length (-1:
 * null) and its bytes, in each type's binary form; -1 as the last field count. PostgreSQL reads
 * ids, times and numbers without parsing their text (uuid_in, timestamptz's date-time parser and
 * int8's were a tenth of its samples under text COPY), and the writer makes no line of text.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1')
const TRAILER = Buffer.from([0xff, 0xff])
const FIELDS = 17
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000
/** Bytes of a row besides its text fields: the count, 17 lengths, two uuids... (at most). */
const FIXED_BYTES = 2 + FIELDS * 4 + 16 * 3 + 8 * 3 + 4 * 2 + 1 + 1
const HEX = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i
  HEX[97 + i] = 10 + i
}

class BinaryRows {
  buf: Buffer
  at = 0
  constructor(bytes: number) {
    this.buf = Buffer.allocUnsafe(bytes)
  }
  room(bytes: number): void {
    if (this.buf.length - this.at >= bytes) return
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes))
    this.buf.copy(bigger, 0, 0, this.at)
    this.buf = bigger
  }
  null(): void {
    this.at = this.buf.writeInt32BE(-1, this.at)
  }
  /** A UUID in its text form (the API checked it; anything else is refused as PostgreSQL would). */
  uuid(text: string | null): void {
    if (text === null) {
      this.null()
      return
    }
    const { buf } = this
    let at = buf.writeInt32BE(16, this.at)
    let half = -1
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 45 /* - */ && (i === 8 || i === 13 || i === 18 || i === 23)) continue
      const v = c < 128 ? HEX[c]! : -1
      if (v < 0 || at - this.at - 4 >= 16) throw invalid('uuid', text)
      if (half < 0) half = v
      else {
        buf[at++] = (half << 4) | v
        half = -1
      }
    }
    if (at - this.at !== 20) throw invalid('uuid', text)
    this.at = at
  }
  /** A time in Unix milliseconds as timestamptz (microseconds since 2000, 64 bits). */
  time(ms: number): void {
    const us = (ms - PG_EPOCH_MS) * 1000
    const hi = Math.floor(us / 4_294_967_296)
    this.at = this.buf.writeInt32BE(8, this.at)
    this.at = this.buf.writeInt32BE(hi, this.at)
    this.at = this.buf.writeUInt32BE(us - hi * 4_294_967_296, this.at)
  }
  /** 16 hex digits as the bigint of their 64 bits. */
  hex64(hex: string): void {
    this.at = this.buf.writeInt32BE(8, this.at)
    if (this.buf.write(hex, this.at, 8, 'hex') !== 8) throw invalid('visitor hash', hex)
    this.at += 8
  }
  text(v: string | null): void {
    if (v === null) {
      this.null()
      return
    }
    const n = this.buf.write(v, this.at + 4, 'utf8')
    this.buf.writeInt32BE(n, this.at)
    this.at += 4 + n
  }
  real(v: number | null): void {
    if (v === null) {
      this.null()
      return
    }
    this.at = this.buf.writeInt32BE(4, this.at)
    this.at = this.buf.writeFloatBE(v, this.at)
  }
  boolean(v: boolean | null): void {
    if (v === null) {
      this.null()
      return
    }
    this.at = this.buf.writeInt32BE(1, this.at)
    this.buf[this.at++] = v ? 1 : 0
  }
  /** jsonb's binary form: its version (1), then the JSON text. */
  jsonb(text: string | null): void {
    if (text === null) {
      this.null()
      return
    }
    const n = this.buf.write(text, this.at + 5, 'utf8')
    this.buf.writeInt32BE(n + 1, this.at)
    this.buf[this.at + 4] = 1
    this.at += 5 + n
  }
}

function invalid(what: string, text: string): Error {
  return Object.assign(
    new Error(`invalid ${what} in an analytics event: ${JSON.stringify(text.slice(0, 40))}`),
    {
      code: '22P02',
    },
  )
}

/** The rows `from` to `to` in COPY's binary form (COLUMNS' order). */
function copyRows(rows: EventRow[], from: number, to: number): Buffer {
  const out = new BinaryRows((to - from) * ROW_BYTES)
  for (let i = from; i < to; i++) {
    const r = rows[i]!
    const data = r.data ? JSON.stringify(r.data) : null
    // At most 3 bytes of UTF-8 per UTF-16 unit of the text fields.
    out.room(
      FIXED_BYTES +
        3 *
          (r.type.length +
            (r.sessionId?.length ?? 0) +
            (r.subjectKind?.length ?? 0) +
            (r.source?.length ?? 0) +
            (r.country?.length ?? 0) +
            (r.device?.length ?? 0) +
            (r.quality?.length ?? 0) +
            (data?.length ?? 0)),
    )
    out.at = out.buf.writeInt16BE(FIELDS, out.at)
    out.uuid(r.id)
    out.time(r.occurredAt)
    out.time(r.receivedAt)
    out.text(r.type)
    out.uuid(r.userId)
    out.hex64(r.visitor)
    out.text(r.sessionId)
    out.text(r.subjectKind)
    out.uuid(r.subjectId)
    out.text(r.source)
    out.text(r.country)
    out.text(r.device)
    out.real(r.positionSeconds)
    out.real(r.intervalSeconds)
    out.text(r.quality)
    out.boolean(r.buffering)
    out.jsonb(data)
  }
  return out.buf.subarray(0, out.at)
}

/** Room for a row of a client event (about 170 bytes) without growing the buffer. */
const ROW_BYTES = 200

/**
 * Streams `rows` by COPY into `table`, in chunks of INSERT_CHUNK rows; rejects with PostgreSQL's
 * error when the COPY fails (one that comes after the last row, as a key refused there, fails the
 * stream too: src/platform/db/postgres-js-fixes.ts).
 */
async function copyInto(tx: postgres.TransactionSql, table: string, rows: EventRow[]): Promise<void> {
  const stream =
    await tx`copy ${tx.unsafe(table)} (${tx.unsafe(COLUMNS)}) from stdin with (format binary)`.writable()
  const outcome = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve)
    stream.once('error', reject)
  })
  outcome.catch(() => {})
  stream.write(SIGNATURE)
  try {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      if (!stream.write(copyRows(rows, i, Math.min(rows.length, i + INSERT_CHUNK))))
        await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), outcome])
  } catch (error) {
    // A row that cannot be encoded: the COPY is abandoned (CopyFail), and the error is the row's.
    stream.destroy(error as Error)
    await outcome.catch(() => {})
    throw error
  }
  stream.end(TRAILER)
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
