/** The voting service: ballots and the live vote board. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { VotingConfigSchema, type VotingConfig } from './config.js'

export const publicPrefix = '/api/votes'

export const votingApp: FastifyPluginAsync<{ config: VotingConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, { service: 'voting', publicPrefix, config, })
}

export const votingService: ServiceDefinition<typeof VotingConfigSchema> = {
  name: 'voting',
  publicPrefix,
  configSchema: VotingConfigSchema,
  plugin: votingApp,
}
