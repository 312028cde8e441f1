/** The notifications worker under process and link faults (the platform-wide fault suites are in test/resilience/). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import amqplib from 'amqplib'
import { declareTopology } from '@prost/platform'
import { startFakeTelegram, testBackends, toxicLink, type FakeTelegram } from '@prost/test-support'
import { notificationsTopology, queueNames } from '../../src/topology.js'
import {
  buildWorker,
  domainPublisher,
  dueMeetup,
  envOf,
  eventState,
  linkChat,
  objectId,
  openStore,
  reminderDueNow,
  testConfig,
  untilQuiet,
} from '../helper.js'

const TOKEN = '999:faults'

/** Runs src/worker.ts as a real process (so it can be killed with SIGKILL, mid-send). */
function startWorkerProcess(env: Record<string, string>, name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = createWriteStream(path.join(testBackends().logDir, `${name}.log`))
  child.stdout!.pipe(log)
  child.stderr!.pipe(log)
  return child
}

/** Messages ready in the worker's events queue (not handed to any consumer). */
async function eventsWaiting(config: ReturnType<typeof testConfig>) {
  const connection = await amqplib.connect(testBackends().amqpUrl)
  try {
    const channel = await connection.createChannel()
    return (await channel.checkQueue(queueNames(config).events)).messageCount
  } finally {
    await connection.close()
  }
}

describe('notifications worker under faults', () => {
  let fake: FakeTelegram
  let publisher: Awaited<ReturnType<typeof domainPublisher>>
  const children: ChildProcess[] = []

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN })
    publisher = await domainPublisher()
  })
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    await publisher?.close()
    await fake?.close()
  })

  it(
    'a worker killed mid-batch (mid-request, unacked) and replaced loses no message and sends none twice',
    { timeout: 120_000 },
    async () => {
      const config = testConfig({
        TELEGRAM_BOT_TOKEN: TOKEN,
        SEND_RATE_PER_SECOND: '4',
        SEND_CHAT_INTERVAL_MS: '200',
      })
      config.TELEGRAM_API_ROOT = fake.apiRoot
      const db = await openStore(config)
      try {
        const { chats, state } = await dueMeetup(db.store, 8, 71_000)
        // Declare the worker's queues first, so the event waits for the worker process however slowly it boots.
        const connection = await amqplib.connect(testBackends().amqpUrl)
        await declareTopology(await connection.createConfirmChannel(), notificationsTopology(config))
        await connection.close()
        await publisher.publish('event.finalized', state)
        const first = startWorkerProcess(envOf(config), 'notifications-worker-a')
        children.push(first)
        const ours = () => fake.delivered.filter((m) => chats.includes(m.chatId))
        await expect.poll(() => ours().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5)
        fake.hold() // the next message is delivered but its answer never comes back
        await expect.poll(() => fake.heldCount, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
        first.kill('SIGKILL')
        await new Promise((resolve) => first.once('exit', resolve))
        const deliveredBeforeKill = ours().length
        fake.release()
        expect(deliveredBeforeKill).toBeLessThan(chats.length * 2)
        const second = await buildWorker({ ...config, LOG_LEVEL: 'silent' })
        try {
          await expect
            .poll(() => chats.every((c) => fake.to(c).length >= 2), { timeout: 30_000 })
            .toBe(true)
            .catch(async (e: unknown) => {
              const docs = await db.store.deliveries.find({ eventId: state.eventId }).toArray()
              console.log(
                'deliveries at timeout',
                JSON.stringify(
                  docs.map((d) => [
                    d._id.slice(-6),
                    d.kind,
                    d.status,
                    d.attempts,
                    d.lastError,
                    d.nextAttemptAt,
                  ]),
                ),
                chats.map((c) => fake.to(c).length),
                fake.rejected.length,
              )
              throw e
            })
          // The send whose answer was lost stays `sending`: by design it is never sent again.
          await untilQuiet([second], db.store, { eventId: state.eventId }, { allowSending: 1 })
        } finally {
          await second.close()
        }
        for (const chatId of chats) {
          expect(
            fake
              .to(chatId)
              .map((m) => m.text[0])
              .sort(),
          ).toEqual(['⏰', '✅'].sort())
        }
        const deliveries = await db.store.deliveries.find({ eventId: state.eventId }).toArray()
        const byStatus = deliveries.reduce<Record<string, number>>(
          (acc, d) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }),
          {},
        )
        // The message whose answer was lost stays `sending` (delivered, never resent): the documented outcome.
        expect(byStatus).toEqual({ sent: chats.length * 2 - 1, sending: 1 })
      } finally {
        await db.close()
      }
    },
  )

  it('recovers after its RabbitMQ connection is cut and restored', { timeout: 90_000 }, async () => {
    const { amqpUrl } = testBackends()
    const upstream = new URL(amqpUrl)
    const link = await toxicLink(`${upstream.hostname}:${upstream.port || 5672}`)
    const proxied = new URL(amqpUrl)
    proxied.port = String(link.port)
    const config = testConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      AMQP_URL: proxied.toString(),
      SEND_CHAT_INTERVAL_MS: '100',
    })
    config.TELEGRAM_API_ROOT = fake.apiRoot
    const db = await openStore(config)
    const worker = await buildWorker({ ...config, LOG_LEVEL: 'silent' })
    try {
      const ann = objectId()
      const chat = await linkChat(db.store, ann, 72_000)
      const first = eventState({
        version: 1,
        startsAt: reminderDueNow(),
        participants: [ann],
      })
      await publisher.publish('event.finalized', first)
      await expect.poll(() => fake.to(chat).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)

      await link.cut()
      await expect.poll(() => worker.amqp.isConnected, { timeout: 15_000 }).toBe(false)
      // Published while the worker is cut off: waits in its durable queue.
      const second = eventState({
        version: 1,
        startsAt: reminderDueNow(),
        participants: [ann],
        title: 'After the blip',
      })
      await publisher.publish('event.finalized', second)
      await expect.poll(() => eventsWaiting(config), { timeout: 15_000 }).toBeGreaterThanOrEqual(1)
      expect(fake.to(chat)).toHaveLength(2)
      await link.restore()

      await expect.poll(() => fake.to(chat).length, { timeout: 45_000 }).toBeGreaterThanOrEqual(4)
      await untilQuiet([worker], db.store, { eventId: { $in: [first.eventId, second.eventId] } })
      const texts = fake.to(chat).map((m) => m.text)
      expect(texts).toHaveLength(4)
      expect(texts.filter((t) => t.includes('After the blip'))).toHaveLength(2)
    } finally {
      await worker.close()
      await link.remove()
      await db.close()
    }
  })
})
