import { beforeAll, describe, expect, it } from 'vitest'
import { applyPatch } from 'rfc6902'
import type { Board, WsServerMessage } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { bearer, metricValue, signTestToken, uniqueName } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import {
  guestToken,
  oid,
  publishState,
  TestSocket,
  userClaims,
  userToken,
  usualPoll,
  wsUrl,
} from './fixtures.js'

let app: TestApp
const { ann, bob, gus, eve, state } = usualPoll()

type BoardMessage = Extract<WsServerMessage, { board: Board }>
const isBoard = (eventId: string, type?: string) => (m: WsServerMessage) =>
  'board' in m && m.eventId === eventId && (type === undefined || m.type === type)
const yesNames = (m: BoardMessage, option = 0) => m.board.timeOptions[option]!.voters.yes.map((v) => v.name)

const vote = async (target: TestApp, eventId: string, who: typeof ann, choices: Record<string, string>) => {
  const res = await target.inject({
    method: 'PUT',
    url: `/api/votes/${eventId}`,
    headers: bearer(userToken(who)),
    payload: { choices },
  })
  expect(res.statusCode).toBe(200)
}

beforeAll(async () => {
  app = await build(
    { WS_MAX_MESSAGES_PER_SECOND: '20', WS_MAX_STRIKES: '5', WS_MAX_SUBSCRIPTIONS: '3' },
    { listen: true },
  )
  await publishState(app, state, 'event.created')
})

