// Which Prometheus metrics exist, so dashboards and alerts cannot name one that nobody exports:
// the prost_* metrics the code declares through the kit (appCounter/appHistogram/appGauge), the
// route metrics of fastify-metrics (read from its own code), and the kube-state-metrics series.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { repoPath } from './repo.js'

export type MetricType = 'counter' | 'histogram' | 'gauge'

/** Read by the alerts and the dashboard; exported by kube-state-metrics (kube-prometheus-stack ships it). */
const kubeStateMetrics: Record<string, MetricType> = { kube_pod_status_ready: 'gauge' }

const kitDeclaration = /app(Counter|Histogram|Gauge)\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g

function sourceFiles(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('node_modules'))
    .map((file) => join(folder, file))
}

/** Every metric name the code exports, with its type. */
export function exportedMetrics(): Map<string, MetricType> {
  const metrics = new Map<string, MetricType>(Object.entries(kubeStateMetrics))
  const folders = [
    ...readdirSync(repoPath('packages')).map((name) => repoPath('packages', name, 'src')),
    ...readdirSync(repoPath('services')).map((name) => repoPath('services', name, 'src')),
  ]
  for (const folder of folders) {
    let files: string[] = []
    try {
      files = sourceFiles(folder)
    } catch {
      continue // a package without src/
    }
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(kitDeclaration))
        metrics.set(match[2]!, match[1]!.toLowerCase() as MetricType)
    }
  }
  // The kit registers fastify-metrics' route histogram with its default name, and not its summary
  // (packages/platform/src/metrics.ts).
  const require = createRequire(repoPath('packages/platform/package.json'))
  const fastifyMetrics = readFileSync(
    join(require.resolve('fastify-metrics'), '..', 'fastify-metrics.js'),
    'utf8',
  )
  const name = 'http_request_duration_seconds'
  if (fastifyMetrics.includes(`'${name}'`)) metrics.set(name, 'histogram')
  return metrics
}

/** Metric names a PromQL expression selects (every selector in the chart is written `name{...}`). */
export function referencedMetrics(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((match) => match[1]!)
}

/** Names nobody exports; a histogram's _bucket/_count/_sum series are its own. */
export function unknownMetrics(names: string[], exported: Map<string, MetricType>): string[] {
  return names.filter(
    (name) => !exported.has(name) && exported.get(name.replace(/_(bucket|count|sum)$/, '')) !== 'histogram',
  )
}
