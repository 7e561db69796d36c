import { setTimeout as sleep } from 'node:timers/promises'
import type { Subscription } from '@nats-io/nats-core'
import type { Server, ServerWebSocket, WebSocketHandler } from 'bun'
import type { Bus } from '../platform/bus/connect.ts'
import { ACCESS_SUBJECT, type AccessChange, LiveSubscriptions } from '../platform/bus/live.ts'
import type { Config } from '../platform/config.ts'
import { problemResponse, problems, toProblem } from '../platform/errors.ts'
import type { TokenAuthenticator } from '../platform/http/access.ts'
import { clientAddress, type PeerSource } from '../platform/http/pipeline.ts'
import { newId } from '../platform/ids.ts'
import type { Logger } from '../platform/logger.ts'
import type { Metrics } from '../platform/metrics.ts'
import { closeCodes } from './close-codes.ts'
import {
  type ChannelKind,
  type ClientSocket,
  type Command,
  type Connection,
  type Encoding,
  GatewayCore,
  type PresenceHooks,
  type Transport,
} from './core.ts'

export const GATEWAY_PATH = '/v1/gateway'

/** The GATEWAY_* settings, and what the gateway works with. */
type GatewaySettings = Config['gateway']

export interface GatewayOptions extends GatewaySettings {
  nodeId: string
  bus: Bus
  auth: TokenAuthenticator
  /** Kinds of channel clients may subscribe to, each with its authorisation hook. */
  kinds: Record<string, ChannelKind>
  /** Ops features serve over the gateway (sending a message, typing...). */
  commands: Record<string, Command>
  /** Told of connections opening, closing, going idle, and which are still held (presence). */
  connections: ConnectionHooks[]
  /** Take the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy: boolean
  log: Logger
  metrics: Metrics
}

/** What a feature is told of connections: their changes, and every 30 s all this gateway holds. */
export interface ConnectionHooks extends PresenceHooks {
  /** Every connection this gateway holds, by user. */
  refresh(connections: Iterable<[string, string[]]>): void
}

/**
 * A connection's socket as the gateway holds it, whatever server holds it: Bun's (`BunSocket`
 * below) or uWebSockets.js on Node (uws-server.ts). The core writes through it (`ClientSocket`).
 */
export interface HeldSocket extends ClientSocket {
  /** The client's address (from X-Forwarded-For behind a trusted proxy). */
  readonly address: string
  conn?: Connection
}

/** What an upgrade may go on with: the connection's encoding and client address. */
export interface Admission {
  encoding: Encoding
  address: string
}

type Socket = ServerWebSocket<BunSocket>

/** Send buffer past which a connection is a slow consumer and is closed. */
export const BACKPRESSURE_LIMIT = 1024 * 1024
/** The server's own idle timeout, a backstop behind the gateway's (GATEWAY_IDLE_TIMEOUT_MS, closing with 4005). */
export const IDLE_TIMEOUT_S = 600
const HEARTBEAT_INTERVAL_MS = 25_000
/** How often the gateway tells its connection hooks every connection it still holds (presence expires the rest). */
const PRESENCE_REFRESH_MS = 30_000

/**
 * The WebSocket gateway of this node: accepts connections up to its cap (refusing cleanly, well
 * before the process runs out of descriptors), hands frames to the protocol core, fans channel
 * messages out through the server's topics, and on drain closes every connection in batches with
 * the `reconnect` code and a jittered delay hint. The server is Bun's (`upgrade` and `websocket`
 * here) or uWebSockets.js on Node (uws-server.ts, GATEWAY_RUNTIME=node-uws); both hand their
 * sockets to `opened`, `received` and `closed`.
 */
export class Gateway {
  private readonly sockets = new Set<HeldSocket>()
  /** Connections not authenticated yet (maybe: authenticated ones leave lazily), oldest first. */
  private readonly pending = new Set<HeldSocket>()
  private readonly pendingByAddress = new Map<string, Set<HeldSocket>>()
  private draining = false
  /** The server's topics (set by the server once it listens). */
  private transport: Transport | undefined
  private refresher: Timer | undefined
  private readonly access: Subscription
  private readonly sweeper: Timer
  readonly core: GatewayCore
  readonly live: LiveSubscriptions
  readonly websocket: WebSocketHandler<BunSocket>

