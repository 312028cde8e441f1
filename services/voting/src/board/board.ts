/** Builds the whole vote board (every count and name) from the event's state and its ballots (pure; no I/O). */
import type { EventState } from '@prost/contracts'
import type { Board, BallotChoices, OptionVoters, Tally, Voter } from '@prost/contracts'
import { bestOption } from './best-option.js'
import { bestCombination } from './best-combination.js'

export interface StoredBallot {
  participantId: string
  choices: BallotChoices
}

/**
 * Answers for options that no longer exist and ballots of people who are no longer participants
 * are ignored: the board always reflects the event as it is now. Voters are listed in join order,
 * so a board built from the tally and one rebuilt from the ballots (stored in any order) are equal.
 */
export function buildBoard(state: EventState, ballots: readonly StoredBallot[]): Board {
  const participants: Voter[] = state.participants.map((p) => ({ id: p.id, name: p.name }))
  const byId = new Map(participants.map((p) => [p.id, p]))
  const ballotOf = new Map(ballots.map((b) => [b.participantId, b]))
  const counted = participants.flatMap((p) => ballotOf.get(p.id) ?? [])

  const tallyFor = (optionId: string) => {
    const voters: OptionVoters = { yes: [], maybe: [], no: [] }
    for (const ballot of counted) {
      const answer = ballot.choices[optionId]
      if (answer) voters[answer].push(byId.get(ballot.participantId)!)
    }
    const counts: Tally = { yes: voters.yes.length, maybe: voters.maybe.length, no: voters.no.length }
    return { counts, voters }
  }

  const timeOptions = state.timeOptions.map((o) => ({ ...o, ...tallyFor(o.id) }))
  const placeOptions = state.placeOptions.map((o) => ({ ...o, ...tallyFor(o.id) }))
  const voted = new Set(counted.map((b) => b.participantId))

  return {
    eventId: state.eventId,
    eventVersion: state.version,
    title: state.title,
    status: state.status,
    visibility: state.visibility,
    hideResults: state.hideResults ?? false,
    hideNames: state.hideNames ?? false,
    // Built whole; each reader gets it through boardFor (contracts/votes/board-view.ts).
    view: 'full',
    organizerId: state.organizer.id,
    votingDeadline: state.votingDeadline,
    final: state.final,
    timeOptions,
    placeOptions,
    participants,
    notVoted: participants.filter((p) => !voted.has(p.id)),
    bestTimeOptionId: bestOption(timeOptions),
    bestPlaceOptionId: bestOption(placeOptions),
    bestCombination: bestCombination(timeOptions, placeOptions),
  }
}
