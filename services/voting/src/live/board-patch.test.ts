import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyPatch } from 'rfc6902'
import type { Board, EventState } from '@prost/contracts'
import { buildBoard, type StoredBallot } from '../board/board.js'
import { boardPatch } from './board-patch.js'

const hex = (n: number) => n.toString(16).padStart(24, '0')
const people = Array.from({ length: 1000 }, (_, i) => ({ id: hex(i + 1), name: `Voter ${i}` }))

function state(participants: number): EventState {
  return {
    eventId: hex(90_000),
    version: 1,
    title: 'Beer',
    timeZone: 'UTC',
    visibility: 'public',
    status: 'polling',
    organizer: people[0]!,
    votingDeadline: null,
    timeOptions: [0, 1].map((i) => ({
      id: hex(80_000 + i),
      startsAt: `2031-01-0${i + 1}T18:00:00.000Z`,
      endsAt: `2031-01-0${i + 1}T20:00:00.000Z`,
    })),
    placeOptions: [{ id: hex(70_000), name: 'Bar' }],
    participants: people
      .slice(0, participants)
      .map((p) => ({ ...p, kind: 'user' as const, joinedAt: '2031-01-01T00:00:00.000Z' })),
    invitedUserIds: [],
    final: null,
  }
}

const answers = ['yes', 'maybe', 'no', undefined] as const
const ballot = (person: number, a: number, b: number, c: number): StoredBallot => ({
  participantId: hex(person + 1),
  choices: Object.fromEntries(
    [
      [hex(80_000), answers[a]],
      [hex(80_001), answers[b]],
      [hex(70_000), answers[c]],
    ].filter(([, answer]) => answer !== undefined),
  ),
})

const applied = (before: Board, after: Board) => {
  // As a client has it: parsed JSON, where no two places share an object (buildBoard's do).
  const board = JSON.parse(JSON.stringify(before)) as Board
  const results = applyPatch(board, boardPatch(before, after))
  expect(results.every((r) => r === null)).toBe(true)
  return board
}

describe('boardPatch', () => {
  it('turns any board into any other of the event (ballots, leavers, title) when applied', () => {
    const ballots = fc.array(
      fc.tuple(fc.nat(29), fc.nat(3), fc.nat(3), fc.nat(3)).map(([p, a, b, c]) => ballot(p, a, b, c)),
      { maxLength: 30 },
    )
    fc.assert(
      fc.property(ballots, ballots, fc.nat({ max: 30 }), fc.boolean(), (first, second, size, retitle) => {
        const before = buildBoard(state(30), first)
        const after = buildBoard({ ...state(size), title: retitle ? 'Wine' : 'Beer' }, second)
        expect(applied(before, after)).toEqual(after)
      }),
    )
  })

  it('says one ballot in a 1,000-person event in a handful of operations, wherever the voter stands', () => {
    const before = people.slice(1, 1000).map((_, i) => ballot(i + 1, i % 3, 1, 3))
    // Voter 500 answers for the first time: added to option lists mid-way, taken from notVoted.
    const after = buildBoard(state(1000), [
      ...before.filter((b) => b.participantId !== hex(501)),
      ballot(500, 0, 2, 0),
    ])
    const noVote = buildBoard(
      state(1000),
      before.filter((b) => b.participantId !== hex(501)),
    )
    const started = performance.now()
    const patch = boardPatch(noVote, after)
    const took = performance.now() - started
    expect(applied(noVote, after)).toEqual(after)
    expect(patch.length).toBeLessThanOrEqual(12)
    expect(JSON.stringify(patch).length).toBeLessThan(1000)
    // Linear, not rfc6902's own edit-distance search over 1,000-name lists (that took ~20 s).
    expect(took).toBeLessThan(200)
  })
})
