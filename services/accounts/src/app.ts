/** The accounts service: registration, login, JWT sessions and profiles. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { AccountsConfigSchema, type AccountsConfig } from './config.js'

export const publicPrefix = '/api/auth'

export const accountsApp: FastifyPluginAsync<{ config: AccountsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, { service: 'accounts', publicPrefix, config, })
}

export const accountsService: ServiceDefinition<typeof AccountsConfigSchema> = {
  name: 'accounts',
  publicPrefix,
  configSchema: AccountsConfigSchema,
  plugin: accountsApp,
}
