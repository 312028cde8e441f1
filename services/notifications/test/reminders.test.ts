import { beforeAll, describe, expect, it, vi } from 'vitest'
import amqplib from 'amqplib'
import { newEnvelope } from '@prost/platform'
import { metricValue } from '@prost/platform/testing'
import { testBackends } from '@prost/test-support'
import {
  authHeader,
  build,
  buildWorker,
  eventState,
  finalDeliveries,
  objectId,
  testConfig,
  untilApplied,
  untilQuiet,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
} from './helper.js'
import { offsetClock } from '../src/clock.js'
import { queueNames } from '../src/topology.js'

const TOKEN = '777:reminders'
const HOUR = 3_600_000
const poll = { timeout: 10_000, interval: 50 }

describe('reminders: finalize, reschedule, cancel (real FerretDB + RabbitMQ, fake Bot API)', () => {
  let delivery: FakeTelegramWorker
  // The worker lives two hours ahead: a meetup 3 h from real time is "in one hour" for it.
  const clock = offsetClock(2 * HOUR)
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_RATE_PER_SECOND: '10',
    SEND_CHAT_INTERVAL_MS: '300',
    SEND_RETRY_BASE_MS: '100',
    PUBLIC_URL: 'https://prost.example',
  })
  /** A start time that is `minutesAhead` after the worker's now. */
  const startIn = (minutesAhead: number) => new Date(clock.now().getTime() + minutesAhead * 60_000)
  /** A scheduler round now, and nothing more going out for the event: every message it would send is sent. */
  const quiet = (eventId: string) => untilQuiet([delivery.worker], delivery.store, { eventId }, { clock })
  /** Direct publishing on the domain exchange, as a broker redelivery or another publisher would. */
  const publishRaw = async (...envelopes: ReturnType<typeof newEnvelope>[]) => {
    const direct = await amqplib.connect(testBackends().amqpUrl)
    const channel = await direct.createConfirmChannel()
    for (const envelope of envelopes) {
      channel.publish('prost.events', envelope.type, Buffer.from(JSON.stringify(envelope)), {
        messageId: envelope.id,
        persistent: true,
      })
    }
    await channel.waitForConfirms()
    await direct.close()
  }

  beforeAll(async () => {
    delivery = await workerWithFakeTelegram(config, TOKEN, { clock })
  })

  it('finalize → one "decided" notice and one reminder per linked participant, none for the unlinked', async () => {
    const { fake, publisher, store, link } = delivery
    const [ann, bob, cid] = [objectId(), objectId(), objectId()]
    const annChat = await link(ann)
    const bobChat = await link(bob, 'ru')
    const lagCount = () => metricValue('prost_reminder_lag_seconds_count', { kind: 'reminder' })
    const sentBefore = await lagCount()
    const state = eventState({ version: 3, startsAt: startIn(59.5), participants: [ann, bob, cid] })
    await publisher.publish('event.finalized', state)

    await expect
      .poll(() => fake.to(annChat).length >= 2 && fake.to(bobChat).length >= 2, { timeout: 25_000 })
      .toBe(true)
    await quiet(state.eventId) // would a duplicate follow?
    for (const chatId of [annChat, bobChat]) expect(fake.to(chatId)).toHaveLength(2)
    const annTexts = fake.to(annChat).map((m) => m.text)
    expect(annTexts.find((t) => t.startsWith('✅'))).toContain(
      `https://prost.example/api/events/${state.eventId}/ics`,
    )
    expect(annTexts.find((t) => t.startsWith('✅'))).toContain('https://maps.example/fass')
    expect(annTexts.find((t) => t.startsWith('⏰'))).toMatch(/Friday beer starts in an hour/)
    expect(fake.to(bobChat).find((m) => m.text.startsWith('⏰'))?.text).toContain('через час')

    const reminders = await store.deliveries.find({ eventId: state.eventId, kind: 'reminder' }).toArray()
    expect(Object.fromEntries(reminders.map((r) => [r.participantId, r.status]))).toEqual({
      [ann]: 'sent',
      [bob]: 'sent',
      [cid]: 'skipped',
    })
    const reminder = reminders.find((r) => r.participantId === ann)!
    expect(reminder.dueAt.getTime()).toBe(new Date(state.final!.startsAt).getTime() - HOUR)
    // Each sent reminder is one observation of the lag the chart's dashboard and alert read.
    expect(await lagCount()).toBe(sentBefore + 2)
  })

  it('applies a message once: the same message id or an older version changes nothing', async () => {
    const { fake, store, link } = delivery
    const [ann] = [objectId()]
    const annChat = await link(ann)
    const state = eventState({ version: 5, startsAt: startIn(24 * 60), participants: [ann] })
    const envelope = newEnvelope('event.finalized', 1, state)
    // An older, stale reschedule arriving late must not move the reminder.
    const stale = newEnvelope('event.rescheduled', 1, {
      ...state,
      version: 4,
      final: { ...state.final!, startsAt: startIn(30).toISOString() },
    })
    await publishRaw(envelope, envelope, stale)
    // One planner applies them in order: once the last is recorded, the copy before it was handled too.
    await untilApplied(store, stale.id)
    await finalDeliveries(store, { eventId: state.eventId, kind: 'finalized' })
    await quiet(state.eventId)
    expect(fake.to(annChat).map((m) => m.text)).toEqual([expect.stringMatching(/^✅/)])
    const reminder = await store.deliveries.findOne({ _id: `${state.eventId}:${ann}` })
    expect(reminder).toMatchObject({
      status: 'pending',
      eventVersion: 5,
      startsAt: new Date(state.final!.startsAt),
    })
  })

  it('reschedule → the old reminder is not sent, the new one is', async () => {
    const { fake, publisher, store, link } = delivery
    const ann = objectId()
    const annChat = await link(ann)
    const eventId = objectId()
    // Due in 30 s for the worker's clock...
    const first = eventState({ eventId, version: 1, startsAt: startIn(60.5), participants: [ann] })
    await publisher.publish('event.finalized', first)
    await expect.poll(() => fake.to(annChat).length, poll).toBeGreaterThanOrEqual(1)
    // ...moved to tomorrow before it fires.
    const moved = eventState({ eventId, version: 2, startsAt: startIn(25 * 60), participants: [ann] })
    await publisher.publish('event.rescheduled', moved)
    await expect
      .poll(async () => (await store.deliveries.findOne({ _id: `${eventId}:${ann}` }))?.eventVersion, poll)
      .toBe(2)
    clock.shift(60_000) // the old due time passes
    await quiet(eventId)
    expect(fake.to(annChat).filter((m) => m.text.startsWith('⏰'))).toHaveLength(0)
    // Now let the new due time come.
    clock.shift(24 * HOUR)
    try {
      await expect.poll(() => fake.to(annChat).some((m) => m.text.startsWith('⏰')), poll).toBe(true)
      await quiet(eventId)
      const reminders = fake.to(annChat).filter((m) => m.text.startsWith('⏰'))
      expect(reminders).toHaveLength(1)
    } finally {
      clock.shift(-24 * HOUR - 60_000)
    }
  })

  it('cancel → no reminder, and a cancellation notice to linked participants', async () => {
    const { fake, publisher, store, link } = delivery
    const [ann, bob] = [objectId(), objectId()]
    const annChat = await link(ann)
    const eventId = objectId()
    await publisher.publish(
      'event.finalized',
      eventState({ eventId, version: 1, startsAt: startIn(90), participants: [ann, bob] }),
    )
    await expect.poll(() => fake.to(annChat).length, poll).toBeGreaterThanOrEqual(1)
    await publisher.publish(
      'event.cancelled',
      eventState({
        eventId,
        version: 2,
        startsAt: startIn(90),
        participants: [ann, bob],
        status: 'cancelled',
      }),
    )
    await expect.poll(() => fake.to(annChat).some((m) => m.text.startsWith('❌')), poll).toBe(true)
    clock.shift(40 * 60_000) // the reminder would now be due
    try {
      await quiet(eventId)
    } finally {
      clock.shift(-40 * 60_000)
    }
    expect(fake.to(annChat).map((m) => m.text[0])).toEqual(['✅', '❌'])
    const reminders = await store.deliveries.find({ eventId, kind: 'reminder' }).toArray()
    expect(reminders.map((r) => r.status)).toEqual(['cancelled', 'cancelled'])
  })

  it('participant.joined after finalize adds their reminder', async () => {
    const { fake, publisher, store, link } = delivery
    const [ann, zed] = [objectId(), objectId()]
    await link(ann)
    const zedChat = await link(zed)
    const eventId = objectId()
    const startsAt = startIn(24 * 60)
    const base = eventState({ eventId, version: 1, startsAt, participants: [ann] })
    await publisher.publish('event.finalized', base)
    const joined = eventState({ eventId, version: 2, startsAt, participants: [ann, zed] })
    await publisher.publish('participant.joined', { ...joined, participant: joined.participants[1] })
    await expect
      .poll(() => store.deliveries.findOne({ _id: `${eventId}:${zed}` }), poll)
      .toMatchObject({ status: 'pending', kind: 'reminder' })
    await quiet(eventId)
    expect(fake.to(zedChat)).toHaveLength(0) // joined late: no "decided" notice, the reminder comes later
  })

  it('retries 5xx with backoff and honours retry_after on 429, delivering once', async () => {
    const { fake, publisher, store, link } = delivery
    const ann = objectId()
    const annChat = await link(ann)
    fake.failNext({ kind: 'server-error', status: 502 }, 2, annChat)
    fake.failNext({ kind: 'rate-limited', retryAfter: 1 }, 1, annChat)
    const started = Date.now()
    const state = eventState({ version: 1, startsAt: startIn(24 * 60), participants: [ann] })
    await publisher.publish('event.finalized', state)
    await expect.poll(() => fake.to(annChat).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000) // waited out retry_after
    await finalDeliveries(store, { eventId: state.eventId, kind: 'finalized' })
    await quiet(state.eventId)
    expect(fake.to(annChat)).toHaveLength(1)
    const rejected = fake.rejected.filter((r) => r.chatId === annChat).map((r) => r.status)
    expect(rejected).toEqual([502, 502, 429])
  })

  it('403 blocked → recorded as failed, link marked blocked, message dead-lettered, not retried', async () => {
    const { fake, publisher, store, link } = delivery
    const ann = objectId()
    const annChat = await link(ann)
    fake.blockChat(annChat)
    const deadBefore = await metricValue('prost_amqp_dead_lettered_total', {
      queue: queueNames(config).reminders,
    })
    const state = eventState({ version: 1, startsAt: startIn(24 * 60), participants: [ann] })
    await publisher.publish('event.finalized', state)
    const [notice] = await finalDeliveries(store, { eventId: state.eventId, kind: 'finalized' })
    expect(notice!.status).toBe('failed')
    expect(notice!.lastError).toContain('blocked')
    expect((await store.links.findOne({ _id: ann }))?.blockedAt).toBeInstanceOf(Date)
    // What the chart's "dead-lettered reminder" alert reads: counted when it happens, and the depth
    // of the dead-letter queue as RabbitMQ reports it while the message waits there.
    const reminders = queueNames(config).reminders
    expect(await metricValue('prost_amqp_dead_lettered_total', { queue: reminders })).toBe(deadBefore + 1)
    await vi.waitFor(async () => {
      expect(await metricValue('prost_amqp_dead_letter_messages', { queue: reminders })).toBe(1)
    }, poll)
    const direct = await amqplib.connect(testBackends().amqpUrl)
    const channel = await direct.createChannel()
    const dead = await vi.waitFor(async () => {
      const message = await channel.get(`${queueNames(config).reminders}.dead`, { noAck: true })
      expect(message).toBeTruthy()
      return message as amqplib.GetMessage
    }, poll)
    expect(JSON.parse(dead.content.toString()).payload.reminderId).toBe(notice!._id)
    await direct.close()
    await quiet(state.eventId)
    expect(fake.rejected.filter((r) => r.chatId === annChat)).toHaveLength(1)
  })

  it('dry-run: no token → messages are stored and shown by GET /api/notifications/me', async () => {
    const { publisher } = delivery
    const dryConfig = testConfig()
    const dryWorker = await buildWorker({ ...dryConfig, LOG_LEVEL: 'silent' }, { clock })
    const api = await build({ MONGODB_DB: dryConfig.MONGODB_DB! }, { clock })
    try {
      const guest = objectId() // not linked: dry-run shows what would be sent anyway
      const state = eventState({ version: 1, startsAt: startIn(59), participants: [objectId(), guest] })
      await publisher.publish('event.finalized', state)
      const auth = authHeader({ sub: guest, kind: 'participant', eventId: state.eventId, name: 'G' })
      const me = await vi.waitFor(
        async () => {
          const res = await api.inject({ url: '/api/notifications/me', headers: auth })
          const body = res.json<{ dryRunMessages: { kind: string }[] }>()
          expect(body.dryRunMessages.length).toBeGreaterThanOrEqual(2)
          return body
        },
        { timeout: 15_000, interval: 50 },
      )
      expect(me).toMatchObject({ linked: false, dryRun: true })
      expect(me.dryRunMessages.map((m) => m.kind).sort()).toEqual(['finalized', 'reminder'])
    } finally {
      await dryWorker.close()
    }
  })
})
