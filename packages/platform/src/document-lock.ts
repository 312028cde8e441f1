/**
 * A short lease lock per document, built on the one write FerretDB v1 makes atomic under
 * concurrency: inserting a unique `_id`. (FerretDB v1 evaluates update filters outside its storage
 * transaction, so two concurrent `updateOne({_id, rev: 7})` both match; compare-and-set alone is not
 * enough there.) Holders are serialized; a crashed holder's lease expires and is taken over.
 * Works the same on MongoDB.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from 'mongodb'
import { HttpProblem } from './problems.js'
import { DuplicateKeyError, withMongoErrors } from './mongo-errors.js'

interface LockDoc {
  _id: string
  owner: string
  expiresAt: Date
}

export interface DocumentLockOptions {
  /** How long a holder may keep the lock before others may take it over. */
  leaseMs?: number
  /** How long to wait for the lock before answering 503. */
  waitMs?: number
}

export const LOCKS_COLLECTION = 'document_locks'

export function createDocumentLocks(db: Db, defaults: DocumentLockOptions = {}) {
  const locks = db.collection<LockDoc>(LOCKS_COLLECTION)
  const leaseMs = defaults.leaseMs ?? 10_000
  const waitMs = defaults.waitMs ?? 10_000

  async function tryAcquire(key: string, owner: string) {
    try {
      await withMongoErrors(() => locks.insertOne({ _id: key, owner, expiresAt: new Date(Date.now() + leaseMs) }))
      return true
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error
    }
    const held = await locks.findOne({ _id: key })
    if (held && held.expiresAt.getTime() < Date.now()) {
      // The holder crashed or stalled past its lease: remove its lock so one of the waiters can insert.
      await locks.deleteOne({ _id: key, owner: held.owner })
    }
    return false
  }

  return {
    /** Runs `work` while holding the lock named `key`. */
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      const owner = randomUUID()
      const deadline = Date.now() + waitMs
      let delay = 5
      while (!(await tryAcquire(key, owner))) {
        if (Date.now() > deadline) throw new HttpProblem('dependency-unavailable', 'This record is busy; try again in a moment')
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay))
        delay = Math.min(delay * 2, 100)
      }
      try {
        return await work()
      } finally {
        await locks.deleteOne({ _id: key, owner }).catch(() => undefined)
      }
    },
  }
}

export type DocumentLocks = ReturnType<typeof createDocumentLocks>
