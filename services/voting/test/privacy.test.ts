/**
 * Privacy per event (issue 16): the board over REST and WebSocket for the organizer, a participant
 * who voted, one who has not, and a guest, under hideResults and hideNames; and a socket that
 * switches to the fuller view as soon as its reader votes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Board, BoardView, EventState, WsServerMessage } from '@prost/contracts'
import { bearer } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import {
  guestToken,
  oid,
  publishState,
  TestSocket,
  userToken,
  usualPoll,
  wsUrl,
  type Person,
} from './fixtures.js'

let app: TestApp
const { ann, bob, gus, state } = usualPoll()
type BoardMessage = Extract<WsServerMessage, { board: Board }>

/** A public poll (so a guest may read it) with these settings, where Ann and Bob have voted yes to the first time. */
async function poll(settings: Pick<EventState, 'hideResults' | 'hideNames'>) {
  const s: EventState = { ...state, eventId: oid(), visibility: 'public', ...settings }
  await publishState(app, s, 'event.created')
  for (const who of [ann, bob]) await vote(s, who, userToken(who))
  return s
}

async function vote(s: EventState, who: Person, token: string) {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/votes/${s.eventId}`,
    headers: bearer(token),
    payload: { choices: { [s.timeOptions[0]!.id]: 'yes' } },
  })
  expect(res.statusCode, `${who.name}'s ballot`).toBe(200)
}

const tokens = (s: EventState) => ({
  organizer: userToken(ann),
  'voted participant': userToken(bob),
  'participant who has not voted': guestToken(gus, s.eventId),
  guest: null,
})

async function boardOver(s: EventState, token: string | null): Promise<Board> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/votes/${s.eventId}`,
    headers: token ? bearer(token) : {},
  })
  expect(res.statusCode).toBe(200)
  return res.json()
}

/** What a reader learns: the view, the yes count and the yes names of the first time, the best time. */
const seen = (b: Board) => ({
  view: b.view,
  yes: b.timeOptions[0]!.counts.yes,
  names: b.timeOptions[0]!.voters.yes.map((v) => v.name),
  best: b.bestTimeOptionId !== null && b.bestCombination !== null,
})
const full = { view: 'full', yes: 2, names: ['Ann', 'Bob'], best: true }
const countsOnly = { view: 'names-hidden', yes: 2, names: [], best: true }
const nothing = { view: 'results-hidden', yes: 0, names: [], best: false }

beforeAll(async () => {
  app = await build({}, { listen: true })
})

describe('GET /api/votes/:eventId under the privacy settings', () => {
  it.each([
    ['nothing hidden', {}, [full, full, full, full]],
    ['hideNames', { hideNames: true }, [full, countsOnly, countsOnly, countsOnly]],
    ['hideResults', { hideResults: true }, [full, full, nothing, nothing]],
    ['both', { hideResults: true, hideNames: true }, [full, countsOnly, nothing, nothing]],
  ])('%s: organizer, voted participant, not-voted participant, guest', async (_, settings, expected) => {
    const s = await poll(settings)
    const got = []
    for (const token of Object.values(tokens(s))) got.push(seen(await boardOver(s, token)))
    expect(got).toEqual(expected)
  })

  it('shows the results to everyone once the event is decided, but names still only to the organizer', async () => {
    const s = await poll({ hideResults: true, hideNames: true })
    await publishState(app, { ...s, version: 2, status: 'finalized' }, 'event.finalized')
    expect(seen(await boardOver(s, null))).toEqual(countsOnly)
    expect(seen(await boardOver(s, userToken(ann)))).toEqual(full)
  })
})

describe('GET /ws under the privacy settings', () => {
  it('gives each socket its reader’s view, and the fuller view right after the reader votes', async () => {
    const s = await poll({ hideResults: true })
    const sockets = await Promise.all(
      Object.values(tokens(s)).map(async (token) => {
        const socket = await TestSocket.open(wsUrl(app))
        socket.send({ type: 'subscribe', eventId: s.eventId, ...(token ? { token } : {}) })
        return socket
      }),
    )
    const [organizer, voted, notVoted, guest] = sockets
    const snapshots = await Promise.all(
      sockets.map((socket) => socket.next<BoardMessage>((m) => m.type === 'snapshot')),
    )
    expect(snapshots.map((m) => seen(m.board))).toEqual([full, full, nothing, nothing])

    // Gus votes: his socket now gets the results, the guest still does not.
    await vote(s, gus, guestToken(gus, s.eventId))
    const withGus = (view: BoardView) => (m: WsServerMessage) =>
      m.type === 'ballot.changed' &&
      (m as BoardMessage).board.view === view &&
      !(m as BoardMessage).board.notVoted.some((p) => p.id === gus.id)
    const gusBoard = await notVoted!.next<BoardMessage>(withGus('full'))
    expect(seen(gusBoard.board)).toEqual({ ...full, yes: 3, names: ['Ann', 'Bob', 'Gus'] })
    expect(seen((await guest!.next<BoardMessage>(withGus('results-hidden'))).board)).toEqual(nothing)
    expect(seen((await organizer!.next<BoardMessage>(withGus('full'))).board).yes).toBe(3)
    expect(seen((await voted!.next<BoardMessage>(withGus('full'))).board).yes).toBe(3)
    // Nothing the guest got ever carried a count, a voter's name or a best choice.
    const guestBoards = guest!.messages.filter((m): m is BoardMessage => 'board' in m)
    expect(guestBoards.length).toBeGreaterThanOrEqual(2)
    for (const m of guestBoards) expect(seen(m.board)).toEqual(nothing)
    for (const socket of sockets) socket.close()
  })
})
