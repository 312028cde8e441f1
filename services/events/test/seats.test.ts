/**
 * Capacity and waitlist through the events API: seats at finalize follow the order of the yeses
 * (voting's answer, faked here), a full event queues joiners, someone who is in leaving or answering
 * "Can't make it" moves the first on the waitlist up, and the capacity holds under racing writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'
import { bearer, build, createEvent, decide, signTestToken, tokens, type TestApp } from './helper.js'
import { fakeVoting } from './fake-voting.js'
import { domainMessages } from './messages.js'

let app: TestApp
let voting: Awaited<ReturnType<typeof fakeVoting>>
let messages: Awaited<ReturnType<typeof domainMessages>>
const t = tokens()

beforeAll(async () => {
  voting = await fakeVoting(TEST_INTERNAL_API_TOKEN)
  messages = await domainMessages()
  app = await build({ INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN, VOTING_INTERNAL_URL: voting.url })
})

afterAll(async () => {
  await messages?.close()
  await voting?.close()
})

const userId = (n: number) => `64c${n.toString(16).padStart(21, '0')}`
const user = (n: number) => signTestToken({ sub: userId(n), kind: 'user', role: 'user', name: `Person ${n}` })

interface Seated {
  id: string
  status: string
  seating: { capacity: number; inCount: number; waitlistCount: number } | null
  participants: { id: string; seat?: string; waitlistPosition?: number }[]
  timeOptions: { id: string }[]
  placeOptions: { id: string; capacity?: number }[]
}

const join = (eventId: string, n: number) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/join`, headers: bearer(user(n)) })

const read = async (eventId: string): Promise<Seated> => {
  const res = await app.inject({ url: `/api/events/${eventId}`, headers: bearer(t.organizer) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const seatOf = (event: Seated, id: string) => event.participants.find((p) => p.id === id)
const waitlist = (event: Seated) =>
  event.participants
    .filter((p) => p.seat === 'waitlist')
    .sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
    .map((p) => p.id)

/** A public event with a place that fits `placeCapacity`, joined by people 1..n in that order. */
async function eventWith(n: number, overrides: Record<string, unknown> = {}, placeCapacity?: number) {
  const created: Seated = await createEvent(app, t.organizer, {
    placeOptions: [
      { name: 'Tiny bar', ...(placeCapacity ? { capacity: placeCapacity } : {}) },
      { name: 'Hall' },
    ],
    ...overrides,
  })
  for (let i = 1; i <= n; i++) expect((await join(created.id, i)).statusCode).toBe(200)
  return created
}

const finalize = (event: Seated) =>
  decide(app, t.organizer, event.id, 'finalize', {
    timeOptionId: event.timeOptions[0]!.id,
    placeOptionId: event.placeOptions[0]!.id,
  })

describe('capacity at finalize', () => {
  it('seats the first by the time of their yes (organizer first) and waitlists the rest in that order', async () => {
    const event = await eventWith(4, {}, 3)
    expect(event.placeOptions[0]!.capacity).toBe(3)
    voting.orders.set(event.id, [userId(3), userId(1), userId(4)])
    const res = await finalize(event)
    expect(res.statusCode, res.body).toBe(200)
    const after: Seated = res.json()
    expect(after.seating).toEqual({ capacity: 3, inCount: 3, waitlistCount: 2 })
    expect(seatOf(after, '64b000000000000000000001')?.seat).toBe('in')
    expect(seatOf(after, userId(3))?.seat).toBe('in')
    expect(seatOf(after, userId(1))?.seat).toBe('in')
    // Person 4 said yes (after the others); person 2 did not: waitlisted in that order.
    expect(waitlist(after)).toEqual([userId(4), userId(2)])
    expect(
      voting.calls.some((c) => c.eventId === event.id && c.query.includes(event.placeOptions[0]!.id)),
    ).toBe(true)
  })

  it('takes the smaller of the event’s and the place’s capacity, and needs no votes without one', async () => {
    const event = await eventWith(3, { capacity: 2 }, 5)
    expect((await finalize(event)).json().seating).toMatchObject({
      capacity: 2,
      inCount: 2,
      waitlistCount: 2,
    })
    const free = await eventWith(2)
    const before = voting.calls.length
    const decided: Seated = (await finalize(free)).json()
    expect(decided.seating).toBeNull()
    expect(decided.participants.every((p) => p.seat === undefined)).toBe(true)
    expect(voting.calls.length).toBe(before)
  })

  it('refuses the finalize with 503 (nothing written) when the votes cannot be read', async () => {
    const event = await eventWith(1, { capacity: 1 })
    voting.fail(true)
    try {
      const res = await finalize(event)
      expect(res.statusCode).toBe(503)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect((await read(event.id)).status).toBe('polling')
    } finally {
      voting.fail(false)
    }
  })
})

