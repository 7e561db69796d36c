import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack'
import { parseChannel } from '../platform/bus/live.ts'
import { HttpError } from '../platform/errors.ts'
import type { Principal, TokenAuthenticator } from '../platform/http/access.ts'
import type { Logger } from '../platform/logger.ts'
import { type CloseCode, closeCodes } from './close-codes.ts'

/** How a connection's frames are written: JSON text (default) or MessagePack binary, chosen at connect. */
export type Encoding = 'json' | 'msgpack'

/**
 * What the core needs of a socket, whatever library holds it (Bun's WebSocket server today; a
 * uWebSockets.js transport on Node would implement the same). `subscribe`/`publish` are the
 * library's local topics: a frame published to a topic is written to every socket subscribed.
 */
export interface ClientSocket {
  readonly encoding: Encoding
  /** Writes a frame; returns false when the socket's send buffer is over its limit. */
  send(frame: string | Uint8Array): boolean
  close(code: number, reason: string): void
  subscribe(topic: string): void
  unsubscribe(topic: string): void
}

export interface Transport {
  publish(topic: string, frame: string | Uint8Array): void
}

/** The channels' NATS side (LiveSubscriptions), counted per channel. */
export interface ChannelSource {
  acquire(channel: string): void
  release(channel: string): void
}

/**
 * A kind of channel clients may subscribe to (`dm:<id>`, `post:<id>`...): the one place that
 * decides who may listen. The user's own channel is subscribed by the server at `ready`.
 */
export interface ChannelKind {
  authorize(principal: Principal, id: string): Promise<boolean>
}

export interface CoreOptions {
  auth: TokenAuthenticator
  channels: ChannelSource
  kinds: Record<string, ChannelKind>
  log: Logger
  heartbeatIntervalMs: number
  authTimeoutMs: number
  messagesPerSecond: number
  maxConnectionsPerUser: number
  maxChannels: number
}

export interface Connection {
  readonly id: string
  readonly socket: ClientSocket
  principal?: Principal & { expiresAt: number }
  timer?: Timer
  /** Token bucket: frames the client may still send, refilled at messagesPerSecond. */
  allowance: number
  checkedAt: number
  readonly channels: Set<string>
  closed: boolean
}

type Frame = { op: string; ref?: unknown } & Record<string, unknown>

const topicOf = (encoding: Encoding, channel: string) => `${encoding === 'json' ? 'j' : 'm'}:${channel}`

/**
 * Protocol v1 (docs/protocol.md), independent of the socket library: authentication by the first
 * frame, token refresh in-band, channels with one authorisation hook per kind, the per-connection
 * message rate and channel count, per-user connection cap, and closing connections whose session
 * is revoked or account blocked. Channel messages arrive once per node (`deliver`) and are written
 * to every subscribed connection through the transport's topics, serialised once per encoding.
 */
export class GatewayCore {
  private readonly byUser = new Map<string, Set<Connection>>()
  private readonly bySession = new Map<string, Set<Connection>>()
  /** Connections per channel and encoding on this node: MessagePack is made only when someone reads it. */
  private readonly readers = new Map<string, { json: number; msgpack: number }>()
  private readonly stopWatching: () => void

  constructor(
    private readonly transport: Transport,
    private readonly opts: CoreOptions,
  ) {
    this.stopWatching = opts.auth.onRevoked((change) => {
      const closing = change.sessionId
        ? this.bySession.get(change.sessionId)
        : change.userId
          ? this.byUser.get(change.userId)
          : undefined
      const code = change.sessionId ? closeCodes.sessionRevoked : closeCodes.accountBlocked
      for (const conn of [...(closing ?? [])]) this.closeWith(conn, code)
    })
  }

  open(id: string, socket: ClientSocket): Connection {
    const conn: Connection = {
      id,
      socket,
      allowance: this.opts.messagesPerSecond * 2,
      checkedAt: performance.now(),
      channels: new Set(),
      closed: false,
    }
    this.write(conn, { op: 'hello', connectionId: id, heartbeatIntervalMs: this.opts.heartbeatIntervalMs })
    conn.timer = setTimeout(() => this.closeWith(conn, closeCodes.authTimeout), this.opts.authTimeoutMs)
    return conn
  }

