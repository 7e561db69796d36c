import { t } from 'elysia'
import { type SelectQueryBuilder, sql } from 'kysely'
import { exactTime, fromExactTime } from '../db/exact-time.ts'
import { fieldError, type HttpError } from '../errors.ts'
import { isUuid } from '../ids.ts'
import { QueryInteger } from './integer.ts'

/**
 * Cursor pagination, the one way every list pages: `?limit=` (default 20, at most 100) and an
 * opaque `?cursor=`; answers `{ items, nextCursor }`. Cursors are keyset positions (a time and an
 * id), so a page never shifts when new rows arrive and deep pages cost what the first does.
 */
export const PageQuery = t.Object({
  limit: t.Optional(QueryInteger({ minimum: 1, maximum: 100, default: 20 })),
  cursor: t.Optional(t.String({ maxLength: 200 })),
})

export function pageOf<T extends Parameters<typeof t.Array>[0]>(itemSchema: T) {
  return t.Object({
    items: t.Array(itemSchema),
    nextCursor: t.Nullable(t.String({ description: 'Pass as ?cursor= for the next page; null at the end' })),
  })
}

export interface Position {
  at: Date
  id: string
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([exactTime(position.at), position.id])).toString('base64url')
}

/**
 * The position a cursor names. Cursors are opaque but come back from clients, so every part is
 * checked before it reaches a query: the time is the ISO form `encodeCursor` writes (to the
 * microsecond, as PostgreSQL keeps it; see exact-time.ts), in years 1-9999 (JavaScript takes years
 * PostgreSQL refuses, SQLSTATE 22008), the id a UUID.
 */
export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined
  const parts = cursorParts(cursor)
  if (parts?.length !== 2) throw badCursor()
  const [at, id] = parts
  const date = typeof at === 'string' ? fromExactTime(at) : undefined
  if (!date || typeof id !== 'string' || !isUuid(id)) throw badCursor()
  return { at: date, id }
}

/** A cursor's JSON array, or undefined when it is not one. */
function cursorParts(cursor: string): unknown[] | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString())
    return Array.isArray(parts) ? parts : undefined
  } catch {
    return undefined
  }
}

function badCursor(): HttpError {
  return fieldError('query.cursor', 'not a cursor this API gave out')
}

/** Cuts one extra row off a `limit + 1` query and makes the next cursor from the last kept one. */
export function page<R, I>(rows: R[], limit: number, position: (row: R) => Position, toItem: (row: R) => I) {
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return {
    items: kept.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null,
  }
}

/**
 * The keyset part of a newest-first page on (time, id) columns: rows before the cursor, in order,
 * one more than the page (so `page` knows whether another follows). Use with Kysely's `$call`.
 * The cursor's time is exact to the microsecond (exact-time.ts): rows of one transaction, which
 * share its `now()`, page one by one without one left out.
 */
export function newestFirst(
  timeColumn: string,
  idColumn: string,
  after: Position | undefined,
  limit: number,
) {
  // biome-ignore lint/suspicious/noExplicitAny: works on any select query over any tables
  return <QB extends SelectQueryBuilder<any, any, any>>(qb: QB): QB => {
    const time = sql.ref(timeColumn)
    const id = sql.ref(idColumn)
    const from = after
      ? qb.where(sql<boolean>`(${time}, ${id}) < (${exactTime(after.at)}::timestamptz, ${after.id})`)
      : qb
    return from
      .orderBy(time, 'desc')
      .orderBy(id, 'desc')
      .limit(limit + 1) as QB
  }
}

/** A position in a list ordered by a score (search relevance, popularity, a sequence), then a key. */
export interface ScorePosition {
  score: string
  key: string
}

/**
 * What the parts of a score cursor must be, as the query that reads them casts them: an
 * `integer` score compared with a bigint column (at most 19 digits, within bigint), a `decimal`
 * one with a numeric; a `uuid` key compared with an id column, a `text` key (a tag) with text.
 */
export interface ScoreCursorShape {
  score: 'integer' | 'decimal'
  key: 'uuid' | 'text'
}

export function encodeScoreCursor(position: ScorePosition): string {
  return Buffer.from(JSON.stringify(['s', position.score, position.key])).toString('base64url')
}

const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/
const INTEGER = /^-?\d{1,19}$/
const BIGINT_MAX = 2n ** 63n - 1n
const TEXT_KEY_MAX = 200

export function decodeScoreCursor(
  cursor: string | undefined,
  shape: ScoreCursorShape = { score: 'decimal', key: 'uuid' },
): ScorePosition | undefined {
  if (!cursor) return undefined
  const parts = cursorParts(cursor)
  if (parts?.length !== 3) throw badCursor()
  const [tag, score, key] = parts
  if (tag !== 's' || typeof score !== 'string' || typeof key !== 'string') throw badCursor()
  const scoreFits =
    shape.score === 'decimal'
      ? DECIMAL.test(score)
      : INTEGER.test(score) && BigInt(score) <= BIGINT_MAX && BigInt(score) >= -BIGINT_MAX - 1n
  const keyFits = shape.key === 'uuid' ? isUuid(key) : key.length <= TEXT_KEY_MAX && !key.includes('\0')
  if (!scoreFits || !keyFits) throw badCursor()
  return { score, key }
}
