/**
 * Tally marks: which participants' ballots were written but may not be in the board tally yet, per
 * event, in Redis, shared by every voting replica. They let a vote be answered once its ballot is
 * stored and marked, with the tally brought up to date behind it (board/board-tally.ts): whoever
 * reads the tally next applies the marks first, so "a board read after a vote's answer includes it"
 * holds on every replica.
 *
 * Layout: one hash per event, `voting:tally-marks:<eventId>`, field participant id → the mark's
 * sequence number and the ballot as written (`<number> <{revision, choices} | null for deleted>`),
 * plus a field `#` holding the event's last sequence number. A mark is written *after* the ballot
 * write it stands for completed and while that ballot's lock is held (ballots/ballot-locks.ts), so
 * a participant's mark always holds their latest write, and an apply that reads the ballot after
 * reading the mark sees that write or a newer one. Sequence numbers only grow, so a reader can tell
 * whether the marks it must wait for (those up to the number it saw) are gone, and a mark is removed
 * only if it is still the one the apply read (a newer mark of the same participant, made while the
 * apply ran, stays for the next one).
 *
 * Every call fails soft: `mark` answers false when Redis cannot take it (the caller then brings the
 * tally up to date before answering, as without marks), and the read side treats an unreadable hash
 * as "no marks" (a vote whose mark failed did not rely on them).
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { BallotChoices } from '@prost/contracts'
import { BOARD_STAMPS, bumpStampLua, initialStamp, stampKey } from '../change-stamps.js'
import { throttledWarning } from '../throttled-warning.js'
import { endLeaseLua, type Lease } from '../ballots/ballot-locks.js'

const PREFIX = 'voting:tally-marks'
const SEQUENCE_FIELD = '#'
/** Marks outlive any apply by far; the expiry only keeps an abandoned event's hash from staying forever. */
const TTL_MS = 7 * 86_400_000

/**
 * Marks a participant with the next sequence number and their ballot as written (ARGV[3]), and
 * moves the board's stamp (KEYS[2]) in the same step: a reader that sees the new stamp sees the
 * mark, without a second round trip or an ordering to rely on. Given the ballot's lease (KEYS[3],
 * its token ARGV[5]), it ends it too: the mark is the last step the lease covers, and the voter's
 * next write, often on the other replica, no longer finds the lease still held and waits for it.
 */
const MARK = `
local n = redis.call('HINCRBY', KEYS[1], '${SEQUENCE_FIELD}', 1)
redis.call('HSET', KEYS[1], ARGV[1], n .. ' ' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
${bumpStampLua('KEYS[2]', 'ARGV[4]')}
if #KEYS > 2 then ${endLeaseLua('KEYS[3]', 'ARGV[5]')} end
return n`

/** Removes the marks an apply read, each only if it was not renewed since (ARGV: id, mark, ...). */
const CLEAR = `
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return removed`

interface MarkCommands {
  /** KEYS: marks, stamp[, lease]; ARGV: participant, ttl, ballot, initial stamp[, lease token]. */
  tallyMark(numberOfKeys: 2 | 3, ...keysAndArgs: (string | number)[]): Promise<number>
  tallyClear(key: string, ...idsAndMarks: string[]): Promise<number>
}

/** A ballot as a write left it: its revision and choices, or null once deleted. */
export type WrittenBallot = { revision: number; choices: BallotChoices } | null

export interface Mark {
  number: number
  /** The ballot the marked write left; undefined when the mark does not say (then the ballot is read). */
  ballot: WrittenBallot | undefined
  /** The stored value, for removing exactly this mark. */
  raw: string
}

/** Participant id → mark. */
export type Marks = Map<string, Mark>

