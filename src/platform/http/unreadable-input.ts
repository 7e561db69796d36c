import { fieldError, HttpError, problems } from '../errors.ts'

/**
 * Input PostgreSQL cannot store, refused where the request is read rather than in each route: NUL
 * (U+0000, SQLSTATE 22021 in any text column or parameter) in the path, the query or a body, a
 * path that does not decode as UTF-8 (the router hands such a parameter on as null), and numbers
 * in a body beyond the integers JSON carries exactly.
 */

const NUL_MESSAGE = 'must not contain NUL (U+0000)'

/**
 * What is wrong with the path and query of a URL: a 400 for a path that cannot be decoded or holds
 * NUL, a 422 naming the query parameter that holds NUL. NUL and invalid UTF-8 only arrive
 * percent-encoded, so a URL without `%` (nearly all of them) costs one scan.
 */
export function urlProblem(url: string): HttpError | undefined {
  // Bun's URL is the bare path for a request without Host (HTTP/1.0).
  const start = url.startsWith('/') ? 0 : url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0 || url.indexOf('%', start) < 0) return undefined
  const queryAt = url.indexOf('?', start)
  const path = url.slice(start, queryAt < 0 ? undefined : queryAt)
  if (path.includes('%')) {
    let decoded: string
    try {
      decoded = decodeURIComponent(path)
    } catch {
      return new HttpError(problems.malformedRequest, 'The path is not valid percent-encoded UTF-8')
    }
    if (decoded.includes('\0')) return new HttpError(problems.malformedRequest, `The path ${NUL_MESSAGE}`)
  }
  if (queryAt < 0 || !url.includes('%00', queryAt)) return undefined
  for (const pair of url.slice(queryAt + 1).split('&')) {
    if (!pair.includes('%00')) continue
    const name = safeDecode(pair.split('=', 1)[0]!.replaceAll('+', ' '))
    return fieldError(`query.${name.replaceAll('\0', '\\0')}`, NUL_MESSAGE)
  }
  return undefined
}

/**
 * Throws a 422 naming the first field of a parsed body that no column could take: a string (or
 * key) holding NUL, or a number beyond 2^53 - 1 (JSON gives 2^64 as a float and 1e400 as
 * Infinity: past bigint, SQLSTATE 22003, and never the integer the client meant).
 */
export function checkBody(body: unknown): void {
  const found = unstorable(body)
  if (found) throw fieldError(['body', ...found.path.reverse()].join('.'), found.message)
}

const NUMBER_MESSAGE = `must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`

/**
 * What cannot be stored in `value`, with its path innermost key first (built on the way out, only
 * for a value that has one: a batch of 500 analytics events that is fine builds no strings).
 */
function unstorable(value: unknown): { path: string[]; message: string } | undefined {
  if (typeof value === 'string') return value.includes('\0') ? { path: [], message: NUL_MESSAGE } : undefined
  if (typeof value === 'number')
    return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? undefined : { path: [], message: NUMBER_MESSAGE }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorable(value[i])
      if (found) {
        found.path.push(String(i))
        return found
      }
    }
    return undefined
  }
  // Plain objects only: files of a multipart form are bytes, not text.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined
  for (const key in value) {
    if (key.includes('\0')) return { path: [key.replaceAll('\0', '\\0')], message: NUL_MESSAGE }
    const found = unstorable((value as Record<string, unknown>)[key])
    if (found) {
      found.path.push(key)
      return found
    }
  }
  return undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
