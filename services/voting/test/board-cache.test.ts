import { gunzipSync } from 'node:zlib'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board, BallotChoices } from '@prost/contracts'
import { bearer, uniqueName } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import { oid, publishState, userToken, usualPoll, waitForVersion } from './fixtures.js'
import { boardStampKey, createBoardCache } from '../src/board/board-cache.js'

/** Two replicas of the voting service on one database, one Redis and one event queue. */
let one: TestApp
let two: TestApp
const { ann, bob, state } = usualPoll()

const put = (target: TestApp, eventId: string, voter: typeof bob, choices: BallotChoices) =>
  target.inject({
    method: 'PUT',
    url: `/api/votes/${eventId}`,
    headers: bearer(userToken(voter)),
    payload: { choices },
  })

const boardOf = async (target: TestApp, eventId: string): Promise<Board> => {
  const res = await target.inject({ url: `/api/votes/${eventId}`, headers: bearer(userToken(ann)) })
  expect(res.statusCode).toBe(200)
  return res.json()
}

async function freshEvent() {
  const s = { ...state, eventId: oid() }
  await publishState(one, s, 'event.created')
  await waitForVersion(one, s.eventId, s.version)
  await waitForVersion(two, s.eventId, s.version)
  return s
}

beforeAll(async () => {
  const shared = { MONGODB_DB: uniqueName('voting'), EVENT_QUEUE: uniqueName('voting-events') }
  one = await build(shared)
  two = await build(shared)
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('boards kept per replica', () => {
  it('serves a kept board while nothing changes, without reading the store again', async () => {
    const s = await freshEvent()
    const first = await boardOf(two, s.eventId)
    const reads = vi.spyOn(two.eventReadModel, 'get')
    const tallyReads = vi.spyOn(two.boardTally, 'read')
    expect(await boardOf(two, s.eventId)).toEqual(first)
    expect(await boardOf(two, s.eventId)).toEqual(first)
    expect(reads).not.toHaveBeenCalled()
    expect(tallyReads).not.toHaveBeenCalled()
  })

  it('shows a vote answered by one replica in the very next read on the other, every time', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    const answers = ['yes', 'maybe', 'no'] as const
    for (let round = 0; round < 12; round++) {
      await boardOf(two, s.eventId) // the other replica keeps the board as it is now
      const answer = answers[round % 3]!
      expect((await put(one, s.eventId, bob, { [t1!.id]: answer })).statusCode).toBe(200)
      const board = await boardOf(two, s.eventId)
      const option = board.timeOptions.find((o) => o.id === t1!.id)!
      expect(option.voters[answer].map((v) => v.id)).toContain(bob.id)
    }
  })

  it('drops kept boards when an event message changes the event', async () => {
    const s = await freshEvent()
    await boardOf(one, s.eventId)
    await boardOf(two, s.eventId)
    const renamed = { ...s, version: s.version + 1, title: 'Renamed while kept' }
    await publishState(one, renamed)
    // Whichever replica consumes the message bumps the stamp before acking it; both follow.
    for (const replica of [one, two])
      await vi.waitFor(
        async () => expect((await boardOf(replica, s.eventId)).title).toBe('Renamed while kept'),
        {
          timeout: 10_000,
          interval: 50,
        },
      )
  })

  it('builds from the store every time when Redis cannot be reached, and never keeps a board then', async () => {
    const s = await freshEvent()
    const cache = createBoardCache({ readModel: one.eventReadModel, tally: one.boardTally, log: one.log })
    const reads = vi.spyOn(one.eventReadModel, 'get')
    expect((await cache.current(s.eventId))?.board.title).toBe(s.title)
    expect((await cache.current(s.eventId))?.board.title).toBe(s.title)
    expect(reads).toHaveBeenCalledTimes(2)
    expect(await cache.current(oid())).toBeNull()
  })

  it('starts a missing stamp at a random value, so a lost key never brings back an old board', async () => {
    const s = await freshEvent()
    await boardOf(one, s.eventId)
    const before = await one.redis.get(boardStampKey(s.eventId))
    await one.redis.del(boardStampKey(s.eventId))
    await boardOf(one, s.eventId)
    const after = await one.redis.get(boardStampKey(s.eventId))
    expect(after).not.toBeNull()
    expect(after).not.toBe(before)
  })
})

describe('kept board bytes', () => {
  const read = (target: TestApp, eventId: string, acceptEncoding?: string) =>
    target.inject({
      url: `/api/votes/${eventId}`,
      headers: {
        ...bearer(userToken(ann)),
        ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
      },
    })

  it('go out gzipped to readers that accept gzip, the same board as the plain JSON, keyed by Vary', async () => {
    const s = await freshEvent()
    const [t1] = s.timeOptions
    expect((await put(one, s.eventId, bob, { [t1!.id]: 'yes' })).statusCode).toBe(200)
    const plain = await read(two, s.eventId)
    await read(two, s.eventId) // now kept
    const zipped = await read(two, s.eventId, 'gzip, deflate, br')
    expect(zipped.statusCode).toBe(200)
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(zipped.headers.vary).toMatch(/accept-encoding/i)
    expect(zipped.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length)
    const board = JSON.parse(gunzipSync(zipped.rawPayload).toString()) as Board
    expect(board).toEqual(plain.json())
    expect(board.timeOptions.find((o) => o.id === t1!.id)!.voters.yes.map((v) => v.id)).toEqual([bob.id])
  })

  it('stay plain JSON without Accept-Encoding, for identity only, and when gzip is refused (q=0)', async () => {
    const s = await freshEvent()
    await read(two, s.eventId)
    for (const header of [undefined, 'identity', 'gzip;q=0, identity', 'br']) {
      const res = await read(two, s.eventId, header)
      expect(res.statusCode, String(header)).toBe(200)
      expect(res.headers['content-encoding'], String(header)).toBeUndefined()
      expect(res.json<Board>().eventId).toBe(s.eventId)
    }
  })
})
