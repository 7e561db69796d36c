import { AsyncLocalStorage } from 'node:async_hooks'
import pino, { type DestinationStream, type Logger } from 'pino'
import type { LogLevel } from './config.ts'

export type { Logger }

/** What a log line written while serving a request carries, wherever in the code it is written. */
export interface RequestScope {
  requestId: string
  /** The matched route template (`/v1/posts/:id`), once routing has happened. */
  route?: string
  /** The request's path, once known (the router's, or the pipeline's own parse of the URL). */
  path?: string
  /** The response was made with the request id and security headers already on it. */
  headed?: boolean
  /** The answer gets an ETag, and a request whose If-None-Match names it gets 304 (`publicCache` routes). */
  conditional?: boolean
  /** The client's address (computed on demand: it costs a few microseconds). */
  clientAddress?: () => string | undefined
}

export const requestScope = new AsyncLocalStorage<RequestScope>()

/**
 * JSON logs, one object a line. Every line written inside a request carries its `requestId`,
 * taken from the async context, so services need not pass it around.
 */
export function createLogger(opts: {
  level: LogLevel
  nodeId: string
  destination?: DestinationStream
}): Logger {
  return pino(
    {
      level: opts.level,
      base: { node: opts.nodeId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = requestScope.getStore()
        return scope ? { requestId: scope.requestId } : {}
      },
      redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'] },
    },
    opts.destination,
  )
}
