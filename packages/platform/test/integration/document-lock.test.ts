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
    const results = await Promise.all(
      [1, 2].map(() => docs.updateOne({ _id: 'a', rev: 1 }, { $inc: { rev: 1 } })),
    )
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
    await db
      .collection(LOCKS_COLLECTION)
      .insertOne({ _id: 'stale' as never, owner: 'dead', expiresAt: new Date(Date.now() - 1000) })
    await expect(locks.withLock('stale', async () => 'ran')).resolves.toBe('ran')
  })

  it('takes over a lease that runs out while it waits (it looks at the expiry only once it may have passed)', async () => {
    const locks = createDocumentLocks(db, { leaseMs: 300, retryDelayMs: { first: 5, max: 20 } })
    const lockDocs = db.collection(LOCKS_COLLECTION)
    await lockDocs.insertOne({
      _id: 'runs-out' as never,
      owner: 'stalled',
      expiresAt: new Date(Date.now() + 300),
    })
    const started = Date.now()
    await expect(locks.withLock('runs-out', async () => 'ran')).resolves.toBe('ran')
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(await lockDocs.countDocuments({ _id: 'runs-out' as never })).toBe(0)
  })

  it('withLockUnlessDone stops waiting once the work is done elsewhere, and runs it when the lock is free', async () => {
    const locks = createDocumentLocks(db, { leaseMs: 60_000, retryDelayMs: { first: 5, max: 20 } })
    await db
      .collection(LOCKS_COLLECTION)
      .insertOne({ _id: 'elsewhere-busy' as never, owner: 'other', expiresAt: new Date(Date.now() + 60_000) })
    let doneElsewhere = false
    let asked = 0
    const ran: string[] = []
    const waiting = locks.withLockUnlessDone(
      'elsewhere-busy',
      async () => (++asked, doneElsewhere),
      async () => void ran.push('busy'),
    )
    await expect.poll(() => asked).toBeGreaterThan(0)
    doneElsewhere = true
    expect(await waiting).toBe(false)
    expect(
      await locks.withLockUnlessDone(
        'free',
        async () => true,
        async () => void ran.push('free'),
      ),
    ).toBe(true)
    expect(ran).toEqual(['free'])
  })

  it('answers 503 when the lock stays busy', async () => {
    const locks = createDocumentLocks(db, { leaseMs: 60_000, waitMs: 300 })
    await db
      .collection(LOCKS_COLLECTION)
      .insertOne({ _id: 'busy' as never, owner: 'someone', expiresAt: new Date(Date.now() + 60_000) })
    await expect(locks.withLock('busy', async () => 'ran')).rejects.toMatchObject({ statusCode: 503 })
  })

  it('skip mode: of 20 concurrent claims exactly one wins, and a released key can be claimed again', async () => {
    const locks = createDocumentLocks(db)
    const wins = await Promise.all(Array.from({ length: 20 }, () => locks.claim('send:1')))
    expect(wins.filter(Boolean)).toHaveLength(1)
    expect(await locks.claim('send:1')).toBe(false)
    await locks.release('send:1')
    expect(await locks.claim('send:1')).toBe(true)
  })

  it('skip mode: a stale claim is taken over by exactly one of several racers, a fresh one by none', async () => {
    const locks = createDocumentLocks(db)
    const now = new Date()
    await db
      .collection(LOCKS_COLLECTION)
      .insertOne({ _id: 'old' as never, at: new Date(now.getTime() - 120_000) })
    await db
      .collection(LOCKS_COLLECTION)
      .insertOne({ _id: 'fresh' as never, at: new Date(now.getTime() - 1_000) })
    const racers = Array.from({ length: 4 }, () => locks.claim('old', { now, staleAfterMs: 60_000 }))
    expect((await Promise.all(racers)).filter(Boolean)).toHaveLength(1)
    expect(await locks.claim('fresh', { now, staleAfterMs: 60_000 })).toBe(false)
  })

  it('keeps its locks in the collection it is given', async () => {
    const locks = createDocumentLocks(db, { collection: 'delivery_locks' })
    expect(await locks.claim('elsewhere')).toBe(true)
    expect(await db.collection('delivery_locks').countDocuments({ _id: 'elsewhere' as never })).toBe(1)
  })
})
