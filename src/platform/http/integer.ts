import { type IntegerOptions, Kind, Type, TypeRegistry } from '@sinclair/typebox'

/**
 * An integer in a JSON body or response. Elysia's `t.Integer` also takes numeric strings through a
 * transform, and a schema with a transform makes Elysia encode every response value by value
 * (a fifth of the server's CPU for a page of posts); JSON carries real numbers, so use this one.
 * Numbers in a body beyond 2^53 - 1 are refused before any schema (unreadable-input.ts), so an
 * unbounded one still fits a bigint column. Query strings use `QueryInteger`.
 */
export function Integer(options?: IntegerOptions) {
  return Type.Integer(options)
}

interface QueryIntegerOptions {
  minimum: number
  maximum: number
  default?: number
  description?: string
}

const QUERY_INTEGER = 'QueryInteger'

/**
 * What a 422 says of a field whose schema carries it, instead of TypeBox's message (a symbol, so
 * that it stays out of the OpenAPI document).
 */
export const FIELD_MESSAGE = Symbol('field message')
const DIGITS = /^-?\d{1,16}$/

// Checked on the query as it arrives (a string), and again on the number it decodes to.
TypeRegistry.Set<QueryIntegerOptions>(QUERY_INTEGER, (schema, value) => {
  const n = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= schema.minimum && n <= schema.maximum
})

/**
 * An integer in a query string, within bounds it must name: `limit=1.5` is a 422, never a
 * fractional LIMIT in SQL. Elysia's `t.Numeric` takes 1.5, and its `t.Integer` checks the bounds
 * only after decoding, in an error that names no field; this one checks digits and bounds on the
 * string, so the 422 names `query.<name>`.
 */
export function QueryInteger(options: QueryIntegerOptions) {
  // Typed as the number it decodes to; arrives as a string.
  const schema = Type.Unsafe<number>({
    ...options,
    [Kind]: QUERY_INTEGER,
    type: 'integer',
    [FIELD_MESSAGE]: `must be an integer from ${options.minimum} to ${options.maximum}`,
  })
  return Type.Transform(schema)
    .Decode((value) => Number(value))
    .Encode((value) => value)
}
