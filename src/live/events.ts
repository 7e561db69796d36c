import { type DomainEvent, domainEvent } from '../platform/bus/events.ts'
import type { StreamRow } from './views.ts'

/**
 * A stream's domain events (`live.started`, `live.ended`), on the shared `events` stream: the
 * notifications consumer makes followers' notifications from `live.started`.
 */
export function liveEvent(
  type: 'live.started' | 'live.ended',
  stream: StreamRow,
  data: Record<string, unknown>,
): DomainEvent {
  return domainEvent({
    type,
    actorId: stream.ownerId,
    subject: { kind: 'live_stream', id: stream.id },
    data: { streamId: stream.id, ...data },
  })
}
