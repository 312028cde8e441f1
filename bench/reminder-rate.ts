/**
 * Reminder burst against Telegram's rate limit (issue: "10,000 reminders due at once, fake API
 * enforcing 30 msg/s with 429s"): delivered count, duplicates, and the achieved rate as a fraction of
 * the 30 msg/s the fake Bot API allows (target ≥ 95 %, none lost, none sent twice).
 *   npx tsx bench/reminder-rate.ts [reminders=10000]
 *
 * Runs the real notifications worker code in this process, on the real backends (MONGODB_URL,
 * REDIS_URL, AMQP_URL, as scripts/stack/bench-run.ts sets them).
 * 1. Seeding inserts the documents the planner itself writes for reminders/500 finalized events of
 *    500 participants starting in 59 minutes: one Telegram link per participant (distinct chat ids),
 *    the event states (the planner's own toStateDoc) and one pending reminder delivery per
 *    participant (_id `<eventId>:<participantId>`, due now, built by the planner's newDelivery).
 *    Inserted, not planned from event.finalized messages, because on FerretDB v1 the planner slows
 *    down quadratically: each participant costs a findOne by _id that misses, and FerretDB 1.24's
 *    SQLite backend never uses its _id index (a full scan every time; 1,000 reminders took 11 s,
 *    10,000 would take many minutes). The "it's decided" notices are left out: they went out when
 *    the events were finalized.
 * 2. The burst: a worker running the scheduler and the sender (SEND_RATE_PER_SECOND at its default, budget in
 *    Redis, reminder.due through RabbitMQ) against test/support/fake-telegram.ts enforcing 30 msg/s
 *    with 429 + retry_after, until every reminder arrived or reminders/30 s × 1.5 passed.
 * Delivered, duplicates and 429s are counted at the fake API. Database, queues and Redis keys are
 * unique to the run and removed afterwards. Prints figures; never fails on speed.
 */
import { performance } from 'node:perf_hooks'
import amqplib from 'amqplib'
import { Redis } from 'ioredis'
import { MongoClient, ObjectId } from 'mongodb'
import { createServer, loadConfig } from '@prost/platform'
import type { EventState } from '@prost/contracts'
import { startFakeTelegram } from '../test/support/fake-telegram.js'
import { NotificationsConfigSchema, type NotificationsConfig } from '../services/notifications/src/config.js'
import {
  notificationsWorker,
  type WorkerOptions,
} from '../services/notifications/src/notifications-worker.js'
import { createStore } from '../services/notifications/src/store/store.js'
import { newDelivery, toStateDoc } from '../services/notifications/src/reminders/reminder-planner.js'
import { queueNames } from '../services/notifications/src/topology.js'
import { report } from './report.js'

