import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { GraphService } from './graph.ts'
import { ProfileService } from './profiles.ts'
import { userRateLimits, userRoutes } from './routes.ts'

/** Profiles and the social graph: follows and follow requests, blocks, mutes, private accounts. */
export const usersModule = defineModule({
  name: 'users',
  needs: { auth: authModule },
  build({ db, live, rateLimits }, { auth }) {
    const graph = new GraphService(db, live)
    const profiles = new ProfileService(db, graph, live)
    return {
      services: { graph, profiles },
      api: {
        routes: () => [
          userRoutes({
            profiles,
            graph,
            accounts: auth.accounts,
            access: auth.access,
            rateLimits: rateLimits(userRateLimits),
          }),
        ],
      },
    }
  },
})
