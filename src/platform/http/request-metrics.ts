/**
 * Request count and latency histogram per method, route template and status, kept in plain
 * arrays on the hot path (prom-client hashes and validates labels on every observation, which
 * cost more than the rest of the request) and exposed to the registry as two collectors.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Series {
  method: string
  status: number
  labels: { method: string; route: string; status: string }
  counts: Float64Array
  sum: number
  count: number
}

interface MetricValue {
  labels: Record<string, string | number>
  value: number
  metricName?: string
}

/** What prom-client's Registry reads from a metric (`registerMetric` takes any object with `get`). */
export interface Collector {
  name: string
  help: string
  get(): Promise<{ name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' }>
  reset(): void
}

export class RequestMetrics {
  /** The series of each route (a handful of method and status pairs each: found by a scan). */
  private readonly series = new Map<string, Series[]>()

  observe(method: string, route: string, status: number, seconds: number): void {
    let list = this.series.get(route)
    if (!list) {
      list = []
      this.series.set(route, list)
    }
    let s: Series | undefined
    for (const candidate of list) {
      if (candidate.status === status && candidate.method === method) {
        s = candidate
        break
      }
    }
    if (!s) {
      s = {
        method,
        status,
        labels: { method, route, status: String(status) },
        counts: new Float64Array(BUCKETS.length),
        sum: 0,
        count: 0,
      }
      list.push(s)
    }
    s.count++
    s.sum += seconds
    for (let i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]!) {
        s.counts[i]!++
        break
      }
    }
  }

  collectors(): Collector[] {
    const series = () => [...this.series.values()].flat()
    const reset = () => this.series.clear()
    return [
      {
        name: 'sf_http_requests_total',
        help: 'HTTP requests answered, by route template and status',
        reset,
        get: async () => ({
          name: 'sf_http_requests_total',
          help: 'HTTP requests answered, by route template and status',
          type: 'counter',
          aggregator: 'sum',
          values: series().map((s) => ({ labels: s.labels, value: s.count })),
        }),
      },
      {
        name: 'sf_http_request_duration_seconds',
        help: 'Time from request received to response ready, by route template and status',
        reset,
        get: async () => ({
          name: 'sf_http_request_duration_seconds',
          help: 'Time from request received to response ready, by route template and status',
          type: 'histogram',
          aggregator: 'sum',
          values: series().flatMap((s) => histogramValues('sf_http_request_duration_seconds', s)),
        }),
      },
    ]
  }
}

function histogramValues(name: string, s: Series): MetricValue[] {
  const values: MetricValue[] = []
  let cumulative = 0
  BUCKETS.forEach((le, i) => {
    cumulative += s.counts[i]!
    values.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${name}_bucket` })
  })
  values.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${name}_bucket` })
  values.push({ labels: s.labels, value: s.sum, metricName: `${name}_sum` })
  values.push({ labels: s.labels, value: s.count, metricName: `${name}_count` })
  return values
}
