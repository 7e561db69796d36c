import type { ActorClient } from '../../actors/runtime/client.ts'
import type { Logger } from '../platform/logger.ts'

/**
 * The gateway's side of presence: it tells each user's UserActor (on a worker) when a connection
 * of theirs opens, closes or goes idle, and every 30 s which connections it still holds (so the
 * connections of a gateway that died expire). Messages about one connection are sent one after
 * the other; none of this holds a connection up: a failure is logged, and the refresh repairs it.
 */
export class PresenceTracker {
  private readonly chains = new Map<string, Promise<void>>()

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
  connected(userId: string, connectionId: string, refuse: () => void = () => {}): void {
    const limit = Number.isFinite(this.maxPerUser) ? this.maxPerUser : undefined
    this.send(
      connectionId,
      userId,
      { type: 'connected', connectionId, gateway: this.gateway, limit },
      false,
      (r) => {
        if ((r as { refused?: boolean } | undefined)?.refused) refuse()
      },
    )
  }

  disconnected(userId: string, connectionId: string): void {
    this.send(connectionId, userId, { type: 'disconnected', connectionId }, true)
  }

  activity(userId: string, connectionId: string, idle: boolean): void {
    this.send(connectionId, userId, { type: 'activity', connectionId, idle })
  }

  refresh(connections: Iterable<[string, string[]]>): Promise<unknown> {
    const sends = [...connections].map(([userId, connectionIds]) =>
      this.actors
        .tell({ kind: 'user', id: userId }, { type: 'refresh', gateway: this.gateway, connectionIds }, 10_000)
        .catch((error) => this.log.warn({ err: error, userId }, 'presence refresh failed')),
    )
    return Promise.all(sends)
  }

  private send(
    connectionId: string,
    userId: string,
    message: { type: string } & Record<string, unknown>,
    last = false,
    answered?: (reply: unknown) => void,
  ) {
    const previous = this.chains.get(connectionId) ?? Promise.resolve()
    const next = previous.then(() =>
      this.actors
        .ask({ kind: 'user', id: userId }, message, 10_000)
        .then((reply) => answered?.(reply))
        .catch((error) =>
          this.log.warn({ err: error, userId, type: message.type }, 'presence update failed'),
        ),
    )
    this.chains.set(connectionId, next)
    if (last) void next.then(() => this.chains.get(connectionId) === next && this.chains.delete(connectionId))
  }
}
