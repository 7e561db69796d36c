import { t } from 'elysia'
import { Integer } from './integer.ts'

/** RFC 9457 problem details as every error response carries them, for the OpenAPI document. */
export const ProblemSchema = t.Object(
  {
    type: t.String({ format: 'uri', examples: ['https://socialflow.dev/problems/validation-failed'] }),
    title: t.String(),
    status: Integer(),
    detail: t.String(),
    code: t.String({ description: 'Stable machine-readable code, e.g. validation_failed' }),
    requestId: t.Optional(t.String({ description: 'Quote it when reporting a problem' })),
    errors: t.Optional(t.Array(t.Object({ field: t.String(), message: t.String() }))),
  },
  { $id: '#/components/schemas/Problem', additionalProperties: true },
)

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request body',
  401: 'Authentication required',
  403: 'Not permitted',
  404: 'Not found',
  409: 'Conflict with the current state',
  411: 'Content-Length required',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'Validation failed',
  429: 'Rate limited',
  503: 'Unavailable',
}

/** OpenAPI `responses` entries for the errors a route may answer with. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: DESCRIPTIONS[s] ?? 'Error',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  )
}

/** OpenAPI `responses` entry of a success answered with no body (set.status = 204). */
export const NO_CONTENT = { description: 'Done; no body' }

/** OpenAPI `responses` entry of a request taken to be done later, answered with no body (202). */
export const ACCEPTED = { description: 'Accepted; no body (what follows is mailed or done later)' }
