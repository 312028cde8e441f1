import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Board } from '@prost/contracts'
import { backoffDelay, connectBoard, type BoardSocketOptions, type LiveStatus } from './board-socket'

class FakeSocket {
  static OPEN = 1
  static all: FakeSocket[] = []
  readyState = 0
  sent: unknown[] = []
  onopen?: () => void
  onmessage?: (m: { data: string }) => void
  onclose?: () => void
  onerror?: () => void
  constructor(public url: string) {
    FakeSocket.all.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.readyState = 3
    this.onclose?.()
  }
  open() {
    this.readyState = 1
    this.onopen?.()
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
}

const eventId = 'e'.repeat(24)
const board = (version: number) => ({ eventId, eventVersion: version }) as Board

/** Connects to the board of `eventId` through FakeSocket, anonymously and ignoring boards unless told. */
const connect = (options: Partial<BoardSocketOptions> = {}) =>
  connectBoard({
    eventId,
    url: 'ws://test/ws',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    getToken: async () => null,
    onBoard: () => undefined,
    ...options,
  })

describe('connectBoard', () => {
  afterEach(() => {
    FakeSocket.all = []
    vi.useRealTimers()
  })

  it('passes comment notices for its event on, and only those', async () => {
    const notices: string[] = []
    const stop = connect({ onNotice: (type) => notices.push(type) })
    const socket = FakeSocket.all[0]!
    socket.open()
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1))
    socket.receive({ type: 'comments.changed', eventId: 'f'.repeat(24) })
    socket.receive({ type: 'comments.changed', eventId })
    expect(notices).toEqual(['comments.changed'])
    stop()
  })

  it('subscribes with the token, passes boards on, and resubscribes after a drop', async () => {
    vi.useFakeTimers()
    const boards: number[] = []
    const statuses: LiveStatus[] = []
    const stop = connect({
      getToken: async () => 'tok',
      onBoard: (b) => boards.push(b.eventVersion),
      onStatus: (s) => statuses.push(s),
    })
    const first = FakeSocket.all[0]!
    first.open()
    await vi.waitFor(() => expect(first.sent).toEqual([{ type: 'subscribe', eventId, token: 'tok' }]))
    first.receive({ type: 'snapshot', eventId, board: board(1) })
    first.receive({ type: 'ballot.changed', eventId, board: board(2) })
    first.receive({ type: 'snapshot', eventId: 'f'.repeat(24), board: board(9) })
    expect(boards).toEqual([1, 2])

    first.close()
    expect(statuses.at(-1)).toBe('reconnecting')
    await vi.advanceTimersByTimeAsync(1000)
    const second = FakeSocket.all[1]!
    second.open()
    await vi.waitFor(() => expect(second.sent).toEqual([{ type: 'subscribe', eventId, token: 'tok' }]))
    second.receive({ type: 'snapshot', eventId, board: board(3) })
    expect(boards).toEqual([1, 2, 3])
    expect(statuses.at(-1)).toBe('live')

    stop()
    expect(second.sent.at(-1)).toEqual({ type: 'unsubscribe', eventId })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(FakeSocket.all).toHaveLength(2)
  })

