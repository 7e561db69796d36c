import type { Sql } from './db/connect.ts'
import type { Logger } from './logger.ts'

const MAX_BACKOFF_MS = 5000

/**
 * Runs `round` again and again: at once while it reports more work, on `wake()` (a NOTIFY, say),
 * every `pollMs` otherwise, and with exponential back-off after failures. With `notify`, a
 * PostgreSQL NOTIFY on that channel wakes it (the tables' insert triggers send one on commit).
 * `stop()` lets the round in flight finish. The outbox relay and the mail sender are built on it.
 */
export class WakeableLoop {
  private running = false
  private wakeUp: (() => void) | undefined
  private loop: Promise<void> | undefined
  private failures = 0
  private pending = false
  private unlisten: (() => Promise<void>) | undefined

  constructor(
    private readonly name: string,
    /** One round of work; resolves true when more is waiting. */
    private readonly round: () => Promise<boolean>,
    private readonly pollMs: number,
    private readonly log: Logger,
    private readonly notify?: { sql: Sql; channel: string },
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    if (this.notify) {
      const listener = await this.notify.sql.listen(this.notify.channel, () => this.wake())
      this.unlisten = () => listener.unlisten()
    }
    this.loop = this.run()
  }

  wake(): void {
    // A wake during a round must not be lost: the next sleep is skipped.
    this.pending = true
    this.wakeUp?.()
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.wakeUp?.()
    await this.loop
    await this.unlisten?.().catch(() => {})
    this.unlisten = undefined
  }

  private async run(): Promise<void> {
    while (this.running) {
      let more = false
      this.pending = false
      try {
        more = await this.round()
        if (this.failures > 0) this.log.info({ loop: this.name }, 'working again')
        this.failures = 0
      } catch (error) {
        this.failures++
        if (this.failures === 1)
          this.log.warn({ loop: this.name, err: error }, 'round failed; retrying with back-off')
      }
      if (!this.running) break
      if (more || (this.pending && this.failures === 0)) continue
      const delay = this.failures > 0 ? Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures) : this.pollMs
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay)
        this.wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wakeUp = undefined
    }
  }
}
