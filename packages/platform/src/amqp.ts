/**
 * RabbitMQ through amqplib, kept connected by amqp-connection-manager: the topology is declared
 * idempotently on every (re)connect, publishes wait for broker confirms (and are held in memory
 * while the broker is away), consumers ack manually with a prefetch and are re-attached after a
 * reconnect. Reconnects back off exponentially up to 30 s.
 */
import fp from 'fastify-plugin'
import { randomUUID } from 'node:crypto'
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager'
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { DOMAIN_EXCHANGE, type AnyEnvelope } from '@prost/contracts'
import { registerReadinessCheck } from './readiness.js'
import { isDatabaseUnavailable } from './mongo-errors.js'
import { HttpProblem } from './problems.js'
import { addDeadLetterDepthSource, deadLetteredTotal } from './dead-letter-metrics.js'
import { tracedConsume, tracedPublish } from './tracing/message-tracing.js'

export const DEAD_LETTER_EXCHANGE = 'prost.dlx'

export interface QueueSpec {
  name: string
  /** Routing-key patterns bound on the exchange (default: the domain exchange). */
  bindings: { pattern: string; exchange?: string }[]
  /** Rejected messages go to `<name>.dead` through the dead-letter exchange. Default true. */
  deadLetter?: boolean
  /** Extra queue arguments, e.g. a message TTL for delay queues. */
  arguments?: Record<string, unknown>
}

export interface Topology {
  exchanges?: { name: string; type: 'topic' | 'direct' | 'fanout' }[]
  queues?: QueueSpec[]
}

export async function declareTopology(channel: ConfirmChannel, topology: Topology) {
  await channel.assertExchange(DOMAIN_EXCHANGE, 'topic', { durable: true })
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true })
  for (const exchange of topology.exchanges ?? []) {
    await channel.assertExchange(exchange.name, exchange.type, { durable: true })
  }
  for (const queue of topology.queues ?? []) {
    const args: Record<string, unknown> = { ...queue.arguments }
    if (queue.deadLetter !== false) {
      args['x-dead-letter-exchange'] = DEAD_LETTER_EXCHANGE
      args['x-dead-letter-routing-key'] = queue.name
      await channel.assertQueue(`${queue.name}.dead`, { durable: true })
      await channel.bindQueue(`${queue.name}.dead`, DEAD_LETTER_EXCHANGE, queue.name)
    }
    await channel.assertQueue(queue.name, { durable: true, arguments: args })
    for (const binding of queue.bindings) {
      await channel.bindQueue(queue.name, binding.exchange ?? DOMAIN_EXCHANGE, binding.pattern)
    }
  }
}

/**
 * A failure that says nothing about the message: the database is away or a record stayed busy.
 * Such messages are requeued, never dead-lettered, so an outage loses no work.
 */
function isTransient(error: unknown) {
  return (
    isDatabaseUnavailable(error) || (error instanceof HttpProblem && error.kind === 'dependency-unavailable')
  )
}

/** Thrown by a handler to have the message redelivered later instead of dead-lettered. */
export class RetryLater extends Error {
  override name = 'RetryLater'
}

export interface ConsumeOptions {
  prefetch?: number
}

export type MessageHandler = (envelope: AnyEnvelope, message: ConsumeMessage) => Promise<void>

export interface AmqpOptions {
  url: string
  topology?: Topology
  /** Shown in the broker's connection list; helps operators (and tests) find a connection. */
  connectionName?: string
  /** How long a publish may wait for the broker (while it is away) before it fails. */
  publishTimeoutMs?: number
}

export class AmqpClient {
  readonly connection: AmqpConnectionManager
  private readonly publisher: ChannelWrapper
  private readonly consumers: ChannelWrapper[] = []
  private readonly inflight = new Set<Promise<void>>()
  private connected = false
  private readonly removeDepthSource: () => void
  /** Its own channel: a failed check (the broker closes a channel on a missing queue) never touches publishes. */
  private inspector: ChannelWrapper | undefined

