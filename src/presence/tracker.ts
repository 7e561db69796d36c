import type { ActorClient } from '../../actors/runtime/client.ts'
import type { ConnectionChange, UserMessage } from '../../actors/user.ts'
import type { Logger } from '../platform/logger.ts'

/** Users whose messages may be on their way to their actors at once (the rest wait their turn). */
const IN_FLIGHT = 64

/** What a gateway has to tell one user's actor, in order: changes, then optionally all it holds. */
interface Batch {
  changes: ConnectionChange[]
  /** `refresh`: every connection of the user this gateway holds now (taken after `changes`). */
  held?: string[]
  /** Per connection that asked to be counted: what to do if the actor refuses it. */
  refusals?: Map<string, () => void>
}

/**
 * The gateway's side of presence: it tells each user's UserActor (on a worker) when a connection
 * of theirs opens, closes or goes idle, and every 30 s which connections it still holds (so the
 * connections of a gateway that died expire). What piles up for a user while a message to its
 * actor is on its way goes in the next one, as a batch (a reconnect storm costs one message per
 * user in flight, not one per connection), and at most IN_FLIGHT users' messages travel at once,
 * so a storm of connections keeps a small record per user waiting rather than a request each.
 * Messages of one user go one after the other, in order. None of this holds a connection up: a
 * failure is logged, and the next refresh repairs it.
 */
export class PresenceTracker {
  /** Per user, the batches not sent yet (in order); a user's key leaves once all are sent. */
  private readonly pending = new Map<string, Batch[]>()
  /** Users with a message on its way. */
  private readonly sending = new Set<string>()

  constructor(
    private readonly actors: ActorClient,
    private readonly gateway: string,
    private readonly log: Logger,
    /** Connections one user may hold across every gateway (GATEWAY_MAX_CONNECTIONS_PER_USER). */
    private readonly maxPerUser = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * The UserActor counts the user's connections on every gateway: past the cap it does not take
   * the new one and says so, and `refuse` closes it (moments after `ready`; never held up waiting).
   */
  connected(userId: string, connectionId: string, refuse?: () => void): void {
    const batch = this.open(userId)
    batch.changes.push({ connectionId, change: 'connected' })
    if (refuse) {
      batch.refusals ??= new Map()
      batch.refusals.set(connectionId, refuse)
    }
    this.pump()
  }

  disconnected(userId: string, connectionId: string): void {
    this.open(userId).changes.push({ connectionId, change: 'disconnected' })
    this.pump()
  }

  activity(userId: string, connectionId: string, idle: boolean): void {
    this.open(userId).changes.push({ connectionId, change: idle ? 'idle' : 'active' })
    this.pump()
  }

  /**
   * Tells each user's actor every connection of theirs this gateway holds. A refresh still waiting
   * is replaced (nothing can follow it in its batch), so slow actors never make them pile up.
   */
  refresh(connections: Iterable<[string, string[]]>): void {
    for (const [userId, connectionIds] of connections) {
      const waiting = this.pending.get(userId)?.at(-1)
      if (waiting?.held) waiting.held = connectionIds
      else this.open(userId).held = connectionIds
    }
    this.pump()
  }

  /** Whether nothing is waiting or on its way (tests). */
  get idle(): boolean {
    return this.pending.size === 0 && this.sending.size === 0
  }

  /** The user's batch that may still take changes: the last, unless a refresh closed it. */
  private open(userId: string): Batch {
    let batches = this.pending.get(userId)
    if (!batches) {
      batches = []
      this.pending.set(userId, batches)
    }
    let last = batches.at(-1)
    if (!last || last.held) {
      last = { changes: [] }
      batches.push(last)
    }
    return last
  }

  /** Sends the next batch of users with none on its way, oldest first, up to IN_FLIGHT. */
  private pump(): void {
    if (this.sending.size >= IN_FLIGHT) return
    for (const [userId, batches] of this.pending) {
      if (this.sending.has(userId)) continue
      const batch = batches.shift()!
      if (batches.length === 0) this.pending.delete(userId)
      this.sending.add(userId)
      void this.send(userId, batch).finally(() => {
        this.sending.delete(userId)
        this.pump()
      })
      if (this.sending.size >= IN_FLIGHT) return
    }
  }

  private async send(userId: string, batch: Batch): Promise<void> {
    const message: UserMessage = {
      type: 'connections',
      gateway: this.gateway,
      changes: batch.changes,
      ...(batch.held ? { held: batch.held } : {}),
      ...(Number.isFinite(this.maxPerUser) ? { limit: this.maxPerUser } : {}),
    }
    try {
      const reply = await this.actors.ask<{ refused?: string[] }>(
        { kind: 'user', id: userId },
        message,
        10_000,
      )
      for (const id of reply?.refused ?? []) batch.refusals?.get(id)?.()
    } catch (error) {
      this.log.warn({ err: error, userId }, 'presence update failed')
    }
  }
}
