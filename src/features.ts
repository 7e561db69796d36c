import type { AnyElysia } from 'elysia'
import { adminUserRoutes } from './admin/user-routes.ts'
import { oauthRoutes } from './auth/oauth/routes.ts'
import { authRateLimits } from './auth/rate-limits.ts'
import { authRoutes } from './auth/routes.ts'
import { bookmarkRoutes } from './bookmarks/routes.ts'
import type { AppContext } from './context.ts'
import { feedRoutes } from './feed/routes.ts'
import { jobRoutes } from './jobs/routes.ts'
import { mediaRoutes } from './media/routes.ts'
import { messageRoutes } from './messages/routes.ts'
import { notificationRoutes } from './notifications/routes.ts'
import { rateLimiting } from './platform/http/rate-limiting.ts'
import { postRoutes } from './posts/routes.ts'
import { presenceRoutes } from './presence/routes.ts'
import { searchRoutes } from './search/routes.ts'
import { userRoutes } from './users/routes.ts'
import { videoRoutes } from './videos/routes.ts'

/** The feature plugins served under /v1, each built from the parts of the context it uses. */
export function features(ctx: AppContext): AnyElysia[] {
  const rateLimits = rateLimiting(ctx.limiter, authRateLimits)
  return [
    authRoutes({ ...ctx.auth, access: ctx.access, rateLimits }),
    oauthRoutes({ oauth: ctx.auth.oauth, access: ctx.access, rateLimits }),
    adminUserRoutes({ db: ctx.db, auth: ctx.auth, access: ctx.access }),
    userRoutes({ profiles: ctx.users.profiles, graph: ctx.users.graph, access: ctx.access }),
    postRoutes({ ...ctx.posts, access: ctx.access }),
    feedRoutes({ timelines: ctx.timelines, home: ctx.home, trending: ctx.trending, access: ctx.access }),
    searchRoutes({ search: ctx.search, access: ctx.access }),
    bookmarkRoutes({ bookmarks: ctx.bookmarks, access: ctx.access }),
    mediaRoutes({ images: ctx.images, access: ctx.access, maxBytes: ctx.config.http.mediaMaxBytes }),
    notificationRoutes({ notifications: ctx.notifications, access: ctx.access }),
    messageRoutes({ messages: ctx.messages, access: ctx.access }),
    presenceRoutes({ presence: ctx.presence, access: ctx.access }),
    jobRoutes({ queue: ctx.jobs.queue, authorize: ctx.authorize, access: ctx.access }),
    videoRoutes({
      videos: ctx.videos.service,
      uploads: ctx.videos.uploads,
      graph: ctx.users.graph,
      signer: ctx.videos.signer,
      storage: ctx.videos.storage,
      access: ctx.access,
      publicUrl: ctx.config.publicUrl,
      playbackTtlSeconds: ctx.config.videos.playbackTtlSeconds,
      viewMinSeconds: ctx.config.videos.viewMinSeconds,
      viewWindowHours: ctx.config.videos.viewWindowHours,
      countryHeader: ctx.config.http.trustProxy ? ctx.config.videos.countryHeader : '',
    }),
  ]
}
