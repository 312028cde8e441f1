/**
 * The live board's three parts wired together in one plugin, because each calls the others: the
 * fan-out hands remote changes to the feed and notices to the hub; the feed builds boards for the
 * hub's sockets and broadcasts local changes over the fan-out; the hub watches events on the fan-out
 * and takes snapshots from the feed. Each part stays its own factory (unit-testable); only here do
 * they meet. Redis only degrades the service: without it, local sockets still get every change.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { registerReadinessCheck } from '@prost/platform'
import { BoardFanout, isNotice } from './board-fanout.js'
import { createBoardFeed, type BoardFeed } from './board-feed.js'
import { LiveBoard, type LiveBoardLimits } from './live-board.js'
import { createBoardChangedPublisher } from './board-changed-publisher.js'

export interface LiveOptions {
  redisUrl: string
  /** Redis pub/sub channel prefix (FANOUT_CHANNEL_PREFIX); the event id follows. */
  channelPrefix: string
  limits: LiveBoardLimits
  /** board.changed messages (for the bot's group cards): at most one per event per this window. */
  boardChangedWindowMs: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Board changes across replicas (Redis pub/sub). */
    boardFanout: BoardFanout
    /** "Event X changed" → fresh boards for the local sockets watching X. */
    boardFeed: BoardFeed
    /** This replica's live board sockets. */
    liveBoard: LiveBoard
  }
}

export const live = fp<LiveOptions>(
  async function live(fastify: FastifyInstance, options) {
    const { eventReadModel: readModel, boardCache, log } = fastify
    // The hub is built last (it needs the feed and the fan-out); their callbacks reach it through `hub`.
    let hub: LiveBoard | undefined = undefined
    const boardChanged = createBoardChangedPublisher({
      amqp: fastify.amqp,
      log,
      windowMs: options.boardChangedWindowMs,
    })
    const fanout = new BoardFanout({
      url: options.redisUrl,
      channelPrefix: options.channelPrefix,
      publisher: fastify.hasDecorator('redis') ? fastify.redis : undefined,
      log,
      onRemote: (eventId, type) =>
        isNotice(type) ? hub?.notify(eventId, type) : feed.changed(eventId, type, 'remote'),
      onResubscribed: (eventIds) => void hub?.refresh(eventIds),
    })
    const feed = createBoardFeed({
      boards: boardCache,
      log,
      isWatched: (eventId) => hub?.isWatched(eventId) ?? false,
      deliver: (eventId, change) => hub?.deliver(eventId, change),
      // Local changes only, so each change is announced by the one replica that made it.
      broadcast: (eventId, type) => {
        fanout.publish(eventId, type)
        boardChanged.changed(eventId)
      },
    })
    const liveBoard = new LiveBoard({
      readModel,
      feed,
      log,
      verifyToken: (token) => fastify.verifyAccessToken(token),
      watch: (eventId) => fanout.watch(eventId),
      unwatch: (eventId) => fanout.unwatch(eventId),
      limits: options.limits,
    })
    hub = liveBoard

    await fanout.start()
    registerReadinessCheck(
      fastify,
      'redis-fanout',
      async () => {
        if (!fanout.isReady) throw new Error('fan-out subscriber not connected')
      },
      { critical: false },
    )
    // Sockets go first on shutdown (clients reconnect to another replica), then boards being built.
    fastify.addHook('preClose', async () => liveBoard.close())
    fastify.addHook('onClose', async () => {
      await feed.idle()
      await boardChanged.close()
      await fanout.close()
    })

    fastify.decorate('boardFanout', fanout)
    fastify.decorate('boardFeed', feed)
    fastify.decorate('liveBoard', liveBoard)
  },
  { name: 'voting-live', dependencies: ['auth', 'amqp', 'voting-event-read-model', 'voting-board-cache'] },
)
