import { createHash } from 'node:crypto'
import type { Bus } from '../platform/bus/connect.ts'
import { busUnavailable } from '../platform/bus/connect.ts'
import { HttpError, problems } from '../platform/errors.ts'
import { parseDateTime } from '../platform/http/dates.ts'
import type { ClientEvent } from './client-events.ts'
import { subjectOf } from './rows.ts'
import { ANALYTICS_CLIENT_SUBJECT } from './topology.ts'
import { Visitors } from './visitors.ts'

/** Events later than this are refused (they would no longer fold into their buckets). */
export const LATE_WINDOW_MS = 48 * 3_600_000

/**
 * A batch as the API wrote it to JetStream before the column form (CompactBatch): the request's
 * context once, its events as the client sent them. The writer still reads it (messages stay in
 * the stream up to its 7 days' max age, e.g. across an upgrade with the writer behind).
 */
export interface ClientBatch {
  receivedAt: string
  userId: string | null
  /** The viewer's hash (visitors.ts): 16 hex digits. */
  visitor: string
  country: string | null
  device: string
  events: StampedEvent[]
}

/**
 * A batch as the API writes it to JetStream: the request's context once, then its events by
 * column (what the writer stores, already normalised: times as Unix milliseconds, an absent
 * interval as 5 s, an absent buffering flag as false). The strings events share (types,
 * sessions, subjects, sources, renditions) are written once in `strings`, and the columns name
 * them by index (-1: none). About half the bytes of the events as objects, and fewer to parse.
 */
export interface CompactBatch {
  v: 2
  receivedAt: string
  userId: string | null
  /** The viewer's hash (visitors.ts): 16 hex digits. */
  visitor: string
  country: string | null
  device: string
  strings: string[]
  id: string[]
  /** occurredAt in Unix milliseconds, clamped to the server's clock when ahead of it (those are listed in `clamped`). */
  at: number[]
  type: number[]
  session: number[]
  /** The subject: its kind (video, post, user, live_stream) and id; -1 for none. */
  kind: number[]
  subject: number[]
  source: number[]
  /** Heartbeats of a video only (null for other events), as the rows keep them. */
  position: (number | null)[]
  interval: (number | null)[]
  quality: number[]
  buffering: (boolean | null)[]
  /** Indices of the events whose time was clamped. */
  clamped: number[]
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
    const times: number[] = []
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
      times.push(Math.min(at, now))
    })
    if (kept.length > 0) {
      if (!this.bus.connected) throw busUnavailable()
      const visitor = who.userId
        ? Visitors.ofUser(who.userId)
        : await this.visitors.anonymous(who.address, who.userAgent, new Date(now))
      const batch = compactBatch(kept, times, {
        receivedAt: new Date(now).toISOString(),
        userId: who.userId,
        visitor,
        country: who.country,
        device: who.device,
      })
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

type BatchContext = Pick<CompactBatch, 'receivedAt' | 'userId' | 'visitor' | 'country' | 'device'>

/** `events` (checked, times clamped) in the column form the writer reads (CompactBatch); `times` their times in ms. */
export function compactBatch(events: StampedEvent[], times: number[], context: BatchContext): CompactBatch {
  const strings: string[] = []
  const index = new Map<string, number>()
  const ref = (text: string | undefined | null): number => {
    if (text === undefined || text === null) return -1
    let i = index.get(text)
    if (i === undefined) {
      i = strings.length
      strings.push(text)
      index.set(text, i)
    }
    return i
  }
  const n = events.length
  const b: CompactBatch = {
    v: 2,
    ...context,
    strings,
    id: new Array(n),
    at: new Array(n),
    type: new Array(n),
    session: new Array(n),
    kind: new Array(n),
    subject: new Array(n),
    source: new Array(n),
    position: new Array(n),
    interval: new Array(n),
    quality: new Array(n),
    buffering: new Array(n),
    clamped: [],
  }
  for (let i = 0; i < n; i++) {
    const e = events[i]!
    b.id[i] = e.id
    b.at[i] = times[i]!
    b.type[i] = ref(e.type)
    b.session[i] = ref(e.sessionId)
    const [kind, subject] = subjectOf(e)
    b.kind[i] = ref(kind)
    b.subject[i] = ref(subject)
    b.source[i] = ref('source' in e ? e.source : undefined)
    const heartbeat = e.type === 'view.heartbeat' ? e : undefined
    b.position[i] = heartbeat ? heartbeat.positionSeconds : null
    b.interval[i] = heartbeat ? (heartbeat.intervalSeconds ?? 5) : null
    b.quality[i] = ref(heartbeat?.quality)
    b.buffering[i] = heartbeat ? (heartbeat.buffering ?? false) : null
    if (e.clamped) b.clamped.push(i)
  }
  return b
}
