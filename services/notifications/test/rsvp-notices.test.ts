/**
 * RSVP in the worker (real FerretDB + RabbitMQ, fake Bot API): the "It's decided" notice and the
 * 1-hour reminder carry the three RSVP buttons, signed for the recipient's Telegram id; a participant
 * whose answer changes to "running late" (in events' message) gets the organizer one private note,
 * once per change however often the message is delivered, and none for "coming" or for the organizer
 * themselves. EN and RU.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { EventState, RsvpAnswer } from '@prost/contracts'
import { TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'
import {
  eventState,
  objectId,
  reminderDueNow,
  testConfig,
  untilApplied,
  untilQuiet,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
} from './helper.js'
import { decodeRsvpTap, rsvpKey } from '../src/rsvp/rsvp-data.js'

const TOKEN = '779:rsvp'
const DAY = 86_400_000
const poll = { timeout: 15_000, interval: 50 }
const key = rsvpKey(TEST_INTERNAL_API_TOKEN)

const withRsvp = (state: EventState, version: number, answers: Record<string, RsvpAnswer>): EventState => ({
  ...state,
  version,
  participants: state.participants.map((p) =>
    answers[p.id] ? { ...p, rsvp: answers[p.id], rsvpAt: new Date().toISOString() } : p,
  ),
})

describe('RSVP buttons and the "running late" note (worker)', () => {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_CHAT_INTERVAL_MS: '50',
    PUBLIC_URL: 'https://prost.example',
    INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN,
  })
  let w: FakeTelegramWorker

  beforeAll(async () => {
    w = await workerWithFakeTelegram(config, TOKEN)
  })

  const buttonsOf = (chatId: number, icon: string) => {
    const message = w.fake.messagesIn(chatId).find((m) => m.text.startsWith(icon))
    return message?.replyMarkup?.inline_keyboard.flat() ?? []
  }

  it('the decided notice and the reminder carry "I\'m coming / Running late / Can\'t make it", signed per recipient', async () => {
    const [org, ann, bob] = [objectId(), objectId(), objectId()]
    const annChat = await w.link(ann, 'en')
    const bobChat = await w.link(bob, 'ru')
    await w.link(org, 'en')
    const state = eventState({ version: 1, startsAt: reminderDueNow(), participants: [org, ann, bob] })
    await w.publisher.publish('event.finalized', state)
    // The notice (✅) and, as the start is an hour away, the reminder (⏰) both reach each chat.
    await expect.poll(() => w.fake.to(annChat).length, poll).toBe(2)
    await expect.poll(() => w.fake.to(bobChat).length, poll).toBe(2)
    for (const icon of ['✅', '⏰']) {
      const en = buttonsOf(annChat, icon)
      expect(en.map((b) => b.text)).toEqual(["👍 I'm coming", '🏃 Running late', "🙅 Can't make it"])
      expect(buttonsOf(bobChat, icon).map((b) => b.text)).toEqual(['👍 Приду', '🏃 Опаздываю', '🙅 Не смогу'])
      for (const b of en) expect(Buffer.byteLength(b.callback_data!)).toBeLessThanOrEqual(64)
      expect(en.map((b) => decodeRsvpTap(key, b.callback_data, annChat))).toEqual([
        { eventId: state.eventId, answer: 'coming' },
        { eventId: state.eventId, answer: 'late' },
        { eventId: state.eventId, answer: 'cannot' },
      ])
      // Bound to the recipient: the same data is worthless in anyone else's hands.
      expect(decodeRsvpTap(key, en[1]!.callback_data, bobChat)).toBeNull()
    }
  })

  it('tells the organizer once per change to "running late", in their language; not for coming or themselves', async () => {
    const [org, ann, bob] = [objectId(), objectId(), objectId()]
    const orgChat = await w.link(org, 'ru')
    const start = new Date(Date.now() + 3 * DAY)
    const v1 = eventState({ version: 1, startsAt: start, participants: [org, ann, bob], title: 'Pils night' })
    await w.publisher.publish('event.finalized', v1)
    await expect.poll(() => w.fake.to(orgChat).length, poll).toBe(1)

    // Ann: late (the message delivered twice); Bob: coming; the organizer: late (no note to self).
    const v2 = await w.publisher.publish('event.updated', withRsvp(v1, 2, { [ann]: 'late', [bob]: 'coming' }))
    await w.publisher.publishEnvelope(v2)
    const v3 = await w.publisher.publish(
      'event.updated',
      withRsvp(v1, 3, { [ann]: 'late', [bob]: 'coming', [org]: 'late' }),
    )
    await untilApplied(w.store, v3.id)
    await untilQuiet([w.worker], w.store, { eventId: v1.eventId })
    const late = () => w.fake.to(orgChat).filter((m) => m.text.startsWith('🏃'))
    expect(late().map((m) => m.text)).toEqual(['🏃 P1 опаздывает на «Pils night».'])

    // Ann changes to coming and back to late: a new change, a new note.
    await w.publisher.publish('event.updated', withRsvp(v1, 4, { [ann]: 'coming', [bob]: 'coming' }))
    const v5 = await w.publisher.publish('event.updated', withRsvp(v1, 5, { [ann]: 'late', [bob]: 'late' }))
    await untilApplied(w.store, v5.id)
    await untilQuiet([w.worker], w.store, { eventId: v1.eventId })
    expect(
      late()
        .map((m) => m.text)
        .sort(),
    ).toEqual(
      [
        '🏃 P1 опаздывает на «Pils night».',
        '🏃 P1 опаздывает на «Pils night».',
        '🏃 P2 опаздывает на «Pils night».',
      ].sort(),
    )
    const notes = await w.store.deliveries.find({ eventId: v1.eventId, kind: 'late' }).toArray()
    expect(notes.map((n) => [n.participantId, n.status])).toEqual([
      [org, 'sent'],
      [org, 'sent'],
      [org, 'sent'],
    ])
  })
})
