import { describe, expect, it } from 'vitest'
import type { Board } from './board.js'
import { ANYONE, boardAs, boardFor, viewFor } from './board-view.js'

const people = {
  org: { id: 'org', name: 'Olga' },
  voted: { id: 'v', name: 'Vera' },
  not: { id: 'n', name: 'Nik' },
}

function board(overrides: Partial<Board> = {}): Board {
  const voters = { yes: [people.org, people.voted], maybe: [], no: [] }
  return {
    eventId: '65a1b2c3d4e5f60718293a40',
    eventVersion: 2,
    title: 'Beer',
    status: 'polling',
    visibility: 'public',
    hideResults: false,
    hideNames: false,
    view: 'full',
    organizerId: 'org',
    votingDeadline: null,
    final: null,
    timeOptions: [
      {
        id: '65a1b2c3d4e5f60718293a41',
        startsAt: '2031-01-02T16:00:00.000Z',
        endsAt: '2031-01-02T18:00:00.000Z',
        counts: { yes: 2, maybe: 0, no: 0 },
        voters,
      },
    ],
    placeOptions: [
      { id: '65a1b2c3d4e5f60718293a42', name: 'Bar', counts: { yes: 2, maybe: 0, no: 0 }, voters },
    ],
    participants: [people.org, people.voted, people.not],
    notVoted: [people.not],
    bestTimeOptionId: '65a1b2c3d4e5f60718293a41',
    bestPlaceOptionId: '65a1b2c3d4e5f60718293a42',
    bestCombination: {
      time: { optionId: '65a1b2c3d4e5f60718293a41', score: 2, yes: 2, maybe: 0, no: 0 },
      place: { optionId: '65a1b2c3d4e5f60718293a42', score: 2, yes: 2, maybe: 0, no: 0 },
      score: 4,
    },
    ...overrides,
  }
}

const readers = {
  organizer: { participantId: 'org' },
  'voted participant': { participantId: 'v' },
  'participant who has not voted': { participantId: 'n' },
  guest: ANYONE,
}

describe('the board a reader may see', () => {
  it.each([
    [{}, ['full', 'full', 'full', 'full']],
    [{ hideNames: true }, ['full', 'names-hidden', 'names-hidden', 'names-hidden']],
    [{ hideResults: true }, ['full', 'full', 'results-hidden', 'results-hidden']],
    [{ hideResults: true, hideNames: true }, ['full', 'names-hidden', 'results-hidden', 'results-hidden']],
    [{ hideResults: true, status: 'finalized' as const }, ['full', 'full', 'full', 'full']],
    [
      { hideResults: true, status: 'cancelled' as const },
      ['full', 'full', 'results-hidden', 'results-hidden'],
    ],
  ])('%o → organizer, voted, not voted, guest: %o', (settings, views) => {
    expect(Object.values(readers).map((r) => viewFor(board(settings), r))).toEqual(views)
  })

  it('hides names but keeps counts, or hides every count, name and best choice', () => {
    const counts = boardFor(board({ hideNames: true }), readers['voted participant'])
    expect(counts.timeOptions[0]!.counts.yes).toBe(2)
    expect(JSON.stringify(counts.timeOptions) + JSON.stringify(counts.placeOptions)).not.toMatch(/Olga|Vera/)
    const hidden = boardFor(board({ hideResults: true }), ANYONE)
    expect(hidden.timeOptions[0]!.counts).toEqual({ yes: 0, maybe: 0, no: 0 })
    expect(hidden.placeOptions[0]!.voters).toEqual({ yes: [], maybe: [], no: [] })
    expect([hidden.bestTimeOptionId, hidden.bestPlaceOptionId, hidden.bestCombination]).toEqual([
      null,
      null,
      null,
    ])
  })

  it('never loosens a board that was already reduced', () => {
    const hidden = boardAs(board(), 'results-hidden')
    expect(boardAs(hidden, 'names-hidden').view).toBe('results-hidden')
    expect(boardAs(hidden, 'full')).toBe(hidden)
    const whole = board()
    expect(boardFor(whole, readers.organizer)).toBe(whole)
  })
})
