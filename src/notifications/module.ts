import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { authModule } from '../auth/module.ts'
import { jobsModule } from '../jobs/module.ts'
import { EventConsumer } from '../platform/bus/consumer.ts'
import { domainEventConsumer } from '../platform/bus/topology.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { postsModule } from '../posts/module.ts'
import { presenceModule } from '../presence/module.ts'
import { channelRateLimits, channelRoutes } from './channel-routes.ts'
import { providerAgent } from './channels/agent.ts'
import { EmailChannel } from './channels/email.ts'
import { PushEndpointGuard } from './channels/endpoints.ts'
import { FcmChannel, type ServiceAccount } from './channels/fcm.ts'
import { SmsChannel } from './channels/sms.ts'
import { WebPushChannel } from './channels/web-push.ts'
import { Digests } from './digests.ts'
import { NotificationDispatcher } from './dispatcher.ts'
import { Links, notificationKeys } from './keys.ts'
import { NotificationService } from './notifications.ts'
import { unsubscribePages } from './pages.ts'
import { NotificationTypes } from './registry.ts'
import { notificationRateLimits, notificationRoutes } from './routes.ts'
import { NotificationSettings } from './settings.ts'

/** The durable consumer through which the worker makes notifications from domain events. */
const NOTIFICATIONS_CONSUMER = domainEventConsumer('notifications')

/**
 * In-app notifications made from the social core's domain events, pushed live; the unread counter
 * is kept by each user's UserActor, which the presence module registers (hence it is needed).
 * Each notification also goes out on the channels its recipient chose (e-mail, web push, mobile
 * push, SMS) as deliveries run by the job system; `types` is the registry other systems add their
 * notification types to, and `notifications.notify` sends one.
 */
export const notificationsModule = defineModule({
  name: 'notifications',
  needs: { auth: authModule, posts: postsModule, presence: presenceModule, jobs: jobsModule },
  topology: () => ({ consumers: [NOTIFICATIONS_CONSUMER] }),
  async build(
    { db, bus, live, actors, log, rateLimits, config, secrets, metrics, lookup },
    { auth, posts, jobs },
  ) {
    const n = config.notifications
    const keys = await notificationKeys(db, {
      publicKey: n.vapidPublicKey,
      privateKey: secrets.notifications.vapidPrivateKey,
    })
    const links = new Links(keys.linkSecret, config.publicUrl)
    const types = new NotificationTypes()
    const fcmFile = secrets.notifications.fcmServiceAccountFile
    const fcm = new FcmChannel(
      db,
      links,
      log,
      fcmFile ? (JSON.parse(readFileSync(fcmFile, 'utf8')) as ServiceAccount) : undefined,
      providerAgent({ caFile: n.extraCaFile, connectTo: n.fcmConnectTo }),
      n.fcmConnectTo
        ? { to: n.fcmConnectTo, ca: n.extraCaFile ? readFileSync(n.extraCaFile, 'utf8') : undefined }
        : undefined,
    )
    const sms = new SmsChannel(
      n.twilio.accountSid && secrets.notifications.twilioAuthToken
        ? {
            accountSid: n.twilio.accountSid,
            authToken: secrets.notifications.twilioAuthToken,
            from: n.twilio.from,
            apiUrl: n.twilio.apiUrl,
            statusCallback: `${config.publicUrl}/v1/notifications/webhooks/twilio`,
          }
        : undefined,
    )
    const pushGuard = new PushEndpointGuard(n.webPushPrivateEndpoints, lookup)
    const channels = [
      new EmailChannel(db, links),
      new WebPushChannel(
        db,
        links,
        { subject: n.vapidSubject, publicKey: keys.vapidPublic, privateKey: keys.vapidPrivate },
        log,
        pushGuard,
        providerAgent({ caFile: n.extraCaFile, lookup: pushGuard.lookup }),
      ),
      fcm,
      sms,
    ]
    const dispatcher = new NotificationDispatcher(
      db,
      jobs.queue,
      types,
      channels,
      { publicUrl: config.publicUrl, capsPerHour: n.capsPerHour, groupWindowSeconds: n.groupWindowSeconds },
      log,
    )
    jobs.runner.register(dispatcher.handler() as never)
    const notifications = new NotificationService(db, posts.reader, live, actors, log, dispatcher)
    const settings = new NotificationSettings(
      db,
      types,
      links,
      sms,
      fcm.notConfigured === null,
      pushGuard,
      log,
    )
    const digests = new Digests(db, dispatcher, config.publicUrl, log)
    // Deliveries per channel and state over the whole deployment (a cached query).
    const counts = metrics.cached('notification_deliveries', () =>
      db
        .selectFrom('notificationDeliveries')
        .select(['channel', 'state', sql<string>`count(*)`.as('n')])
        .groupBy(['channel', 'state'])
        .execute(),
    )
    metrics.gaugeFrom(
      'sf_notification_deliveries',
      'Notification deliveries by channel and state (queued, deferred, sent, delivered, opened, failed, skipped)',
      ['channel', 'state'],
      async (set) => {
        for (const r of await counts()) set({ channel: r.channel, state: r.state }, Number(r.n))
      },
    )
    return {
      services: { notifications, types, dispatcher, settings, digests, links },
      api: {
        routes: () => [
          notificationRoutes({
            notifications,
            types,
            access: auth.access,
            rateLimits: rateLimits(notificationRateLimits),
          }),
          channelRoutes({
            settings,
            notifications,
            types,
            vapidPublicKey: keys.vapidPublic,
            postmarkToken: secrets.notifications.postmarkWebhookToken,
            sms,
            publicUrl: config.publicUrl,
            access: auth.access,
            rateLimits: rateLimits(channelRateLimits),
          }),
        ],
        pages: () => [unsubscribePages(settings, types)],
      },
      worker: {
        consumer: new EventConsumer(
          bus,
          NOTIFICATIONS_CONSUMER,
          (event) => notifications.onEvent(event),
          log,
        ),
        release: new WakeableLoop('notification quiet hours', () => dispatcher.release(), 30_000, log),
        digests: new WakeableLoop('notification digests', () => digests.round(), 60_000, log),
      },
      close: () => fcm.close(),
    }
  },
})
