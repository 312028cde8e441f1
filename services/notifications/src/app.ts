/** The notifications service: the Telegram bot, account linking and the "my notifications" view. */
import type { FastifyPluginAsync } from 'fastify'
import { ensureIndexes, type ServiceDefinition, serviceKit } from '@prost/platform'
import { NotificationsConfigSchema, type NotificationsConfig } from './config.js'
import { systemClock, type Clock } from './clock.js'
import { createStore, indexes } from './store.js'
import { notificationsTopology } from './topology.js'
import { telegramSenderFor } from './telegram-sender.js'
import { createTelegramLinking } from './telegram-linking.js'
import { createBot } from './bot.js'
import { telegramRoutes } from './routes/api/telegram/index.js'
import { notificationsRoutes } from './routes/api/notifications/index.js'

export const publicPrefix = '/api/notifications'

export interface NotificationsAppOptions {
  config: NotificationsConfig
  clock?: Clock
}

export const notificationsApp: FastifyPluginAsync<NotificationsAppOptions> = async (fastify, { config, clock = systemClock }) => {
  await serviceKit(fastify, {
    service: 'notifications',
    publicPrefix,
    config,
    topology: notificationsTopology(config),
  })
  await ensureIndexes(fastify.mongo.db, indexes)
  const store = createStore(fastify.mongo.db)
  const sender = telegramSenderFor(config, { store, clock, log: fastify.log })
  const linking = createTelegramLinking(store, clock, config.TELEGRAM_BOT_USERNAME)
  const bot = createBot({
    token: config.TELEGRAM_BOT_TOKEN,
    username: config.TELEGRAM_BOT_USERNAME,
    apiRoot: config.TELEGRAM_API_ROOT,
    store,
    clock,
    sender,
    linking,
    log: fastify.log,
  })
  const webhookMode = config.TELEGRAM_MODE === 'webhook'
  if (!sender.dryRun && !webhookMode) {
    fastify.addHook('onReady', async () => bot.startPolling())
    fastify.addHook('preClose', async () => bot.stop())
  }
  if (!sender.dryRun && webhookMode) {
    fastify.addHook('onReady', async () => {
      const url = `${config.PUBLIC_URL.split(',')[0]!.trim().replace(/\/$/, '')}/api/telegram/webhook/${config.TELEGRAM_WEBHOOK_SECRET}`
      // Every replica sets the same URL; failing here must not keep the API down.
      await sender.telegram!.setWebhook(url, { secret_token: config.TELEGRAM_WEBHOOK_SECRET }).catch((error: unknown) => {
        fastify.log.error({ err: error }, 'could not register the telegram webhook')
      })
    })
  }
  fastify.log.info(
    { mode: sender.dryRun ? 'dry-run' : config.TELEGRAM_MODE, bot: config.TELEGRAM_BOT_USERNAME },
    'telegram bot configured',
  )
  await fastify.register(telegramRoutes, {
    prefix: '/api/telegram',
    linking,
    bot,
    webhookSecret: webhookMode && config.TELEGRAM_WEBHOOK_SECRET ? config.TELEGRAM_WEBHOOK_SECRET : null,
  })
  await fastify.register(notificationsRoutes, { prefix: publicPrefix, store, clock, sender })
}

export const notificationsService: ServiceDefinition<typeof NotificationsConfigSchema> = {
  name: 'notifications',
  publicPrefix,
  configSchema: NotificationsConfigSchema,
  plugin: notificationsApp,
}