function parseMark(raw: string): Mark {
  const space = raw.indexOf(' ')
  const number = Number(space < 0 ? raw : raw.slice(0, space))
  if (space < 0) return { number, ballot: undefined, raw }
  try {
    const ballot = JSON.parse(raw.slice(space + 1)) as unknown
    const valid =
      ballot === null ||
      (typeof ballot === 'object' &&
        Number.isInteger((ballot as { revision?: unknown }).revision) &&
        typeof (ballot as { choices?: unknown }).choices === 'object')
    return { number, ballot: valid ? (ballot as WrittenBallot) : undefined, raw }
  } catch {
    return { number, ballot: undefined, raw }
  }
}

export function createTallyMarks(redis: Redis | undefined, log: FastifyBaseLogger) {
  const key = (eventId: string) => `${PREFIX}:${eventId}`
  if (redis && !('tallyMark' in redis)) {
    // EVALSHA with the script text as fallback (ioredis), instead of the whole script on every call.
    redis.defineCommand('tallyMark', { lua: MARK })
    redis.defineCommand('tallyClear', { numberOfKeys: 1, lua: CLEAR })
  }
  const commands = redis as (Redis & MarkCommands) | undefined
  const usable = () => commands !== undefined && commands.status === 'ready'
  const warn = throttledWarning(log)

  /** The event's marks and last sequence number; null when Redis cannot answer. */
  async function read(eventId: string): Promise<{ marks: Marks; sequence: number } | null> {
    if (!usable()) return null
    try {
      const fields = await commands!.hgetall(key(eventId))
      const marks: Marks = new Map()
      for (const [field, value] of Object.entries(fields))
        if (field !== SEQUENCE_FIELD) marks.set(field, parseMark(value))
      return { marks, sequence: Number(fields[SEQUENCE_FIELD] ?? 0) }
    } catch (error) {
      warn(error, 'tally marks unavailable; votes wait for the tally')
      return null
    }
  }

  return {
    /**
     * After the participant's ballot write completed, still holding the ballot's lease: the mark's
     * number once stored (the board's stamp moved with it, and the lease, when given, ended), else null.
     */
    async mark(
      eventId: string,
      participantId: string,
      ballot: WrittenBallot,
      lease?: Lease,
    ): Promise<number | null> {
      if (!usable()) return null
      const args = [participantId, TTL_MS, JSON.stringify(ballot), initialStamp()]
      const marksAndStamp = [key(eventId), stampKey(BOARD_STAMPS, eventId)]
      try {
        return Number(
          lease
            ? await commands!.tallyMark(3, ...marksAndStamp, lease.key, ...args, lease.token)
            : await commands!.tallyMark(2, ...marksAndStamp, ...args),
        )
      } catch (error) {
        warn(error, 'could not write a tally mark; the vote waits for the tally')
        return null
      }
    },

    read,

    /** The highest number among the event's marks: those a tally read now must wait for (null: none). */
    async horizon(eventId: string): Promise<number | null> {
      const current = await read(eventId)
      return current && current.marks.size > 0
        ? Math.max(...[...current.marks.values()].map((m) => m.number))
        : null
    },

    /**
     * Whether every mark numbered up to `horizon` has been applied (removed); false when that cannot
     * be told: Redis does not answer, or the marks were lost (the sequence number went back).
     */
    async appliedUpTo(eventId: string, horizon: number): Promise<boolean> {
      const current = await read(eventId)
      if (current === null || current.sequence < horizon) return false
      return [...current.marks.values()].every((m) => m.number > horizon)
    },

    /** Removes the marks an apply read and applied, unless renewed meanwhile. */
    async clear(eventId: string, applied: Marks): Promise<void> {
      if (!usable() || applied.size === 0) return
      const args = [...applied].flatMap(([id, mark]) => [id, mark.raw])
      try {
        await commands!.tallyClear(key(eventId), ...args)
      } catch (error) {
        // Left in place, the marks are applied again by the next read: no harm but the work.
        warn(error, 'could not clear tally marks')
      }
    },
  }
}

export type TallyMarks = ReturnType<typeof createTallyMarks>
