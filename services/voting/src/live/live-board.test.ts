import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { applyPatch } from 'rfc6902'
import { boardAs, type Board, type EventState, type WsServerMessage } from '@prost/contracts'
import { LiveBoard } from './live-board.js'
import type { BoardFeed, BuiltBoard } from './board-feed.js'
import { buildBoard } from '../board/board.js'
import type { EventReadModel } from '../read-model/event-read-model.js'

/** A stand-in for a ws socket: records what is sent and lets a test set bufferedAmount. */
class FakeSocket extends EventEmitter {
  readyState = 1
  bufferedAmount = 0
  sent: string[] = []
  closedWith: number | null = null
  terminated = false
  pings = 0
  /** As `ws` takes it: text frames as the bytes of their UTF-8 text (binary: false). */
  send(data: Buffer, options: { binary: boolean }) {
    expect(options.binary).toBe(false)
    this.sent.push(data.toString('utf8'))
  }
  close(code: number) {
    this.closedWith = code
    this.readyState = 2
  }
  terminate() {
    this.terminated = true
    this.readyState = 3
  }
  ping() {
    this.pings++
  }
}

const log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
} as unknown as FastifyBaseLogger
const board = { eventId: 'e00000000000000000000001' } as never

function hub(limits: Partial<ConstructorParameters<typeof LiveBoard>[0]['limits']> = {}) {
  const state = { eventId: 'e00000000000000000000001', visibility: 'public', participants: [] }
  let ticket = 0
  return new LiveBoard({
    readModel: { waitFor: async () => state } as unknown as EventReadModel,
    feed: {
      snapshot: async () => ({ board, ticket: ++ticket }),
      forget: () => undefined,
    } as unknown as BoardFeed,
    log,
    verifyToken: () => {
      throw new Error('no tokens here')
    },
    watch: async () => undefined,
    unwatch: () => undefined,
    limits: {
      maxSubscriptions: 20,
      maxMessagesPerSecond: 10,
      maxStrikes: 10,
      pingIntervalMs: 1000,
      maxBufferedBytes: 2048,
      ...limits,
    },
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('LiveBoard', () => {
  it('closes a socket that cannot keep up (1013) instead of buffering for it, and keeps serving others', async () => {
    const live = hub()
    const slow = new FakeSocket()
    const fast = new FakeSocket()
    for (const s of [slow, fast]) {
      live.accept(s as unknown as WebSocket, null)
      s.emit(
        'message',
        Buffer.from(JSON.stringify({ type: 'subscribe', eventId: 'e00000000000000000000001' })),
        false,
      )
    }
    await vi.waitFor(() => expect(fast.sent.some((t) => t.includes('snapshot'))).toBe(true))
    await vi.waitFor(() => expect(slow.sent.some((t) => t.includes('snapshot'))).toBe(true))
    slow.bufferedAmount = 4096
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 100 })
    expect(slow.closedWith).toBe(1013)
    // Nothing more was written to the slow socket, not even the board that found it too slow.
    expect(slow.sent.filter((t) => t.includes('ballot.changed'))).toEqual([])
    expect(fast.sent.at(-1)).toContain('ballot.changed')
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 101 })
    expect(fast.sent.filter((t) => t.includes('ballot.changed'))).toHaveLength(2)
    expect(slow.sent.filter((t) => t.includes('ballot.changed'))).toEqual([])
    // an older board (lower ticket) is never sent after a newer one
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 50 })
    expect(fast.sent.filter((t) => t.includes('ballot.changed'))).toHaveLength(2)
    live.close()
  })

  it('sends an event nothing more after unsubscribe, while its other watchers keep getting boards', async () => {
    const live = hub()
    const leaver = new FakeSocket()
    const stayer = new FakeSocket()
    const eventId = 'e00000000000000000000001'
    for (const s of [leaver, stayer]) {
      live.accept(s as unknown as WebSocket, null)
      s.emit('message', Buffer.from(JSON.stringify({ type: 'subscribe', eventId })), false)
    }
    await vi.waitFor(() =>
      expect([leaver, stayer].every((s) => s.sent.some((t) => t.includes('snapshot')))).toBe(true),
    )
    leaver.emit('message', Buffer.from(JSON.stringify({ type: 'unsubscribe', eventId })), false)
    await vi.waitFor(() => expect(leaver.sent.at(-1)).toContain('unsubscribed'))
    const sentBefore = leaver.sent.length
    live.deliver(eventId, { type: 'ballot.changed', board, ticket: 100 })
    live.notify(eventId, 'comments.changed')
    expect(stayer.sent.slice(-2).map((t) => JSON.parse(t).type)).toEqual([
      'ballot.changed',
      'comments.changed',
    ])
    expect(leaver.sent).toHaveLength(sentBefore)
    expect(live.isWatched(eventId)).toBe(true)
    live.close()
  })

  it('pings every interval and drops a socket that missed the previous pong', () => {
    vi.useFakeTimers()
    const live = hub()
    const alive = new FakeSocket()
    const dead = new FakeSocket()
    live.accept(alive as unknown as WebSocket, null)
    live.accept(dead as unknown as WebSocket, null)
    vi.advanceTimersByTime(1000)
    expect([alive.pings, dead.pings]).toEqual([1, 1])
    alive.emit('pong')
    vi.advanceTimersByTime(1000)
    expect(alive.terminated).toBe(false)
    expect(dead.terminated).toBe(true)
    expect(live.connectionCount).toBe(1)
    live.close()
  })
})

