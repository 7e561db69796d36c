import { authModule } from '../auth/module.ts'
import { copyrightModule } from '../copyright/module.ts'
import { feedModule } from '../feed/module.ts'
import { jobsModule } from '../jobs/module.ts'
import type { JobHandler } from '../jobs/runner.ts'
import { moderationModule } from '../moderation/module.ts'
import { paymentsModule } from '../payments/module.ts'
import { defineModule } from '../platform/module.ts'
import { WakeableLoop } from '../platform/wakeable-loop.ts'
import { videosModule } from '../videos/module.ts'
import { Advertisers } from './advertisers.ts'
import { Billing } from './billing.ts'
import { BudgetLeases } from './budget-leases.ts'
import { CampaignIndex } from './campaign-index.ts'
import { Campaigns } from './campaigns.ts'
import { Creatives } from './creatives.ts'
import { AdEvents } from './events.ts'
import { ADS_FREQUENCY_BUCKET, ADS_FREQUENCY_TTL_MS, ServingFrequency } from './frequency.ts'
import { AD_INVOICE_KIND, Invoices } from './invoices.ts'
import { completeCampaigns } from './maintenance.ts'
import { Placements } from './placements.ts'
import { Preferences } from './preferences.ts'
import { Reports } from './reports.ts'
import { adsRateLimits, adsRoutes } from './routes.ts'
import { AdServer } from './serving.ts'
import { SpendLedger } from './spend-ledger.ts'
import { ServingTokens, servingKey } from './tokens.ts'
import { TOP_UP_KIND, TopUps } from './top-ups.ts'
import { Viewers } from './viewers.ts'

/**
 * Ads: advertiser accounts with a prepaid balance, campaigns (budgets, schedule, bid, targeting,
 * frequency cap) and creatives screened by moderation; selection by auction with pacing, in memory
 * from budget slices leased to each node; sponsored entries in timelines and pre-rolls before
 * videos; tracking events with signed tokens, CPM billed on viewable impressions; reports.
 */
export const adsModule = defineModule({
  name: 'ads',
  needs: {
    auth: authModule,
    jobs: jobsModule,
    moderation: moderationModule,
    feed: feedModule,
    videos: videosModule,
    payments: paymentsModule,
    copyright: copyrightModule,
  },
  topology: () => ({
    // Servings per viewer, campaign and day, counted by every serving node (frequency caps); in
    // memory: a NATS restart forgets the day's counts (billing still caps them in PostgreSQL).
    buckets: [{ name: ADS_FREQUENCY_BUCKET, ttlMs: ADS_FREQUENCY_TTL_MS, history: 1, memory: true }],
  }),
  async build(
    { db, log, config, secrets, rateLimits, limiter, bus, bucket },
    { auth, jobs, moderation, feed, videos, payments, copyright },
  ) {
    const settings = config.ads
    const advertisers = new Advertisers(db, auth, payments.ledger)
    const topUps = new TopUps({ db, stripe: payments.stripe, ledger: payments.ledger, advertisers })
    payments.stripeEvents.handlePayments(TOP_UP_KIND, topUps.paid)
    // Pre-rolls' creator shares go through copyright: monetize claims on the video take theirs.
    const spendLedger = new SpendLedger(db, payments.ledger, copyright.revenue)
    const campaigns = new Campaigns(db, advertisers)
    const creatives = new Creatives({ db, queue: jobs.queue, advertisers, campaigns, moderation })
    const preferences = new Preferences(db)
    const viewers = new Viewers(db)
    const reports = new Reports(db, advertisers, campaigns)
    const invoices = new Invoices({ db, advertisers, stripe: payments.stripe, ledger: payments.ledger })
    payments.stripeEvents.handleInvoices(AD_INVOICE_KIND, invoices.paid)
    jobs.runner.register(creatives.job as unknown as JobHandler)
    // The reserve price of one impression, in milli (a CPM in minor units is milli per impression).
    const reserveMilli = settings.reserveCpm
    const index = new CampaignIndex(db, settings.indexRefreshMs, log)
    // Ads are chosen where pages are served: gateways and workers keep no index (refreshed every
    // ADS_INDEX_REFRESH_MS, it was a steady share of a gateway's CPU).
    if (config.roles.has('api')) await index.start()
    const tokens = new ServingTokens(await servingKey(db, secrets.adsTokenKey))
    const billing = new Billing(db, settings.creatorSharePercent, config.nodeId, settings.tokenTtlSeconds)
    const leases = new BudgetLeases({ billing, index, leaseSeconds: settings.leaseSeconds, log })
    leases.start()
    const server = new AdServer({
      index,
      leases,
      frequency: new ServingFrequency({ kv: await bucket(ADS_FREQUENCY_BUCKET), bus, log }),
      tokens,
      reserveMilli,
      tokenTtlSeconds: settings.tokenTtlSeconds,
      optOutCountries: settings.optOutCountries,
    })
    const placements = new Placements({
      db,
      server,
      viewers,
      videos: videos.videos,
      signer: videos.signer,
      feedEvery: settings.feedEvery,
      countryHeader: config.http.trustProxy ? config.videos.countryHeader : '',
      publicUrl: config.publicUrl,
      playbackTtlSeconds: config.videos.playbackTtlSeconds,
    })
    const events = new AdEvents({ db, tokens, billing, limiter, perHour: settings.eventsPerHour })
    feed.sponsors.provide(placements.feed)
    videos.prerolls.provide(placements.preroll)
    return {
      services: {
        advertisers,
        topUps,
        spendLedger,
        campaigns,
        creatives,
        preferences,
        viewers,
        index,
        billing,
        leases,
        tokens,
        server,
        placements,
        invoices,
      },
      api: {
        routes: () => [
          adsRoutes({
            advertisers,
            topUps,
            campaigns,
            creatives,
            preferences,
            viewers,
            events,
            reports,
            invoices,
            access: auth.access,
            rateLimits: rateLimits(adsRateLimits),
          }),
        ],
      },
      worker: {
        // Books billable spend in the ledger, in batches.
        spendLedger: new WakeableLoop('ads spend to the ledger', spendLedger.postDue, 5_000, log),
        // Returns what budget slices did not bill once their servings' tokens have expired.
        leaseSettlement: new WakeableLoop(
          'ads budget slice settlement',
          async () => (await billing.settle()) > 0,
          30_000,
          log,
        ),
        // Makes the invoices of the months just over.
        invoicing: new WakeableLoop(
          'ads monthly invoices',
          async () => {
            await invoices.issueDue()
            return (await invoices.sendDue()) > 0
          },
          3_600_000,
          log,
        ),
        // Completes campaigns past their end or out of budget.
        completion: new WakeableLoop(
          'ads campaign completion',
          async () => {
            await completeCampaigns(db, reserveMilli)
            return false
          },
          60_000,
          log,
        ),
      },
      close: async () => {
        index.stop()
        await leases.close()
      },
    }
  },
})
