import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Board } from '@prost/contracts'
import { backoffDelay, connectBoard, type LiveStatus } from './board-socket'

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

describe('connectBoard', () => {
  afterEach(() => {
    FakeSocket.all = []
    vi.useRealTimers()
  })

  it('subscribes with the token, passes boards on, and resubscribes after a drop', async () => {
    vi.useFakeTimers()
    const boards: number[] = []
    const statuses: LiveStatus[] = []
    const stop = connectBoard({
      eventId,
      url: 'ws://test/ws',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
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

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(250)
    expect(backoffDelay(3, () => 1)).toBe(4000)
    expect(backoffDelay(20, () => 1)).toBe(15_000)
  })
})
