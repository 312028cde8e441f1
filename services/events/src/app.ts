/** The events service: events, their time and place options, invitations and public browsing. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { EventsConfigSchema, type EventsConfig } from './config.js'

export const publicPrefix = '/api/events'

export const eventsApp: FastifyPluginAsync<{ config: EventsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, { service: 'events', publicPrefix, config, cache: true, })
}

export const eventsService: ServiceDefinition<typeof EventsConfigSchema> = {
  name: 'events',
  publicPrefix,
  configSchema: EventsConfigSchema,
  plugin: eventsApp,
}
