/**
 * Events' reads of voting's internal routes (`/api/votes/internal/…`, behind INTERNAL_API_TOKEN and
 * hidden by the ingress): the deadline sweeper's best choice, the finalize guard's board and the
 * seats' yes order. One place for the address, the token, the timeout and the check of the answer
 * against its contract; each caller decides what a failure means for its own request.
 */
import { INTERNAL_TOKEN_HEADER } from '@prost/contracts'
import { describeRefusal } from '@prost/contracts/checkers'

const VOTING_TIMEOUT_MS = 5_000

interface Checker<T> {
  Check(value: unknown): value is T
  Errors(value: unknown): Iterable<{ path: string; message: string }>
}

/** Voting could not be reached, answered an error, or answered something its contract does not allow. */
export class VotingReadError extends Error {
  override name = 'VotingReadError'
}

export function createVotingInternal(votingUrl: string, internalToken: string) {
  const base = votingUrl.replace(/\/+$/, '')
  /** The answer to GET `/api/votes/internal/<path>`, or null when voting does not know the event (404). */
  return async function readVoting<T>(path: string, checker: Checker<T>): Promise<T | null> {
    let res: Response
    try {
      res = await fetch(`${base}/api/votes/internal/${path}`, {
        headers: { accept: 'application/json', [INTERNAL_TOKEN_HEADER]: internalToken },
        signal: AbortSignal.timeout(VOTING_TIMEOUT_MS),
      })
    } catch (error) {
      throw new VotingReadError(`voting could not be reached for ${path}: ${(error as Error).message}`, {
        cause: error,
      })
    }
    if (res.status === 404) return null
    if (!res.ok) throw new VotingReadError(`voting answered ${res.status} for ${path}`)
    const body: unknown = await res.json().catch(() => undefined)
    if (!checker.Check(body))
      throw new VotingReadError(`voting's answer for ${path} is malformed: ${describeRefusal(checker, body)}`)
    return body
  }
}
export type VotingInternal = ReturnType<typeof createVotingInternal>
