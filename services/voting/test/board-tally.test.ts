import { beforeAll, describe, expect, it } from 'vitest'
import type { BallotChoices, EventState } from '@prost/contracts'
import { LOCKS_COLLECTION } from '@prost/platform'
import { bearer, uniqueName } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import {
  oid,
  person,
  publishState,
  userToken,
  usualPoll,
  waitForVersion,
  withParticipants,
  type Person,
} from './fixtures.js'
import { buildBoard } from '../src/board/board.js'
import {
  BOARDS_COLLECTION,
  BUCKETS,
  bucketOf,
  createBoardTally,
  type Tally,
  type TallyBucketDocument,
} from '../src/board/board-tally.js'
import type { BallotDocument } from '../src/ballots/ballots-repository.js'
import { createTallyMarks } from '../src/board/tally-marks.js'

/** Two replicas of the voting service on one database and one event queue. */
let one: TestApp
let two: TestApp
const { ann, bob, state } = usualPoll()
const ANSWERS = ['yes', 'maybe', 'no'] as const

const boards = () => one.mongo.db.collection<TallyBucketDocument>(BOARDS_COLLECTION)
/** The stored tally of an event: every bucket's entries, merged. */
const storedTally = async (eventId: string): Promise<Tally> =>
  Object.assign(
    {},
    ...(await boards().find({ eventId }).toArray()).map((doc) => JSON.parse(doc.entries) as Tally),
  ) as Tally
/** The stored tally once the marks made so far are applied. */
const settledTally = async (eventId: string): Promise<Tally> => {
  await one.boardTally.applied(eventId)
  return storedTally(eventId)
}
const marksKey = (eventId: string) => `voting:tally-marks:${eventId}`
const bucketDoc = (eventId: string, participantId: string) => `${eventId}:${bucketOf(participantId)}`
const storedBallots = (eventId: string) =>
  one.mongo.db.collection<BallotDocument>('ballots').find({ eventId }).toArray()

const put = (target: TestApp, eventId: string, voter: { id: string; name: string }, choices: BallotChoices) =>
  target.inject({
    method: 'PUT',
    url: `/api/votes/${eventId}`,
    headers: bearer(userToken(voter)),
    payload: { choices },
  })

const boardOf = async (target: TestApp, eventId: string) => {
  const res = await target.inject({ url: `/api/votes/${eventId}`, headers: bearer(userToken(ann)) })
  expect(res.statusCode).toBe(200)
  return res.json()
}

/** The board as a rebuild from every stored ballot would show it (the pre-tally way). */
const rebuiltBoard = async (s: EventState) => buildBoard(s, await storedBallots(s.eventId))

/** Fisher–Yates, so the writes arrive in no particular order. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

const randomChoices = (s: EventState): BallotChoices =>
  Object.fromEntries(
    [...s.timeOptions, ...s.placeOptions]
      .filter(() => Math.random() < 0.8)
      .map((o) => [o.id, ANSWERS[Math.floor(Math.random() * 3)]!]),
  )

/** A new event with the usual poll's people plus `newcomers`, known to both replicas. */
async function freshEvent(newcomers: Person[] = []) {
  const s = withParticipants({ ...state, eventId: oid() }, newcomers)
  await publishState(one, s)
  await waitForVersion(two, s.eventId, s.version)
  return s
}

/** A new event with Ann's vote in its stored tally (and all its buckets written, which needs the lock). */
async function eventWithAnnsVote() {
  const s = await freshEvent()
  const [t1] = s.timeOptions
  await put(one, s.eventId, ann, { [t1!.id]: 'no' })
  expect((await boardOf(one, s.eventId)).timeOptions[0].counts.no).toBe(1)
  await one.boardTally.applied(s.eventId)
  return { s, t1 }
}

