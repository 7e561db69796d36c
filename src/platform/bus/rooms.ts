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
 * (the history was lost and started again), is answered with "refetch" instead of a gap.
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

export class Rooms {
  private epochOf: Promise<string> | undefined

  constructor(private readonly bus: Bus) {}

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
   * on the same connection, so the stream has handled them when it answers. One of them refused
   * on its own would not show (a room publish that fails is only logged anyway: the messages
   * themselves are stored in PostgreSQL, and read from there when the history falls short).
   */
  async publishAll(
    messages: { channel: string; seq: number; type: string; data: unknown; messageId: string }[],
  ): Promise<void> {
    if (messages.length === 0) return
    // NATS away: fail at once (the caller logs it) rather than hold the room's lock for a timeout.
    if (!this.bus.connected) throw new Error('NATS is unreachable')
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

  /**
   * The room's frames after `since` (JSON, in order), or `refetch` when the history does not hold
   * every one of them: it does not reach back to `since + 1`, lacks one in between (a publish
   * that failed while NATS was away), or is of another epoch.
   */
  async since(channel: string, since: number, epoch?: string): Promise<{ frames: string[] } | 'refetch'> {
    if (epoch !== undefined && epoch !== (await this.epoch())) return 'refetch'
    const subject = liveSubject(this.bus, channel)
    const last = await this.bus.jsm.streams.getMessage(this.stream, { last_by_subj: subject })
    if (!last) return since === 0 ? { frames: [] } : 'refetch'
    const lastFrame = last.json<RoomFrame>()
    if (lastFrame.seq <= since) return lastFrame.seq === since ? { frames: [] } : 'refetch'
    const consumer = await this.bus.js.consumers.get(this.stream, { filter_subjects: subject })
    const bySeq = new Map<number, string>()
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
    if (first === undefined || first > since + 1) return 'refetch'
    const frames: string[] = []
    for (let seq = since + 1; seq <= lastFrame.seq; seq++) {
      const frame = bySeq.get(seq)
      if (frame === undefined) return 'refetch'
      frames.push(frame)
    }
    return { frames }
  }
}
