import { beforeAll, describe, expect, it, vi } from 'vitest'
import { newEnvelope } from '@prost/platform'
import { bearer, signTestToken } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import {
  guestToken,
  oid,
  person,
  publishState,
  userClaims,
  userToken,
  usualPoll,
  withParticipants,
  type Person,
} from './fixtures.js'
import type { BallotDocument } from '../src/ballots/ballots-repository.js'

let app: TestApp
const { ann, bob, gus, eve, state } = usualPoll()

const ballotCount = (eventId: string) => app.mongo.db.collection('ballots').countDocuments({ eventId })

const put = async (eventId: string, token: string | null, body: unknown) =>
  app.inject({
    method: 'PUT',
    url: `/api/votes/${eventId}`,
    headers: token ? bearer(token) : {},
    payload: body as object,
  })

beforeAll(async () => {
  app = await build()
  await publishState(app, state, 'event.created')
})

describe('PUT /api/votes/:eventId', () => {
  it('stores a ballot and replaces it whole on the next write', async () => {
    const token = userToken(bob)
    const [t1, t2] = state.timeOptions
    const first = await put(state.eventId, token, { choices: { [t1!.id]: 'yes', [t2!.id]: 'maybe' } })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ participantId: bob.id, name: 'Bob', revision: 1 })
    const second = await put(state.eventId, token, { choices: { [state.placeOptions[0]!.id]: 'no' } })
    expect(second.json()).toMatchObject({ revision: 2, choices: { [state.placeOptions[0]!.id]: 'no' } })
    const mine = await app.inject({ url: `/api/votes/${state.eventId}/ballot`, headers: bearer(token) })
    expect(mine.json().choices).toEqual({ [state.placeOptions[0]!.id]: 'no' })
  })

  it('lets an invite-link guest vote with the token for this event', async () => {
    const res = await put(state.eventId, guestToken(gus, state.eventId), {
      choices: { [state.timeOptions[0]!.id]: 'yes' },
    })
    expect(res.statusCode).toBe(200)
  })

  it.each([
    ['an unknown option', () => ({ choices: { [oid()]: 'yes' } }), 409],
    ['a value other than yes/maybe/no', () => ({ choices: { [state.timeOptions[0]!.id]: 'perhaps' } }), 400],
    ['an option id that is not an id', () => ({ choices: { $where: 'yes' } }), 400],
    ['a ballot for another participant', () => ({ participantId: ann.id, choices: {} }), 400],
    ['no choices at all', () => ({}), 400],
  ])('refuses %s with problem+json and writes nothing', async (_what, body, status) => {
    const voter = person('Newbie')
    const s = withParticipants({ ...state, eventId: oid() }, [voter])
    await publishState(app, s)
    const res = await put(s.eventId, userToken(voter), body())
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(await ballotCount(s.eventId)).toBe(0)
  })

  it('refuses ballots after finalize and past the deadline with 409', async () => {
    const token = userToken(ann)
    const finalized = { ...state, eventId: oid(), status: 'finalized' as const }
    const closed = { ...state, eventId: oid(), votingDeadline: new Date(Date.now() - 1000).toISOString() }
    for (const s of [finalized, closed]) {
      await publishState(app, s)
      const res = await put(s.eventId, token, { choices: {} })
      expect(res.statusCode).toBe(409)
      expect(res.json().type).toBe('https://prost.dev/problems/conflict')
      expect(await ballotCount(s.eventId)).toBe(0)
    }
  })

  it('stops accepting ballots once event.finalized arrives', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const token = userToken(bob)
    expect((await put(s.eventId, token, { choices: {} })).statusCode).toBe(200)
    await publishState(app, { ...s, version: 2, status: 'finalized' }, 'event.finalized')
    expect((await put(s.eventId, token, { choices: {} })).statusCode).toBe(409)
  })

  it('accepts a vote on an option added a moment ago (waits for the read model)', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const added = { id: oid(), startsAt: '2031-07-01T18:00:00.000Z', endsAt: '2031-07-01T20:00:00.000Z' }
    const newer = { ...s, version: 2, timeOptions: [...s.timeOptions, added] }
    // Publish without waiting: the ballot races the message.
    const [res] = await Promise.all([
      put(s.eventId, userToken(bob), { choices: { [added.id]: 'yes' } }),
      app.amqp.publish(newEnvelope('event.updated', 1, newer)),
    ])
    expect(res.statusCode).toBe(200)
  })

  it('refuses a vote on an option once its removal is applied, and ignores older states', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const removed = s.placeOptions[1]!
    await publishState(app, { ...s, version: 3, placeOptions: [s.placeOptions[0]!] })
    // A late, older message (version 2 still listing the option) is handled, and not applied.
    const apply = vi.spyOn(app.eventReadModel, 'apply')
    await app.amqp.publish(newEnvelope('event.updated', 1, { ...s, version: 2 }))
    await vi.waitFor(async () => {
      const call = apply.mock.calls.findIndex(
        ([applied]) => applied.eventId === s.eventId && applied.version === 2,
      )
      expect(call).toBeGreaterThanOrEqual(0)
      expect(await apply.mock.results[call]!.value).toBe(false)
    }, 10_000)
    expect((await app.eventReadModel.get(s.eventId))?.placeOptions).toEqual([s.placeOptions[0]])
    const res = await put(s.eventId, userToken(bob), { choices: { [removed.id]: 'yes' } })
    expect(res.statusCode).toBe(409)
  })

  describe('authorization', () => {
    const cases: [string, number, () => Promise<string | null>][] = [
      ['no token', 401, async () => null],
      ['a forged token', 401, async () => signTestToken(userClaims(bob), { secret: 'x'.repeat(48) })],
      ['an expired token', 401, async () => signTestToken(userClaims(bob), { expiresInSeconds: -60 })],
      ['a guest token for another event', 404, async () => guestToken(gus, oid())],
      ['a user who is not a participant', 404, async () => userToken(eve)],
      ['a participant', 200, async () => userToken(bob)],
    ]
    it.each(cases)('private event, %s → %i', async (_what, status, token) => {
      const res = await put(state.eventId, await token(), { choices: {} })
      expect(res.statusCode).toBe(status)
    })

    it('public event: a non-participant or a guest of another event gets 403', async () => {
      const s = { ...state, eventId: oid(), visibility: 'public' as const }
      await publishState(app, s)
      expect((await put(s.eventId, userToken(eve), { choices: {} })).statusCode).toBe(403)
      expect((await put(s.eventId, guestToken(gus, state.eventId), { choices: {} })).statusCode).toBe(403)
    })

    it('an unknown event is 404', async () => {
      expect((await put(oid(), userToken(bob), { choices: {} })).statusCode).toBe(404)
    })
  })

  it('100 concurrent ballots from one participant leave exactly one ballot: the last written', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const token = userToken(bob)
    const values = ['yes', 'maybe', 'no'] as const
    const bodies = Array.from({ length: 100 }, (_, i) => ({
      choices: Object.fromEntries(s.timeOptions.map((o, k) => [o.id, values[(i + k) % 3]!])),
    }))
    const completed: number[] = []
    const answers = await Promise.all(
      bodies.map((b, i) =>
        put(s.eventId, token, b).then((res) => {
          completed.push(i)
          return res
        }),
      ),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(100).fill(200))
    const docs = await app.mongo.db.collection('ballots').find({ eventId: s.eventId }).toArray()
    expect(docs).toHaveLength(1)
    // Every write got its own revision; the stored ballot is the last one acknowledged, with the highest.
    expect(new Set(answers.map((a) => a.json().revision)).size).toBe(100)
    const last = completed.at(-1)!
    expect(answers[last]!.json().revision).toBe(100)
    expect(docs[0]).toMatchObject({ revision: 100, choices: bodies[last]!.choices })
  })

  it('50 participants voting at once are all counted', async () => {
    const voters: Person[] = Array.from({ length: 50 }, (_, i) => person(`Voter ${i}`))
    const s = withParticipants({ ...state, eventId: oid() }, voters)
    await publishState(app, s)
    const option = s.timeOptions[0]!.id
    const answers = await Promise.all(
      voters.map(async (v) => put(s.eventId, userToken(v), { choices: { [option]: 'yes' } })),
    )
    expect(answers.every((a) => a.statusCode === 200)).toBe(true)
    const board = (
      await app.inject({ url: `/api/votes/${s.eventId}`, headers: bearer(userToken(ann)) })
    ).json()
    expect(board.timeOptions[0].counts).toEqual({ yes: 50, maybe: 0, no: 0 })
    expect(board.timeOptions[0].voters.yes.map((v: Person) => v.name).sort()).toEqual(
      voters.map((v) => v.name).sort(),
    )
  })
})

