import { requestScope } from './logger.ts'

/**
 * The catalogue of problems (RFC 9457) the API answers with. `code` is the stable,
 * machine-readable name clients branch on; `type` is a URI built from it.
 * Features add their own codes with `defineProblem`, never ad-hoc objects.
 */
export const PROBLEM_TYPE_BASE = 'https://socialflow.dev/problems/'

export interface ProblemKind {
  status: number
  code: string
  title: string
}

export const problems = {
  malformedBody: { status: 400, code: 'malformed_body', title: 'The request body could not be read' },
  malformedRequest: { status: 400, code: 'malformed_request', title: 'The request could not be understood' },
  unauthenticated: { status: 401, code: 'unauthenticated', title: 'Authentication is required' },
  forbidden: { status: 403, code: 'forbidden', title: 'You may not do this' },
  notFound: { status: 404, code: 'not_found', title: 'Not found' },
  methodNotAllowed: { status: 405, code: 'method_not_allowed', title: 'Method not allowed' },
  conflict: { status: 409, code: 'conflict', title: 'The request conflicts with the current state' },
  payloadTooLarge: { status: 413, code: 'payload_too_large', title: 'The request body is too large' },
  lengthRequired: { status: 411, code: 'length_required', title: 'Content-Length is required' },
  unsupportedMediaType: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'The request body has an unsupported content type',
  },
  validation: { status: 422, code: 'validation_failed', title: 'The request is not valid' },
  rateLimited: { status: 429, code: 'rate_limited', title: 'Too many requests' },
  internal: { status: 500, code: 'internal_error', title: 'Something went wrong on our side' },
  unavailable: { status: 503, code: 'service_unavailable', title: 'The service is unavailable' },
} as const satisfies Record<string, ProblemKind>

export function defineProblem(status: number, code: string, title: string): ProblemKind {
  return { status, code, title }
}

export interface FieldError {
  field: string
  message: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  requestId?: string
  errors?: FieldError[]
  [extension: string]: unknown
}

/** An error a route or service throws to answer with a problem. */
export class HttpError extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string = kind.title,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail)
    this.name = 'HttpError'
  }

  get status(): number {
    return this.kind.status
  }
}

export function problemTypeUri(code: string): string {
  return PROBLEM_TYPE_BASE + code.replaceAll('_', '-')
}

export function toProblem(
  kind: ProblemKind,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const problem: Problem = {
    type: problemTypeUri(kind.code),
    title: kind.title,
    status: kind.status,
    detail,
    code: kind.code,
    ...extensions,
  }
  const scope = requestScope.getStore()
  if (scope) problem.requestId = scope.requestId
  return problem
}

/** A problem as a response (the HTTP pipeline adds the headers every response carries). */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })
}

export function httpErrorResponse(error: HttpError): Response {
  const { headers, ...extensions } = error.extras
  return problemResponse(toProblem(error.kind, error.detail, extensions), headers)
}

/** A 422 about one field of the request (`body.text`, `query.cursor`...), as every route words it. */
export function fieldError(field: string, message: string): HttpError {
  return new HttpError(problems.validation, `${field}: ${message}`, { errors: [{ field, message }] })
}
