/** GET healthz (liveness: the process answers) and readyz (readiness: its dependencies answer). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LivenessSchema, ReadinessSchema } from '@prost/contracts'

export const healthRoutes: FastifyPluginAsyncTypebox<{ service: string }> = async (fastify, { service }) => {
  fastify.get(
    '/healthz',
    {
      schema: { tags: ['health'], summary: 'Liveness', response: { 200: LivenessSchema } },
      config: { rateLimit: false },
      logLevel: 'warn',
    },
    async () => ({ status: 'ok' as const, service }),
  )

  fastify.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: 200 when every critical dependency answers',
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
      config: { rateLimit: false },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      const result = await fastify.readiness.evaluate()
      return reply.code(result.status === 'unavailable' ? 503 : 200).send({ service, ...result })
    },
  )
}