const [reminders = 10_000] = process.argv.slice(2).map(Number)
const PER_EVENT = 500
const RATE = 30 // the fake API's limit (Telegram's); our SEND_RATE_PER_SECOND stays at its default
const TOKEN = '4242:reminder-rate-bench'
const CHAT_BASE = 880_000_000
const suffix = `${process.pid}_${Date.now()}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const oid = () => new ObjectId().toHexString()
const secs = (ms: number) => (ms / 1000).toFixed(1)

async function worker(config: NotificationsConfig, run: WorkerOptions['run']) {
  const app = await createServer({
    name: 'notifications-worker',
    config,
    metrics: false,
    logger: { level: 'error' },
  })
  await app.register(notificationsWorker, { config, run })
  await app.ready()
  return app
}

/** A finalized event as the events service carries it in event.finalized. */
function finalizedEvent(participants: string[], startsAt: Date, n: number): EventState {
  const timeOptionId = oid()
  const place = {
    id: oid(),
    name: 'Zum Goldenen Fass',
    address: 'Hauptstr. 1',
    mapUrl: 'https://maps.example/fass',
  }
  const endsAt = new Date(startsAt.getTime() + 2 * 3600_000).toISOString()
  const joinedAt = new Date().toISOString()
  return {
    eventId: oid(),
    version: 3,
    title: `Stammtisch ${n}`,
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: 'finalized',
    organizer: { id: participants[0]!, name: 'P0' },
    votingDeadline: null,
    timeOptions: [{ id: timeOptionId, startsAt: startsAt.toISOString(), endsAt }],
    placeOptions: [place],
    participants: participants.map((id, i) => ({
      id,
      kind: i % 5 ? 'participant' : 'user',
      name: `P${i}`,
      joinedAt,
    })),
    invitedUserIds: [],
    final: { timeOptionId, placeOptionId: place.id, startsAt: startsAt.toISOString(), endsAt, place },
  }
}

async function main() {
  const events = Math.ceil(reminders / PER_EVENT)
  const fake = await startFakeTelegram({ token: TOKEN })
  const config = loadConfig(NotificationsConfigSchema, {
    MONGODB_URL: process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    MONGODB_DB: `bench_reminders_${suffix}`,
    NOTIFICATIONS_QUEUE_PREFIX: `bench_reminders_${suffix}.`,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    LOG_LEVEL: 'error',
  })
  const mongo = await MongoClient.connect(config.MONGODB_URL)
  const store = createStore(mongo.db(config.MONGODB_DB))
  let sender: Awaited<ReturnType<typeof worker>> | undefined
  try {
    // 1. seeding
    console.log(
      `reminder bench: ${reminders.toLocaleString('en')} linked participants in ${events} finalized events of ≤ ${PER_EVENT}`,
    )
    const seedStarted = performance.now()
    const people = Array.from({ length: reminders }, () => oid())
    const chatOf = new Map(people.map((id, i) => [CHAT_BASE + i, id]))
    const now = new Date()
    const startsAt = new Date(now.getTime() + 59 * 60_000)
    const dueAt = new Date(startsAt.getTime() - config.REMINDER_LEAD_MINUTES * 60_000)
    for (let e = 0; e < events; e++) {
      const group = people.slice(e * PER_EVENT, (e + 1) * PER_EVENT)
      const state = toStateDoc(finalizedEvent(group, startsAt, e), now)
      await store.links.insertMany(
        group.map((id, k) => ({
          _id: id,
          subjectKind: 'user' as const,
          chatId: CHAT_BASE + e * PER_EVENT + k,
          languageCode: k % 4 ? 'en' : 'ru',
          linkedAt: now,
        })),
      )
      await store.deliveries.insertMany(
        group.map((participantId) =>
          newDelivery(
            `${state._id}:${participantId}`,
            'reminder',
            state,
            participantId,
            state.final!.startsAt,
            dueAt,
            now,
          ),
        ),
      )
      await store.eventStates.insertOne(state)
    }
    const due = await store.deliveries.countDocuments({
      kind: 'reminder',
      status: 'pending',
      nextAttemptAt: { $lte: new Date() },
    })
    console.log(
      `seeded ${due.toLocaleString('en')} due reminders in ${secs(performance.now() - seedStarted)} s`,
    )

    // 2. the burst
    fake.enforceRate(RATE)
    const started = performance.now()
    const startedAt = Date.now()
    sender = await worker(config, { planner: false, scheduler: true, sender: true })
    // The planner is off: nothing but this run's reminders lands in this run's database.
    const ours = () => fake.delivered.filter((m) => chatOf.has(m.chatId))
    const uniqueChats = () => new Set(ours().map((m) => m.chatId)).size
    const timeoutMs = Math.max(60_000, (reminders / RATE) * 1.5 * 1000)
    let lastProgress = performance.now()
    while (uniqueChats() < reminders && performance.now() - started < timeoutMs) {
      await sleep(500)
      if (performance.now() - lastProgress >= 30_000) {
        lastProgress = performance.now()
        console.log(
          `  ${secs(performance.now() - started)} s: ${uniqueChats().toLocaleString('en')} delivered, ${fake.rejected.filter((r) => r.status === 429).length} × 429`,
        )
      }
    }
    await sleep(2000) // a duplicate would arrive late: give it the chance to
    await sender.close()
    sender = undefined

    const messages = ours()
    const perChat = new Map<number, number>()
    for (const m of messages) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1)
    const delivered = perChat.size
    const duplicates = messages.length - delivered
    const tooMany = fake.rejected.filter((r) => r.status === 429).length
    const otherErrors = fake.rejected.length - tooMany
    const times = messages.map((m) => m.at).sort((a, b) => a - b)
    const firstAttempt = Math.min(times[0] ?? Infinity, ...fake.rejected.map((r) => r.at))
    const last = times.at(-1) ?? firstAttempt
    const rate = delivered > 1 ? (messages.length - 1) / ((last - firstAttempt) / 1000) : 0
    const byStatus = await store.deliveries
      .aggregate<{ _id: string; n: number }>([
        { $match: { kind: 'reminder' } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ])
      .toArray()
    console.log(
      `burst: ${delivered.toLocaleString('en')}/${reminders.toLocaleString('en')} reminders in ${secs(last - startedAt)} s ` +
        `(first message after ${secs(firstAttempt - startedAt)} s), ${tooMany} × 429, ${otherErrors} other refusals, ${duplicates} duplicates; ` +
        `reminders by status in Mongo: ${byStatus.map((s) => `${s._id} ${s.n}`).join(', ')}`,
    )
    const dueBaseline = { name: 'due', value: reminders }
    report({
      figure: `reminders delivered, ${reminders.toLocaleString('en')} due at once`,
      value: delivered,
      unit: 'msgs',
      baseline: dueBaseline,
      target: '= 100 %',
      pass: delivered === reminders,
    })
    report({
      figure: 'reminders sent twice (at the fake API)',
      value: duplicates,
      unit: 'msgs',
      target: '0',
      pass: duplicates === 0,
    })
    report({
      figure: 'achieved send rate, first to last message',
      value: rate,
      unit: 'msg/s',
      baseline: { name: 'fake API limit', value: RATE },
      target: '≥ 0.95×',
      pass: rate >= 0.95 * RATE && delivered === reminders,
    })
    report({
      figure: '429s from the fake API during the burst',
      value: tooMany,
      unit: 'responses',
      baseline: dueBaseline,
    })
  } finally {
    await sender?.close().catch(() => undefined)
    await fake.close()
    await cleanUp(config, mongo).catch((error: Error) => console.error(`  ! clean-up: ${error.message}`))
  }
}

/** Drops the run's database, queues (with their dead-letter queues) and send-rate keys. */
async function cleanUp(config: NotificationsConfig, mongo: MongoClient) {
  await mongo.db(config.MONGODB_DB).dropDatabase()
  await mongo.close()
  const connection = await amqplib.connect(config.AMQP_URL)
  const channel = await connection.createChannel()
  for (const queue of Object.values(queueNames(config))) {
    await channel.deleteQueue(queue)
    await channel.deleteQueue(`${queue}.dead`)
  }
  await connection.close()
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  const prefix = `notifications:rate:${config.NOTIFICATIONS_QUEUE_PREFIX}`
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  redis.disconnect()
}

await main()
