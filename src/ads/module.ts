import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { moderationModule } from '../moderation/module.ts'
import { defineModule } from '../platform/module.ts'
import { Advertisers } from './advertisers.ts'
import { Campaigns } from './campaigns.ts'
import { Creatives } from './creatives.ts'
import { Preferences } from './preferences.ts'
import { adsRateLimits, adsRoutes } from './routes.ts'

/**
 * Ads: advertiser accounts with a prepaid balance, campaigns (budgets, schedule, bid, targeting,
 * frequency cap) and creatives screened by moderation; selection by auction with pacing, charged
 * under the budget in one conditional statement; sponsored entries in timelines and pre-rolls
 * before videos; tracking events with signed tokens; reports.
 */
export const adsModule = defineModule({
  name: 'ads',
  needs: { auth: authModule, jobs: jobsModule, moderation: moderationModule },
  build({ db, rateLimits }, { auth, jobs, moderation }) {
    const advertisers = new Advertisers(db, auth)
    const campaigns = new Campaigns(db, advertisers)
    const creatives = new Creatives({ db, queue: jobs.queue, advertisers, campaigns, moderation })
    const preferences = new Preferences(db)
    jobs.runner.register(creatives.job as unknown as JobHandler)
    return {
      services: { advertisers, campaigns, creatives, preferences },
      api: {
        routes: () => [
          adsRoutes({
            advertisers,
            campaigns,
            creatives,
            preferences,
            access: auth.access,
            rateLimits: rateLimits(adsRateLimits),
          }),
        ],
      },
    }
  },
})
