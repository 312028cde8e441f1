/**
 * RSVP end to end: the real accounts, events, voting and notifications behind HAProxy on the real
 * stores, the fake Bot API delivering real callback queries to the bot's webhook. The RSVP buttons
 * (as the worker puts them on the reminder and the "It's decided" notice, signed for the recipient's
 * Telegram id) record the tapper's answer in events through `PUT /api/events/:id/rsvp` as that
 * Telegram user: refused before the event is decided, stored once per person with the last tap
 * winning, shown on the event and on the group card; forged data or data signed for someone else
 * records nothing. The REST route itself refuses bad input, strangers and a missing token.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Event } from '@prost/contracts'
import { buildService } from '@prost/platform/testing'
import {
  call,
  inDays,
  linkTelegramByStart,
  startTelegramStack,
  TEST_INTERNAL_API_TOKEN,
  type FakeTelegram,
  type IngressStack,
  type TelegramUserJson,
} from '@prost/test-support'
import { rsvpKey } from '../../services/notifications/src/rsvp/rsvp-data.js'
import { rsvpKeyboard } from '../../services/notifications/src/rsvp/rsvp-keyboard.js'
import { notificationsWorkerService } from '../../services/notifications/src/notifications-worker.js'

const TOKEN = '4243:rsvp-test-token'
const SECRET = 'rsvp-webhook-secret'
const BOT = 'ProstRsvpBot'
const key = rsvpKey(TEST_INTERNAL_API_TOKEN)

let fake: FakeTelegram
let stack: IngressStack
let base: string
let organizer: string
let worker: Awaited<ReturnType<typeof buildService>>

const tg = () => fake.client

const organizerTg = () => tg().user(778_009, 'Oskar', 'en')

beforeAll(async () => {
  ;({ fake, stack, base } = await startTelegramStack({
    token: TOKEN,
    username: BOT,
    webhookSecret: SECRET,
  }))
  organizer = await register('Organizer')
  // The worker sends what the API process only plans: the "It's decided" notice, the late note.
  worker = await buildService(
    notificationsWorkerService,
    {
      ...stack.env.notifications!,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_BOT_USERNAME: BOT,
      TELEGRAM_API_ROOT: fake.apiRoot,
      SCHEDULER_INTERVAL_MS: '100',
    },
    { keepOpen: true },
  )
  await linkTelegramByStart(base, fake, organizer, organizerTg())
}, 120_000)

afterAll(async () => {
  await worker?.close()
  await stack?.stop()
  await fake?.close()
})

async function register(displayName: string) {
  const reg = await call<{ accessToken: string }>(base, 'POST', '/api/auth/register', {
    body: {
      email: `${displayName.toLowerCase()}-${Date.now()}-${Math.random()}@example.com`,
      password: 'organizer-password-123',
      displayName,
    },
  })
  expect(reg.status, reg.text).toBe(201)
  return reg.json.accessToken
}

const getEvent = async (eventId: string) => {
  const res = await call<Event>(base, 'GET', `/api/events/${eventId}`, { token: organizer })
  expect(res.status, res.text).toBe(200)
  return res.json
}

/** The RSVP button data exactly as the worker sends it to this Telegram user. */
const buttons = (eventId: string, user: TelegramUserJson) =>
  rsvpKeyboard(key, eventId, user.id, 'en').inline_keyboard[0]!.map((b) => b.callback_data!)

async function answerOf(queryId: string) {
  return vi.waitFor(
    () => {
      const answer = tg().answerTo(queryId)
      if (!answer) throw new Error('not answered yet')
      return answer
    },
    { timeout: 15_000, interval: 50 },
  )
}

/** A tap in the user's private chat with the bot (where reminders go), on a message of the bot. */
async function tapPrivately(user: TelegramUserJson, data: string) {
  const tap = await tg().tap(user, user.id, 1, data)
  expect(tap.status).toBe(200)
  return (await answerOf(tap.id)).text
}

