/** The notifications service: the Telegram bot and meetup reminders. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { NotificationsConfigSchema, type NotificationsConfig } from './config.js'

export const publicPrefix = '/api/notifications'

export const notificationsApp: FastifyPluginAsync<{ config: NotificationsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, { service: 'notifications', publicPrefix, config, })
}

export const notificationsService: ServiceDefinition<typeof NotificationsConfigSchema> = {
  name: 'notifications',
  publicPrefix,
  configSchema: NotificationsConfigSchema,
  plugin: notificationsApp,
}
