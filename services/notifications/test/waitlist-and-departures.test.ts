/**
 * Remove, leave and the waitlist in the worker (real FerretDB + RabbitMQ, fake Bot API): a removed
 * or departed participant's pending reminder is cancelled by the participant.removed / .left
 * message; nobody on a waitlist is reminded (but they hear the notices); whoever moves up is told "you are in" once (EN and
 * RU), however often the message is delivered, and then reminded like everyone in.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { EventState, Seat } from '@prost/contracts'
import {
  eventState,
  objectId,
  testConfig,
  untilApplied,
  untilQuiet,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
} from './helper.js'

const TOKEN = '781:waitlist'
const DAY = 86_400_000
const poll = { timeout: 15_000, interval: 50 }

const seated = (state: EventState, version: number, seats: Record<string, Seat>): EventState => ({
  ...state,
  version,
  participants: state.participants.map((p) => (seats[p.id] ? { ...p, seat: seats[p.id] } : p)),
})
const without = (state: EventState, version: number, id: string): EventState => ({
  ...state,
  version,
  participants: state.participants.filter((p) => p.id !== id),
})

describe('remove, leave and the waitlist (worker)', () => {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_CHAT_INTERVAL_MS: '50',
    PUBLIC_URL: 'https://prost.example',
  })
  let w: FakeTelegramWorker

  beforeAll(async () => {
    w = await workerWithFakeTelegram(config, TOKEN)
  })

  const reminders = async (eventId: string) =>
    Object.fromEntries(
      (await w.store.deliveries.find({ eventId, kind: 'reminder' }).toArray()).map((r) => [
        r.participantId,
        r.status,
      ]),
    )

  it('cancels the pending reminders of whoever is removed or leaves', async () => {
    const [org, ann, bob] = [objectId(), objectId(), objectId()]
    const v1 = eventState({
      version: 1,
      startsAt: new Date(Date.now() + 3 * DAY),
      participants: [org, ann, bob],
    })
    const first = await w.publisher.publish('event.finalized', v1)
    await untilApplied(w.store, first.id)
    expect(await reminders(v1.eventId)).toEqual({ [org]: 'pending', [ann]: 'pending', [bob]: 'pending' })

    const removed = without(v1, 2, bob)
    const m2 = await w.publisher.publish('participant.removed', {
      ...removed,
      participant: v1.participants.find((p) => p.id === bob),
    })
    await untilApplied(w.store, m2.id)
    const left = without(removed, 3, ann)
    const m3 = await w.publisher.publish('participant.left', {
      ...left,
      participant: v1.participants.find((p) => p.id === ann),
    })
    await untilApplied(w.store, m3.id)
    expect(await reminders(v1.eventId)).toEqual({ [org]: 'pending', [ann]: 'cancelled', [bob]: 'cancelled' })
  })

  it('reminds nobody on the waitlist, and tells whoever moves up that they are in, once, in their language', async () => {
    const [org, ann, bob, cid] = [objectId(), objectId(), objectId(), objectId()]
    const annChat = await w.link(ann, 'en')
    const bobChat = await w.link(bob, 'ru')
    const start = new Date(Date.now() + 3 * DAY)
    const base = eventState({
      version: 1,
      startsAt: start,
      participants: [org, ann, bob, cid],
      title: 'Pils night',
    })
    const v1 = seated(base, 1, { [org]: 'in', [cid]: 'in', [ann]: 'waitlist', [bob]: 'waitlist' })
    const first = await w.publisher.publish('event.finalized', v1)
    await untilApplied(w.store, first.id)
    expect(await reminders(v1.eventId)).toEqual({ [org]: 'pending', [cid]: 'pending' })
    // The "It's decided" notice reaches the waitlist too.
    await expect.poll(() => w.fake.to(annChat).filter((m) => m.text.startsWith('✅')).length, poll).toBe(1)

    // cid leaves: Ann moves up (the message delivered twice); then a place is added: Bob moves up too.
    const v2 = seated(without(v1, 2, cid), 2, { [ann]: 'in' })
    const m2 = await w.publisher.publish('participant.left', { ...v2, participant: v1.participants[3] })
    await w.publisher.publishEnvelope(m2)
    const v3 = seated(v2, 3, { [bob]: 'in' })
    const m3 = await w.publisher.publish('event.updated', v3)
    await untilApplied(w.store, m3.id)
    await untilQuiet([w.worker], w.store, { eventId: v1.eventId })

    const inNotices = (chat: number) => w.fake.to(chat).filter((m) => m.text.startsWith('🎟'))
    await expect.poll(() => inNotices(annChat).length, poll).toBe(1)
    await expect.poll(() => inNotices(bobChat).length, poll).toBe(1)
    expect(inNotices(annChat)[0]!.text).toMatch(/^🎟 A place came free: you are in for Pils night!/)
    expect(inNotices(bobChat)[0]!.text).toMatch(/^🎟 Освободилось место: вы идёте на «Pils night»!/)
    expect(inNotices(annChat)[0]!.text).toContain('Zum Goldenen Fass')
    expect(await reminders(v1.eventId)).toMatchObject({
      [org]: 'pending',
      [ann]: 'pending',
      [bob]: 'pending',
      [cid]: 'cancelled',
    })
  })
})
