/**
 * Who said yes first to the chosen time and place, asked of voting when seats first apply (a
 * finalize with a capacity). Why a synchronous internal read and not a message: the seats must be
 * decided in the same write that finalizes, under the event's lock, so there is never a finalized
 * event without seats for a racing join to slip into; voting alone knows when each yes was cast
 * (ballots keep `yesAt` per option) and events never reads voting's collections.
 * Only asked when a capacity applies; if voting cannot answer, the finalize is refused with 503
 * rather than seating people in the wrong order. Without INTERNAL_API_TOKEN (voting's internal
 * routes do not exist then) seats go by join order, and the service says so at start.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { yesOrderChecker } from '@prost/contracts/checkers'
import { HttpProblem } from '@prost/platform'
import type { EventView } from './event-document.js'
import { createVotingInternal } from './voting-internal.js'

export interface YesOrderOptions {
  votingUrl: string
  internalToken: string
}

export function createYesOrder({ votingUrl, internalToken }: YesOrderOptions) {
  const readVoting = createVotingInternal(votingUrl, internalToken)
  return {
    /** Participant ids in the order of their yes to both options; [] without the internal token. */
    async of(eventId: string, timeOptionId: string, placeOptionId: string): Promise<string[]> {
      if (!internalToken) return []
      const query = new URLSearchParams({ timeOptionId, placeOptionId })
      let body
      try {
        body = await readVoting(`${eventId}/yes-order?${query}`, yesOrderChecker)
      } catch (error) {
        throw new HttpProblem(
          'dependency-unavailable',
          'Seats follow the order of the votes, and the votes cannot be read right now; try again shortly',
          { cause: error },
        )
      }
      // Voting has no ballots (nor copy) of the event yet: nobody said yes.
      if (!body) return []
      return body.participants.map((p) => p.participantId)
    },

    /**
     * The same, only when this time and place with this event capacity would make seats start to
     * apply (a finalize, a reschedule to a place with a capacity, a capacity set afterwards).
     */
    async forChoice(
      view: EventView,
      timeOptionId: string,
      placeOptionId: string,
      capacity = view.capacity ?? null,
    ) {
      const place = view.placeOptions.find((p) => p.id === placeOptionId)
      if (view.seating || (!capacity && !place?.capacity)) return undefined
      return this.of(view.id, timeOptionId, placeOptionId)
    },
  }
}

export type YesOrder = ReturnType<typeof createYesOrder>

declare module 'fastify' {
  interface FastifyInstance {
    yesOrder: YesOrder
  }
}

export const yesOrder = fp(
  async function yesOrder(fastify: FastifyInstance, options: YesOrderOptions) {
    if (!options.internalToken)
      fastify.log.warn('INTERNAL_API_TOKEN is not set: waitlists of full events follow join order, not votes')
    fastify.decorate('yesOrder', createYesOrder(options))
  },
  { name: 'events-yes-order' },
)
