import { authModule } from '../auth/module.ts'
import { defineModule } from '../platform/module.ts'
import { videosModule } from '../videos/module.ts'
import { analyticsBridge } from './bridge.ts'
import { dashboardPages } from './dashboard.ts'
import { Ingestion } from './ingest.ts'
import { analyticsMaintenance } from './maintenance.ts'
import { Partitions } from './partitions.ts'
import { PlatformReports } from './platform-reports.ts'
import { Reports } from './reports.ts'
import { analyticsRateLimits, analyticsRoutes } from './routes.ts'
import { ANALYTICS_STREAM, BRIDGE_CONSUMERS, WRITER_CONSUMER } from './topology.ts'
import { Visitors } from './visitors.ts'
import { AnalyticsWriter } from './writer.ts'

/**
 * Analytics: client events (`POST /v1/analytics/events`) and the server's domain events into one
 * JetStream stream; the worker writes them into day partitions of PostgreSQL and rolls them up
 * by hour and day (counters and HyperLogLog sketches) per video, post, creator, live stream and
 * the platform; creators read their own figures, admins the platform's, from the rollups.
 */
export const analyticsModule = defineModule({
  name: 'analytics',
  // videos: its event stream is bridged (the module must come after it).
  needs: { auth: authModule, videos: videosModule },
  topology: () => ({ streams: [ANALYTICS_STREAM], consumers: [WRITER_CONSUMER, ...BRIDGE_CONSUMERS] }),
  build({ db, readDb, database, bus, log, config, rateLimits }, { auth }) {
    const settings = config.analytics
    const partitions = new Partitions(database.sql, settings.rawDays)
    const writer = new AnalyticsWriter({ bus, sql: database.sql, partitions, log })
    const ingestion = new Ingestion(bus, new Visitors(db))
    // Reports read the replica (DATABASE_READ_URL) when there is one: rollups are minutes behind
    // anyway.
    const reports = new Reports(readDb, settings.minAudience)
    const platform = new PlatformReports(readDb)
    return {
      services: { ingestion, writer, partitions, reports, platform },
      api: {
        routes: () => [
          analyticsRoutes({
            ingestion,
            reports,
            platform,
            access: auth.access,
            rateLimits: rateLimits(analyticsRateLimits),
            countryHeader: config.http.trustProxy ? config.videos.countryHeader : '',
          }),
        ],
        pages: () => [dashboardPages()],
      },
      worker: {
        maintenance: analyticsMaintenance({
          db,
          sql: database.sql,
          partitions,
          rawDays: settings.rawDays,
          log,
        }),
        writer,
        bridge: analyticsBridge(bus, log),
      },
    }
  },
})
