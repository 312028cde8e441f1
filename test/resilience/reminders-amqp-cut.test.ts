/**
 * The notifications worker's RabbitMQ connection is cut (Toxiproxy between it and the shared broker)
 * twice while its scheduler publishes reminder.due and its sender works through them: once
 * mid-stream, once while Telegram holds its answers back, so sends are in flight and their messages
 * unacked. Counted at a fake Bot API: every linked participant gets exactly one "it's decided" notice
 * and exactly one reminder; nothing is lost and nothing is sent twice.
 *
 * The worker runs in-process (planner, scheduler and sender in one instance, as src/worker.ts runs
 * them): the fault is the network link, not the process (a SIGKILL mid-batch is covered by
 * services/notifications/test/resilience/worker-faults.test.ts), and in-process the test can see the worker's
 * connection state and read its log.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import amqplib from 'amqplib'
import { MongoClient, ObjectId, type Collection } from 'mongodb'
import { DOMAIN_EXCHANGE, type EventState } from '@prost/contracts'
import { loadConfig, newEnvelope } from '@prost/platform'
import { testEnv } from '@prost/platform/testing'
import { notificationsService } from '@prost/notifications'
import {
  startFakeTelegram,
  testBackends,
  toxicLink,
  uniqueName,
  type FakeTelegram,
} from '@prost/test-support'
// The worker is no service definition of the package's: the one import of a service's source here.
import { notificationsWorker } from '../../services/notifications/src/notifications-worker.js'

const TOKEN = '999:amqp-cut'
const EVENTS = 4
const LINKED_PER_EVENT = 12
/** How often the worker must fail to reach RabbitMQ before a cut ends (its back-off makes 2 about 3 s). */
const REFUSED_RECONNECTS_PER_CUT = 2

type Config = ReturnType<typeof notificationsConfig>

/** The documents of the notifications database this test reads and writes (its collections by name). */
interface TelegramLink {
  _id: string
  subjectKind: 'user' | 'participant'
  chatId: number
  languageCode: string
  linkedAt: Date
}
interface Delivery {
  _id: string
  kind: string
  eventId: string
  participantId: string
  status: string
}

let fake: FakeTelegram
let link: Awaited<ReturnType<typeof toxicLink>>
let publisher: Awaited<ReturnType<typeof domainPublisher>>
let mongo: MongoClient | undefined
let store: { links: Collection<TelegramLink>; deliveries: Collection<Delivery> }
let worker: FastifyInstance | undefined
let config: Config
const logLines: { level: number; msg: string; line: string }[] = []

/** The worker plugin on a bare Fastify whose log the test keeps (to count reconnects, reclaims, drops). */
async function startWorker(workerConfig: Config) {
  const app = Fastify({
    logger: {
      level: 'info',
      stream: {
        write: (line: string) => {
          const { level, msg } = JSON.parse(line) as { level: number; msg: string }
          logLines.push({ level, msg, line })
        },
      },
    },
  })
  // Unwrapped, so the test sees the worker's AMQP client (app.amqp).
  await app.register(fp(notificationsWorker), { config: workerConfig })
  await app.ready()
  return app
}

const logged = (msg: string) => logLines.filter((l) => l.msg === msg).length

function notificationsConfig(env: Record<string, string>) {
  return loadConfig(
    notificationsService.configSchema,
    testEnv('notifications', { NOTIFICATIONS_QUEUE_PREFIX: `${uniqueName('t')}.`, ...env }),
  )
}

/** The worker's queues (see the service's topology): domain events in, reminder.due between its parts. */
const queueNames = ({ NOTIFICATIONS_QUEUE_PREFIX: prefix }: Config) => ({
  events: `${prefix}notifications.events`,
  reminders: `${prefix}notifications.reminders`,
})

/** Publishes domain messages on the shared exchange, as the events service does. */
async function domainPublisher() {
  const connection = await amqplib.connect(testBackends().amqpUrl)
  const channel = await connection.createConfirmChannel()
  return {
    async publish(type: string, payload: unknown) {
      const envelope = newEnvelope(type, 1, payload)
      channel.publish(DOMAIN_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
        contentType: 'application/json',
        messageId: envelope.id,
        type,
      })
      await channel.waitForConfirms()
    },
    close: () => connection.close(),
  }
}

const objectId = () => new ObjectId().toHexString()

