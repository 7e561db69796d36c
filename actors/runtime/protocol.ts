import type { Bus } from '../../src/platform/bus/connect.ts'

/** Partitions actors are spread over; a worker owns about PARTITIONS / workers of them. */
export const PARTITIONS = 64

/** `user/0192...`: an actor's address. */
export interface ActorRef {
  kind: string
  id: string
}

/** FNV-1a of the id: the same id always lands in the same partition, on every node. */
export function partitionOf(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % PARTITIONS
}

/** `<prefix>.actor.<kind>.<partition>.<id>` */
export function actorSubject(bus: Bus, ref: ActorRef): string {
  return bus.subject(`actor.${ref.kind}.${partitionOf(ref.id)}.${ref.id}`)
}

/** Every actor subject of one partition, whatever its kind. */
export function partitionSubject(bus: Bus, partition: number): string {
  return bus.subject(`actor.*.${partition}.*`)
}

/** What travels to an actor: a message id (for logs and retries), and the message. */
export interface Envelope {
  mid: string
  message: { type: string } & Record<string, unknown>
}

/** The owner's answer: the reply, a failure of the handler, or "ask again" (the actor is moving). */
export type Reply = { ok: true; value: unknown } | { ok: false; error: string; retry?: boolean }

export const IDS = /^[A-Za-z0-9_-]{1,64}$/
