/** Reads one series from the process's metrics registry, as a scrape of /metrics would see it. */
import { metricsRegistry } from '../app-metrics.js'

/**
 * The sum of the samples named `name` (a histogram's `_count`/`_sum`/`_bucket` too) whose labels
 * include `labels`; 0 when there is none.
 */
export async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const base = name.replace(/_(count|sum|bucket)$/, '')
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((candidate) => candidate.name === base)
  if (!metric) return 0
  return (metric.values as { metricName?: string; value: number; labels: Record<string, unknown> }[])
    .filter((sample) => (sample.metricName ?? metric.name) === name)
    .filter((sample) => Object.entries(labels).every(([key, value]) => String(sample.labels[key]) === value))
    .reduce((sum, sample) => sum + sample.value, 0)
}