/** A finalized event starting at `startsAt`; the first participant organizes it. */
function finalizedEvent(startsAt: Date, participants: string[], title: string): EventState {
  const timeOptionId = objectId()
  const place = { id: objectId(), name: 'Zum Goldenen Fass', address: 'Hauptstr. 1' }
  const endsAt = new Date(startsAt.getTime() + 7_200_000).toISOString()
  return {
    eventId: objectId(),
    version: 1,
    title,
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: 'finalized',
    organizer: { id: participants[0]!, name: 'Org' },
    votingDeadline: null,
    timeOptions: [{ id: timeOptionId, startsAt: startsAt.toISOString(), endsAt }],
    placeOptions: [place],
    participants: participants.map((id, i) => ({
      id,
      kind: i % 2 ? ('participant' as const) : ('user' as const),
      name: `P${i}`,
      joinedAt: new Date().toISOString(),
    })),
    invitedUserIds: [],
    final: { timeOptionId, placeOptionId: place.id, startsAt: startsAt.toISOString(), endsAt, place },
  }
}

/** Messages waiting in one of the worker's queues (not counting those delivered and not yet acked). */
async function queueState(queue: string) {
  const connection = await amqplib.connect(testBackends().amqpUrl)
  try {
    const channel = await connection.createChannel()
    const state = await channel.checkQueue(queue)
    await channel.close()
    return state
  } finally {
    await connection.close()
  }
}
/**
 * Reconnects caused by acking, on a new connection, a message delivered on the one before (the
 * platform's AMQP client skips such acks since this test found them; counted so a regression fails).
 */
const staleAckDrops = () =>
  logLines.filter(
    (l) => l.msg === 'rabbitmq connection lost; reconnecting' && l.line.includes('unknown delivery tag'),
  ).length

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN })
  const amqpUrl = new URL(testBackends().amqpUrl)
  link = await toxicLink(`${amqpUrl.hostname}:${amqpUrl.port || 5672}`)
  const linked = new URL(amqpUrl)
  linked.hostname = '127.0.0.1'
  linked.port = String(link.port)
  config = notificationsConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    AMQP_URL: linked.toString().replace(/\/$/, ''),
    // 96 messages at 10/s: about 10 s of sending, long enough to cut the link twice in the middle.
    SEND_RATE_PER_SECOND: '10',
    SEND_CHAT_INTERVAL_MS: '1200',
    // maxQueued = max(20, 10 × 10 / 2) = 50 of 104 deliveries: the scheduler keeps publishing while
    // the sender sends, and a claim whose reminder.due was lost is claimed again within the test.
    REMINDER_LEASE_SECONDS: '10',
    SCHEDULER_INTERVAL_MS: '100',
    // Held answers must not time out: a send that times out is retried by design (a resend, not a fault).
    TELEGRAM_TIMEOUT_MS: '30000',
  })
  mongo = await MongoClient.connect(config.MONGODB_URL)
  const db = mongo.db(config.MONGODB_DB)
  store = { links: db.collection('telegram_links'), deliveries: db.collection('deliveries') }
  publisher = await domainPublisher()
})

afterAll(async () => {
  await link?.restore().catch(() => undefined)
  await worker?.close()
  // The worker's log, for a look after a failure.
  if (logLines.length) {
    writeFileSync(
      path.join(testBackends().logDir, `reminders-amqp-cut-worker-${process.pid}.log`),
      logLines.map((l) => l.line).join(''),
    )
  }
  await link?.remove()
  await publisher?.close()
  if (config) {
    const connection = await amqplib.connect(testBackends().amqpUrl)
    try {
      const channel = await connection.createChannel()
      for (const queue of Object.values(queueNames(config))) {
        await channel.deleteQueue(queue).catch(() => undefined)
        await channel.deleteQueue(`${queue}.dead`).catch(() => undefined)
      }
      await channel.close().catch(() => undefined)
    } finally {
      await connection.close().catch(() => undefined)
    }
  }
  await mongo
    ?.db(config.MONGODB_DB)
    .dropDatabase()
    .catch(() => undefined)
  await mongo?.close()
  await fake?.close()
})

