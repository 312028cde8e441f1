/**
 * Locks named by a string, built on the one write FerretDB v1 makes atomic under concurrency:
 * inserting a unique `_id`. (FerretDB v1 evaluates update filters outside its storage transaction,
 * so two concurrent `updateOne({_id, rev: 7})` both match; compare-and-set alone is not enough
 * there.) Works the same on MongoDB. Two modes:
 *
 * - **wait** (`withLock`): a short lease around a read-modify-write. Holders are serialized; a
 *   crashed holder's lease expires and is taken over; waiting too long answers 503.
 * - **skip** (`claim`): take a key once and do not wait: true for exactly one caller however many
 *   race. For steps that must happen once (a send, a claim, a one-time token). The claim stays
 *   until `release`d; with `staleAfterMs` an old claim, whose holder must have failed half-way, is
 *   taken over.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from 'mongodb'
import { HttpProblem } from './problems.js'
import { isDuplicateKey } from './mongo-errors.js'

export interface LockDoc {
  _id: string
  owner?: string
  /** When the lock was taken. */
  at: Date
  /** Wait-mode leases only: when others may take the lock over. */
  expiresAt?: Date
}

export interface DocumentLockOptions {
  /** Collection holding the locks; default `document_locks`. */
  collection?: string
  /** How long a wait-mode holder may keep the lock before others may take it over. */
  leaseMs?: number
  /** How long `withLock` waits for the lock before answering 503. */
  waitMs?: number
  /**
   * `withLock`'s pauses between tries: the first, doubled up to the last (default 5 and 100 ms).
   * Each try is one store command (an insert); a lock held for a few ms at a time by a busy writer
   * on another replica wants short pauses, or the waiter sleeps through most of the moments it is free.
   */
  retryDelayMs?: { first: number; max: number }
}

export const LOCKS_COLLECTION = 'document_locks'

export function createDocumentLocks(db: Db, defaults: DocumentLockOptions = {}) {
  const locks = db.collection<LockDoc>(defaults.collection ?? LOCKS_COLLECTION)
  const leaseMs = defaults.leaseMs ?? 10_000
  const waitMs = defaults.waitMs ?? 10_000
  const retryDelay = defaults.retryDelayMs ?? { first: 5, max: 100 }

  async function insert(doc: LockDoc) {
    try {
      await locks.insertOne(doc)
      return true
    } catch (error) {
      if (isDuplicateKey(error)) return false
      throw error
    }
  }

  /**
   * One try at the lease. A failed try looks at the holder's expiry only when it may have passed
   * (`waiter.checkAt`): a lease seen to run until T cannot be taken over before T, and any lease
   * taken later runs at least `leaseMs`. So a waiter pays one insert per try, not an insert and a
   * read, which matters when the holder is another replica busy for a few ms at a time.
   */
  async function tryLease(key: string, owner: string, waiter: { checkAt: number }) {
    const now = Date.now()
    if (await insert({ _id: key, owner, at: new Date(now), expiresAt: new Date(now + leaseMs) })) return true
    if (Date.now() < waiter.checkAt) return false
    const held = await locks.findOne({ _id: key })
    if (held?.expiresAt && held.expiresAt.getTime() < Date.now()) {
      // The holder crashed or stalled past its lease: remove its lock so one of the waiters can insert.
      await locks.deleteOne({ _id: key, owner: held.owner })
      waiter.checkAt = 0
    } else {
      waiter.checkAt = held?.expiresAt ? held.expiresAt.getTime() : Date.now() + leaseMs
    }
    return false
  }

  /** Waits for the lock and runs `work`, unless `skip` answers true between tries (then null). */
  async function lockedUnless<T>(
    key: string,
    skip: (() => Promise<boolean>) | null,
    work: () => Promise<T>,
  ): Promise<{ value: T } | null> {
    const owner = randomUUID()
    const deadline = Date.now() + waitMs
    const waiter = { checkAt: 0 }
    let delay = retryDelay.first
    while (!(await tryLease(key, owner, waiter))) {
      if (Date.now() > deadline)
        throw new HttpProblem('dependency-unavailable', 'This record is busy; try again in a moment')
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay))
      delay = Math.min(delay * 2, retryDelay.max)
      if (skip && (await skip())) return null
    }
    try {
      return { value: await work() }
    } finally {
      await locks.deleteOne({ _id: key, owner }).catch(() => undefined)
    }
  }

  async function claim(key: string, options: { now?: Date; staleAfterMs?: number } = {}): Promise<boolean> {
    const now = options.now ?? new Date()
    if (await insert({ _id: key, at: now })) return true
    if (options.staleAfterMs === undefined) return false
    const held = await locks.findOne({ _id: key })
    if (!held || now.getTime() - held.at.getTime() < options.staleAfterMs) return false
    // Only the caller whose delete removed the stale claim retries, so two takers cannot both win.
    const removed = await locks.deleteOne({ _id: key, at: held.at })
    return removed.deletedCount === 1 && insert({ _id: key, at: now })
  }

  return {
    /** Wait mode: runs `work` while holding the lock named `key`. */
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      return (await lockedUnless(key, null, work))!.value
    },
    /**
     * Wait mode for work someone else may do meanwhile: while waiting, asks `done` between tries and
     * stops waiting once it answers true (false: `work` did not run). E.g. applying changes another
     * replica may apply first.
     */
    async withLockUnlessDone(key: string, done: () => Promise<boolean>, work: () => Promise<void>) {
      return (await lockedUnless(key, done, work)) !== null
    },
    /** Skip mode: takes `key` if nobody holds it; never waits. */
    claim,
    /** Gives a claim back after the step it guarded failed before doing anything; best effort. */
    async release(key: string) {
      await locks.deleteOne({ _id: key }).catch(() => undefined)
    },
  }
}

export type DocumentLocks = ReturnType<typeof createDocumentLocks>
