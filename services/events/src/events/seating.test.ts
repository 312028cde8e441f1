import { describe, expect, it } from 'vitest'
import type { EventDoc, StoredParticipant } from './event-document.js'
import { effectiveCapacity, nextWaitlist, seatOrder, seatsOf, seatingOf } from './seating.js'

const person = (id: string, minute: number, rsvp?: StoredParticipant['rsvp']): StoredParticipant => ({
  id,
  kind: 'user',
  name: id,
  joinedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
  ...(rsvp ? { rsvp } : {}),
})

type Seats = Pick<EventDoc, 'status' | 'final' | 'capacity' | 'participants' | 'waitlist'>

const place = (capacity?: number) => ({ id: 'p', name: 'Bar', ...(capacity ? { capacity } : {}) })
const finalized = (
  participants: StoredParticipant[],
  capacity: number | null,
  placeCap?: number,
  waitlist?: string[],
): Seats => ({
  status: 'finalized',
  final: {
    timeOptionId: 't',
    placeOptionId: 'p',
    startsAt: new Date(),
    endsAt: new Date(),
    place: place(placeCap),
  },
  capacity,
  participants,
  ...(waitlist ? { waitlist } : {}),
})
const polling = (participants: StoredParticipant[], capacity: number | null): Seats => ({
  status: 'polling',
  final: null,
  capacity,
  participants,
})

describe('effectiveCapacity', () => {
  it('is the smaller of the chosen place’s and the event’s, and only once finalized', () => {
    expect(effectiveCapacity(finalized([], 10, 4))).toBe(4)
    expect(effectiveCapacity(finalized([], 3, 4))).toBe(3)
    expect(effectiveCapacity(finalized([], null, 4))).toBe(4)
    expect(effectiveCapacity(finalized([], null))).toBeNull()
    expect(effectiveCapacity(polling([], 3))).toBeNull()
  })
})

describe('seatOrder', () => {
  it('puts the organizer first, then the yeses in order, then everyone else by join time', () => {
    const people = [person('org', 0), person('a', 1), person('b', 2), person('c', 3), person('d', 4)]
    expect(seatOrder(people, 'org', ['c', 'gone', 'a'])).toEqual(['org', 'c', 'a', 'b', 'd'])
  })
})

describe('nextWaitlist', () => {
  const people = [person('org', 0), person('a', 1), person('b', 2), person('c', 3), person('d', 4)]

  it('hands out seats in the given order at finalize and queues the rest in that order', () => {
    const before = polling(people, 3)
    const after = finalized(people, 3)
    expect(nextWaitlist(before, after, ['org', 'd', 'b', 'a', 'c'])).toEqual(['a', 'c'])
    // Without an order: join order.
    expect(nextWaitlist(before, after)).toEqual(['c', 'd'])
  })

  it('puts a joiner of a full event at the end of the waitlist and seats one while there is room', () => {
    const before = finalized(people, 3, undefined, ['c', 'd'])
    const joined = [...people, person('e', 5)]
    expect(nextWaitlist(before, finalized(joined, 3, undefined, ['c', 'd']))).toEqual(['c', 'd', 'e'])
    const roomy = finalized(people.slice(0, 2), 3)
    expect(nextWaitlist(roomy, finalized([...people.slice(0, 2), person('e', 5)], 3))).toEqual([])
  })

  it('moves the first on the waitlist up when someone who is in leaves or cannot make it', () => {
    const before = finalized(people, 3, undefined, ['c', 'd'])
    const left = people.filter((p) => p.id !== 'a')
    expect(nextWaitlist(before, finalized(left, 3, undefined, ['c', 'd']))).toEqual(['d'])
    const cannot = people.map((p) => (p.id === 'b' ? { ...p, rsvp: 'cannot' as const } : p))
    const after = finalized(cannot, 3, undefined, ['c', 'd'])
    expect(nextWaitlist(before, after)).toEqual(['d'])
    expect(seatsOf({ ...after, waitlist: ['d'] })!.get('b')).toEqual({ seat: 'out' })
  })

  it('queues someone who takes back "can\'t make it" when the event is full, and never unseats anyone', () => {
    const cannot = people.map((p) => (p.id === 'b' ? { ...p, rsvp: 'cannot' as const } : p))
    const before = finalized(cannot, 3, undefined, ['d'])
    const back = people.map((p) => (p.id === 'b' ? { ...p, rsvp: 'coming' as const } : p))
    expect(nextWaitlist(before, finalized(back, 3, undefined, ['d']))).toEqual(['d', 'b'])
    // A lower capacity afterwards queues nobody who is in.
    expect(nextWaitlist(finalized(people, 5), finalized(people, 2))).toEqual([])
  })

  it('reports the seats: in, waitlist with positions, and the counts', () => {
    const doc = finalized(people, 3, undefined, ['c', 'd'])
    expect(seatsOf(doc)!.get('d')).toEqual({ seat: 'waitlist', waitlistPosition: 2 })
    expect(seatingOf(doc)).toEqual({ capacity: 3, inCount: 3, waitlistCount: 2 })
    expect(seatingOf(polling(people, 3))).toBeNull()
  })
})
