import type { Subscription } from '@nats-io/nats-core'
import type { Logger } from '../logger.ts'
import type { Bus } from './connect.ts'

/**
 * Live channels over NATS. A channel is named `kind:id` (`user:<uuid>`, `post:<uuid>`...) and
 * travels on the subject `<prefix>.live.<kind>.<id>`. What is published is the finished frame,
 * serialised once by the publisher; gateways pass it on to their connections as it is.
 */
export const CHANNEL = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/

export function parseChannel(channel: string): { kind: string; id: string } | undefined {
  const m = CHANNEL.exec(channel)
  return m ? { kind: m[1]!, id: m[2]! } : undefined
}

export function liveSubject(bus: Bus, channel: string): string {
  const parsed = parseChannel(channel)
  if (!parsed) throw new Error(`not a channel name: ${channel}`)
  return bus.subject(`live.${parsed.kind}.${parsed.id}`)
}

/** The frame every channel message is: `{ op: "event", channel, type, data }`. */
export interface EventFrame {
  op: 'event'
  channel: string
  type: string
  data: unknown
}

/**
 * Who may listen to what has changed (a block, an unfollow, a privacy setting): gateways check
 * again the subscriptions of these users' connections, and every subscription to these channels.
 */
export interface AccessChange {
  users?: string[]
  channels?: string[]
}

/** Subject suffix of access changes (every gateway listens). */
export const ACCESS_SUBJECT = 'access'

/** Publishes events to live channels (any role). At most once: a gateway not listening misses it. */
export class LivePublisher {
  private readonly encoder = new TextEncoder()

  constructor(private readonly bus: Bus) {}

  /** Tells every gateway to check these subscriptions again (after the change committed). */
  accessChanged(change: AccessChange): void {
    this.bus.nc.publish(this.bus.subject(ACCESS_SUBJECT), this.encoder.encode(JSON.stringify(change)))
  }

  publish(channel: string, type: string, data: unknown): void {
    const frame: EventFrame = { op: 'event', channel, type, data }
    this.bus.nc.publish(liveSubject(this.bus, channel), this.encoder.encode(JSON.stringify(frame)))
  }
}

/**
 * A gateway's NATS side: one subscription per channel that at least one of its connections
 * listens to (counted), each message handed to `deliver` once for all of them.
 */
export class LiveSubscriptions {
  private readonly subs = new Map<string, { sub: Subscription; refs: number }>()
  private readonly decoder = new TextDecoder()

  constructor(
    private readonly bus: Bus,
    private readonly deliver: (channel: string, frameJson: string) => void,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.subs.size
  }

  acquire(channel: string): void {
    const held = this.subs.get(channel)
    if (held) {
      held.refs++
      return
    }
    const sub = this.bus.nc.subscribe(liveSubject(this.bus, channel), {
      callback: (error, msg) => {
        if (error) this.log.warn({ err: error, channel }, 'live subscription failed')
        else this.deliver(channel, this.decoder.decode(msg.data))
      },
    })
    this.subs.set(channel, { sub, refs: 1 })
  }

  release(channel: string): void {
    const held = this.subs.get(channel)
    if (!held) return
    if (--held.refs > 0) return
    held.sub.unsubscribe()
    this.subs.delete(channel)
  }

  /** Whether NATS has registered every subscription made so far (tests, and ready signals). */
  flush(): Promise<void> {
    return this.bus.nc.flush()
  }
}
