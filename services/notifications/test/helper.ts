/** Builds the notifications service and worker on a real stack (FerretDB, Redis, RabbitMQ) for tests. */
import { afterAll } from 'vitest'
import { createHmac, randomUUID } from 'node:crypto'
import { MongoClient, ObjectId } from 'mongodb'
import { AmqpClient, createServer, loadConfig, newEnvelope, type AccessClaims } from '@prost/platform'
import type { EventState } from '@prost/contracts'
import { startFakeTelegram, testBackends, uniqueName } from '@prost/test-support'
import { notificationsApp } from '../src/app.js'
import { notificationsWorker, type WorkerOptions } from '../src/notifications-worker.js'
import { NotificationsConfigSchema } from '../src/config.js'
import { createStore, type Store } from '../src/store.js'
import type { Clock } from '../src/clock.js'

export const JWT_SECRET = 'test-secret-for-notifications-0123456789abcdef'

export function testConfig(env: Record<string, string> = {}) {
  const backends = testBackends()
  return loadConfig(NotificationsConfigSchema, {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('notifications'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    NOTIFICATIONS_QUEUE_PREFIX: `${uniqueName('t')}.`,
    SCHEDULER_INTERVAL_MS: '50',
    ...env,
  })
}

export async function build(env: Record<string, string> = {}, options: { clock?: Clock; keepOpen?: boolean } = {}) {
  const config = testConfig(env)
  const app = await createServer({ name: 'notifications', config, metrics: false, logger: false })
  await app.register(notificationsApp, { config, clock: options.clock })
  await app.ready()
  if (!options.keepOpen) {
    afterAll(async () => {
      await app.close()
    })
  }
  return app
}

/** Builds the worker (planner, scheduler, sender) with the given config; the caller closes it. */
export async function buildWorker(config: ReturnType<typeof testConfig>, options: Omit<WorkerOptions, 'config'> = {}) {
  const app = await createServer({ name: 'notifications-worker', config, metrics: false, logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL } })
  await app.register(notificationsWorker, { config, ...options })
  await app.ready()
  return app
}

/** Direct access to the service's database, for assertions. */
export async function openStore(config: ReturnType<typeof testConfig>) {
  const client = new MongoClient(config.MONGODB_URL)
  await client.connect()
  const store = createStore(client.db(config.MONGODB_DB))
  return { store, close: () => client.close() }
}

/**
 * The worker against a fake Telegram Bot API, with the store it writes and a domain publisher: what
 * the delivery suites share. Sets `config.TELEGRAM_API_ROOT` to the fake; everything closes after the file.
 */
export async function workerWithFakeTelegram(
  config: ReturnType<typeof testConfig>,
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
  const link = async (participantId: string, languageCode = 'en') => {
    const chatId = chat++
    await db.store.links.insertOne({ _id: participantId, subjectKind: 'user', chatId, languageCode, linkedAt: new Date() })
    return chatId
  }
  return { fake, worker, publisher, store: db.store, link }
}

/** Publishes domain messages on prost.events as the events service does. */
export async function domainPublisher(url = testBackends().amqpUrl) {
  const silent = { info() {}, warn() {}, error() {}, debug() {}, fatal() {}, trace() {}, child() { return silent }, level: 'silent', silent() {} }
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
  const place = { id: placeOptionId, name: 'Zum Goldenen Fass', address: 'Hauptstr. 1', mapUrl: 'https://maps.example/fass' }
  return {
    eventId: options.eventId ?? objectId(),
    version: options.version,
    title: options.title ?? 'Friday beer',
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: options.status ?? (start ? 'finalized' : 'polling'),
    organizer: { id: options.participants[0]!, name: 'Org' },
    votingDeadline: null,
    timeOptions: start ? [{ id: timeOptionId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString() }] : [],
    placeOptions: [place],
    participants: options.participants.map((id, i) => ({ id, kind: i % 2 ? 'participant' : 'user', name: `P${i}`, joinedAt: new Date().toISOString() })),
    invitedUserIds: [],
    final: start
      ? { timeOptionId, placeOptionId, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7_200_000).toISOString(), place }
      : null,
  }
}

export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000, what = 'condition') {
  const started = Date.now()
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export const newToken = () => randomUUID()

/** An HS256 access token as the accounts/events services issue them (the app is encapsulated, so no app.signAccessToken). */
export function accessToken(claims: AccessClaims, secret = JWT_SECRET) {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 900 })}`
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}

/** A logger for the parts tests build by hand. */
export const silentLog = { info() {}, warn() {}, error() {}, debug() {} } as never

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
