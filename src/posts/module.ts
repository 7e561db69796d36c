import { authModule } from '../auth/module.ts'
import { countedLimit } from '../platform/http/rate-limiting.ts'
import { isUuid } from '../platform/ids.ts'
import { defineModule } from '../platform/module.ts'
import { InteractionService } from './interactions.ts'
import { PostService } from './posts.ts'
import { PostReader } from './reads.ts'
import { postRateLimits, postRoutes } from './routes.ts'
import { ScheduledPublisher } from './scheduler.ts'

/**
 * Posts: writing (mentions, hashtags, replies, quotes, edits with history, scheduling), likes and
 * reposts, and reading them with the visibility rules every read path shares (`reader`).
 */
export const postsModule = defineModule({
  name: 'posts',
  needs: { auth: authModule },
  build({ db, live, log, config, metrics, rateLimits, limiter }, { auth }) {
    const posts = new PostService(
      db,
      live,
      countedLimit(
        limiter,
        postRateLimits,
        config.http.rateLimits,
        'posts.mention_strangers',
        'mentions of accounts that do not follow you',
      ),
    )
    const reader = new PostReader(db, config.posts.cacheMb)
    const interactions = new InteractionService(db, live)
    metrics.gaugeFrom(
      'sf_post_content_reads',
      "Post contents this node's reads asked for since start, by result: hit (from memory) or miss",
      ['result'],
      (set) => {
        set({ result: 'hit' }, reader.contents.reads.hit)
        set({ result: 'miss' }, reader.contents.reads.miss)
      },
    )
    metrics.gaugeFrom(
      'sf_post_content_cached',
      'Post versions held in memory, and their reckoned bytes',
      ['unit'],
      (set) => {
        const { entries, bytes } = reader.contents.held
        set({ unit: 'entries' }, entries)
        set({ unit: 'bytes' }, bytes)
      },
    )
    return {
      services: { posts, reader, interactions },
      api: {
        routes: () => [
          postRoutes({
            posts,
            reader,
            interactions,
            access: auth.access,
            rateLimits: rateLimits(postRateLimits),
          }),
        ],
      },
      gateway: {
        channels: {
          // A post's live events (its counts as they change), for whoever may see the post.
          post: {
            authorize: (principal, id) =>
              isUuid(id) ? reader.canSee(principal.userId, id) : Promise.resolve(false),
          },
        },
      },
      worker: { scheduler: new ScheduledPublisher(posts, log) },
    }
  },
})
