import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GATEWAY_PATH } from '../../src/gateway/gateway.ts'
import { SETTINGS } from '../../src/platform/config/settings.ts'
import { UPLOADS_PATH } from '../../src/videos/uploads.ts'
import { composeFile, directives, nginxBytes, nginxConf, ROOT } from '../support/deploy-files.ts'
import {
  checkExpressions,
  exportedNames,
  find,
  grafanaToPromql,
  KUBE_DIR,
  kustomizedObjects,
  type Manifest,
  metricsOf,
  promtool,
  schemaProblems,
  selects,
  yamlDocuments,
  yamlFile,
} from '../support/kubernetes-files.ts'
import { startTestNode, type TestNode } from '../support/node.ts'

/**
 * deploy/kubernetes, deploy/prometheus and deploy/grafana checked without a cluster: the objects
 * against Kubernetes' schemas, the probes, ports, settings and drain timings against the platform's
 * config, every reference between objects, and every metric the autoscalers, the alerts and the
 * dashboard read against what a running node exports; PromQL parsed and the alerts unit-tested by
 * promtool. Each check is a function returning its problems, tried on a broken copy as well.
 */

const SETTING_NAMES = new Set(SETTINGS.map((s) => s.name))
const SECRET_SETTINGS = new Set(SETTINGS.filter((s) => s.secret).map((s) => s.name))
/** Variables of the runtime rather than of the platform's config. */
const RUNTIME_VARIABLES = new Set(['MIMALLOC_PURGE_DELAY'])
const ROLES = ['api', 'gateway', 'worker']
/** The dashboard's data source variable, chosen on import. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
const DATASOURCE = '${datasource}'

const objects = kustomizedObjects()
const configMap = find(objects, 'ConfigMap', 'socialflow-config')
const settingsOf = (container: Manifest): Record<string, string> => {
  const values: Record<string, string> = {}
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(values, find(objects, 'ConfigMap', from.configMapRef.name)?.data)
  }
  for (const e of container.env ?? []) if (e.value !== undefined) values[e.name] = e.value
  return values
}
const deployment = (role: string) => find(objects, 'Deployment', `socialflow-${role}`)
const clone = <T>(value: T): T => structuredClone(value)

/** Probes, ports and the drain of one role's Deployment. */
function deploymentProblems(d: Manifest, role: string): string[] {
  const problems: string[] = []
  const pod = d.spec.template.spec
  const container = pod.containers[0]
  const settings = settingsOf(container)
  if (settings.ROLES !== role) problems.push(`ROLES is ${settings.ROLES}, not ${role}`)
  const port = Number(settings.PORT ?? SETTINGS.find((s) => s.name === 'PORT')?.default)
  const named = (name: string | number) =>
    typeof name === 'number' ? name : container.ports?.find((p: Manifest) => p.name === name)?.containerPort
  if (!container.ports?.some((p: Manifest) => p.containerPort === port))
    problems.push(`no container port ${port}`)
  for (const [probe, path] of [
    ['readinessProbe', '/readyz'],
    ['livenessProbe', '/healthz'],
  ] as const) {
    const get = container[probe]?.httpGet
    if (get?.path !== path) problems.push(`${probe} asks ${get?.path}, not ${path}`)
    if (named(get?.port) !== port) problems.push(`${probe} asks port ${get?.port}, not PORT (${port})`)
  }
  const drainMs = Number(settings.DRAIN_DELAY_MS ?? 0)
  const timeoutMs = Number(settings.SHUTDOWN_TIMEOUT_MS ?? 20000)
  const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000
  const readiness = container.readinessProbe ?? {}
  const unreadyMs = (readiness.periodSeconds ?? 10) * (readiness.failureThreshold ?? 3) * 1000
  if (drainMs < unreadyMs)
    problems.push(`DRAIN_DELAY_MS ${drainMs} is shorter than the readiness probe's ${unreadyMs} ms`)
  if (timeoutMs <= drainMs)
    problems.push(`SHUTDOWN_TIMEOUT_MS ${timeoutMs} leaves no time after DRAIN_DELAY_MS`)
  if (graceMs < timeoutMs + 5000)
    problems.push(
      `terminationGracePeriodSeconds ${graceMs / 1000} is not 5 s over SHUTDOWN_TIMEOUT_MS ${timeoutMs}`,
    )
  const preStop = container.lifecycle?.preStop
  const preStopMs = preStop?.sleep?.seconds ? preStop.sleep.seconds * 1000 : 0
  if (preStop && graceMs < preStopMs + timeoutMs + 5000)
    problems.push('preStop and the drain outlast the grace period')
  if (settings.MIGRATE_ON_START !== 'false') problems.push('nodes must not migrate (MIGRATE_ON_START=false)')
  return problems
}

