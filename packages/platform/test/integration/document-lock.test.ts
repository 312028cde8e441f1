import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MongoClient, type Db } from 'mongodb'
import { testBackends, uniqueName } from '@prost/test-support'
import { createDocumentLocks, LOCKS_COLLECTION } from '../../src/document-lock.js'

let client: MongoClient
let db: Db

beforeAll(async () => {
  client = await MongoClient.connect(testBackends().mongoUrl)
  db = client.db(uniqueName('locks'))
})
afterAll(async () => {
  await db.dropDatabase()
  await client.close()
})

describe('document locks on FerretDB', () => {
  it('shows why they exist: two concurrent conditional updates both match on FerretDB v1', async () => {
    // If this ever fails, FerretDB made filtered updates atomic and the lock could be retired.
    const docs = db.collection<{ _id: string; rev: number }>('cas')
    await docs.insertOne({ _id: 'a', rev: 1 })
    const results = await Promise.all([1, 2].map(() => docs.updateOne({ _id: 'a', rev: 1 }, { $inc: { rev: 1 } })))
    expect(results.map((r) => r.matchedCount).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1)
  })

  it('serializes read-modify-write: 50 concurrent increments lose nothing', async () => {
    const locks = createDocumentLocks(db)
    const counters = db.collection<{ _id: string; n: number }>('counters')
    await counters.insertOne({ _id: 'c', n: 0 })
    await Promise.all(
      Array.from({ length: 50 }, () =>
        locks.withLock('counter:c', async () => {
          const current = await counters.findOne({ _id: 'c' })
          await counters.replaceOne({ _id: 'c' }, { n: current!.n + 1 })
        }),
      ),
    )
    expect((await counters.findOne({ _id: 'c' }))!.n).toBe(50)
    expect(await db.collection(LOCKS_COLLECTION).countDocuments({})).toBe(0)
  })

  it('takes over a lock whose holder died', async () => {
    const locks = createDocumentLocks(db, { leaseMs: 200 })
    await db.collection(LOCKS_COLLECTION).insertOne({ _id: 'stale' as never, owner: 'dead', expiresAt: new Date(Date.now() - 1000) })
    await expect(locks.withLock('stale', async () => 'ran')).resolves.toBe('ran')
  })

  it('answers 503 when the lock stays busy', async () => {
    const locks = createDocumentLocks(db, { leaseMs: 60_000, waitMs: 300 })
    await db.collection(LOCKS_COLLECTION).insertOne({ _id: 'busy' as never, owner: 'someone', expiresAt: new Date(Date.now() + 60_000) })
    await expect(locks.withLock('busy', async () => 'ran')).rejects.toMatchObject({ statusCode: 503 })
  })
})
