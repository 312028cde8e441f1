/**
 * The voting service: ballots, the vote board and its live WebSocket feed.
 * Event facts (options, participants, status) come from the events service's messages into a local
 * read model (see event-read-model.ts); board changes reach sockets on every replica through Redis
 * pub/sub (see board-fanout.ts). Readiness: Mongo and RabbitMQ are critical, Redis only degrades.
 */
import type { FastifyPluginAsync } from 'fastify'
import websocket from '@fastify/websocket'
import { serviceKit, type AccessClaims, type ServiceDefinition } from '@prost/platform'
import { VotingConfigSchema, type VotingConfig } from './config.js'
import { createEventReadModel } from './event-read-model.js'
import { ballotIndexes, BALLOTS_COLLECTION, createBallots } from './ballots.js'
import { createBoardFeed } from './board-feed.js'
import { BoardFanout, isNotice } from './board-fanout.js'
import { LiveBoard } from './live-board.js'
import { eventStateHandler, eventStateQueue } from './event-state-consumer.js'
import { votesRoutes } from './routes/api/votes/index.js'
import { liveRoutes } from './routes/live.js'

export const publicPrefix = '/api/votes'

export const votingApp: FastifyPluginAsync<{ config: VotingConfig }> = async (fastify, { config }) => {
  await serviceKit(fastify, {
    service: 'voting',
    publicPrefix,
    config,
    indexes: { [BALLOTS_COLLECTION]: ballotIndexes },
    topology: { queues: [eventStateQueue(config.EVENT_QUEUE, config.EVENT_QUEUE_EXPIRES_MS)] },
  })
  await fastify.register(websocket, { options: { maxPayload: config.WS_MAX_FRAME_BYTES } })

  const readModel = createEventReadModel(fastify)
  const ballots = createBallots(fastify)
  let hub: LiveBoard | undefined = undefined
  const fanout = new BoardFanout({
    url: config.REDIS_URL,
    channelPrefix: config.FANOUT_CHANNEL_PREFIX,
    publisher: fastify.hasDecorator('redis') ? fastify.redis : undefined,
    log: fastify.log,
    onRemote: (eventId, type) => (isNotice(type) ? hub?.notify(eventId, type) : feed.changed(eventId, type, 'remote')),
    onResubscribed: (eventIds) => void hub?.refresh(eventIds),
  })
  const feed = createBoardFeed({
    readModel,
    ballots,
    log: fastify.log,
    isWatched: (eventId) => hub?.isWatched(eventId) ?? false,
    deliver: (eventId, change) => hub?.deliver(eventId, change),
    broadcast: (eventId, type) => fanout.publish(eventId, type),
  })
  hub = new LiveBoard({
    readModel,
    feed,
    log: fastify.log,
    verifyToken: (token) => fastify.jwt.verify<AccessClaims>(token),
    watch: (eventId) => fanout.watch(eventId),
    unwatch: (eventId) => fanout.unwatch(eventId),
    limits: {
      maxSubscriptions: config.WS_MAX_SUBSCRIPTIONS,
      maxMessagesPerSecond: config.WS_MAX_MESSAGES_PER_SECOND,
      maxStrikes: config.WS_MAX_STRIKES,
      pingIntervalMs: config.WS_PING_INTERVAL_MS,
      maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
      readModelWaitMs: config.READ_MODEL_WAIT_MS,
    },
  })
  await fanout.start()
  if (fastify.hasDecorator('readiness')) {
    fastify.readiness.register(
      'redis-fanout',
      async () => {
        if (!fanout.isReady) throw new Error('fan-out subscriber not connected')
      },
      { critical: false },
    )
  }
  const liveHub = hub
  // Sockets go first on shutdown (clients reconnect to another replica), then boards being built.
  fastify.addHook('preClose', async () => liveHub.close())
  fastify.addHook('onClose', async () => {
    await feed.idle()
    await fanout.close()
  })

  await fastify.register(votesRoutes, {
    prefix: publicPrefix,
    readModel,
    ballots,
    feed,
    readModelWaitMs: config.READ_MODEL_WAIT_MS,
    ballotRateLimit: { max: config.BALLOT_RATE_LIMIT_MAX, windowSeconds: config.BALLOT_RATE_LIMIT_WINDOW_SECONDS },
  })
  await fastify.register(liveRoutes, { hub: liveHub })
  const commentsChanged = (eventId: string) => {
    liveHub.notify(eventId, 'comments.changed')
    fanout.publish(eventId, 'comments.changed')
  }
  await fastify.amqp.consume(config.EVENT_QUEUE, eventStateHandler(readModel, feed, commentsChanged), { prefetch: 20 })
}

export const votingService: ServiceDefinition<typeof VotingConfigSchema> = {
  name: 'voting',
  publicPrefix,
  configSchema: VotingConfigSchema,
  plugin: votingApp,
}
