import type { DomainEvent } from '../platform/bus/events.ts'
import type { ClientBatch, CompactBatch } from './ingest.ts'
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

/** The rows of a client batch message, in either form (CompactBatch, or the older ClientBatch). */
export function clientRows(batch: CompactBatch | ClientBatch): EventRow[] {
  return 'events' in batch ? objectRows(batch) : columnRows(batch)
}

function columnRows(b: CompactBatch): EventRow[] {
  const receivedAt = Date.parse(b.receivedAt)
  const { userId, visitor, country, device, strings } = b
  const text = (i: number | undefined) => (i === undefined || i < 0 ? null : strings[i]!)
  const n = b.id.length
  const rows: EventRow[] = new Array(n)
  for (let i = 0; i < n; i++) {
    rows[i] = {
      id: b.id[i]!,
      occurredAt: b.at[i]!,
      receivedAt,
      type: text(b.type[i])!,
      userId,
      visitor,
      sessionId: text(b.session[i]),
      subjectKind: text(b.kind[i]),
      subjectId: text(b.subject[i]),
      source: text(b.source[i]),
      country,
      device,
      positionSeconds: b.position[i] ?? null,
      intervalSeconds: b.interval[i] ?? null,
      quality: text(b.quality[i]),
      buffering: b.buffering[i] ?? null,
      data: null,
      clamped: false,
      client: true,
    }
  }
  for (const i of b.clamped) if (rows[i]) rows[i].clamped = true
  return rows
}

function objectRows(batch: ClientBatch): EventRow[] {
  const receivedAt = Date.parse(batch.receivedAt)
  const { userId, visitor, country, device } = batch
  const rows: EventRow[] = new Array(batch.events.length)
  for (let i = 0; i < rows.length; i++) {
    const e = batch.events[i]!
    const [subjectKind, subjectId] = subjectOf(e)
    const heartbeat = e.type === 'view.heartbeat' ? e : undefined
    const occurredAt = Date.parse(e.occurredAt)
    rows[i] = {
      id: e.id,
      occurredAt,
      receivedAt,
      type: e.type,
      userId,
      visitor,
      sessionId: e.sessionId,
      subjectKind,
      subjectId,
      source: 'source' in e && e.source ? e.source : null,
      country,
      device,
      positionSeconds: heartbeat ? heartbeat.positionSeconds : null,
      intervalSeconds: heartbeat ? (heartbeat.intervalSeconds ?? 5) : null,
      quality: heartbeat?.quality ?? null,
      buffering: heartbeat ? (heartbeat.buffering ?? false) : null,
      data: null,
      clamped: e.clamped === true,
      client: true,
    }
  }
  return rows
}

/** What an event is about: [kind, id] (kinds as `analytics_events.subject_kind` holds them). */
export function subjectOf(e: ClientBatch['events'][number]): [kind: string | null, id: string | null] {
  if ('videoId' in e && e.videoId) return ['video', e.videoId]
  if ('postId' in e && e.postId) return ['post', e.postId]
  if ('userId' in e) return ['user', e.userId]
  if ('streamId' in e) return ['live_stream', e.streamId]
  return [null, null]
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
