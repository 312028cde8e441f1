/**
 * Ballot writes and deletes together with the tally mark that records them (board/tally-marks.ts):
 * under the ballot's lock across replicas (ballot-locks.ts), the ballot is written, then marked with
 * the ballot the write returned, and the mark's script ends the lock's lease. So marks follow the
 * writes in the order they landed, and the tally can take a marked ballot as it is
 * (board/board-tally.ts).
 *
 * Round trips are what a vote waits for (each await on a busy replica also waits its turn in the
 * event loop), so the lock is taken while the caller still checks the ballot, and the mark moves the
 * board's change stamp and ends the lease in the same script (a separate release, sent after the
 * answer, often reached Redis after the voter's next write on the other replica had found the lease
 * still held: 30 % of the writes in the bench waited and asked again). Without Redis (the
 * lock and the mark both live there) the write goes ahead unlocked, the caller waits until the tally
 * has read the ballot back from the store, and the stamp moves after that, as before marks existed.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Ballot, BallotChoices } from '@prost/contracts'
import type { Ballots } from './ballots-repository.js'
import { createBallotLocks, type BallotLock, type BallotLocks } from './ballot-locks.js'
import type { BoardTally } from '../board/board-tally.js'
import type { WrittenBallot } from '../board/tally-marks.js'

/** What a checked ballot write needs (the caller's checks produce it). */
export interface BallotInput {
  name: string
  choices: BallotChoices
  /** The event's options: a non-yes answer clears their yes times (ballots-repository.ts). */
  optionIds: readonly string[]
}

export interface BallotWritesOptions {
  ballots: Ballots
  tally: BoardTally
  locks: BallotLocks
  /** Tells every replica that the event's board changed (the board cache's stamp). */
  boardChanged: (eventId: string) => Promise<void>
}

export function createBallotWrites({ ballots, tally, locks, boardChanged }: BallotWritesOptions) {
  /** Runs `work` under the ballot's lock (`taken`), once it is held and `ready` (the caller's checks) settled. */
  async function underLock<I, T>(
    taken: Promise<BallotLock | null>,
    ready: Promise<I>,
    work: (input: I, lock: BallotLock | null) => Promise<T>,
  ): Promise<T> {
    const [lock, input] = await Promise.allSettled([taken, ready])
    const held: BallotLock | null = lock.status === 'fulfilled' ? lock.value : null
    try {
      if (input.status === 'rejected') throw input.reason
      if (lock.status === 'rejected') throw lock.reason
      return await work(input.value, held)
    } finally {
      held?.release()
    }
  }

  /**
   * Marks the change (which moves the board's stamp and ends the lock's lease in one step); without
   * a mark, waits for the tally first.
   */
  async function announce(
    eventId: string,
    participantId: string,
    ballot: WrittenBallot,
    lock: BallotLock | null,
  ) {
    if (lock && (await tally.noted(eventId, participantId, ballot, lock.lease))) return lock.ended()
    await tally.recorded(eventId, participantId)
    await boardChanged(eventId)
  }

  return {
    /**
     * Starts taking the ballot's lock for a `put`: a caller that knows the ballot before its other
     * Redis work of the same turn (the route's rate limit) sends the lock's SET in the same write.
     */
    lock(eventId: string, participantId: string): Promise<BallotLock | null> {
      return locks.acquire(eventId, participantId)
    },

    /**
     * Replaces the participant's ballot once `checked` resolves (the caller's checks, running while
     * the lock is taken, or was already being taken: `taken`, from `lock`); resolves once a board
     * read anywhere would include it.
     */
    put(
      eventId: string,
      participantId: string,
      checked: Promise<BallotInput>,
      taken: Promise<BallotLock | null> = locks.acquire(eventId, participantId),
    ): Promise<Ballot> {
      return underLock(taken, checked, async ({ name, choices, optionIds }, lock) => {
        const ballot = await ballots.put(eventId, participantId, name, choices, optionIds)
        await announce(eventId, participantId, { revision: ballot.revision, choices: ballot.choices }, lock)
        return ballot
      })
    },

    /** Deletes the participant's ballot (they left or were removed); idempotent. */
    remove(eventId: string, participantId: string): Promise<void> {
      return underLock(locks.acquire(eventId, participantId), Promise.resolve(), async (_, lock) => {
        await ballots.remove(eventId, participantId)
        await announce(eventId, participantId, null, lock)
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
      createBallotWrites({
        ballots: fastify.ballots,
        tally: fastify.boardTally,
        locks: createBallotLocks(redis, fastify.log),
        boardChanged: (eventId) => fastify.boardCache.changed(eventId),
      }),
    )
  },
  {
    name: 'voting-ballot-writes',
    dependencies: ['voting-ballots', 'voting-board-tally', 'voting-board-cache'],
  },
)
