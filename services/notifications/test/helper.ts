/**
 * The notifications service and its worker on the real test stack (the kit's buildService), plus the
 * domain fixtures the suites share: event states, a worker against a fake Bot API, linked chats, a
 * domain publisher, and waits for what the worker does.
 */
import { afterAll, expect } from 'vitest'
import { MongoClient, ObjectId } from 'mongodb'
import { AmqpClient, loadConfig, newEnvelope, type AccessClaims } from '@prost/platform'
import {
  bearer,
  buildService,
  signTestToken,
  testBackends,
  testEnv,
  uniqueName,
} from '@prost/platform/testing'
import type { EventState } from '@prost/contracts'
import { startFakeTelegram } from '@prost/test-support'
import { notificationsApp, notificationsService } from '../src/app.js'
import { notificationsWorkerService, type WorkerOptions } from '../src/notifications-worker.js'
import { NotificationsConfigSchema } from '../src/config.js'
import { createStore, type Store } from '../src/store/store.js'
import type { DeliveryDoc } from '../src/store/documents.js'
import type { Clock } from '../src/clock.js'

/** What every notifications test adds to the kit's test environment: its own queues, a quick scheduler. */
const notificationsEnv = () => ({
  NOTIFICATIONS_QUEUE_PREFIX: `${uniqueName('t')}.`,
  SCHEDULER_INTERVAL_MS: '50',
})

/** A worker's (or the API's) configuration on the test stack: its own database and queues. */
export function testConfig(env: Record<string, string> = {}) {
  return loadConfig(NotificationsConfigSchema, testEnv('notifications', { ...notificationsEnv(), ...env }))
}
export type TestConfig = ReturnType<typeof testConfig>

/** The configuration as environment variables again, to build a process (or the kit's service) from. */
export const envOf = (config: TestConfig) =>
  Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  )

/** The notifications API, closed after the file (unless `keepOpen`). */
export function build(env: Record<string, string> = {}, options: { clock?: Clock; keepOpen?: boolean } = {}) {
  return buildService<typeof NotificationsConfigSchema, { clock?: Clock }>(
    { ...notificationsService, plugin: notificationsApp },
    { ...notificationsEnv(), ...env },
    { keepOpen: options.keepOpen, pluginOptions: { clock: options.clock } },
  )
}

/** The worker (planner, scheduler, sender) with the given config; the caller closes it. */
export function buildWorker(config: TestConfig, options: Omit<WorkerOptions, 'config'> = {}) {
  return buildService<typeof NotificationsConfigSchema, Omit<WorkerOptions, 'config'>>(
    notificationsWorkerService,
    envOf(config),
    { keepOpen: true, pluginOptions: options },
  )
}
export type TestWorker = Awaited<ReturnType<typeof buildWorker>>

/** Direct access to the service's database, for assertions. */
export async function openStore(config: TestConfig) {
  const client = new MongoClient(config.MONGODB_URL)
  await client.connect()
  const db = client.db(config.MONGODB_DB)
  return { store: createStore(db), db, close: () => client.close() }
}

/**
 * The worker against a fake Telegram Bot API, with the store it writes and a domain publisher: what
 * the delivery suites share. Sets `config.TELEGRAM_API_ROOT` to the fake; everything closes after the file.
 */
export async function workerWithFakeTelegram(
  config: TestConfig,
  token: string,
  options: Omit<WorkerOptions, 'config'> = {},
) {
  const fake = await startFakeTelegram({ token })
  config.TELEGRAM_API_ROOT = fake.apiRoot
  const db = await openStore(config)
  const worker = await buildWorker({ ...config, LOG_LEVEL: 'silent' }, options)
  const publisher = await domainPublisher()
  afterAll(async () => {
    await worker.close()
    await publisher.close()
    await db.close()
    await fake.close()
  })
  let chat = 7000
  /** Links a participant to a fresh chat, in `languageCode` (Telegram's app language). */
  const link = (participantId: string, languageCode = 'en') =>
    linkChat(db.store, participantId, chat++, languageCode)
  return { fake, worker, publisher, store: db.store, link }
}

export type FakeTelegramWorker = Awaited<ReturnType<typeof workerWithFakeTelegram>>

/** Links a participant to the Telegram chat `chatId`, in `languageCode` (Telegram's app language). */
export async function linkChat(store: Store, participantId: string, chatId: number, languageCode = 'en') {
  await store.links.insertOne({
    _id: participantId,
    subjectKind: 'user',
    chatId,
    languageCode,
    linkedAt: new Date(),
  })
  return chatId
}

/** Links each participant to a chat of their own, numbered from `firstChat`, and answers the chats. */
export const linkChats = (store: Store, participants: string[], firstChat: number) =>
  Promise.all(participants.map((id, i) => linkChat(store, id, firstChat + i)))

/** A finalized meetup whose reminder is due now, of `linked` new participants who each linked a chat (`firstChat` on). */
export async function dueMeetup(store: Store, linked: number, firstChat: number) {
  const people = Array.from({ length: linked }, () => objectId())
  const chats = await linkChats(store, people, firstChat)
  return { chats, state: eventState({ version: 1, startsAt: reminderDueNow(), participants: people }) }
}

/** Resolves once the planner has applied the domain message: it applies them in order, so every earlier one too. */
export const untilApplied = (store: Store, messageId: string, timeout = 20_000) =>
  expect.poll(() => store.processed.findOne({ _id: messageId }), { timeout, interval: 50 }).toBeTruthy()

/** A start whose reminder (60 minutes ahead) is due now, like the notice that it was decided. */
export const reminderDueNow = () => new Date(Date.now() + 59.5 * 60_000)

/** The leading emoji, which says what a message is: ✅ decided, 🔁 moved (two UTF-16 units), ⏰ reminder, ❌ off. */
export const messageIcon = (text: string) => [...text][0]!