/** Environment variables and ConfigMap keys that are no setting of the platform, or secrets in the open. */
function envProblems(all: Manifest[]): string[] {
  const problems: string[] = []
  for (const cm of all.filter((o) => o.kind === 'ConfigMap')) {
    for (const key of Object.keys(cm.data ?? {})) {
      if (!SETTING_NAMES.has(key)) problems.push(`ConfigMap ${cm.metadata.name}: ${key} is no setting`)
      if (SECRET_SETTINGS.has(key)) problems.push(`ConfigMap ${cm.metadata.name}: ${key} is a secret`)
    }
  }
  for (const o of all.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
    for (const c of o.spec.template.spec.containers) {
      const env: Manifest[] = c.env ?? []
      // Variables that only serve to put a setting together ($(NAME) in another's value).
      const parts = new Set(
        env.flatMap((e) => [...String(e.value ?? '').matchAll(/\$\((\w+)\)/g)].map((m) => m[1])),
      )
      for (const e of env) {
        if (!SETTING_NAMES.has(e.name) && !RUNTIME_VARIABLES.has(e.name) && !parts.has(e.name))
          problems.push(`${o.metadata.name}: ${e.name} is no setting`)
        const fromSecrets = String(e.value)
          .split(/\$\((\w+)\)/)
          .filter((_, i) => i % 2 === 1)
          .every((name) => env.find((v) => v.name === name)?.valueFrom?.secretKeyRef)
        if (SECRET_SETTINGS.has(e.name) && e.value !== undefined && !(e.value.includes('$(') && fromSecrets))
          problems.push(`${o.metadata.name}: ${e.name} is a secret given in the open`)
        if (parts.has(e.name) && !e.valueFrom)
          problems.push(`${o.metadata.name}: ${e.name} is a part given in the open`)
      }
    }
  }
  return problems
}

/** HPAs, PDBs, Services and Ingresses that point at nothing. */
function referenceProblems(all: Manifest[]): string[] {
  const problems: string[] = []
  const deployments = all.filter((o) => o.kind === 'Deployment')
  for (const hpa of all.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec.scaleTargetRef
    if (ref.kind !== 'Deployment' || !find(all, 'Deployment', ref.name))
      problems.push(`HPA ${hpa.metadata.name} scales ${ref.kind} ${ref.name}, which is not here`)
  }
  for (const pdb of all.filter((o) => o.kind === 'PodDisruptionBudget')) {
    if (!deployments.some((d) => selects(pdb.spec.selector?.matchLabels, d.spec.template.metadata.labels)))
      problems.push(`PDB ${pdb.metadata.name} selects no Deployment's pods`)
  }
  for (const service of all.filter((o) => o.kind === 'Service')) {
    const target = deployments.find((d) => selects(service.spec.selector, d.spec.template.metadata.labels))
    if (!target) {
      problems.push(`Service ${service.metadata.name} selects no Deployment's pods`)
      continue
    }
    const ports = target.spec.template.spec.containers.flatMap((c: Manifest) => c.ports ?? [])
    for (const p of service.spec.ports) {
      if (!ports.some((cp: Manifest) => cp.name === p.targetPort || cp.containerPort === p.targetPort))
        problems.push(`Service ${service.metadata.name} targets port ${p.targetPort}, not on its pods`)
    }
  }
  for (const ingress of all.filter((o) => o.kind === 'Ingress')) {
    for (const rule of ingress.spec.rules) {
      for (const path of rule.http.paths) {
        const backend = path.backend.service
        const service = find(all, 'Service', backend.name)
        if (
          !service?.spec.ports.some(
            (p: Manifest) => p.name === backend.port.name || p.port === backend.port.number,
          )
        )
          problems.push(
            `Ingress ${ingress.metadata.name}: ${path.path} goes to ${backend.name}:${backend.port.name}, not a Service port`,
          )
      }
    }
  }
  return problems
}

