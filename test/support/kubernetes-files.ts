import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as apps from 'kubernetes-models/apps/v1'
import * as autoscaling from 'kubernetes-models/autoscaling/v2'
import * as batch from 'kubernetes-models/batch/v1'
import * as networking from 'kubernetes-models/networking.k8s.io/v1'
import * as policy from 'kubernetes-models/policy/v1'
import * as core from 'kubernetes-models/v1'
import { parse, parseAllDocuments } from 'yaml'
import { ROOT } from './deploy-files.ts'

/**
 * deploy/kubernetes, deploy/prometheus and deploy/grafana read as kubectl, Prometheus and Grafana
 * read them, for tests that check them without a cluster: the objects kustomization.yaml lists,
 * checked against Kubernetes' OpenAPI schemas (kubernetes-models), and PromQL checked by promtool.
 */

export const KUBE_DIR = join(ROOT, 'deploy/kubernetes')

// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form data the tests walk
export type Manifest = any

/** Every object of the files kustomization.yaml lists, in order. */
export function kustomizedObjects(dir = KUBE_DIR): Manifest[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'))
  return (kustomization.resources as string[]).flatMap((file) => yamlDocuments(join(dir, file)))
}

export function yamlDocuments(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0]?.message}`)
      return doc.toJS()
    })
    .filter((o) => o !== null)
}

export function yamlFile(path: string): Manifest {
  return parse(readFileSync(path, 'utf8'))
}

// biome-ignore lint/suspicious/noExplicitAny: the model classes of kubernetes-models
const MODELS: Record<string, any> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'batch/v1': batch,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
}

/**
 * The problems Kubernetes' schema finds in a built-in object (wrong types, missing required
 * fields), or that its apiVersion/kind is unknown; `undefined` for a custom resource (CRDs).
 */
export function schemaProblems(object: Manifest): string[] | undefined {
  const group = MODELS[object.apiVersion]
  if (!group) return undefined
  const Model = group[object.kind]
  if (!Model) return [`${object.apiVersion} has no kind ${object.kind}`]
  try {
    new Model(object).validate()
    return []
  } catch (error) {
    return [(error as Error).message]
  }
}

export function find(objects: Manifest[], kind: string, name: string): Manifest | undefined {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name)
}

/** Whether a label selector (matchLabels) selects these labels. */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false
  return Object.entries(selector).every(([k, v]) => labels[k] === v)
}

/** Metric names a /metrics scrape exposes: each family, with a histogram's _bucket/_sum/_count. */
export function exportedNames(scrape: string): Set<string> {
  const names = new Set<string>()
  for (const line of scrape.split('\n')) {
    const match = /^# TYPE (\S+) (\S+)/.exec(line)
    if (!match) continue
    const [, name = '', type] = match
    names.add(name)
    if (type === 'histogram' || type === 'summary')
      for (const s of ['_bucket', '_sum', '_count']) names.add(name + s)
  }
  return names
}

/** The metric names (sf_...) an expression reads. */
export function metricsOf(expr: string): string[] {
  return [...new Set(expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/\bsf_[a-z0-9_]+/g) ?? [])]
}

export interface Promtool {
  ok: boolean
  output: string
}

export function promtool(...args: string[]): Promtool {
  const run = spawnSync('promtool', args, { encoding: 'utf8' })
  if (run.error) throw new Error(`promtool: ${run.error.message} (deploy/ensure-promtool.sh installs it)`)
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
}

/** promtool's parse of PromQL expressions (as recording rules of a scratch rule file). */
export function checkExpressions(exprs: string[]): Promtool {
  const dir = mkdtempSync(join(tmpdir(), 'sf-promql-'))
  try {
    const rules = exprs.map(
      (expr, i) => `      - record: check_${i}\n        expr: ${JSON.stringify(expr)}\n`,
    )
    const file = join(dir, 'rules.yaml')
    writeFileSync(file, `groups:\n  - name: check\n    rules:\n${rules.join('')}`)
    return promtool('check', 'rules', file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A Grafana query with its template variables given values, as Prometheus receives it. */
export function grafanaToPromql(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m').replaceAll('$node', '.*')
}