describe('reminders with the worker’s RabbitMQ link cut while publishing and sending', () => {
  it(
    'delivers every notice and reminder exactly once, counted at the Bot API',
    { timeout: 120_000 },
    async () => {
      const started = Date.now()
      // Each event: LINKED_PER_EVENT linked participants (the first is the organizer) and one who never
      // linked Telegram (skipped, never sent).
      const chats = new Map<number, string>()
      const unlinked: string[] = []
      const states = Array.from({ length: EVENTS }, (_, e) => {
        const people = Array.from({ length: LINKED_PER_EVENT + 1 }, () => objectId())
        people.slice(0, LINKED_PER_EVENT).forEach((id, i) => chats.set(74_000 + e * 100 + i, id))
        unlinked.push(people[LINKED_PER_EVENT]!)
        // Starts in 59.5 min: with the 60 min lead the reminder is due now, like the notice.
        return finalizedEvent(new Date(Date.now() + 59.5 * 60_000), people, `Cut beer ${e + 1}`)
      })
      await store.links.insertMany(
        [...chats].map(([chatId, id]) => ({
          _id: id,
          subjectKind: 'user' as const,
          chatId,
          languageCode: 'en',
          linkedAt: new Date(),
        })),
      )
      const expected = chats.size * 2
      const ours = () => fake.delivered.filter((m) => chats.has(m.chatId))
      const statuses = async () => {
        // Only this test's events: the worker's queue also hears other tests' event.* messages.
        const docs = await store.deliveries
          .find({ eventId: { $in: states.map((s) => s.eventId) } }, { projection: { status: 1 } })
          .toArray()
        const counts: Record<string, number> = {}
        for (const d of docs) counts[d.status] = (counts[d.status] ?? 0) + 1
        return counts
      }
      const app = (worker = await startWorker(config))
      const refusedConnects = () => logged('rabbitmq connect failed')
      const cutAndRestore = async () => {
        const refusedBefore = refusedConnects()
        await link.cut()
        // Cut until the worker has seen the link go and failed to reconnect a few times.
        await expect
          .poll(
            () => !app.amqp.isConnected && refusedConnects() - refusedBefore >= REFUSED_RECONNECTS_PER_CUT,
            {
              timeout: 30_000,
              message: 'the worker to fail to reconnect while cut',
            },
          )
          .toBe(true)
        await link.restore()
        const restoredAt = Date.now()
        await expect
          .poll(() => app.amqp.isConnected, {
            timeout: 30_000,
            message: 'the worker to reconnect to RabbitMQ',
          })
          .toBe(true)
        return Date.now() - restoredAt
      }

      for (const state of states) await publisher.publish('event.finalized', state)
      await expect
        .poll(() => ours().length, { timeout: 30_000, message: 'the first messages' })
        .toBeGreaterThanOrEqual(12)

      // Cut 1: mid-stream, while claims are still being published and reminders sent.
      const atCut1 = await statuses()
      const sentBeforeCut1 = ours().length
      const reconnect1 = await cutAndRestore()
      await expect
        .poll(() => ours().length, { timeout: 30_000, message: 'sending to go on after the first cut' })
        .toBeGreaterThanOrEqual(sentBeforeCut1 + 10)

      // Cut 2: with sends in flight (Telegram got them, its answers are held) and their messages unacked.
      // The answers come back only after the worker is on a new connection.
      fake.hold()
      await expect
        .poll(() => fake.heldCount, { timeout: 15_000, message: 'sends in flight' })
        .toBeGreaterThanOrEqual(3)
      const atCut2 = await statuses()
      const inFlightAtCut2 = fake.heldCount
      const reconnect2 = await cutAndRestore()
      // The held answers come back once the sender consumes again on the new connection.
      await expect
        .poll(async () => (await queueState(queueNames(config).reminders)).consumerCount, {
          timeout: 15_000,
          message: 'the sender to consume again',
        })
        .toBeGreaterThanOrEqual(1)
      fake.release()

      /**
       * Deliveries not sent or skipped. One kind is told apart: recorded `queued` although its message
       * reached the chat, when a lease takeover read the document before the send and FerretDB wrote
       * its stale copy back after it (conditional updates are not atomic there, see the service's store): a
       * bookkeeping race, counted, not a lost or duplicate message.
       */
      const unsettledDeliveries = async () => {
        const docs = await store.deliveries
          .find({ eventId: { $in: states.map((st) => st.eventId) }, status: { $nin: ['sent', 'skipped'] } })
          .toArray()
        const got = (participantId: string, prefix: string) =>
          fake.delivered.some((m) => chats.get(m.chatId) === participantId && m.text.startsWith(prefix))
        const sentButQueued = docs.filter(
          (d) => d.status === 'queued' && got(d.participantId, d.kind === 'reminder' ? '⏰' : '✅'),
        )
        return { docs, sentButQueued, open: docs.filter((d) => !sentButQueued.includes(d)) }
      }
      // Waits for every delivery, but on a timeout goes on to report (and assert) what did not settle.
      const deadline = started + 80_000
      await vi
        .waitFor(async () => expect((await unsettledDeliveries()).open).toEqual([]), {
          timeout: Math.max(1000, deadline - Date.now()),
          interval: 200,
        })
        .catch(() => undefined)
      // Anything sent twice must have been sent before counting: the worker takes every reminder.due
      // still queued, then closes, which waits for the handlers of every message it took.
      await expect
        .poll(async () => (await queueState(queueNames(config).reminders)).messageCount, {
          timeout: 15_000,
          message: 'the reminder queue to drain',
        })
        .toBe(0)
      await app.close()
      worker = undefined
      const finished = Date.now()

      const perChat = [...chats.keys()].map((chatId) => {
        const texts = fake.to(chatId).map((m) => m.text)
        return {
          chatId,
          reminders: texts.filter((t) => t.startsWith('⏰')).length,
          notices: texts.filter((t) => t.startsWith('✅')).length,
          other: texts.filter((t) => !t.startsWith('⏰') && !t.startsWith('✅')).length,
        }
      })
      const delivered = ours().length
      const lost = perChat.reduce((n, c) => n + (c.reminders === 0 ? 1 : 0) + (c.notices === 0 ? 1 : 0), 0)
      const duplicates = perChat.reduce(
        (n, c) => n + Math.max(0, c.reminders - 1) + Math.max(0, c.notices - 1) + c.other,
        0,
      )
      const strangers = fake.delivered.length - delivered
      const final = await statuses()
      const probe = await amqplib.connect(testBackends().amqpUrl)
      let deadLettered = 0
      try {
        const channel = await probe.createChannel()
        for (const queue of Object.values(queueNames(config))) {
          deadLettered += (await channel.checkQueue(`${queue}.dead`)).messageCount
        }
        await channel.close()
      } finally {
        await probe.close()
      }
      // For a failure: whatever did not settle, with the worker's log about it.
      const { open, sentButQueued } = await unsettledDeliveries()
      for (const doc of open) {
        console.log(
          `[reminders-amqp-cut] unsettled ${JSON.stringify(doc)}; chat got ${fake.delivered.filter((m) => chats.get(m.chatId) === doc.participantId).length}; log:`,
          logLines.filter((l) => l.line.includes(doc._id)).map((l) => l.line.trim()),
        )
      }
      const dropped =
        logged('reminder.due is stale or already handled; dropped') +
        logged('delivery already being sent or sent in this round; dropped') +
        logged('delivery changed before sending; dropped')
      console.log(
        `[reminders-amqp-cut] ${chats.size} linked participants (+${unlinked.length} unlinked) in ${EVENTS} events; ` +
          `expected ${expected} messages; delivered: ${delivered}, lost: ${lost}, duplicates: ${duplicates}, to strangers: ${strangers}; ` +
          `cut 1 at ${sentBeforeCut1} sent (${atCut1.pending ?? 0} pending, ${atCut1.queued ?? 0} queued), back ${reconnect1} ms after restore; ` +
          `cut 2 with ${inFlightAtCut2} sends in flight (${atCut2.pending ?? 0} pending, ${atCut2.queued ?? 0} queued), back ${reconnect2} ms after restore; ` +
          `disconnects logged: ${logged('rabbitmq connection lost; reconnecting')} (${staleAckDrops()} of them 406 unknown delivery tag), recorded queued though sent (FerretDB lost update): ${sentButQueued.length}, outcome writes that missed: ${logged('delivery changed meanwhile (rescheduled or cancelled)')}, scheduler passes failed: ${logged('reminder scheduler pass failed; trying again')}, ` +
          `leases reclaimed: ${logged('claim lease expired; claiming again')}, stale reminder.due dropped: ${dropped}, ` +
          `requeued: ${logged('handler asked to retry; requeueing')}, dead-lettered: ${deadLettered}, Bot API rejections: ${fake.rejected.length}; ` +
          `deliveries ${JSON.stringify(final)}; done ${Math.round((finished - started) / 100) / 10} s after start`,
      )

      // Both cuts hit the flow mid-way: claims still waiting to be published, messages queued.
      expect(atCut1.pending ?? 0).toBeGreaterThan(0)
      expect(atCut1.queued ?? 0).toBeGreaterThan(0)
      expect(inFlightAtCut2).toBeGreaterThanOrEqual(3)
      expect(perChat.filter((c) => c.reminders !== 1 || c.notices !== 1 || c.other !== 0)).toEqual([])
      expect({ delivered, lost, duplicates, strangers }).toEqual({
        delivered: expected,
        lost: 0,
        duplicates: 0,
        strangers: 0,
      })
      expect(open.map((d) => `${d._id} ${d.status}`)).toEqual([])
      expect({ sent: (final.sent ?? 0) + sentButQueued.length, skipped: final.skipped }).toEqual({
        sent: expected,
        skipped: unlinked.length * 2,
      })
      expect(deadLettered).toBe(0)
      expect(staleAckDrops()).toBe(0)
    },
  )
})
