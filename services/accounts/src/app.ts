/** The accounts service: registration, login, JWT sessions, Telegram login, profiles and user admin. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { AccountsConfigSchema, type AccountsConfig } from './config.js'
import { accountsSettingsFrom } from './accounts-context.js'
import { usersIndexes, usersRepository } from './users/users-repository.js'
import { refreshTokenIndexes, refreshTokens } from './sessions/refresh-tokens.js'
import { loginThrottle } from './sessions/login-throttle.js'
import { sessionRoutes } from './routes/sessions.js'
import { telegramRoutes } from './routes/telegram.js'
import { meRoutes } from './routes/me.js'
import { userSearchRoutes } from './routes/users.js'
import { adminUserRoutes } from './routes/admin-users.js'

export const publicPrefix = '/api/auth'

export const accountsApp: FastifyPluginAsync<{ config: AccountsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, {
    service: 'accounts',
    publicPrefix,
    config,
    indexes: { ...usersIndexes, ...refreshTokenIndexes },
  })

  fastify.decorate('accountsSettings', accountsSettingsFrom(config))
  await fastify.register(usersRepository)
  await fastify.register(refreshTokens, { ttlDays: config.REFRESH_TOKEN_TTL_DAYS })
  await fastify.register(loginThrottle)

  for (const routes of [sessionRoutes, telegramRoutes, meRoutes, userSearchRoutes, adminUserRoutes]) {
    await fastify.register(routes, { prefix: publicPrefix })
  }
}

export const accountsService: ServiceDefinition<typeof AccountsConfigSchema> = {
  name: 'accounts',
  publicPrefix,
  configSchema: AccountsConfigSchema,
  plugin: accountsApp,
}
