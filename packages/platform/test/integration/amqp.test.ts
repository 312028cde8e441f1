import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import amqplib from 'amqplib'
import pino from 'pino'
import { MongoNetworkError } from 'mongodb'
import { testBackends, toxicLink, uniqueName } from '@prost/test-support'
import { AmqpClient, newEnvelope, type Topology } from '../../src/amqp.js'
import { metricValue } from '../../src/testing/metric-value.js'
import type { AnyEnvelope } from '@prost/contracts'

const log = pino({ level: 'silent' })
const prefix = uniqueName('kit').replace(/_/g, '')
const queue = `${prefix}.work`
const topology: Topology = { queues: [{ name: queue, bindings: [{ pattern: `${prefix}.#` }] }] }
let raw: amqplib.ChannelModel
let rawChannel: amqplib.Channel

beforeAll(async () => {
  raw = await amqplib.connect(testBackends().amqpUrl)
  rawChannel = await raw.createChannel()
})
afterAll(async () => {
  for (const q of [queue, `${queue}.dead`]) await rawChannel.deleteQueue(q).catch(() => undefined)
  await raw.close()
})

function collector() {
  const seen: AnyEnvelope[] = []
  return { seen, handler: async (envelope: AnyEnvelope) => void seen.push(envelope) }
}

const until = (probe: () => boolean, timeout = 20_000) =>
  vi.waitFor(() => expect(probe()).toBe(true), { timeout, interval: 50 })

/** Resolves once the queue holds no message, ready or unacknowledged: nothing more can be delivered. */
const drained = (name: string) =>
  vi.waitFor(
    async () => {
      const { messageCount } = await rawChannel.checkQueue(name)
      expect(messageCount).toBe(0)
    },
    { timeout: 20_000, interval: 50 },
  )

/** The next dead-lettered message of the work queue. */
const deadLettered = () =>
  vi.waitFor(
    async () => {
      const dead = await rawChannel.get(`${queue}.dead`, { noAck: true })
      expect(dead).not.toBe(false)
      return JSON.parse((dead as amqplib.GetMessage).content.toString()) as AnyEnvelope
    },
    { timeout: 20_000, interval: 50 },
  )

describe('AmqpClient against RabbitMQ', () => {
  it('declares the topology idempotently, publishes with confirms and consumes once', async () => {
    const client = new AmqpClient({ url: testBackends().amqpUrl, topology }, log)
    const again = new AmqpClient({ url: testBackends().amqpUrl, topology }, log) // same declarations: no error
    try {
      await Promise.all([client.waitForConnect(), again.waitForConnect()])
      const { seen, handler } = collector()
      await client.consume(queue, handler)
      const message = newEnvelope(`${prefix}.created`, 1, { n: 1 })
      await client.publish(message)
      await until(() => seen.length === 1)
      // Acked, and the queue is empty: no second delivery can follow.
      await drained(queue)
      expect(seen).toEqual([message])
    } finally {
      await client.close()
      await again.close()
    }
  })

  it('dead-letters a message its handler rejects, and counts it and the queue depth as metrics', async () => {
    const client = new AmqpClient({ url: testBackends().amqpUrl, topology }, log)
    const depth = () => metricValue('prost_amqp_dead_letter_messages', { queue })
    try {
      await client.waitForConnect()
      // Read from the broker at scrape time, from the first scrape on.
      expect(await client.deadLetterDepths()).toEqual(new Map([[queue, 0]]))
      const countedBefore = await metricValue('prost_amqp_dead_lettered_total', { queue })
      let attempts = 0
      await client.consume(queue, async () => {
        attempts++
        throw new Error('cannot handle this')
      })
      const message = newEnvelope(`${prefix}.poison`, 1, { bad: true })
      await client.publish(message)
      await until(() => attempts === 1)
      await vi.waitFor(async () => expect(await depth()).toBe(1), { timeout: 20_000, interval: 50 })
      expect(await metricValue('prost_amqp_dead_lettered_total', { queue })).toBe(countedBefore + 1)
      expect(await deadLettered()).toEqual(message)
      expect(await depth()).toBe(0) // taken off the dead-letter queue: the gauge follows the broker
      expect(attempts).toBe(1)
    } finally {
      await client.close()
    }
  })

  it('reconnects after the connection drops and loses no message', async () => {
    const link = await toxicLink('127.0.0.1:5672')
    const url = testBackends().amqpUrl.replace(':5672', `:${link.port}`)
    const client = new AmqpClient({ url, topology, connectionName: prefix }, log)
    try {
      await client.waitForConnect()
      const { seen, handler } = collector()
      await client.consume(queue, handler)
      const before = newEnvelope(`${prefix}.before`, 1, {})
      await client.publish(before)
      await until(() => seen.length === 1)

      await link.cut()
      await until(() => !client.isConnected)
      // Published while the broker is unreachable: held and confirmed after the reconnect.
      const during = Array.from({ length: 20 }, (_, n) => newEnvelope(`${prefix}.during`, 1, { n }))
      let settled = false
      const confirmed = Promise.all(during.map((m) => client.publish(m))).finally(() => (settled = true))
      // Held, neither confirmed nor failed, while the broker is away.
      await new Promise((r) => setImmediate(r))
      expect(settled).toBe(false)
      await link.restore()
      await confirmed
      await until(() => new Set(seen.map((m) => m.id)).size === 21, 45_000)
      expect(new Set(seen.map((m) => m.id))).toEqual(new Set([before, ...during].map((m) => m.id)))
      expect(client.isConnected).toBe(true)
    } finally {
      await client.close()
      await link.remove()
    }
  }, 60_000)

  it('requeues, never dead-letters, a message whose handler found the database away', async () => {
    const client = new AmqpClient({ url: testBackends().amqpUrl, topology }, log)
    try {
      await client.waitForConnect()
      const { seen, handler } = collector()
      let attempts = 0
      await client.consume(queue, async (envelope) => {
        if (++attempts === 1) throw new MongoNetworkError('connection reset by the database')
        await handler(envelope)
      })
      const message = newEnvelope(`${prefix}.outage`, 1, { n: 1 })
      await client.publish(message)
      await until(() => seen.length === 1)
      await drained(queue)
      expect(seen).toEqual([message])
      expect(attempts).toBe(2)
      expect(await rawChannel.get(`${queue}.dead`, { noAck: true })).toBe(false)
    } finally {
      await client.close()
    }
  })
})
