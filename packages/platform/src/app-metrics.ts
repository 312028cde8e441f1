/**
 * Application metrics (beyond the per-route ones of metrics.ts) in prom-client's global registry,
 * the one fastify-metrics serves at /metrics. Get-or-create by name: tests build many apps in one
 * process, and a second registration of the same name would throw.
 */
import client, { type Counter, type Gauge, type Histogram } from 'prom-client'

export const metricsRegistry = client.register

function existing<T>(name: string, kind: string): T | undefined {
  const metric = metricsRegistry.getSingleMetric(name)
  if (metric && (metric as unknown as { constructor: { name: string } }).constructor.name !== kind)
    throw new Error(`metric ${name} is already registered as another kind`)
  return metric as T | undefined
}

export function appCounter<L extends string>(config: {
  name: string
  help: string
  labelNames: readonly L[]
}): Counter<L> {
  return existing<Counter<L>>(config.name, 'Counter') ?? new client.Counter<L>({ ...config })
}

export function appHistogram<L extends string>(config: {
  name: string
  help: string
  labelNames: readonly L[]
  buckets: number[]
}): Histogram<L> {
  return existing<Histogram<L>>(config.name, 'Histogram') ?? new client.Histogram<L>({ ...config })
}

/** A gauge read at scrape time: `collect` sets its value(s) (it may be async, e.g. ask a broker). */
export function appGauge<L extends string>(config: {
  name: string
  help: string
  labelNames: readonly L[]
  collect?: (gauge: Gauge<L>) => void | Promise<void>
}): Gauge<L> {
  const { collect, ...rest } = config
  return (
    existing<Gauge<L>>(config.name, 'Gauge') ??
    new client.Gauge<L>({
      ...rest,
      ...(collect
        ? {
            async collect(this: Gauge<L>) {
              await collect(this)
            },
          }
        : {}),
    })
  )
}
