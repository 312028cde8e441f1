/**
 * Two worker replicas on one database and one set of queues, as deployed. FerretDB v1 evaluates an
 * update's filter outside its transaction, so two replicas' conditional updates of one document can
 * both match: every exclusive step takes a claim (an atomic unique insert) or the event's lock
 * instead. Counted at a fake Bot API: every notice and reminder reaches its chat exactly once, and
 * every delivery and event state ends where it should, whichever replica did which part.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { EventState } from '@prost/contracts'
import {
  buildWorker,
  eventState,
  messageIcon,
  objectId,
  reminderDueNow,
  testConfig,
  untilApplied,
  untilQuiet,
  workerWithFakeTelegram,
  type FakeTelegramWorker,
  type TestWorker,
} from './helper.js'

const TOKEN = '990:two-workers'
const DAY = 86_400_000

describe('two worker replicas on one database and one set of queues', () => {
  const config = testConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    SEND_RATE_PER_SECOND: '50',
    SEND_CHAT_INTERVAL_MS: '50',
  })
  let delivery: FakeTelegramWorker
  let workers: TestWorker[]

  beforeAll(async () => {
    delivery = await workerWithFakeTelegram(config, TOKEN)
    // The second replica: the same configuration, so the same database, queues and send budget.
    const second = await buildWorker({ ...config, LOG_LEVEL: 'silent' })
    workers = [delivery.worker, second]
  })
  afterAll(async () => {
    await workers?.[1]?.close()
  })

  /** What each chat received, by kind: ✅ decided, 🔁 moved, ⏰ reminder. */
  const received = (chatId: number) =>
    delivery.fake
      .to(chatId)
      .reduce<Record<string, number>>(
        (counts, m) => ({ ...counts, [messageIcon(m.text)]: (counts[messageIcon(m.text)] ?? 0) + 1 }),
        {},
      )
  const linkAll = (people: string[]) => Promise.all(people.map((id) => delivery.link(id)))

  it(
    'send every notice and reminder exactly once and leave every state right',
    { timeout: 90_000 },
    async () => {
      const { publisher, store, link } = delivery
      const planners = workers.map((w) => vi.spyOn(w.reminderPlanner, 'handle'))
      const senders = workers.map((w) => vi.spyOn(w.reminderSender, 'handle'))

      // Meetups due now, each message published twice (the outbox may publish a state again): both
      // replicas plan, claim and send side by side. One participant never linked Telegram.
      const dueEvents = await Promise.all(
        Array.from({ length: 4 }, async (_, e) => {
          const linked = Array.from({ length: 4 }, () => objectId())
          const unlinked = objectId()
          const chats = await linkAll(linked)
          const state = eventState({
            version: 1,
            startsAt: reminderDueNow(),
            participants: [...linked, unlinked],
            title: `Due beer ${e}`,
          })
          return { state, chats, unlinked }
        }),
      )
      for (const { state } of dueEvents) {
        const envelope = await publisher.publish('event.finalized', state)
        await publisher.publishEnvelope(envelope)
      }
      // Someone joins the first meetup once it is planned: a reminder for them, no "decided" notice.
      const late = objectId()
      const lateChat = await link(late)
      const joinedFirst = dueEvents[0]!.state
      await untilApplied(store, (await publisher.publish('event.finalized', joinedFirst)).id)
      const joinedState: EventState = {
        ...joinedFirst,
        version: 2,
        participants: [
          ...joinedFirst.participants,
          { id: late, kind: 'user', name: 'Late', joinedAt: new Date().toISOString() },
        ],
      }
      await publisher.publish('participant.joined', {
        ...joinedState,
        participant: joinedState.participants.at(-1),
      })

      // Meetups decided for later, then moved to now and edited right after the move: the two messages
      // reach both replicas at once. Applied side by side, both would compare against the state before
      // the move and tell it twice; the event's lock applies them in turn, so it is told once.
      const movedEvents = await Promise.all(
        Array.from({ length: 3 }, async (_, e) => {
          const people = Array.from({ length: 3 }, () => objectId())
          const chats = await linkAll(people)
          const state = eventState({
            version: 1,
            startsAt: new Date(Date.now() + 2 * DAY),
            participants: people,
            title: `Moving beer ${e}`,
          })
          return { state, chats }
        }),
      )
      for (const { state } of movedEvents)
        await untilApplied(store, (await publisher.publish('event.finalized', state)).id)
      for (const { state } of movedEvents) {
        const startsAt = reminderDueNow()
        const final = {
          ...state.final!,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        }
        const moved = await publisher.publish('event.rescheduled', { ...state, version: 2, final })
        await publisher.publish('event.updated', { ...state, version: 3, final, title: `${state.title}!` })
        await publisher.publishEnvelope(moved)
      }

      const eventIds = [...dueEvents, ...movedEvents].map(({ state }) => state.eventId)
      await expect
        .poll(
          async () =>
            (await store.eventStates.find({ _id: { $in: eventIds } }).toArray()).map((s) => s.version).sort(),
          { timeout: 20_000, interval: 50 },
        )
        .toEqual([1, 1, 1, 2, 3, 3, 3])
      await untilQuiet(workers, store, { eventId: { $in: eventIds } }, { timeout: 30_000 })

      // Both replicas did part of the work, or this proved nothing about two.
      for (const spy of [...planners, ...senders]) expect(spy).toHaveBeenCalled()

      for (const { state, chats, unlinked } of dueEvents) {
        for (const chatId of chats) expect(received(chatId), state.title).toEqual({ '✅': 1, '⏰': 1 })
        const deliveries = await store.deliveries.find({ eventId: state.eventId }).toArray()
        const unlinkedOnes = deliveries.filter((d) => d.participantId === unlinked)
        expect(unlinkedOnes.map((d) => [d.kind, d.status]).sort()).toEqual([
          ['finalized', 'skipped'],
          ['reminder', 'skipped'],
        ])
        expect(deliveries.filter((d) => d.participantId !== unlinked).every((d) => d.status === 'sent')).toBe(
          true,
        )
      }
      expect(received(lateChat)).toEqual({ '⏰': 1 })

      for (const { state, chats } of movedEvents) {
        for (const chatId of chats)
          expect(received(chatId), state.title).toEqual({ '✅': 1, '🔁': 1, '⏰': 1 })
        const deliveries = await store.deliveries.find({ eventId: state.eventId }).toArray()
        expect(deliveries.map((d) => d.kind).sort(), state.title).toEqual([
          ...Array(3).fill('finalized'),
          ...Array(3).fill('moved'),
          ...Array(3).fill('reminder'),
        ])
        expect(deliveries.every((d) => d.status === 'sent')).toBe(true)
      }
    },
  )
})
