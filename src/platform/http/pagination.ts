import { t } from 'elysia'
import { type SelectQueryBuilder, sql } from 'kysely'
import { HttpError, problems } from '../errors.ts'
import { isUuid } from '../ids.ts'

/**
 * Cursor pagination, the one way every list pages: `?limit=` (default 20, at most 100) and an
 * opaque `?cursor=`; answers `{ items, nextCursor }`. Cursors are keyset positions (a time and an
 * id), so a page never shifts when new rows arrive and deep pages cost what the first does.
 */
export const PageQuery = t.Object({
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100, default: 20 })),
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
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url')
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string]
    const date = new Date(at)
    if (Number.isNaN(date.getTime()) || typeof id !== 'string' || !isUuid(id)) throw new Error('bad cursor')
    return { at: date, id }
  } catch {
    throw new HttpError(problems.validation, 'query.cursor: not a cursor this API gave out', {
      errors: [{ field: 'query.cursor', message: 'not a cursor this API gave out' }],
    })
  }
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
    const from = after ? qb.where(sql<boolean>`(${time}, ${id}) < (${after.at}, ${after.id})`) : qb
    return from
      .orderBy(time, 'desc')
      .orderBy(id, 'desc')
      .limit(limit + 1) as QB
  }
}

/** A position in a list ordered by a score (search relevance, popularity), then a key. */
export interface ScorePosition {
  score: string
  key: string
}

export function encodeScoreCursor(position: ScorePosition): string {
  return Buffer.from(JSON.stringify(['s', position.score, position.key])).toString('base64url')
}

export function decodeScoreCursor(cursor: string | undefined): ScorePosition | undefined {
  if (!cursor) return undefined
  try {
    const [tag, score, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      string,
      string,
    ]
    if (tag !== 's' || !/^-?\d+(\.\d+)?$/.test(score) || typeof key !== 'string')
      throw new Error('bad cursor')
    return { score, key }
  } catch {
    throw new HttpError(problems.validation, 'query.cursor: not a cursor this API gave out', {
      errors: [{ field: 'query.cursor', message: 'not a cursor this API gave out' }],
    })
  }
}
