import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/**
 * Prometheus metrics of one process. Each context owns its registry (tests build several in one
 * process); features register their own gauges on `registry`.
 */
export class Metrics {
  readonly registry = new Registry()
  readonly httpRequests: Counter<'method' | 'route' | 'status'>
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>
  readonly wsConnections: Gauge

  constructor(labels: { node: string }) {
    this.registry.setDefaultLabels(labels)
    collectDefaultMetrics({ register: this.registry, prefix: 'sf_process_' })
    this.httpRequests = new Counter({
      name: 'sf_http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    })
    this.httpDuration = new Histogram({
      name: 'sf_http_request_duration_seconds',
      help: 'Time from request received to response ready, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    })
    this.wsConnections = new Gauge({
      name: 'sf_gateway_connections',
      help: 'Open WebSocket connections on this node',
      registers: [this.registry],
    })
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) }
    this.httpRequests.inc(labels)
    this.httpDuration.observe(labels, seconds)
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
