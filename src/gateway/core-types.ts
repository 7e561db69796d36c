import type { Config } from '../platform/config.ts'
import type { Principal, TokenAuthenticator } from '../platform/http/access.ts'
import type { Logger } from '../platform/logger.ts'
import type { CloseCode } from './close-codes.ts'
import type { Encoding } from './frames.ts'

/**
 * What the core needs of a socket, whatever library holds it (Bun's WebSocket server today; a
 * uWebSockets.js transport on Node would implement the same). `subscribe`/`publish` are the
 * library's local topics: a frame published to a topic is written to every socket subscribed.
 */
export interface ClientSocket {
  readonly encoding: Encoding
  /** Writes a frame; returns false when the socket's send buffer is over its limit. */
  send(frame: string | Uint8Array): boolean
  /** Whether frames published to its topics have left its send buffer over the limit. */
  backlogged(): boolean
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
  /**
   * For rooms (channels whose messages carry `seq`): the frames after `since`, or `refetch` when
   * the history cannot say (see platform/bus/rooms.ts). Each connection gets every `seq` once
   * and in order: through the transport's topics when in step with the room, one by one while
   * it resumes.
   */
  history?(channel: string, since: number, epoch?: string): Promise<{ frames: string[] } | 'refetch'>
  /**
   * A connection of this node began or stopped listening to a channel of the kind (unsubscribed,
   * dropped, closed): how a feature counts who is on a channel. Called synchronously, once each.
   */
  joined?(principal: Principal, id: string, connectionId: string): void
  left?(principal: Principal, id: string, connectionId: string): void
}

/**
 * Ops a feature serves over the gateway besides REST (`message.send`, `typing`...): the reply is
 * written back with the frame's `ref`; an HttpError becomes an `error` frame with its problem code.
 */
export type Command = (
  principal: Principal,
  frame: Record<string, unknown>,
) => Promise<Record<string, unknown> | undefined>

/** Told of connections opening, closing and going idle (how presence is tracked). */
export interface PresenceHooks {
  /**
   * A connection is ready. `refuse` closes it, when the user's connections across every gateway
   * turn out to exceed the per-user cap (the node's own count is checked before, at once).
   */
  connected(userId: string, connectionId: string, refuse: () => void): void
  disconnected(userId: string, connectionId: string): void
  activity(userId: string, connectionId: string, idle: boolean): void
}

/** The per-connection limits of the configuration (GATEWAY_* settings). */
export type ConnectionLimits = Pick<
  Config['gateway'],
  'idleTimeoutMs' | 'authTimeoutMs' | 'messagesPerSecond' | 'maxConnectionsPerUser' | 'maxChannels'
>

export interface CoreOptions extends ConnectionLimits {
  auth: TokenAuthenticator
  channels: ChannelSource
  kinds: Record<string, ChannelKind>
  commands: Record<string, Command>
  presence?: PresenceHooks
  log: Logger
  heartbeatIntervalMs: number
  /** Told of each connection the core closes, with its code (how the closes are counted). */
  closedWith?(code: CloseCode): void
}

export interface Connection {
  readonly id: string
  readonly socket: ClientSocket
  principal?: Principal & { expiresAt: number }
  /** performance.now() when the connection opened (it must authenticate within authTimeoutMs). */
  readonly openedAt: number
  /** Token bucket: frames the client may still send, refilled at messagesPerSecond. */
  allowance: number
  checkedAt: number
  /** The channels it is subscribed to: a handful (at most maxChannels), so an array (a Set costs ~250 bytes more). */
  readonly channels: string[]
  /** Per room: the last `seq` written to this connection. */
  roomSeq?: Map<string, number>
  /** Per room being resumed: live frames held back until the history has been written. */
  resuming?: Map<string, string[]>
  /** The frame being handled; the next waits for it. */
  queue: Promise<void>
  closed: boolean
}