describe('GET /ws', () => {
  it('sends a snapshot, then a board on every ballot, option change and finalize', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const socket = await TestSocket.open(wsUrl(app))
    socket.send({ type: 'subscribe', eventId: s.eventId, token: userToken(ann) })
    const snapshot = await socket.next<BoardMessage>(isBoard(s.eventId, 'snapshot'))
    expect(snapshot.board.notVoted.map((p) => p.name).sort()).toEqual(['Ann', 'Bob', 'Gus'])

    await vote(app, s.eventId, bob, { [s.timeOptions[0]!.id]: 'yes' })
    const afterBallot = await socket.next<BoardMessage>(isBoard(s.eventId, 'ballot.changed'))
    expect(yesNames(afterBallot)).toEqual(['Bob'])

    const added = { id: oid(), name: 'Dolphinarium' }
    await publishState(app, { ...s, version: 2, placeOptions: [...s.placeOptions, added] })
    // Matched by content: a board of an earlier change may still be on its way to this socket.
    const afterOption = await socket.next<BoardMessage>(
      (m) =>
        isBoard(s.eventId, 'event.changed')(m) &&
        (m as BoardMessage).board.placeOptions.length === s.placeOptions.length + 1,
    )
    expect(afterOption.board.placeOptions.map((o) => o.name)).toContain('Dolphinarium')

    await publishState(app, { ...s, version: 3, status: 'finalized' }, 'event.finalized')
    expect((await socket.next<BoardMessage>(isBoard(s.eventId, 'event.finalized'))).board.status).toBe(
      'finalized',
    )
    socket.close()
  })

  it('sends a socket that asks for patches a snapshot with revision, then patches to the same boards', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const [whole, patched] = [await TestSocket.open(wsUrl(app)), await TestSocket.open(wsUrl(app))]
    whole.send({ type: 'subscribe', eventId: s.eventId, token: userToken(ann) })
    patched.send({ type: 'subscribe', eventId: s.eventId, token: userToken(ann), patches: true })
    await whole.next(isBoard(s.eventId, 'snapshot'))
    const snapshot = await patched.next<BoardMessage>(isBoard(s.eventId, 'snapshot'))
    expect(snapshot.revision).toBeTypeOf('number')
    let held = { board: snapshot.board, revision: snapshot.revision! }

    await vote(app, s.eventId, bob, { [s.timeOptions[0]!.id]: 'yes' })
    const afterBallot = await whole.next<BoardMessage>(isBoard(s.eventId, 'ballot.changed'))
    const patch = await patched.next<Extract<WsServerMessage, { type: 'board.patch' }>>(
      (m) => m.type === 'board.patch',
    )
    expect(patch).toMatchObject({ eventId: s.eventId, change: 'ballot.changed', base: held.revision })
    expect(patch.revision).toBeGreaterThan(held.revision)
    expect(applyPatch(held.board, patch.patch as never).every((r) => r === null)).toBe(true)
    held = { board: held.board, revision: patch.revision }
    expect(held.board).toEqual(afterBallot.board)
    expect(yesNames({ ...afterBallot, board: held.board })).toEqual(['Bob'])
    // Not a board: a ballot is a few operations.
    expect(JSON.stringify(patch.patch).length).toBeLessThan(JSON.stringify(afterBallot.board).length / 2)
    whole.close()
    patched.close()
  })

  it('tells subscribers when an event is cancelled, and stops after unsubscribe', async () => {
    const s = { ...state, eventId: oid(), visibility: 'public' as const }
    await publishState(app, s)
    const [leaver, stayer] = [await TestSocket.open(wsUrl(app)), await TestSocket.open(wsUrl(app))]
    for (const socket of [leaver, stayer]) {
      socket.send({ type: 'subscribe', eventId: s.eventId })
      await socket.next(isBoard(s.eventId, 'snapshot'))
    }
    await publishState(app, { ...s, version: 2, status: 'cancelled' }, 'event.cancelled')
    for (const socket of [leaver, stayer]) await socket.next(isBoard(s.eventId, 'event.cancelled'))
    leaver.send({ type: 'unsubscribe', eventId: s.eventId })
    await leaver.next((m) => m.type === 'unsubscribed')
    const heardBefore = leaver.messages.length

    // Later changes reach the socket still subscribed. Had the leaver still been subscribed, they would
    // have been written to it in the same step; so once a ping it sends after that comes back, they
    // would have arrived before the pong.
    await publishState(app, { ...s, version: 3, status: 'cancelled', title: 'Called off' })
    // Matched by content: a board of the first announcement may still be on its way to this socket.
    const calledOff = await stayer.next<BoardMessage>(
      (m) => isBoard(s.eventId, 'event.changed')(m) && (m as BoardMessage).board.title === 'Called off',
    )
    expect(calledOff.board.status).toBe('cancelled')
    await app.amqp.publish(newEnvelope('comment.posted', 1, { eventId: s.eventId, commentId: oid() }))
    await stayer.next((m) => m.type === 'comments.changed')
    leaver.send({ type: 'ping' })
    await leaver.next((m) => m.type === 'pong')
    expect(leaver.messages.slice(heardBefore).map((m) => m.type)).toEqual(['pong'])
    for (const socket of [leaver, stayer]) socket.close()
  })

  it('gives a reconnecting client a fresh snapshot', async () => {
    const s = { ...state, eventId: oid() }
    await publishState(app, s)
    const first = await TestSocket.open(wsUrl(app, `?token=${userToken(bob)}`))
    first.send({ type: 'subscribe', eventId: s.eventId })
    await first.next(isBoard(s.eventId, 'snapshot'))
    first.close()
    await vote(app, s.eventId, ann, { [s.timeOptions[0]!.id]: 'yes' })
    const again = await TestSocket.open(wsUrl(app), bearer(userToken(bob)))
    again.send({ type: 'subscribe', eventId: s.eventId })
    expect(yesNames(await again.next<BoardMessage>(isBoard(s.eventId, 'snapshot')))).toEqual(['Ann'])
    again.close()
  })

  describe('authorization on subscribe', () => {
    const cases: [string, string, () => Promise<string | undefined>][] = [
      ['no token', 'not-found', async () => undefined],
      [
        'a forged token',
        'unauthenticated',
        async () => signTestToken(userClaims(bob), { secret: 'y'.repeat(48) }),
      ],
      [
        'an expired token',
        'unauthenticated',
        async () => signTestToken(userClaims(bob), { expiresInSeconds: -60 }),
      ],
      ["another event's guest token", 'not-found', async () => guestToken(gus, oid())],
      ['a non-participant', 'not-found', async () => userToken(eve)],
      ['a guest of this event', 'snapshot', async () => guestToken(gus, state.eventId)],
      ['a participant', 'snapshot', async () => userToken(bob)],
    ]
    it.each(cases)('private event, %s → %s', async (_what, outcome, token) => {
      const socket = await TestSocket.open(wsUrl(app))
      socket.send({ type: 'subscribe', eventId: state.eventId, token: await token() })
      const answer = await socket.next((m) => m.type === 'snapshot' || m.type === 'error')
      expect(answer.type === 'error' ? answer.code : answer.type).toBe(outcome)
      socket.close()
    })

    it('refuses the upgrade itself when the token given on it is not valid', async () => {
      const forged = signTestToken(userClaims(bob), { secret: 'z'.repeat(48) })
      await expect(TestSocket.open(wsUrl(app, `?token=${forged}`))).rejects.toThrow(/401/)
      await expect(TestSocket.open(wsUrl(app), bearer(forged))).rejects.toThrow(/401/)
    })
  })

  describe('bad input and abuse', () => {
    it('answers malformed frames with an error and closes with 1008 after repeated abuse', async () => {
      const socket = await TestSocket.open(wsUrl(app))
      socket.send('not json')
      expect(await socket.next((m) => m.type === 'error')).toMatchObject({ code: 'malformed' })
      socket.send({ type: 'subscribe', eventId: 'nope' })
      socket.send({ type: 'subscribe', eventId: state.eventId, extra: 1 })
      socket.send({ type: 'shout' })
      socket.ws.send(Buffer.from([1, 2, 3]), { binary: true })
      expect(await socket.waitClosed()).toBe(1008)
      expect(socket.messages.filter((m) => m.type === 'error').length).toBeGreaterThanOrEqual(4)
    })

    it('survives a flood: rate-limits it, then closes the socket; other sockets are unaffected', async () => {
      const bystander = await TestSocket.open(wsUrl(app))
      bystander.send({ type: 'subscribe', eventId: state.eventId, token: userToken(ann) })
      await bystander.next(isBoard(state.eventId, 'snapshot'))
      const flooder = await TestSocket.open(wsUrl(app))
      for (let i = 0; i < 500; i++) flooder.send({ type: 'ping' })
      expect(await flooder.waitClosed()).toBe(1008)
      expect(flooder.messages.some((m) => m.type === 'error' && m.code === 'rate-limited')).toBe(true)
      expect(flooder.messages.filter((m) => m.type === 'pong')).toHaveLength(20)
      bystander.send({ type: 'ping' })
      await bystander.next((m) => m.type === 'pong')
      bystander.close()
    })

    it('closes a socket that sends a frame over the size limit with 1009', async () => {
      const socket = await TestSocket.open(wsUrl(app))
      socket.send({ type: 'ping', pad: 'x'.repeat(8000) })
      expect(await socket.waitClosed()).toBe(1009)
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200)
    })

    it('limits subscriptions per connection', async () => {
      const socket = await TestSocket.open(wsUrl(app))
      const ids: string[] = []
      for (let i = 0; i < 4; i++) {
        const s = { ...state, eventId: oid(), visibility: 'public' as const }
        await publishState(app, s)
        ids.push(s.eventId)
      }
      for (const id of ids.slice(0, 3)) {
        socket.send({ type: 'subscribe', eventId: id })
        await socket.next(isBoard(id, 'snapshot'))
      }
      socket.send({ type: 'subscribe', eventId: ids[3] })
      expect(await socket.next((m) => m.type === 'error')).toMatchObject({
        code: 'too-many-subscriptions',
        eventId: ids[3],
      })
      socket.close()
    })
  })
})

