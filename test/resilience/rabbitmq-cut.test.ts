/**
 * The events service's RabbitMQ connection is cut (Toxiproxy between it and the shared broker) while
 * events are created and edited: every write succeeds, and once the link is back every domain
 * message arrives. Duplicates are allowed only as redeliveries of the same message id (consumers
 * deduplicate by id); they are counted.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import amqplib from 'amqplib'
import { DOMAIN_EXCHANGE } from '@prost/contracts'
import {
  call,
  newEventBody,
  startService,
  testBackends,
  toxicLink,
  uniqueName,
  userToken,
  type ServiceApp,
} from '@prost/test-support'

interface Seen {
  id: string
  type: string
  eventId: string
  version: number
}

let link: Awaited<ReturnType<typeof toxicLink>>
let app: ServiceApp
let base: string
let consumer: amqplib.ChannelModel
const seen: Seen[] = []
/** The service's attempts to reach RabbitMQ that were refused (the link was cut). */
let refusedConnects = 0

beforeAll(async () => {
  const amqpUrl = new URL(testBackends().amqpUrl)
  link = await toxicLink(`${amqpUrl.hostname}:${amqpUrl.port || 5672}`)
  const linked = new URL(amqpUrl)
  linked.hostname = '127.0.0.1'
  linked.port = String(link.port)

  // Our own observer on the real broker: a private, auto-deleted queue bound like the consumers'.
  consumer = await amqplib.connect(testBackends().amqpUrl)
  const ch = await consumer.createChannel()
  await ch.assertExchange(DOMAIN_EXCHANGE, 'topic', { durable: true })
  const { queue } = await ch.assertQueue(uniqueName('res-amqp-observer'), {
    exclusive: true,
    autoDelete: true,
  })
  for (const pattern of ['event.*', 'participant.joined']) await ch.bindQueue(queue, DOMAIN_EXCHANGE, pattern)
  await ch.consume(queue, (msg) => {
    if (!msg) return
    const envelope = JSON.parse(msg.content.toString('utf8')) as {
      id: string
      type: string
      payload: { eventId: string; version: number }
    }
    seen.push({
      id: envelope.id,
      type: envelope.type,
      eventId: envelope.payload.eventId,
      version: envelope.payload.version,
    })
    ch.ack(msg)
  })

  ;({ app, url: base } = await startService('events', {
    AMQP_URL: linked.toString().replace(/\/$/, ''),
    RATE_LIMIT_MAX: '100000',
    OUTBOX_SWEEP_MS: '300',
  }))
  app.amqp.connection.on('connectFailed', () => refusedConnects++)
})

afterAll(async () => {
  await link?.restore().catch(() => undefined)
  await app?.close()
  await link?.remove()
  await consumer?.close().catch(() => undefined)
})

describe('events with its RabbitMQ link cut during writes', () => {
  it('loses no domain message', { timeout: 60_000 }, async () => {
    const token = userToken('Amqp Tester')
    const writes: { type: string; eventId: string; version: number }[] = []
    const create = async (title: string) => {
      const res = await call<{ id: string; version: number }>(base, 'POST', '/api/events', {
        token,
        body: newEventBody(title),
      })
      expect(res.status, res.text).toBe(201)
      writes.push({ type: 'event.created', eventId: res.json.id, version: res.json.version })
      return res.json.id
    }
    const edit = async (id: string, title: string) => {
      const res = await call<{ version: number }>(base, 'PATCH', `/api/events/${id}`, {
        token,
        body: { title },
      })
      expect(res.status, res.text).toBe(200)
      writes.push({ type: 'event.updated', eventId: id, version: res.json.version })
    }

    const before = [await create('Before 1'), await create('Before 2')]
    const ofOurs = (ids: string[]) => seen.filter((s) => ids.includes(s.eventId))
    await expect.poll(() => ofOurs(before).length, { timeout: 15_000, message: 'the first messages' }).toBe(2)

    await link.cut()
    const cutAt = Date.now()
    const refusedAtCut = refusedConnects
    const during: string[] = []
    for (let i = 0; i < 4; i++) during.push(await create(`During ${i}`))
    for (const id of [...before, ...during]) await edit(id, `Edited while cut`)
    // The link stays cut until the service has seen it down and tried, in vain, to reconnect twice
    // (its back-off makes that about 3 s): the messages of the writes above wait meanwhile.
    await expect
      .poll(() => !app.amqp.isConnected && refusedConnects - refusedAtCut >= 2, {
        timeout: 15_000,
        message: 'two refused reconnects while cut',
      })
      .toBe(true)
    expect(ofOurs([...before, ...during]).length, 'messages that crossed a cut link').toBe(2)
    const cutFor = Date.now() - cutAt
    await link.restore()
    const restoredAt = Date.now()

    const key = (m: { type: string; eventId: string; version: number }) =>
      `${m.type}:${m.eventId}:${m.version}`
    const expected = new Set(writes.map(key))
    const ours = () => seen.filter((s) => writes.some((w) => w.eventId === s.eventId))
    // Waits for every message, but on a timeout goes on to report (and assert) what was lost.
    await vi
      .waitFor(() => expect([...expected].every((k) => ours().some((s) => key(s) === k))).toBe(true), {
        timeout: 50_000,
        interval: 100,
      })
      .catch(() => undefined)
    const received = ours()
    const lost = [...expected].filter((k) => !received.some((s) => key(s) === k))
    const distinctIds = new Set(received.map((s) => s.id))
    const redeliveries = received.length - distinctIds.size
    // Two different message ids for one change would be a duplicate consumers cannot drop by id.
    const byKey = new Map<string, Set<string>>()
    for (const s of received) byKey.set(key(s), (byKey.get(key(s)) ?? new Set()).add(s.id))
    const undeduplicable = [...byKey.values()].filter((ids) => ids.size > 1).length
    console.log(
      `[rabbitmq-cut] writes: ${writes.length} (${writes.length - 2} while cut for ${cutFor} ms, ${refusedConnects - refusedAtCut} reconnects refused); messages expected: ${expected.size}, received: ${received.length}, lost: ${lost.length}, duplicates (same id): ${redeliveries}, duplicates with a new id: ${undeduplicable}; all in ${Date.now() - restoredAt} ms after the restore`,
    )
    expect(lost).toEqual([])
    expect(undeduplicable).toBe(0)
  })
})
