import { describe, expect, it } from 'vitest'
import { buildBoard } from './board.js'
import { cinemaEvent as state, p1, p2, t1, t2 } from '../../test/cinema-event.js'

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
