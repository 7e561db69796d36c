import type { KV } from '@nats-io/kv'
import { busUnreachable } from '../platform/bus/connect.ts'
import type { Logger } from '../platform/logger.ts'
import { isCasConflict, safeKey } from '../platform/rate-limit.ts'

/** Counts kept at most (the oldest days' and viewers' go first). */
const MAX_COUNTS = 200_000

/** Compare-and-set rounds a serving tries before it gives its slot up (the key hammered by nodes). */
const MAX_CAS_ATTEMPTS = 8

/**
 * The JetStream KV bucket of the servings counted per viewer, campaign and UTC day, shared by
 * every serving node. Its TTL (bucket-wide on NATS 2.9) outlives a day: a key names its day.
 */
export const ADS_FREQUENCY_BUCKET = 'ad_frequency'
export const ADS_FREQUENCY_TTL_MS = 25 * 3_600_000

/** What this node knows of a count: the value, and the KV revision it read or wrote (null: none). */
interface Known {
  count: number
  revision: number | null
}

/**
 * Servings per viewer, campaign and UTC day: frequency caps at serving, without the database.
 * The count is shared by every node in a JetStream KV bucket: a serving is one compare-and-set
 * of the count (one NATS round trip; a conflict with another node reads it again), so a viewer
 * whose pages go to several nodes is served no more than the cap in all. What this node last
 * knew of a count is kept: a viewer known to be at the cap is refused without asking NATS.
 *
 * When NATS cannot be reached the node falls back to its own count (the servings it made and
 * knew of): the cap then holds per node, as it did before the counts were shared. Billing counts
 * viewable impressions per viewer in PostgreSQL (`ad_bill_impression`) and bills none past the
 * cap, so whatever a fall-back serves past it is never charged.
 */
export class ServingFrequency {
  private readonly known = new Map<string, Known>()

  constructor(
    /** The shared bucket; without it (a bench's decisions) the counts are this node's alone. */
    private readonly shared?: {
      kv: KV
      /** The NATS connection's state: while it is down the node counts alone at once. */
      bus: { readonly connected: boolean }
      log: Logger
    },
  ) {}

  /** Counts one serving if the cap allows it; false when the viewer reached it today. */
  async take(viewerKey: string, campaignId: string, day: string, cap: number | null): Promise<boolean> {
    if (cap === null) return true
    const key = `${day}|${campaignId}|${viewerKey}`
    if ((this.known.get(key)?.count ?? 0) >= cap) return false
    if (this.shared?.bus.connected) {
      try {
        return await this.takeShared(this.shared.kv, key, cap)
      } catch (error) {
        if (!busUnreachable(error)) throw error
        this.shared.log.warn({ err: error }, 'ads: frequency counts unreachable, counting on this node')
      }
    }
    return this.takeLocal(key, cap)
  }

  /** A serving counted but not made (its budget refused): uncounted. */
  async untake(viewerKey: string, campaignId: string, day: string, cap: number | null): Promise<void> {
    if (cap === null) return
    const key = `${day}|${campaignId}|${viewerKey}`
    const known = this.known.get(key)
    if (known) known.count = Math.max(0, known.count - 1)
    if (!this.shared?.bus.connected) return
    const k = safeKey(key)
    try {
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const entry = await this.shared.kv.get(k)
        if (entry?.operation !== 'PUT') return
        const count = Number(entry.string())
        if (count <= 0) return
        try {
          const revision = await this.shared.kv.update(k, String(count - 1), entry.revision)
          this.remember(key, { count: count - 1, revision })
          return
        } catch (error) {
          if (!isCasConflict(error)) throw error
        }
      }
    } catch (error) {
      // The count stays one too high: the viewer may be served one fewer today, never more.
      this.shared.log.warn({ err: error }, 'ads: a frequency count could not be taken back')
    }
  }

  private async takeShared(kv: KV, key: string, cap: number): Promise<boolean> {
    const k = safeKey(key)
    let known = this.known.get(key)
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const count = known?.count ?? 0
      if (count >= cap) {
        if (known) this.remember(key, known)
        return false
      }
      try {
        const next = String(count + 1)
        const revision =
          known?.revision == null ? await kv.create(k, next) : await kv.update(k, next, known.revision)
        this.remember(key, { count: count + 1, revision })
        return true
      } catch (error) {
        if (!isCasConflict(error)) throw error
        // Another node counted first (or this node's knowledge is old): read the count again.
        const entry = await kv.get(k)
        known =
          entry && entry.operation === 'PUT'
            ? { count: Number(entry.string()), revision: entry.revision }
            : { count: 0, revision: entry?.revision ?? null }
      }
    }
    // Contention this high on one viewer's count: the slot goes to another campaign.
    return false
  }

  private takeLocal(key: string, cap: number): boolean {
    const known = this.known.get(key)
    const count = known?.count ?? 0
    if (count >= cap) return false
    // The revision is kept: once NATS is back the write fails and the shared count is read again.
    this.remember(key, { count: count + 1, revision: known?.revision ?? null })
    return true
  }

  private remember(key: string, known: Known): void {
    const fresh = !this.known.has(key)
    this.known.set(key, known)
    if (fresh && this.known.size > MAX_COUNTS) this.known.delete(this.known.keys().next().value!)
  }
}
