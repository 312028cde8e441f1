/**
 * Deadline nudges, against a real voting service (who has voted comes from its internal board) and a
 * fake Bot API, with two worker replicas and every message delivered twice: one nudge per person who
 * has not voted, none to those who did, none after a finalize, and a moved deadline moves it. The
 * clock runs ahead instead of the test waiting a day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventState } from '@prost/contracts'
import { bearer, signTestToken, TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'
import { startService } from '@prost/test-support'
import { offsetClock } from '../src/clock.js'
import { decodeNudgeTap, nudgeKey } from '../src/nudges/nudge-data.js'
import {
  buildWorker,
  objectId,
  testConfig,
  untilApplied,
  untilQuiet,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
  type TestWorker,
} from './helper.js'

const TOKEN = '991:nudges'
const HOUR = 3_600_000
const clock = offsetClock(0)
let voting: Awaited<ReturnType<typeof startService>>
let delivery: FakeTelegramWorker
let workers: TestWorker[]

beforeAll(async () => {
  voting = await startService('voting', { READ_MODEL_WAIT_MS: '300' })
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN,
    VOTING_INTERNAL_URL: voting.url,
    SEND_RATE_PER_SECOND: '50',
    SEND_CHAT_INTERVAL_MS: '50',
  })
  delivery = await workerWithFakeTelegram(config, TOKEN, { clock })
  workers = [delivery.worker, await buildWorker({ ...config, LOG_LEVEL: 'silent' }, { clock })]
}, 60_000)

afterAll(async () => {
  await workers?.[1]?.close()
  await voting?.app.close()
})

/** A poll with a deadline 25 h ahead (nudge due in 1 h) whose people are all Prost users. */
function poll(
  people: string[],
  title: string,
  deadline = new Date(clock.now().getTime() + 25 * HOUR),
): EventState {
  const joinedAt = new Date().toISOString()
  const day = Date.now() + 10 * 24 * HOUR
  return {
    eventId: objectId(),
    version: 1,
    title,
    timeZone: 'Europe/Moscow',
    visibility: 'private',
    status: 'polling',
    organizer: { id: people[0]!, name: 'Olga' },
    votingDeadline: deadline.toISOString(),
    nudgeHoursBeforeDeadline: 24,
    timeOptions: [0, 1].map((i) => ({
      id: objectId(),
      startsAt: new Date(day + i * 24 * HOUR).toISOString(),
      endsAt: new Date(day + i * 24 * HOUR + 2 * HOUR).toISOString(),
    })),
    placeOptions: [{ id: objectId(), name: 'Kneipe' }],
    participants: people.map((id, i) => ({ id, kind: 'user' as const, name: `Person${i}`, joinedAt })),
    invitedUserIds: [],
    final: null,
  }
}

/** Publishes the same message twice, as an outbox retry may, and waits until the worker applied it. */
async function publishTwice(type: string, state: EventState) {
  const envelope = await delivery.publisher.publish(type, state)
  await delivery.publisher.publishEnvelope(envelope)
  await untilApplied(delivery.store, envelope.id)
}

async function voteAs(state: EventState, personId: string) {
  const token = signTestToken({ sub: personId, kind: 'user', role: 'user', name: 'Voter' })
  await expect
    .poll(
      async () =>
        (
          await fetch(`${voting.url}/api/votes/${state.eventId}`, {
            method: 'PUT',
            headers: { ...bearer(token), 'content-type': 'application/json' },
            body: JSON.stringify({ choices: { [state.timeOptions[0]!.id]: 'yes' } }),
          })
        ).status,
      { timeout: 10_000, interval: 100 },
    )
    .toBe(200)
}