describe('RSVP on the reminder', () => {
  const olga = () => tg().user(778_002, 'Olga', 'en')
  const ivan = () => tg().user(778_001, 'Ivan', 'ru')
  const mallory = () => tg().user(778_003, 'Mallory', 'en')
  const group = () => tg().group(-100_778_001, 'RSVP friends')
  let eventId: string
  let cardMessageId: number

  it('a participant cannot answer before the event is decided (409, and the tap says so)', async () => {
    const created = await call<{ id: string; inviteToken: string }>(base, 'POST', '/api/events', {
      token: organizer,
      body: {
        title: 'RSVP beer',
        timeZone: 'Europe/Berlin',
        visibility: 'private',
        timeOptions: [{ startsAt: inDays(3) }],
        placeOptions: [{ name: 'Pub 1' }],
      },
    })
    expect(created.status, created.text).toBe(201)
    eventId = created.json.id
    // Olga and Ivan join through a group card (a vote tap makes the account and joins them).
    const before = fake.messagesIn(group().id).length
    await tg().say(
      group(),
      tg().user(778_000, 'Anna', 'en'),
      `/plan ${base}/join/${created.json.inviteToken}`,
    )
    cardMessageId = await vi.waitFor(
      () => {
        const card = fake
          .messagesIn(group().id)
          .slice(before)
          .find((m) => m.replyMarkup)
        if (!card) throw new Error('no card yet')
        return card.messageId
      },
      { timeout: 15_000, interval: 50 },
    )
    const yes = fake.message(group().id, cardMessageId)!.replyMarkup!.inline_keyboard[0]![0]!.callback_data!
    for (const user of [olga(), ivan()]) {
      const tap = await tg().tap(user, group().id, cardMessageId, yes)
      expect((await answerOf(tap.id)).text).toMatch(/Recorded!|Записал!/)
    }

    expect(await tapPrivately(olga(), buttons(eventId, olga())[0]!)).toBe(
      'This meetup is not decided yet, or it was cancelled.',
    )
    expect(await tapPrivately(ivan(), buttons(eventId, ivan())[0]!)).toBe(
      'Эта встреча ещё не решена или отменена.',
    )
    const put = await call(base, 'PUT', `/api/events/${eventId}/rsvp`, {
      token: organizer,
      body: { answer: 'coming' },
    })
    expect(put.status, put.text).toBe(409)
    expect(put.headers.get('content-type')).toContain('problem+json')
    expect((await getEvent(eventId)).participants.some((p) => p.rsvp)).toBe(false)
  })

  it('after finalize a tap records the answer once per person, the last tap wins, and the card shows it', async () => {
    const event = await getEvent(eventId)
    const fin = await call(base, 'POST', `/api/events/${eventId}/finalize`, {
      token: organizer,
      body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[0]!.id },
    })
    expect(fin.status, fin.text).toBe(200)
    const [coming, late, cannot] = buttons(eventId, olga())
    expect(await tapPrivately(olga(), coming!)).toBe("👍 Recorded: you're coming. See you there!")
    expect((await getEvent(eventId)).participants.find((p) => p.name === 'Olga')?.rsvp).toBe('coming')
    expect(await tapPrivately(olga(), cannot!)).toBe("🙅 Recorded: you can't make it. Next round then!")
    expect(await tapPrivately(olga(), late!)).toBe('🏃 Recorded: running late. I told the organizer.')
    // The organizer linked Telegram with /start, so "I told the organizer" is true: once, in English.
    await vi.waitFor(
      () =>
        expect(
          fake
            .to(organizerTg().id)
            .filter((m) => m.text.startsWith('🏃'))
            .map((m) => m.text),
        ).toEqual(['🏃 Olga is running late for RSVP beer.']),
      { timeout: 30_000, interval: 100 },
    )
    expect(await tapPrivately(ivan(), buttons(eventId, ivan())[0]!)).toBe(
      '👍 Записал: вы придёте. До встречи!',
    )
    const after = await getEvent(eventId)
    expect(after.participants.filter((p) => p.name === 'Olga').map((p) => p.rsvp)).toEqual(['late'])
    expect(after.participants.find((p) => p.name === 'Ivan')?.rsvp).toBe('coming')
    // The final card in the group names them (it follows events' message).
    await vi.waitFor(
      () => {
        const text = fake.message(group().id, cardMessageId)!.text
        expect(text).toContain('✅ It is decided: RSVP beer')
        expect(text).toContain('👍 Coming (1): Ivan')
        expect(text).toContain('🏃 Running late (1): Olga')
      },
      { timeout: 20_000, interval: 100 },
    )
  })

  it('refuses forged data, data signed for someone else, and a non-participant; nothing changes', async () => {
    const before = await getEvent(eventId)
    const olgasLate = buttons(eventId, olga())[1]!
    const [prefix, id, , mac] = olgasLate.split(':')
    const invalid = 'This button is not valid (any more).'
    // Olga's button tapped by Mallory (and by Ivan, who is a participant).
    expect(await tapPrivately(mallory(), olgasLate)).toBe(invalid)
    expect(await tapPrivately(ivan(), olgasLate)).toBe('Эта кнопка недействительна (уже).')
    // Another answer or another event under Olga's MAC; a broken MAC; junk.
    expect(await tapPrivately(olga(), [prefix, id, 'x', mac].join(':'))).toBe(invalid)
    expect(await tapPrivately(olga(), [prefix, '0'.repeat(24), 'l', mac].join(':'))).toBe(invalid)
    expect(await tapPrivately(olga(), [prefix, id, 'l', 'AAAAAAAAAAAA'].join(':'))).toBe(invalid)
    expect(await tapPrivately(olga(), `r:${'a'.repeat(70)}`)).toBe(invalid)
    // Mallory's own, validly signed buttons: she is not in the event.
    expect(await tapPrivately(mallory(), buttons(eventId, mallory())[0]!)).toBe(
      'You are not (any more) in this meetup.',
    )
    const after = await getEvent(eventId)
    expect(after.participants).toEqual(before.participants)
    expect(JSON.stringify(after)).not.toContain('Mallory')
  })

  it('PUT /api/events/:id/rsvp validates input and refuses strangers and anonymous callers', async () => {
    const path = `/api/events/${eventId}/rsvp`
    const anonymous = await call(base, 'PUT', path, { body: { answer: 'coming' } })
    expect(anonymous.status).toBe(401)
    for (const body of [
      { answer: 'maybe' },
      { answer: 'coming', extra: 1 },
      {},
      { answer: 'coming\u0000' },
    ]) {
      const bad = await call(base, 'PUT', path, { token: organizer, body })
      expect(bad.status, JSON.stringify(body)).toBe(400)
    }
    const badId = await call(base, 'PUT', '/api/events/not-an-id/rsvp', {
      token: organizer,
      body: { answer: 'coming' },
    })
    expect(badId.status).toBe(400)
    const stranger = await call(base, 'PUT', path, {
      token: await register('Stranger'),
      body: { answer: 'late' },
    })
    expect(stranger.status).toBe(404)
    // The organizer is a participant too: their answer is stored like anyone's.
    const own = await call<Event>(base, 'PUT', path, { token: organizer, body: { answer: 'coming' } })
    expect(own.status, own.text).toBe(200)
    expect(own.json.participants.find((p) => p.id === own.json.organizer.id)?.rsvp).toBe('coming')
  })
})
