import type { Logger } from './logger.ts'
import type { Runnable } from './module.ts'

/**
 * What the worker role runs (the platform's relay and senders, then each module's consumers, loops
 * and runners), started in order and stopped in the reverse order: a part stops before the parts
 * it was started after, so none loses what it relies on while it finishes its round.
 */
export class WorkerParts {
  private readonly running: [string, Runnable][] = []

  constructor(
    private readonly parts: readonly [string, Runnable][],
    private readonly log: Logger,
  ) {}

  /** The names of the parts, in start order (`outbox`, `feed.consumer`...). */
  get names(): string[] {
    return this.parts.map(([name]) => name)
  }

  async start(): Promise<void> {
    for (const [name, part] of this.parts) {
      if (this.running.some(([, p]) => p === part)) continue
      await part.start()
      this.running.push([name, part])
      this.log.debug({ part: name }, 'worker part started')
    }
  }

  /** Stops what was started, last first (one failing to stop does not keep the others running). */
  async stop(): Promise<void> {
    for (let next = this.running.pop(); next; next = this.running.pop()) {
      const [name, part] = next
      try {
        await part.stop()
        this.log.debug({ part: name }, 'worker part stopped')
      } catch (error) {
        this.log.error({ part: name, err: error }, 'worker part failed to stop')
      }
    }
  }
}
