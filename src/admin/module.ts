import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { adminUserRoutes } from './user-routes.ts'

/** What administrators do to accounts: roles, suspensions, bans. */
export const adminModule = defineModule({
  name: 'admin',
  needs: { auth: authModule },
  build({ db }, { auth }) {
    return {
      services: {},
      api: { routes: () => [adminUserRoutes({ db, auth, access: auth.access })] },
    }
  },
})
