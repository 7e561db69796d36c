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
  const field = unknownField(schema, body, 'body')
  if (field) throw fieldError(field, UNKNOWN_FIELD_MESSAGE)
}

function unknownField(schema: Schema, value: unknown, at: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined
  if (schema.anyOf) {
    // A union: the value is fine when one of its branches takes every field (a value no branch
    // takes is the validator's to refuse); otherwise the unknown field of the first branch.
    const found = schema.anyOf.filter((b) => takesShape(b, value)).map((b) => unknownField(b, value, at))
    return found.length === 0 || found.includes(undefined) ? undefined : found[0]
  }
  if (Array.isArray(value)) {
    if (!schema.items) return undefined
    for (let i = 0; i < value.length; i++) {
      const found = unknownField(schema.items, value[i], `${at}.${i}`)
      if (found) return found
    }
    return undefined
  }
  // Plain objects only: the files of a multipart form are not fields.
  if (schema.type !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return undefined
  const patterns = Object.entries(schema.patternProperties ?? {})
  for (const [key, child] of Object.entries(value)) {
    const known = schema.properties?.[key] ?? patterns.find(([p]) => new RegExp(p).test(key))?.[1]
    const next =
      known ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined)
    if (next) {
      const found = unknownField(next, child, `${at}.${key}`)
      if (found) return found
    } else if (schema.additionalProperties === false) return `${at}.${key}`
  }
  return undefined
}

/** Whether a branch of a union is for values of this shape (an object, or an array). */
function takesShape(branch: Schema, value: object): boolean {
  return branch.anyOf !== undefined || branch.type === (Array.isArray(value) ? 'array' : 'object')
}
