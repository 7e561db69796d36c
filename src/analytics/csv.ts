/**
 * A table as CSV (RFC 4180): a header of the first row's keys, CRLF line ends, fields quoted when
 * they need it. A text field that a spreadsheet would run as a formula (= + - @ first) is
 * prefixed with a quote mark.
 */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return ''
  const keys = Object.keys(rows[0]!)
  const lines = [keys.map(field).join(','), ...rows.map((r) => keys.map((k) => field(r[k])).join(','))]
  return `${lines.join('\r\n')}\r\n`
}

function field(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** The answer of a `.csv` route: the file, named for download. */
export function csvResponse(name: string, rows: readonly Record<string, unknown>[]): Response {
  return new Response(toCsv(rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
    },
  })
}