describe('two voting instances', () => {
  it('a ballot through one instance reaches a socket on the other', async () => {
    const shared = { MONGODB_DB: uniqueName('voting_pair'), EVENT_QUEUE: uniqueName('voting-pair') }
    const [a, b] = await Promise.all([build(shared, { listen: true }), build(shared, { listen: true })])
    expect(a.server.address()).not.toEqual(b.server.address())
    const s = { ...state, eventId: oid() }
    await publishState(a, s)
    const onA = await TestSocket.open(wsUrl(a, `?token=${userToken(ann)}`))
    const onB = await TestSocket.open(wsUrl(b, `?token=${userToken(ann)}`))
    for (const socket of [onA, onB]) {
      socket.send({ type: 'subscribe', eventId: s.eventId })
      await socket.next(isBoard(s.eventId, 'snapshot'))
    }
    const fannedOut = () => metricValue('prost_board_fanout_lag_seconds_count')
    const fannedOutBefore = await fannedOut()
    await vote(a, s.eventId, bob, { [s.timeOptions[1]!.id]: 'yes' })
    const seenOnB = await onB.next<BoardMessage>(isBoard(s.eventId, 'ballot.changed'))
    expect(yesNames(seenOnB, 1)).toEqual(['Bob'])
    // B heard it over Redis: one fan-out lag observation (the dashboard's board fan-out panel).
    expect(await fannedOut()).toBeGreaterThan(fannedOutBefore)
    await onA.next(isBoard(s.eventId, 'ballot.changed'))

    // and the other way round, with an option change consumed by whichever replica got the message
    await vote(b, s.eventId, ann, { [s.timeOptions[1]!.id]: 'yes' })
    const both = (m: WsServerMessage) =>
      isBoard(s.eventId, 'ballot.changed')(m) && yesNames(m as BoardMessage, 1).length === 2
    await Promise.all([onA.next(both), onB.next(both)])
    onA.close()
    onB.close()
  })
})

