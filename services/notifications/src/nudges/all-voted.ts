/**
 * "Everyone has answered" for the organizer: on a board change (voting's board.changed, on the
 * cards' queue) of a poll this service knows, whose organizer linked Telegram, the board is read
 * through voting's internal route; once a poll with at least two
 * participants has nobody left in `notVoted`, one delivery `all-voted:<eventId>` is inserted for the
 * organizer. The unique _id makes it once per event for good, whichever replica sees which change,
 * however often; the worker sends it like any notice (only to a linked organizer, only while polling).
 */
import type { FastifyBaseLogger } from 'fastify'
import { isDuplicateKey } from '@prost/platform'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import { newDelivery } from '../reminders/reminder-planner.js'
import type { VotingBoardReader } from './voting-board.js'

export const allVotedId = (eventId: string) => `all-voted:${eventId}`

export function createAllVotedWatch(deps: {
  store: Store
  voting: VotingBoardReader
  clock: Clock
  log: FastifyBaseLogger
}) {
  const { store, voting, clock, log } = deps
  return {
    /** Answers whether the organizer's notice was created by this call. */
    async check(eventId: string): Promise<boolean> {
      if (await store.deliveries.findOne({ _id: allVotedId(eventId) }, { projection: { _id: 1 } }))
        return false
      // The worker's copy of the event names the organizer and the version the notice belongs to.
      // Checked before voting is asked: a board change of an event this service does not know, of a
      // poll that is over or of an organizer without Telegram costs no call (a burst of votes across
      // many events would otherwise be one voting read per vote).
      const state = await store.eventStates.findOne({ _id: eventId })
      if (!state || state.status !== 'polling' || state.participants.length < 2) return false
      const link = await store.links.findOne({ _id: state.organizer.id }, { projection: { _id: 1 } })
      if (!link) return false
      const board = await voting.board(eventId)
      if (board.status !== 'polling' || board.participants.length < 2 || board.notVoted.length > 0)
        return false
      const now = clock.now()
      try {
        await store.deliveries.insertOne(
          newDelivery(allVotedId(eventId), 'allVoted', state, state.organizer.id, null, now, now),
        )
        log.info({ eventId }, 'everyone has voted; the organizer will be told')
        return true
      } catch (error) {
        if (isDuplicateKey(error)) return false
        throw error
      }
    },
  }
}
export type AllVotedWatch = ReturnType<typeof createAllVotedWatch>