  constructor(private readonly opts: GatewayOptions) {
    opts.metrics.wsConnections.set(0)
    opts.metrics.wsMaxConnections.set(opts.maxConnections)
    this.live = new LiveSubscriptions(
      opts.bus,
      (channel, frame) => this.core.deliver(channel, frame),
      opts.log,
    )
    const hooks = opts.connections
    this.core = new GatewayCore(
      { publish: (topic, frame) => this.transport?.publish(topic, frame) },
      {
        ...opts,
        channels: this.live,
        heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
        presence: hooks.length === 0 ? undefined : hooks.length === 1 ? hooks[0] : everyOf(hooks),
        closedWith: (code) => opts.metrics.wsCloses.inc({ code: String(code.code) }),
      },
    )
    this.websocket = this.handler()
    // Changes of who may listen to what: each gateway checks its own subscriptions again.
    this.access = opts.bus.nc.subscribe(opts.bus.subject(ACCESS_SUBJECT), {
      callback: (error, msg) => {
        if (error) return
        let change: AccessChange
        try {
          change = msg.json<AccessChange>()
        } catch {
          return
        }
        this.core
          .recheck(change)
          .catch((err) => opts.log.warn({ err }, 'checking subscriptions again failed'))
      },
    })
    this.sweeper = setInterval(() => this.core.sweep(), this.core.sweepIntervalMs)
    this.sweeper.unref?.()
    if (hooks.length > 0) {
      this.refresher = setInterval(() => {
        const held = [...this.core.connectionsByUser()]
        for (const h of hooks) h.refresh(held)
      }, PRESENCE_REFRESH_MS)
      this.refresher.unref?.()
    }
  }

  get size(): number {
    return this.sockets.size
  }

  /** The topics channel frames are published to: the server's. */
  useTransport(transport: Transport): void {
    this.transport = transport
  }

  /** Upgrades the request on Bun's server, or answers why not. */
  upgrade(request: Request, server: Server<BunSocket>): Response | undefined {
    const admitted = this.admit(request, server)
    if (admitted instanceof Response) return admitted
    this.transport ??= server
    if (server.upgrade(request, { data: new BunSocket(admitted.encoding, admitted.address) }))
      return undefined
    return problemResponse(toProblem(problems.malformedBody, 'The WebSocket handshake failed'))
  }

  /**
   * Whether an upgrade request may become a connection (and as what), or the answer refusing
   * it. `?encoding=msgpack` asks for MessagePack frames.
   */
  admit(request: Request, peer: PeerSource | undefined): Admission | Response {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return problemResponse(toProblem(problems.malformedBody, 'This endpoint speaks WebSocket only'), {
        connection: 'close',
      })
    }
    const address = clientAddress(request, peer, this.opts.trustProxy) ?? 'unknown'
    if (this.pendingOf(address) >= this.opts.maxPendingPerAddress) {
      return problemResponse(
        toProblem(problems.rateLimited, 'Too many connections from this address are waiting to authenticate'),
        { 'retry-after': '5' },
      )
    }
    if (!this.draining && this.sockets.size >= this.opts.maxConnections) this.evictPending()
    if (this.draining || this.sockets.size >= this.opts.maxConnections) {
      const detail = this.draining ? 'This node is shutting down' : 'This node is at its connection limit'
      return problemResponse(
        toProblem(problems.unavailable, `${detail}; connect again to reach another node`),
        {
          'retry-after': String(1 + Math.floor(Math.random() * 5)),
        },
      )
    }
    const encoding = new URL(request.url).searchParams.get('encoding') ?? 'json'
    if (encoding !== 'json' && encoding !== 'msgpack') {
      return problemResponse(toProblem(problems.validation, 'encoding: json or msgpack'))
    }
    return { encoding, address }
  }

  /** A socket the server has opened: a connection of the core, waiting for its auth frame. */
  opened(socket: HeldSocket): void {
    this.sockets.add(socket)
    this.pending.add(socket)
    const mine = this.pendingByAddress.get(socket.address)
    if (mine) mine.add(socket)
    else this.pendingByAddress.set(socket.address, new Set([socket]))
    this.opts.metrics.wsConnections.inc()
    socket.conn = this.core.open(newId(), socket)
  }

  received(socket: HeldSocket, message: string | Uint8Array): void {
    if (socket.conn) void this.core.message(socket.conn, message)
  }

  closed(socket: HeldSocket): void {
    this.forgetPending(socket)
    if (socket.conn) this.core.close(socket.conn)
    if (this.sockets.delete(socket)) this.opts.metrics.wsConnections.dec()
  }

