/** Prometheus metrics at /metrics (process + per-route request histograms). One per process. */
import fp from 'fastify-plugin'
import { createRequire } from 'node:module'
import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import type { IMetricsPluginOptions } from 'fastify-metrics'

// fastify-metrics is CommonJS with its plugin on `exports.default`.
const fastifyMetrics = (
  createRequire(import.meta.url)('fastify-metrics') as {
    default: FastifyPluginCallback<Partial<IMetricsPluginOptions>>
  }
).default

export const metrics = fp(
  async function metrics(fastify: FastifyInstance) {
    await fastify.register(fastifyMetrics, {
      endpoint: '/metrics',
      // The histogram only: the summary's quantiles cannot be aggregated across replicas, and each
      // observation updates a t-digest (~3 % of a busy voting replica's CPU in a ballot-write profile).
      routeMetrics: {
        enabled: { histogram: true, summary: false },
        routeBlacklist: ['/metrics', '/healthz', '/readyz'],
      },
      defaultMetrics: { enabled: true },
    })
  },
  { name: 'metrics', fastify: '5.x' },
)
