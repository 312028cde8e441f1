/**
 * The accounts API, one plugin per resource, registered under the service's public prefix (app.ts
 * registers this plugin with it). The URLs are flat (/api/auth/login, /api/auth/me), so a
 * resource's folder names its code, not a path segment.
 */
import type { FastifyPluginAsync } from 'fastify'
import { sessionRoutes } from './api/sessions/index.js'
import { telegramRoutes } from './api/telegram/index.js'
import { meRoutes } from './api/me/index.js'
import { usersRoutes } from './api/users/index.js'
import { adminUserRoutes } from './api/admin-users/index.js'
import { internalRoutes } from './api/internal/index.js'

export const routes: FastifyPluginAsync = async (fastify) => {
  for (const resource of [
    sessionRoutes,
    telegramRoutes,
    meRoutes,
    usersRoutes,
    adminUserRoutes,
    internalRoutes,
  ]) {
    await fastify.register(resource)
  }
}