  async message(conn: Connection, data: string | Uint8Array): Promise<void> {
    if (conn.closed) return
    if (!this.take(conn)) return this.closeWith(conn, closeCodes.rateLimited)
    const frame = parseFrame(data)
    if (!frame) {
      this.error(conn, undefined, 'invalid_frame', 'frames are objects with an "op"')
      return this.closeWith(conn, closeCodes.invalidFrame)
    }
    try {
      switch (frame.op) {
        case 'ping':
          return this.write(conn, {
            op: 'pong',
            ...(frame.nonce !== undefined ? { nonce: frame.nonce } : {}),
          })
        case 'auth':
          return await this.authenticate(conn, frame)
        case 'subscribe':
        case 'unsubscribe':
          if (!conn.principal) return this.error(conn, frame.ref, 'auth_required', 'send auth first')
          return frame.op === 'subscribe' ? await this.subscribe(conn, frame) : this.unsubscribe(conn, frame)
        default:
          return this.error(conn, frame.ref, 'unknown_op', `op "${frame.op}" is not part of protocol v1`)
      }
    } catch (error) {
      this.opts.log.error({ err: error, op: frame.op }, 'gateway frame failed')
      this.error(conn, frame.ref, 'internal_error', 'the frame could not be handled; try again')
    }
  }

  close(conn: Connection): void {
    if (conn.closed) return
    conn.closed = true
    clearTimeout(conn.timer)
    for (const channel of conn.channels) this.leave(conn, channel)
    if (conn.principal) {
      remove(this.byUser, conn.principal.userId, conn)
      remove(this.bySession, conn.principal.sessionId, conn)
    }
  }

  /** A channel message from NATS: written to this node's subscribers, serialised once per encoding. */
  deliver(channel: string, frameJson: string): void {
    const readers = this.readers.get(channel)
    if (!readers) return
    if (readers.json > 0) this.transport.publish(topicOf('json', channel), frameJson)
    if (readers.msgpack > 0)
      this.transport.publish(topicOf('msgpack', channel), msgpackEncode(JSON.parse(frameJson)))
  }

  stop(): void {
    this.stopWatching()
  }

  /** Writes a frame to one connection in its encoding; a full send buffer closes it as a slow consumer. */
  write(conn: Connection, frame: Record<string, unknown>): void {
    if (conn.closed) return
    const ok = conn.socket.send(
      conn.socket.encoding === 'json' ? JSON.stringify(frame) : msgpackEncode(frame),
    )
    if (!ok) this.closeWith(conn, closeCodes.slowConsumer)
  }

  closeWith(conn: Connection, code: CloseCode): void {
    if (conn.closed) return
    conn.socket.close(code.code, code.reason)
    this.close(conn)
  }

  private error(
    conn: Connection,
    ref: unknown,
    code: string,
    detail: string,
    extra: Record<string, unknown> = {},
  ) {
    this.write(conn, { op: 'error', code, detail, ...extra, ...(ref !== undefined ? { ref } : {}) })
  }

  private take(conn: Connection): boolean {
    const now = performance.now()
    const rate = this.opts.messagesPerSecond
    conn.allowance = Math.min(rate * 2, conn.allowance + ((now - conn.checkedAt) / 1000) * rate)
    conn.checkedAt = now
    if (conn.allowance < 1) return false
    conn.allowance -= 1
    return true
  }

  private async authenticate(conn: Connection, frame: Frame): Promise<void> {
    if (typeof frame.token !== 'string')
      return this.error(conn, frame.ref, 'invalid_frame', 'auth needs a token')
    let principal: Principal & { expiresAt: number }
    try {
      principal = await this.opts.auth.authenticateToken(frame.token)
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      const code = error.kind.code
      const close =
        code === 'token_expired'
          ? closeCodes.tokenExpired
          : code === 'session_revoked'
            ? closeCodes.sessionRevoked
            : code === 'account_suspended' || code === 'account_banned'
              ? closeCodes.accountBlocked
              : closeCodes.authFailed
      this.error(conn, frame.ref, code, error.message)
      return this.closeWith(conn, close)
    }
    if (conn.closed) return
    const current = conn.principal
    if (current) {
      // A refreshed token: the same account (the session may be a refreshed one of the same device).
      if (current.userId !== principal.userId) {
        this.error(
          conn,
          frame.ref,
          'token_invalid',
          'a connection stays with the account it authenticated as',
        )
        return this.closeWith(conn, closeCodes.authFailed)
      }
      remove(this.bySession, current.sessionId, conn)
      add(this.bySession, principal.sessionId, conn)
      conn.principal = principal
      this.expireAt(conn, principal.expiresAt)
      return this.write(conn, {
        op: 'reauthenticated',
        expiresAt: new Date(principal.expiresAt).toISOString(),
        ...ref(frame),
      })
    }
    if ((this.byUser.get(principal.userId)?.size ?? 0) >= this.opts.maxConnectionsPerUser) {
      this.error(
        conn,
        frame.ref,
        'too_many_connections',
        `at most ${this.opts.maxConnectionsPerUser} per user`,
      )
      return this.closeWith(conn, closeCodes.tooManyConnections)
    }
    conn.principal = principal
    add(this.byUser, principal.userId, conn)
    add(this.bySession, principal.sessionId, conn)
    this.expireAt(conn, principal.expiresAt)
    const own = `user:${principal.userId}`
    this.join(conn, own)
    this.write(conn, {
      op: 'ready',
      userId: principal.userId,
      sessionId: principal.sessionId,
      expiresAt: new Date(principal.expiresAt).toISOString(),
      channels: [own],
      ...ref(frame),
    })
  }

