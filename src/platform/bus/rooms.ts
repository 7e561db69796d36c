import type { Logger } from '../logger.ts'
import type { Bus } from './connect.ts'
import type { EventFrame } from './live.ts'
import { liveSubject } from './live.ts'
import type { StreamDecl } from './topology.ts'
import { publishUnconfirmed } from './unconfirmed.ts'

/**
 * Rooms: live channels whose messages have an order and a history, so a client that reconnects
 * (to any gateway) gets what it missed. Each message carries the room's sequence (`seq`: 1, 2, 3...
 * assigned by the room's owner, e.g. a conversation's row in PostgreSQL) and the history's `epoch`.
 * Messages are published to JetStream on the channel's live subject: gateways listening to the
 * channel get them at once, and the ROOMS stream keeps the latest ROOM_HISTORY of each room
 * (a day at most). A resume from a sequence the history no longer reaches, or from another epoch
 * (the history was lost and started again), is answered with "refetch" instead of a gap, unless
 * the room's owner gives its archive (the room's events as stored in PostgreSQL) to fill it.
 */
export const ROOM_HISTORY = 1000

/** The stream that keeps rooms' histories. */
export const ROOMS_STREAM = 'rooms'

/** The rooms' stream over the kinds of channel that modules declare as rooms (`dm`, `live`...). */
export function roomsStream(kinds: readonly string[]): StreamDecl {
  return {
    name: ROOMS_STREAM,
    subjects: kinds.map((kind) => `live.${kind}.*`),
    retention: 'limits',
    maxAgeMs: 24 * 60 * 60_000,
    duplicateWindowMs: 2 * 60_000,
    maxMsgsPerSubject: ROOM_HISTORY,
  }
}

export interface RoomFrame extends EventFrame {
  seq: number
  epoch: string
}

/**
 * A room frame's `seq` (undefined when it has none), read from the start of its text: frames are
 * written with `op`, `channel` and `seq` first (RoomFrame's order, see Rooms.send), and a channel
 * name holds no quote or backslash (CHANNEL). A gateway reads it for every frame of every room it
 * serves: parsing a message's whole frame for it cost more than the rest of its delivery. A frame
 * written some other way is parsed.
 */
export function roomFrameSeq(frameJson: string): number | undefined {
  const head = ROOM_FRAME_HEAD.exec(frameJson)
  const seq = head ? Number(head[1]) : (JSON.parse(frameJson) as { seq?: unknown }).seq
  return typeof seq === 'number' ? seq : undefined
}

const ROOM_FRAME_HEAD = /^\{"op":"event","channel":"[^"\\]*","seq":(\d{1,15})[,}]/

/** A room message to publish: `messageId` makes a repeated publish stored once. */
export interface RoomMessage {
  channel: string
  seq: number
  type: string
  data: unknown
  messageId: string
}

/** One of a room's events as its owner stored it in PostgreSQL. */
export interface StoredRoomEvent {
  seq: number
  type: string
  data: unknown
}

/**
 * The room's events after `since` as its owning module stores them (in `seq` order, at most
 * ROOM_HISTORY + 1 of them): what fills the room's history where JetStream's lacks frames (a
 * publish lost while NATS was away, a history trimmed or lost). An event that the module does
 * not store is simply absent; if JetStream lacks it too, the resume answers `refetch`.
 */
export type RoomArchive = (since: number) => Promise<StoredRoomEvent[]>

/** Room messages kept for publishing again when NATS is back (the oldest are dropped beyond). */
const REPUBLISH_MAX = 10_000
/** How often messages kept while NATS is away are tried again. */
const REPUBLISH_EVERY_MS = 500

export class Rooms {
  private epochOf: Promise<string> | undefined
  /** Room messages whose publish failed while NATS was away, in order, to publish when it is back. */
  private unpublished: RoomMessage[] = []
  private retry: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  private get stream(): string {
    return this.bus.streamName(ROOMS_STREAM)
  }

  /** Identifies this history: the stream's creation time (a stream made again starts a new epoch). */
  epoch(): Promise<string> {
    this.epochOf ??= this.bus.jsm.streams.info(this.stream).then(
      (info) => info.created,
      (error) => {
        this.epochOf = undefined
        throw error
      },
    )
    return this.epochOf
  }

  /**
   * Publishes room messages in order, all at once; each `messageId` makes a repeated publish
   * stored once. Only the last is confirmed (awaited): the others go out unconfirmed before it,
   * on the same connection, so the stream has handled them when it answers. Messages kept from
   * a publish that failed while NATS was away go out first, so each room's stay in order. When
   * NATS is away, the messages are kept to be published when it is back (so connected clients
   * get them live) and the call fails at once (the caller logs it) rather than hold the room's
   * lock for a timeout; the owner has stored them in PostgreSQL, where its RoomArchive reads them.
   */
  async publishAll(messages: RoomMessage[]): Promise<void> {
    if (messages.length === 0 && this.unpublished.length === 0) return
    if (!this.bus.connected) {
      this.keep(messages)
      throw new Error('NATS is unreachable')
    }
    const all = [...this.unpublished.splice(0), ...messages]
    try {
      await this.send(all)
    } catch (error) {
      if (!this.bus.connected) this.keep(all)
      throw error
    }
  }