describe('deadline nudges', () => {
  it(
    'nudge each person who has not voted exactly once, with signed buttons; not voters, not after finalize; a moved deadline moves it',
    { timeout: 90_000 },
    async () => {
      const people = Array.from({ length: 4 }, () => objectId())
      const chats = await Promise.all(people.map((id, i) => delivery.link(id, i === 1 ? 'ru' : 'en')))
      const open = poll(people, 'Open poll')
      await publishTwice('event.created', open)
      await voteAs(open, people[3]!)

      const movedPeople = [objectId()]
      const [movedChat] = await Promise.all(movedPeople.map((id) => delivery.link(id)))
      const moved = poll(movedPeople, 'Moved poll')
      await publishTwice('event.created', moved)
      const later = new Date(Date.parse(moved.votingDeadline!) + 48 * HOUR).toISOString()
      await publishTwice('event.updated', { ...moved, version: 2, votingDeadline: later })

      const closedPeople = [objectId()]
      const [closedChat] = await Promise.all(closedPeople.map((id) => delivery.link(id)))
      const closed = poll(closedPeople, 'Closed poll')
      await publishTwice('event.created', closed)
      await publishTwice('event.cancelled', { ...closed, version: 2, status: 'cancelled' })

      // Planned, not sent: due one hour from now.
      const planned = await delivery.store.deliveries.find({ eventId: open.eventId, kind: 'nudge' }).toArray()
      expect(planned.map((d) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending'])
      expect(planned[0]!.dueAt.toISOString()).toBe(
        new Date(Date.parse(open.votingDeadline!) - 24 * HOUR).toISOString(),
      )
      await untilQuiet(workers, delivery.store, { kind: 'nudge' }, { clock })
      expect(chats.flatMap((c) => delivery.fake.to(c))).toHaveLength(0)

      clock.shift(HOUR + 60_000)
      await untilQuiet(workers, delivery.store, { kind: 'nudge' }, { clock })
      await untilQuiet(workers, delivery.store, { kind: 'nudge' }, { clock })

      for (const [i, chat] of chats.entries()) {
        const got = delivery.fake.to(chat)
        if (i === 3) {
          expect(got, 'the one who voted').toHaveLength(0)
          continue
        }
        expect(got, `chat ${i}`).toHaveLength(1)
        const message = delivery.fake.message(chat, got[0]!.messageId)!
        expect(message.text).toContain(i === 1 ? 'Open poll: голосование до' : 'Open poll: voting closes')
        expect(message.text).toContain('(Europe/Moscow)')
        const rows = message.replyMarkup!.inline_keyboard
        expect(rows).toHaveLength(4) // two times, one place, Open in Prost
        expect(rows[3]![0]!.url).toBe(`https://t.me/ProstBot?startapp=${open.eventId}`)
        const data = rows[1]![2]!.callback_data!
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64)
        // Signed for this recipient (their chat is their Telegram id) and nobody else.
        expect(decodeNudgeTap(nudgeKey(TEST_INTERNAL_API_TOKEN), data, chat)).toEqual({
          eventId: open.eventId,
          optionIndex: 1,
          answer: 'no',
        })
        expect(decodeNudgeTap(nudgeKey(TEST_INTERNAL_API_TOKEN), data, chat + 1)).toBeNull()
      }
      const after = await delivery.store.deliveries.find({ eventId: open.eventId, kind: 'nudge' }).toArray()
      expect(after.map((d) => d.status).sort()).toEqual(['sent', 'sent', 'sent', 'skipped'])
      expect(after.find((d) => d.status === 'sent')!.options).toEqual([
        ...open.timeOptions.map((o) => o.id),
        open.placeOptions[0]!.id,
      ])

      expect(delivery.fake.to(movedChat!)).toHaveLength(0)
      const movedNudge = await delivery.store.deliveries.findOne({ eventId: moved.eventId, kind: 'nudge' })
      expect(movedNudge).toMatchObject({ status: 'pending', dueAt: new Date(Date.parse(later) - 24 * HOUR) })
      // (The cancel notice does go out; no nudge does.)
      expect(delivery.fake.to(closedChat!).filter((m) => m.text.startsWith('⏳'))).toHaveLength(0)
      expect(
        await delivery.store.deliveries.findOne({ eventId: closed.eventId, kind: 'nudge' }),
      ).toMatchObject({
        status: 'cancelled',
      })

      // The moved deadline's nudge goes out at its new time, once.
      clock.shift(48 * HOUR)
      await untilQuiet(workers, delivery.store, { kind: 'nudge' }, { clock })
      expect(delivery.fake.to(movedChat!)).toHaveLength(1)
      // And nothing more went to anyone.
      expect(chats.flatMap((c) => delivery.fake.to(c))).toHaveLength(3)
    },
  )
})
