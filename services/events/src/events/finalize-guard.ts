/**
 * The finalize guard (issue 16, feature 7): finalizing a time or a place that every voter who
 * answered it rejected (at least one answer, all "no") needs the organizer's confirmation
 * (`force: true`); 409 needs-confirmation otherwise. An option nobody answered is not rejected, so
 * the organizer may always finalize without votes.
 *
 * Why ask voting: the answers live there only (events never sees ballots); voting's internal board
 * route (INTERNAL_API_TOKEN, hidden by the ingress) is the one the deadline sweeper and the worker
 * already read. One read per finalize click is cheap. Without INTERNAL_API_TOKEN the route does not
 * exist, so there is nothing to ask and the guard stands aside (as the automatic finalize does).
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { HttpProblem } from '@prost/platform'
import type { Board, Tally } from '@prost/contracts'
import { boardChecker } from '@prost/contracts/checkers'
import { createVotingInternal } from './voting-internal.js'

/** Every answer was "no", and there was at least one. */
export const rejectedByEveryone = (counts: Tally) => counts.no > 0 && counts.yes === 0 && counts.maybe === 0

/** Which of the chosen options everyone rejected (by the board's counts), as problem fields. */
export function rejectedChoices(board: Board, timeOptionId: string, placeOptionId: string) {
  const fields: { path: string; message: string }[] = []
  const time = board.timeOptions.find((o) => o.id === timeOptionId)
  if (time && rejectedByEveryone(time.counts))
    fields.push({
      path: '/body/timeOptionId',
      message: `every voter who answered rejected this time (${time.counts.no} × no)`,
    })
  const place = board.placeOptions.find((o) => o.id === placeOptionId)
  if (place && rejectedByEveryone(place.counts))
    fields.push({
      path: '/body/placeOptionId',
      message: `every voter who answered rejected this place (${place.counts.no} × no)`,
    })
  return fields
}

export interface FinalizeGuardOptions {
  votingUrl: string
  internalToken: string
}

export function createFinalizeGuard(options: FinalizeGuardOptions) {
  const readVoting = createVotingInternal(options.votingUrl, options.internalToken)

  /** The whole board (voting's internal route), or null while voting does not know the event (no votes). */
  async function boardOf(eventId: string): Promise<Board | null> {
    try {
      return await readVoting(`${eventId}/board`, boardChecker)
    } catch (error) {
      throw unavailable(error)
    }
  }

  return {
    /** Throws 409 needs-confirmation unless `force` or the choice is not rejected by everyone. */
    async check(eventId: string, choice: { timeOptionId: string; placeOptionId: string; force?: boolean }) {
      if (choice.force || !options.internalToken) return
      const board = await boardOf(eventId)
      if (!board) return
      const errors = rejectedChoices(board, choice.timeOptionId, choice.placeOptionId)
      if (errors.length > 0)
        throw new HttpProblem(
          'needs-confirmation',
          'Everyone who answered rejected this choice; send force: true to finalize it anyway',
          { errors },
        )
    },
  }
}

function unavailable(cause: unknown) {
  return new HttpProblem(
    'dependency-unavailable',
    'The votes could not be checked; try again, or send force: true to finalize without the check',
    { headers: { 'retry-after': '2' }, cause },
  )
}

export type FinalizeGuard = ReturnType<typeof createFinalizeGuard>

declare module 'fastify' {
  interface FastifyInstance {
    finalizeGuard: FinalizeGuard
  }
}

export const finalizeGuard = fp(
  async function finalizeGuard(fastify: FastifyInstance, options: FinalizeGuardOptions) {
    if (!options.internalToken)
      fastify.log.warn('INTERNAL_API_TOKEN is not set: finalizing does not check for rejected options')
    fastify.decorate('finalizeGuard', createFinalizeGuard(options))
  },
  { name: 'finalize-guard' },
)