  private async send(messages: RoomMessage[]): Promise<void> {
    if (messages.length === 0) return
    const epoch = await this.epoch()
    const last = messages.length - 1
    for (let i = 0; i <= last; i++) {
      const { channel, seq, type, data, messageId } = messages[i]!
      const frame: RoomFrame = { op: 'event', channel, seq, epoch, type, data }
      const subject = liveSubject(this.bus, channel)
      if (i === last) {
        await this.bus.js.publish(subject, JSON.stringify(frame), { msgID: messageId })
      } else {
        publishUnconfirmed(this.bus, subject, JSON.stringify(frame), { msgID: messageId })
      }
    }
  }

  /** Keeps messages to publish again when NATS is back, and tries every REPUBLISH_EVERY_MS till then. */
  private keep(messages: RoomMessage[]): void {
    this.unpublished.push(...messages)
    const over = this.unpublished.length - REPUBLISH_MAX
    if (over > 0) {
      this.unpublished.splice(0, over)
      this.log.warn({ dropped: over }, 'room messages kept while NATS is away were dropped')
    }
    if (this.retry) return
    this.retry = setInterval(() => {
      if (!this.bus.connected) return
      if (this.unpublished.length === 0) {
        clearInterval(this.retry)
        this.retry = undefined
        return
      }
      this.publishAll([]).catch((error) =>
        this.log.warn({ err: error }, 'room messages kept while NATS was away were not published yet'),
      )
    }, REPUBLISH_EVERY_MS)
    this.retry.unref?.()
  }

  /** Stops trying to publish kept messages (at shutdown). */
  close(): void {
    clearInterval(this.retry)
    this.retry = undefined
  }

  /**
   * The room's frames after `since` (JSON, in order), or `refetch` when the history does not hold
   * every one of them: it does not reach back to `since + 1`, lacks one in between (a publish
   * that failed while NATS was away), or is of another epoch. With the owner's `archive`, what
   * JetStream lacks (or everything, when JetStream cannot be read or is of another epoch: the
   * room's `seq` comes from PostgreSQL, not from the stream) is taken from PostgreSQL, and
   * `refetch` is left for events neither holds.
   */
  async since(
    channel: string,
    since: number,
    epoch?: string,
    archive?: RoomArchive,
  ): Promise<{ frames: string[] } | 'refetch'> {
    const kept = await this.fromStream(channel, since, epoch).catch((error: unknown) => {
      if (!archive) throw error
      this.log.warn({ err: error, channel }, 'the room history could not be read from JetStream')
      return undefined
    })
    if (kept?.complete) return { frames: kept.frames() }
    if (!archive) return 'refetch'
    const stored = await archive(since)
    if (stored.length > ROOM_HISTORY) return 'refetch'
    const bySeq = new Map(kept?.bySeq)
    const epochNow = await this.epoch()
    for (const e of stored)
      if (!bySeq.has(e.seq))
        bySeq.set(
          e.seq,
          JSON.stringify({ op: 'event', channel, seq: e.seq, epoch: epochNow, type: e.type, data: e.data }),
        )
    const lastSeq = Math.max(kept?.lastSeq ?? 0, stored.at(-1)?.seq ?? 0)
    // A `since` the room never reached is not answered with silence.
    if (lastSeq < since) return 'refetch'
    const frames: string[] = []
    for (let seq = since + 1; seq <= lastSeq; seq++) {
      const frame = bySeq.get(seq)
      if (frame === undefined) return 'refetch'
      frames.push(frame)
    }
    return { frames }
  }

  /**
   * What JetStream holds of the room after `since`: its frames by `seq`, its last `seq`, and
   * whether they are every frame after `since` (undefined: another epoch).
   */
  private async fromStream(
    channel: string,
    since: number,
    epoch?: string,
  ): Promise<
    { bySeq: Map<number, string>; lastSeq: number; complete: boolean; frames(): string[] } | undefined
  > {
    if (epoch !== undefined && epoch !== (await this.epoch())) return undefined
    const subject = liveSubject(this.bus, channel)
    const bySeq = new Map<number, string>()
    const answer = (lastSeq: number, complete: boolean) => ({
      bySeq,
      lastSeq,
      complete,
      frames: () => Array.from({ length: Math.max(0, lastSeq - since) }, (_, i) => bySeq.get(since + 1 + i)!),
    })
    const last = await this.bus.jsm.streams.getMessage(this.stream, { last_by_subj: subject })
    if (!last) return answer(0, since === 0)
    const lastFrame = last.json<RoomFrame>()
    if (lastFrame.seq <= since) return answer(lastFrame.seq, lastFrame.seq === since)
    const consumer = await this.bus.js.consumers.get(this.stream, { filter_subjects: subject })
    let first: number | undefined
    const messages = await consumer.fetch({ max_messages: ROOM_HISTORY + 10, expires: 5000 })
    for await (const m of messages) {
      const text = m.string()
      const seq = (JSON.parse(text) as RoomFrame).seq
      first = first === undefined ? seq : Math.min(first, seq)
      if (seq > since) bySeq.set(seq, text)
      if (m.seq >= last.seq) break
    }
    await messages.close()
    let complete = first !== undefined && first <= since + 1
    for (let seq = since + 1; complete && seq <= lastFrame.seq; seq++) complete = bySeq.has(seq)
    return answer(lastFrame.seq, complete)
  }
}
