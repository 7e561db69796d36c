import type { Logger } from '../platform/logger.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import type { PostService } from './posts.ts'

/**
 * Publishes scheduled posts when their time comes (worker role). Each post is claimed by the
 * update that publishes it, so it is published once however many workers run, and a restart
 * picks up whatever came due while nothing ran.
 */
export class ScheduledPublisher {
  private readonly loop: WakeableLoop

  constructor(posts: PostService, log: Logger, pollMs = 1000) {
    this.loop = new WakeableLoop(
      'scheduled posts',
      async () => (await posts.publishDue(100)) === 100,
      pollMs,
      log,
    )
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  stop(): Promise<void> {
    return this.loop.stop()
  }
}