describe('yes times (the order of a waitlist)', () => {
  const stored = (eventId: string, participantId: string) =>
    app.mongo.db.collection<BallotDocument>('ballots').findOne({ _id: `${eventId}:${participantId}` })
  const yesAt = async (eventId: string, participantId: string) =>
    Object.fromEntries(
      Object.entries((await stored(eventId, participantId))?.yesAt ?? {}).map(([o, at]) => [o, at.getTime()]),
    )
  /** Yes times are milliseconds: a new one must be told apart from the one before. */
  const nextMillisecond = async () => {
    const start = Date.now()
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(start), { interval: 1 })
  }

  it('keeps the time of a yes that stays; a yes taken back or left out starts anew', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s, 'event.created')
    const [t1, t2] = s.timeOptions.map((o) => o.id) as [string, string]
    const token = userToken(bob)

    await put(s.eventId, token, { choices: { [t1]: 'yes', [t2]: 'yes' } })
    const first = await yesAt(s.eventId, bob.id)
    expect(Object.keys(first).sort()).toEqual([t1, t2].sort())

    await nextMillisecond()
    await put(s.eventId, token, { choices: { [t1]: 'yes', [t2]: 'maybe' } })
    expect(await yesAt(s.eventId, bob.id)).toEqual({ [t1]: first[t1] })

    await nextMillisecond()
    await put(s.eventId, token, { choices: { [t2]: 'yes' } })
    const third = await yesAt(s.eventId, bob.id)
    expect(Object.keys(third)).toEqual([t2])
    expect(third[t2]).toBeGreaterThan(first[t2]!)

    await nextMillisecond()
    await put(s.eventId, token, { choices: { [t1]: 'yes', [t2]: 'yes' } })
    const fourth = await yesAt(s.eventId, bob.id)
    expect(fourth[t2]).toBe(third[t2])
    expect(fourth[t1]).toBeGreaterThan(first[t1]!)

    await put(s.eventId, token, { choices: { [t1]: 'no' } })
    expect(await yesAt(s.eventId, bob.id)).toEqual({})
    expect((await stored(s.eventId, bob.id))?.revision).toBe(5)
  })

  it('takes the last change as the time of a kept yes on a ballot stored before yes times existed', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s, 'event.created')
    const [t1, t2] = s.timeOptions.map((o) => o.id) as [string, string]
    const before = new Date('2020-01-01T12:00:00Z')
    await app.mongo.db.collection<BallotDocument>('ballots').insertOne({
      _id: `${s.eventId}:${bob.id}`,
      eventId: s.eventId,
      participantId: bob.id,
      name: 'Bob',
      choices: { [t1]: 'yes' },
      revision: 1,
      updatedAt: before,
    })

    const res = await put(s.eventId, userToken(bob), { choices: { [t1]: 'yes', [t2]: 'yes' } })
    expect(res.json()).toMatchObject({ revision: 2 })
    const times = await yesAt(s.eventId, bob.id)
    expect(times[t1]).toBe(before.getTime())
    expect(times[t2]).toBeGreaterThan(before.getTime())
  })
})

