/**
 * Automatic finalize at the voting deadline, end to end: events' deadline sweeper asks voting for the
 * best time and place (yes = 1, if-need-be = 0.5) and finalizes through the organizer's own path, so
 * the same single `event.finalized` message follows; nothing choosable leaves the poll open; and of
 * an automatic and a manual finalize racing, exactly one wins.
 */
import amqplib from 'amqplib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DOMAIN_EXCHANGE, type Event } from '@prost/contracts'
import { describeRefusal, eventMessageChecker } from '@prost/contracts/checkers'
import { declareTopology } from '@prost/platform'
import {
  call,
  inDays,
  startIngressStack,
  testBackends,
  uniqueName,
  userToken,
  type IngressStack,
} from '@prost/test-support'

let stack: IngressStack
let closeListener: () => Promise<void>
const heard: { type: string; payload: { eventId: string; version: number } & Record<string, unknown> }[] = []

beforeAll(async () => {
  // The timer is set far out: each test runs the sweep itself, so what it checks is not timing.
  stack = await startIngressStack({
    only: ['voting', 'events'],
    env: { events: { DEADLINE_SWEEP_MS: '600000' } },
  })
  const connection = await amqplib.connect(testBackends().amqpUrl)
  const channel = await connection.createConfirmChannel()
  await declareTopology(channel, {})
  const { queue } = await channel.assertQueue(uniqueName('auto-finalize'), {
    exclusive: true,
    autoDelete: true,
  })
  await channel.bindQueue(queue, DOMAIN_EXCHANGE, 'event.#')
  await channel.consume(
    queue,
    (msg) => {
      if (!msg) return
      const body: unknown = JSON.parse(msg.content.toString())
      expect(eventMessageChecker.Check(body), describeRefusal(eventMessageChecker, body)).toBe(true)
      heard.push(body as (typeof heard)[number])
    },
    { noAck: true },
  )
  closeListener = () => connection.close()
}, 120_000)

afterAll(async () => {
  await closeListener?.()
  await stack?.stop()
})

interface DeadlineSweeperLike {
  sweep(): Promise<void>
  finalizeDue(eventId: string): Promise<'finalized' | 'undecided' | 'not-due'>
}
// The service's own sweeper (decorated by events' deadline-sweeper plugin).
const sweeper = () =>
  (stack.apps.events![0]! as unknown as { deadlineSweeper: DeadlineSweeperLike }).deadlineSweeper
const messagesOf = (eventId: string, type: string) =>
  heard.filter((m) => m.type === type && m.payload.eventId === eventId)

const organizer = userToken('Olga')
const friends = [userToken('Fred'), userToken('Mila')]

/** A public event with two times and two places, a deadline tomorrow, autoFinalize on. */
async function pollWithVotes(
  votes: (ids: { t: string[]; p: string[] }) => Record<string, 'yes' | 'maybe' | 'no'>[],
): Promise<Event> {
  const created = await call<Event>(stack.url, 'POST', '/api/events', {
    token: organizer,
    body: {
      title: uniqueName('Auto beer'),
      timeZone: 'Europe/Berlin',
      visibility: 'public',
      votingDeadline: inDays(1),
      autoFinalize: true,
      timeOptions: [{ startsAt: inDays(9) }, { startsAt: inDays(8) }],
      placeOptions: [{ name: 'Bierhaus' }, { name: 'Biergarten' }],
    },
  })
  expect(created.status, created.text).toBe(201)
  expect(created.json).toMatchObject({ autoFinalize: true, nudgeHoursBeforeDeadline: 24 })
  const id = created.json.id
  for (const friend of friends) {
    const joined = await call(stack.url, 'POST', `/api/events/${id}/join`, { token: friend, body: {} })
    expect(joined.status, joined.text).toBe(200)
  }
  const ids = { t: created.json.timeOptions.map((o) => o.id), p: created.json.placeOptions.map((o) => o.id) }
  const ballots = votes(ids)
  const voters = [organizer, ...friends]
  for (const [i, choices] of ballots.entries()) {
    const put = await call(stack.url, 'PUT', `/api/votes/${id}`, {
      token: voters[i]!,
      body: { choices, eventVersion: created.json.version + friends.length },
    })
    expect(put.status, put.text).toBe(200)
  }
  // The deadline passes: moved to a minute ago (the API allows a recent past deadline).
  const moved = await call<Event>(stack.url, 'PATCH', `/api/events/${id}`, {
    token: organizer,
    body: { votingDeadline: new Date(Date.now() - 60_000).toISOString() },
  })
  expect(moved.status, moved.text).toBe(200)
  // Voting's copy must have the latest version before the sweeper can decide.
  await vi.waitFor(
    async () => {
      const board = await call<{ eventVersion: number }>(stack.url, 'GET', `/api/votes/${id}`, {
        token: organizer,
      })
      expect(board.json.eventVersion).toBe(moved.json.version)
    },
    { timeout: 10_000, interval: 100 },
  )
  return moved.json
}

