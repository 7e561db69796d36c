import { authModule } from '../auth/module.ts'
import { EventConsumer } from '../platform/bus/consumer.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import { defineModule } from '../platform/module.ts'
import { readRateLimits } from '../platform/rate-limit.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { postsModule } from '../posts/module.ts'
import { usersModule } from '../users/module.ts'
import { HomeTimeline } from './home.ts'
import { feedRoutes } from './routes.ts'
import { Sponsors } from './sponsored.ts'
import { TimelineService } from './timelines.ts'
import { TrendingService } from './trending.ts'

/** The durable consumer through which the worker keeps home timelines up to date. */
const FEED_CONSUMER = domainEventConsumer('feed')

/** Timelines: home (pushed to followers, pulled for large accounts), public, hashtag, profile; trending. */
export const feedModule = defineModule({
  name: 'feed',
  needs: { auth: authModule, users: usersModule, posts: postsModule },
  topology: () => ({ consumers: [FEED_CONSUMER] }),
  build({ db, bus, log, config, rateLimits }, { auth, users, posts }) {
    const home = new HomeTimeline(db, posts.reader, config.feed.fanoutMaxFollowers, config.feed.homeMaxRows)
    const timelines = new TimelineService(db, posts.reader, users.graph)
    const trending = new TrendingService(db, posts.reader)
    // Ads beside the items of home and profile pages, when the ads module provides them.
    const sponsors = new Sponsors(log)
    return {
      services: { home, timelines, trending, sponsors },
      api: {
        routes: () => [
          feedRoutes({
            timelines,
            home,
            trending,
            sponsors,
            access: auth.access,
            rateLimits: rateLimits(readRateLimits),
          }),
        ],
      },
      worker: {
        consumer: new EventConsumer(bus, FEED_CONSUMER, (event) => home.onEvent(event), log),
        // Trims home timelines to HOME_TIMELINE_MAX rows.
        trim: new WakeableLoop('home timeline trim', () => home.trim(), 60_000, log),
        // Drops trending's activity buckets once they leave its window.
        prune: new WakeableLoop('trending activity prune', () => trending.prune(), 600_000, log),
      },
    }
  },
})
