/**
 * Voting's board of any event, read through voting's internal route (INTERNAL_API_TOKEN) rather than
 * as a user: the worker nudges people who have not voted whether or not the organizer uses Telegram.
 * The answer is checked against the contract before use.
 */
import { INTERNAL_TOKEN_HEADER, type Board } from '@prost/contracts'
import { boardChecker, describeRefusal } from '@prost/contracts/checkers'

export interface VotingBoardReader {
  board(eventId: string): Promise<Board>
}

export function createVotingBoardReader(
  votingUrl: string,
  internalToken: string,
  timeoutMs = 5000,
): VotingBoardReader {
  const base = votingUrl.replace(/\/+$/, '')
  return {
    async board(eventId) {
      const res = await fetch(`${base}/api/votes/internal/${eventId}/board`, {
        headers: { accept: 'application/json', [INTERNAL_TOKEN_HEADER]: internalToken },
        signal: AbortSignal.timeout(timeoutMs),
      })
      if (!res.ok) throw new Error(`voting answered ${res.status} for the board of ${eventId}`)
      const body: unknown = await res.json()
      if (!boardChecker.Check(body))
        throw new Error(`voting's board is malformed: ${describeRefusal(boardChecker, body)}`)
      return body
    },
  }
}
