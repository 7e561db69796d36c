/**
 * A PostgreSQL array literal of `values`, for a parameter cast to an array type in the statement
 * (`${arrayLiteral(ids)}::uuid[]`). postgres.js writes an array parameter by quoting every element
 * and escaping it with two regular expressions; a statement of thousands of ids, times, counts and
 * hex strings (the analytics rollups) needs neither: an element is quoted only when it must be
 * (empty, NULL, or holding a quote, backslash, comma, brace or white space), null is NULL.
 */
export function arrayLiteral(values: readonly (string | number | bigint | null)[]): string {
  const parts = new Array<string>(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || v === undefined) parts[i] = 'NULL'
    else if (typeof v !== 'string') parts[i] = String(v)
    else if (v.length === 0 || (v.length === 4 && v.toUpperCase() === 'NULL') || QUOTED.test(v))
      parts[i] = `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
    else parts[i] = v
  }
  return `{${parts.join(',')}}`
}

const QUOTED = /[\s"\\,{}]/
