/**
 * Built boards kept per replica, checked against a change stamp in Redis on every read.
 *
 * Why: a board read is the most frequent request of a voting evening (every open page polls or
 * reconnects), and building one costs two store reads (the read model and the tally) plus the
 * build. On FerretDB v1 each store read is a PostgreSQL scan plus a decode in Go, so a board read
 * ran at ~0.05× of a bare route. The board does not depend on who reads it (access is checked on
 * the event state kept with it), so one build serves every reader until something changes.
 *
 * How a reader never sees a board older than a change it could know of:
 *  - every change bumps `voting:board-stamp:<eventId>` (INCR) *after* it is stored and *before*
 *    it is acknowledged: a ballot after the tally holds it (PUT answers after the bump), an event
 *    message after the read model applied it (the message is acked after the bump);
 *  - a read takes the stamp *before* it reads the store, and a board is kept under the stamp its
 *    read began with. A board kept under stamp S therefore includes every change bumped before S
 *    was read; a reader that sees a newer stamp rebuilds.
 * (The stamps themselves: ../change-stamps.ts.) Fail-open: without Redis (or when a bump fails)
 * boards are built from the store every time, and a kept board is never used after MAX_AGE_MS,
 * which bounds what a lost bump can cost.
 */
import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { Board, EventState } from '@prost/contracts'
import type { EventReadModel } from '../read-model/event-read-model.js'
import { tallyBallots, type BoardTally } from './board-tally.js'
import { buildBoard } from './board.js'
import { BOARD_STAMPS, createChangeStamps, createStampedCopies, stampKey } from '../change-stamps.js'

export interface CurrentBoard {
  state: EventState
  board: Board
}

export interface BoardCacheOptions {
  readModel: EventReadModel
  tally: BoardTally
  redis?: Redis
  log: FastifyBaseLogger
  /** Events kept per replica (least recently read dropped first). */
  maxEvents?: number
}

const MAX_AGE_MS = 10_000
export const boardStampKey = (eventId: string) => stampKey(BOARD_STAMPS, eventId)

export function createBoardCache({ readModel, tally, redis, log, maxEvents = 2_000 }: BoardCacheOptions) {
  const stamps = createChangeStamps(BOARD_STAMPS, redis, log)
  const kept = createStampedCopies<CurrentBoard>(stamps, { maxEntries: maxEvents, maxAgeMs: MAX_AGE_MS })

  return {
    /**
     * The board's stamp as of now, to pass to `current` later: a read route asks for it as its
     * request arrives, so it goes to Redis together with the rate limit's command (one write).
     */
    stampNow: (eventId: string) => stamps.current(eventId),

    /**
     * The event's state and board as of now (null: voting does not know the event); `stamp`: from
     * `stampNow`, asked for after the reader's request arrived.
     */
    async current(eventId: string, stamp?: Promise<string | null>): Promise<CurrentBoard | null> {
      const { stamp: taken, hit } = await kept.lookup(eventId, stamp)
      if (hit) return hit.value
      const state = await readModel.get(eventId)
      if (!state) return null
      const current = { state, board: buildBoard(state, tallyBallots(await tally.read(eventId))) }
      kept.keep(eventId, taken, current)
      return current
    },

    /** The repair path (board/board-tally.ts), announced like any other change. */
    async rebuild(eventId: string): Promise<void> {
      await tally.rebuild(eventId)
      await this.changed(eventId)
    },

    /** Something the board shows was stored: every replica's kept board for it is now stale. */
    async changed(eventId: string): Promise<void> {
      kept.drop(eventId)
      await stamps.bump(eventId)
    },
  }
}

export type BoardCache = ReturnType<typeof createBoardCache>

declare module 'fastify' {
  interface FastifyInstance {
    boardCache: BoardCache
  }
}

export const boardCache = fp(
  async function boardCache(fastify: FastifyInstance) {
    fastify.decorate(
      'boardCache',
      createBoardCache({
        readModel: fastify.eventReadModel,
        tally: fastify.boardTally,
        redis: fastify.hasDecorator('redis') ? fastify.redis : undefined,
        log: fastify.log,
      }),
    )
  },
  { name: 'voting-board-cache', dependencies: ['voting-event-read-model', 'voting-board-tally'] },
)
