import { Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from 'prom-client'
import { RequestMetrics } from './http/request-metrics.ts'

export interface MetricsOptions {
  /** How long the value of a `cached` source is kept (0: computed at every scrape). */
  cacheMs?: number
}

/**
 * Prometheus metrics of one process. Each context owns its registry (tests build several in one
 * process); features register their own gauges on `registry`.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly requests = new RequestMetrics()
  readonly wsConnections: Gauge
  readonly wsMaxConnections: Gauge
  readonly wsCloses: Counter<'code'>
  readonly actorActivations: Counter<'kind'>
  private readonly collections: Counter<'source'>
  private readonly cacheMs: number

  constructor(labels: { node: string }, opts: MetricsOptions = {}) {
    this.cacheMs = opts.cacheMs ?? 0
    this.registry.setDefaultLabels(labels)
    collectDefaultMetrics({ register: this.registry, prefix: 'sf_process_' })
    for (const collector of this.requests.collectors())
      this.registry.registerMetric(collector as unknown as Metric)
    this.wsConnections = new Gauge({
      name: 'sf_gateway_connections',
      help: 'Open WebSocket connections on this node',
      registers: [this.registry],
    })
    this.wsMaxConnections = new Gauge({
      name: 'sf_gateway_max_connections',
      help: 'WebSocket connections this node accepts at most (GATEWAY_MAX_CONNECTIONS)',
      registers: [this.registry],
    })
    this.wsCloses = new Counter({
      name: 'sf_gateway_closes_total',
      help: 'WebSocket connections the gateway closed, by close code (4004: slow consumers, 4005: idle, 4003: rate limited, 4000: drained...)',
      labelNames: ['code'],
      registers: [this.registry],
    })
    this.actorActivations = new Counter({
      name: 'sf_actor_activations_total',
      help: 'Actors activated on this node (loaded into memory), by kind',
      labelNames: ['kind'],
      registers: [this.registry],
    })
    this.collections = new Counter({
      name: 'sf_metrics_collections_total',
      help: 'Times a gauge source that costs queries (SQL, JetStream requests) was computed, by source (at most once per METRICS_CACHE_SECONDS)',
      labelNames: ['source'],
      registers: [this.registry],
    })
  }

  /** A gauge whose value is read when Prometheus scrapes. */
  gaugeFrom(
    name: string,
    help: string,
    labelNames: string[],
    collect: (set: (labels: Record<string, string>, value: number) => void) => Promise<void> | void,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset()
        await collect((labels, value) => this.set(labels, value))
      },
    })
  }

  /**
   * A source of values that costs queries (SQL, JetStream requests), for `gaugeFrom`: computed at
   * most once per METRICS_CACHE_SECONDS whatever the scrape rate (or the number of scrapers), and
   * shared by the gauges that read it; scrapes in between get the last values. Concurrent reads
   * share one computation; a failed one is not kept (the next scrape tries again).
   */
  cached<T>(source: string, compute: () => Promise<T>): () => Promise<T> {
    let value: { at: number; promise: Promise<T> } | undefined
    return () => {
      const now = performance.now()
      if (value && now - value.at < this.cacheMs) return value.promise
      this.collections.inc({ source })
      const entry = { at: now, promise: compute() }
      value = entry
      entry.promise.catch(() => {
        if (value === entry) value = undefined
      })
      return entry.promise
    }
  }
}
