/** The events service: events, their time and place options, invitations, public browsing and covers. */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { DOMAIN_EXCHANGE } from '@prost/contracts'
import { EventsConfigSchema, type EventsConfig } from './config.js'
import { eventIndexes, eventsRepository } from './events/events-repository.js'
import { commentIndexes, commentsRepository } from './comments/comments-repository.js'
import { coverStore } from './covers/cover-store.js'
import { eventRoutes } from './routes/events.js'
import { optionRoutes } from './routes/options.js'
import { lifecycleRoutes } from './routes/lifecycle.js'
import { participationRoutes } from './routes/participation.js'
import { commentRoutes } from './routes/comments.js'
import { coverRoutes } from './routes/covers.js'

export const publicPrefix = '/api/events'

export const eventsApp: FastifyPluginAsync<{ config: EventsConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, {
    service: 'events',
    publicPrefix,
    config,
    cache: true,
    indexes: { ...eventIndexes, ...commentIndexes },
    topology: { exchanges: [{ name: DOMAIN_EXCHANGE, type: 'topic' }] },
  })
  await fastify.register(coverStore, {
    endPoint: config.MINIO_ENDPOINT,
    port: config.MINIO_PORT,
    useSSL: config.MINIO_USE_SSL,
    accessKey: config.MINIO_ACCESS_KEY,
    secretKey: config.MINIO_SECRET_KEY,
    bucket: config.MINIO_BUCKET,
  })
  await fastify.register(eventsRepository, { sweepMs: config.OUTBOX_SWEEP_MS })
  await fastify.register(commentsRepository)

  await fastify.register(
    async (api) => {
      await api.register(eventRoutes)
      await api.register(optionRoutes)
      await api.register(lifecycleRoutes, { publicUrl: config.PUBLIC_URL.split(',')[0]!.trim() })
      await api.register(participationRoutes, { participantTokenTtlDays: config.PARTICIPANT_TOKEN_TTL_DAYS })
      await api.register(commentRoutes)
      await api.register(coverRoutes)
    },
    { prefix: publicPrefix },
  )
}

export const eventsService: ServiceDefinition<typeof EventsConfigSchema> = {
  name: 'events',
  publicPrefix,
  configSchema: EventsConfigSchema,
  plugin: eventsApp,
}
