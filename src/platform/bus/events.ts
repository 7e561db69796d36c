import { newId } from '../ids.ts'

/**
 * A domain event, the one shape shared by the outbox, JetStream and analytics.
 * `type` is `noun.verb` in the past tense: `post.created`, `user.followed`.
 */
export interface DomainEvent<D extends Record<string, unknown> = Record<string, unknown>> {
  id: string
  type: string
  occurredAt: string
  actorId: string | null
  subject: { kind: string; id: string }
  data: D
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/

export function domainEvent<D extends Record<string, unknown>>(input: {
  type: string
  actorId: string | null
  subject: { kind: string; id: string }
  data: D
  occurredAt?: Date
}): DomainEvent<D> {
  if (!EVENT_TYPE.test(input.type)) throw new Error(`event type "${input.type}" is not noun.verb`)
  return {
    id: newId(),
    type: input.type,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    actorId: input.actorId,
    subject: input.subject,
    data: input.data,
  }
}

/**
 * The subject suffix an event is published on: `events.post.created` in the shared stream, or in
 * a feature's own event stream (see `domainEventStream`): `message_events.message.sent`.
 */
export function eventSubject(type: string, stream = 'events'): string {
  return `${stream}.${type}`
}
