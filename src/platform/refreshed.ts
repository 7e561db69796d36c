/**
 * A value read from the database and held in memory (settings administrators change rarely:
 * moderation terms and policies...), for code that reads it on hot paths, often inside a
 * request's transaction.
 *
 * Reads return the value held; once it is older than `maxAgeMs` a read starts one reload in the
 * background and still returns the value held. Only a read before the first load waits, and all
 * such reads share one load. `refresh()`, after a change made on this node, loads it again (after
 * any load already under way, which may have read the old value) and resolves with the new one.
 *
 * Why not reload on the read that finds the value stale: such a read inside a transaction holds
 * one pooled connection and waits for another; with as many of them at once as the pool has
 * connections, none ever gets one (a post's inline screening did this under 10+ concurrent
 * writes, and the node's pool stayed deadlocked).
 */
export class Refreshed<T, Via = never> {
  private held: { at: number; value: T } | undefined
  private loading: Promise<T> | undefined

  /** `load(via)`: through `via` (a caller's transaction) when given, else the pool. */
  constructor(
    private readonly load: (via?: Via) => Promise<T>,
    private readonly maxAgeMs: number,
  ) {}

  /**
   * The value held. Before the first load has finished, a caller in a transaction passes it as
   * `via` and loads through it (its own load, not shared: a transaction may fail).
   */
  async get(via?: Via): Promise<T> {
    const held = this.held
    if (!held) return via === undefined ? this.reload() : this.fetch(via)
    if (Date.now() - held.at >= this.maxAgeMs)
      this.reload().catch(() => {
        // Kept: the value held; the next stale read tries again.
      })
    return held.value
  }

  /** Starts the first load now (at boot), so that requests find the value held. */
  warm(): void {
    this.reload().catch(() => {
      // The first read will try again.
    })
  }

  refresh(): Promise<T> {
    const before = this.loading?.catch(() => undefined) ?? Promise.resolve()
    return this.track(before.then(() => this.fetch()))
  }

  private reload(): Promise<T> {
    return this.loading ?? this.track(this.fetch())
  }

  /** Holds `load` as the load under way until it settles. */
  private track(load: Promise<T>): Promise<T> {
    const tracked: Promise<T> = load.finally(() => {
      if (this.loading === tracked) this.loading = undefined
    })
    this.loading = tracked
    return tracked
  }

  private async fetch(via?: Via): Promise<T> {
    const started = Date.now()
    const value = await this.load(via)
    if (!this.held || this.held.at <= started) this.held = { at: started, value }
    return value
  }
}
