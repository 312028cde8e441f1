import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import amqplib from 'amqplib'
import pino from 'pino'
import { testBackends, toxicLink, uniqueName } from '@prost/test-support'
import { AmqpClient, newEnvelope, type Topology } from '../../src/amqp.js'
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

async function until(probe: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}

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
      await new Promise((r) => setTimeout(r, 300))
      expect(seen).toEqual([message])
    } finally {
      await client.close()
      await again.close()
    }
  })

  it('dead-letters a message its handler rejects', async () => {
    const client = new AmqpClient({ url: testBackends().amqpUrl, topology }, log)
    try {
      await client.waitForConnect()
      let attempts = 0
      await client.consume(queue, async () => {
        attempts++
        throw new Error('cannot handle this')
      })
      const message = newEnvelope(`${prefix}.poison`, 1, { bad: true })
      await client.publish(message)
      let dead: amqplib.GetMessage | false = false
      await until(() => attempts === 1)
      for (let i = 0; i < 100 && !dead; i++) {
        dead = await rawChannel.get(`${queue}.dead`, { noAck: true })
        if (!dead) await new Promise((r) => setTimeout(r, 50))
      }
      expect(dead && JSON.parse(dead.content.toString())).toEqual(message)
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
      const confirmed = Promise.all(during.map((m) => client.publish(m)))
      await new Promise((r) => setTimeout(r, 1000))
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
})
