/**
 * Dead letters as metrics: how many messages consumers gave up on (a counter per source queue), and
 * how many still wait in each `<queue>.dead` (a gauge read from the broker at scrape time, so it
 * drops when an operator drains or replays the dead-letter queue). Alerts fire on the gauge.
 */
import { appCounter, appGauge } from './app-metrics.js'

/** Messages dead-lettered by this process's consumers, labelled by the queue they came from. */
export const deadLetteredTotal = appCounter({
  name: 'prost_amqp_dead_lettered_total',
  help: 'Messages a consumer dead-lettered (handler failed for good, or the body was not an envelope), by source queue',
  labelNames: ['queue'],
})

/** Reads `<queue>.dead` depths from one broker connection: source queue name -> messages waiting. */
export type DeadLetterDepthSource = () => Promise<Map<string, number>>

// Process-wide, like prom-client's registry: when two copies of this module are loaded (tests load
// the kit's source and its build), the one gauge must still see every client's source.
const sourcesKey = Symbol.for('prost.deadLetterDepthSources')
const sources = ((globalThis as Record<symbol, Set<DeadLetterDepthSource> | undefined>)[sourcesKey] ??=
  new Set<DeadLetterDepthSource>())

appGauge({
  name: 'prost_amqp_dead_letter_messages',
  help: 'Messages waiting in the dead-letter queue (<queue>.dead) of each source queue, read from RabbitMQ at scrape time',
  labelNames: ['queue'],
  async collect(gauge) {
    // Only queues a source can read now: a broker that is away leaves no stale value behind.
    gauge.reset()
    for (const source of sources) {
      const depths = await source().catch(() => new Map<string, number>())
      for (const [queue, messages] of depths) gauge.set({ queue }, messages)
    }
  },
})

/** Adds a depth source (an AMQP client); returns the function that removes it again. */
export function addDeadLetterDepthSource(source: DeadLetterDepthSource): () => void {
  sources.add(source)
  return () => sources.delete(source)
}
