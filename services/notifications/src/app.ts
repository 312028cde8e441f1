/** The notifications service: the Telegram bot, account linking and the "my notifications" view. */
import type { FastifyPluginAsync } from 'fastify'
import { type ServiceDefinition, serviceKit } from '@prost/platform'
import { NotificationsConfigSchema, type NotificationsConfig } from './config.js'
import { notificationsClock, type Clock } from './clock.js'
import { indexes } from './indexes.js'
import { notificationsStore } from './store/store.js'
import { notificationsTopology } from './topology.js'
import { telegramSender } from './telegram/telegram-sender.js'
import { telegramLinking } from './telegram/telegram-linking.js'
import { telegramBot } from './telegram/bot.js'
import { groupCards } from './cards/group-cards.js'
import { routes } from './routes/index.js'

export const publicPrefix = '/api/notifications'

export interface NotificationsAppOptions {
  config: NotificationsConfig
  /** Tests run the service on a clock of their own. */
  clock?: Clock
}

export const notificationsApp: FastifyPluginAsync<NotificationsAppOptions> = async (
  fastify,
  { config, clock },
) => {
  await serviceKit(fastify, {
    service: 'notifications',
    publicPrefix,
    config,
    indexes,
    topology: notificationsTopology(config),
  })
  await fastify.register(notificationsClock, { clock })
  await fastify.register(notificationsStore)
  await fastify.register(telegramSender, { config })
  await fastify.register(telegramLinking, { botUsername: config.TELEGRAM_BOT_USERNAME })
  await fastify.register(groupCards, { config })
  await fastify.register(telegramBot, { config })
  await fastify.register(routes)
}

export const notificationsService: ServiceDefinition<typeof NotificationsConfigSchema> = {
  name: 'notifications',
  publicPrefix,
  configSchema: NotificationsConfigSchema,
  plugin: notificationsApp,
}
