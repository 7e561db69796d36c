import { createHash } from 'node:crypto'
import type { Bus } from '../platform/bus/connect.ts'
import { busUnavailable } from '../platform/bus/connect.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { parseDateTime } from '../platform/http/dates.ts'
import type { ClientEvent } from './client-events.ts'
import { ANALYTICS_CLIENT_SUBJECT } from './topology.ts'
import { Visitors } from './visitors.ts'

/** Events later than this are refused (they would no longer fold into their buckets). */
export const LATE_WINDOW_MS = 48 * 3_600_000

/** A batch as the writer reads it from JetStream: the request's context once, its events after. */
export interface ClientBatch {
  receivedAt: string
  userId: string | null
  /** The viewer's hash (visitors.ts): 16 hex digits. */
  visitor: string
  country: string | null
  device: string
  events: StampedEvent[]
}

/** A client event with its time as kept: `occurredAt` clamped to the server's clock (`clamped`). */
export type StampedEvent = ClientEvent & { clamped?: boolean }

export interface Requester {
  userId: string | null
  address: string
  userAgent: string
  country: string | null
  device: string
}

/**
 * Takes a batch from a client into the analytics stream: each event's time clamped to now (a
 * client clock ahead of ours), those older than the late window dropped, the viewer reduced to a
 * hash. Resolves once JetStream stored the batch (one message; a batch sent again within the
 * stream's duplicate window is dropped there, later ones by the writer's key on the event ids).
 */
export class Ingestion {
  constructor(
    private readonly bus: Bus,
    private readonly visitors: Visitors,
  ) {}

  async accept(events: ClientEvent[], who: Requester): Promise<{ accepted: number; dropped: number }> {
    const now = Date.now()
    const kept: StampedEvent[] = []
    events.forEach((e, i) => {
      const at = parseDateTime(e.occurredAt)?.getTime()
      if (at === undefined) return
      if (e.type === 'impression' || e.type === 'click' || e.type === 'share') {
        if ((e.postId === undefined) === (e.videoId === undefined))
          throw new HttpError(problems.validation, 'Give either postId or videoId', {
            errors: [{ field: `body.events.${i}`, message: 'must name exactly one of postId and videoId' }],
          })
      }
      if (at < now - LATE_WINDOW_MS) return
      kept.push(at > now ? { ...e, occurredAt: new Date(now).toISOString(), clamped: true } : e)
    })
    if (kept.length > 0) {
      if (!this.bus.connected) throw busUnavailable()
      const visitor = who.userId
        ? Visitors.ofUser(who.userId)
        : await this.visitors.anonymous(who.address, who.userAgent, new Date(now))
      const batch: ClientBatch = {
        receivedAt: new Date(now).toISOString(),
        userId: who.userId,
        visitor,
        country: who.country,
        device: who.device,
        events: kept,
      }
      const msgID = createHash('sha256')
        .update(visitor)
        .update(kept.map((e) => e.id).join(','))
        .digest('base64url')
      try {
        await this.bus.js.publish(this.bus.subject(ANALYTICS_CLIENT_SUBJECT), JSON.stringify(batch), {
          msgID,
          timeout: 5000,
        })
      } catch {
        throw busUnavailable()
      }
    }
    return { accepted: kept.length, dropped: events.length - kept.length }
  }
}
