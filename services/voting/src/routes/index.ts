/**
 * The voting routes: the ballot API under the service's public prefix, and the live board socket on
 * /ws, the path the ingress sends WebSocket upgrades to (scripts/stack/routes.json), so no prefix.
 */
import type { FastifyPluginAsync } from 'fastify'
import { votesRoutes, type VotesRoutesOptions } from './api/votes/index.js'
import { liveRoutes } from './api/live/index.js'

export interface RoutesOptions extends VotesRoutesOptions {
  publicPrefix: string
}

export const routes: FastifyPluginAsync<RoutesOptions> = async (fastify, { publicPrefix, ...votes }) => {
  await fastify.register(votesRoutes, { prefix: publicPrefix, ...votes })
  await fastify.register(liveRoutes)
}
