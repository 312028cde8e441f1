/** The events service's public API: one route plugin per resource, all under the prefix app.ts gives. */
import type { FastifyPluginAsync } from 'fastify'
import { eventRoutes } from './api/events/index.js'
import { optionRoutes } from './api/options/index.js'
import { lifecycleRoutes } from './api/lifecycle/index.js'
import { participationRoutes } from './api/participation/index.js'
import { commentRoutes } from './api/comments/index.js'
import { coverRoutes } from './api/covers/index.js'
import { membershipRoutes } from './api/membership/index.js'
import { calendarRoutes } from './api/calendar/index.js'
import { duplicateRoutes } from './api/duplicate/index.js'
import { seriesRoutes } from './api/series/index.js'

export const routes: FastifyPluginAsync = async (fastify) => {
  for (const resource of [
    eventRoutes,
    optionRoutes,
    lifecycleRoutes,
    participationRoutes,
    commentRoutes,
    coverRoutes,
    membershipRoutes,
    calendarRoutes,
    duplicateRoutes,
    seriesRoutes,
  ]) {
    await fastify.register(resource)
  }
}
