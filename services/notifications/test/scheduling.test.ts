import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AmqpClient, LockDoc } from '@prost/platform'
import {
  buildWorker,
  domainPublisher,
  dueMeetup,
  eventState,
  failingOnce,
  openStore,
  silentLog,
  testConfig,
  untilQuiet,
  type TestWorker,
} from './helper.js'
import { startFakeTelegram, type FakeTelegram } from '@prost/test-support'
import { newDelivery, toStateDoc } from '../src/reminders/reminder-planner.js'
import { createReminderScheduler } from '../src/reminders/reminder-scheduler.js'
import { COLLECTIONS, type DeliveryDoc } from '../src/store/documents.js'
import type { Store } from '../src/store/store.js'
import { systemClock } from '../src/clock.js'

/** The event the reminders below belong to, as the planner stores it. */
const plannedEvent = toStateDoc(
  eventState({ eventId: 'e', version: 1, startsAt: new Date(Date.now() + 3_600_000), participants: ['p0'] }),
  new Date(),
)

/** A reminder as the planner stores it, due now and ready for a scheduler round since a second ago. */
const pending = (i: number, now: Date): DeliveryDoc => ({
  ...newDelivery(
    `claim-test:${i}`,
    'reminder',
    plannedEvent,
    `p${i}`,
    new Date(now.getTime() + 3_600_000),
    now,
    now,
  ),
  nextAttemptAt: new Date(now.getTime() - 1000),
})

/** Runs `use` on a database of its own, closed afterwards. */
async function withOwnStore(use: (db: Awaited<ReturnType<typeof openStore>>) => Promise<void>) {
  const db = await openStore(testConfig())
  try {
    await use(db)
  } finally {
    await db.close()
  }
}

/** An AMQP client that only records the payloads published through it. */
function recordingAmqp<Payload>() {
  const published: Payload[] = []
  const amqp = {
    publish: async (envelope: { payload: Payload }) => void published.push(envelope.payload),
  } as unknown as AmqpClient
  return { amqp, published }
}

/** A scheduler on `store` that publishes through `amqp` (tests pass a recorder), polled by hand with tick(). */
const schedulerOn = (store: Store, amqp: AmqpClient, batchSize?: number) =>
  createReminderScheduler({
    store,
    amqp,
    clock: systemClock,
    log: silentLog,
    queue: 'unused',
    intervalMs: 1000,
    leaseSeconds: 60,
    maxQueued: 1000,
    batchSize,
  })

describe('reminder scheduler claims', () => {
  it('two schedulers racing claim every due delivery exactly once; an expired lease is claimed again', async () => {
    await withOwnStore(async (db) => {
      const now = new Date()
      await db.store.deliveries.insertMany(Array.from({ length: 60 }, (_, i) => pending(i, now)))
      const { amqp, published } = recordingAmqp<{ reminderId: string; claimId: string }>()
      const [a, b] = [schedulerOn(db.store, amqp, 15), schedulerOn(db.store, amqp, 15)]
      for (let round = 0; round < 6; round++) await Promise.all([a.tick(), b.tick(), a.tick()])
      const ids = published.map((p) => p.reminderId)
      expect(new Set(ids).size).toBe(60)
      expect(ids).toHaveLength(60)

      // A claim whose lease ran out (its message was lost) is claimed again, with a new claimId.
      const lost = published[0]!
      await db.store.deliveries.updateOne(
        { _id: lost.reminderId },
        { $set: { leaseUntil: new Date(Date.now() - 1) } },
      )
      await a.tick()
      const again = published.slice(60)
      expect(again.map((p) => p.reminderId)).toEqual([lost.reminderId])
      expect(again[0]!.claimId).not.toBe(lost.claimId)
    })
  })
})

describe('a claim whose database write failed', () => {
  it('gives its lock back, and a lock left behind goes stale, so the delivery is still claimed', async () => {
    await withOwnStore(async (db) => {
      const now = new Date()
      const [failing, stranded] = [pending(1001, now), pending(1002, now)]
      await db.store.deliveries.insertMany([failing, stranded])
      // A lock as a claimer that crashed between lock and update two minutes ago would have left it.
      await db.db.collection<LockDoc>(COLLECTIONS.locks).insertOne({
        _id: `claim:${stranded._id}:${stranded.claimRound}:-`,
        at: new Date(now.getTime() - 120_000),
      })
      const { amqp, published } = recordingAmqp<{ reminderId: string }>()
      // The first claim update of `failing` throws as a dropped connection would.
      const faulty = failingOnce(db.store, 'updateOne', (filter) => filter._id === failing._id)
      const scheduler = schedulerOn(faulty.store, amqp)
      await expect(scheduler.tick()).rejects.toThrow('connection reset')
      await scheduler.tick()
      expect(faulty.failures()).toBe(2)
      expect(published.map((p) => p.reminderId).sort()).toEqual([failing._id, stranded._id].sort())
      const statuses = await db.store.deliveries.find({ _id: { $in: [failing._id, stranded._id] } }).toArray()
      expect(statuses.map((d) => d.status)).toEqual(['queued', 'queued'])
    })
  })
})

describe('429 storm', () => {
  const TOKEN = '555:storm'
  let fake: FakeTelegram
  let worker: TestWorker
  const config = testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, SEND_RATE_PER_SECOND: '8' }) // the default per-chat spacing (1.2 s)

  beforeAll(async () => {
    fake = await startFakeTelegram({ token: TOKEN })
    config.TELEGRAM_API_ROOT = fake.apiRoot
    worker = await buildWorker({ ...config, LOG_LEVEL: 'silent' })
  })
  afterAll(async () => {
    await worker?.close()
    await fake?.close()
  })

  it(
    'delivers everything once, later, without exceeding our own send rate',
    { timeout: 90_000 },
    async () => {
      const db = await openStore(config)
      const publisher = await domainPublisher()
      try {
        const { chats, state } = await dueMeetup(db.store, 12, 73_000)
        // Telegram allows only 5/s here (we pace at 8/s), and opens with a burst of explicit 429s.
        fake.enforceRate(5)
        fake.failNext({ kind: 'rate-limited', retryAfter: 2 }, 3)
        await publisher.publish('event.finalized', state)
        await expect.poll(() => chats.every((c) => fake.to(c).length >= 2), { timeout: 60_000 }).toBe(true)
        await untilQuiet([worker], db.store, { eventId: state.eventId })
        for (const chat of chats) expect(fake.to(chat)).toHaveLength(2)
        const rejected = fake.rejected.filter((r) => chats.includes(r.chatId))
        expect(rejected.length).toBeGreaterThanOrEqual(3)

        // Our pacing: never more than 8 requests (sent or refused) in any second, never two to one chat within ~1 s.
        const attempts = [
          ...fake.delivered
            .filter((m) => chats.includes(m.chatId))
            .map((m) => ({ chatId: m.chatId, at: m.at })),
          ...rejected,
        ].sort((x, y) => x.at - y.at)
        const maxPerSecond = Math.max(
          ...attempts.map((x) => attempts.filter((y) => y.at >= x.at && y.at < x.at + 1000).length),
        )
        expect(maxPerSecond).toBeLessThanOrEqual(8 + 1) // +1: timer jitter at the window edge
        for (const chat of chats) {
          const times = attempts.filter((x) => x.chatId === chat).map((x) => x.at)
          for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950)
        }
      } finally {
        fake.enforceRate(null)
        await publisher.close()
        await db.close()
      }
    },
  )
})
