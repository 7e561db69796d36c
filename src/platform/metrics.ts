import { Counter, collectDefaultMetrics, Gauge, type Metric, Registry } from 'prom-client'
import { RequestMetrics } from './http/request-metrics.ts'

/**
 * Prometheus metrics of one process. Each context owns its registry (tests build several in one
 * process); features register their own gauges on `registry`.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly requests = new RequestMetrics()
  readonly wsConnections: Gauge
  readonly actorActivations: Counter<'kind'>

  constructor(labels: { node: string }) {
    this.registry.setDefaultLabels(labels)
    collectDefaultMetrics({ register: this.registry, prefix: 'sf_process_' })
    for (const collector of this.requests.collectors())
      this.registry.registerMetric(collector as unknown as Metric)
    this.wsConnections = new Gauge({
      name: 'sf_gateway_connections',
      help: 'Open WebSocket connections on this node',
      registers: [this.registry],
    })
    this.actorActivations = new Counter({
      name: 'sf_actor_activations_total',
      help: 'Actors activated on this node (loaded into memory), by kind',
      labelNames: ['kind'],
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
}
