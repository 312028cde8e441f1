/** Each resource's routes under its public path: the folder names it (/api/telegram, /api/notifications). */
import type { FastifyPluginAsync } from 'fastify'
import { telegramRoutes } from './api/telegram/index.js'
import { notificationsRoutes } from './api/notifications/index.js'

export const routes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(telegramRoutes, { prefix: '/api/telegram' })
  await fastify.register(notificationsRoutes, { prefix: '/api/notifications' })
}
