import type { Logger } from '../platform/logger.ts'
import type { StreamSignals } from './backend.ts'

/** A gateway tells the streams' actors of changes in its viewers at most this often. */
export const VIEWERS_REPORT_MS = 2_000
/** And of every stream it holds viewers of this often at most (the actors forget a silent gateway's count). */
const VIEWERS_REFRESH_MAX_MS = 20_000
/** User ids per message when many viewers are new at once. */
const SEEN_PER_REPORT = 1_000

interface Watched {
  /** Connections per user on this gateway. */
  users: Map<string, number>
  /** Users who began watching since the last report (the stream's unique viewers). */
  seen: Set<string>
  changed: boolean
}

/**
 * Who watches which stream on this gateway (connections subscribed to `live:<id>`), reported to
 * each stream's StreamActor: the distinct users here, and those new since the last report. The
 * actor sums the gateways' counts (a user on two gateways at once counts on each). Reports go
 * out every VIEWERS_REPORT_MS for the streams whose viewers changed, and every
 * third of LIVE_VIEWERS_LEASE_SECONDS (20 s at most) for all, so the actor's count outlives no gateway: one that dies stops
 * refreshing, and its count expires (as presence does).
 */
export class ViewerTracker {
  private readonly streams = new Map<string, Watched>()
  private timer: Timer | undefined
  private refreshedAt = Date.now()
  private readonly refreshMs: number
  private reporting: Promise<void> | undefined

  constructor(
    private readonly signals: StreamSignals,
    private readonly gateway: string,
    /** LIVE_VIEWERS_LEASE_SECONDS, in ms: refreshes come three times within it. */
    leaseMs: number,
    private readonly log: Logger,
  ) {
    this.refreshMs = Math.min(VIEWERS_REFRESH_MAX_MS, leaseMs / 3)
  }

  joined(streamId: string, userId: string): void {
    let watched = this.streams.get(streamId)
    if (!watched) {
      watched = { users: new Map(), seen: new Set(), changed: true }
      this.streams.set(streamId, watched)
    }
    const n = watched.users.get(userId) ?? 0
    watched.users.set(userId, n + 1)
    if (n === 0) {
      watched.seen.add(userId)
      watched.changed = true
    }
    this.timer ??= setInterval(() => this.tick(), Math.min(VIEWERS_REPORT_MS, this.refreshMs))
    this.timer.unref?.()
  }

  left(streamId: string, userId: string): void {
    const watched = this.streams.get(streamId)
    const n = watched?.users.get(userId)
    if (!watched || !n) return
    if (n > 1) watched.users.set(userId, n - 1)
    else {
      watched.users.delete(userId)
      watched.changed = true
    }
  }

  /** Viewers of a stream on this gateway (distinct users). */
  count(streamId: string): number {
    return this.streams.get(streamId)?.users.size ?? 0
  }

  private tick(): void {
    if (this.reporting) return
    this.reporting = this.report().finally(() => {
      this.reporting = undefined
    })
  }

  /** Tells the actors; a stream nobody here watches any more is reported once (0) and forgotten. */
  async report(): Promise<void> {
    const refresh = Date.now() - this.refreshedAt >= this.refreshMs
    if (refresh) this.refreshedAt = Date.now()
    const due = [...this.streams].filter(([, w]) => w.changed || refresh)
    await Promise.all(
      due.map(async ([streamId, watched]) => {
        const seen = [...watched.seen]
        watched.seen.clear()
        watched.changed = false
        if (watched.users.size === 0) this.streams.delete(streamId)
        try {
          for (let i = 0; i === 0 || i < seen.length; i += SEEN_PER_REPORT)
            await this.signals.viewers(
              streamId,
              watched.users.size,
              seen.slice(i, i + SEEN_PER_REPORT),
              this.gateway,
            )
        } catch (error) {
          // Told again at the next report.
          watched.changed = true
          for (const user of seen) watched.seen.add(user)
          if (!this.streams.has(streamId)) this.streams.set(streamId, watched)
          this.log.warn({ err: error, streamId }, 'viewers not reported to the stream')
        }
      }),
    )
  }

  close(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
