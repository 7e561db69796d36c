import type { DomainEvent } from '../platform/bus/events.ts'
import type { ClientBatch } from './ingest.ts'
import { Visitors } from './visitors.ts'

/** One event as `analytics_events` holds it (times in milliseconds since the epoch). */
export interface EventRow {
  id: string
  occurredAt: number
  receivedAt: number
  type: string
  userId: string | null
  /** 16 hex digits (visitors.ts); all zeros for a server event without an actor. */
  visitor: string
  sessionId: string | null
  subjectKind: string | null
  subjectId: string | null
  source: string | null
  country: string | null
  device: string | null
  positionSeconds: number | null
  intervalSeconds: number | null
  quality: string | null
  buffering: boolean | null
  data: Record<string, unknown> | null
  /** Its time was clamped to the server's clock at ingestion. */
  clamped: boolean
  /** A client event (false: a domain event of the server). */
  client: boolean
}

export const NO_VISITOR = '0000000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The rows of a client batch. */
export function clientRows(batch: ClientBatch): EventRow[] {
  const receivedAt = Date.parse(batch.receivedAt)
  return batch.events.map((e) => {
    const subject =
      'videoId' in e && e.videoId
        ? { kind: 'video', id: e.videoId }
        : 'postId' in e && e.postId
          ? { kind: 'post', id: e.postId }
          : 'userId' in e
            ? { kind: 'user', id: e.userId }
            : 'streamId' in e
              ? { kind: 'live_stream', id: e.streamId }
              : null
    const heartbeat = e.type === 'view.heartbeat' ? e : undefined
    return {
      id: e.id,
      occurredAt: Date.parse(e.occurredAt),
      receivedAt,
      type: e.type,
      userId: batch.userId,
      visitor: batch.visitor,
      sessionId: e.sessionId,
      subjectKind: subject?.kind ?? null,
      subjectId: subject?.id ?? null,
      source: 'source' in e && e.source ? e.source : null,
      country: batch.country,
      device: batch.device,
      positionSeconds: heartbeat?.positionSeconds ?? null,
      intervalSeconds: heartbeat ? (heartbeat.intervalSeconds ?? 5) : null,
      quality: heartbeat?.quality ?? null,
      buffering: heartbeat ? (heartbeat.buffering ?? false) : null,
      data: null,
      clamped: e.clamped === true,
      client: true,
    }
  })
}

/** The row of a server's domain event (its subject id kept when it is a UUID). */
export function serverRow(event: DomainEvent, receivedAt: number): EventRow {
  const actor = event.actorId && UUID.test(event.actorId) ? event.actorId : null
  return {
    id: event.id,
    occurredAt: Date.parse(event.occurredAt),
    receivedAt,
    type: event.type,
    userId: actor,
    visitor: actor ? Visitors.ofUser(actor) : NO_VISITOR,
    sessionId: null,
    subjectKind: event.subject.kind,
    subjectId: UUID.test(event.subject.id) ? event.subject.id : null,
    source: null,
    country: null,
    device: null,
    positionSeconds: null,
    intervalSeconds: null,
    quality: null,
    buffering: null,
    data: event.data,
    clamped: false,
    client: false,
  }
}
