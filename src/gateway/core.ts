import { encode as msgpackEncode } from '@msgpack/msgpack'
import { type AccessChange, parseChannel } from '../platform/bus/live.ts'
import { roomFrameSeq } from '../platform/bus/rooms.ts'
import { HttpError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/access.ts'
import { type CloseCode, closeCodes } from './close-codes.ts'
import type { ChannelKind, ClientSocket, Command, Connection, CoreOptions, Transport } from './core-types.ts'
import { type Frame, parseFrame, ref, topicOf } from './frames.ts'
import { Index } from './members-by-key.ts'

// The types and frame helpers the core works with live beside it; importers keep using this file.
export type {
  ChannelKind,
  ChannelSource,
  ClientSocket,
  Command,
  Connection,
  ConnectionLimits,
  CoreOptions,
  PresenceHooks,
  Transport,
} from './core-types.ts'
export { type Encoding, parseFrame } from './frames.ts'

/**
 * A room on this node: its members, split between those in step with the room's sequence (written
 * through the transport's topics) and those apart from it (resuming or filling a gap of their own).
 */
interface RoomFanout {
  readonly members: Set<Connection>
  readonly apart: Set<Connection>
  /** Members in step, per encoding (a topic is published only when someone reads it). */
  readonly synced: { json: number; msgpack: number }
  /** The last seq published to the topics (0: none yet, or after a resync: the next one is taken). */
  seq: number
  /** Live frames held while a gap in the room's sequence is filled from its history. */
  held: string[] | undefined
}

/** Every connection's queue starts here (one shared settled promise, not one per connection). */
const SETTLED: Promise<void> = Promise.resolve()

/**
 * Protocol v1 (docs/protocol.md), independent of the socket library: authentication by the first
 * frame, token refresh in-band, channels with one authorisation hook per kind, the per-connection
 * message rate and channel count, per-user connection cap, and closing connections whose session
 * is revoked or account blocked. Channel messages arrive once per node (`deliver`) and are written
 * to every subscribed connection through the transport's topics, serialised once per encoding.
 */
export class GatewayCore {
  private readonly all = new Set<Connection>()
  private readonly byUser = new Index<Connection>()
  private readonly bySession = new Index<Connection>()
  /** Connections per channel and encoding on this node: MessagePack is made only when someone reads it. */
  private readonly readers = new Map<string, { json: number; msgpack: number }>()
  /** The rooms this node's connections are in (ordered, resumable channels), see `RoomFanout`. */
  private readonly rooms = new Map<string, RoomFanout>()
  /** Rooms published to in this tick, whose members' send buffers are looked at after it. */
  private readonly published = new Set<RoomFanout>()
  private readonly stopWatching: () => void
  /**
   * Ops and channel kinds by name, in Maps: the client chooses the name, and a plain object would
   * answer `constructor`, `toString` or `__proto__` from its prototype.
   */
  private readonly commands: ReadonlyMap<string, Command>
  private readonly kinds: ReadonlyMap<string, ChannelKind>

  constructor(
    private readonly transport: Transport,
    private readonly opts: CoreOptions,
  ) {
    this.commands = new Map(Object.entries(opts.commands))
    this.kinds = new Map(Object.entries(opts.kinds))
    this.stopWatching = opts.auth.onRevoked((change) => {
      const closing = change.sessionId
        ? this.bySession.members(change.sessionId)
        : change.userId
          ? this.byUser.members(change.userId)
          : []
      const code = change.sessionId ? closeCodes.sessionRevoked : closeCodes.accountBlocked
      for (const conn of closing) this.closeWith(conn, code)
    })
  }

  open(id: string, socket: ClientSocket): Connection {
    // Every field set here, those given later too: an object keeps the fields it was made with
    // in its own cell, and moves those added after into a separate allocation.
    const conn: Connection = {
      id,
      socket,
      principal: undefined,
      allowance: this.opts.messagesPerSecond * 2,
      openedAt: performance.now(),
      checkedAt: performance.now(),
      channels: [],
      roomSeq: undefined,
      resuming: undefined,
      queue: SETTLED,
      closed: false,
    }
    this.all.add(conn)
    this.write(conn, { op: 'hello', connectionId: id, heartbeatIntervalMs: this.opts.heartbeatIntervalMs })
    return conn
  }

  /**
   * A frame from the client. Frames of one connection are handled one after the other, in the
   * order sent (two messages sent in a row are stored in that order); the rate limit applies as
   * they arrive, so the queue stays short.
   */
  message(conn: Connection, data: string | Uint8Array): Promise<void> {
    if (conn.closed) return Promise.resolve()
    if (!this.take(conn)) {
      this.closeWith(conn, closeCodes.rateLimited)
      return Promise.resolve()
    }
    const handled = conn.queue.then(() => this.handle(conn, data))
    const settled = handled.catch(() => {})
    conn.queue = settled
    // An idle connection keeps no promise of its own.
    void settled.then(() => {
      if (conn.queue === settled) conn.queue = SETTLED
    })
    return handled
  }

  private async handle(conn: Connection, data: string | Uint8Array): Promise<void> {
    if (conn.closed) return
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
        case 'presence':
          if (!conn.principal) return this.error(conn, frame.ref, 'auth_required', 'send auth first')
          if (frame.status !== 'active' && frame.status !== 'idle')
            return this.error(conn, frame.ref, 'invalid_frame', 'status: active or idle')
          this.opts.presence?.activity(conn.principal.userId, conn.id, frame.status === 'idle')
          return
        case 'subscribe':
        case 'unsubscribe':
          if (!conn.principal) return this.error(conn, frame.ref, 'auth_required', 'send auth first')
          return frame.op === 'subscribe' ? await this.subscribe(conn, frame) : this.unsubscribe(conn, frame)
        default: {
          const command = this.commands.get(frame.op)
          if (!command)
            return this.error(conn, frame.ref, 'unknown_op', `op "${frame.op}" is not part of protocol v1`)
          if (!conn.principal) return this.error(conn, frame.ref, 'auth_required', 'send auth first')
          try {
            const reply = await command(conn.principal, frame)
            if (reply) this.write(conn, { ...reply, ...ref(frame) })
          } catch (error) {
            if (!(error instanceof HttpError)) throw error
            this.error(conn, frame.ref, error.kind.code, error.message)
          }
          return
        }
      }
    } catch (error) {
      this.opts.log.error({ err: error, op: frame.op }, 'gateway frame failed')
      this.error(conn, frame.ref, 'internal_error', 'the frame could not be handled; try again')
    }
  }

  close(conn: Connection): void {
    if (conn.closed) return
    conn.closed = true
    this.all.delete(conn)
    for (const channel of [...conn.channels]) this.leave(conn, channel)
    if (conn.principal) {
      this.byUser.remove(conn.principal.userId, conn)
      this.bySession.remove(conn.principal.sessionId, conn)
      this.opts.presence?.disconnected(conn.principal.userId, conn.id)
    }
  }

  /** A channel message from NATS: written to this node's subscribers, serialised once per encoding. */
  deliver(channel: string, frameJson: string): void {
    const room = this.rooms.get(channel)
    if (room) {
      this.deliverToRoom(room, channel, frameJson)
      return
    }
    const readers = this.readers.get(channel)
    if (!readers) return
    if (readers.json > 0) this.transport.publish(topicOf('json', channel), frameJson)
    if (readers.msgpack > 0)
      this.transport.publish(topicOf('msgpack', channel), msgpackEncode(JSON.parse(frameJson)))
  }

  /**
   * A room frame. Members in step with the room (`synced`) get it through the transport's topics,
   * serialised once per encoding and written by the socket library; the few members apart from it
   * (resuming, or filling a gap of their own) get it one by one, and join the topics once they
   * have caught up.
   */
  private deliverToRoom(room: RoomFanout, channel: string, frameJson: string): void {
    const seq = roomFrameSeq(frameJson)
    if (seq === undefined) return
    if (room.held) room.held.push(frameJson)
    else this.publishToRoom(room, channel, seq, frameJson)
    for (const conn of room.apart) this.deliverToMember(conn, channel, seq, frameJson)
    this.rejoin(room, channel)
  }

  /** The next frame of the room to its synced members; a gap is filled once for all of them. */
  private publishToRoom(room: RoomFanout, channel: string, seq: number, frameJson: string): void {
    if (seq <= room.seq) return
    if (room.seq > 0 && seq > room.seq + 1) {
      this.fillRoomGap(room, channel, frameJson)
      return
    }
    room.seq = seq
    if (room.synced.json > 0) this.transport.publish(topicOf('json', channel), frameJson)
    if (room.synced.msgpack > 0)
      this.transport.publish(topicOf('msgpack', channel), msgpackEncode(JSON.parse(frameJson)))
    if (room.synced.json + room.synced.msgpack > 0) this.watchBacklog(room)
  }

  /**
   * After the frames of a tick have been published, the rooms' members whose send buffer went
   * past the limit are closed as slow consumers (4004), as `send` does for frames written one by one.
   */
  private watchBacklog(room: RoomFanout): void {
    if (this.published.size === 0)
      setImmediate(() => {
        const rooms = [...this.published]
        this.published.clear()
        for (const r of rooms)
          for (const conn of r.members)
            if (!r.apart.has(conn) && conn.socket.backlogged()) this.closeWith(conn, closeCodes.slowConsumer)
      })
    this.published.add(room)
  }

  /**
   * A room frame came after a gap (one was never published: NATS was away). The live frames are
   * held while the room's history after the last one published is read, once for every synced
   * member; if it cannot fill the gap, they are told to `resync` (fetch the room over REST) and
   * carry on with the held frames: a gap is never passed over in silence.
   */
  private fillRoomGap(room: RoomFanout, channel: string, frameJson: string): void {
    room.held = [frameJson]
    void (async () => {
      const filled = await this.readGap(channel, room.seq)
      const held = room.held ?? []
      room.held = undefined
      if (this.rooms.get(channel) !== room) return
      if (filled === 'refetch') {
        const resync = { op: 'resync', channel }
        if (room.synced.json > 0) this.transport.publish(topicOf('json', channel), JSON.stringify(resync))
        if (room.synced.msgpack > 0)
          this.transport.publish(topicOf('msgpack', channel), msgpackEncode(resync))
        room.seq = 0
      }
      for (const f of [...(filled === 'refetch' ? [] : filled.frames), ...held])
        this.republish(room, channel, f)
      this.rejoin(room, channel)
    })()
  }

  /** A frame held or read from history, through the room's order again (a new gap holds the rest). */
  private republish(room: RoomFanout, channel: string, frameJson: string): void {
    if (room.held) {
      room.held.push(frameJson)
      return
    }
    const seq = roomFrameSeq(frameJson)
    if (seq !== undefined) this.publishToRoom(room, channel, seq, frameJson)
  }

  /** The room's frames after `last`, from its history; 'refetch' when they cannot be had. */
  private async readGap(channel: string, last: number): Promise<{ frames: string[] } | 'refetch'> {
    const history = this.kinds.get(parseChannel(channel)?.kind ?? '')?.history
    try {
      if (history) return await history(channel, last)
    } catch (error) {
      this.opts.log.warn({ err: error, channel }, 'a room gap could not be filled from its history')
    }
    return 'refetch'
  }

  /** A room frame to one member apart from the room, by its own position (`roomSeq`). */
  private deliverToMember(conn: Connection, channel: string, seq: number, frameJson: string): void {
    const held = conn.resuming?.get(channel)
    if (held) {
      held.push(frameJson)
      return
    }
    conn.roomSeq ??= new Map()
    const last = conn.roomSeq.get(channel) ?? 0
    if (last >= seq) return
    if (last > 0 && seq > last + 1) {
      this.fillMemberGap(conn, channel, last, frameJson)
      return
    }
    conn.roomSeq.set(channel, seq)
    this.send(conn, conn.socket.encoding === 'json' ? frameJson : msgpackEncode(JSON.parse(frameJson)))
  }

  /** A gap of one member's own (after a resume): filled like the room's, for that member only. */
  private fillMemberGap(conn: Connection, channel: string, last: number, frameJson: string): void {
    conn.resuming ??= new Map()
    conn.resuming.set(channel, [frameJson])
    void (async () => {
      const filled = await this.readGap(channel, last)
      const held = conn.resuming?.get(channel) ?? []
      conn.resuming?.delete(channel)
      if (conn.closed || !conn.channels.includes(channel)) return
      if (filled === 'refetch') {
        this.write(conn, { op: 'resync', channel })
        conn.roomSeq?.delete(channel)
      }
      this.catchUp(conn, channel, [...(filled === 'refetch' ? [] : filled.frames), ...held])
    })()
  }

  /** Frames to a member apart from the room (its history, then what was held), in order. */
  private catchUp(conn: Connection, channel: string, frames: string[]): void {
    for (const f of frames) {
      const seq = roomFrameSeq(f)
      if (seq !== undefined) this.deliverToMember(conn, channel, seq, f)
    }
    const room = this.rooms.get(channel)
    if (room) this.rejoin(room, channel)
  }

  /**
   * Members apart from the room that have caught up with it (or take whatever comes next) join
   * its topics: from the next frame on, the socket library writes to them with everyone else.
   */
  private rejoin(room: RoomFanout, channel: string): void {
    for (const conn of room.apart) {
      if (conn.resuming?.has(channel)) continue
      const last = conn.roomSeq?.get(channel) ?? 0
      if (last !== 0 && last !== room.seq) continue
      room.apart.delete(conn)
      conn.roomSeq?.delete(channel)
      this.syncMember(room, conn, channel)
    }
  }

  private syncMember(room: RoomFanout, conn: Connection, channel: string): void {
    conn.socket.subscribe(topicOf(conn.socket.encoding, channel))
    room.synced[conn.socket.encoding]++
  }

  private send(conn: Connection, frame: string | Uint8Array): void {
    if (!conn.closed && !conn.socket.send(frame)) this.closeWith(conn, closeCodes.slowConsumer)
  }

  /**
   * The connections' deadlines, checked in one pass (no timer per connection): not authenticated
   * in time (4006), token expired without a refreshed one (4007), nothing sent, not even a ping,
   * for the idle timeout (4005).
   */
  sweep(): void {
    const now = performance.now()
    const wall = Date.now()
    for (const conn of [...this.all]) {
      if (!conn.principal) {
        if (now - conn.openedAt > this.opts.authTimeoutMs) this.closeWith(conn, closeCodes.authTimeout)
      } else if (conn.principal.expiresAt <= wall) this.closeWith(conn, closeCodes.tokenExpired)
      else if (now - conn.checkedAt > this.opts.idleTimeoutMs) this.closeWith(conn, closeCodes.idle)
    }
  }

  /** How often `sweep` should run: often enough for the shortest of its deadlines. */
  get sweepIntervalMs(): number {
    return Math.max(50, Math.min(5000, this.opts.idleTimeoutMs / 4, this.opts.authTimeoutMs / 4))
  }

  /** The connections of this node by user (for presence refreshes). */
  *connectionsByUser(): Generator<[string, string[]]> {
    for (const [userId, conns] of this.byUser.entries()) yield [userId, conns.map((c) => c.id)]
  }

  stop(): void {
    this.stopWatching()
  }

  /** Writes a frame to one connection in its encoding; a full send buffer closes it as a slow consumer. */
  write(conn: Connection, frame: Record<string, unknown>): void {
    this.send(conn, conn.socket.encoding === 'json' ? JSON.stringify(frame) : msgpackEncode(frame))
  }

  closeWith(conn: Connection, code: CloseCode): void {
    if (conn.closed) return
    conn.socket.close(code.code, code.reason)
    this.close(conn)
    this.opts.closedWith?.(code)
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
      this.bySession.remove(current.sessionId, conn)
      this.bySession.add(principal.sessionId, conn)
      conn.principal = principal
      return this.write(conn, {
        op: 'reauthenticated',
        expiresAt: new Date(principal.expiresAt).toISOString(),
        ...ref(frame),
      })
    }
    if (this.byUser.count(principal.userId) >= this.opts.maxConnectionsPerUser) {
      this.error(
        conn,
        frame.ref,
        'too_many_connections',
        `at most ${this.opts.maxConnectionsPerUser} per user`,
      )
      return this.closeWith(conn, closeCodes.tooManyConnections)
    }
    conn.principal = principal
    this.byUser.add(principal.userId, conn)
    this.bySession.add(principal.sessionId, conn)
    const own = `user:${principal.userId}`
    this.join(conn, own)
    this.opts.presence?.connected(principal.userId, conn.id, () => {
      if (conn.closed) return
      this.error(
        conn,
        undefined,
        'too_many_connections',
        `at most ${this.opts.maxConnectionsPerUser} per user`,
      )
      this.closeWith(conn, closeCodes.tooManyConnections)
    })
    this.write(conn, {
      op: 'ready',
      userId: principal.userId,
      sessionId: principal.sessionId,
      expiresAt: new Date(principal.expiresAt).toISOString(),
      channels: [own],
      ...ref(frame),
    })
  }

  private async subscribe(conn: Connection, frame: Frame): Promise<void> {
    const channel = frame.channel
    const parsed = typeof channel === 'string' ? parseChannel(channel) : undefined
    if (!parsed || typeof channel !== 'string')
      return this.error(conn, frame.ref, 'invalid_channel', 'channels are named "kind:id"')
    if (conn.channels.includes(channel)) return this.write(conn, { op: 'subscribed', channel, ...ref(frame) })
    if (conn.channels.length >= this.opts.maxChannels)
      return this.error(
        conn,
        frame.ref,
        'too_many_channels',
        `at most ${this.opts.maxChannels} per connection`,
        {
          channel,
        },
      )
    const kind = this.kinds.get(parsed.kind)
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
    const since = frame.since
    if (!kind?.history || since === undefined) {
      this.join(conn, channel, kind?.history ? 'synced' : undefined)
      return this.write(conn, { op: 'subscribed', channel, ...ref(frame) })
    }
    if (typeof since !== 'number' || !Number.isSafeInteger(since) || since < 0)
      return this.error(conn, frame.ref, 'invalid_frame', 'since: the last seq received, 0 or more', {
        channel,
      })
    // Resume: live frames are held back while the history after `since` is written, then follow it.
    conn.resuming ??= new Map()
    conn.resuming.set(channel, [])
    this.join(conn, channel, 'apart')
    let history: { frames: string[] } | 'refetch'
    try {
      history = await kind.history(channel, since, typeof frame.epoch === 'string' ? frame.epoch : undefined)
    } catch (error) {
      conn.resuming?.delete(channel)
      this.leave(conn, channel)
      throw error
    }
    const held = conn.resuming?.get(channel) ?? []
    conn.resuming?.delete(channel)
    if (conn.closed) return
    if (history === 'refetch') this.write(conn, { op: 'subscribed', channel, resync: true, ...ref(frame) })
    else {
      this.write(conn, { op: 'subscribed', channel, replayed: history.frames.length, ...ref(frame) })
      conn.roomSeq ??= new Map()
      conn.roomSeq.set(channel, since)
    }
    this.catchUp(conn, channel, [...(history === 'refetch' ? [] : history.frames), ...held])
  }

  /**
   * Who may listen to what changed (a block, an unfollow, a privacy setting): the subscriptions of
   * these users' connections, and every subscription to these channels, are authorised again; one
   * no longer allowed is dropped and the client told (`unsubscribed` with `reason: forbidden`).
   */
  async recheck(change: AccessChange): Promise<number> {
    const targets = new Map<Connection, Set<string>>()
    const add = (conn: Connection, channel: string) => {
      if (!conn.principal || channel === `user:${conn.principal.userId}`) return
      const set = targets.get(conn)
      if (set) set.add(channel)
      else targets.set(conn, new Set([channel]))
    }
    for (const userId of change.users ?? [])
      for (const conn of this.byUser.members(userId)) for (const channel of conn.channels) add(conn, channel)
    if (change.channels?.length) {
      const wanted = new Set(change.channels)
      for (const conn of this.all)
        for (const channel of conn.channels) if (wanted.has(channel)) add(conn, channel)
    }
    let dropped = 0
    for (const [conn, channels] of targets) {
      for (const channel of channels) {
        const parsed = parseChannel(channel)
        const kind = parsed && this.kinds.get(parsed.kind)
        if (!kind || !conn.principal) continue
        const allowed = await kind.authorize(conn.principal, parsed.id).catch((error: unknown) => {
          this.opts.log.warn({ err: error, channel }, 'checking a subscription again failed; kept')
          return true
        })
        if (allowed || conn.closed || !conn.channels.includes(channel)) continue
        this.leave(conn, channel)
        this.write(conn, { op: 'unsubscribed', channel, reason: 'forbidden' })
        dropped++
      }
    }
    return dropped
  }

  private unsubscribe(conn: Connection, frame: Frame): void {
    const channel = frame.channel
    if (
      typeof channel === 'string' &&
      conn.channels.includes(channel) &&
      channel !== `user:${conn.principal!.userId}`
    )
      this.leave(conn, channel)
    this.write(conn, { op: 'unsubscribed', channel, ...ref(frame) })
  }

  /**
   * Joins a channel; a room's member either in step with it (`synced`: from the next frame on) or
   * `apart` (resuming from a seq of its own, written one by one until it has caught up).
   */
  private join(conn: Connection, channel: string, room?: 'synced' | 'apart'): void {
    conn.channels.push(channel)
    this.tellKind(conn, channel, 'joined')
    if (room) {
      let fanout = this.rooms.get(channel)
      if (!fanout) {
        fanout = {
          members: new Set(),
          apart: new Set(),
          synced: { json: 0, msgpack: 0 },
          seq: 0,
          held: undefined,
        }
        this.rooms.set(channel, fanout)
        this.opts.channels.acquire(channel)
      }
      fanout.members.add(conn)
      if (room === 'apart') fanout.apart.add(conn)
      else this.syncMember(fanout, conn, channel)
      return
    }
    conn.socket.subscribe(topicOf(conn.socket.encoding, channel))
    let readers = this.readers.get(channel)
    if (!readers) {
      readers = { json: 0, msgpack: 0 }
      this.readers.set(channel, readers)
      this.opts.channels.acquire(channel)
    }
    readers[conn.socket.encoding]++
  }

  /** The channel kind's `joined`/`left` hook, if it has one (a throwing hook is only logged). */
  private tellKind(conn: Connection, channel: string, hook: 'joined' | 'left'): void {
    const parsed = parseChannel(channel)
    const fn = parsed && this.kinds.get(parsed.kind)?.[hook]
    if (!fn || !conn.principal) return
    try {
      fn(conn.principal, parsed.id, conn.id)
    } catch (error) {
      this.opts.log.warn({ err: error, channel }, `a channel's ${hook} hook failed`)
    }
  }

  private leave(conn: Connection, channel: string): void {
    const at = conn.channels.indexOf(channel)
    if (at < 0) return
    conn.channels.splice(at, 1)
    this.tellKind(conn, channel, 'left')
    conn.roomSeq?.delete(channel)
    const room = this.rooms.get(channel)
    if (room) {
      room.members.delete(conn)
      if (!room.apart.delete(conn)) {
        room.synced[conn.socket.encoding]--
        if (!conn.closed) conn.socket.unsubscribe(topicOf(conn.socket.encoding, channel))
      }
      if (room.members.size > 0) return
      this.rooms.delete(channel)
      this.opts.channels.release(channel)
      return
    }
    if (!conn.closed) conn.socket.unsubscribe(topicOf(conn.socket.encoding, channel))
    const readers = this.readers.get(channel)
    if (!readers) return
    readers[conn.socket.encoding]--
    if (readers.json + readers.msgpack > 0) return
    this.readers.delete(channel)
    this.opts.channels.release(channel)
  }
}
