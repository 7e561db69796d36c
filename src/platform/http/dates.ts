import { type StringOptions, Type } from '@sinclair/typebox'
import { fieldError } from '../errors.ts'
// The checks of the formats below (and of uuid, email...): registered there, after @elysiajs/openapi.
import './formats.ts'

/**
 * Dates and times clients send, one rule for every route: RFC 3339 as written, a day that exists
 * (`2026-02-30` is refused, not read as March 2), in the years 0001 to 9999, which PostgreSQL and
 * JavaScript both hold (year 0 and `+275760-01-01` would reach the database and fail there).
 *
 * The rule is TypeBox's `date-time` and `date` formats, set here for the whole process: Elysia's own
 * take any string JavaScript's Date can make something of and roll impossible days over. Body and
 * query fields declared with `DateTime()` or `CalendarDate()` (or the plain formats) are checked
 * before the handler, and answer 422 naming the field; services read them with `dateTimeField`.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/
const FIRST = utc(1, 1, 1)
const LAST = utc(9999, 12, 31) + 86_400_000 - 1

/** Milliseconds since the epoch of a day at midnight UTC (Date.UTC reads years 0-99 as 1900-1999). */
function utc(year: number, month: number, day: number): number {
  const at = new Date(0)
  at.setUTCFullYear(year, month - 1, day)
  return at.getTime()
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function dayOf(year: string, month: string, day: string): number | undefined {
  return dayOfNumbers(Number(year), Number(month), Number(day))
}

function dayOfNumbers(y: number, m: number, d: number): number | undefined {
  if (y < 1 || m < 1 || m > 12 || d < 1) return undefined
  // A day past the month's last (which Date would roll over into the next month) is refused.
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!)) return undefined
  return y >= 100 ? Date.UTC(y, m - 1, d) : utc(y, m, d)
}

/** Midnight UTC of a `YYYY-MM-DD` day that exists, years 0001 to 9999; otherwise undefined. */
export function parseCalendarDate(value: string): Date | undefined {
  const m = DATE.exec(value)
  const day = m ? dayOf(m[1]!, m[2]!, m[3]!) : undefined
  return day === undefined ? undefined : new Date(day)
}

/** The instant of an RFC 3339 date-time (offset required), or undefined when it is none we keep. */
export function parseDateTime(value: string): Date | undefined {
  if (isIsoForm(value)) return parseIsoForm(value)
  const m = DATE_TIME.exec(value)
  if (!m) return undefined
  const day = dayOf(m[1]!, m[2]!, m[3]!)
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6])]
  // Second 60 (a leap second) is refused too: neither JavaScript nor PostgreSQL can hold it.
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined
  let offset = 0
  if (!m[8]) {
    const [offsetHours, offsetMinutes] = [Number(m[10]), Number(m[11])]
    if (offsetHours > 23 || offsetMinutes > 59) return undefined
    offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0
  const at = day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis - offset
  // An offset can carry the first or last day across the edge of the range.
  return at >= FIRST && at <= LAST ? new Date(at) : undefined
}

// `2026-11-28T05:43:09.123Z`, the form toISOString writes and most clients send (an analytics
// batch has 500): read by position, without the regular expression, under the same rules.
const ISO_FORM = '0000-00-00T00:00:00.000Z'

function isIsoForm(value: string): boolean {
  if (value.length !== 24) return false
  for (let i = 0; i < 24; i++) {
    const c = value.charCodeAt(i)
    const want = ISO_FORM.charCodeAt(i)
    if (want === 48 ? c < 48 || c > 57 : c !== want) return false
  }
  return true
}

/** The number written in `value` from `from` to `to` (digits only: isIsoForm checked). */
function digits(value: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48
  return n
}

function parseIsoForm(value: string): Date | undefined {
  const day = dayOfNumbers(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10))
  const hours = digits(value, 11, 13)
  const minutes = digits(value, 14, 16)
  const seconds = digits(value, 17, 19)
  if (day === undefined || hours > 23 || minutes > 59 || seconds > 59) return undefined
  return new Date(day + ((hours * 60 + minutes) * 60 + seconds) * 1000 + digits(value, 20, 23))
}

/** A date-time field as a Date; a 422 naming the field if it is none (routes check it before). */
export function dateTimeField(field: string, value: string): Date {
  const at = parseDateTime(value)
  if (!at)
    throw fieldError(
      field,
      'an RFC 3339 date-time with an offset, such as 2026-11-28T05:43:09Z, years 0001 to 9999',
    )
  return at
}

/** A calendar-date field as midnight UTC of that day; a 422 naming the field if it is none. */
export function calendarDateField(field: string, value: string): Date {
  const day = parseCalendarDate(value)
  if (!day) throw fieldError(field, 'a day that exists, YYYY-MM-DD, years 0001 to 9999')
  return day
}

/** A date-time in a request or response (the format above). */
export function DateTime(options: StringOptions = {}) {
  return Type.String({ format: 'date-time', ...options })
}

/** A calendar day, `YYYY-MM-DD` (the format above). */
export function CalendarDate(options: StringOptions = {}) {
  return Type.String({ format: 'date', ...options })
}