let node: TestNode
let exported: Set<string>

beforeAll(async () => {
  node = await startTestNode('kubernetes')
  exported = exportedNames(await (await fetch(`${node.url}/metrics`)).text())
})

afterAll(async () => {
  await node?.stop()
})

describe('deploy/kubernetes', () => {
  test('every object is valid against Kubernetes schemas; custom resources are the expected ones', () => {
    const custom = objects
      .filter((o) => schemaProblems(o) === undefined)
      .map((o) => `${o.apiVersion} ${o.kind}`)
    expect(custom.sort()).toEqual(['monitoring.coreos.com/v1 PodMonitor', 'postgresql.cnpg.io/v1 Cluster'])
    for (const o of objects)
      expect({ object: `${o.kind} ${o.metadata?.name}`, problems: schemaProblems(o) ?? [] }).toEqual({
        object: `${o.kind} ${o.metadata?.name}`,
        problems: [],
      })
    const broken = clone(deployment('api'))
    broken.spec.template.spec.containers[0].ports[0].containerPort = '3000'
    expect(schemaProblems(broken)?.join()).toContain('containerPort must be integer')
    expect(schemaProblems({ apiVersion: 'apps/v1', kind: 'Deploymnet' })).toEqual([
      'apps/v1 has no kind Deploymnet',
    ])
  })

  test('one image; each role a Deployment with /readyz and /healthz probes on PORT and a drain within its grace period', () => {
    const images = new Set(
      objects
        .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
        .flatMap((o) => o.spec.template.spec.containers.map((c: Manifest) => c.image)),
    )
    expect([...images]).toEqual(['socialflow'])
    for (const role of ROLES)
      expect({ role, problems: deploymentProblems(deployment(role), role) }).toEqual({ role, problems: [] })

    const wrongProbe = clone(deployment('api'))
    wrongProbe.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/healthz'
    wrongProbe.spec.template.spec.containers[0].livenessProbe.httpGet.port = 8080
    expect(deploymentProblems(wrongProbe, 'api')).toEqual([
      'readinessProbe asks /healthz, not /readyz',
      'livenessProbe asks port 8080, not PORT (3000)',
    ])
    const shortGrace = clone(deployment('gateway'))
    shortGrace.spec.template.spec.terminationGracePeriodSeconds = 20
    expect(deploymentProblems(shortGrace, 'worker')).toEqual([
      'ROLES is gateway, not worker',
      'terminationGracePeriodSeconds 20 is not 5 s over SHUTDOWN_TIMEOUT_MS 25000',
    ])
    const slowReadiness = clone(deployment('worker'))
    slowReadiness.spec.template.spec.containers[0].readinessProbe.periodSeconds = 30
    expect(deploymentProblems(slowReadiness, 'worker')).toEqual([
      "DRAIN_DELAY_MS 10000 is shorter than the readiness probe's 30000 ms",
    ])
  })

  test("every variable and ConfigMap key is a setting of the platform's config; secrets only from Secrets", () => {
    expect(envProblems(objects)).toEqual([])
    const example = yamlDocuments(join(KUBE_DIR, 'secret.example.yaml'))[0]
    for (const key of Object.keys(example.stringData))
      expect({ key, secret: SECRET_SETTINGS.has(key) }).toEqual({ key, secret: true })

    const broken = clone(objects)
    find(broken, 'ConfigMap', 'socialflow-config').data.DRAIN_DELAY = '5000'
    find(broken, 'ConfigMap', 'socialflow-config').data.METRICS_TOKEN = 'x'.repeat(20)
    const apiEnv = find(broken, 'Deployment', 'socialflow-api').spec.template.spec.containers[0].env
    apiEnv.push({ name: 'GATEWAY_MAX_CONNECTION', value: '1' })
    const password = apiEnv.find((e: Manifest) => e.name === 'DB_READ_PASSWORD')
    delete password.valueFrom
    password.value = 'hunter2'
    expect(envProblems(broken)).toEqual([
      'ConfigMap socialflow-config: DRAIN_DELAY is no setting',
      'ConfigMap socialflow-config: METRICS_TOKEN is a secret',
      'socialflow-api: DB_READ_PASSWORD is a part given in the open',
      'socialflow-api: DATABASE_READ_URL is a secret given in the open',
      'socialflow-api: GATEWAY_MAX_CONNECTION is no setting',
    ])
  })

  test('each role has a PodDisruptionBudget and an autoscaler; every HPA, PDB, Service and Ingress points at something', () => {
    expect(referenceProblems(objects)).toEqual([])
    for (const role of ROLES) {
      const labels = deployment(role).spec.template.metadata.labels
      expect(
        objects.some((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector.matchLabels, labels)),
      ).toBe(true)
      expect(
        objects.some(
          (o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === `socialflow-${role}`,
        ),
      ).toBe(true)
    }
    const broken = clone(objects)
    find(broken, 'HorizontalPodAutoscaler', 'socialflow-worker').spec.scaleTargetRef.name =
      'socialflow-workers'
    find(broken, 'PodDisruptionBudget', 'socialflow-gateway').spec.selector.matchLabels[
      'app.kubernetes.io/component'
    ] = 'gw'
    find(broken, 'Service', 'socialflow-api').spec.ports[0].targetPort = 'web'
    find(broken, 'Ingress', 'socialflow-gateway').spec.rules[0].http.paths[0].backend.service.name =
      'socialflow-gateways'
    expect(referenceProblems(broken)).toEqual([
      'HPA socialflow-worker scales Deployment socialflow-workers, which is not here',
      "PDB socialflow-gateway selects no Deployment's pods",
      'Service socialflow-api targets port web, not on its pods',
      'Ingress socialflow-gateway: /v1/gateway goes to socialflow-gateways:http, not a Service port',
    ])
  })

  test('autoscalers: api on CPU against a request, gateways on connections below the cap, workers on consumer lag, through prometheus-adapter rules', () => {
    const hpa = (role: string) => find(objects, 'HorizontalPodAutoscaler', `socialflow-${role}`).spec.metrics
    expect(hpa('api')).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ])
    expect(deployment('api').spec.template.spec.containers[0].resources.requests.cpu).toBeDefined()
    const gateway = hpa('gateway')[0]
    expect(gateway.pods.metric.name).toBe('sf_gateway_connections')
    const cap = Number(
      settingsOf(deployment('gateway').spec.template.spec.containers[0]).GATEWAY_MAX_CONNECTIONS,
    )
    expect(Number(gateway.pods.target.averageValue)).toBeLessThan(cap * 0.9)
    const worker = hpa('worker')[0]
    expect(worker.external.metric).toEqual({
      name: 'sf_jetstream_consumer_pending',
      selector: { matchLabels: { state: 'pending' } },
    })

    const adapter = yamlFile(join(KUBE_DIR, 'prometheus-adapter-values.yaml')).rules
    const served = (kind: 'custom' | 'external', name: string) =>
      adapter[kind].find((r: Manifest) => r.name.as === name && metricsOf(r.seriesQuery).includes(name))
    expect(served('custom', 'sf_gateway_connections')).toBeDefined()
    expect(served('external', 'sf_jetstream_consumer_pending')).toBeDefined()
    for (const rule of [...adapter.custom, ...adapter.external]) {
      for (const name of metricsOf(`${rule.seriesQuery} ${rule.metricsQuery}`))
        expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true })
    }
    // The adapter's queries, with its template filled in, are PromQL.
    const filled = [...adapter.custom, ...adapter.external].map((r: Manifest) =>
      r.metricsQuery
        .replace('<<.Series>>', r.name.as)
        .replace('<<.LabelMatchers>>', 'namespace="socialflow"')
        .replace('<<.GroupBy>>', 'pod'),
    )
    const parsed = checkExpressions(filled)
    expect(parsed.output).toContain('SUCCESS')
  })

  test('the ingress routes as deploy/nginx.conf does: WebSockets to the gateways, tus uploads unbuffered, the same body limit', () => {
    const http = directives(nginxConf(), 'http')[0]?.block ?? []
    const server = directives(http, 'server')[0]?.block ?? []
    const nginxBody = nginxBytes(directives(server, 'client_max_body_size')[0]?.args[0] ?? '')
    const routes = objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((o) =>
        o.spec.rules[0].http.paths.map((p: Manifest) => ({
          path: p.path,
          service: p.backend.service.name,
          annotations: o.metadata.annotations,
        })),
      )
    const route = (path: string) => routes.find((r) => r.path === path)
    const a = (name: string) => `nginx.ingress.kubernetes.io/${name}`
    expect(route(GATEWAY_PATH)?.service).toBe('socialflow-gateway')
    expect(Number(route(GATEWAY_PATH)?.annotations[a('proxy-read-timeout')])).toBeGreaterThanOrEqual(60)
    expect(route(UPLOADS_PATH)).toMatchObject({ service: 'socialflow-api' })
    expect(route(UPLOADS_PATH)?.annotations[a('proxy-body-size')]).toBe('0')
    expect(route(UPLOADS_PATH)?.annotations[a('proxy-request-buffering')]).toBe('off')
    expect(route('/')?.service).toBe('socialflow-api')
    expect(nginxBytes(route('/')?.annotations[a('proxy-body-size')])).toBe(nginxBody)
    expect(route('/')?.annotations[a('proxy-next-upstream')]).toContain('http_503')
    expect(settingsOf(deployment('api').spec.template.spec.containers[0]).TRUST_PROXY).toBe('true')
  })

  test('migrations run once in a Job, as compose does; NATS is a 3-server JetStream cluster with R3; PostgreSQL has a read replica', () => {
    const job = objects.find((o) => o.kind === 'Job')
    const compose = composeFile()
    expect(job.spec.template.spec.containers[0].command).toEqual(compose.services.migrate.command)
    expect(job.spec.template.spec.containers[0].env.map((e: Manifest) => e.name)).toEqual(['DATABASE_URL'])
    expect(compose.services.api.environment.MIGRATE_ON_START).toBe(configMap.data.MIGRATE_ON_START)

    const nats = yamlFile(join(KUBE_DIR, 'nats-values.yaml')).config
    expect(nats.cluster).toMatchObject({ enabled: true, replicas: 3 })
    expect(nats.jetstream).toMatchObject({ enabled: true, fileStore: { pvc: { enabled: true } } })
    expect(configMap.data.NATS_REPLICAS).toBe('3')
    expect(new URL(configMap.data.NATS_URL).hostname.split('.')[0]).toBe('nats')

    const db = objects.find((o) => o.kind === 'Cluster')
    expect(db.spec.instances).toBeGreaterThanOrEqual(2)
    // The api's lag-tolerant reads go to the replicas' Service.
    const readUrl = settingsOf(deployment('api').spec.template.spec.containers[0]).DATABASE_READ_URL ?? ''
    expect(new URL(readUrl.replace(/\$\(\w+\)/g, 'x')).hostname).toBe(`${db.metadata.name}-ro`)
    for (const role of ROLES) {
      const url = deployment(role).spec.template.spec.containers[0].env.find(
        (e: Manifest) => e.name === 'DATABASE_URL',
      )
      expect(url.valueFrom.secretKeyRef).toEqual({ name: `${db.metadata.name}-app`, key: 'uri' })
    }
  })
})

