/**
 * One fixed event for the unit tests of the voting rules: two evenings and two cinemas, Ann
 * organizing, Bob a member, Cat an invite-link guest. Ids are fixed so a test can name options.
 */
import type { EventState } from '@prost/contracts'

export const eventId = 'e00000000000000000000001'
/** The two evenings (t1 is the later one) and the two cinemas. */
export const t1 = 'a00000000000000000000001'
export const t2 = 'a00000000000000000000002'
export const p1 = 'b00000000000000000000001'
export const p2 = 'b00000000000000000000002'

export const cinemaEvent: EventState = {
  eventId,
  version: 3,
  title: 'Cinema',
  timeZone: 'Europe/Berlin',
  visibility: 'private',
  status: 'polling',
  organizer: { id: 'ann', name: 'Ann' },
  votingDeadline: null,
  timeOptions: [
    { id: t1, startsAt: '2031-06-02T18:00:00.000Z', endsAt: '2031-06-02T20:00:00.000Z' },
    { id: t2, startsAt: '2031-06-01T18:00:00.000Z', endsAt: '2031-06-01T20:00:00.000Z' },
  ],
  placeOptions: [
    { id: p1, name: 'Odeon' },
    { id: p2, name: 'Rex' },
  ],
  participants: [
    { id: 'ann', kind: 'user', name: 'Ann', joinedAt: '2031-01-01T00:00:00.000Z' },
    { id: 'bob', kind: 'user', name: 'Bob', joinedAt: '2031-01-01T00:00:00.000Z' },
    { id: 'cat', kind: 'participant', name: 'Cat', joinedAt: '2031-01-01T00:00:00.000Z' },
  ],
  invitedUserIds: [],
  final: null,
}
