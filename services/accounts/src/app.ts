/** The accounts service: registration, login, JWT sessions, Telegram login, profiles and user admin. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { AccountsConfigSchema, type AccountsConfig } from './config.js'
import { indexes } from './indexes.js'
import { accountsSettingsFrom } from './accounts-settings.js'
import { usersRepository } from './users/users-repository.js'
import { refreshTokens } from './sessions/refresh-tokens.js'
import { loginThrottle } from './sessions/login-throttle.js'
import { routes } from './routes/index.js'

export const publicPrefix = '/api/auth'

export const accountsApp: FastifyPluginAsync<{ config: AccountsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, { service: 'accounts', publicPrefix, config, indexes })

  fastify.decorate('accountsSettings', accountsSettingsFrom(config))
  await fastify.register(usersRepository)
  await fastify.register(refreshTokens, { ttlDays: config.REFRESH_TOKEN_TTL_DAYS })
  await fastify.register(loginThrottle)

  await fastify.register(routes, { prefix: publicPrefix })
}

export const accountsService: ServiceDefinition<typeof AccountsConfigSchema> = {
  name: 'accounts',
  publicPrefix,
  configSchema: AccountsConfigSchema,
  plugin: accountsApp,
}
