import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { postsModule } from '../posts/module.ts'
import { BookmarkService } from './bookmarks.ts'
import { bookmarkRateLimits, bookmarkRoutes } from './routes.ts'

/** Bookmarks of posts, in collections. */
export const bookmarksModule = defineModule({
  name: 'bookmarks',
  needs: { auth: authModule, posts: postsModule },
  build({ db, rateLimits }, { auth, posts }) {
    const bookmarks = new BookmarkService(db, posts.reader)
    return {
      services: { bookmarks },
      api: {
        routes: () => [
          bookmarkRoutes({ bookmarks, access: auth.access, rateLimits: rateLimits(bookmarkRateLimits) }),
        ],
      },
    }
  },
})