const eventNow = async (id: string) =>
  (await call<Event>(stack.url, 'GET', `/api/events/${id}`, { token: organizer })).json

describe('automatic finalize at the deadline', () => {
  it('finalizes with the best-scored time and place through the normal finalize path', async () => {
    // Times: first = yes, maybe, maybe (2.0, 1 yes); second = yes, yes, no (2.0, 2 yes) → second.
    // Places: Bierhaus refused by all → never; Biergarten one maybe → Biergarten.
    const event = await pollWithVotes(({ t, p }) => [
      { [t[0]!]: 'yes', [t[1]!]: 'yes', [p[0]!]: 'no', [p[1]!]: 'no' },
      { [t[0]!]: 'maybe', [t[1]!]: 'yes', [p[0]!]: 'no', [p[1]!]: 'maybe' },
      { [t[0]!]: 'maybe', [t[1]!]: 'no', [p[0]!]: 'no' },
    ])
    await sweeper().sweep()
    const final = await eventNow(event.id)
    expect(final).toMatchObject({
      status: 'finalized',
      version: event.version + 1,
      final: { timeOptionId: event.timeOptions[1]!.id, placeOptionId: event.placeOptions[1]!.id },
    })
    await vi.waitFor(() => expect(messagesOf(event.id, 'event.finalized')).toHaveLength(1), {
      timeout: 10_000,
    })
    expect(messagesOf(event.id, 'event.finalized')[0]!.payload).toMatchObject({
      status: 'finalized',
      version: final.version,
      autoFinalize: true,
    })
    // A second sweep finds nothing to do.
    await sweeper().sweep()
    expect((await eventNow(event.id)).version).toBe(final.version)
  })

  it('leaves the poll open, once, when no place is choosable', async () => {
    const event = await pollWithVotes(({ t, p }) => [
      { [t[0]!]: 'yes', [p[0]!]: 'no', [p[1]!]: 'no' },
      { [t[0]!]: 'yes', [p[0]!]: 'no' },
      { [p[1]!]: 'no' },
    ])
    await sweeper().sweep()
    await sweeper().sweep()
    const after = await eventNow(event.id)
    expect(after).toMatchObject({ status: 'polling', final: null, version: event.version + 1 })
    await vi.waitFor(
      () =>
        expect(
          messagesOf(event.id, 'event.updated').filter((m) => m.payload.autoFinalizeUndecided),
        ).toHaveLength(1),
      { timeout: 10_000 },
    )
    expect(messagesOf(event.id, 'event.finalized')).toHaveLength(0)
  })

  it('does nothing before the deadline or without autoFinalize', async () => {
    const event = await pollWithVotes(({ t, p }) => [{ [t[0]!]: 'yes', [p[0]!]: 'yes' }])
    const off = await call<Event>(stack.url, 'PATCH', `/api/events/${event.id}`, {
      token: organizer,
      body: { autoFinalize: false },
    })
    expect(off.status, off.text).toBe(200)
    expect(await sweeper().finalizeDue(event.id)).toBe('not-due')
    const later = await call<Event>(stack.url, 'PATCH', `/api/events/${event.id}`, {
      token: organizer,
      body: { autoFinalize: true, votingDeadline: inDays(1) },
    })
    expect(later.status, later.text).toBe(200)
    expect(await sweeper().finalizeDue(event.id)).toBe('not-due')
    expect((await eventNow(event.id)).status).toBe('polling')
  })

  it('lets exactly one of a manual and an automatic finalize win', async () => {
    for (let round = 0; round < 4; round++) {
      const event = await pollWithVotes(({ t, p }) => [{ [t[1]!]: 'yes', [p[1]!]: 'yes' }])
      const [manual, auto] = await Promise.allSettled([
        call<Event>(stack.url, 'POST', `/api/events/${event.id}/finalize`, {
          token: organizer,
          body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[0]!.id },
        }),
        sweeper().finalizeDue(event.id),
      ])
      expect(manual.status).toBe('fulfilled')
      expect(auto.status).toBe('fulfilled')
      const manualWon = manual.status === 'fulfilled' && manual.value.status === 200
      const autoWon = auto.status === 'fulfilled' && auto.value === 'finalized'
      expect([manualWon, autoWon].filter(Boolean), `round ${round}`).toHaveLength(1)
      if (!manualWon) expect(manual.status === 'fulfilled' && manual.value.status).toBe(409)
      const final = await eventNow(event.id)
      expect(final.version).toBe(event.version + 1)
      expect(final.final?.timeOptionId).toBe(event.timeOptions[manualWon ? 0 : 1]!.id)
      await vi.waitFor(() => expect(messagesOf(event.id, 'event.finalized')).toHaveLength(1), {
        timeout: 10_000,
      })
    }
  })
})
