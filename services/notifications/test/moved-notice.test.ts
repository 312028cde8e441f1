import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { EventState } from '@prost/contracts'
import { startFakeTelegram } from '@prost/test-support'
import {
  authHeader,
  build,
  buildWorker,
  domainPublisher,
  eventState,
  finalDeliveries,
  linkChat,
  messageIcon,
  objectId,
  openStore,
  testConfig,
  untilApplied,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
  type TestWorker,
} from './helper.js'
import type { DeliveryDoc } from '../src/store/documents.js'

const TOKEN = '778:moved'
const DAY = 86_400_000
const TERMINAL = new Set<DeliveryDoc['status']>(['sent', 'skipped', 'failed', 'cancelled'])
const poll = { timeout: 15_000, interval: 50 }

/** A start `days` ahead at hh:mm:ss UTC, far enough that no reminder falls due during the test. */
const daysAhead = (days: number, hh: number, mm: number) => {
  const d = new Date(Date.now() + days * DAY)
  d.setUTCHours(hh, mm, 30, 0)
  return d
}
/** The wall-clock time the reader should see, computed independently of the service's formatter. */
const berlinClock = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(
    d,
  )

const PRATER = {
  id: objectId(),
  name: 'Prater Garten',
  address: 'Kastanienallee 7, Berlin',
  mapUrl: 'https://maps.example/prater',
}

/** The same event, finalized at another time and place, as the events service publishes a reschedule. */
function movedTo(state: EventState, version: number, startsAt: Date, place = PRATER): EventState {
  const time = {
    id: objectId(),
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
  }
  return {
    ...state,
    version,
    timeOptions: [...state.timeOptions, time],
    placeOptions: [...state.placeOptions, place],
    final: {
      timeOptionId: time.id,
      placeOptionId: place.id,
      startsAt: time.startsAt,
      endsAt: time.endsAt,
      place,
    },
  }
}

