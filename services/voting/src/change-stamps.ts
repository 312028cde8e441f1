/**
 * Change stamps in Redis, one per (kind, event): a writer bumps the stamp *after* it stored a change
 * and *before* it acknowledges it; a reader takes the stamp *before* it reads the store and keeps
 * what it read under that stamp. A copy kept under stamp S therefore includes every change bumped
 * before S was read, and a reader that sees another stamp reads the store again. Used for built
 * boards (board/board-cache.ts) and for the read model's event states (read-model/event-read-model.ts).
 *
 * A stamp starts at a random value (so a lost key never repeats one a replica still keeps), and
 * every call fails open: without Redis, or when a call fails, `current` answers null (read the
 * store) and `bump` only logs (callers bound what a lost bump can cost with a maximum age).
 */
import { randomInt } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { throttledWarning } from './throttled-warning.js'

const STAMP_TTL_SECONDS = 30 * 86_400

/** The prefix of the board stamps (board/board-cache.ts), which tally marks also move (board/tally-marks.ts). */
export const BOARD_STAMPS = 'voting:board-stamp'

export const stampKey = (prefix: string, eventId: string) => `${prefix}:${eventId}`

/**
 * Lua lines that bump the stamp at `key` (created at `initial` if absent), for scripts that change
 * something a stamp covers and must move it in the same step (board/tally-marks.ts).
 */
export const bumpStampLua = (key: string, initial: string) => `
if redis.call('EXISTS', ${key}) == 0 then redis.call('SET', ${key}, ${initial}) end
redis.call('INCR', ${key})
redis.call('EXPIRE', ${key}, ${STAMP_TTL_SECONDS})`

/** A stamp's first value: random, so a lost key never repeats a stamp a replica still keeps. */
export const initialStamp = () => String(randomInt(2 ** 47))

interface BumpCommand {
  changeStampBump(key: string, initial: string): Promise<number>
}

export function createChangeStamps(prefix: string, redis: Redis | undefined, log: FastifyBaseLogger) {
  const key = (eventId: string) => stampKey(prefix, eventId)
  if (redis && !('changeStampBump' in redis)) {
    redis.defineCommand('changeStampBump', { numberOfKeys: 1, lua: bumpStampLua('KEYS[1]', 'ARGV[1]') })
  }
  const warn = throttledWarning(log)

  return {
    /** Whether stamps can be used at all (a reader without them reads the store every time). */
    get enabled() {
      return redis !== undefined
    },

    /** The event's current stamp, created if absent; null when Redis cannot answer. */
    async current(eventId: string): Promise<string | null> {
      if (!redis || redis.status !== 'ready') return null
      try {
        const stamp = await redis.get(key(eventId))
        if (stamp !== null) return stamp
        await redis.set(key(eventId), initialStamp(), 'EX', STAMP_TTL_SECONDS, 'NX')
        return await redis.get(key(eventId))
      } catch (error) {
        warn(error, `${prefix} stamps unavailable; reading the store`)
        return null
      }
    },

    /** Something under this stamp was stored: every replica's copy kept under an older stamp is stale. */
    async bump(eventId: string): Promise<void> {
      if (!redis) return
      try {
        // One script, not MULTI: it goes out through the client's auto-pipeline like other commands,
        // so it reaches Redis in the order it was sent.
        await (redis as Redis & BumpCommand).changeStampBump(key(eventId), initialStamp())
      } catch (error) {
        warn(error, `could not bump a ${prefix} stamp; other replicas may keep a stale copy for a while`)
      }
    },
  }
}

export type ChangeStamps = ReturnType<typeof createChangeStamps>

/**
 * Copies kept per event under the stamp their read began with (the other half of the scheme above):
 * `lookup` takes the stamp first and returns the copy kept under it while it is younger than
 * `maxAgeMs`; `keep` stores what was then read under that stamp (nothing without one); at most
 * `maxEntries` events, the least recently used dropped first.
 */
export function createStampedCopies<T>(
  stamps: ChangeStamps,
  { maxEntries, maxAgeMs }: { maxEntries: number; maxAgeMs: number },
) {
  const kept = new Map<string, { value: T; stamp: string; keptAt: number }>()
  function remember(eventId: string, entry: { value: T; stamp: string; keptAt: number }) {
    kept.delete(eventId)
    kept.set(eventId, entry)
    if (kept.size > maxEntries) kept.delete(kept.keys().next().value!)
  }
  return {
    /**
     * The stamp now (null: none to be had) and, if still current, the copy kept under it. `taken`:
     * the stamp as the caller already asked for it (any time after its request arrived).
     */
    async lookup(
      eventId: string,
      taken?: Promise<string | null>,
    ): Promise<{ stamp: string | null; hit?: { value: T } }> {
      const stamp = await (taken ?? stamps.current(eventId))
      const entry = kept.get(eventId)
      if (stamp === null || entry?.stamp !== stamp || Date.now() - entry.keptAt >= maxAgeMs) return { stamp }
      remember(eventId, entry)
      return { stamp, hit: entry }
    },
    keep(eventId: string, stamp: string | null, value: T) {
      if (stamp !== null) remember(eventId, { value, stamp, keptAt: Date.now() })
    },
    /** This replica changed it: its own copy goes at once, before the stamp is bumped for the others. */
    drop(eventId: string) {
      kept.delete(eventId)
    },
  }
}