  describe('with patches', () => {
    const voter = { id: 'v1', name: 'Vera' }
    const whole = (version: number, yes: (typeof voter)[] = []) =>
      ({
        eventId,
        eventVersion: version,
        timeOptions: [{ id: 't', counts: { yes: yes.length }, voters: { yes, maybe: [], no: [] } }],
      }) as unknown as Board
    const vote = [
      { op: 'replace', path: '/eventVersion', value: 2 },
      { op: 'replace', path: '/timeOptions/0/counts/yes', value: 1 },
      { op: 'add', path: '/timeOptions/0/voters/yes/-', value: voter },
    ]

    it('asks for them, applies them to the board it holds and names the change that made it', async () => {
      const got: [Board, string][] = []
      const stop = connect({ patches: true, onBoard: (b, reason) => got.push([b, reason]) })
      const socket = FakeSocket.all[0]!
      socket.open()
      await vi.waitFor(() => expect(socket.sent).toEqual([{ type: 'subscribe', eventId, patches: true }]))
      socket.receive({ type: 'snapshot', eventId, board: whole(1), revision: 4 })
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'ballot.changed',
        base: 4,
        revision: 9,
        patch: vote,
      })
      expect(got.map(([b, reason]) => [b, reason])).toEqual([
        [whole(1), 'snapshot'],
        [whole(2, [voter]), 'ballot.changed'],
      ])
      // A new object each time: the previous board may sit in a query cache.
      expect(got[0]![0]).toEqual(whole(1))
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'event.finalized',
        base: 9,
        revision: 10,
        patch: [{ op: 'replace', path: '/eventVersion', value: 3 }],
      })
      expect(got.at(-1)).toEqual([whole(3, [voter]), 'event.finalized'])
      expect(socket.sent).toHaveLength(1)
      stop()
    })

    it('subscribes again for a fresh snapshot when a patch is not for its revision or does not apply', async () => {
      const got: number[] = []
      const stop = connect({ patches: true, onBoard: (b) => got.push(b.eventVersion) })
      const socket = FakeSocket.all[0]!
      socket.open()
      await vi.waitFor(() => expect(socket.sent).toHaveLength(1))
      socket.receive({ type: 'snapshot', eventId, board: whole(1), revision: 4 })
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'ballot.changed',
        base: 3,
        revision: 9,
        patch: vote,
      })
      await vi.waitFor(() => expect(socket.sent).toHaveLength(2))
      expect(socket.sent[1]).toEqual({ type: 'subscribe', eventId, patches: true })
      // Until the snapshot comes, patches are of the board it gave up: dropped, no second resubscribe.
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'ballot.changed',
        base: 9,
        revision: 10,
        patch: vote,
      })
      socket.receive({ type: 'snapshot', eventId, board: whole(1), revision: 11 })
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'ballot.changed',
        base: 11,
        revision: 12,
        patch: [{ op: 'remove', path: '/timeOptions/0/voters/yes/5' }],
      })
      await vi.waitFor(() => expect(socket.sent).toHaveLength(3))
      socket.receive({ type: 'ballot.changed', eventId, board: whole(1), revision: 13 })
      socket.receive({
        type: 'board.patch',
        eventId,
        change: 'ballot.changed',
        base: 13,
        revision: 14,
        patch: vote,
      })
      expect(got).toEqual([1, 1, 1, 2])
      stop()
    })
  })

  it('says offline while the browser is, stops retrying, and reconnects at once when back online', async () => {
    vi.useFakeTimers()
    let online = true
    let notify: (online: boolean) => void = () => undefined
    const statuses: LiveStatus[] = []
    const stop = connect({
      onStatus: (s) => statuses.push(s),
      network: {
        isOnline: () => online,
        subscribe: (onChange) => {
          notify = onChange
          return () => (notify = () => undefined)
        },
      },
    })
    const first = FakeSocket.all[0]!
    first.open()
    first.receive({ type: 'snapshot', eventId, board: board(1) })
    expect(statuses.at(-1)).toBe('live')

    online = false
    notify(false)
    expect(statuses.at(-1)).toBe('offline')
    expect(first.readyState).toBe(3)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.all).toHaveLength(1)
    expect(statuses.at(-1)).toBe('offline')

    online = true
    notify(true)
    expect(FakeSocket.all).toHaveLength(2)
    expect(statuses.at(-1)).toBe('reconnecting')
    const second = FakeSocket.all[1]!
    second.open()
    second.receive({ type: 'snapshot', eventId, board: board(2) })
    expect(statuses.at(-1)).toBe('live')
    stop()
  })

  it('does not even try while offline at the start', () => {
    const statuses: LiveStatus[] = []
    const stop = connect({
      onStatus: (s) => statuses.push(s),
      network: { isOnline: () => false, subscribe: () => () => undefined },
    })
    expect(statuses).toEqual(['offline'])
    expect(FakeSocket.all).toHaveLength(0)
    stop()
  })

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(250)
    expect(backoffDelay(3, () => 1)).toBe(4000)
    expect(backoffDelay(20, () => 1)).toBe(15_000)
  })
})