/** Publishes domain messages on prost.events as the events service does. */
export async function domainPublisher(url = testBackends().amqpUrl) {
  const silent = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    fatal() {},
    trace() {},
    child() {
      return silent
    },
    level: 'silent',
    silent() {},
  }
  const client = new AmqpClient({ url, connectionName: 'notifications-test-publisher' }, silent as never)
  await client.waitForConnect()
  return {
    /** Publishes a new message and returns it, so a test can send the very same one again. */
    publish: async (type: string, payload: unknown) => {
      const envelope = newEnvelope(type, 1, payload)
      await client.publish(envelope)
      return envelope
    },
    publishEnvelope: (envelope: ReturnType<typeof newEnvelope>) => client.publish(envelope),
    close: () => client.close(),
  }
}

export const objectId = () => new ObjectId().toHexString()

/** A finalized event state starting at `startsAt`, with the given guest/user participants. */
export function eventState(options: {
  eventId?: string
  version: number
  startsAt: Date | null
  participants: string[]
  status?: EventState['status']
  title?: string
}): EventState {
  const start = options.startsAt
  const timeOptionId = objectId()
  const placeOptionId = objectId()
  const place = {
    id: placeOptionId,
    name: 'Zum Goldenen Fass',
    address: 'Hauptstr. 1',
    mapUrl: 'https://maps.example/fass',
  }
  return {
    eventId: options.eventId ?? objectId(),
    version: options.version,
    title: options.title ?? 'Friday beer',
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: options.status ?? (start ? 'finalized' : 'polling'),
    organizer: { id: options.participants[0]!, name: 'Org' },
    votingDeadline: null,
    timeOptions: start
      ? [
          {
            id: timeOptionId,
            startsAt: start.toISOString(),
            endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
          },
        ]
      : [],
    placeOptions: [place],
    participants: options.participants.map((id, i) => ({
      id,
      kind: i % 2 ? 'participant' : 'user',
      name: `P${i}`,
      joinedAt: new Date().toISOString(),
    })),
    invitedUserIds: [],
    final: start
      ? {
          timeOptionId,
          placeOptionId,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 7_200_000).toISOString(),
          place,
        }
      : null,
  }
}

/** The Authorization header of an access token as the accounts service issues them. */
export const authHeader = (claims: AccessClaims) => bearer(signTestToken(claims))

/** A logger for the parts tests build by hand. */
export const silentLog = { info() {}, warn() {}, error() {}, debug() {} } as never

const FINAL = new Set<DeliveryDoc['status']>(['sent', 'skipped', 'failed', 'cancelled'])

/** How far ahead a pending delivery still counts as on its way: a retry, or a claim postponed for a moment. */
const SOON_MS = 10_000

/** Whether a delivery can still lead to a message shortly: due (or nearly) and unclaimed, claimed, or being sent. */
const stillGoing = (d: DeliveryDoc, now: Date) =>
  d.status === 'queued' ||
  d.status === 'sending' ||
  (d.status === 'pending' && d.nextAttemptAt.getTime() <= now.getTime() + SOON_MS)

/**
 * Waits until nothing more goes out for the deliveries `filter` picks: a scheduler round is run now,
 * every delivery it picks is final or waiting for a due time more than a few seconds away, and no
 * worker is still handling a reminder.due. After it, "sent exactly once" assertions can fail. `allowSending` tolerates that
 * many `sending` (a send whose process died: by design never retried).
 */
export async function untilQuiet(
  workers: TestWorker[],
  store: Store,
  filter: Record<string, unknown>,
  options: { clock?: Clock; timeout?: number; allowSending?: number } = {},
) {
  const now = () => (options.clock ?? { now: () => new Date() }).now()
  for (const worker of workers) await worker.reminderScheduler.tick()
  await expect
    .poll(
      async () => {
        const docs = await store.deliveries.find(filter).toArray()
        const going = docs.filter((d) => stillGoing(d, now()))
        const sending = going.filter((d) => d.status === 'sending').length
        return sending <= (options.allowSending ?? 0) && going.length === sending
      },
      { timeout: options.timeout ?? 20_000, interval: 50 },
    )
    .toBe(true)
  await Promise.all(workers.map((worker) => worker.reminderSender.idle()))
}

/** Every delivery `filter` picks, once all are final (sent, skipped, failed, cancelled). */
export async function finalDeliveries(store: Store, filter: Record<string, unknown>, timeout = 20_000) {
  let docs: DeliveryDoc[] = []
  await expect
    .poll(
      async () => {
        docs = await store.deliveries.find(filter).toArray()
        return docs.length > 0 && docs.every((d) => FINAL.has(d.status))
      },
      { timeout, interval: 50 },
    )
    .toBe(true)
  return docs
}

/**
 * The real store, except that the first call of `method` on the deliveries that `when` picks
 * rejects, as a dropped database connection would. `failures()` counts the calls `when` picked.
 */
export function failingOnce(
  store: Store,
  method: 'updateOne' | 'findOneAndUpdate',
  when: (filter: { _id?: unknown }, update: { $set?: { status?: string } }) => boolean,
) {
  let failures = 0
  const deliveries = new Proxy(store.deliveries, {
    get(target, key, receiver) {
      const original = Reflect.get(target, key, receiver) as (...args: unknown[]) => unknown
      if (key !== method) return typeof original === 'function' ? original.bind(target) : original
      return (filter: { _id?: unknown }, update: { $set?: { status?: string } }, ...rest: unknown[]) => {
        if (when(filter, update) && failures++ === 0) return Promise.reject(new Error('connection reset'))
        return original.call(target, filter, update, ...rest)
      }
    },
  })
  return { store: { ...store, deliveries }, failures: () => failures }
}
