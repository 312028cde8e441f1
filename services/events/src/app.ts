/** The events service: events, their time and place options, invitations, public browsing and covers. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { DOMAIN_EXCHANGE } from '@prost/contracts'
import { EventsConfigSchema, type EventsConfig } from './config.js'
import { indexes } from './indexes.js'
import { eventsSettingsFrom } from './events-settings.js'
import { eventsRepository } from './events/events-repository.js'
import { deadlineSweeper } from './events/deadline-sweeper.js'
import { finalizeGuard } from './events/finalize-guard.js'
import { yesOrder } from './events/yes-order.js'
import { commentsRepository } from './comments/comments-repository.js'
import { coverStore } from './covers/cover-store.js'
import { routes } from './routes/index.js'
import { feedTokens } from './calendar/feed-tokens.js'
import { seriesRepository } from './series/series-repository.js'

export const publicPrefix = '/api/events'

export const eventsApp: FastifyPluginAsync<{ config: EventsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, {
    service: 'events',
    publicPrefix,
    config,
    indexes,
    topology: { exchanges: [{ name: DOMAIN_EXCHANGE, type: 'topic' }] },
    features: { cache: true },
  })

  fastify.decorate('eventsSettings', eventsSettingsFrom(config))
  await fastify.register(coverStore, {
    endPoint: config.MINIO_ENDPOINT,
    port: config.MINIO_PORT,
    useSSL: config.MINIO_USE_SSL,
    accessKey: config.MINIO_ACCESS_KEY,
    secretKey: config.MINIO_SECRET_KEY,
    bucket: config.MINIO_BUCKET,
  })
  await fastify.register(eventsRepository, { sweepMs: config.OUTBOX_SWEEP_MS })
  await fastify.register(yesOrder, {
    votingUrl: config.VOTING_INTERNAL_URL,
    internalToken: config.INTERNAL_API_TOKEN,
  })
  await fastify.register(deadlineSweeper, {
    votingUrl: config.VOTING_INTERNAL_URL,
    internalToken: config.INTERNAL_API_TOKEN,
    sweepMs: config.DEADLINE_SWEEP_MS,
  })
  await fastify.register(finalizeGuard, {
    votingUrl: config.VOTING_INTERNAL_URL,
    internalToken: config.INTERNAL_API_TOKEN,
  })
  await fastify.register(commentsRepository)
  await fastify.register(feedTokens, { secret: config.JWT_SECRET })
  await fastify.register(seriesRepository, { sweepMs: config.SERIES_SWEEP_MS })

  await fastify.register(routes, { prefix: publicPrefix })
}

export const eventsService: ServiceDefinition<typeof EventsConfigSchema> = {
  name: 'events',
  publicPrefix,
  configSchema: EventsConfigSchema,
  plugin: eventsApp,
}
