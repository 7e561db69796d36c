import { userActor } from '../../actors/user.ts'
import { authModule } from '../auth/module.ts'
import { isUuid } from '../platform/ids.ts'
import { defineModule } from '../platform/module.ts'
import { readRateLimits } from '../platform/rate-limit.ts'
import { usersModule } from '../users/module.ts'
import { PresenceService } from './presence.ts'
import { presenceRoutes } from './routes.ts'
import { PresenceTracker } from './tracker.ts'

/** Presence as each UserActor last wrote it, read by REST (a day without change and it lapses: offline). */
const PRESENCE_BUCKET = 'presence'

/**
 * Presence over all of a user's connections on every gateway: the gateways tell each user's
 * UserActor (`user/<id>`, registered here; it also keeps the unread-notification counter) of
 * connections opening, closing and going idle; REST and the `presence:<id>` channel read it.
 */
export const presenceModule = defineModule({
  name: 'presence',
  needs: { auth: authModule, users: usersModule },
  topology: () => ({ buckets: [{ name: PRESENCE_BUCKET, ttlMs: 24 * 60 * 60_000, history: 1 }] }),
  async build({ db, live, actors, log, config, bucket, rateLimits }, { auth, users }) {
    const kv = await bucket(PRESENCE_BUCKET)
    const presence = new PresenceService(db, users.graph, kv)
    return {
      services: { presence },
      api: {
        routes: () => [
          presenceRoutes({ presence, access: auth.access, rateLimits: rateLimits(readRateLimits) }),
        ],
      },
      gateway: {
        channels: {
          // Whether an account is online, for those it shares its presence with.
          presence: {
            authorize: (principal, id) =>
              isUuid(id) ? presence.mayWatch(principal.userId, id) : Promise.resolve(false),
          },
        },
        connections: new PresenceTracker(actors, config.nodeId, log, config.gateway.maxConnectionsPerUser),
      },
      actors: { user: userActor({ db, live, presence: kv }) },
    }
  },
})