  /** Closes the connection when its token expires, unless a refreshed one arrives first. */
  private expireAt(conn: Connection, at: number): void {
    clearTimeout(conn.timer)
    conn.timer = setTimeout(() => this.closeWith(conn, closeCodes.tokenExpired), Math.max(0, at - Date.now()))
  }

  private async subscribe(conn: Connection, frame: Frame): Promise<void> {
    const channel = frame.channel
    const parsed = typeof channel === 'string' ? parseChannel(channel) : undefined
    if (!parsed || typeof channel !== 'string')
      return this.error(conn, frame.ref, 'invalid_channel', 'channels are named "kind:id"')
    if (conn.channels.has(channel)) return this.write(conn, { op: 'subscribed', channel, ...ref(frame) })
    if (conn.channels.size >= this.opts.maxChannels)
      return this.error(
        conn,
        frame.ref,
        'too_many_channels',
        `at most ${this.opts.maxChannels} per connection`,
        {
          channel,
        },
      )
    const kind = this.opts.kinds[parsed.kind]
    const allowed =
      parsed.kind === 'user'
        ? parsed.id === conn.principal!.userId
        : kind
          ? await kind.authorize(conn.principal!, parsed.id)
          : undefined
    if (allowed === undefined)
      return this.error(conn, frame.ref, 'unknown_channel', `no channels of kind "${parsed.kind}"`, {
        channel,
      })
    if (!allowed)
      return this.error(conn, frame.ref, 'forbidden', 'you may not listen to this channel', { channel })
    if (conn.closed) return
    this.join(conn, channel)
    this.write(conn, { op: 'subscribed', channel, ...ref(frame) })
  }

  private unsubscribe(conn: Connection, frame: Frame): void {
    const channel = frame.channel
    if (
      typeof channel === 'string' &&
      conn.channels.has(channel) &&
      channel !== `user:${conn.principal!.userId}`
    )
      this.leave(conn, channel)
    this.write(conn, { op: 'unsubscribed', channel, ...ref(frame) })
  }

  private join(conn: Connection, channel: string): void {
    conn.channels.add(channel)
    conn.socket.subscribe(topicOf(conn.socket.encoding, channel))
    let readers = this.readers.get(channel)
    if (!readers) {
      readers = { json: 0, msgpack: 0 }
      this.readers.set(channel, readers)
      this.opts.channels.acquire(channel)
    }
    readers[conn.socket.encoding]++
  }

  private leave(conn: Connection, channel: string): void {
    conn.channels.delete(channel)
    if (!conn.closed) conn.socket.unsubscribe(topicOf(conn.socket.encoding, channel))
    const readers = this.readers.get(channel)
    if (!readers) return
    readers[conn.socket.encoding]--
    if (readers.json + readers.msgpack > 0) return
    this.readers.delete(channel)
    this.opts.channels.release(channel)
  }
}

function ref(frame: Frame): { ref?: unknown } {
  return frame.ref !== undefined ? { ref: frame.ref } : {}
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  if (set) set.add(value)
  else map.set(key, new Set([value]))
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key)
  if (!set) return
  set.delete(value)
  if (set.size === 0) map.delete(key)
}

/** A client frame: a JSON text object, or a MessagePack map in a binary frame, with a string `op`. */
export function parseFrame(data: string | Uint8Array): Frame | undefined {
  try {
    const value = typeof data === 'string' ? JSON.parse(data) : msgpackDecode(data)
    return value && typeof value === 'object' && !Array.isArray(value) && typeof value.op === 'string'
      ? (value as Frame)
      : undefined
  } catch {
    return undefined
  }
}
