/**
 * The process's place in its life: serving, or draining after SIGTERM. Readiness turns false as
 * soon as draining starts; requests already in flight are counted so the drain can wait for them.
 */
export class Lifecycle {
  draining = false
  inFlight = 0
  private idle: (() => void)[] = []

  begin(): void {
    this.inFlight++
  }

  end(): void {
    this.inFlight--
    if (this.inFlight === 0 && this.idle.length > 0) for (const resolve of this.idle.splice(0)) resolve()
  }

  /**
   * Work a request started but does not wait for (answering first, then doing it): counted as in
   * flight, so a drain waits for it and never closes the database under it.
   */
  track(work: Promise<unknown>): void {
    this.begin()
    work.finally(() => this.end()).catch(() => {})
  }

  /** Resolves when no request (or tracked work) is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }
}