describe('comment notices', () => {
  it('reach the sockets watching the event on every replica, and no one else', async () => {
    const shared = { MONGODB_DB: uniqueName('voting_comments'), EVENT_QUEUE: uniqueName('voting-comments') }
    const [a, b] = await Promise.all([build(shared, { listen: true }), build(shared, { listen: true })])
    const s = { ...state, eventId: oid() }
    const other = { ...state, eventId: oid() }
    await publishState(a, s)
    await publishState(a, other)
    const onA = await TestSocket.open(wsUrl(a, `?token=${userToken(ann)}`))
    const onB = await TestSocket.open(wsUrl(b, `?token=${userToken(ann)}`))
    const elsewhere = await TestSocket.open(wsUrl(b, `?token=${userToken(ann)}`))
    for (const socket of [onA, onB]) {
      socket.send({ type: 'subscribe', eventId: s.eventId })
      await socket.next(isBoard(s.eventId, 'snapshot'))
    }
    elsewhere.send({ type: 'subscribe', eventId: other.eventId })
    await elsewhere.next(isBoard(other.eventId, 'snapshot'))

    // As the events service publishes it: whichever replica consumes it, both replicas' sockets hear.
    await a.amqp.publish(newEnvelope('comment.posted', 1, { eventId: s.eventId, commentId: oid() }))
    const notice = { type: 'comments.changed', eventId: s.eventId }
    expect(await onA.next((m) => m.type === 'comments.changed')).toEqual(notice)
    expect(await onB.next((m) => m.type === 'comments.changed')).toEqual(notice)

    // The other event's watcher got nothing: a ping round-trip on its socket comes back first.
    elsewhere.send({ type: 'ping' })
    expect((await elsewhere.next((m) => m.type === 'pong' || m.type === 'comments.changed')).type).toBe(
      'pong',
    )
    for (const socket of [onA, onB, elsewhere]) socket.close()
  })
})

describe('with Redis down', () => {
  it('still updates local sockets and reports itself degraded, not unavailable', async () => {
    const { privateRedis } = await import('@prost/test-support')
    const redis = await privateRedis()
    try {
      const solo = await build({ REDIS_URL: redis.url }, { listen: true })
      const s = { ...state, eventId: oid() }
      await publishState(solo, s)
      const socket = await TestSocket.open(wsUrl(solo, `?token=${userToken(ann)}`))
      socket.send({ type: 'subscribe', eventId: s.eventId })
      await socket.next(isBoard(s.eventId, 'snapshot'))
      await redis.stop()
      await vote(solo, s.eventId, bob, { [s.timeOptions[0]!.id]: 'yes' })
      expect(yesNames(await socket.next<BoardMessage>(isBoard(s.eventId, 'ballot.changed')))).toEqual(['Bob'])
      const ready = await solo.inject({ url: '/api/votes/readyz' })
      expect(ready.statusCode).toBe(200)
      expect(ready.json().status).toBe('degraded')
      socket.close()
    } finally {
      await redis.stop()
    }
  })
})