  constructor(
    private readonly options: AmqpOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.connection = amqp.connect([options.url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 0.5,
      connectionOptions: {
        clientProperties: { connection_name: options.connectionName ?? 'prost' },
      },
    })
    let attempt = 0
    this.connection.on('connect', () => {
      attempt = 0
      this.connection.reconnectTimeInSeconds = 0.5
      if (!this.connected) log.info('rabbitmq connected')
      this.connected = true
    })
    this.connection.on('disconnect', ({ err }) => {
      this.connected = false
      attempt++
      this.connection.reconnectTimeInSeconds = Math.min(0.5 * 2 ** attempt, 30)
      log.warn(
        { err, retryInSeconds: this.connection.reconnectTimeInSeconds },
        'rabbitmq connection lost; reconnecting',
      )
    })
    this.connection.on('connectFailed', ({ err }) => {
      attempt++
      this.connection.reconnectTimeInSeconds = Math.min(0.5 * 2 ** attempt, 30)
      log.warn(
        { err: err.message, retryInSeconds: this.connection.reconnectTimeInSeconds },
        'rabbitmq connect failed',
      )
    })
    this.publisher = this.connection.createChannel({
      confirm: true,
      publishTimeout: options.publishTimeoutMs ?? 30_000,
      setup: (channel: ConfirmChannel) => declareTopology(channel, options.topology ?? {}),
    })
    this.reportChannelErrors(this.publisher, 'publisher')
    this.removeDepthSource = addDeadLetterDepthSource(() => this.deadLetterDepths())
  }

