import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { adminRateLimits, adminUserRoutes } from './user-routes.ts'

/** What administrators do to accounts: roles, suspensions, bans. */
export const adminModule = defineModule({
  name: 'admin',
  needs: { auth: authModule },
  build({ db, rateLimits }, { auth }) {
    return {
      services: {},
      api: {
        routes: () => [
          adminUserRoutes({ db, auth, access: auth.access, rateLimits: rateLimits(adminRateLimits) }),
        ],
      },
    }
  },
})
