import { type IntegerOptions, Type } from '@sinclair/typebox'

/**
 * An integer in a JSON body or response. Elysia's `t.Integer` also takes numeric strings through a
 * transform, and a schema with a transform makes Elysia encode every response value by value
 * (a fifth of the server's CPU for a page of posts); JSON carries real numbers, so use this one.
 * Query strings use `t.Numeric`.
 */
export function Integer(options?: IntegerOptions) {
  return Type.Integer(options)
}