describe('GET /api/votes/:eventId', () => {
  it('shows names per option, who has not voted and the best options', async () => {
    const s = withParticipants({ ...state, eventId: oid() }, [eve])
    await publishState(app, s)
    const [t1, t2] = s.timeOptions
    const [p1, p2] = s.placeOptions
    await put(s.eventId, userToken(ann), { choices: { [t1!.id]: 'yes', [t2!.id]: 'maybe', [p2!.id]: 'yes' } })
    await put(s.eventId, userToken(bob), {
      choices: { [t1!.id]: 'no', [t2!.id]: 'yes', [p1!.id]: 'maybe', [p2!.id]: 'yes' },
    })
    const res = await app.inject({ url: `/api/votes/${s.eventId}`, headers: bearer(userToken(eve)) })
    expect(res.statusCode).toBe(200)
    const board = res.json()
    expect(board.timeOptions[0].voters).toEqual({
      yes: [{ id: ann.id, name: 'Ann' }],
      maybe: [],
      no: [{ id: bob.id, name: 'Bob' }],
    })
    expect(board.timeOptions[1].voters.yes).toEqual([{ id: bob.id, name: 'Bob' }])
    expect(board.notVoted.map((p: Person) => p.name).sort()).toEqual(['Eve', 'Gus'])
    // t1 and t2 have one yes each and the same yes+maybe... t2: 1 yes + 1 maybe = 2 beats t1: 1
    expect(board.bestTimeOptionId).toBe(t2!.id)
    expect(board.bestPlaceOptionId).toBe(p2!.id)
  })

  it('shows a private board to participants only (404 for others) and a public one to anyone', async () => {
    expect((await app.inject({ url: `/api/votes/${state.eventId}` })).statusCode).toBe(404)
    expect(
      (await app.inject({ url: `/api/votes/${state.eventId}`, headers: bearer(userToken(eve)) })).statusCode,
    ).toBe(404)
    expect(
      (
        await app.inject({
          url: `/api/votes/${state.eventId}`,
          headers: bearer(guestToken(gus, state.eventId)),
        })
      ).statusCode,
    ).toBe(200)
    const pub = { ...state, eventId: oid(), visibility: 'public' as const }
    await publishState(app, pub)
    expect((await app.inject({ url: `/api/votes/${pub.eventId}` })).statusCode).toBe(200)
  })
})