describe('the "moved" notice (real FerretDB + RabbitMQ, fake Bot API)', () => {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_CHAT_INTERVAL_MS: '50',
    PUBLIC_URL: 'https://prost.example',
  })
  let delivery: FakeTelegramWorker
  const applied = (messageId: string) => untilApplied(delivery.store, messageId)
  /** Every notice of the event has gone out or been dropped, and no send is in flight: nothing more can be sent for them. */
  const noticesSettled = async (eventId: string) => {
    const notices = await finalDeliveries(delivery.store, { eventId, kind: { $ne: 'reminder' } })
    await delivery.worker.reminderSender.idle()
    return notices
  }
  const moved = (chatId: number) => delivery.fake.to(chatId).filter((m) => m.text.startsWith('🔁'))

  beforeAll(async () => {
    delivery = await workerWithFakeTelegram(config, TOKEN)
  })

  it('reschedule → each linked participant is told once: new time in the event zone, place, map, calendar', async () => {
    const { fake, publisher, store, link } = delivery
    const [ann, bob, cid] = [objectId(), objectId(), objectId()]
    const annChat = await link(ann)
    const bobChat = await link(bob, 'ru')
    const first = eventState({ version: 1, startsAt: daysAhead(3, 17, 0), participants: [ann, bob, cid] })
    await publisher.publish('event.finalized', first)
    await expect.poll(() => [fake.to(annChat).length, fake.to(bobChat).length], poll).toEqual([1, 1])

    const newStart = daysAhead(4, 16, 45)
    const envelope = await publisher.publish('event.rescheduled', movedTo(first, 2, newStart))
    // The broker redelivers it, and the events service's outbox may publish the same state twice.
    await publisher.publishEnvelope(envelope)
    const repeated = await publisher.publish('event.rescheduled', movedTo(first, 2, newStart))
    await applied(repeated.id)
    const notices = await noticesSettled(first.eventId)

    expect(
      notices
        .filter((n) => n.kind === 'moved')
        .map((n) => [n.participantId, n.status])
        .sort(),
    ).toEqual(
      [
        [ann, 'sent'],
        [bob, 'sent'],
        [cid, 'skipped'],
      ].sort(),
    )
    expect(moved(annChat)).toHaveLength(1)
    expect(moved(bobChat)).toHaveLength(1)
    const en = moved(annChat)[0]!.text
    expect(en).toContain('Moved: Friday beer')
    expect(en).toContain(berlinClock(newStart))
    expect(en).toContain('(Europe/Berlin)')
    expect(en).toContain('Prater Garten, Kastanienallee 7, Berlin')
    expect(en).toContain('https://maps.example/prater')
    expect(en).toContain(`https://prost.example/api/events/${first.eventId}/ics`)
    const ru = moved(bobChat)[0]!.text
    expect(ru).toContain('Перенос: Friday beer')
    expect(ru).toContain(berlinClock(newStart))
    expect(ru).toContain('(Europe/Berlin)')
    // The reminder moved with it, as before.
    expect(await store.deliveries.findOne({ _id: `${first.eventId}:${ann}` })).toMatchObject({
      status: 'pending',
      startsAt: newStart,
    })
  })

  it('sends nothing for a reschedule to the same choice or an edit that keeps time and place', async () => {
    const { fake, publisher, link } = delivery
    const ann = objectId()
    const annChat = await link(ann)
    const first = eventState({ version: 1, startsAt: daysAhead(3, 18, 0), participants: [ann] })
    await publisher.publish('event.finalized', first)
    await publisher.publish('event.rescheduled', { ...first, version: 2 })
    const edited = await publisher.publish('event.updated', {
      ...first,
      version: 3,
      title: 'Friday beer (bring cash)',
      timeZone: 'Europe/Moscow',
    })
    await applied(edited.id)
    const notices = await noticesSettled(first.eventId)
    expect(notices.map((n) => n.kind)).toEqual(['finalized'])
    expect(fake.to(annChat).map((m) => messageIcon(m.text))).toEqual(['✅'])
  })

  it('tells of a move whose own message arrived after a later change', async () => {
    const { publisher, link } = delivery
    const ann = objectId()
    const annChat = await link(ann)
    const first = eventState({ version: 1, startsAt: daysAhead(3, 19, 0), participants: [ann] })
    const newStart = daysAhead(5, 18, 15)
    await publisher.publish('event.finalized', first)
    // v3 (an edit made after the move) overtakes v2 (the move), which is then stale and dropped.
    await publisher.publish('event.updated', { ...movedTo(first, 3, newStart), title: 'Friday beer!' })
    const late = await publisher.publish('event.rescheduled', movedTo(first, 2, newStart))
    await applied(late.id)
    await noticesSettled(first.eventId)
    expect(moved(annChat)).toHaveLength(1)
    expect(moved(annChat)[0]!.text).toContain(berlinClock(newStart))
  })
})

