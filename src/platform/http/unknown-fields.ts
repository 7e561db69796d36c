import { fieldError } from '../errors.ts'

/**
 * One rule for every route: a body field the route's schema does not name is refused (422 naming
 * it), never silently dropped (a `PATCH /v1/me` with `avatar` used to answer 200 and do nothing).
 *
 * `closeBodySchema` marks every object of a body schema `additionalProperties: false` unless the
 * schema says otherwise, so the OpenAPI document (and clients generated from it) say so too.
 * Elysia's normalizing would still strip such fields before validating, so `unknownBodyField`
 * finds them first, in a transform hook of each route with a body (see app.ts).
 */

type Schema = {
  type?: unknown
  properties?: Record<string, Schema>
  patternProperties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  items?: Schema
  anyOf?: Schema[]
  const?: unknown
}

export const UNKNOWN_FIELD_MESSAGE = 'is not a field of this request (unknown fields are refused)'

/** Closes the objects of a body schema in place (those that do not say whether they are open). */
export function closeBodySchema(schema: Schema, seen = new Set<Schema>()): void {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return
  seen.add(schema)
  if (schema.type === 'object' && schema.properties && !('additionalProperties' in schema))
    schema.additionalProperties = false
  for (const child of Object.values(schema.properties ?? {})) closeBodySchema(child, seen)
  for (const child of Object.values(schema.patternProperties ?? {})) closeBodySchema(child, seen)
  if (typeof schema.additionalProperties === 'object') closeBodySchema(schema.additionalProperties, seen)
  if (schema.items) closeBodySchema(schema.items, seen)
  for (const branch of schema.anyOf ?? []) closeBodySchema(branch, seen)
}

/** Throws the 422 naming the first field of `body` its closed schema does not name. */
export function refuseUnknownFields(schema: Schema, body: unknown): void {
  const path = firstUnknownField(schema, body)
  if (path) throw fieldError(['body', ...path].join('.'), UNKNOWN_FIELD_MESSAGE)
}

/** The path (outermost key first) to the first field of `value` its closed schema does not name. */
export function firstUnknownField(schema: Schema, value: unknown): string[] | undefined {
  return unknownField(schema, value)?.reverse()
}

/**
 * The path to the first field of `value` that `schema` does not name, innermost key first (the
 * path is built on the way out, only for a value that has one: a batch of 500 events that is
 * fine builds no strings).
 */
function unknownField(schema: Schema, value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined
  if (schema.anyOf) {
    // A union: the value is fine when one of its branches takes every field (a value no branch
    // takes is the validator's to refuse); otherwise the unknown field of the first branch. Only
    // the branches whose literal fields (a `type` tag) the value matches are asked, when any is.
    const shaped = schema.anyOf.filter((b) => takesShape(b, value))
    const tagged = shaped.filter((b) => matchesLiterals(b, value))
    let first: string[] | undefined
    for (const branch of tagged.length > 0 ? tagged : shaped) {
      const found = unknownField(branch, value)
      if (!found) return undefined
      first ??= found
    }
    return first
  }
  if (Array.isArray(value)) {
    if (!schema.items) return undefined
    for (let i = 0; i < value.length; i++) {
      const found = unknownField(schema.items, value[i])
      if (found) {
        found.push(String(i))
        return found
      }
    }
    return undefined
  }
  // Plain objects only: the files of a multipart form are not fields.
  if (schema.type !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined
  const record = value as Record<string, unknown>
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue
    const next =
      schema.properties?.[key] ??
      patternOf(schema, key) ??
      (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
    if (next) {
      const found = unknownField(next, record[key])
      if (found) {
        found.push(key)
        return found
      }
    } else if (schema.additionalProperties === false) return [key]
  }
  return undefined
}

function patternOf(schema: Schema, key: string): Schema | undefined {
  if (!schema.patternProperties) return undefined
  for (const [pattern, child] of Object.entries(schema.patternProperties))
    if (new RegExp(pattern).test(key)) return child
  return undefined
}

/** Whether `value` has the value of every literal field of an object branch (`type: 'click'`). */
function matchesLiterals(branch: Schema, value: object): boolean {
  let literals = literalsOf.get(branch)
  if (!literals) {
    literals = Object.entries(branch.properties ?? {}).flatMap(([key, child]) =>
      child.const === undefined ? [] : [[key, child.const] as const],
    )
    literalsOf.set(branch, literals)
  }
  for (const [key, literal] of literals) if ((value as Record<string, unknown>)[key] !== literal) return false
  return true
}
const literalsOf = new WeakMap<Schema, (readonly [string, unknown])[]>()

/** Whether a branch of a union is for values of this shape (an object, or an array). */
function takesShape(branch: Schema, value: object): boolean {
  return branch.anyOf !== undefined || branch.type === (Array.isArray(value) ? 'array' : 'object')
}
