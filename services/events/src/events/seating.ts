/**
 * Capacity and waitlist. A finalized event has an effective capacity (the smaller of the chosen
 * place's and the event's; none = no seats at all). The stored truth is one ordered list, `waitlist`;
 * everyone else who has not answered "Can't make it" is in. Every write of an event passes through
 * `withSeats` under the event's lock (events-repository.ts), so joins, leaves, removals, RSVPs and
 * finalizes racing each other are decided one after another and the capacity is never exceeded.
 */
import type { Seat, Seating } from '@prost/contracts'
import type { EventDoc, StoredParticipant } from './event-document.js'

type SeatFields = Pick<EventDoc, 'status' | 'final' | 'capacity' | 'participants' | 'waitlist'>

/** The capacity in force: only once finalized, the smaller of the chosen place's and the event's. */
export function effectiveCapacity(doc: Pick<EventDoc, 'status' | 'final' | 'capacity'>): number | null {
  if (doc.status !== 'finalized' || !doc.final) return null
  const caps = [doc.final.place.capacity, doc.capacity].filter((c): c is number => typeof c === 'number')
  return caps.length ? Math.min(...caps) : null
}

const cannotCome = (p: StoredParticipant) => p.rsvp === 'cannot'

/** Each participant's seat, or null when the event has no seats (voting, cancelled, no capacity). */
export interface SeatOf {
  seat: Seat
  waitlistPosition?: number
}

export function seatsOf(doc: SeatFields): Map<string, SeatOf> | null {
  if (effectiveCapacity(doc) === null) return null
  const position = new Map((doc.waitlist ?? []).map((id, i) => [id, i + 1]))
  return new Map(
    doc.participants.map((p): [string, SeatOf] => {
      const onList = position.get(p.id)
      if (onList !== undefined) return [p.id, { seat: 'waitlist', waitlistPosition: onList }]
      return [p.id, { seat: cannotCome(p) ? 'out' : 'in' }]
    }),
  )
}

export function seatingOf(doc: SeatFields): Seating | null {
  const capacity = effectiveCapacity(doc)
  const seats = seatsOf(doc)
  if (capacity === null || !seats) return null
  const all = [...seats.values()]
  return {
    capacity,
    inCount: all.filter((s) => s.seat === 'in').length,
    waitlistCount: all.filter((s) => s.seat === 'waitlist').length,
  }
}

/**
 * The order seats are given in when seats first apply: the organizer (who hosts), then those who
 * said yes to the chosen time and place, by when (voting's `yesOrder`), then everyone else by when
 * they joined.
 */
export function seatOrder(
  participants: readonly StoredParticipant[],
  organizerId: string,
  yesOrder: readonly string[],
): string[] {
  const present = new Set(participants.map((p) => p.id))
  const byJoin = [...participants].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())
  const ordered = [organizerId, ...yesOrder, ...byJoin.map((p) => p.id)].filter((id) => present.has(id))
  return [...new Set(ordered)]
}

/** seatOrder for the document as it is under the lock. */
export const seatOrderFor = (
  doc: Pick<EventDoc, 'participants' | 'organizer'>,
  yesOrder: readonly string[],
) => seatOrder(doc.participants, doc.organizer.id, yesOrder)

/**
 * The waitlist after a change from `before` to `next` (pure). When seats start to apply (a finalize,
 * or a capacity set on a finalized event) they are handed out in `order` (seatOrder; join order if
 * absent). Afterwards nobody who is in loses their seat; freed seats go to the waitlist first, in
 * order, and only then to newcomers (a join, or a "Can't make it" taken back), who otherwise queue.
 */
export function nextWaitlist(
  before: SeatFields | null,
  next: SeatFields,
  order?: readonly string[],
): string[] {
  const capacity = effectiveCapacity(next)
  if (capacity === null) return []
  const cannot = new Set(next.participants.filter(cannotCome).map((p) => p.id))
  const hopeful = next.participants.filter((p) => !cannot.has(p.id)).map((p) => p.id)
  const previous = before ? seatsOf(before) : null
  if (!previous) {
    const ranked = order ? order.filter((id) => hopeful.includes(id)) : []
    const rest = hopeful.filter((id) => !ranked.includes(id))
    return [...ranked, ...rest].slice(capacity)
  }
  const waiting = new Set(next.waitlist ?? [])
  const waitlist = (next.waitlist ?? []).filter((id) => hopeful.includes(id))
  const seated = hopeful.filter((id) => !waiting.has(id) && previous.get(id)?.seat === 'in')
  const newcomers = hopeful.filter((id) => !waiting.has(id) && previous.get(id)?.seat !== 'in')
  let free = capacity - seated.length
  while (free > 0 && waitlist.length > 0) {
    waitlist.shift()
    free--
  }
  for (const id of newcomers) {
    if (free > 0) free--
    else waitlist.push(id)
  }
  return waitlist
}

/** Who moved from the waitlist to in between two versions (they are told). */
export function movedUp(before: SeatFields, after: SeatFields): string[] {
  const was = seatsOf(before)
  const now = seatsOf(after)
  if (!was || !now) return []
  return [...now].filter(([id, s]) => s.seat === 'in' && was.get(id)?.seat === 'waitlist').map(([id]) => id)
}