describe('notices overtaken before they went out', () => {
  it('tells only the latest move, and nothing but the cancellation of a cancelled meetup', async () => {
    const fake = await startFakeTelegram({ token: TOKEN })
    const config = testConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      SEND_CHAT_INTERVAL_MS: '50',
    })
    const db = await openStore(config)
    const publisher = await domainPublisher()
    let worker: TestWorker | undefined
    try {
      const ann = objectId()
      const annChat = await linkChat(db.store, ann, 7900)
      // Only the planner runs at first, so every notice is still waiting when the later changes land.
      const planner = await buildWorker(
        { ...config, LOG_LEVEL: 'silent' },
        { run: { planner: true, scheduler: false, sender: false } },
      )
      const moving = eventState({
        version: 1,
        startsAt: daysAhead(3, 17, 0),
        participants: [ann],
        title: 'Moving beer',
      })
      const final = daysAhead(6, 17, 20)
      await publisher.publish('event.finalized', moving)
      await publisher.publish(
        'event.rescheduled',
        movedTo(moving, 2, daysAhead(4, 17, 10), { ...PRATER, id: objectId(), name: 'Somewhere else' }),
      )
      await publisher.publish('event.rescheduled', movedTo(moving, 3, final))
      const cancelling = eventState({
        version: 1,
        startsAt: daysAhead(3, 17, 0),
        participants: [ann],
        title: 'Doomed beer',
      })
      await publisher.publish('event.finalized', cancelling)
      await publisher.publish('event.rescheduled', movedTo(cancelling, 2, daysAhead(4, 17, 0)))
      const last = await publisher.publish('event.cancelled', {
        ...movedTo(cancelling, 3, daysAhead(4, 17, 0)),
        status: 'cancelled',
      })
      await untilApplied(db.store, last.id)
      await planner.close()

      worker = await buildWorker({ ...config, LOG_LEVEL: 'silent' })
      let settled: DeliveryDoc[] = []
      await expect
        .poll(async () => {
          settled = await db.store.deliveries.find({ kind: { $ne: 'reminder' } }).toArray()
          return settled.length === 6 && settled.every((n) => TERMINAL.has(n.status))
        }, poll)
        .toBe(true)
      await worker.reminderSender.idle()
      const texts = fake.to(annChat).map((m) => m.text)
      expect(
        texts
          .filter((t) => t.includes('Moving beer'))
          .map(messageIcon)
          .sort(),
      ).toEqual(['✅', '🔁'])
      expect(texts.find((t) => t.startsWith('🔁'))).toContain(berlinClock(final))
      expect(texts.find((t) => t.startsWith('🔁'))).toContain('Prater Garten')
      // "Decided" names the place decided then, even though the meetup has moved since.
      expect(texts.find((t) => t.startsWith('✅'))).toContain('Zum Goldenen Fass')
      expect(texts.filter((t) => t.includes('Doomed beer')).map(messageIcon)).toEqual(['❌'])
      expect(
        settled
          .filter((n) => n.status === 'skipped')
          .map((n) => n.lastError)
          .sort(),
      ).toEqual(['event cancelled since', 'event cancelled since', 'moved again since'])
    } finally {
      await worker?.close()
      await publisher.close()
      await db.close()
      await fake.close()
    }
  })
})

describe('dry-run: GET /api/notifications/me', () => {
  it('lists the "moved" message with its kind', async () => {
    const dryConfig = testConfig()
    const dryWorker = await buildWorker({ ...dryConfig, LOG_LEVEL: 'silent' })
    const api = await build({ MONGODB_DB: dryConfig.MONGODB_DB! })
    const publisher = await domainPublisher()
    try {
      const guest = objectId()
      const first = eventState({
        version: 1,
        startsAt: daysAhead(3, 17, 0),
        participants: [objectId(), guest],
      })
      const newStart = daysAhead(4, 17, 30)
      await publisher.publish('event.finalized', first)
      await publisher.publish('event.rescheduled', movedTo(first, 2, newStart))
      const auth = authHeader({ sub: guest, kind: 'participant', eventId: first.eventId, name: 'G' })
      const me = await vi.waitFor(async () => {
        const res = await api.inject({ url: '/api/notifications/me', headers: auth })
        const body = res.json<{
          dryRunMessages: { kind: string; text: string }[]
          upcoming: { startsAt: string }[]
        }>()
        expect(body.dryRunMessages.map((m) => m.kind)).toContain('moved')
        return body
      }, poll)
      expect(me.dryRunMessages.map((m) => m.kind).sort()).toEqual(['finalized', 'moved'])
      expect(me.dryRunMessages.find((m) => m.kind === 'moved')!.text).toContain('(Europe/Berlin)')
      expect(me.upcoming.map((u) => u.startsAt)).toEqual([newStart.toISOString()])
    } finally {
      await publisher.close()
      await dryWorker.close()
    }
  })
})
