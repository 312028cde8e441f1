import { describe, expect, it } from 'vitest'
import { appCounter, appGauge, appHistogram, metricsRegistry } from './app-metrics.js'
import { addDeadLetterDepthSource, deadLetteredTotal } from './dead-letter-metrics.js'
import { metricValue } from './testing/metric-value.js'

describe('application metrics', () => {
  it('returns the registered metric for a name seen before (many apps per test process)', () => {
    const first = appCounter({ name: 'test_app_metrics_total', help: 'h', labelNames: ['queue'] })
    const second = appCounter({ name: 'test_app_metrics_total', help: 'h', labelNames: ['queue'] })
    expect(second).toBe(first)
    expect(() =>
      appHistogram({ name: 'test_app_metrics_total', help: 'h', labelNames: [], buckets: [1] }),
    ).toThrow(/another kind/)
  })

  it('reads a gauge at scrape time', async () => {
    let depth = 3
    appGauge({
      name: 'test_app_metrics_depth',
      help: 'h',
      labelNames: ['queue'],
      collect: (gauge) => gauge.set({ queue: 'q' }, depth),
    })
    expect(await metricValue('test_app_metrics_depth', { queue: 'q' })).toBe(3)
    depth = 0
    expect(await metricsRegistry.getSingleMetricAsString('test_app_metrics_depth')).toContain(
      'test_app_metrics_depth{queue="q"} 0',
    )
  })

  it('sums dead-letter depths from every broker client, and forgets a removed one', async () => {
    const remove = addDeadLetterDepthSource(async () => new Map([['test.reminders', 2]]))
    const broken = addDeadLetterDepthSource(async () => Promise.reject(new Error('broker away')))
    expect(await metricValue('prost_amqp_dead_letter_messages', { queue: 'test.reminders' })).toBe(2)
    remove()
    broken()
    expect(await metricValue('prost_amqp_dead_letter_messages', { queue: 'test.reminders' })).toBe(0)
    deadLetteredTotal.inc({ queue: 'test.reminders' })
    expect(await metricValue('prost_amqp_dead_lettered_total', { queue: 'test.reminders' })).toBe(1)
  })
})
