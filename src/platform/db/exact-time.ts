/**
 * PostgreSQL keeps times to the microsecond, a JavaScript Date to the millisecond. A list's cursor
 * made from a row's Date therefore named a time up to 999 µs before the row's: rows written in the
 * same millisecond as a page's last one (all the rows of one transaction share its `now()`) fell
 * out of the next page. The pools read `timestamptz` as a Date that keeps its microseconds beside
 * it (a symbol: invisible to JSON and to equality of times), and `exactTime` writes it in full.
 */
const MICROS = Symbol('microseconds past the millisecond')

type Exact = Date & { [MICROS]?: number }

/** postgres.js's parser of `timestamptz`, in place of its `new Date(text)`. */
export function parseTimestamptz(text: string): Date {
  const date: Exact = new Date(text)
  // The fraction of the seconds, if any: `2026-12-07 17:30:00.123456+00`.
  const fraction = /:\d\d\.(\d+)/.exec(text)?.[1]
  if (fraction && fraction.length > 3) {
    const micros = Number(fraction.slice(3, 6).padEnd(3, '0'))
    if (micros > 0) date[MICROS] = micros
  }
  return date
}

/**
 * The pools' type option for it (`postgres(url, { types: { ... } })`). A parameter of a time is
 * written exactly too: a Date with its microseconds, a string as it is (postgres.js made it a Date
 * first, which dropped them; PostgreSQL reads the string itself).
 */
export const exactTimestamptz = {
  to: 1184,
  from: [1184],
  parse: parseTimestamptz,
  serialize: (x: unknown): string =>
    x instanceof Date ? exactTime(x) : typeof x === 'string' ? x : new Date(x as number).toISOString(),
}

/** The time in ISO form, with its microseconds when it was read from PostgreSQL with them. */
export function exactTime(date: Date): string {
  const iso = date.toISOString()
  const micros = (date as Exact)[MICROS]
  return micros ? `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z` : iso
}

/** A Date of an ISO time of `exactTime`'s form (3 or 6 digits of fraction), or undefined. */
export function fromExactTime(text: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(\d{3})?Z$/.exec(text)
  if (!m) return undefined
  const date: Exact = new Date(`${m[1]}Z`)
  // Rejects what Date rolls over (February 30th) and year 0 (PostgreSQL refuses it, 22008).
  if (Number.isNaN(date.getTime()) || date.toISOString() !== `${m[1]}Z` || date.getUTCFullYear() < 1)
    return undefined
  const micros = Number(m[2] ?? 0)
  if (micros > 0) date[MICROS] = micros
  return date
}