describe('deploy/prometheus and deploy/grafana', () => {
  const alertsPath = join(ROOT, 'deploy/prometheus/alerts.yaml')
  const alerts = yamlFile(alertsPath).groups.flatMap((g: Manifest) => g.rules)
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/socialflow.json'), 'utf8'))
  const panels = dashboard.panels.filter((p: Manifest) => p.type !== 'row')
  const queries: string[] = panels.flatMap((p: Manifest) => p.targets.map((t: Manifest) => t.expr))

  test('the node exports what the deployment reads (names from a running node, not a list)', () => {
    for (const name of [
      'sf_http_requests_total',
      'sf_http_request_duration_seconds_bucket',
      'sf_gateway_connections',
      'sf_gateway_max_connections',
      'sf_outbox_lag_seconds',
      'sf_jetstream_consumer_pending',
    ])
      expect(exported.has(name)).toBe(true)
    expect(exported.has('sf_gateway_connection')).toBe(false)
  })

  test('alert rules: outbox lag, consumer pending, 5xx rate, p99, gateway connections near the cap, slow consumers; valid for promtool, unit-tested, on exported metrics', () => {
    expect(alerts.map((r: Manifest) => r.alert)).toEqual([
      'SocialFlowOutboxLag',
      'SocialFlowConsumerPending',
      'SocialFlowHigh5xxRate',
      'SocialFlowHighLatencyP99',
      'SocialFlowGatewayConnectionsNearCap',
      'SocialFlowGatewaySlowConsumers',
    ])
    for (const rule of alerts) {
      const names = metricsOf(rule.expr)
      expect(names.length).toBeGreaterThan(0)
      for (const name of names)
        expect({ alert: rule.alert, name, exported: exported.has(name) }).toEqual({
          alert: rule.alert,
          name,
          exported: true,
        })
    }
    const check = promtool('check', 'rules', alertsPath)
    expect(check.output).toContain('SUCCESS: 6 rules found')
    expect(check.ok).toBe(true)
    const unit = promtool('test', 'rules', join(ROOT, 'deploy/prometheus/alerts.test.yaml'))
    expect(unit.output).toContain('SUCCESS')
    expect(unit.ok).toBe(true)
    // promtool refuses a broken expression.
    const broken = checkExpressions(['sum(rate(sf_http_requests_total[5m])) by'])
    expect(broken.ok).toBe(false)
  })

  test("the dashboard: every query is PromQL on exported metrics, panels on the alerts' figures", () => {
    expect(dashboard.uid).toBe('socialflow')
    expect(panels.length).toBeGreaterThan(10)
    const ids = dashboard.panels.map((p: Manifest) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    const read = new Set(queries.flatMap(metricsOf))
    for (const name of read) expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true })
    for (const name of [
      'sf_outbox_lag_seconds',
      'sf_jetstream_consumer_pending',
      'sf_http_requests_total',
      'sf_http_request_duration_seconds_bucket',
      'sf_gateway_connections',
    ])
      expect(read.has(name)).toBe(true)
    const parsed = checkExpressions(queries.map(grafanaToPromql))
    expect(parsed.output).toContain(`SUCCESS: ${queries.length} rules found`)
    for (const p of panels) for (const t of p.targets) expect(t.datasource.uid).toBe(DATASOURCE)
  })
})
