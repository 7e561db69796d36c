import type { Server, ServerWebSocket, WebSocketHandler } from 'bun'
import { problemResponse, problems, toProblem } from '../platform/errors.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Metrics } from '../platform/metrics.ts'
import { closeCodes } from './close-codes.ts'

export const GATEWAY_PATH = '/v1/gateway'

export interface GatewayOptions {
  nodeId: string
  maxConnections: number
  maxPayloadBytes: number
  log: Logger
  metrics: Metrics
}

interface Connection {
  id: string
}

type Socket = ServerWebSocket<Connection>

/** Send buffer past which a connection is a slow consumer and is closed. */
const BACKPRESSURE_LIMIT = 1024 * 1024
const IDLE_TIMEOUT_S = 60
const HEARTBEAT_INTERVAL_MS = 25_000

/**
 * The WebSocket gateway of this node: accepts connections up to its cap (refusing cleanly, well
 * before the process runs out of descriptors), answers heartbeats, and on drain closes every
 * connection in batches with the `reconnect` code and a jittered delay hint.
 */
export class Gateway {
  private readonly sockets = new Set<Socket>()
  private draining = false

  readonly websocket: WebSocketHandler<Connection>

  constructor(private readonly opts: GatewayOptions) {
    opts.metrics.wsConnections.set(0)
    this.websocket = this.handler()
  }

  get size(): number {
    return this.sockets.size
  }

  /** Upgrades the request, or answers why not. */
  upgrade(request: Request, server: Server<Connection>): Response | undefined {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return problemResponse(toProblem(problems.malformedBody, 'This endpoint speaks WebSocket only'), {
        connection: 'close',
      })
    }
    if (this.draining || this.sockets.size >= this.opts.maxConnections) {
      const detail = this.draining ? 'This node is shutting down' : 'This node is at its connection limit'
      return problemResponse(
        toProblem(problems.unavailable, `${detail}; connect again to reach another node`),
        {
          'retry-after': String(1 + Math.floor(Math.random() * 5)),
        },
      )
    }
    if (server.upgrade(request, { data: { id: newId() } })) return undefined
    return problemResponse(toProblem(problems.malformedBody, 'The WebSocket handshake failed'))
  }

  private handler(): WebSocketHandler<Connection> {
    return {
      maxPayloadLength: this.opts.maxPayloadBytes,
      backpressureLimit: BACKPRESSURE_LIMIT,
      closeOnBackpressureLimit: true,
      idleTimeout: IDLE_TIMEOUT_S,
      perMessageDeflate: true,
      open: (ws) => {
        this.sockets.add(ws)
        this.opts.metrics.wsConnections.inc()
        ws.send(
          JSON.stringify({
            op: 'hello',
            connectionId: ws.data.id,
            heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
          }),
        )
      },
      message: (ws, message) => {
        const frame = parseFrame(message)
        if (frame?.op === 'ping') {
          ws.send(
            JSON.stringify({ op: 'pong', ...(frame.nonce !== undefined ? { nonce: frame.nonce } : {}) }),
          )
          return
        }
        ws.send(
          JSON.stringify({
            op: 'error',
            code: frame ? 'unknown_op' : 'invalid_frame',
            detail: frame
              ? `op "${String(frame.op)}" is not part of protocol v1`
              : 'frames are JSON objects with an "op"',
          }),
        )
        if (!frame) ws.close(closeCodes.invalidFrame.code, closeCodes.invalidFrame.reason)
      },
      close: (ws) => {
        if (this.sockets.delete(ws)) this.opts.metrics.wsConnections.dec()
      },
    }
  }

  /**
   * Closes every connection with `reconnect`, `batchSize` at a time, so that clients reconnect to
   * other nodes spread over time rather than all at once.
   */
  async drain(batchSize = 500, intervalMs = 50, maxDelayHintMs = 5000): Promise<void> {
    this.draining = true
    const all = [...this.sockets]
    for (let i = 0; i < all.length; i += batchSize) {
      for (const ws of all.slice(i, i + batchSize)) {
        ws.send(JSON.stringify({ op: 'reconnect', afterMs: Math.floor(Math.random() * maxDelayHintMs) }))
        ws.close(closeCodes.reconnect.code, closeCodes.reconnect.reason)
      }
      if (i + batchSize < all.length) await Bun.sleep(intervalMs)
    }
    this.opts.log.info({ closed: all.length }, 'gateway drained')
  }
}

function parseFrame(message: string | Buffer): { op: unknown; nonce?: unknown } | undefined {
  try {
    const value = JSON.parse(typeof message === 'string' ? message : message.toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value) && 'op' in value ? value : undefined
  } catch {
    return undefined
  }
}
