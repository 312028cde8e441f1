/**
 * Cross-replica fan-out of board changes through Redis pub/sub, one channel per event
 * (`votes:<eventId>`). The message only says "event X changed, and how" (a few dozen bytes); each
 * replica then rebuilds the board from the database (see board-feed.ts for why). Each process holds one dedicated subscriber connection and subscribes to an
 * event's channel only while it has a local socket watching that event, so a replica receives
 * traffic only for boards its clients look at (a single shared channel would wake every replica for
 * every ballot of every event). Publishes go over the kit's ordinary Redis client.
 *
 * Why Redis and not a RabbitMQ fanout: a board update is ephemeral (a newer board supersedes it and
 * a reconnecting client gets a fresh snapshot), so at-most-once pub/sub with sub-millisecond hops
 * fits, and it needs no per-replica queue to declare and clean up. The sending replica delivers to
 * its own sockets directly, not through Redis: with Redis down, local sockets still get every
 * update, and remote ones get a fresh board when the subscriber reconnects (`onResubscribed`).
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'
import { contextFromCarrier, currentTraceCarrier, inSpan, SpanKind, type TraceCarrier } from '@prost/platform'
import {
  BOARD_CHANGE_TYPES,
  LIVE_NOTICE_TYPES,
  type BoardChangeType,
  type LiveNoticeType,
} from '@prost/contracts'
import { recordFanoutReceived } from './fanout-lag.js'
import { createLeadingWindow } from './leading-window.js'
import { throttledWarning } from '../throttled-warning.js'

/**
 * Ballot changes of one event within this window reach the other replicas as one message (at most
 * this much later than the first): under a burst of votes each replica rebuilds a board per window,
 * not per vote, and the sender saves a Redis command per vote.
 */
const BALLOT_WINDOW_MS = 20

/** A board change (each replica rebuilds the board) or a notice its sockets pass on as it is. */
export type LiveChangeType = BoardChangeType | LiveNoticeType

const KNOWN_TYPES = new Set<string>([...BOARD_CHANGE_TYPES, ...LIVE_NOTICE_TYPES])
export const isNotice = (type: LiveChangeType): type is LiveNoticeType =>
  (LIVE_NOTICE_TYPES as readonly string[]).includes(type)

export interface BoardFanoutOptions {
  url: string
  channelPrefix: string
  /** The kit's Redis client (fail-fast, no offline queue), used to publish. */
  publisher: Redis | undefined
  log: FastifyBaseLogger
  onRemote: (eventId: string, type: LiveChangeType) => void
  /** Called after the subscriber came back from an outage: remote changes may have been missed. */
  onResubscribed: (eventIds: string[]) => void
}

interface WireMessage {
  origin: string
  type: LiveChangeType
  /** When the origin published it (epoch ms), for the fan-out lag metric. */
  sentAt?: number
  /** The change's trace context (W3C), so the other replicas' WebSocket pushes join its trace. */
  trace?: TraceCarrier
}

export class BoardFanout {
  readonly origin = randomUUID()
  private readonly ballotChanges = createLeadingWindow<TraceCarrier | undefined>(
    BALLOT_WINDOW_MS,
    (eventId, trace) => this.send(eventId, 'ballot.changed', trace),
  )
  private readonly subscriber: Redis
  private readonly watched = new Map<string, number>()
  private everReady = false
  private closed = false

  constructor(private readonly options: BoardFanoutOptions) {
    this.subscriber = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
    })
    const warn = throttledWarning(options.log)
    this.subscriber.on('error', (error: Error) =>
      warn(error, 'redis fan-out subscriber unavailable; only local sockets get updates'),
    )
    this.subscriber.on('ready', () => {
      const channels = [...this.watched.keys()].map((id) => this.channel(id))
      if (channels.length > 0) {
        this.subscriber
          .subscribe(...channels)
          .catch((error: Error) => options.log.warn({ err: error }, 'resubscribe failed'))
      }
      if (this.everReady) options.onResubscribed([...this.watched.keys()])
      this.everReady = true
    })
    this.subscriber.on('message', (channel: string, text: string) => this.receive(channel, text))
  }

  async start() {
    await this.subscriber.connect().catch((error: Error) => {
      this.options.log.warn({ err: error }, 'redis fan-out not reachable at start; it will be retried')
    })
  }

  get isReady() {
    return this.subscriber.status === 'ready'
  }

  private channel(eventId: string) {
    return `${this.options.channelPrefix}${eventId}`
  }

  /** Starts receiving an event's remote changes (reference-counted per local subscription). */
  async watch(eventId: string) {
    const count = this.watched.get(eventId) ?? 0
    this.watched.set(eventId, count + 1)
    if (count === 0 && this.isReady) {
      await this.subscriber.subscribe(this.channel(eventId)).catch((error: Error) => {
        this.options.log.warn(
          { err: error, eventId },
          'subscribe failed; remote updates resume after reconnect',
        )
      })
    }
  }

  unwatch(eventId: string) {
    const count = this.watched.get(eventId) ?? 0
    if (count <= 1) {
      this.watched.delete(eventId)
      if (this.isReady && !this.closed)
        this.subscriber.unsubscribe(this.channel(eventId)).catch(() => undefined)
    } else {
      this.watched.set(eventId, count - 1)
    }
  }

  /**
   * Sends a change to the other replicas; failures only cost remote freshness, never the write.
   * Ballot changes are coalesced per event (leading-window.ts): the first goes out at once, those in
   * the next BALLOT_WINDOW_MS as one more at its end, since the other replicas rebuild the whole
   * board from the store for each message anyway. Event changes and notices go out as they come.
   */
  publish(eventId: string, type: LiveChangeType) {
    if (type === 'ballot.changed') this.ballotChanges.add(eventId, currentTraceCarrier())
    else this.send(eventId, type, currentTraceCarrier())
  }

  private send(eventId: string, type: LiveChangeType, trace: TraceCarrier | undefined) {
    const publisher = this.options.publisher
    if (!publisher || publisher.status !== 'ready') return
    const message: WireMessage = {
      origin: this.origin,
      type,
      sentAt: Date.now(),
      ...(trace ? { trace } : {}),
    }
    publisher.publish(this.channel(eventId), JSON.stringify(message)).catch((error: Error) => {
      this.options.log.debug({ err: error, eventId }, 'fan-out publish failed')
    })
  }

  private receive(channel: string, text: string) {
    if (!channel.startsWith(this.options.channelPrefix)) return
    const eventId = channel.slice(this.options.channelPrefix.length)
    let message: WireMessage
    try {
      message = JSON.parse(text) as WireMessage
    } catch {
      this.options.log.warn({ channel }, 'fan-out message is not JSON; ignored')
      return
    }
    if (message.origin === this.origin || !KNOWN_TYPES.has(message.type)) return
    recordFanoutReceived(message.sentAt)
    // The rebuild and the pushes it starts run in this span, a child of the replica that made the change.
    void inSpan(
      'board fan-out receive',
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromCarrier(message.trace as Record<string, unknown> | undefined),
        attributes: {
          'messaging.system': 'redis',
          'messaging.destination.name': channel,
          'prost.event.id': eventId,
        },
      },
      () => this.options.onRemote(eventId, message.type),
    ).catch((error: unknown) =>
      this.options.log.warn({ err: error, eventId }, 'remote board change not applied'),
    )
  }

  async close() {
    this.closed = true
    for (const [eventId, trace] of this.ballotChanges.close()) this.send(eventId, 'ballot.changed', trace)
    this.subscriber.disconnect()
  }
}
