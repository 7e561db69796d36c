import { authModule } from '../auth/module.ts'
import { copyrightModule } from '../copyright/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { liveModule } from '../live/module.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { postsModule } from '../posts/module.ts'
import { videosModule } from '../videos/module.ts'
import { paymentAdminRoutes, paymentWebhookRoutes } from './admin-routes.ts'
import { Bookkeeping } from './bookkeeping.ts'
import { ConnectAccounts } from './connect.ts'
import { Entitlements } from './entitlements.ts'
import { StripeEventHandlers } from './event-handlers.ts'
import { Ledger } from './ledger.ts'
import { paidChatRoutes } from './paid-chat.ts'
import { PaidChatDelivery } from './paid-chat-delivery.ts'
import { notConfigured } from './problems.ts'
import { paymentRateLimits, paymentRoutes } from './routes.ts'
import { Statements } from './statements.ts'
import { stripeClient } from './stripe-client.ts'
import { Subscriptions } from './subscriptions.ts'
import { Tiers } from './tiers.ts'
import { Tips } from './tips.ts'
import { WebhookInbox } from './webhooks.ts'

/**
 * Payments on Stripe: creators' membership tiers and offers, subscriptions from verified
 * webhooks, entitlements on posts, videos and live streams (`audience`), tips, Connect payouts,
 * and the double-entry ledger (`ledger`, which other modules post to). Without STRIPE_SECRET_KEY
 * and STRIPE_WEBHOOK_SECRET its Stripe routes answer 503 payments_not_configured; entitlements
 * and the books still work.
 */
export const paymentsModule = defineModule({
  name: 'payments',
  needs: {
    auth: authModule,
    posts: postsModule,
    videos: videosModule,
    live: liveModule,
    copyright: copyrightModule,
    jobs: jobsModule,
  },
  build(
    { db, config, secrets, log, rateLimits, live: publisher },
    { auth, posts, videos, live, copyright, jobs },
  ) {
    const client = stripeClient(config, secrets)
    const stripe = () => {
      if (!client) throw notConfigured()
      return client
    }
    const feePercent = config.payments.platformFeePercent
    const ledger = new Ledger(db)
    const entitlements = new Entitlements(db, publisher)
    posts.reader.gateViews(entitlements.gatePosts)
    videos.videos.gatePlayback(entitlements.gatePlayback)
    videos.videos.checkEntitlements(entitlements.check)
    live.streams.gatePlayback(entitlements.gatePlayback)
    live.streams.checkEntitlements(entitlements.check)
    live.chat.checkSubscribers(entitlements.isSubscriber)
    live.chat.showBadges(entitlements.badge)
    const tiers = new Tiers(db, stripe, config.payments.creatorMinFollowers)
    const subscriptions = new Subscriptions(db, stripe, feePercent, config.payments.stripeTax)
    const tips = new Tips(db, stripe, feePercent)
    const connect = new ConnectAccounts(db, stripe)
    // A paid message or tip on a stream is said in its chat, by the payer, once paid: highlighted
    // and pinned for a time by amount, by a job the payment's transaction writes (so it is said
    // even when the stream's actor is away then); a refund or chargeback ends the highlight.
    const delivery = new PaidChatDelivery({ db, queue: jobs.queue, chat: live.chat })
    tips.onPaid(delivery.paid)
    jobs.runner.register(delivery.handler as unknown as JobHandler)
    tips.onReversed(async (tip) => {
      if (tip.subjectKind === 'stream') await live.chat.endHighlight(tip.id)
    })
    const statements = new Statements(db)
    const bookkeeping = new Bookkeeping(ledger)
    const handlers = new StripeEventHandlers({
      db,
      stripe,
      subscriptions,
      bookkeeping,
      tips,
      copyrightRevenue: copyright.revenue,
      live: publisher,
    })
    const inbox = new WebhookInbox({ db, stripe, secret: secrets.stripe.webhookSecret, handlers, log })
    const limits = rateLimits(paymentRateLimits)
    return {
      // `stripe` (the client, or 503 payments_not_configured) and `stripeEvents` (handlePayments) for
      // modules with payments of their own (ads' top-ups).
      services: {
        ledger,
        entitlements,
        tiers,
        subscriptions,
        tips,
        connect,
        statements,
        inbox,
        stripe,
        stripeEvents: handlers,
      },
      api: {
        routes: () => [
          paymentWebhookRoutes({ inbox, rateLimits: limits }),
          paymentRoutes({
            tiers,
            subscriptions,
            entitlements,
            tips,
            connect,
            statements,
            access: auth.access,
            rateLimits: limits,
          }),
          paidChatRoutes({ tips, chat: live.chat, access: auth.access, rateLimits: limits }),
          paymentAdminRoutes({ db, inbox, ledger, stripe, access: auth.access, rateLimits: limits }),
        ],
      },
      worker: client
        ? { webhookRetries: new WakeableLoop('stripe event retries', inbox.retryDue, 5_000, log) }
        : ({} as Record<string, WakeableLoop>),
    }
  },
})
