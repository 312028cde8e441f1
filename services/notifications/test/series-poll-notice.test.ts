/**
 * A series of repeat meetups opened its next poll (event.created with `series`): every invitee who
 * linked Telegram is told once, in their language, with the start in the event's zone and where to
 * vote; an ordinary new event tells nobody.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  eventState,
  finalDeliveries,
  objectId,
  testConfig,
  untilApplied,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
} from './helper.js'

const TOKEN = '779:series'
const poll = { timeout: 15_000, interval: 50 }

describe('the series poll notice (real FerretDB + RabbitMQ, fake Bot API)', () => {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_CHAT_INTERVAL_MS: '50',
    PUBLIC_URL: 'https://prost.example',
  })
  let delivery: FakeTelegramWorker

  beforeAll(async () => {
    delivery = await workerWithFakeTelegram(config, TOKEN)
  })

  it('tells each linked invitee once, in English or Russian, with the link to vote', async () => {
    const { fake, publisher, store, link } = delivery
    const [organizer, ann, bob, cid] = [objectId(), objectId(), objectId(), objectId()]
    const annChat = await link(ann)
    const bobChat = await link(bob, 'ru')
    const startsAt = new Date('2031-05-02T17:00:00.000Z') // 19:00 in Berlin
    const state = {
      ...eventState({
        version: 1,
        startsAt,
        participants: [organizer],
        status: 'polling',
        title: 'Stammtisch',
      }),
      invitedUserIds: [ann, bob, cid],
      series: { id: objectId(), date: '2031-05-02' },
    }
    const envelope = await publisher.publish('event.created', state)
    // Redelivered, as the outbox may publish it twice: still one notice per person.
    await publisher.publishEnvelope(envelope)
    await untilApplied(store, envelope.id)
    const notices = await finalDeliveries(store, { eventId: state.eventId, kind: 'seriesPoll' })
    expect(notices.map((n) => [n.participantId, n.status]).sort()).toEqual(
      [
        [ann, 'sent'],
        [bob, 'sent'],
        [cid, 'skipped'],
      ].sort(),
    )
    await expect.poll(() => [fake.to(annChat).length, fake.to(bobChat).length], poll).toEqual([1, 1])
    const en = fake.to(annChat)[0]!.text
    expect(en).toContain('Next round of Stammtisch')
    expect(en).toContain('19:00')
    expect(en).toContain('Europe/Berlin')
    expect(en).toContain(`https://prost.example/events/${state.eventId}`)
    const ru = fake.to(bobChat)[0]!.text
    expect(ru).toContain('Следующая встреча «Stammtisch»')
    expect(ru).toContain(`https://prost.example/events/${state.eventId}`)
  })

  it('tells nobody about an ordinary new event', async () => {
    const { publisher, store, link } = delivery
    const [organizer, ann] = [objectId(), objectId()]
    await link(ann)
    const state = {
      ...eventState({
        version: 1,
        startsAt: new Date('2031-05-09T17:00:00.000Z'),
        participants: [organizer],
        status: 'polling',
      }),
      invitedUserIds: [ann],
    }
    const envelope = await publisher.publish('event.created', state)
    await untilApplied(store, envelope.id)
    expect(await store.deliveries.countDocuments({ eventId: state.eventId, kind: 'seriesPoll' })).toBe(0)
  })
})
