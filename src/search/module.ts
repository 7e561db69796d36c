import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { readRateLimits } from '../platform/rate-limit.ts'
import { postsModule } from '../posts/module.ts'
import { searchRoutes } from './routes.ts'
import { SearchService } from './search.ts'

/** Search over posts, accounts and hashtags, with the visibility rules of every read. */
export const searchModule = defineModule({
  name: 'search',
  needs: { auth: authModule, posts: postsModule },
  // Searches read the replica (DATABASE_READ_URL) when there is one: a post or account a second
  // old may be missing from the results; what is shown comes from the posts' reader.
  build({ readDb, rateLimits }, { auth, posts }) {
    const search = new SearchService(readDb, posts.reader)
    return {
      services: { search },
      api: {
        routes: () => [searchRoutes({ search, access: auth.access, rateLimits: rateLimits(readRateLimits) })],
      },
    }
  },
})
