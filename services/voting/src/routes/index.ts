/**
 * The voting routes: the ballot API under the service's public prefix, and the live board socket on
 * /ws, the path the ingress sends WebSocket upgrades to (scripts/stack/routes.json), so no prefix.
 */
import type { FastifyPluginAsync } from 'fastify'
import { votesRoutes, type VotesRoutesOptions } from './api/votes/index.js'
import { liveRoutes } from './api/live/index.js'
import { internalRoutes, type InternalRoutesOptions } from './api/internal/index.js'

export interface RoutesOptions extends VotesRoutesOptions, InternalRoutesOptions {
  publicPrefix: string
}

export const routes: FastifyPluginAsync<RoutesOptions> = async (
  fastify,
  { publicPrefix, internalApiToken, ...votes },
) => {
  // Internal first: `/internal/:eventId/best` must not be read as `/:eventId/ballot`-like paths.
  await fastify.register(internalRoutes, { prefix: publicPrefix, internalApiToken })
  await fastify.register(votesRoutes, { prefix: publicPrefix, ...votes })
  await fastify.register(liveRoutes)
}
