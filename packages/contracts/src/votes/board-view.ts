/**
 * The board a reader may see under the event's privacy settings, derived from the full board (pure,
 * shared by voting, which serves boards, and notifications, whose group card everyone sees).
 * Applying a view to a board already reduced by another gives the stricter of the two, so a reader's
 * board can safely be reduced again (the card starts from the board its creator may see).
 */
import type { Board, BoardView, OptionVoters } from './board.js'

/** Who reads: a participant's id (a user or an invite-link guest) or null for anyone else. */
export interface BoardReader {
  participantId: string | null
}

/** The reader nobody knows: a guest, or a Telegram group where everyone sees the card. */
export const ANYONE: BoardReader = { participantId: null }

const STRICTNESS: Record<BoardView, number> = { full: 0, 'names-hidden': 1, 'results-hidden': 2 }

/**
 * The organizer sees everything. hideResults hides results from a reader who has not voted, while
 * the event is still polling (a decided event shows how it was decided to everyone who may see
 * it). hideNames hides who answered what from everyone but the organizer.
 */
export function viewFor(board: Board, reader: BoardReader): BoardView {
  const id = reader.participantId
  if (id !== null && id === board.organizerId) return 'full'
  const hasVoted =
    id !== null && board.participants.some((p) => p.id === id) && !board.notVoted.some((p) => p.id === id)
  if (board.hideResults && board.status === 'polling' && !hasVoted) return 'results-hidden'
  if (board.hideNames) return 'names-hidden'
  return 'full'
}

const noVoters = (): OptionVoters => ({ yes: [], maybe: [], no: [] })
const noCounts = () => ({ yes: 0, maybe: 0, no: 0 })

/** The board reduced to `view` (the same object when nothing is hidden). */
export function boardAs(board: Board, view: BoardView): Board {
  const target = STRICTNESS[view] > STRICTNESS[board.view] ? view : board.view
  if (target === board.view) return board
  if (target === 'names-hidden') {
    return {
      ...board,
      view: target,
      timeOptions: board.timeOptions.map((o) => ({ ...o, voters: noVoters() })),
      placeOptions: board.placeOptions.map((o) => ({ ...o, voters: noVoters() })),
    }
  }
  return {
    ...board,
    view: target,
    timeOptions: board.timeOptions.map((o) => ({ ...o, counts: noCounts(), voters: noVoters() })),
    placeOptions: board.placeOptions.map((o) => ({ ...o, counts: noCounts(), voters: noVoters() })),
    bestTimeOptionId: null,
    bestPlaceOptionId: null,
    bestCombination: null,
  }
}

/** The board as this reader may see it. */
export const boardFor = (board: Board, reader: BoardReader): Board => boardAs(board, viewFor(board, reader))