  private handler(): WebSocketHandler<BunSocket> {
    return {
      maxPayloadLength: this.opts.maxPayloadBytes,
      // Frames published to topics skip `send`: the core looks at rooms' send buffers after each
      // tick's frames (4004 past the limit); past eight times the limit Bun closes the socket itself.
      backpressureLimit: 8 * BACKPRESSURE_LIMIT,
      closeOnBackpressureLimit: true,
      idleTimeout: IDLE_TIMEOUT_S,
      // Off: per-connection compression state costs tens of KB a connection and a compression per
      // frame per connection on fan-out; frames are small (or MessagePack).
      perMessageDeflate: false,
      open: (ws) => {
        ws.data.ws = ws
        this.opened(ws.data)
      },
      message: (ws, message) => this.received(ws.data, message),
      close: (ws) => this.closed(ws.data),
    }
  }

  /** Connections from `address` still waiting to authenticate (the authenticated ones leave the count here). */
  private pendingOf(address: string): number {
    const mine = this.pendingByAddress.get(address)
    if (!mine) return 0
    for (const socket of mine) if (socket.conn?.principal) this.forgetPending(socket)
    return this.pendingByAddress.get(address)?.size ?? 0
  }

  /**
   * At the connection cap, the oldest connection that has not authenticated makes room (closed
   * as if its time to authenticate had run out): bare sockets cannot keep users out.
   */
  private evictPending(): void {
    for (const socket of this.pending) {
      this.forgetPending(socket)
      const conn = socket.conn
      if (!conn || conn.principal || conn.closed) continue
      this.core.closeWith(conn, closeCodes.authTimeout)
      return
    }
  }

  private forgetPending(socket: HeldSocket): void {
    if (!this.pending.delete(socket)) return
    const mine = this.pendingByAddress.get(socket.address)
    mine?.delete(socket)
    if (mine?.size === 0) this.pendingByAddress.delete(socket.address)
  }

  /**
   * Closes every connection with `reconnect`, `batchSize` at a time, so that clients reconnect to
   * other nodes spread over time rather than all at once.
   */
  async drain(batchSize = 500, intervalMs = 50, maxDelayHintMs = 5000): Promise<void> {
    this.draining = true
    this.access.unsubscribe()
    clearInterval(this.refresher)
    clearInterval(this.sweeper)
    this.core.stop()
    const all = [...this.sockets]
    for (let i = 0; i < all.length; i += batchSize) {
      for (const socket of all.slice(i, i + batchSize)) {
        const conn = socket.conn
        if (conn) {
          this.core.write(conn, { op: 'reconnect', afterMs: Math.floor(Math.random() * maxDelayHintMs) })
          this.core.closeWith(conn, closeCodes.reconnect)
        } else socket.close(closeCodes.reconnect.code, closeCodes.reconnect.reason)
      }
      if (i + batchSize < all.length) await sleep(intervalMs)
    }
    this.opts.log.info({ closed: all.length }, 'gateway drained')
  }
}

/**
 * A Bun socket's data, and the core's view of it: one object per connection (a class: no
 * closures), made at the upgrade and given its socket when it opens.
 */
class BunSocket implements HeldSocket {
  ws!: Socket
  conn?: Connection

  constructor(
    readonly encoding: Encoding,
    /** The client's address (from X-Forwarded-For behind a trusted proxy). */
    readonly address: string,
  ) {}

  /** 0: dropped. -1: queued behind unsent data; past BACKPRESSURE_LIMIT the client is too slow. */
  send(frame: string | Uint8Array): boolean {
    return this.ws.send(frame) !== 0 && this.ws.getBufferedAmount() <= BACKPRESSURE_LIMIT
  }

  backlogged(): boolean {
    return this.ws.getBufferedAmount() > BACKPRESSURE_LIMIT
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason)
  }

  subscribe(topic: string): void {
    this.ws.subscribe(topic)
  }

  unsubscribe(topic: string): void {
    this.ws.unsubscribe(topic)
  }
}

/** Several features' hooks as one: each is told of every change. */
function everyOf(hooks: ConnectionHooks[]): PresenceHooks {
  return {
    connected: (userId, connectionId, refuse) => {
      for (const h of hooks) h.connected(userId, connectionId, refuse)
    },
    disconnected: (userId, connectionId) => {
      for (const h of hooks) h.disconnected(userId, connectionId)
    },
    activity: (userId, connectionId, idle) => {
      for (const h of hooks) h.activity(userId, connectionId, idle)
    },
  }
}
