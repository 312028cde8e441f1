/**
 * A participant removed or leaving (participant.removed / participant.left from events): their
 * ballot leaves the board at once, over REST and the live WebSocket, the ballot itself is deleted,
 * a repeated or late message changes nothing (nor deletes the ballot of someone who came back),
 * and the internal yes order events reads at finalize ranks the yeses by when they were cast.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Board, EventState, WsServerMessage } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { bearer, TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import {
  oid,
  publishState,
  TestSocket,
  userToken,
  usualPoll,
  waitForVersion,
  wsUrl,
  type Person,
} from './fixtures.js'

let app: TestApp
const internal = { 'x-prost-internal-token': TEST_INTERNAL_API_TOKEN }

beforeAll(async () => {
  app = await build({ INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN }, { listen: true })
})

const vote = async (eventId: string, who: Person, choices: Record<string, string>) => {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/votes/${eventId}`,
    headers: bearer(userToken(who)),
    payload: { choices },
  })
  expect(res.statusCode, res.body).toBe(200)
}

const board = async (eventId: string, who: Person): Promise<Board> => {
  const res = await app.inject({ url: `/api/votes/${eventId}`, headers: bearer(userToken(who)) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const yesOn = (b: Board, option = 0) => b.timeOptions[option]!.voters.yes.map((v) => v.name)

/** The state without `who`, published as events does on a removal or a leave. */
async function depart(state: EventState, who: Person, type: 'participant.removed' | 'participant.left') {
  const next = {
    ...state,
    version: state.version + 1,
    participants: state.participants.filter((p) => p.id !== who.id),
  }
  const envelope = newEnvelope(type, 1, {
    ...next,
    participant: state.participants.find((p) => p.id === who.id)!,
  })
  await app.amqp.publish(envelope)
  return { next, envelope }
}

describe('participant.removed / participant.left', () => {
  it('drops the ballot from the board at once, over REST and the WebSocket, and deletes it', async () => {
    const { ann, bob, state: base } = usualPoll()
    const state = { ...base, eventId: oid() }
    await publishState(app, state, 'event.created')
    const option = state.timeOptions[0]!.id
    await vote(state.eventId, bob, { [option]: 'yes' })
    await vote(state.eventId, ann, { [option]: 'yes' })
    expect(yesOn(await board(state.eventId, ann))).toEqual(['Ann', 'Bob'])

    const socket = await TestSocket.open(wsUrl(app))
    try {
      socket.send({ type: 'subscribe', eventId: state.eventId, token: userToken(ann) })
      await socket.next((m: WsServerMessage) => 'board' in m && m.type === 'snapshot')
      await depart(state, bob, 'participant.removed')
      const live = await socket.next<Extract<WsServerMessage, { board: Board }>>(
        (m) => 'board' in m && m.eventId === state.eventId && m.board.participants.length === 2,
      )
      expect(yesOn(live.board)).toEqual(['Ann'])
      expect(live.board.timeOptions[0]!.counts.yes).toBe(1)
    } finally {
      socket.close()
    }
    expect(yesOn(await board(state.eventId, ann))).toEqual(['Ann'])
    expect(await app.ballots.get(state.eventId, bob.id)).toBeNull()
    // The incremental tally itself no longer holds the entry (not only the board filtering it out).
    expect(Object.keys(await app.boardTally.read(state.eventId))).toEqual([ann.id])
  })

  it('is idempotent, and a late departure never deletes the ballot of someone who came back', async () => {
    const { ann, bob, state: base } = usualPoll()
    const state = { ...base, eventId: oid() }
    await publishState(app, state, 'event.created')
    const option = state.timeOptions[1]!.id
    await vote(state.eventId, bob, { [option]: 'yes' })
    const { next, envelope } = await depart(state, bob, 'participant.left')
    await waitForVersion(app, state.eventId, next.version)
    await expect.poll(() => app.ballots.get(state.eventId, bob.id)).toBeNull()

    // Bob comes back and votes again; the old message is delivered once more.
    const back = { ...next, version: next.version + 1, participants: state.participants }
    await publishState(app, back, 'event.updated')
    await vote(state.eventId, bob, { [option]: 'maybe' })
    await app.amqp.publish(envelope)
    await app.amqp.publish(newEnvelope('event.updated', 1, { ...back, version: back.version + 1 }))
    await waitForVersion(app, state.eventId, back.version + 1)
    expect((await app.ballots.get(state.eventId, bob.id))?.choices).toEqual({ [option]: 'maybe' })
    expect((await board(state.eventId, ann)).timeOptions[1]!.voters.maybe.map((v) => v.name)).toEqual(['Bob'])
  })
})

describe('GET /api/votes/internal/:eventId/yes-order', () => {
  it('lists who said yes to both options, by when the later yes was cast; a yes kept keeps its time', async () => {
    const { ann, bob, gus, state: base } = usualPoll()
    const state = { ...base, eventId: oid() }
    await publishState(app, state, 'event.created')
    const [time, other] = state.timeOptions.map((o) => o.id)
    const place = state.placeOptions[0]!.id
    await vote(state.eventId, gus, { [time!]: 'yes', [place]: 'yes' })
    await vote(state.eventId, bob, { [time!]: 'yes', [place]: 'yes' })
    await vote(state.eventId, ann, { [time!]: 'yes', [place]: 'maybe' })
    // Gus changes another answer: his yeses keep their time, so he stays first.
    await vote(state.eventId, gus, { [time!]: 'yes', [place]: 'yes', [other!]: 'no' })
    const url = `/api/votes/internal/${state.eventId}/yes-order?timeOptionId=${time}&placeOptionId=${place}`
    const res = await app.inject({ url, headers: internal })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().participants.map((p: { participantId: string }) => p.participantId)).toEqual([
      gus.id,
      bob.id,
    ])

    expect((await app.inject({ url, headers: bearer(userToken(ann)) })).statusCode).toBe(401)
    const bad = await app.inject({
      url: `/api/votes/internal/${state.eventId}/yes-order?timeOptionId=x`,
      headers: internal,
    })
    expect(bad.statusCode).toBe(400)
  })
})
