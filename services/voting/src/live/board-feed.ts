/**
 * Turns "something about event X changed" into a fresh board for the local sockets watching X, and
 * tells the other replicas (which rebuild their own from the database) when the change was made here.
 *
 * Boards are rebuilt from the database (the read model and the event's one tally document, see
 * board/board-tally.ts) rather than shipped between replicas, so each replica sends
 * its sockets boards in the order it read them, and a later read never shows less than an earlier
 * one: no version counter is needed (FerretDB v1 cannot increment one atomically anyway). Every
 * build takes a ticket from a per-process counter when it starts reading; a socket only ever gets a
 * board with a higher ticket than the last it got. Bursts are coalesced per event: while a board is
 * being built, further changes only mark it dirty and one more board is built afterwards, so 100
 * ballots in a burst cost a handful of reads, and the last board sent reflects every change made
 * before it was requested.
 *
 * Snapshots for new subscribers reuse the newest board built (or being built) while the event is
 * continuously watched here: the subscriber is registered as a watcher first, so any change it
 * could miss has a build of its own still to come and reaches it. Without this, 1,000 clients
 * subscribing to one event cost 1,000 reads of its tally.
 */
import type { FastifyBaseLogger } from 'fastify'
import { activeTraceContext, inTraceContext } from '@prost/platform'
import type { Board, BoardChangeType } from '@prost/contracts'
import type { BoardCache } from '../board/board-cache.js'

export interface BuiltBoard {
  board: Board
  /** Read order within this process: a higher ticket never shows an older state. */
  ticket: number
}

export interface BoardChange extends BuiltBoard {
  type: BoardChangeType
}

/** When changes are coalesced, the message is named after the weightiest one. */
const WEIGHT: Record<BoardChangeType, number> = {
  'ballot.changed': 0,
  'event.changed': 1,
  'event.finalized': 2,
  'event.cancelled': 3,
}

interface PendingBuild {
  dirty: boolean
  type: BoardChangeType
  trace: ReturnType<typeof activeTraceContext>
}

export interface BoardFeedOptions {
  /** Current boards (built from the store, or kept while nothing changed: board/board-cache.ts). */
  boards: Pick<BoardCache, 'current'>
  log: FastifyBaseLogger
  /** Whether any local socket watches the event (no socket, no board to build). */
  isWatched: (eventId: string) => boolean
  deliver: (eventId: string, change: BoardChange) => void
  /** Tells the other replicas; only called for changes made by this one. */
  broadcast: (eventId: string, type: BoardChangeType) => void
}

export function createBoardFeed({ boards, log, isWatched, deliver, broadcast }: BoardFeedOptions) {
  /**
   * Per event with a build running: whether another is due, named after which change, and the trace
   * context of the latest change, so the pushes of a coalesced build join the trace that asked for it.
   */
  const pending = new Map<string, PendingBuild>()
  const running = new Set<Promise<void>>()
  /** Per watched event: the newest board built, and a build in flight for snapshots. */
  const latest = new Map<string, BuiltBoard>()
  const inFlight = new Map<string, Promise<BuiltBoard | null>>()
  let tickets = 0

  async function build(eventId: string): Promise<BuiltBoard | null> {
    const ticket = ++tickets
    const current = await boards.current(eventId)
    if (!current) return null
    const built = { board: current.board, ticket }
    const known = latest.get(eventId)
    if (isWatched(eventId) && (!known || known.ticket < ticket)) latest.set(eventId, built)
    return built
  }

  /** A board for a new subscriber, who must already be registered as a watcher. */
  function snapshot(eventId: string): Promise<BuiltBoard | null> {
    const known = latest.get(eventId)
    if (known) return Promise.resolve(known)
    let pending = inFlight.get(eventId)
    if (!pending) {
      pending = build(eventId).finally(() => inFlight.delete(eventId))
      inFlight.set(eventId, pending)
    }
    return pending
  }

  async function drain(eventId: string, entry: PendingBuild) {
    try {
      while (entry.dirty) {
        entry.dirty = false
        const type = entry.type
        entry.type = 'ballot.changed'
        await inTraceContext(entry.trace, async () => {
          const built = await build(eventId)
          if (built) deliver(eventId, { type, ...built })
        })
      }
    } catch (error) {
      log.warn({ err: error, eventId }, 'could not build the board for live subscribers')
    } finally {
      pending.delete(eventId)
    }
  }

  return {
    build,
    snapshot,

    /** The last local watcher left: changes are no longer followed, so the cached board goes. */
    forget(eventId: string) {
      latest.delete(eventId)
    },

    changed(eventId: string, type: BoardChangeType, origin: 'local' | 'remote' = 'local') {
      if (origin === 'local') broadcast(eventId, type)
      if (!isWatched(eventId)) return
      const entry = pending.get(eventId)
      if (entry) {
        entry.dirty = true
        entry.trace = activeTraceContext()
        if (WEIGHT[type] > WEIGHT[entry.type]) entry.type = type
        return
      }
      const fresh: PendingBuild = { dirty: true, type, trace: activeTraceContext() }
      pending.set(eventId, fresh)
      const work = drain(eventId, fresh)
      running.add(work)
      void work.finally(() => running.delete(work))
    },

    /** Lets boards being built finish (before the database closes). */
    async idle() {
      await Promise.allSettled([...running])
    },
  }
}

export type BoardFeed = ReturnType<typeof createBoardFeed>
