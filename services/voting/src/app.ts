/**
 * The voting service: ballots, the vote board and its live WebSocket feed.
 * Event facts (options, participants, status) come from the events service's messages into a local
 * read model (see read-model/); board changes reach sockets on every replica through Redis pub/sub
 * (see live/). Readiness: Mongo and RabbitMQ are critical, Redis only degrades.
 */
import type { FastifyPluginAsync } from 'fastify'
import websocket from '@fastify/websocket'
import { serviceKit, type ServiceDefinition } from '@prost/platform'
import { VotingConfigSchema, type VotingConfig } from './config.js'
import { indexes } from './indexes.js'
import { eventReadModel } from './read-model/event-read-model.js'
import { eventStateConsumer, eventStateQueue } from './read-model/event-state-consumer.js'
import { ballotsRepository } from './ballots/ballots-repository.js'
import { boardTallyRepository } from './board/board-tally.js'
import { ballotWrites } from './ballots/ballot-writes.js'
import { boardCache } from './board/board-cache.js'
import { live } from './live/live.js'
import { routes } from './routes/index.js'

export const publicPrefix = '/api/votes'

export const votingApp: FastifyPluginAsync<{ config: VotingConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, {
    service: 'voting',
    publicPrefix,
    config,
    indexes,
    topology: { queues: [eventStateQueue(config.EVENT_QUEUE, config.EVENT_QUEUE_EXPIRES_MS)] },
  })
  await fastify.register(websocket, { options: { maxPayload: config.WS_MAX_FRAME_BYTES } })

  await fastify.register(eventReadModel, { waitMs: config.READ_MODEL_WAIT_MS })
  await fastify.register(ballotsRepository)
  await fastify.register(boardTallyRepository)
  await fastify.register(boardCache)
  await fastify.register(ballotWrites)
  await fastify.register(live, {
    redisUrl: config.REDIS_URL,
    channelPrefix: config.FANOUT_CHANNEL_PREFIX,
    boardChangedWindowMs: config.BOARD_CHANGED_WINDOW_MS,
    limits: {
      maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
      maxMessagesPerSecond: config.WS_MAX_MESSAGES_PER_SECOND,
      maxStrikes: config.WS_MAX_STRIKES,
      pingIntervalMs: config.WS_PING_INTERVAL_MS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    },
  })
  await fastify.register(eventStateConsumer, { queue: config.EVENT_QUEUE })

  await fastify.register(routes, {
    publicPrefix,
    internalApiToken: config.INTERNAL_API_TOKEN,
    ballotRateLimit: {
      max: config.BALLOT_RATE_LIMIT_MAX,
      windowSeconds: config.BALLOT_RATE_LIMIT_WINDOW_SECONDS,
    },
  })
}

export const votingService: ServiceDefinition<typeof VotingConfigSchema> = {
  name: 'voting',
  publicPrefix,
  configSchema: VotingConfigSchema,
  plugin: votingApp,
}