describe('ballot rate limit', () => {
  it('limits ballot writes per participant with 429', async () => {
    const limited = await build({ BALLOT_RATE_LIMIT_MAX: '3' })
    const s = { ...state, eventId: oid() }
    await publishState(limited, s)
    const [hasty, calm] = [person('Hasty'), person('Calm')]
    const s2 = withParticipants(s, [hasty, calm])
    await publishState(limited, { ...s2, version: 2 })
    const token = userToken(hasty)
    const codes: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await limited.inject({
        method: 'PUT',
        url: `/api/votes/${s.eventId}`,
        headers: bearer(token),
        payload: { choices: {} },
      })
      codes.push(res.statusCode)
    }
    expect(codes).toEqual([200, 200, 200, 429, 429])
    // another participant still has a budget
    const other = await limited.inject({
      method: 'PUT',
      url: `/api/votes/${s.eventId}`,
      headers: bearer(userToken(calm)),
      payload: { choices: {} },
    })
    expect(other.statusCode).toBe(200)
    // The 429s took the ballot's lock alongside the rate limit's counter: it went back at once, so the
    // next write (once the budget is back) does not wait out the lease.
    const lockKey = `voting:ballot-lock:${s.eventId}:${hasty.id}`
    await vi.waitFor(async () => expect(await limited.redis.exists(lockKey)).toBe(0), { timeout: 2_000 })
  })
})

describe('a lock taken for a refused ballot', () => {
  it('gives up quietly when another holder keeps it (no unhandled rejection)', async () => {
    const limited = await build({ BALLOT_RATE_LIMIT_MAX: '1' })
    const voter = person('Blocked')
    const s = withParticipants({ ...state, eventId: oid() }, [voter])
    await publishState(limited, s)
    const vote = () =>
      limited.inject({
        method: 'PUT',
        url: `/api/votes/${s.eventId}`,
        headers: bearer(userToken(voter)),
        payload: { choices: {} },
      })
    expect((await vote()).statusCode).toBe(200)
    // Another device's write holds the ballot's lease for longer than a take waits (5 s).
    await limited.redis.set(`voting:ballot-lock:${s.eventId}:${voter.id}`, 'elsewhere', 'PX', 10_000)
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const locks = vi.spyOn(limited.ballotWrites, 'lock')
      expect((await vote()).statusCode).toBe(429)
      // The 429 went out while the lock was still being taken; that take ends in a 503 nobody awaits.
      const taking = locks.mock.results[0]!.value as Promise<unknown>
      expect((await Promise.allSettled([taking]))[0]!.status).toBe('rejected')
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  }, 15_000)
})

describe('Redis round trips of a vote', () => {
  it('sends the ballot lock, the rate limit counter and the event stamp lookup in one write', async () => {
    const voter = person('Piped')
    const s = withParticipants({ ...state, eventId: oid() }, [voter])
    await publishState(app, s)
    const vote = () => put(s.eventId, userToken(voter), { choices: { [s.timeOptions[0]!.id]: 'yes' } })
    expect((await vote()).statusCode).toBe(200) // scripts loaded, read model warm
    const writes: string[] = []
    const stream = app.redis.stream
    const write = stream.write.bind(stream)
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      writes.push(Buffer.from(chunk).toString('latin1'))
      return write(chunk, ...rest)
    }) as typeof stream.write)
    expect((await vote()).statusCode).toBe(200)
    vi.restoreAllMocks()
    const withLock = writes.filter((w) => w.includes(`voting:ballot-lock:${s.eventId}`))
    // the SET of the lock, and the mark that ends its lease
    expect(withLock).toHaveLength(2)
    // with the rate limit's counter and the read model's stamp lookup: one round trip before the write
    expect(withLock[0]).toContain('prost-rl:')
    expect(withLock[0]).toContain(`voting:event-stamp:${s.eventId}`)
  })
})

describe('readiness', () => {
  it('is ready with Mongo, RabbitMQ and Redis up', async () => {
    const res = await app.inject({ url: '/api/votes/readyz' })
    expect(res.json().status).toBe('ready')
    const checks = res.json().checks as { name: string; critical: boolean }[]
    expect(
      checks
        .filter((c) => c.critical)
        .map((c) => c.name)
        .sort(),
    ).toEqual([expect.stringMatching(/^mongodb/), 'rabbitmq'])
  })
})
