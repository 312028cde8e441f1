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
 * The organizer sees everything. hideResults hides results from a reader who has not voted until the
 * event is decided (a finalized event shows everyone who may see it how it was decided). hideNames
 * hides who answered what from everyone but the organizer. The chooser is built once per board (a
 * live change is shown to many sockets): membership is looked up in sets, not lists.
 */
export function viewChooser(board: Board): (reader: BoardReader) => BoardView {
  if (!board.hideResults && !board.hideNames) return () => 'full'
  const participants = new Set(board.participants.map((p) => p.id))
  const notVoted = new Set(board.notVoted.map((p) => p.id))
  const resultsHidden = board.hideResults && board.status !== 'finalized'
  return ({ participantId: id }) => {
    const member = id !== null && participants.has(id)
    if (member && id === board.organizerId) return 'full'
    if (resultsHidden && !(member && !notVoted.has(id))) return 'results-hidden'
    return board.hideNames ? 'names-hidden' : 'full'
  }
}

export const viewFor = (board: Board, reader: BoardReader): BoardView => viewChooser(board)(reader)

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
