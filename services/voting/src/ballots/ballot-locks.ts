/**
 * One writer per ballot across every voting replica: a short lease in Redis
 * (`voting:ballot-lock:<eventId>:<participantId>`), taken around a ballot write and the tally mark
 * that records it (ballot-writes.ts).
 *
 * Why: FerretDB v1 runs an update as read-modify-write without a lock, so when two replicas write
 * the same ballot at once (one person voting from two devices within milliseconds) the document a
 * write returns may not be the one that landed. With one writer at a time, each write's returned
 * ballot is what the store holds until the next write, so the tally can take it as it is instead of
 * reading the ballot again (one store command less per vote). Writes of one ballot inside one
 * process are already queued (ballots-repository.ts); this orders them between processes.
 *
 * A lease, not a fence: a holder stalled past LEASE_MS may overlap the next one. The tally still
 * takes a returned ballot only when its revision is newer than the entry it replaces, and reads the
 * ballot otherwise (board-tally.ts), and a rebuild repairs anything else.
 * Without Redis (or when it fails) `acquire` answers null: nothing is locked, and the caller takes
 * the slower path that does not rely on the returned ballot.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { HttpProblem } from '@prost/platform'
import { throttledWarning } from '../throttled-warning.js'

const PREFIX = 'voting:ballot-lock'
const LEASE_MS = 5_000
const WAIT_MS = 5_000

/**
 * Lua that deletes the lease at `key` only if it still holds `token`: the release, or the last lines
 * of the holder's final script (the tally mark, board/tally-marks.ts), which ends the lease in the
 * same step so no separate release follows the vote.
 */
export const endLeaseLua = (key: string, token: string) =>
  `if redis.call('GET', ${key}) == ${token} then redis.call('DEL', ${key}) end`

const RELEASE = endLeaseLua('KEYS[1]', 'ARGV[1]')

interface ReleaseCommand {
  ballotLockRelease(key: string, token: string): Promise<unknown>
}

export function createBallotLocks(redis: Redis | undefined, log: FastifyBaseLogger) {
  if (redis && !('ballotLockRelease' in redis)) {
    redis.defineCommand('ballotLockRelease', { numberOfKeys: 1, lua: RELEASE })
  }
  const commands = redis as (Redis & ReleaseCommand) | undefined
  const warning = throttledWarning(log)
  const warn = (error: unknown) =>
    warning(error, 'ballot locks unavailable; ballots are written unlocked and re-read by the tally')

  /** The lock's token once taken; null when Redis cannot answer (then nothing is locked). */
  async function take(key: string): Promise<string | null> {
    if (!commands || commands.status !== 'ready') return null
    const token = randomUUID()
    const deadline = Date.now() + WAIT_MS
    let delay = 2
    try {
      while ((await commands.set(key, token, 'PX', LEASE_MS, 'NX')) !== 'OK') {
        if (Date.now() > deadline)
          throw new HttpProblem('dependency-unavailable', 'Your ballot is being written elsewhere; try again')
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay))
        delay = Math.min(delay * 2, 50)
      }
      return token
    } catch (error) {
      if (error instanceof HttpProblem) throw error
      warn(error)
      return null
    }
  }

  return {
    /**
     * Takes the ballot's lock: resolves with a release once held, or null when Redis cannot answer
     * (then nothing is locked); 503 after waiting WAIT_MS for another holder.
     */
    async acquire(eventId: string, participantId: string): Promise<BallotLock | null> {
      const key = `${PREFIX}:${eventId}:${participantId}`
      const token = await take(key)
      if (token === null) return null
      let open = true
      return {
        lease: { key, token },
        // Not awaited: the release goes out on the same connection as this holder's earlier
        // commands, so Redis runs it after them; the next holder's SET waits for it there.
        release: () => {
          if (open) void commands!.ballotLockRelease(key, token).catch(warn)
          open = false
        },
        ended: () => {
          open = false
        },
      }
    },
  }
}

export interface BallotLock {
  /** The lease's key and this holder's token, for a script that ends it as its last step (`endLeaseLua`). */
  readonly lease: Lease
  /** Ends the lease, unless that was done already. */
  release(): void
  /** A script ended the lease: `release` has nothing left to do. */
  ended(): void
}

export interface Lease {
  key: string
  token: string
}

export type BallotLocks = ReturnType<typeof createBallotLocks>