/** Runs `work` while "another replica" holds the event's tally lock (a long apply, or a stalled one). */
async function whileAnotherReplicaHoldsTheTallyLock(eventId: string, work: () => Promise<void>) {
  const lock = one.mongo.db.collection(LOCKS_COLLECTION)
  const lockId = `board:${eventId}` as never
  await expect.poll(() => lock.countDocuments({ _id: lockId })).toBe(0)
  await lock.insertOne({
    _id: lockId,
    owner: 'elsewhere',
    at: new Date(),
    expiresAt: new Date(Date.now() + 60_000),
  })
  try {
    await work()
  } finally {
    await lock.deleteOne({ _id: lockId })
  }
}

beforeAll(async () => {
  const env = { RATE_LIMIT_MAX: '100000', BALLOT_RATE_LIMIT_MAX: '1000' }
  const shared = { MONGODB_DB: uniqueName('voting'), EVENT_QUEUE: uniqueName('voting-events') }
  one = await build({ ...env, ...shared })
  two = await build({ ...env, ...shared })
  await publishState(one, state, 'event.created')
})

describe('the board tally', () => {
  it('equals a rebuild from the ballots after 500 concurrent writes from 50 participants on 2 replicas', async () => {
    const voters = Array.from({ length: 50 }, (_, i) => person(`Voter ${i}`))
    const s = await freshEvent(voters)
    const writes = shuffled(
      voters.flatMap((voter) =>
        Array.from({ length: 10 }, () => ({
          voter,
          target: Math.random() < 0.5 ? one : two,
          choices: randomChoices(s),
        })),
      ),
    )
    // 50 in flight at any time (as many as voters): more only exhausts the shared test PostgreSQL's connections.
    const answers: Awaited<ReturnType<typeof put>>[] = []
    let taken = 0
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (taken < writes.length) {
          const i = taken++
          const w = writes[i]!
          answers[i] = await put(w.target, s.eventId, w.voter, w.choices)
        }
      }),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(500).fill(200))

    const ballots = await storedBallots(s.eventId)
    expect(ballots).toHaveLength(50)
    // Nobody reads: the replicas bring the stored tally up to date behind the answers on their own.
    await expect
      .poll(() => storedTally(s.eventId), { timeout: 10_000 })
      .toEqual(
        Object.fromEntries(
          ballots.map((b) => [b.participantId, { revision: b.revision, choices: b.choices }]),
        ),
      )
    await expect.poll(() => one.redis.hlen(marksKey(s.eventId))).toBeLessThanOrEqual(1)
    const expected = await rebuiltBoard(s)
    expect(await boardOf(one, s.eventId)).toEqual(expected)
    expect(await boardOf(two, s.eventId)).toEqual(expected)
  })

  it('applies a redelivered or late change once: counts stay, the newer ballot stays', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    expect((await put(one, s.eventId, bob, { [t1!.id]: 'yes' })).statusCode).toBe(200)
    expect((await put(two, s.eventId, bob, { [t1!.id]: 'no' })).statusCode).toBe(200)
    expect((await settledTally(s.eventId))[bob.id]).toEqual({ revision: 2, choices: { [t1!.id]: 'no' } })
    const before = await boards().find({ eventId: s.eventId }).toArray()

    // The first write's change arrives again, many times, on both replicas at once and in any order.
    await Promise.all(
      shuffled([...Array(20).fill(one), ...Array(20).fill(two)]).map((target: TestApp) =>
        target.boardTally.recorded(s.eventId, bob.id),
      ),
    )
    expect(await boards().find({ eventId: s.eventId }).toArray()).toEqual(before)
    const board = await boardOf(one, s.eventId)
    expect(board.timeOptions[0].counts).toEqual({ yes: 0, maybe: 0, no: 1 })
    expect(board).toEqual(await rebuiltBoard(s))
  })

  it('rebuilds a deleted tally from the ballots on the next read, and on the next vote', async () => {
    const s = await freshEvent()
    const [t1, t2] = s.timeOptions
    await put(one, s.eventId, bob, { [t1!.id]: 'yes' })
    await put(two, s.eventId, ann, { [t2!.id]: 'maybe' })
    const expected = await rebuiltBoard(s)

    await boards().deleteMany({ eventId: s.eventId })
    expect(await boardOf(two, s.eventId)).toEqual(expected)
    expect(await boards().countDocuments({ eventId: s.eventId })).toBe(BUCKETS)

    await boards().deleteMany({ eventId: s.eventId })
    expect((await put(one, s.eventId, bob, { [t1!.id]: 'no' })).statusCode).toBe(200)
    expect((await settledTally(s.eventId))[bob.id]).toEqual({ revision: 2, choices: { [t1!.id]: 'no' } })
    expect(await boardOf(one, s.eventId)).toEqual(await rebuiltBoard(s))
  })

  it.each([
    ['entries that are not JSON', () => ({ entries: 'garbage' })],
    ['entries that are not an object', () => ({ entries: '[]' })],
    [
      'an answer that is not yes, maybe or no',
      () => ({ entries: JSON.stringify({ [bob.id]: { revision: 1, choices: { y: 'perhaps' } } }) }),
    ],
    ['an entry without a revision', () => ({ entries: JSON.stringify({ [bob.id]: { choices: {} } }) })],
    ['no entries at all', () => ({})],
  ])('repairs a tally bucket with %s', async (_what, corrupt) => {
    const s = await freshEvent()
    const placeId = s.placeOptions[0]!.id
    await put(one, s.eventId, bob, { [placeId]: 'yes' })
    const _id = bucketDoc(s.eventId, bob.id)
    await boards().replaceOne({ _id }, {
      eventId: s.eventId,
      bucket: bucketOf(bob.id),
      ...corrupt(),
    } as never)
    expect(await boardOf(two, s.eventId)).toEqual(await rebuiltBoard(s))
    const repaired = await boards().findOne({ _id })
    expect(JSON.parse(repaired!.entries)).toEqual({
      [bob.id]: { revision: 1, choices: { [placeId]: 'yes' } },
    })
  })

  it('repairs a corrupted bucket on the next vote into it', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    await put(one, s.eventId, bob, { [t1!.id]: 'yes' })
    await boards().updateOne({ _id: bucketDoc(s.eventId, bob.id) }, { $set: { entries: '{"broken' } })
    expect((await put(two, s.eventId, bob, { [t1!.id]: 'maybe' })).statusCode).toBe(200)
    expect((await settledTally(s.eventId))[bob.id]).toEqual({ revision: 2, choices: { [t1!.id]: 'maybe' } })
  })

  it('rebuild() recovers a tally that missed a change (e.g. a replica died between the ballot and the tally)', async () => {
    const s = await freshEvent()
    await put(one, s.eventId, bob, { [s.timeOptions[0]!.id]: 'yes' })
    await settledTally(s.eventId)
    await one.mongo.db
      .collection<BallotDocument>('ballots')
      .updateOne(
        { eventId: s.eventId, participantId: bob.id },
        { $set: { choices: {} }, $inc: { revision: 1 } },
      )
    expect((await boardOf(one, s.eventId)).timeOptions[0].counts.yes).toBe(1)
    await two.boardCache.rebuild(s.eventId)
    expect(await boardOf(one, s.eventId)).toEqual(await rebuiltBoard(s))
    expect((await boardOf(one, s.eventId)).timeOptions[0].counts.yes).toBe(0)
  })

  it('answers a vote without waiting for the tally, and a read on the other replica shows it at once', async () => {
    const { s, t1 } = await eventWithAnnsVote()
    await whileAnotherReplicaHoldsTheTallyLock(s.eventId, async () => {
      expect((await put(one, s.eventId, bob, { [t1!.id]: 'yes' })).statusCode).toBe(200)
      expect(parseInt((await one.redis.hget(marksKey(s.eventId), bob.id)) ?? '')).toBeGreaterThan(0)
      // Not in the stored tally (the lock is held), yet in the board: the read lays the marks over it.
      expect((await boardOf(two, s.eventId)).timeOptions[0].counts.yes).toBe(1)
      expect((await storedTally(s.eventId))[bob.id]).toBeUndefined()
    })
    // Once the lock is free, the replicas take the mark into the stored tally on their own.
    await expect
      .poll(async () => (await storedTally(s.eventId))[bob.id], { timeout: 15_000 })
      .toEqual({ revision: 1, choices: { [t1!.id]: 'yes' } })
    await expect.poll(() => one.redis.hexists(marksKey(s.eventId), bob.id)).toBe(0)
  })

  it('reads its own marked ballots again when Redis lost the marks before they were applied', async () => {
    const { s, t1 } = await eventWithAnnsVote()
    await whileAnotherReplicaHoldsTheTallyLock(s.eventId, async () => {
      expect((await put(one, s.eventId, bob, { [t1!.id]: 'yes' })).statusCode).toBe(200)
      // Redis restarts without persistence before the mark is applied.
      await one.redis.del(marksKey(s.eventId))
    })
    await expect
      .poll(async () => (await storedTally(s.eventId))[bob.id], { timeout: 15_000 })
      .toEqual({ revision: 1, choices: { [t1!.id]: 'yes' } })
  })

  it('applies a mark left by a replica that died before applying it, on the next read anywhere', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    await put(one, s.eventId, ann, { [t1!.id]: 'no' })
    expect((await boardOf(two, s.eventId)).timeOptions[0].counts.no).toBe(1)
    // What a dying replica leaves: Bob's ballot stored and marked, applied by nobody yet.
    await one.mongo.db.collection<BallotDocument>('ballots').insertOne({
      _id: `${s.eventId}:${bob.id}`,
      eventId: s.eventId,
      participantId: bob.id,
      name: bob.name,
      choices: { [t1!.id]: 'yes' },
      revision: 1,
      updatedAt: new Date(),
      yesAt: { [t1!.id]: new Date() },
    })
    await one.redis.hset(marksKey(s.eventId), '#', 1_000, bob.id, 1_000)
    await two.boardCache.changed(s.eventId)

    const board = await boardOf(two, s.eventId)
    expect(board.timeOptions[0].counts).toEqual({ yes: 1, maybe: 0, no: 1 })
    expect(board).toEqual(await rebuiltBoard(s))
    expect(await one.redis.hexists(marksKey(s.eventId), bob.id)).toBe(0)
  })

  it('takes a marked ballot as written when it is newer than the entry, and reads the ballot when it is not', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    await put(one, s.eventId, bob, { [t1!.id]: 'yes' })
    expect((await settledTally(s.eventId))[bob.id]).toEqual({ revision: 1, choices: { [t1!.id]: 'yes' } })
    const markBob = async (ballot: unknown) => {
      const sequence = await one.redis.hincrby(marksKey(s.eventId), '#', 1)
      await one.redis.hset(marksKey(s.eventId), bob.id, `${sequence} ${JSON.stringify(ballot)}`)
    }
    // Not newer than the entry (a lock holder that stalled past its lease): the stored ballot wins.
    await markBob({ revision: 1, choices: { [t1!.id]: 'no' } })
    expect((await settledTally(s.eventId))[bob.id]).toEqual({ revision: 1, choices: { [t1!.id]: 'yes' } })
    // A deletion marked under the ballot's lock takes the entry out.
    await markBob(null)
    expect((await settledTally(s.eventId))[bob.id]).toBeUndefined()
    expect(await one.redis.hexists(marksKey(s.eventId), bob.id)).toBe(0)
  })

  it('keeps a mark renewed while an apply ran, and removes only what was applied', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    await put(one, s.eventId, bob, { [t1!.id]: 'yes' })
    await one.boardTally.applied(s.eventId)
    // The apply reads Bob's mark 5, and Bob votes again (mark 6) before it removes what it read.
    const mark = (n: number) => `${n} ${JSON.stringify({ revision: n, choices: { [t1!.id]: 'no' } })}`
    await one.redis.hset(marksKey(s.eventId), '#', 6, bob.id, mark(6))
    const tallyMarks = createTallyMarks(one.redis, one.log)
    const read = (n: number) => new Map([[bob.id, { number: n, ballot: undefined, raw: mark(n) }]])
    await tallyMarks.clear(s.eventId, read(5))
    expect(await one.redis.hget(marksKey(s.eventId), bob.id)).toBe(mark(6))
    await tallyMarks.clear(s.eventId, read(6))
    expect(await one.redis.hexists(marksKey(s.eventId), bob.id)).toBe(0)
  })

  it("ends the ballot's lease with the mark, and only while it is still the writer's", async () => {
    const s = await freshEvent()
    const tallyMarks = createTallyMarks(one.redis, one.log)
    const lease = { key: `voting:ballot-lock:${s.eventId}:${bob.id}`, token: 'holder' }
    const ballot = { revision: 1, choices: {} }
    await one.redis.set(lease.key, 'holder', 'PX', 5000)
    expect(await tallyMarks.mark(s.eventId, bob.id, ballot, lease)).toBeGreaterThan(0)
    expect(await one.redis.exists(lease.key)).toBe(0)
    // A lease that ran out and was taken by the next writer stays theirs.
    await one.redis.set(lease.key, 'next writer', 'PX', 5000)
    expect(await tallyMarks.mark(s.eventId, bob.id, ballot, lease)).toBeGreaterThan(0)
    expect(await one.redis.get(lease.key)).toBe('next writer')
    // Without a lease the mark leaves every lease alone.
    expect(await tallyMarks.mark(s.eventId, bob.id, ballot)).toBeGreaterThan(0)
    expect(await one.redis.get(lease.key)).toBe('next writer')
    await one.redis.del(lease.key, marksKey(s.eventId))
  })

  it('gathers a steady stream of marked votes into applies gatherMs apart; a reader who waits is not kept waiting', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    const gatherMs = 1_000
    const marks = createTallyMarks(one.redis, one.log)
    // An apply ends by removing the marks it took in: count those.
    const appliedAt: number[] = []
    const clear = marks.clear.bind(marks)
    marks.clear = async (...args) => {
      await clear(...args)
      appliedAt.push(Date.now())
    }
    const tally = createBoardTally(one.mongo.db, one.ballots, { marks, log: one.log, gatherMs })
    const optionIds = s.timeOptions.map((o) => o.id)
    const voters = [ann, bob]
    const until = Date.now() + 3_000
    for (let n = 0; Date.now() < until; n++) {
      const voter = voters[n % 2]!
      const ballot = await one.ballots.put(
        s.eventId,
        voter.id,
        voter.name,
        { [t1!.id]: ANSWERS[n % 3]! },
        optionIds,
      )
      expect(await tally.noted(s.eventId, voter.id, ballot)).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    // Back to back, three seconds of votes took dozens of applies; gathered, about one per window.
    expect(appliedAt.length).toBeGreaterThan(0)
    expect(appliedAt.length).toBeLessThanOrEqual(3_000 / gatherMs + 1)
    for (let i = 1; i < appliedAt.length; i++)
      expect(appliedAt[i]! - appliedAt[i - 1]!).toBeGreaterThanOrEqual(gatherMs * 0.9)
    // Someone who needs the stored tally does not wait for the window.
    const ballot = await one.ballots.put(s.eventId, ann.id, ann.name, { [t1!.id]: 'yes' }, optionIds)
    await tally.noted(s.eventId, ann.id, ballot)
    const asked = Date.now()
    await tally.applied(s.eventId)
    expect(Date.now() - asked).toBeLessThan(gatherMs)
    expect(await storedTally(s.eventId)).toEqual(
      Object.fromEntries(
        (await storedBallots(s.eventId)).map((b) => [
          b.participantId,
          { revision: b.revision, choices: b.choices },
        ]),
      ),
    )
  })
})
