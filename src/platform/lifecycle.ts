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
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve()
  }

  /** Resolves when no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }
}
