/**
 * Ballot writes and deletes together with the tally mark that records them (board/tally-marks.ts):
 * under the ballot's lock across replicas (ballot-locks.ts), the ballot is written, then marked with
 * the ballot the write returned, then the lock is released. So marks follow the writes in the order
 * they landed, and the tally can take a marked ballot as it is (board/board-tally.ts).
 *
 * Without Redis (the lock and the mark both live there) the write goes ahead unlocked and the caller
 * waits until the tally has read the ballot back from the store, as before marks existed.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Ballot, BallotChoices } from '@prost/contracts'
import type { Ballots } from './ballots-repository.js'
import { createBallotLocks, type BallotLocks } from './ballot-locks.js'
import type { BoardTally } from '../board/board-tally.js'

export function createBallotWrites(ballots: Ballots, tally: BoardTally, locks: BallotLocks) {
  return {
    /** Replaces the participant's ballot; resolves once a board read anywhere would include it. */
    put(
      eventId: string,
      participantId: string,
      name: string,
      choices: BallotChoices,
      optionIds: readonly string[],
    ): Promise<Ballot> {
      return locks.run(eventId, participantId, async (locked) => {
        const ballot = await ballots.put(eventId, participantId, name, choices, optionIds)
        if (locked)
          await tally.noted(eventId, participantId, { revision: ballot.revision, choices: ballot.choices })
        else await tally.recorded(eventId, participantId)
        return ballot
      })
    },

    /** Deletes the participant's ballot (they left or were removed); idempotent, like `put` for reads. */
    remove(eventId: string, participantId: string): Promise<void> {
      return locks.run(eventId, participantId, async (locked) => {
        await ballots.remove(eventId, participantId)
        if (locked) await tally.noted(eventId, participantId, null)
        else await tally.recorded(eventId, participantId)
      })
    },
  }
}

export type BallotWrites = ReturnType<typeof createBallotWrites>

declare module 'fastify' {
  interface FastifyInstance {
    ballotWrites: BallotWrites
  }
}

export const ballotWrites = fp(
  async function ballotWrites(fastify: FastifyInstance) {
    const redis = fastify.hasDecorator('redis') ? fastify.redis : undefined
    fastify.decorate(
      'ballotWrites',
      createBallotWrites(fastify.ballots, fastify.boardTally, createBallotLocks(redis, fastify.log)),
    )
  },
  { name: 'voting-ballot-writes', dependencies: ['voting-ballots', 'voting-board-tally'] },
)
