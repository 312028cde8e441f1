import { describe, expect, it } from 'vitest'
import type { EventState } from '@prost/contracts'
import { buildBoard } from './board.js'

const t1 = 'a00000000000000000000001'
const t2 = 'a00000000000000000000002'
const p1 = 'b00000000000000000000001'
const p2 = 'b00000000000000000000002'
const eventId = 'e00000000000000000000001'

const state: EventState = {
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

describe('buildBoard', () => {
  it('lists who said what per option, who has not voted, and the best time and place', () => {
    const board = buildBoard(state, [
      { participantId: 'ann', choices: { [t1]: 'yes', [t2]: 'yes', [p1]: 'maybe', [p2]: 'yes' } },
      { participantId: 'bob', choices: { [t1]: 'no', [t2]: 'maybe', [p1]: 'yes' } },
      // a ballot of someone who left, and an answer on a removed option: both ignored
      { participantId: 'zed', choices: { [t1]: 'yes' } },
    ])
    expect(board.eventVersion).toBe(3)
    expect(board.timeOptions[0]).toMatchObject({
      id: t1,
      counts: { yes: 1, maybe: 0, no: 1 },
      voters: { yes: [{ id: 'ann', name: 'Ann' }], maybe: [], no: [{ id: 'bob', name: 'Bob' }] },
    })
    expect(board.timeOptions[1]!.voters.maybe).toEqual([{ id: 'bob', name: 'Bob' }])
    expect(board.notVoted).toEqual([{ id: 'cat', name: 'Cat' }])
    // t2: 1 yes + 1 maybe beats t1: 1 yes + 0 maybe
    expect(board.bestTimeOptionId).toBe(t2)
    // p1 and p2 have one yes each; p1 has more yes+maybe
    expect(board.bestPlaceOptionId).toBe(p1)
  })

  it('has no best option and everyone not voted without ballots', () => {
    const board = buildBoard(state, [])
    expect(board.bestTimeOptionId).toBeNull()
    expect(board.notVoted).toHaveLength(3)
  })
})