describe('moving up from the waitlist', () => {
  it('moves the first up when someone who is in leaves, is removed or cannot make it', async () => {
    const event = await eventWith(5, { capacity: 3 })
    voting.orders.set(event.id, [userId(1), userId(2), userId(3), userId(4), userId(5)])
    await finalize(event)
    expect(waitlist(await read(event.id))).toEqual([userId(3), userId(4), userId(5)])

    const left = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/leave`,
      headers: bearer(user(1)),
    })
    expect(left.statusCode, left.body).toBe(200)
    let now = await read(event.id)
    expect(seatOf(now, userId(3))?.seat).toBe('in')
    expect(waitlist(now)).toEqual([userId(4), userId(5)])

    const cannot = await app.inject({
      method: 'PUT',
      url: `/api/events/${event.id}/rsvp`,
      headers: bearer(user(2)),
      payload: { answer: 'cannot' },
    })
    expect(cannot.statusCode, cannot.body).toBe(200)
    now = cannot.json()
    expect(seatOf(now, userId(2))?.seat).toBe('out')
    expect(seatOf(now, userId(4))?.seat).toBe('in')
    expect(waitlist(now)).toEqual([userId(5)])

    // Taking it back while full: to the end of the waitlist, nobody loses their seat.
    const back = await app.inject({
      method: 'PUT',
      url: `/api/events/${event.id}/rsvp`,
      headers: bearer(user(2)),
      payload: { answer: 'coming' },
    })
    expect(waitlist(back.json())).toEqual([userId(5), userId(2)])

    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/events/${event.id}/participants/${userId(3)}`,
      headers: bearer(t.organizer),
    })
    expect(removed.statusCode, removed.body).toBe(200)
    now = removed.json()
    expect(seatOf(now, userId(5))?.seat).toBe('in')
    expect(now.seating).toEqual({ capacity: 3, inCount: 3, waitlistCount: 1 })

    // The messages carry the seats, so notifications can tell whoever moved up.
    const sent = await messages.forEvent(event.id, 5 + 1 + 1 + 1 + 2 + 1)
    const last = sent.at(-1)!
    expect(last.type).toBe('participant.removed')
    expect(last.payload.participants.find((p) => p.id === userId(5))?.seat).toBe('in')
  })

  it('puts a joiner of a full finalized event on the waitlist', async () => {
    const event = await eventWith(1, { capacity: 2 })
    await finalize(event)
    const res = await join(event.id, 9)
    expect(res.statusCode, res.body).toBe(200)
    expect(seatOf(res.json(), userId(9))).toMatchObject({ seat: 'waitlist', waitlistPosition: 1 })
  })
})

describe('capacity under concurrency', () => {
  it('50 joins racing for the last 5 seats: exactly 5 in, the rest waitlisted in the order they got in', async () => {
    const event = await eventWith(0, { capacity: 6 })
    await finalize(event)
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => join(event.id, 100 + i)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200))
    const now = await read(event.id)
    expect(now.seating).toEqual({ capacity: 6, inCount: 6, waitlistCount: 45 })
    expect(now.participants.filter((p) => p.seat === 'in')).toHaveLength(6)
    // Waitlist positions follow the order the joins were stored in, with no gaps or repeats.
    const joiners = now.participants.slice(1)
    const queued = joiners.filter((p) => p.seat === 'waitlist')
    expect(queued.map((p) => p.waitlistPosition)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1))
    expect(joiners.slice(0, 5).every((p) => p.seat === 'in')).toBe(true)
  })

  it('a leave racing a finalize ends the same whichever comes first', async () => {
    const event = await eventWith(3, { capacity: 2 })
    voting.orders.set(event.id, [userId(1), userId(2), userId(3)])
    const [finalized, left] = await Promise.all([
      finalize(event),
      app.inject({ method: 'POST', url: `/api/events/${event.id}/leave`, headers: bearer(user(1)) }),
    ])
    expect(finalized.statusCode, finalized.body).toBe(200)
    expect(left.statusCode, left.body).toBe(200)
    const now = await read(event.id)
    expect(seatOf(now, userId(1))).toBeUndefined()
    expect(seatOf(now, userId(2))?.seat).toBe('in')
    expect(waitlist(now)).toEqual([userId(3)])
    expect(now.seating).toEqual({ capacity: 2, inCount: 2, waitlistCount: 1 })
  })
})
