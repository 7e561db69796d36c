import { Elysia, t } from 'elysia'
import { sql } from 'kysely'
import type { Bus } from '../bus/connect.ts'
import type { Database } from '../db/connect.ts'
import type { Lifecycle } from '../lifecycle.ts'
import type { Metrics } from '../metrics.ts'
import { metricsGuard } from './metrics-access.ts'
import { problemResponses } from './problem-schema.ts'

const CHECK_TIMEOUT_MS = 2000

const Check = t.Object({ ok: t.Boolean(), latencyMs: t.Optional(t.Number()), error: t.Optional(t.String()) })
const Readiness = t.Object({
  ready: t.Boolean(),
  draining: t.Boolean(),
  checks: t.Object({ postgres: Check, nats: Check }),
})

export interface OpsDeps {
  db: Database
  bus: Bus
  lifecycle: Lifecycle
  metrics: Metrics
  /** METRICS_TOKEN: /metrics asks for it; without one, only loopback clients are served. */
  metricsToken: string | undefined
  nodeId: string
  roles: string[]
  version: string
}

/** Liveness, readiness (PostgreSQL and NATS reachable, not draining), Prometheus metrics, API root. */
export function opsRoutes(deps: OpsDeps) {
  const mayScrape = metricsGuard(deps.metricsToken)
  return new Elysia({ name: 'ops', detail: { tags: ['ops'] } })
    .get('/healthz', () => ({ status: 'ok' as const, node: deps.nodeId }), {
      detail: { summary: 'Liveness: the process is up and its event loop turns' },
      response: t.Object({ status: t.Literal('ok'), node: t.String() }),
    })
    .get(
      '/readyz',
      async ({ set }) => {
        const [postgres, nats] = await Promise.all([
          timed(() => sql`select 1`.execute(deps.db)),
          timed(() =>
            deps.bus.nc.isClosed() ? Promise.reject(new Error('connection closed')) : deps.bus.nc.rtt(),
          ),
        ])
        const ready = postgres.ok && nats.ok && !deps.lifecycle.draining
        if (!ready) set.status = 503
        return { ready, draining: deps.lifecycle.draining, checks: { postgres, nats } }
      },
      {
        detail: {
          summary: 'Readiness: PostgreSQL and NATS reachable and the node not draining (503 otherwise)',
        },
        response: { 200: Readiness, 503: Readiness },
      },
    )
    .get(
      '/metrics',
      async ({ request, set }) => {
        mayScrape(request)
        set.headers['content-type'] = deps.metrics.registry.contentType
        return deps.metrics.registry.metrics()
      },
      {
        detail: {
          summary:
            'Prometheus metrics in the text exposition format (Authorization: Bearer <METRICS_TOKEN>; loopback clients only without one)',
          responses: problemResponses(401, 403),
        },
        response: t.String(),
      },
    )
    .get(
      '/v1',
      () => ({
        name: 'SocialFlow',
        version: deps.version,
        node: deps.nodeId,
        roles: deps.roles,
        docs: '/docs',
      }),
      {
        detail: { summary: 'API root: version and where the documentation is' },
        response: t.Object({
          name: t.String(),
          version: t.String(),
          node: t.String(),
          roles: t.Array(t.String()),
          docs: t.String(),
        }),
      },
    )
}

async function timed(check: () => Promise<unknown>) {
  const started = performance.now()
  let timer: Timer | undefined
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        )
      }),
    ])
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}
