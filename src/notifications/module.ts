import { authModule } from '../auth/module.ts'
import { EventConsumer } from '../platform/bus/consumer.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import { defineModule } from '../platform/module.ts'
import { postsModule } from '../posts/module.ts'
import { presenceModule } from '../presence/module.ts'
import { NotificationService } from './notifications.ts'
import { notificationRateLimits, notificationRoutes } from './routes.ts'

/** The durable consumer through which the worker makes notifications from domain events. */
const NOTIFICATIONS_CONSUMER = domainEventConsumer('notifications')

/**
 * In-app notifications made from the social core's domain events, pushed live; the unread counter
 * is kept by each user's UserActor, which the presence module registers (hence it is needed).
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  needs: { auth: authModule, posts: postsModule, presence: presenceModule },
  topology: () => ({ consumers: [NOTIFICATIONS_CONSUMER] }),
  build({ db, bus, live, actors, log, rateLimits }, { auth, posts }) {
    const notifications = new NotificationService(db, posts.reader, live, actors, log)
    return {
      services: { notifications },
      api: {
        routes: () => [
          notificationRoutes({
            notifications,
            access: auth.access,
            rateLimits: rateLimits(notificationRateLimits),
          }),
        ],
      },
      worker: {
        consumer: new EventConsumer(
          bus,
          NOTIFICATIONS_CONSUMER,
          (event) => notifications.onEvent(event),
          log,
        ),
      },
    }
  },
})
