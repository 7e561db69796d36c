import type { TSchema } from '@sinclair/typebox'
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler'
import { mapValueError } from 'elysia'
import { FIELD_MESSAGE } from './integer.ts'
import { firstUnknownField, UNKNOWN_FIELD_MESSAGE } from './unknown-fields.ts'

/** Whether Elysia checks this body schema once (below). */
export function isCheckedOnce(schema: object): boolean {
  return (schema as { '~standard'?: { vendor?: unknown } })['~standard']?.vendor === VENDOR
}

const VENDOR = 'socialflow-typebox'

/** As many errors as Elysia lists for a body it checked itself. */
const MAX_ERRORS = 64

/**
 * A body schema that Elysia checks once, with one compiled check, for a route on a hot path.
 *
 * Elysia checks a TypeBox body twice: its normalizer (which drops fields the schema does not name)
 * picks each union's branch by checking the value against the branches, then its validator checks
 * the whole again. Bodies have no unknown fields to drop (they are refused: unknown-fields.ts), so
 * the normalizer's pass is pure cost: for a batch of 500 analytics events it was as much again as
 * the check itself. The schema is handed to Elysia as a
 * Standard Schema too (a `~standard` property that is not enumerable, so the OpenAPI document and
 * the generated clients still read the TypeBox schema, which Elysia's types infer from as well);
 * Elysia then calls its `validate` alone. The schema being closed, that one check refuses unknown
 * fields as well, and the app skips its own pass over the body for them (app.ts); only a body that
 * fails is searched for the field to name. Refusals are the same 422 problems as for any other
 * body: an unknown field named as unknown-fields.ts names it, else each error's path and
 * Elysia's summary of it (or the schema's own message, FIELD_MESSAGE).
 */
export function checkedOnce<T extends TSchema>(schema: T): T {
  // Compiled at the first request: the app closes body schemas (additionalProperties) as it starts.
  let check: TypeCheck<T> | undefined
  Object.defineProperty(schema, '~standard', {
    enumerable: false,
    value: {
      version: 1,
      vendor: VENDOR,
      validate(value: unknown) {
        check ??= TypeCompiler.Compile(schema)
        if (check.Check(value)) return { value }
        // The schema is closed (app.ts), so the check refuses unknown fields too; named as every
        // route names them (the app adds no pass of its own for them on these routes).
        const unknown = firstUnknownField(schema as never, value)
        if (unknown) return { issues: [{ message: UNKNOWN_FIELD_MESSAGE, path: unknown }] }
        const issues: { message: string; path: string[] }[] = []
        for (const error of check.Errors(value)) {
          const own = (error.schema as { [FIELD_MESSAGE]?: unknown })[FIELD_MESSAGE]
          issues.push({
            message: typeof own === 'string' ? own : (mapValueError(error)?.summary ?? error.message),
            path: error.path.split('/').filter(Boolean),
          })
          if (issues.length >= MAX_ERRORS) break
        }
        return { issues }
      },
    },
  })
  return schema
}