describe('LiveBoard patch frames (subscribe with patches: true)', () => {
  const hex = (n: number) => n.toString(16).padStart(24, '0')
  const eventId = hex(90_000)
  const [timeId, placeId] = [hex(80_000), hex(70_000)]
  const people = Array.from({ length: 6 }, (_, i) => ({ id: hex(i + 1), name: `Person ${i}` }))
  const organizer = people[0]!

  function eventState(privacy: { hideResults?: boolean; hideNames?: boolean } = {}): EventState {
    return {
      eventId,
      version: 1,
      title: 'Beer',
      timeZone: 'UTC',
      visibility: 'public',
      status: 'polling',
      organizer,
      votingDeadline: null,
      timeOptions: [{ id: timeId, startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' }],
      placeOptions: [{ id: placeId, name: 'Bar' }],
      participants: people.map((p) => ({
        ...p,
        kind: 'user' as const,
        joinedAt: '2031-01-01T00:00:00.000Z',
      })),
      invitedUserIds: [],
      final: null,
      ...privacy,
    }
  }
  /** The board once people[1..n] have answered (yes, maybe, no in turn), plus anyone in `also`. */
  const boardAfter = (state: EventState, n: number, also: number[] = []) =>
    buildBoard(
      state,
      [...people.slice(1, n + 1).map((_, i) => i + 1), ...also].map((p) => ({
        participantId: people[p]!.id,
        choices: { [timeId]: (['yes', 'maybe', 'no'] as const)[p % 3]!, [placeId]: 'yes' as const },
      })),
    )

  /** A hub whose snapshots are `current`; a token is the reader's participant id. */
  function patchHub(first: BuiltBoard) {
    let current = first
    const live = new LiveBoard({
      readModel: { waitFor: async () => eventState() } as unknown as EventReadModel,
      feed: { snapshot: async () => current, forget: () => undefined } as unknown as BoardFeed,
      log,
      verifyToken: (token) => ({ sub: token, kind: 'user', role: 'user', name: token }),
      watch: async () => undefined,
      unwatch: () => undefined,
      limits: {
        maxSubscriptions: 20,
        maxMessagesPerSecond: 10,
        maxStrikes: 10,
        pingIntervalMs: 60_000,
        maxBufferedBytes: 1 << 20,
      },
    })
    const change = (board: Board, ticket: number) => {
      current = { board, ticket }
      live.deliver(eventId, { type: 'ballot.changed', board, ticket })
    }
    return { live, change, snapshotFrom: (built: BuiltBoard) => (current = built) }
  }

  async function subscribe(live: LiveBoard, options: { patches?: boolean; token?: string } = {}) {
    const socket = new FakeSocket()
    live.accept(socket as unknown as WebSocket, null)
    socket.emit('message', Buffer.from(JSON.stringify({ type: 'subscribe', eventId, ...options })), false)
    await vi.waitFor(() => expect(socket.sent.some((t) => t.includes('"snapshot"'))).toBe(true))
    return socket
  }

  const messages = (socket: FakeSocket) => socket.sent.map((t) => JSON.parse(t) as WsServerMessage)

  /** What a patching client holds after each frame: whole boards replace, patches apply to the last. */
  function replay(socket: FakeSocket) {
    let held: { board: Board; revision: number } | null = null
    return messages(socket).map((m) => {
      if (m.type === 'board.patch') {
        expect(m.base).toBe(held!.revision)
        const board = JSON.parse(JSON.stringify(held!.board)) as Board
        expect(applyPatch(board, m.patch as never).every((r) => r === null)).toBe(true)
        held = { board, revision: m.revision }
      } else if ('board' in m) {
        expect(m.revision).toBeTypeOf('number')
        held = { board: m.board, revision: m.revision! }
      }
      return { type: m.type, ...held! }
    })
  }

  it('sends a snapshot with its revision, then patches that rebuild the board the other sockets get whole', async () => {
    const state = eventState()
    const { live, change } = patchHub({ board: boardAfter(state, 0), ticket: 1 })
    const whole = await subscribe(live)
    const patched = await subscribe(live, { patches: true })
    for (let n = 1; n <= 4; n++) change(boardAfter(state, n), n + 1)

    expect(messages(patched).map((m) => m.type)).toEqual(['snapshot', ...Array(4).fill('board.patch')])
    const patches = messages(patched).filter((m) => m.type === 'board.patch')
    expect(patches.map((m) => [m.change, m.base, m.revision])).toEqual([
      ['ballot.changed', 1, 2],
      ['ballot.changed', 2, 3],
      ['ballot.changed', 3, 4],
      ['ballot.changed', 4, 5],
    ])
    // A ballot is a few operations, not a board.
    expect(patched.sent.at(-1)!.length).toBeLessThan(whole.sent.at(-1)!.length / 2)
    const boards = replay(patched).map((r) => r.board)
    expect(boards).toEqual(messages(whole).map((m) => ('board' in m ? m.board : null)))
    // Sockets that did not ask keep getting exactly what they got before: whole boards, no revision.
    expect(messages(whole).map((m) => Object.keys(m).sort())).toEqual(
      Array(5).fill(['board', 'eventId', 'type']),
    )
    expect(messages(whole).map((m) => m.type)).toEqual(['snapshot', ...Array(4).fill('ballot.changed')])
    live.close()
  })

  it('sends the whole board (with revision) to a socket that does not hold the patch’s base', async () => {
    const state = eventState()
    const { live, change, snapshotFrom } = patchHub({ board: boardAfter(state, 0), ticket: 1 })
    const early = await subscribe(live, { patches: true })
    const older = { board: boardAfter(state, 0), ticket: 1 }
    change(boardAfter(state, 1), 2)
    // A late subscriber whose snapshot is older than the last board its view was sent.
    snapshotFrom(older)
    const late = await subscribe(live, { patches: true })
    change(boardAfter(state, 2), 3)
    change(boardAfter(state, 3), 4)

    expect(messages(early).map((m) => m.type)).toEqual([
      'snapshot',
      'board.patch',
      'board.patch',
      'board.patch',
    ])
    expect(messages(late).map((m) => m.type)).toEqual(['snapshot', 'ballot.changed', 'board.patch'])
    const resync = messages(late)[1]!
    expect(resync).toMatchObject({ type: 'ballot.changed', revision: 3, board: boardAfter(state, 2) })
    expect(replay(late).at(-1)).toMatchObject({ revision: 4, board: boardAfter(state, 3) })
    expect(replay(early).at(-1)).toMatchObject({ revision: 4, board: boardAfter(state, 3) })
    live.close()
  })

  it('moves a reader to the fuller view through a whole board once their own ballot lands', async () => {
    const state = eventState({ hideResults: true })
    const reader = people[5]!
    const { live, change } = patchHub({ board: boardAfter(state, 1), ticket: 1 })
    const socket = await subscribe(live, { patches: true, token: reader.id })
    change(boardAfter(state, 2), 2) // someone else votes: still results-hidden
    change(boardAfter(state, 2, [5]), 3) // the reader's own ballot
    change(boardAfter(state, 3, [5]), 4)

    const sent = messages(socket)
    expect(sent.map((m) => m.type)).toEqual(['snapshot', 'board.patch', 'ballot.changed', 'board.patch'])
    const held = replay(socket)
    expect(held.map((h) => h.board.view)).toEqual(['results-hidden', 'results-hidden', 'full', 'full'])
    expect(held[1]!.board).toEqual(boardAs(boardAfter(state, 2), 'results-hidden'))
    expect(held[3]!.board).toEqual(boardAfter(state, 3, [5]))
    live.close()
  })

  it.each([
    // names-hidden: counts stay, who answered what goes; results-hidden: no answers at all.
    ['names-hidden', { hideNames: true }, /\/voters\//, /"(yes|maybe|no)":\[\{/],
    ['results-hidden', { hideResults: true }, /\/(voters|counts|best)/, /"(yes|maybe|no)":/],
  ] as const)('never patches in what the %s view hides', async (view, privacy, hidden, hiddenText) => {
    const state = eventState(privacy)
    const { live, change } = patchHub({ board: boardAfter(state, 0), ticket: 1 })
    const socket = await subscribe(live, { patches: true })
    for (let n = 1; n <= 4; n++) change(boardAfter(state, n), n + 1)

    const patches = messages(socket).filter((m) => m.type === 'board.patch')
    expect(patches).toHaveLength(4)
    for (const m of patches) {
      // The board changed (notVoted shrinks), but nothing the view hides is in the operations.
      expect(m.patch.length).toBeGreaterThan(0)
      for (const op of m.patch) expect(op.path).not.toMatch(hidden)
      expect(JSON.stringify(m.patch)).not.toMatch(hiddenText)
    }
    const held = replay(socket)
    held.forEach((h, n) => expect(h.board).toEqual(boardAs(boardAfter(state, n), view)))
    live.close()
  })
})
