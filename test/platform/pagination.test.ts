import { describe, expect, test } from 'bun:test'
import { exactTime, parseTimestamptz } from '../../src/platform/db/exact-time.ts'
import { HttpError } from '../../src/platform/errors.ts'
import {
  decodeCursor,
  decodeScoreCursor,
  encodeCursor,
  encodeScoreCursor,
} from '../../src/platform/http/pagination.ts'

const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url')
const id = '01a24e24-2b98-77c1-8d36-11bedec0662a'

/** The answer to a cursor this API never gave out: one 422 naming query.cursor. */
function refused(decode: () => unknown) {
  let error: unknown
  try {
    decode()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(HttpError)
  const http = error as HttpError
  expect(http.status).toBe(422)
  expect(http.kind.code).toBe('validation_failed')
  expect(http.extras.errors).toEqual([{ field: 'query.cursor', message: 'not a cursor this API gave out' }])
}

describe('time cursors', () => {
  test('what encodeCursor writes comes back', () => {
    for (const at of [new Date(), new Date('0001-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z')])
      expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id })
    expect(decodeCursor(undefined)).toBeUndefined()
    expect(decodeCursor('')).toBeUndefined()
  })

  test('times PostgreSQL cannot take, or encodeCursor never writes, are refused', () => {
    for (const at of [
      '-010000-01-01T00:00:00.000Z', // JavaScript takes it, PostgreSQL does not (22008)
      '+200000-01-01T00:00:00.000Z',
      '+300000-01-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01',
      'Tue Mar 01 2022',
      '0',
      12,
      null,
    ])
      refused(() => decodeCursor(cursor([at, id])))
  })

  test('a time read from PostgreSQL keeps its microseconds through the cursor', () => {
    const at = parseTimestamptz('2026-12-07 18:30:00.123456+01')
    expect(at.toISOString()).toBe('2026-12-07T17:30:00.123Z')
    expect(JSON.stringify({ at })).toBe('{"at":"2026-12-07T17:30:00.123Z"}')
    expect(exactTime(at)).toBe('2026-12-07T17:30:00.123456Z')
    const back = decodeCursor(encodeCursor({ at, id }))!
    expect(exactTime(back.at)).toBe('2026-12-07T17:30:00.123456Z')
    expect(exactTime(parseTimestamptz('2026-12-07 17:30:00.5+00'))).toBe('2026-12-07T17:30:00.500Z')
    expect(exactTime(parseTimestamptz('2026-12-07 17:30:00+00'))).toBe('2026-12-07T17:30:00.000Z')
    expect(exactTime(parseTimestamptz('2026-12-07 17:30:00.1234+00'))).toBe('2026-12-07T17:30:00.123400Z')
    for (const at of [
      '2026-01-01T00:00:00.0000000Z',
      '2026-01-01T00:00:00.1234Z',
      '2026-01-01T00:00:00.123456',
    ])
      refused(() => decodeCursor(cursor([at, id])))
  })

  test('ids that are not UUIDs, and cursors of another shape, are refused', () => {
    const at = '2026-01-01T00:00:00.000Z'
    for (const parts of [
      [at, 'not-a-uuid'],
      [at, 'a\u0000b'],
      [at, id, 'extra'],
      [at],
      { at, id },
      'x',
      null,
    ])
      refused(() => decodeCursor(cursor(parts)))
    refused(() => decodeCursor('%%%'))
    refused(() => decodeCursor(Buffer.from([0xff, 0xfe, 0x00]).toString('base64url')))
  })
})

describe('score cursors', () => {
  test('what encodeScoreCursor writes comes back', () => {
    const position = { score: '0.060793', key: id }
    expect(decodeScoreCursor(encodeScoreCursor(position))).toEqual(position)
    const tag = { score: '12', key: 'some_tag' }
    expect(decodeScoreCursor(encodeScoreCursor(tag), { score: 'decimal', key: 'text' })).toEqual(tag)
    const seq = { score: String(2n ** 63n - 1n), key: id }
    expect(decodeScoreCursor(encodeScoreCursor(seq), { score: 'integer', key: 'uuid' })).toEqual(seq)
  })

  test('a key that must be a UUID is one', () => {
    refused(() => decodeScoreCursor(cursor(['s', '1', 'not-a-uuid'])))
    refused(() => decodeScoreCursor(cursor(['s', '1', 'a\u0000b']), { score: 'decimal', key: 'text' }))
    refused(() => decodeScoreCursor(cursor(['s', '1', 'x'.repeat(201)]), { score: 'decimal', key: 'text' }))
  })

  test('a score fits the column it is compared with', () => {
    const integer = { score: 'integer', key: 'uuid' } as const
    for (const score of ['1.5', String(2n ** 63n), '-9223372036854775809', '1e3', ''])
      refused(() => decodeScoreCursor(cursor(['s', score, id]), integer))
    for (const score of [`1${'0'.repeat(400)}`, '1e3', 'NaN', '.5', 1])
      refused(() => decodeScoreCursor(cursor(['s', score, id])))
    refused(() => decodeScoreCursor(cursor(['t', '1', id])))
  })
})