  /**
   * Messages waiting in each `<queue>.dead` of this client's topology (source queue -> count), for
   * the scrape-time gauge. Empty while the broker is away: the channel would hold the check until
   * it is back, and a scrape must not hang.
   */
  async deadLetterDepths(timeoutMs = 2000): Promise<Map<string, number>> {
    const depths = new Map<string, number>()
    if (!this.isConnected) return depths
    const queues = (this.options.topology?.queues ?? []).filter((queue) => queue.deadLetter !== false)
    if (queues.length === 0) return depths
    if (!this.inspector) {
      this.inspector = this.connection.createChannel({ confirm: false })
      this.reportChannelErrors(this.inspector, 'dead-letter depth checks')
    }
    const inspector = this.inspector
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('dead-letter depth check timed out')), timeoutMs)
    })
    try {
      // checkQueue does not wait for a channel (unlike publish): a new or re-opened one is not ready yet.
      await Promise.race([inspector.waitForConnect(), timeout])
      for (const queue of queues) {
        const reply = await Promise.race([inspector.checkQueue(`${queue.name}.dead`), timeout])
        depths.set(queue.name, reply.messageCount)
      }
    } finally {
      clearTimeout(timer)
    }
    return depths
  }

  /** A channel wrapper emits 'error' when a (re)setup fails mid-reconnect; unheard, that would crash the process. */
  private reportChannelErrors(channel: ChannelWrapper, role: string) {
    channel.on('error', (err: Error) =>
      this.log.warn({ err, role }, 'rabbitmq channel error; it is set up again on reconnect'),
    )
  }

  get isConnected() {
    return this.connected && this.connection.isConnected()
  }

  async waitForConnect(timeoutMs = 15_000) {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        this.publisher.waitForConnect(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`RabbitMQ did not answer within ${timeoutMs} ms at ${redactUrl(this.options.url)}`),
              ),
            timeoutMs,
          )
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Publishes a persistent message; resolves once the broker has confirmed it. */
  async publish(envelope: AnyEnvelope, options: { exchange?: string; routingKey?: string } = {}) {
    const publishOptions: Options.Publish = {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    }
    const exchange = options.exchange ?? DOMAIN_EXCHANGE
    const routingKey = options.routingKey ?? envelope.type
    await tracedPublish({ exchange, routingKey, messageId: envelope.id }, (headers) =>
      this.publisher.publish(exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
        ...publishOptions,
        headers,
      }),
    )
  }

  /**
   * Consumes a queue with manual acks. The handler's success acks; RetryLater (or a transient failure:
   * database away, record busy) requeues; any other
   * error (including a body that is not an envelope) dead-letters the message.
   */
  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}) {
    // Which underlying channel a message came on. Delivery tags belong to one channel: after a
    // reconnect the wrapper acks on the new channel, where an old tag is unknown (the broker closes
    // the channel with 406, again and again) or, worse, names another message. The broker has already
    // requeued everything unacked on the old channel, so its late acks are skipped.
    let generation = 0
    const channel = this.connection.createChannel({
      setup: async (ch: ConfirmChannel) => {
        generation++ // runs on every (re)connect, before the consumers are attached again
        await declareTopology(ch, this.options.topology ?? {})
        // Here, awaited, rather than consume()'s own prefetch option, which the library fires
        // without waiting: a channel closing at that moment would be an unhandled rejection.
        await ch.prefetch(options.prefetch ?? 10)
      },
    })
    this.reportChannelErrors(channel, `consumer of ${queue}`)
    this.consumers.push(channel)
    await channel.consume(
      queue,
      (message) => {
        const born = generation
        const settle = (outcome: 'ack' | 'requeue' | 'dead-letter') => {
          if (born !== generation) {
            this.log.info(
              { queue, messageId: message.properties.messageId },
              'channel replaced meanwhile; the broker redelivers this message',
            )
            return
          }
          if (outcome === 'ack') channel.ack(message)
          else channel.nack(message, false, outcome === 'requeue')
        }
        const work = tracedConsume(queue, message, () => this.handle(queue, handler, message, settle))
        this.inflight.add(work)
        void work.finally(() => this.inflight.delete(work))
      },
      { noAck: false },
    )
  }

  private async handle(
    queue: string,
    handler: MessageHandler,
    message: ConsumeMessage,
    settle: (outcome: 'ack' | 'requeue' | 'dead-letter') => void,
  ) {
    let envelope: AnyEnvelope
    try {
      envelope = JSON.parse(message.content.toString('utf8')) as AnyEnvelope
    } catch {
      this.log.error(
        { queue, messageId: message.properties.messageId },
        'message is not JSON; dead-lettering',
      )
      settle('dead-letter')
      deadLetteredTotal.inc({ queue })
      return
    }
    try {
      await handler(envelope, message)
      settle('ack')
    } catch (error) {
      const retry = error instanceof RetryLater || isTransient(error)
      this.log[retry ? 'warn' : 'error'](
        { err: error, queue, messageId: envelope.id, type: envelope.type },
        retry ? 'handler asked to retry; requeueing' : 'handler failed; dead-lettering',
      )
      settle(retry ? 'requeue' : 'dead-letter')
      if (!retry) deadLetteredTotal.inc({ queue })
    }
  }

  /** Stops taking messages, lets handlers that are running finish, then closes everything. */
  async close() {
    this.removeDepthSource()
    await this.inspector?.close().catch(() => undefined)
    await Promise.all(this.consumers.map((c) => c.cancelAll().catch(() => undefined)))
    await Promise.allSettled([...this.inflight])
    await Promise.all(this.consumers.map((c) => c.close().catch(() => undefined)))
    await this.publisher.close().catch(() => undefined)
    await this.connection.close()
  }
}

export function newEnvelope<T>(type: string, version: number, payload: T, occurredAt = new Date()) {
  return { id: randomUUID(), type, version, occurredAt: occurredAt.toISOString(), payload }
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@')

declare module 'fastify' {
  interface FastifyInstance {
    amqp: AmqpClient
  }
}

export const amqpPlugin = fp<AmqpOptions & { waitForConnectMs?: number }>(
  async function amqpPlugin(fastify: FastifyInstance, options) {
    const client = new AmqpClient(options, fastify.log)
    try {
      await client.waitForConnect(options.waitForConnectMs)
    } catch (error) {
      await client.close().catch(() => undefined)
      throw error
    }
    fastify.decorate('amqp', client)
    registerReadinessCheck(fastify, 'rabbitmq', async () => {
      if (!client.isConnected) throw new Error('not connected')
    })
    fastify.addHook('onClose', async () => client.close())
  },
  { name: 'amqp', fastify: '5.x' },
)
